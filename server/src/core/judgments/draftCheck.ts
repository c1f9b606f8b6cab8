/**
 * A checked draft: its model and the judgments on it. What every feature reads.
 */
import { CorpusIndex } from '../index/index';
import { Settings } from '../settings';
import { DraftModel } from '../types';
import { parseDraft } from '../parse/draft';
import { checkDraft, CheckResult } from './check';

export interface DraftCheck extends CheckResult {
  model: DraftModel;
}

export function checkText(text: string, index: CorpusIndex, settings: Settings): DraftCheck {
  const model = parseDraft(text);
  return { model, ...checkDraft(model, index, settings) };
}
