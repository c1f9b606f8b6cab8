/**
 * Units of measurement: what a number after a figure can be measured in, the dimension
 * it belongs to, and how to convert it to the dimension's base unit so that figures in
 * different units of one dimension can be compared ("5 km" ~ "3.1 miles"; "5 km" is not
 * "5 miles"; "40F" is not "40C").
 *
 * Each entry: the unit code kept in `Figure.unit`, its dimension (`Figure.dimension`), the
 * factor to the base unit (and an offset for temperatures), and the written forms. Forms are
 * matched case-insensitively except those in `CASED` (abbreviations such as "MW" vs "mW").
 * To add a unit, add a row; to add a language's unit words, add them to its forms.
 */

export interface UnitDef {
  code: string;
  dim: string;
  /** value_in_base = value * factor + offset. */
  factor: number;
  offset: number;
}

const ROWS: [string, string, number, string[], string[]?][] = [
  // code, dimension, factor to base, forms (case-insensitive), forms (case-sensitive)
  ['km', 'length', 1000, ['kilometres', 'kilometers', 'kilometre', 'kilometer', 'kilómetros', 'kilómetro', 'km'], []],
  ['m', 'length', 1, ['metres', 'meters', 'metre', 'meter', 'metros', 'metro'], []],
  ['cm', 'length', 0.01, ['centimetres', 'centimeters', 'centimetre', 'centimeter', 'centímetros', 'cm'], []],
  ['mm', 'length', 0.001, ['millimetres', 'millimeters', 'millimetre', 'millimeter', 'milímetros', 'mm'], []],
  ['mile', 'length', 1609.344, ['miles', 'mile', 'millas', 'milla'], []],
  ['ft', 'length', 0.3048, ['feet', 'foot', 'ft', 'pies'], []],
  ['in', 'length', 0.0254, ['inches', 'inch', 'pulgadas'], []],
  ['yd', 'length', 0.9144, ['yards', 'yard', 'yds'], []],
  ['km2', 'area', 1e6, ['square kilometres', 'square kilometers', 'square kilometre', 'sq km', 'km2', 'km²', 'kilómetros cuadrados'], []],
  ['sqmi', 'area', 2589988.11, ['square miles', 'square mile', 'sq mi', 'sq miles'], []],
  ['sqft', 'area', 0.09290304, ['square feet', 'square foot', 'sq ft', 'sq. ft.', 'sq. ft', 'sq feet'], []],
  ['m2', 'area', 1, ['square metres', 'square meters', 'square metre', 'sq m', 'm2', 'm²', 'metros cuadrados'], []],
  ['ha', 'area', 1e4, ['hectares', 'hectare', 'hectáreas', 'hectárea', 'ha'], []],
  ['acre', 'area', 4046.8564224, ['acres', 'acre'], []],
  ['kg', 'mass', 1, ['kilograms', 'kilogrammes', 'kilogram', 'kilogramme', 'kilogramos', 'kilos', 'kilo', 'kg', 'kgs'], []],
  ['g', 'mass', 0.001, ['grams', 'grammes', 'gram', 'gramos'], ['g']],
  ['mg', 'mass', 1e-6, ['milligrams', 'milligram', 'miligramos', 'mg'], []],
  ['t', 'mass', 1000, ['metric tonnes', 'metric tons', 'tonnes', 'tonne', 'tons', 'ton', 'toneladas', 'tonelada'], []],
  ['lb', 'mass', 0.45359237, ['lbs', 'lb', 'libras'], []],
  ['oz', 'mass', 0.028349523125, ['ounces', 'ounce', 'onzas', 'oz'], []],
  ['st', 'mass', 6.35029318, ['stone'], []],
  ['m3', 'volume', 1, ['cubic metres', 'cubic meters', 'cubic metre', 'metros cúbicos', 'm3', 'm³'], []],
  ['l', 'volume', 0.001, ['litres', 'liters', 'litre', 'liter', 'litros', 'litro'], []],
  ['ml', 'volume', 1e-6, ['millilitres', 'milliliters', 'millilitre', 'mililitros', 'ml'], []],
  ['gal', 'volume', 0.003785411784, ['gallons', 'gallon', 'galones'], []],
  ['bbl', 'volume', 0.158987294928, ['barrels', 'barrel', 'barriles', 'barril', 'bbl'], []],
  ['km/h', 'speed', 1 / 3.6, ['kilometres per hour', 'kilometers per hour', 'kilómetros por hora', 'km/h', 'kmh', 'kph'], []],
  ['mph', 'speed', 0.44704, ['miles per hour', 'mph'], []],
  ['kn', 'speed', 0.514444, ['knots'], []],
  ['C', 'temperature', 1, ['degrees celsius', 'degrees centigrade', 'degrees c', 'grados celsius', 'grados centígrados', 'grados', '°c', 'ºc'], ['C']],
  ['F', 'temperature', 5 / 9, ['degrees fahrenheit', 'degrees f', 'grados fahrenheit', '°f', 'ºf'], ['F']],
  ['W', 'power', 1, ['watts', 'watt'], ['W']],
  ['kW', 'power', 1e3, ['kilowatts', 'kilowatt'], ['kW']],
  ['MW', 'power', 1e6, ['megawatts', 'megawatt', 'megavatios'], ['MW']],
  ['GW', 'power', 1e9, ['gigawatts', 'gigawatt', 'gigavatios'], ['GW']],
  ['kWh', 'energy', 3.6e6, ['kilowatt hours', 'kilowatt-hours', 'kilowatt-hour', 'kwh'], []],
  ['MWh', 'energy', 3.6e9, ['megawatt hours', 'megawatt-hours', 'mwh'], []],
  ['GWh', 'energy', 3.6e12, ['gigawatt hours', 'gigawatt-hours', 'gwh'], []],
  ['TWh', 'energy', 3.6e15, ['terawatt hours', 'terawatt-hours', 'twh'], []],
  ['KB', 'data', 1e3, ['kilobytes', 'kilobyte'], ['KB', 'kB']],
  ['MB', 'data', 1e6, ['megabytes', 'megabyte'], ['MB']],
  ['GB', 'data', 1e9, ['gigabytes', 'gigabyte'], ['GB']],
  ['TB', 'data', 1e12, ['terabytes', 'terabyte'], ['TB']],
  ['kbit/s', 'data rate', 1e3, ['kilobits per second', 'kbps', 'kbit/s', 'kb/s'], []],
  ['Mbit/s', 'data rate', 1e6, ['megabits per second', 'mbps', 'mbit/s', 'mb/s'], []],
  ['Gbit/s', 'data rate', 1e9, ['gigabits per second', 'gbps', 'gbit/s'], []],
  ['MP', 'resolution', 1e6, ['megapixels', 'megapixel', 'mega-pixel'], []],
  ['s', 'duration', 1, ['seconds', 'second', 'secs', 'segundos', 'segundo'], []],
  ['min', 'duration', 60, ['minutes', 'minute', 'mins', 'min', 'minutos', 'minuto'], []],
  ['h', 'duration', 3600, ['hours', 'hour', 'hrs', 'horas', 'hora'], []],
  ['day', 'duration', 86400, ['days', 'day', 'días', 'día'], []],
  ['week', 'duration', 604800, ['weeks', 'week', 'semanas', 'semana'], []],
  ['month', 'duration', 2629746, ['months', 'month', 'meses', 'mes'], []],
  ['year', 'duration', 31556952, ['years', 'year', 'yrs', 'años', 'año'], []],
];

/** The age unit: "45-year-old", "aged 12", "N años de edad". Compared only with ages. */
export const AGE: UnitDef = { code: 'age', dim: 'age', factor: 1, offset: 0 };

const BY_FORM = new Map<string, UnitDef>();
const BY_CASED = new Map<string, UnitDef>();
const BY_CODE = new Map<string, UnitDef>();
const forms: string[] = [];
const cased: string[] = [];
for (const [code, dim, factor, fs, cs] of ROWS) {
  const def: UnitDef = { code, dim, factor, offset: code === 'F' ? -32 * (5 / 9) : 0 };
  BY_CODE.set(code, def);
  for (const f of fs) {
    BY_FORM.set(f, def);
    forms.push(f);
  }
  for (const f of cs ?? []) {
    BY_CASED.set(f, def);
    cased.push(f);
  }
}
BY_CODE.set('age', AGE);

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
const byLength = (a: string, b: string): number => b.length - a.length;

/** Unit words after a number: spaced or hyphenated ("5 km", "60-kg", "10 TB"). */
const UNIT_WORD = new RegExp(`(?:\\s+|-|\\s?(?=[°º]))(${forms.sort(byLength).map(esc).join('|')})(?![\\p{L}\\p{N}])`, 'iuy');
const UNIT_CASED = new RegExp(`(?:\\s?|-)(${cased.sort(byLength).map(esc).join('|')})(?![\\p{L}\\p{N}])`, 'uy');
/** Glued abbreviations: "5km", "200lbs", "75ml", "30mph", "3GW", "-3C". */
const UNIT_GLUED = new RegExp(
  `(${forms
    .filter((f) => f.length <= 5 && !/\s/.test(f) && !/^(?:day|days|hour|mile|week|year|ton|tons|foot|feet|inch|yard|yards|acre|stone|metro|mes|hora|año|años|día|días|kilo|kilos)$/.test(f))
    .sort(byLength)
    .map(esc)
    .join('|')})(?![\\p{L}\\p{N}])`,
  'iuy',
);

/** First two letters (lower case) of every spaced unit form: a cheap gate before the big regex. */
function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 192;
}
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}
function headKey(s: string): number {
  const a = lower(s.charCodeAt(0) || 0);
  const b = lower(s.charCodeAt(1) || 0);
  const c2 = s.charCodeAt(2);
  const c = s.length >= 3 && (isLetterCode(c2) || c2 === 47 || c2 === 50 || c2 === 51 || c2 === 178 || c2 === 179) ? lower(c2) : 0;
  return a * 4294967296 + b * 65536 + c;
}
const HEADS = new Set<number>([...forms, ...cased].map((f) => headKey(f.length >= 3 ? f.slice(0, 3) : f)));


export interface UnitHit {
  def: UnitDef;
  end: number;
}

/** A unit written right after position `e` (glued, spaced or hyphenated), or null. */
export function unitAt(text: string, e: number, glued: boolean): UnitHit | null {
  if (glued) {
    UNIT_CASED.lastIndex = e;
    let m = UNIT_CASED.exec(text);
    if (m && m.index === e) return { def: BY_CASED.get(m[1]) as UnitDef, end: UNIT_CASED.lastIndex };
    UNIT_GLUED.lastIndex = e;
    m = UNIT_GLUED.exec(text);
    if (m) return { def: BY_FORM.get(m[1].toLowerCase()) as UnitDef, end: UNIT_GLUED.lastIndex };
    return null;
  }
  let k = e;
  while (k < text.length && k < e + 8 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 45 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 10)) k++;
  const c0 = text.charCodeAt(k);
  if (c0 !== 176 && c0 !== 186) {
    // Cheap gate (no allocation): the word's first three letters must start some unit form.
    if (!isLetterCode(c0)) return null;
    const c1 = text.charCodeAt(k + 1);
    const c2 = text.charCodeAt(k + 2);
    const l1 = isLetterCode(c1) || c1 === 47 ? lower(c1) : 0;
    const l2 = l1 && (isLetterCode(c2) || c2 === 47 || c2 === 50 || c2 === 51 || c2 === 178 || c2 === 179) ? lower(c2) : 0;
    if (!HEADS.has(lower(c0) * 4294967296 + l1 * 65536 + l2)) return null;
  }
  UNIT_WORD.lastIndex = e;
  const m = UNIT_WORD.exec(text);
  if (m) return { def: BY_FORM.get(m[1].toLowerCase().replace(/\s+/g, ' ')) as UnitDef, end: UNIT_WORD.lastIndex };
  UNIT_CASED.lastIndex = e;
  const c = UNIT_CASED.exec(text);
  if (c && c[1].length >= 2 && text.charCodeAt(e) === 32) return { def: BY_CASED.get(c[1]) as UnitDef, end: UNIT_CASED.lastIndex };
  return null;
}

export function unitByCode(code: string): UnitDef | undefined {
  return BY_CODE.get(code);
}

/** `value` in `code` converted to its dimension's base unit (metres, kg, m³, m/s, °C, W, J, bytes, s). */
export function toBase(value: number, code: string): number {
  const u = BY_CODE.get(code);
  if (!u) return value;
  return value * u.factor + u.offset;
}

/** A precision (half-width) in `code` converted to the base unit (no offset). */
export function precisionToBase(p: number, code: string): number {
  const u = BY_CODE.get(code);
  return u ? p * u.factor : p;
}
