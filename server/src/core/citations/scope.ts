/**
 * Which citations cover a claim, and the citation being typed at a cursor.
 */
import { chunkModelAt } from '../parse/draft';
import { blockAt, isCitableOffset, sentenceAt } from '../parse/model';
import { DraftModel } from '../types';
import { CROSSREF_PREFIX, INTERNAL_PUNCT, isKeyCode } from '../parse/citations';

export { citationsForRange, sentenceAt } from '../parse/model';

export interface CitationContext {
  kind: 'bracket' | 'inText';
  /** Offsets of the (partial) key after '@', extended over key characters right of the cursor. */
  replaceStart: number;
  replaceEnd: number;
  /** The key text typed so far: text.slice(replaceStart, offset). */
  query: string;
  sentenceStart: number;
  sentenceEnd: number;
}

function isPartialKeyCode(c: number): boolean {
  return isKeyCode(c) || INTERNAL_PUNCT.includes(String.fromCharCode(c));
}

/**
 * Completion context at `offset` while typing a citation: after `[@`, `[@par`, `[see @par`,
 * `; @par` in an open bracket group (closed or not), or after an author-in-text `@par` at a
 * word start. Undefined in e-mail addresses, code, URLs, link destinations, HTML, front matter.
 */
export function citationContextAt(text: string, offset: number, model?: DraftModel): CitationContext | undefined {
  if (offset <= 0 || offset > text.length) return undefined;
  // walk back over the partial key to the '@'
  let k = offset;
  while (k > 0 && offset - k < 300 && isPartialKeyCode(text.charCodeAt(k - 1))) k--;
  if (k === 0 || text.charCodeAt(k - 1) !== 64 /* @ */) return undefined;
  const at = k - 1;
  const partial = text.slice(k, offset);
  if (partial && !isKeyCode(partial.charCodeAt(0))) return undefined;
  if (CROSSREF_PREFIX.test(partial)) return undefined;
  // '@' after a letter or digit is an e-mail address or a handle, never a citation
  let p = at;
  if (p > 0 && text.charCodeAt(p - 1) === 45 /* - */) p--;
  if (p > 0) {
    const c = text.charCodeAt(p - 1);
    if (isKeyCode(c) && c !== 95) return undefined;
    if (c === 92 /* \ */) return undefined;
  }

  // The analysis of this text, else the one chunk around the cursor (never the whole draft).
  const { base, model: m } = model && model.text === text ? { base: 0, model } : chunkModelAt(text, at);
  const citable = (o: number): boolean => isCitableOffset(m, o - base);
  if (!citable(at)) return undefined;

  let end = offset;
  while (end < text.length && isKeyCode(text.charCodeAt(end))) end++;
  while (end < text.length && isPartialKeyCode(text.charCodeAt(end)) && end + 1 < text.length && isKeyCode(text.charCodeAt(end + 1))) {
    end++;
    while (end < text.length && isKeyCode(text.charCodeAt(end))) end++;
  }

  // the line (or block) the cursor is on, for the backwards bracket search
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let kind: 'bracket' | 'inText' = 'inText';
  let depth = 0;
  for (let i = p - 1; i >= lineStart; i--) {
    const c = text.charCodeAt(i);
    if (!citable(i)) break; // code span, link destination, ... between
    if (c === 93 /* ] */) depth++;
    else if (c === 91 /* [ */) {
      if (depth === 0) {
        if (text.charCodeAt(i + 1) !== 94 /* ^ */ && !(i > 0 && text.charCodeAt(i - 1) === 92)) kind = 'bracket';
        break;
      }
      depth--;
    } else if (c === 41 /* ) */ && depth === 0) break;
  }
  if (kind === 'inText') {
    // a URL or link target still being typed (not yet recognised by the parser)
    let w = p;
    while (w > lineStart && !/\s/.test(text[w - 1])) w--;
    const word = text.slice(w, at);
    if (/:\/\/|\]\(|^www\.|^</i.test(word)) return undefined;
  }

  let sentenceStart: number;
  let sentenceEnd: number;
  const si = sentenceAt(m, at - base) >= 0 ? sentenceAt(m, at - base) : sentenceAt(m, offset - base);
  if (si >= 0) {
    sentenceStart = m.sentences[si].start + base;
    sentenceEnd = m.sentences[si].end + base;
  } else {
    const bi = blockAt(m, at - base);
    if (bi >= 0) {
      sentenceStart = m.blocks[bi].start + base;
      sentenceEnd = m.blocks[bi].end + base;
    } else {
      sentenceStart = lineStart;
      const nl = text.indexOf('\n', at);
      sentenceEnd = nl === -1 ? text.length : nl;
    }
  }
  return { kind, replaceStart: k, replaceEnd: end, query: partial, sentenceStart, sentenceEnd };
}
