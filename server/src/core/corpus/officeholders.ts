/**
 * A small table of heads of state often named in news sources, used only to catch a
 * source date that the text contradicts ("President López Obrador said Monday" on a
 * page dated 2025, after he left office). "Former", "ex-", "then-", "late" and
 * "-elect" before the title are not a claim of being in office.
 */

interface Term {
  from: string;
  /** Undefined: still in office. */
  to?: string;
}

interface Holder {
  name: string;
  office: string;
  /** Matches "President <name>" as a title in the text. */
  pattern: RegExp;
  terms: Term[];
}

const NOT_SITTING = /(?:former|ex-?|then-?|late|outgoing|incoming|future)\s*$/i;

const HOLDERS: Holder[] = [
  { name: 'López Obrador', office: 'president', pattern: /\bPresident\s+(?:Andr[eé]s\s+Manuel\s+)?L[oó]pez\s+Obrador\b/g, terms: [{ from: '2018-12-01', to: '2024-09-30' }] },
  { name: 'Peña Nieto', office: 'president', pattern: /\bPresident\s+(?:Enrique\s+)?Pe[ñn]a\s+Nieto\b/g, terms: [{ from: '2012-12-01', to: '2018-11-30' }] },
  { name: 'Sheinbaum', office: 'president', pattern: /\bPresident\s+(?:Claudia\s+)?Sheinbaum\b/g, terms: [{ from: '2024-10-01' }] },
  { name: 'Biden', office: 'president', pattern: /\bPresident\s+(?:Joe\s+|Joseph\s+R?\.?\s*)?Biden\b/g, terms: [{ from: '2021-01-20', to: '2025-01-20' }] },
  { name: 'Obama', office: 'president', pattern: /\bPresident\s+(?:Barack\s+)?Obama\b/g, terms: [{ from: '2009-01-20', to: '2017-01-20' }] },
  {
    name: 'Trump',
    office: 'president',
    pattern: /\bPresident\s+(?:Donald\s+(?:J\.\s+)?)?Trump\b/g,
    terms: [
      { from: '2017-01-20', to: '2021-01-20' },
      { from: '2025-01-20' },
    ],
  },
];

/** Is the (possibly partial) ISO date `d` inside the term? A year or month overlapping the term counts as inside. */
function inside(d: string, t: Term): boolean {
  const lo = d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d;
  const hi = d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
  return lo >= t.from && (t.to === undefined || hi <= t.to);
}

export interface OfficeContradiction {
  name: string;
  office: string;
  from: string;
  to: string;
}

/** The first office holder the text names as in office at a time `date` is outside of. */
export function officeContradiction(text: string, date: string): OfficeContradiction | undefined {
  if (!/^\d{4}(?:-\d{2}){0,2}$/.test(date)) return undefined;
  for (const h of HOLDERS) {
    h.pattern.lastIndex = 0;
    for (const m of text.matchAll(h.pattern)) {
      const before = text.slice(Math.max(0, m.index - 12), m.index);
      if (NOT_SITTING.test(before)) continue;
      if (/^President-elect/i.test(m[0])) continue;
      if (h.terms.some((t) => inside(date, t))) break;
      const t = h.terms[h.terms.length - 1];
      const first = h.terms[0];
      return { name: h.name, office: h.office, from: first.from, to: t.to ?? 'today' };
    }
  }
  return undefined;
}
