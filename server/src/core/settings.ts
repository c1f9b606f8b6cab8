/**
 * Typed settings, defined once with their defaults. Adapters resolve them per
 * document (LSP: `workspace/configuration`, section `sourceLinked`; CLI: flags)
 * and pass them down explicitly; nothing here is global state.
 */
import { JudgmentCode, JUDGMENT_CODES, Severity } from './types';

export type CitationScope = 'sentence' | 'paragraph';
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  /** Globs or folders, relative to the workspace folder. */
  corpus: string[];
  citationScope: CitationScope;
  severity: Record<JudgmentCode, SeveritySetting>;
  /** Source files larger than this are skipped with a reason. */
  maxFileSizeMB: number;
  /** Minimum words in a quotation before quote-not-in-source and uncited-quote check it. */
  minQuoteWords: number;
  /** Follow symbolic links that leave a corpus folder (default false: skipped with a reason). */
  followExternalLinks: boolean;
  /** Team bibliography files (CSL JSON or BibTeX), relative to the workspace folder, besides the `*.bib` / `*.csl.json` in corpus folders. */
  bibliography: string[];
}

export const DEFAULT_SEVERITY: Record<JudgmentCode, Severity> = {
  'uncited-figure': 'warning',
  // A figure or quotation its cited source contradicts is a factual error; a missing citation is an omission.
  'figure-not-in-source': 'error',
  'quote-not-in-source': 'error',
  'uncited-quote': 'warning',
  'unknown-source': 'error',
  'bad-locator': 'warning',
  'not-checked': 'warning',
  'punctuation-in-citation': 'warning',
};

export const DEFAULT_SETTINGS: Settings = {
  corpus: ['sources', 'seeds'],
  citationScope: 'sentence',
  severity: { ...DEFAULT_SEVERITY },
  maxFileSizeMB: 10,
  minQuoteWords: 5,
  followExternalLinks: false,
  bibliography: [],
};

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * Merge an untrusted settings object (from a client, initializationOptions or
 * a CLI) over the defaults. Wrong types fall back to the default, so a typo in
 * settings.json never breaks checking.
 */
export function resolveSettings(raw: unknown): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS, severity: { ...DEFAULT_SETTINGS.severity } };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.corpus) && r.corpus.every((c) => typeof c === 'string')) out.corpus = r.corpus as string[];
  else if (typeof r.corpus === 'string') out.corpus = [r.corpus];
  if (r.citationScope === 'sentence' || r.citationScope === 'paragraph') out.citationScope = r.citationScope;
  if (typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0) out.maxFileSizeMB = r.maxFileSizeMB;
  if (Array.isArray(r.bibliography) && r.bibliography.every((c) => typeof c === 'string')) out.bibliography = r.bibliography as string[];
  else if (typeof r.bibliography === 'string' && r.bibliography) out.bibliography = [r.bibliography];
  if (typeof r.minQuoteWords === 'number' && r.minQuoteWords >= 1) out.minQuoteWords = Math.floor(r.minQuoteWords);
  if (typeof r.followExternalLinks === 'boolean') out.followExternalLinks = r.followExternalLinks;
  if (r.severity && typeof r.severity === 'object') {
    for (const code of JUDGMENT_CODES) {
      const v = (r.severity as Record<string, unknown>)[code];
      if (typeof v === 'string' && (SEVERITIES as string[]).includes(v)) out.severity[code] = v as SeveritySetting;
    }
  }
  return out;
}
