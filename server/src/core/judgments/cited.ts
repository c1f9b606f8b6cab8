/**
 * What a claim's citations resolve to: the known sources, the passages that
 * count as "the source" for a locator, and the claim's status for the
 * citation report (cited only when a resolving citation's source backs it).
 */
import { isPaged, locatorPages, pageLocatorProblem, passagesOnPages } from '../citations/pages';
import { CorpusIndex } from '../index/index';
import { Citation, ClaimStatus, DraftModel, Passage, Source } from '../types';
import { ownCopy } from '../text/copy';
import { IndexMemo } from './indexMemo';

export interface KnownItem {
  src: Source;
  /** Passages that count as "the source": the locator's paragraphs and their neighbours, or all. */
  passages: Passage[];
  /** Human form of the scope ("para. 3"), when narrowed by a locator. */
  scoped?: string;
  /** The item has a paragraph locator out of range (or unreadable): it does not resolve. */
  badLocator: boolean;
}

/** The known sources of the citations, one entry per distinct key and locator. */
export function knownItems(cites: Citation[], index: CorpusIndex): KnownItem[] {
  const out: KnownItem[] = [];
  // One citation in scope (the usual case): no set of seen ids needed.
  const seen = cites.length === 1 && cites[0].items.length === 1 ? undefined : new Set<string>();
  const memo = KNOWN_MEMO.of(index);
  for (const c of cites) {
    for (const item of c.items) {
      const loc = item.locator;
      const id = loc ? `${item.key}\u0000${loc.term} ${loc.value}` : item.key;
      if (seen?.has(id)) continue; // the same citation twice in scope: one entry
      seen?.add(id);
      // A key and locator resolve alike wherever they are cited: worked out once per index version
      // (ids of hostile length are not kept).
      let k = memo.get(id);
      if (k === undefined) {
        k = knownItem(item, index) ?? null;
        if (id.length <= KNOWN_ID_MAX) memo.set(id, k);
      }
      if (k) out.push(k);
    }
  }
  return out;
}

const KNOWN_ID_MAX = 256;
/** Resolved citation items by key and locator (null: the key is unknown), per index version. */
const KNOWN_MEMO = new IndexMemo<KnownItem | null>(4096);

/** What one citation item resolves to (undefined for an unknown key). Shared: never changed by callers; holds no slice of the draft. */
function knownItem(item: Citation['items'][number], index: CorpusIndex): KnownItem | undefined {
  const src = index.byKey(item.key);
  if (!src) return undefined;
  const loc = item.locator;
  const named = loc?.label === 'paragraph' ? loc.paragraphs ?? [] : [];
  const paras = named.filter((n) => n >= 1 && n <= src.passages.length);
  const pages = isPaged(src) ? locatorPages(loc).filter((n) => n >= 1 && n <= src.pages!) : [];
  const badLocator = (loc?.label === 'paragraph' && (named.length === 0 || paras.length < named.length)) || (!!loc && !!pageLocatorProblem(src, item.key, loc));
  if (pages.length) {
    // A page locator on a PDF: the cited pages and one page either side.
    return { src, passages: passagesOnPages(src, pages, 1), scoped: ownCopy(`${loc!.term || 'p.'} ${loc!.value}`), badLocator };
  } else if (paras.length) {
    const want = new Set<number>();
    for (const n of paras) for (const d of [-1, 0, 1]) want.add(n + d);
    return { src, passages: src.passages.filter((p) => want.has(p.n)), scoped: ownCopy(`${loc!.term} ${loc!.value}`), badLocator };
  } else return { src, passages: src.passages, badLocator };
}

/** The keys the citations name, each once, in order. */
export function citedKeys(cites: Citation[]): string[] {
  if (cites.length === 1 && cites[0].items.length === 1) return [cites[0].items[0].key];
  return [...new Set(cites.flatMap((c) => c.items.map((i) => i.key)))];
}

/** "@a (para. 2), @b": each cited source once. */
export function describeCited(known: KnownItem[]): string {
  if (known.length === 1) {
    // One cited item (the usual case; items are shared, see knownItems): described once.
    let d = DESCRIBED.get(known[0]);
    if (d === undefined) DESCRIBED.set(known[0], (d = describeAll(known)));
    return d;
  }
  return describeAll(known);
}

const DESCRIBED = new WeakMap<KnownItem, string>();

function describeAll(known: KnownItem[]): string {
  const parts: string[] = [];
  for (const { src, scoped } of known) {
    const s = '@' + src.key + (scoped ? ` (${scoped})` : '');
    if (!parts.includes(s)) parts.push(s);
  }
  return parts.join(', ');
}

/**
 * Report status of a claim with citations: cited when a resolving citation
 * (known key, locator in range) backs it; mismatched when resolving citations
 * exist but none backs it; else bad-locator or unknown-key.
 */
export function claimStatus(known: KnownItem[], backs: (k: KnownItem) => boolean): ClaimStatus {
  const resolved = known.filter((k) => !k.badLocator);
  if (resolved.length) return resolved.some(backs) ? 'cited' : 'mismatched';
  return known.length ? 'bad-locator' : 'unknown-key';
}

export { sentenceRange } from '../parse/model';
