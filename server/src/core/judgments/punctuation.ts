/**
 * Sentence punctuation typed inside a citation's brackets: `[@key, para. 2.]`
 * or `[@key,]`. Pandoc reads it as the locator's suffix, so the rendered
 * citation carries a stray full stop and the sentence loses its own. Flags
 * only a tail of bare punctuation after the last item's key or locator, so a
 * real suffix (`[@key, p. 3, emphasis added]`) is never reported.
 */
import { DraftModel, Judgment } from '../types';

const NAMES: Record<string, string> = { '.': 'Full stop', ',': 'Comma', ':': 'Colon', '!': 'Exclamation mark', '?': 'Question mark' };

export function punctuationInCitations(model: DraftModel): Omit<Judgment, 'severity'>[] {
  const out: Omit<Judgment, 'severity'>[] = [];
  const text = model.text;
  for (const c of model.citations) {
    if (!c.bracketed || text[c.end - 1] !== ']') continue;
    const item = c.items[c.items.length - 1];
    if (!item) continue;
    const tailStart = Math.max(item.keyEnd, item.locator?.end ?? 0);
    const tail = text.slice(tailStart, c.end - 1);
    const m = /^(\s*)([.,:!?]+)\s*$/.exec(tail);
    if (!m) continue;
    const start = tailStart + m[1].length;
    const punct = m[2];
    const name = NAMES[punct] ?? 'Punctuation';
    out.push({
      code: 'punctuation-in-citation',
      start,
      end: start + punct.length,
      key: item.key,
      message: `${name} inside the citation: "${punct}" after ${item.locator ? `${item.locator.term} ${item.locator.value}` : '@' + item.key} becomes part of the citation. Put it after the "]".`,
    });
  }
  return out;
}
