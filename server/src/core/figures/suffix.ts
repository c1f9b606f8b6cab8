/**
 * What follows a number: percent and percentage points, currency words and codes
 * ("15.5 mln dlrs", "50 cents", "3 dollars 50 cents", "pesos"), units of measurement, and
 * the "600m" rule (million or metres).
 */
import { Atom } from './atom';
import { isSpace } from './context';
import { EN, Locale } from './locale';
import { unitAt } from './units';

export const CODES = 'USD|MXN|GBP|EUR|JPY|CAD|AUD|CHF|CNY|HKD|NZD|BRL|INR|SGD|KRW';

const CUR_SUFFIX = new RegExp(
  '\\s+(?:(U\\.S\\.|US|American|Canadian|Cdn|Can|Australian|Aust|Mexican|Hong\\s+Kong|HK|H\\.K\\.|' +
    'New\\s+Zealand|NZ|Swiss|French|Singapore|Taiwan|Brazilian)\\s+)?' +
    '(dollars?|dlrs?|cents|cts|pence|penny|pennies|pesos?|stg|sterling|pounds\\s+sterling|euros?|yen|yuan|marks|' +
    `francs?|rupees|Ecus?|dinars?|rand|roubles|rubles|lire|guilders|riyals?|ringgit|baht|reais|${CODES})(?![A-Za-z])`,
  'iy',
);
const WON_AFTER = /\s+won\b/y;
const DOLLARS_CENTS = /\s+(?:and\s+)?(\d{1,2})\s+(?:cents|cts)\b/iy;
export const AND_A_HALF = /(?:\s+and\s+a\s+half|-and-a-half)\b/iy;
const ES_DE = /\s+de(?=\s)/y;
const METRE_CUE =
  /^(?:-(?:long|high|wide|deep|tall|metre|meter)\b|\s+(?:race|hurdles|relay|freestyle|breaststroke|backstroke|butterfly|medley|individual|sprint|dash|finals?|heats?|runners?|run|title|gold|silver|bronze|record|event|champion|world|olympic|long|high|wide|deep|tall|above|below|away|from|squared|radius|tower|drop|of\s+water)\b)/i;
const MILLION_CUE =
  /^\s+(?:(?:[a-z]+\s+)?(?:people|men|women|children|staff|cattle|sheep|head|cash|worth|budget|deal|euros?|dollars?|pounds|yen|rupees|pesos)\b|[a-z]{3,}s\b|(?:USD|EUR|GBP|JPY|CAD|AUD|CHF|MXN)\b)/;
/** An athletics or swimming event before the number: "indoor 400m", "the women's 800m". */
const METRE_BEFORE = /\b(?:indoor|outdoor|men['’]s|women['’]s)\s+$/i;
const COORD_M = /^\s+(?:and|or|to)\s+\d+(?:\.\d+)?m\b/;

const WORD_CODE: Readonly<Record<string, string>> = {
  dollar: 'USD', dollars: 'USD', dlr: 'USD', dlrs: 'USD', cents: 'USD', cts: 'USD', pence: 'GBP', penny: 'GBP',
  pennies: 'GBP', peso: 'MXN', pesos: 'MXN', stg: 'GBP', sterling: 'GBP', euro: 'EUR', euros: 'EUR', yen: 'JPY',
  yuan: 'CNY', marks: 'DEM', franc: 'FRF', francs: 'FRF', rupees: 'INR', ecu: 'XEU', ecus: 'XEU', dinar: 'DINAR',
  dinars: 'DINAR', rand: 'ZAR', roubles: 'RUB', rubles: 'RUB', lire: 'ITL', guilders: 'NLG', riyal: 'SAR',
  riyals: 'SAR', ringgit: 'MYR', baht: 'THB', reais: 'BRL',
};
const ADJ_CODE: Readonly<Record<string, string>> = {
  'u.s.': 'USD', us: 'USD', american: 'USD', canadian: 'CAD', cdn: 'CAD', can: 'CAD', australian: 'AUD',
  aust: 'AUD', mexican: 'MXN', hongkong: 'HKD', hk: 'HKD', 'h.k.': 'HKD', newzealand: 'NZD', nz: 'NZD', swiss: 'CHF',
  french: 'FRF', singapore: 'SGD', taiwan: 'TWD', brazilian: 'BRL',
};

/** Percent, points, currency or unit word after position `e`; updates the atom. */
export function parseUnitAfter(text: string, a: Atom, e: number, loc: Locale): number {
  const c = text.charCodeAt(e);
  if (c === 37 || isSpace(c) || c === 45 || (c === 112 /* p */ && loc === EN)) {
    loc.percentAfter.lastIndex = e;
    const m = loc.percentAfter.exec(text);
    if (m && m[0].length > 0) {
      if (m[1] || m[2]) a.points = true;
      else a.percent = true;
      a.unitSuffix = true;
      return loc.percentAfter.lastIndex;
    }
  }
  if (!isSpace(c) && c !== 45) return e;
  if (loc.currencyAfter) {
    loc.currencyAfter.lastIndex = e;
    const m = loc.currencyAfter.exec(text);
    if (m) {
      a.currency = loc.currencyWord[m[1].toLowerCase().replace(/\s+/g, ' ')] ?? 'MXN';
      a.unitSuffix = true;
      return loc.currencyAfter.lastIndex;
    }
  }
  if (isSpace(c)) {
    CUR_SUFFIX.lastIndex = e;
    const m = CUR_SUFFIX.exec(text);
    if (m) {
      const word = m[2].toLowerCase().replace(/\s+/g, '');
      let code = word === 'poundssterling' ? 'GBP' : WORD_CODE[word] ?? word.toUpperCase();
      if (m[1]) {
        const adj = ADJ_CODE[m[1].toLowerCase().replace(/\s+/g, '')];
        if (adj && (code === 'USD' || word.startsWith('franc'))) code = word.startsWith('franc') && adj !== 'CHF' ? 'FRF' : adj;
      }
      a.currency = code;
      a.unitSuffix = true;
      if (word === 'cents' || word === 'cts' || word === 'pence' || word === 'penny' || word === 'pennies') a.exp -= 2;
      let end = CUR_SUFFIX.lastIndex;
      if (word.startsWith('dollar') || word.startsWith('dlr')) {
        DOLLARS_CENTS.lastIndex = end; // "3 dollars 50 cents"
        const d = DOLLARS_CENTS.exec(text);
        if (d) {
          a.extra = Number(d[1]) / 100;
          a.precOverride = 0.005;
          end = DOLLARS_CENTS.lastIndex;
        }
      }
      return end;
    }
    if (a.scaled) {
      WON_AFTER.lastIndex = e; // "6.91 billion won" (a verb after a bare number)
      if (WON_AFTER.test(text)) {
        a.currency = 'KRW';
        a.unitSuffix = true;
        return WON_AFTER.lastIndex;
      }
    }
  }
  let p = e;
  if (loc !== EN) {
    ES_DE.lastIndex = e; // "1,6 millones de barriles"
    if (ES_DE.test(text) && a.scaled) p = ES_DE.lastIndex;
  }
  const u = unitAt(text, p, false);
  if (u) {
    a.unit = u.def;
    a.unitSuffix = true;
    return u.end;
  }
  return e;
}

/** "600m": million or metres? See the README's rule. Returns 'M', 'metre' or null (ambiguous). */
export function mMeaning(text: string, e: number, decimals: number, start = -1): 'M' | 'metre' | null {
  const next = text.slice(e, e + 40);
  if (METRE_CUE.test(next)) return 'metre';
  // "indoor 400m mark", "the men's 400m"
  if (start > 0 && METRE_BEFORE.test(text.slice(Math.max(0, start - 16), start))) return 'metre';
  if (COORD_M.test(next)) {
    const k = next.search(/m\b/);
    return mMeaning(text, e + k + 1, decimals);
  }
  if (MILLION_CUE.test(next)) return 'M';
  return decimals > 0 ? 'M' : null;
}
