/**
 * Harder query sets for the ranking evaluation, so the ranking is not tuned to
 * one kind of question. Each is built from corpus sentences at run time by a
 * seeded PRNG (nothing of the corpus is stored); the source a sentence came
 * from is the answer.
 *
 *  - standard:   the bench positions (a word dropped or two swapped, a quarter with the figure nudged);
 *  - paraphrase: 30% of the content words replaced by a synonym (small built-in list) or, without one, dropped;
 *  - figure+2:   only the figure and two content words of the sentence;
 *  - common-fig: sentences whose figure is stated in more than 20 articles;
 *  - probe:      the held-out probe: random sentences with a figure, minus their first two words.
 */
import { extractFigures } from '../../server/src/core/figures';
import { CorpusIndex } from '../../server/src/core/index/index';
import { tokenize } from '../../server/src/core/text/tokens';
import { BenchPosition, makePositions, markDuplicates } from './positions';
import { Rng } from './util';

export interface Query {
  key: string;
  text: string;
  sameText: string[];
}

export interface QuerySet {
  name: string;
  what: string;
  queries: Query[];
}

/** A small hand-written synonym list of common news words (one direction is enough: queries are rewritten, sources are not). No synonym may contain a number word: it would add a figure to the query. */
const SYNONYMS: Record<string, string> = {
  said: 'stated', says: 'states', company: 'firm', companies: 'firms', government: 'administration', rose: 'climbed',
  fell: 'dropped', increase: 'rise', increased: 'grew', decrease: 'decline', decreased: 'declined', profit: 'earnings',
  profits: 'earnings', shares: 'stock', share: 'stake', month: 'period', months: 'periods',
  expected: 'anticipated', sales: 'turnover', market: 'marketplace', bank: 'lender', banks: 'lenders', prices: 'costs',
  price: 'cost', total: 'overall', people: 'persons', country: 'nation', countries: 'nations', record: 'all-time',
  announced: 'disclosed', reported: 'posted', buy: 'purchase', bought: 'purchased', sell: 'dispose', sold: 'disposed of',
  agreed: 'consented', plan: 'scheme', plans: 'schemes', largest: 'biggest', big: 'large', small: 'little', new: 'fresh',
  first: 'initial', last: 'previous', earlier: 'before', help: 'assist', show: 'demonstrate', showed: 'demonstrated',
  told: 'informed', added: 'continued', official: 'officer', officials: 'officers', minister: 'secretary', rate: 'level',
  rates: 'levels', growth: 'expansion', economy: 'economic system', loss: 'deficit', losses: 'deficits',
  net: 'after-tax', revenue: 'income', revenues: 'incomes', oil: 'crude', trade: 'commerce', deal: 'agreement', firm: 'company',
  game: 'match', games: 'matches', win: 'victory', won: 'triumphed', players: 'athletes', player: 'athlete', team: 'side',
  film: 'movie', films: 'movies', music: 'songs', users: 'customers', phone: 'handset', mobile: 'cellular',
  world: 'global', around: 'about', nearly: 'almost', about: 'roughly', more: 'additional', major: 'leading',
  chief: 'head', executive: 'manager', president: 'leader', election: 'vote', party: 'faction', labour: 'workforce',
  workers: 'employees', jobs: 'positions', tax: 'levy', taxes: 'levies', money: 'funds', cut: 'reduce', cuts: 'reductions',
  raise: 'lift', raised: 'lifted', figures: 'data', data: 'statistics', cost: 'expense', costs: 'expenses', stock: 'equity',
  analysts: 'experts', likely: 'probable', strong: 'robust', weak: 'feeble', higher: 'greater', lower: 'smaller',
};

const CONTENT = /^[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]$/;

/** Words of a sentence with whether each is a content word (a non-stop word outside the figures). */
function words(s: string): { w: string; content: boolean }[] {
  const figs = extractFigures(s);
  const out: { w: string; content: boolean }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index;
    const end = start + m[0].length;
    const bare = m[0].replace(/^[("'\u201C\u2018]+|[)"'\u201D\u2019.,;:!?]+$/g, '');
    const inFig = figs.some((f) => f.start < end && start < f.end);
    out.push({ w: m[0], content: !inFig && CONTENT.test(bare) && tokenize(bare).length > 0 });
  }
  return out;
}

function bareOf(w: string): { pre: string; core: string; post: string } {
  const m = /^([("'\u201C\u2018]*)(.*?)([)"'\u201D\u2019.,;:!?]*)$/.exec(w)!;
  return { pre: m[1], core: m[2], post: m[3] };
}

/** 30% of the content words (at least one) replaced by a synonym, or dropped when the list has none. */
export function paraphrase(s: string, rng: Rng): string {
  const ws = words(s);
  const content = ws.map((x, i) => (x.content ? i : -1)).filter((i) => i >= 0);
  const k = Math.max(1, Math.round(content.length * 0.3));
  const pick = new Set(rng.shuffle([...content]).slice(0, k));
  const out: string[] = [];
  ws.forEach((x, i) => {
    if (!pick.has(i)) return out.push(x.w);
    const { pre, core, post } = bareOf(x.w);
    const syn = SYNONYMS[core.toLowerCase()];
    if (syn) out.push(pre + (core[0] === core[0].toUpperCase() ? syn[0].toUpperCase() + syn.slice(1) : syn) + post);
    else if (post) out.push(pre + post.replace(/^['\u2019]+/, '')); // keep the punctuation of a dropped word
  });
  return out.join(' ').replace(/\s+([.,;:!?])/g, '$1');
}

/** The first figure's text and two content words of the sentence (in their order). */
export function figurePlusTwo(s: string, rng: Rng): string | undefined {
  const f = extractFigures(s).find((x) => /\d/.test(x.text));
  if (!f) return undefined;
  const ws = words(s).filter((x) => x.content).map((x) => bareOf(x.w).core);
  if (ws.length < 2) return undefined;
  const i = rng.int(ws.length);
  let j = rng.int(ws.length - 1);
  if (j >= i) j++;
  const [a, b] = i < j ? [ws[i], ws[j]] : [ws[j], ws[i]];
  return `${a} ${b} ${s.slice(f.start, f.end)}`;
}

/** Distinct sources stating the sentence's first figure. */
function figureSpread(index: CorpusIndex, s: string): number {
  const f = extractFigures(s).find((x) => /\d/.test(x.text));
  if (!f) return 0;
  const keys = new Set<string>();
  for (const id of index.figureCandidates(f).ids) {
    const src = index.sourceOfPassage(id);
    if (src) keys.add(src.key);
  }
  return keys.size;
}

/** The query sets for one corpus; `n` queries each (fewer for common-fig when the corpus has fewer); with `dup`, common-fig and probe queries get their duplicated articles too (sameText). */
export function querySets(index: CorpusIndex, standard: BenchPosition[], n: number, seed: number, dup = false): QuerySet[] {
  const rng = new Rng(seed + 7);
  const std = standard.map((p) => ({ key: p.key, text: p.sentence, sameText: p.sameText }));
  const para = standard.map((p) => ({ key: p.key, text: paraphrase(p.original, rng), sameText: p.sameText }));
  const two: Query[] = [];
  for (const p of standard) {
    const t = figurePlusTwo(p.original, rng);
    if (t) two.push({ key: p.key, text: t, sameText: p.sameText });
  }
  const many = makePositions(index, n * 8, seed + 11, { figureChangeRate: 0, findDuplicates: false });
  const commonSrc: BenchPosition[] = [];
  for (const p of many) {
    if (commonSrc.length >= n) break;
    if (figureSpread(index, p.sentence) > 20) commonSrc.push(p);
  }
  const probeSrc = makePositions(index, n, seed + 13, { figureChangeRate: 0, findDuplicates: false }).filter((p) => extractFigures(p.original.split(/\s+/).slice(2).join(' ')).length > 0);
  // Duplicated articles, for the lenient top-1 (as for the standard set), found only for the sentences kept.
  if (dup) markDuplicates(index, [...commonSrc, ...probeSrc]);
  const common: Query[] = commonSrc.map((p) => ({ key: p.key, text: p.sentence, sameText: p.sameText }));
  const probe: Query[] = probeSrc.map((p) => ({ key: p.key, text: p.original.split(/\s+/).slice(2).join(' '), sameText: p.sameText }));
  return [
    { name: 'standard', what: 'bench positions: a word dropped or two swapped, 25% with the figure nudged', queries: std },
    { name: 'paraphrase', what: '30% of content words replaced by a synonym or dropped', queries: para },
    { name: 'figure+2', what: 'only the figure and two content words', queries: two },
    { name: 'common-fig', what: 'sentences whose figure is stated in more than 20 articles', queries: common },
    { name: 'probe', what: 'held-out probe: random sentences with a figure, minus the first two words', queries: probe },
  ];
}
