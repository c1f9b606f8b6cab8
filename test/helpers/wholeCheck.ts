/**
 * The whole-document check (one parse of the whole draft, one check of the whole model):
 * the reference the chunked draft analysis (what `checkText` and the server use) must equal.
 */
import { CorpusIndex } from '../../server/src/core/index/index';
import { checkDraft } from '../../server/src/core/judgments/check';
import { parseDraft } from '../../server/src/core/parse/draft';
import { Settings } from '../../server/src/core/settings';
import { DraftCheck } from '../../server/src/core/judgments/draftCheck';

export function wholeCheck(text: string, index: CorpusIndex, settings: Settings): DraftCheck {
  const model = parseDraft(text);
  return { model, ...checkDraft(model, index, settings) };
}
