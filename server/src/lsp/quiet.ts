/**
 * Background work that waits for a quiet server (issue 13). A long draft's first diagnostics go out
 * before its total is counted (lsp/analysis.ts, DraftChecker's eagerJudgments); counting the rest checks
 * the paragraphs past the first 1,000 judgments and publishes the whole list again. Run straight after
 * the first publish, that count and its second publish (about 580 KB of JSON for a 1,000-paragraph
 * Reuters draft) landed on whatever the client did next: the client was still reading the first list,
 * and the next draft it opened waited behind the count's slices and the second list.
 *
 * A job here runs once no message has come in for `quietMs` and `busy()` (a check scheduled or
 * running) is false; a job that stops itself because the server got busy again (it returns false)
 * is queued again. One job per key: a newer one replaces the one waiting.
 */

/** How long the server must have heard nothing before a waiting count runs. */
export const QUIET_MS = 100;

/** A job: resolves true when done, false when it stopped early and should run again later. */
export type QuietJob = () => Promise<boolean>;

export class QuietQueue {
  private readonly jobs = new Map<string, QuietJob>();
  private timer: NodeJS.Timeout | undefined;
  private active = false;
  private last: number;

  constructor(
    private readonly busy: () => boolean,
    private readonly quietMs = QUIET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** A message came in. */
  activity(): void {
    this.last = this.now();
  }

  /** Run `job` once the server is quiet (replacing the job waiting under `key`). */
  schedule(key: string, job: QuietJob): void {
    this.jobs.set(key, job);
    this.arm(this.quietMs);
  }

  /** Drop the job waiting under `key` (a closed draft). */
  delete(key: string): void {
    this.jobs.delete(key);
  }

  /** A job is running now. */
  get running(): boolean {
    return this.active;
  }

  /** Jobs waiting (for tests). */
  get size(): number {
    return this.jobs.size;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.jobs.clear();
  }

  private arm(ms: number): void {
    if (this.timer || this.active || !this.jobs.size) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(1, ms));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.jobs.size) return;
    if (this.busy()) return this.arm(this.quietMs);
    const quiet = this.now() - this.last;
    if (quiet < this.quietMs) return this.arm(this.quietMs - quiet);
    const [key, job] = this.jobs.entries().next().value as [string, QuietJob];
    this.jobs.delete(key);
    this.active = true;
    let done = true;
    try {
      done = await job();
    } catch {
      done = true; // a failed job is not run again
    } finally {
      this.active = false;
    }
    if (!done && !this.jobs.has(key)) this.jobs.set(key, job);
    this.arm(this.quietMs);
  }
}
