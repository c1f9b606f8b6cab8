/**
 * Work a warm start does while the index cache's blocks are read on the thread pool (indexLoad.ts
 * `whileReading`; issue 13): the first figure extraction of a session compiles the extractor's regular
 * expressions (V8 compiles a regular expression when it first runs, and its code cache holds none), 45-75 ms
 * here that the first draft check paid before its diagnostics. Extracting the figures of a sample sentence
 * while the main thread would otherwise wait for the disk moves that out of the first check. Nothing is kept:
 * the result is dropped, and the extractor holds no state between calls besides its compiled expressions.
 */
import { extractFigures } from '../figures/extract';

/** English figures of the kinds drafts state: dates, times, money, scales, units (spaced, glued, hyphenated), percentages, ranges, ratios, scores. */
export const WARM_SAMPLE =
  'On March 3, 1987 the company said it paid 12.5 mln dlrs, up 4 pct from $1.2 billion in 2021, for 60 km of pipe, 3,000 tonnes, ' +
  'a 40-ton crane and 5kg samples at 1500 GMT on Friday 7; in the last 16, about 43 students (12%) rose 2-3 times, 10 to 15 per cent, 1 in 4 voters, voted 310 to 290, page 10-12.';

let warmed = false;

/** Compile the figure extractor's expressions once per process (later calls do nothing). */
export function warmDraftChecks(): void {
  if (warmed) return;
  warmed = true;
  try {
    extractFigures(WARM_SAMPLE);
  } catch {
    /* a warm-up never fails a load */
  }
}
