/**
 * Locales for figure extraction: how a language writes the decimal point and thousands
 * groups, its scale words ("million", "millones", "mil millones"), percent and currency
 * words, number words, fraction words and hedges ("more than", "más de").
 *
 * Supported: English (`en`, the default) and Spanish (`es`). To add a locale, add a `Locale`
 * object below and register it in `LOCALES` (keyed by the primary BCP 47 subtag), add its
 * number-word parser (see `parseSpanishNumber`) and its stopwords to `detectLang`; then add
 * unit tests and gold sentences for it (test/fixtures/figures-gold, `spanish` shows the shape).
 */

export interface Locale {
  lang: string;
  /** Char code of the decimal separator: 46 "." (en) or 44 "," (es). */
  decimal: number;
  /** Numeric core at a position (sticky): grouping and decimals as the locale writes them. */
  digits: RegExp;
  /** Scale word after the digits (sticky), group 1 -> `scaleExp`. */
  scaleAfter: RegExp;
  scaleExp: Readonly<Record<string, number>>;
  /** Percent (group 1 empty) or percentage points (group 1 set) after the number (sticky). */
  percentAfter: RegExp;
  /** Currency word after the number (sticky), group 1 -> `currencyWord`. */
  currencyAfter: RegExp | null;
  currencyWord: Readonly<Record<string, string>>;
  /** Hedge words just before a number, e.g. "more than " -> 'min'. */
  hedgeBefore: RegExp;
  hedgeKind: (word: string) => 'approx' | 'min' | 'max';
}

// Groups: "1,059", "1 234 567" (two or more space-separated groups, or thin/no-break spaces).
const EN_DIGITS =
  /(?:\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,3}(?:[\u2009\u202F\u00A0]\d{3})+(?!\d)|\d{1,3}(?: \d{3}){2,}(?! ?\d)|\d+)(?:\.\d+)?|\.\d+/y;
const ES_DIGITS =
  /\d{1,3}(?:,\d{3})+(?![\d,]\d)(?:\.\d+)?(?!\d)|(?:\d{1,3}(?:\.\d{3})+(?![\d.]\d)|\d{1,3}(?:[\u2009\u202F\u00A0]\d{3})+(?!\d)|\d{1,3}(?: \d{3}){2,}(?! ?\d)|\d+)(?:,\d+)?/y;

const EN_HEDGE =
  /(?<=\b(about|around|approximately|roughly|some|nearly|almost|close\s+to|more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|less\s+than|fewer\s+than|under|up\s+to|at\s+most|as\s+many\s+as|as\s+much\s+as|an\s+estimated|estimated)\s+(?:[$£€¥]|US\$)?)/iy;
const ES_HEDGE =
  /(?<=\b(cerca\s+de|alrededor\s+de|aproximadamente|unos|unas|casi|más\s+de|al\s+menos|por\s+lo\s+menos|menos\s+de|hasta|poco\s+más\s+de)\s+(?:[$€]|US\$)?)/iy;

function enHedge(w: string): 'approx' | 'min' | 'max' {
  const s = w.toLowerCase().replace(/\s+/g, ' ');
  if (/^(?:more than|over|at least|upwards of|in excess of)$/.test(s)) return 'min';
  if (/^(?:less than|fewer than|under|up to|at most|as many as|as much as|nearly|almost)$/.test(s)) return 'max';
  return 'approx';
}
function esHedge(w: string): 'approx' | 'min' | 'max' {
  const s = w.toLowerCase().replace(/\s+/g, ' ');
  if (/^(?:más de|al menos|por lo menos|poco más de)$/.test(s)) return 'min';
  if (/^(?:menos de|hasta|casi)$/.test(s)) return 'max';
  return 'approx';
}

export const EN: Locale = {
  lang: 'en',
  decimal: 46,
  digits: EN_DIGITS,
  scaleAfter: /(?:\s+|-)(hundred|thousand|million|billion|trillion|mln|bln|bn|mn|trln|tn)\b/iy,
  scaleExp: {
    hundred: 2, thousand: 3, million: 6, billion: 9, trillion: 12, mln: 6, mn: 6, bln: 9, bn: 9, tn: 12, trn: 12, trln: 12,
    m: 6, k: 3, b: 9,
  },
  percentAfter: /\s?%|(?:\s+|-)?(?:percent|per\s+cent|pct|pc)(\s+points?|age\s+points?)?\b|(?:\s+|-)(percentage\s+points?|pp)\b/iy,
  currencyAfter: null,
  currencyWord: {},
  hedgeBefore: EN_HEDGE,
  hedgeKind: enHedge,
};

export const ES: Locale = {
  lang: 'es',
  decimal: 44,
  digits: ES_DIGITS,
  scaleAfter: /\s+(mil\s+millones|millones|millón|millon|mil|billones|billón|billon)\b/iy,
  scaleExp: { 'mil millones': 9, millones: 6, 'millón': 6, millon: 6, mil: 3, billones: 12, 'billón': 12, billon: 12 },
  percentAfter: /\s?%|\s+por\s+ciento\b|\s+(puntos?\s+porcentuales?|pp)\b/iy,
  currencyAfter: /\s+(?:de\s+)?(pesos|peso|dólares|dolares|dólar|euros|euro|libras\s+esterlinas|yenes|reales|soles|bolívares)(?![\p{L}])/iuy,
  currencyWord: {
    pesos: 'MXN', peso: 'MXN', 'dólares': 'USD', dolares: 'USD', 'dólar': 'USD', euros: 'EUR', euro: 'EUR',
    'libras esterlinas': 'GBP', yenes: 'JPY', reales: 'BRL', soles: 'PEN', 'bolívares': 'VES',
  },
  hedgeBefore: ES_HEDGE,
  hedgeKind: esHedge,
};

const LOCALES: Readonly<Record<string, Locale>> = { en: EN, es: ES };

/** The locale for a BCP 47 tag ("es-MX" -> es); English when unknown or absent. */
export function localeFor(lang: string | undefined): Locale {
  if (!lang) return EN;
  return LOCALES[lang.toLowerCase().split(/[-_]/)[0]] ?? EN;
}

const ES_HINT = /[ñáéíóúÑÁÉÍÓÚ¿¡]| (?:de|la|el|que|los|las|del|por|con|una) /;
const STOP = /\b(?:(el|la|los|las|del|que|por|para|con|una|fue|dijo|entre|sus|pero|como)|(the|of|and|to|in|that|for|with|was|said|from|by|has|have|but|its))\b/g;

/**
 * The language of a text (or of a source's first paragraphs), "en" or "es", from stopword
 * counts in the first 1,500 characters. Undefined when there are too few words to tell.
 * Cheap and allocation-free for English: text without any Spanish letter or stopword is
 * decided by one scan.
 */
export function detectLang(text: string | readonly string[]): string | undefined {
  const parts = typeof text === 'string' ? [text.length > 1500 ? text.slice(0, 1500) : text] : text;
  let len = 0;
  let hint = false;
  for (const t of parts) {
    if (len >= 1500) break;
    len += t.length;
    if (!hint && ES_HINT.test(t)) hint = true;
  }
  if (!hint) return len >= 80 ? 'en' : undefined;
  let es = 0;
  let en = 0;
  let seen = 0;
  for (const t of parts) {
    if (seen >= 1500) break;
    STOP.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = STOP.exec(t)) !== null && seen + m.index < 1500) {
      if (m[1]) es++;
      else en++;
    }
    seen += t.length;
  }
  if (es + en < 5) return undefined;
  return es > en * 1.5 ? 'es' : 'en';
}

// ---------------------------------------------------------------- Spanish number words

const ES_UNITS: Readonly<Record<string, number>> = {
  cero: 0, un: 1, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9,
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, 'dieciséis': 16, dieciseis: 16,
  diecisiete: 17, dieciocho: 18, diecinueve: 19, veinte: 20, veintiuno: 21, veintiún: 21, veintiuna: 21, 'veintidós': 22,
  veintidos: 22, 'veintitrés': 23, veintitres: 23, veinticuatro: 24, veinticinco: 25, 'veintiséis': 26, veintiseis: 26,
  veintisiete: 27, veintiocho: 28, veintinueve: 29,
};
const ES_TENS: Readonly<Record<string, number>> = {
  treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90,
};
const ES_HUNDREDS: Readonly<Record<string, number>> = {
  cien: 100, ciento: 100, doscientos: 200, doscientas: 200, trescientos: 300, trescientas: 300, cuatrocientos: 400,
  cuatrocientas: 400, quinientos: 500, quinientas: 500, seiscientos: 600, seiscientas: 600, setecientos: 700,
  setecientas: 700, ochocientos: 800, ochocientas: 800, novecientos: 900, novecientas: 900,
};

export const ES_WORDS_START = [...Object.keys(ES_UNITS), ...Object.keys(ES_TENS), ...Object.keys(ES_HUNDREDS)]
  .sort((a, b) => b.length - a.length)
  .join('|');

const ES_WORD = /([\p{L}]+)/uy;
const ES_SEP = /\s+(?:y\s+)?/y;

/** A Spanish written number at `pos`: value, end, precision, whether a scale word was used, words. */
export function parseSpanishNumber(
  text: string,
  pos: number,
): { end: number; value: number; precision: number; hasScale: boolean; scaleExp: number; words: number } | null {
  let total = 0;
  let group = 0;
  let end = pos;
  let words = 0;
  let p = pos;
  let hasScale = false;
  let scaleExp = 0;
  let precision = 0.5;
  let lastWasTens = false;
  for (;;) {
    ES_WORD.lastIndex = p;
    const m = ES_WORD.exec(text);
    if (!m) break;
    const w = m[1].toLowerCase();
    let ok = true;
    if (ES_HUNDREDS[w] !== undefined && group % 1000 === 0 && group < 1000) {
      group += ES_HUNDREDS[w];
      precision = 0.5;
    } else if (ES_TENS[w] !== undefined && group % 100 === 0) {
      group += ES_TENS[w];
      precision = 0.5;
    } else if (ES_UNITS[w] !== undefined && (group % 100 === 0 || (lastWasTens && group % 10 === 0))) {
      group += ES_UNITS[w];
      precision = 0.5;
    } else if (w === 'mil' && (group > 0 || words === 0) && total % 1e6 === 0) {
      total += Math.max(group, 1) * 1000;
      group = 0;
      hasScale = true;
      scaleExp = 3;
      precision = 500;
    } else if ((w === 'millones' || w === 'millón' || w === 'millon') && (group > 0 || total > 0)) {
      total = (total + group) * 1e6;
      group = 0;
      hasScale = true;
      scaleExp = 6;
      precision = 0.5e6;
    } else ok = false;
    if (!ok) break;
    lastWasTens = ES_TENS[w] !== undefined;
    words++;
    end = ES_WORD.lastIndex;
    ES_SEP.lastIndex = end;
    if (!ES_SEP.test(text)) break;
    const sep = text.slice(end, ES_SEP.lastIndex);
    if (/y/.test(sep) && !lastWasTens) break;
    p = ES_SEP.lastIndex;
  }
  if (words === 0) return null;
  return { end, value: total + group, precision, hasScale, scaleExp, words };
}
