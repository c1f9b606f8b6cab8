/**
 * A copy of a string that shares no storage with the string it came from. V8 keeps a slice
 * (`s.slice(a, b)`, and often `replace`/`trim` results) as a view into its parent, so a short
 * string kept in a cached result can hold a whole draft version or a whole decoded source
 * passage alive. Results that outlive the check (judgments, cached chunks) keep copies.
 */
export function ownCopy(s: string): string {
  return s.length === 0 ? '' : (' ' + s).slice(1);
}
