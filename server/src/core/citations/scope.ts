/**
 * Which citations cover a claim, and the citation being typed at a cursor.
 */
import { isCitableOffset, parseDraft } from '../parse/draft';
import { Citation, DraftModel } from '../types';
import { CROSSREF_PREFIX, INTERNAL_PUNCT, isKeyCode } from './parse';

/** Index of the sentence containing `offset` (its end counts as inside), or -1. */
export function sentenceAt(model: DraftModel, offset: number): number {
  const ss = model.sentences;
  let lo = 0;
  let hi = ss.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ss[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0 && offset <= ss[found].end) return found;
  return -1;
}

function blockAt(model: DraftModel, offset: number): number {
  const bs = model.blocks;
  let lo = 0;
  let hi = bs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bs[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0 && offset <= bs[found].end) return found;
  return -1;
}

/** Citations lying (at least partly) inside [s, e). */
function citationsIn(model: DraftModel, s: number, e: number): Citation[] {
  const out: Citation[] = [];
  for (const c of model.citations) {
    if (c.start >= e) break;
    if (c.end > s) out.push(c);
  }
  return out;
}

/**
 * The citations that cover a claim at [start, end): those in the same sentence(s)
 * (scope 'sentence') or the same block(s) (scope 'paragraph').
 */
export function citationsForRange(model: DraftModel, start: number, end: number, scope: 'sentence' | 'paragraph'): Citation[] {
  if (end < start) [start, end] = [end, start];
  const last = end > start ? end - 1 : end;
  if (scope === 'sentence') {
    const a = sentenceAt(model, start);
    const b = sentenceAt(model, last);
    if (a >= 0 || b >= 0) {
      const s = model.sentences[a >= 0 ? a : b].start;
      const e = model.sentences[b >= 0 ? b : a].end;
      return citationsIn(model, s, e);
    }
  }
  if (scope === 'sentence') return [];
  const a = blockAt(model, start);
  const b = blockAt(model, last);
  if (a < 0 && b < 0) return [];
  const s = model.blocks[a >= 0 ? a : b].start;
  const e = model.blocks[b >= 0 ? b : a].end;
  return citationsIn(model, s, e);
}

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

  const m = model && model.text === text ? model : parseDraft(text);
  if (!isCitableOffset(m, at)) return undefined;

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
    if (!isCitableOffset(m, i)) break; // code span, link destination, ... between
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
  const si = sentenceAt(m, at) >= 0 ? sentenceAt(m, at) : sentenceAt(m, offset);
  if (si >= 0) {
    sentenceStart = m.sentences[si].start;
    sentenceEnd = m.sentences[si].end;
  } else {
    const bi = blockAt(m, at);
    if (bi >= 0) {
      sentenceStart = m.blocks[bi].start;
      sentenceEnd = m.blocks[bi].end;
    } else {
      sentenceStart = lineStart;
      const nl = text.indexOf('\n', at);
      sentenceEnd = nl === -1 ? text.length : nl;
    }
  }
  return { kind, replaceStart: k, replaceEnd: end, query: partial, sentenceStart, sentenceEnd };
}
