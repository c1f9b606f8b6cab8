/**
 * A copy of a string that shares no storage with the string it came from. V8 keeps a slice
 * (`s.slice(a, b)`, and often `replace`/`trim` results) as a view into its parent, so a short
 * string kept in a cached result can hold a whole draft version or a whole decoded source
 * passage alive. Results that outlive the check (judgments, cached chunks) keep copies.
 */
export function ownCopy(s: string): string {
  return s.length === 0 ? '' : (' ' + s).slice(1);
}

const INTERN_MAX = 4096;
const interned = new Map<string, string>();

/**
 * One shared copy of a string that many results repeat (the same source sentence quoted in
 * the related information of every claim cited to it): the first copy is kept (its own
 * storage, see ownCopy) and returned for every equal string after it. Bounded: the table is
 * emptied when full, which only costs sharing.
 */
export function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERN_MAX) interned.clear();
  const own = ownCopy(s);
  interned.set(own, own);
  return own;
}
