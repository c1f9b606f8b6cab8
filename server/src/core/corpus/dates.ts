/**
 * Date recognition for source metadata. Every function returns ISO strings
 * (yyyy-mm-dd, yyyy-mm or yyyy) and never throws.
 *
 * Recognised spellings:
 *  - "Friday, November 21, 2025", "November 21, 2025", "Nov. 21 2025", "Sept 3, 2020"
 *  - "4 August 2018", "Friday 4 August 2018", "4 Aug. 2018"
 *  - "November 2025" (-> 2025-11)
 *  - "2025-11-21", "2025/11/21"
 *  - "04/01/21", "04/01/2021" (US order month/day/year; two-digit years are 19xx when >= 70)
 *  - "26-FEB-1987" (Reuters), optionally followed by a time
 */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const WEEKDAY = '(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\\.?,?\\s+';
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function iso(y: number, m?: number, d?: number): string | undefined {
  if (!(y >= 1000 && y <= 2999)) return undefined;
  if (m === undefined) return String(y);
  if (!(m >= 1 && m <= 12)) return undefined;
  if (d === undefined) return `${y}-${pad(m)}`;
  if (!(d >= 1 && d <= 31)) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function year2(y: string): number {
  const n = parseInt(y, 10);
  return y.length === 2 ? (n >= 70 ? 1900 + n : 2000 + n) : n;
}

// Anchored at the start of a string; each returns the match so callers know the length.
const RE_MDY = new RegExp(`^(?:${WEEKDAY})?${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const RE_DMY = new RegExp(`^(?:${WEEKDAY})?(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s*,?\\s+(\\d{4})\\b`, 'i');
const RE_MY = new RegExp(`^${MONTH}\\s+(\\d{4})\\b`, 'i');
const RE_ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)/;
const RE_NUM = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/;
const RE_REUTERS = /^(\d{1,2})-([a-z]{3})-(\d{4})\b/i;

export interface LeadingDate {
  iso: string;
  /** Length of the matched date text. */
  length: number;
}

/** A date at the very start of `s` (no leading whitespace expected). */
export function matchLeadingDate(s: string): LeadingDate | undefined {
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    let m = RE_NUM.exec(s);
    if (m) {
      const r = iso(year2(m[3]), +m[1], +m[2]);
      return r ? { iso: r, length: m[0].length } : undefined;
    }
    m = RE_ISO.exec(s);
    if (m) {
      const r = iso(+m[1], +m[2], +m[3]);
      return r ? { iso: r, length: m[0].length } : undefined;
    }
    m = RE_REUTERS.exec(s);
    if (m) {
      const mo = MONTHS[m[2].toLowerCase()];
      const r = mo ? iso(+m[3], mo, +m[1]) : undefined;
      return r ? { iso: r, length: m[0].length } : undefined;
    }
    m = RE_DMY.exec(s);
    if (m) {
      const r = iso(+m[3], MONTHS[m[2].toLowerCase().replace('.', '')], +m[1]);
      return r ? { iso: r, length: m[0].length } : undefined;
    }
    return undefined;
  }
  // Letters: month or weekday first.
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return undefined;
  let m = RE_MDY.exec(s);
  if (m) {
    const r = iso(+m[3], MONTHS[m[1].toLowerCase()], +m[2]);
    return r ? { iso: r, length: m[0].length } : undefined;
  }
  m = RE_DMY.exec(s);
  if (m) {
    const r = iso(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
    return r ? { iso: r, length: m[0].length } : undefined;
  }
  m = RE_MY.exec(s);
  if (m) {
    const r = iso(+m[2], MONTHS[m[1].toLowerCase()]);
    return r ? { iso: r, length: m[0].length } : undefined;
  }
  return undefined;
}

const DATE_PREFIX = /^(?:published|updated|posted|last updated|first published|date|dated)(?:\s+on)?\s*:?\s*/i;
const TIME_SUFFIX = /^[\s,|·•-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)?)?\s*$/i;

/**
 * A line that is only a date, possibly with a "Published"/"Updated" prefix and a
 * time: "Friday, November 21, 2025", "Published 4 August 2018", "26-FEB-1987 15:01:01.79".
 */
export function parseDateLine(line: string): string | undefined {
  if (line.length > 80) return undefined;
  let s = line.trim();
  const p = DATE_PREFIX.exec(s);
  if (p) s = s.slice(p[0].length);
  const d = matchLeadingDate(s);
  if (!d) return undefined;
  const rest = s.slice(d.length);
  if (rest.length === 0 || TIME_SUFFIX.test(rest)) return d.iso;
  return undefined;
}

const RE_REUTERS_FAST = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})(?![\d-])/;

/** Normalise a free-form date (front matter, index files) to ISO; undefined when unrecognised. */
export function normalizeDate(value: string): string | undefined {
  const r = RE_REUTERS_FAST.exec(value); // index files: "26-FEB-1987 15:01:01.79"
  if (r) {
    const mo = MONTHS[r[2].toLowerCase()];
    if (mo) return iso(+r[3], mo, +r[1]);
  }
  const s = value.trim().replace(/^["']|["']$/g, '');
  if (/^\d{4}$/.test(s)) return iso(+s);
  const ym = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (ym) return iso(+ym[1], +ym[2]);
  const full = parseDateLine(s);
  if (full) return full;
  const lead = matchLeadingDate(s); // e.g. ISO timestamps "2025-11-21T10:00:00Z"
  return lead?.iso;
}

const RE_BODY_DATE = new RegExp(
  `\\b(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}\\s+${MONTH}\\s+\\d{4})\\b`,
  'i',
);

/** First "Month D, YYYY" / "D Month YYYY" anywhere in `text` (fallback date from a caption or lead). */
export function findDateInText(text: string): string | undefined {
  const m = RE_BODY_DATE.exec(text);
  if (!m) return undefined;
  return matchLeadingDate(m[0])?.iso;
}
