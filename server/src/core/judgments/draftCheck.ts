/**
 * A checked draft: its model and the judgments on it. What every feature reads.
 */
import { CorpusIndex } from '../index/index';
import { Settings } from '../settings';
import { DraftModel, Figure, Judgment } from '../types';
import { CheckResult } from './check';
import { DraftChecker } from './incremental';

export interface DraftCheck extends CheckResult {
  model: DraftModel;
  /** The judgments whose range holds `offset`, read from the chunk there (DraftAnalysis has it). */
  judgmentsAt?(offset: number): Judgment[];
  /** The figures lying wholly inside [start, end), read from the chunks there (DraftAnalysis has it). */
  figuresBetween?(start: number, end: number): Figure[];
  /** A model for lookups at `offset`, without assembling the whole draft's (DraftAnalysis has it). */
  modelAround?(offset: number): DraftModel;
}

/** Check a draft text: the same draft analysis the language server reads (judgments/incremental.ts). */
export function checkText(text: string, index: CorpusIndex, settings: Settings): DraftCheck {
  return new DraftChecker().check(text, index, settings);
}
