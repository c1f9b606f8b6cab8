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
  /** Matches "President <name>" at the start of a string. */
  pattern: RegExp;
  terms: Term[];
}

const NOT_SITTING = /(?:former|ex-?|then-?|late|outgoing|incoming|future)\s*$/i;

const HOLDERS: Holder[] = [
  { name: 'López Obrador', office: 'president', pattern: /^President\s+(?:Andr[eé]s\s+Manuel\s+)?L[oó]pez\s+Obrador\b/, terms: [{ from: '2018-12-01', to: '2024-09-30' }] },
  { name: 'Peña Nieto', office: 'president', pattern: /^President\s+(?:Enrique\s+)?Pe[ñn]a\s+Nieto\b/, terms: [{ from: '2012-12-01', to: '2018-11-30' }] },
  { name: 'Sheinbaum', office: 'president', pattern: /^President\s+(?:Claudia\s+)?Sheinbaum\b/, terms: [{ from: '2024-10-01' }] },
  { name: 'Biden', office: 'president', pattern: /^President\s+(?:Joe\s+|Joseph\s+R?\.?\s*)?Biden\b/, terms: [{ from: '2021-01-20', to: '2025-01-20' }] },
  { name: 'Obama', office: 'president', pattern: /^President\s+(?:Barack\s+)?Obama\b/, terms: [{ from: '2009-01-20', to: '2017-01-20' }] },
  {
    name: 'Trump',
    office: 'president',
    pattern: /^President\s+(?:Donald\s+(?:J\.\s+)?)?Trump\b/,
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
  const checked = new Set<Holder>();
  // Only look where "President " stands: most texts never say it.
  for (let at = text.indexOf('President '); at >= 0; at = text.indexOf('President ', at + 10)) {
    const here = text.slice(at, at + 48);
    for (const h of HOLDERS) {
      if (checked.has(h) || !h.pattern.test(here)) continue;
      if (NOT_SITTING.test(text.slice(Math.max(0, at - 12), at))) continue;
      checked.add(h);
      if (h.terms.some((t) => inside(date, t))) continue;
      const last = h.terms[h.terms.length - 1];
      return { name: h.name, office: h.office, from: h.terms[0].from, to: last.to ?? 'today' };
    }
  }
  return undefined;
}
