/**
 * The server's V8 heap policy (issue 13: whole-process memory), off by default. V8 lets the old
 * generation grow to up to 4× what survived the last full collection before it collects again (the
 * factor it picks on a machine with a large heap limit). A check of a long draft makes garbage that
 * lives long enough to be promoted, so a server with ~90 MB of live heap reached 230-300 MB between
 * collections on Reuters. A fixed growth of 100% (2×) cut the Reuters server's peak by 60-90 MB but
 * made its 1,000-paragraph diagnostics 8-13% slower on an idle machine (README, "Memory, session
 * 11"), past the speed target: so the server leaves V8's own growth unless asked.
 *
 * SOURCE_LINKED_HEAP_GROWING_PERCENT=100 (say) sets it: the flag is read each time V8 sets its next
 * limit, so setting it at startup applies from the first collection on. A value given on the
 * command line or in NODE_OPTIONS wins.
 */
import * as v8 from 'v8';

/** The default growth percent; 0: V8's own. */
export const HEAP_GROWING_PERCENT = 0;

/** The growth percent to set, or undefined to leave V8's default (see the file comment). */
export function heapGrowingPercent(execArgv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const given = (s: string | undefined) => !!s && /--heap[-_]growing[-_]percent/.test(s);
  if (execArgv.some(given) || given(env.NODE_OPTIONS)) return undefined;
  const raw = env.SOURCE_LINKED_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return HEAP_GROWING_PERCENT || undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n <= 1000 ? n : undefined;
}

/** Apply the heap policy to this process; returns the percent set, if any. */
export function applyHeapPolicy(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const p = heapGrowingPercent(execArgv, env);
  if (p !== undefined) v8.setFlagsFromString(`--heap-growing-percent=${p}`);
  return p;
}
