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
import { runInNewContext } from 'vm';

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

// ---- one full collection once a load has settled -----------------------------------------------
// A cold build leaves a few tens of MB of garbage in the old generation and, outside the heap,
// the ArrayBuffers of the build's spent typed arrays (their memory goes back only when a full
// collection frees the objects holding them): ~36 MB on Reuters-21578, and with V8's own growth
// the next full collection can be minutes of editing away (README, "Memory, session 14"). So
// once an index load (or reload) has been checked against the open drafts and the server is idle,
// it collects once, if the heap and ArrayBuffers grew by more than COLLECT_SLACK_MB since its
// last such collection. One pause of the order of 100 ms, after the load's diagnostics are out.

/** Growth (heap used plus ArrayBuffers, MB) since the last collection here that makes a settled load collect. */
export const COLLECT_SLACK_MB = 32;

/** Whether a settled load should collect: `nowMB` in use, `lastMB` right after the last collection here (undefined: none yet). */
export function shouldCollect(nowMB: number, lastMB: number | undefined, slackMB = COLLECT_SLACK_MB): boolean {
  return lastMB === undefined || nowMB > lastMB + slackMB;
}

let gcFn: (() => void) | null | undefined;
let lastCollectedMB: number | undefined;

/** V8's full collection (`gc`), exposed for this process if it was not; null where that is refused. */
function fullGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  gcFn = (globalThis as { gc?: () => void }).gc ?? null;
  if (!gcFn) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  return gcFn;
}

function inUseMB(): number {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
}

/** Collect once after a load settled, if memory grew enough since the last time (see above); true if it collected. */
export function collectAfterLoad(): boolean {
  if (!shouldCollect(inUseMB(), lastCollectedMB)) return false;
  const gc = fullGc();
  if (!gc) return false;
  gc();
  lastCollectedMB = inUseMB();
  return true;
}
