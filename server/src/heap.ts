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
import { PerformanceObserver, constants as perfConstants } from 'perf_hooks';

/** The default growth percent; 0: V8's own. */
export const HEAP_GROWING_PERCENT = 0;

/** The number an environment variable gives; NaN when it is unset, blank or not a number. */
function envNumber(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? NaN : Number(raw);
}

/** The growth percent to set, or undefined to leave V8's default (see the file comment). */
export function heapGrowingPercent(execArgv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const given = (s: string | undefined) => !!s && /--heap[-_]growing[-_]percent/.test(s);
  if (execArgv.some(given) || given(env.NODE_OPTIONS)) return undefined;
  const n = envNumber(env, 'SOURCE_LINKED_HEAP_GROWING_PERCENT');
  if (Number.isNaN(n)) return HEAP_GROWING_PERCENT || undefined;
  return Number.isInteger(n) && n > 0 && n <= 1000 ? n : undefined;
}

/** Apply the heap policy to this process; returns the percent set, if any. */
export function applyHeapPolicy(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const p = heapGrowingPercent(execArgv, env);
  if (p !== undefined) v8.setFlagsFromString(`--heap-growing-percent=${p}`);
  return p;
}

// ---- full collections where garbage has piled up -------------------------------------------------
// With V8's own growth (about 3x the live heap here) the next full collection can be a long way off,
// and till then garbage stays resident: a cold build's spent typed arrays (their ArrayBuffers, ~36 MB on
// Reuters-21578, go back only when a full collection frees the objects holding them) and what checks
// promote (a 1,000-paragraph draft opened, checked and closed leaves ~7 MB in the old generation). The
// Reuters server's peak through the bench's runs was set by that (README, "Memory, session 14"). So the
// server collects itself at two points, each only when heap used plus ArrayBuffers grew by more than a
// slack since the last full collection (V8's own or one here): once an index load has been checked
// against the open drafts (COLLECT_SLACK_MB), and after checks once the server is idle (AFTER_CHECK_SLACK_MB,
// or SOURCE_LINKED_GC_SLACK_MB; IdleCollector below). One pause of 55-105 ms each on Reuters.

/** Growth (heap used plus ArrayBuffers, MB) since the last full collection that makes a settled load collect. */
export const COLLECT_SLACK_MB = 32;
/** The same after a check's diagnostics were published (server.ts publish). */
export const AFTER_CHECK_SLACK_MB = 24;

/** The slack after a check: SOURCE_LINKED_GC_SLACK_MB if set (0: never collect after checks), else AFTER_CHECK_SLACK_MB. */
export function afterCheckSlackMB(env: NodeJS.ProcessEnv = process.env): number {
  const n = envNumber(env, 'SOURCE_LINKED_GC_SLACK_MB');
  if (n === 0) return Infinity;
  return Number.isFinite(n) && n > 0 ? n : AFTER_CHECK_SLACK_MB;
}

/** Whether to collect: `nowMB` in use, `lastMB` right after the last full collection (undefined: none seen yet). */
export function shouldCollect(nowMB: number, lastMB: number | undefined, slackMB = COLLECT_SLACK_MB): boolean {
  return lastMB === undefined || nowMB > lastMB + slackMB;
}

let gcFn: (() => void) | null | undefined;
/** Heap used + ArrayBuffers (MB) right after the last full collection, V8's own or one here; undefined before any. */
let lastCollectedMB: number | undefined;
let observing = false;

/** Follow V8's own full collections, so a collection here counts growth since the last of any. */
function observeFullCollections(): void {
  if (observing) return;
  observing = true;
  try {
    new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR)) lastCollectedMB = inUseMB();
    }).observe({ entryTypes: ['gc'] });
  } catch {
    // no GC entries here: growth counts from the last collection made here
  }
}

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

/** A full collection if heap used + ArrayBuffers grew by more than `slackMB` since the last full collection (see above); true if it collected. */
export function collectIfGrown(slackMB = COLLECT_SLACK_MB): boolean {
  observeFullCollections();
  const now = inUseMB();
  // Less in use than right after the last full collection: one freed memory since (V8's, not yet reported
  // to the observer); growth counts from here.
  if (lastCollectedMB !== undefined && now < lastCollectedMB) lastCollectedMB = now;
  if (!shouldCollect(now, lastCollectedMB, slackMB)) return false;
  return collectNow();
}

/** A full collection now (growth then counts from what is still in use); false where `gc` is refused. */
export function collectNow(): boolean {
  observeFullCollections();
  const gc = fullGc();
  if (!gc) return false;
  gc();
  lastCollectedMB = inUseMB();
  return true;
}

/** Collect once after a load settled, if memory grew enough since the last full collection (see above). */
export function collectAfterLoad(): boolean {
  return collectIfGrown(COLLECT_SLACK_MB);
}

/** How long the server must have been idle (no message in, no check scheduled or running) before a collection after checks. */
export const IDLE_MS = 300;

/**
 * The idle time before a collection after checks: SOURCE_LINKED_GC_IDLE_MS if set (0: right after the
 * check's diagnostics, as long as no other check is waiting: the lowest peak, but the pause then lands on
 * a request that follows at once), else IDLE_MS.
 */
export function gcIdleMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = envNumber(env, 'SOURCE_LINKED_GC_IDLE_MS');
  return Number.isInteger(n) && n >= 0 && n <= 60_000 ? n : IDLE_MS;
}

/**
 * The collection after checks, held until the server is idle: a full collection is one pause of
 * 55-105 ms for Reuters' ~60 MB of live heap (on this project's bench machine), and run straight after
 * a check's diagnostics it landed on whatever came next (the next draft opened: 1,000-paragraph diagnostics
 * 110 -> 204 ms). `activity()` is called for every message the client sends; `afterCheck()` after a check's
 * diagnostics went out. The collection runs once nothing came in for `idleMs` and `busy()` says no check is
 * scheduled or running, and only if memory grew past `slackMB` since the last full collection.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  /** Collections made (for tests). */
  collections = 0;

  constructor(
    private readonly slackMB: number,
    private readonly busy: () => boolean,
    private readonly idleMs = IDLE_MS,
    private readonly collect: (slackMB: number) => boolean = collectIfGrown,
    private readonly now: () => number = () => performance.now(),
  ) {}

  activity(): void {
    this.last = this.now();
  }

  afterCheck(): void {
    if (this.timer || !Number.isFinite(this.slackMB)) return;
    this.arm(this.idleMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.busy()) return this.arm(this.idleMs);
    const quiet = this.now() - this.last;
    if (quiet < this.idleMs) return this.arm(Math.max(1, this.idleMs - quiet));
    if (this.collect(this.slackMB)) this.collections++;
  }
}
