/**
 * The server's V8 heap policy (issue 13: whole-process memory). V8 lets the old generation grow
 * to up to 4× what survived the last full collection before it collects again (the factor it
 * picks on a machine with a large heap limit). A check of a long draft makes garbage that lives
 * long enough to be promoted, so a server with ~90 MB of live heap reached 230-300 MB between
 * collections on Reuters. A fixed growth of 100% (2×) cut the heap's peak through a burst of
 * 1,000-paragraph checks from 227 MB to 170 MB for about 3% more CPU (75%: 155 MB for +15%;
 * 50%: 137 MB for +20%; measured in README "Memory").
 *
 * The flag is read each time V8 sets its next limit, so setting it once at startup applies from
 * the first collection on. A value given on the command line or in NODE_OPTIONS wins, and
 * SOURCE_LINKED_HEAP_GROWING_PERCENT=0 leaves V8's own choice (for comparisons).
 */
import * as v8 from 'v8';

export const HEAP_GROWING_PERCENT = 100;

/** The growth percent to set, or undefined to leave V8's default (see the file comment). */
export function heapGrowingPercent(execArgv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const given = (s: string | undefined) => !!s && /--heap[-_]growing[-_]percent/.test(s);
  if (execArgv.some(given) || given(env.NODE_OPTIONS)) return undefined;
  const raw = env.SOURCE_LINKED_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return HEAP_GROWING_PERCENT;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n <= 1000 ? n : undefined;
}

/** Apply the heap policy to this process; returns the percent set, if any. */
export function applyHeapPolicy(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const p = heapGrowingPercent(execArgv, env);
  if (p !== undefined) v8.setFlagsFromString(`--heap-growing-percent=${p}`);
  return p;
}
