/**
 * Fuzzy source search on key, title and author (fuse.js), and the nearest
 * keys to an unknown one. On large corpora a trigram prefilter picks the
 * candidates first, so a keystroke never scans every source.
 */
import Fuse from 'fuse.js';
import { Source } from '../types';
import { levenshtein } from './levenshtein';

/** Up to this many sources, fuse.js scans them all; above, the trigram prefilter runs first. */
export const FUSE_FULL_SCAN = 3000;
/** Candidates the trigram prefilter hands to fuse.js. */
const PREFILTER = 300;
/** Trigrams shared by more sources than this are too common to count. */
const COMMON_TRIGRAM = 20000;

const FUSE_OPTIONS = {
  keys: [
    { name: 'key', weight: 2 },
    { name: 'title', weight: 1.5 },
    { name: 'author', weight: 1 },
  ],
  threshold: 0.4,
  ignoreLocation: true,
  includeScore: true,
};

/**
 * Search over a live map of sources by key. Call `invalidate` whenever the map
 * changes; the fuse.js index and the trigram table are rebuilt on next use.
 */
export class SourceSearch {
  private fuse: Fuse<Source> | undefined;
  private trigrams: Map<string, Source[]> | undefined;

  constructor(private readonly byKey: Map<string, Source>) {}

  invalidate(): void {
    this.fuse = undefined;
    this.trigrams = undefined;
  }

  /** Sources whose key, title or author match `query` fuzzily, best first. */
  search(query: string, limit = 50): Source[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    let fuse: Fuse<Source>;
    if (this.byKey.size <= FUSE_FULL_SCAN) {
      if (!this.fuse) this.fuse = new Fuse([...this.byKey.values()], FUSE_OPTIONS);
      fuse = this.fuse;
    } else {
      fuse = new Fuse(this.trigramCandidates(q, PREFILTER), FUSE_OPTIONS);
    }
    return fuse.search(q, { limit }).map((r) => r.item);
  }

  /** The `max` sources sharing most trigrams of ` key title author ` with `q` (lower-cased). */
  trigramCandidates(q: string, max: number): Source[] {
    if (!this.trigrams) {
      const tg = new Map<string, Source[]>();
      for (const s of this.byKey.values()) {
        for (const g of trigramsOf(` ${s.key} ${s.title} ${s.author ?? ''} `.toLowerCase())) {
          const l = tg.get(g);
          if (l) l.push(s);
          else tg.set(g, [s]);
        }
      }
      this.trigrams = tg;
    }
    const padded = q.length < 3 ? ` ${q}` : q;
    const counts = new Map<Source, number>();
    for (let i = 0; i + 3 <= padded.length; i++) {
      const l = this.trigrams.get(padded.slice(i, i + 3));
      if (!l || l.length > COMMON_TRIGRAM) continue;
      for (const s of l) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, max)
      .map(([s]) => s);
  }

  /** Existing keys nearest to an unknown one: edit distance, less for words shared with the key, title or author. */
  nearestKeys(key: string, n = 3): string[] {
    const k = key.toLowerCase();
    const scored: [string, number][] = [];
    const cands = this.byKey.size <= 5000 ? [...this.byKey.keys()] : this.search(key, 200).map((s) => s.key);
    const words = new Set(k.split(/[^a-z0-9]+/).filter((w) => w.length > 1));
    for (const c of cands) {
      const src = this.byKey.get(c)!;
      const hay = new Set(`${c} ${src.title} ${src.author ?? ''}`.toLowerCase().split(/[^\p{L}\p{N}]+/u));
      let shared = 0;
      for (const w of words) if (hay.has(w)) shared++;
      const dist = levenshtein(k, c.toLowerCase()) / Math.max(k.length, c.length);
      scored.push([c, dist - 0.15 * shared]);
    }
    scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    return scored.filter(([, d]) => d <= 0.6).slice(0, n).map(([c]) => c);
  }
}

/** Distinct character trigrams of a string. */
export function trigramsOf(s: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) grams.add(s.slice(i, i + 3));
  return grams;
}
