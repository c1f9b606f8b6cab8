/**
 * Shared domain types of the pure core. Nothing here imports `vscode` or an LSP
 * connection: offsets are 0-based UTF-16 code-unit offsets into a JS string, the
 * same unit LSP positions use, so adapters convert with a line index only.
 *
 * Flow: text (decode, tokens) -> parse (corpus files, drafts) -> figures and
 * citations -> index -> judgments -> adapters (LSP, CLI).
 */

/** What kind of quantity a figure states. */
/**
 * count: a plain number; money: unit is an ISO currency code; percent: unit "%"; points:
 * percentage points (unit "pp"), never matched with percent; ratio: fractions and "1 in 4"
 * (value 0..1); measure: a quantity with a unit of measurement (`dimension` says which);
 * score: a result such as "4-2" or "voted 310 to 290" (value and `second`).
 */
export type FigureKind = 'count' | 'money' | 'percent' | 'points' | 'ratio' | 'measure' | 'score';

/** A number that states a quantity, normalised so spellings compare equal. */
export interface Figure {
  /** The text as written, e.g. "US$2.9 billion". */
  text: string;
  /** Offsets into the text the figure was extracted from; end is exclusive. */
  start: number;
  end: number;
  /** Normalised value: "2.3 million" -> 2300000, "15.1%" -> 15.1, "one-third" -> 0.333.. */
  value: number;
  /** Upper end of a range such as "60 to 70 percent" (value is the lower end). */
  high?: number;
  /**
   * Unit: ISO currency code for money ("USD", "MXN", "GBP", "EUR", ...),
   * "%" for percent, "" for plain counts and ratios.
   */
  unit: string;
  kind: FigureKind;
  /**
   * Half-width of the interval the stated precision covers, in value units:
   * "415" -> 0.5, "$3 billion" -> 0.5e9, "2.9 billion" -> 0.05e9, "15.1%" -> 0.05.
   * A source value v matches this figure when |v - value| <= precision.
   */
  precision: number;
  /**
   * For kind measure: "length", "area", "mass", "volume", "speed", "temperature", "duration",
   * "age", "power", "energy", "data", "data rate", "resolution". Figures of different
   * dimensions never match; within one, values are converted ("5 km" ~ "3.1 miles").
   */
  dimension?: string;
  /**
   * A hedge written before the number: "about 300" (approx), "more than 500" (min: a source
   * saying 512 backs it), "up to 40" (max).
   */
  hedge?: 'approx' | 'min' | 'max';
  /** For kind score: the second number ("4-2" -> value 4, second 2). */
  second?: number;
}

/** One paragraph of a source: the unit a locator `para. N` points at. */
export interface Passage {
  /** Global id inside an index (assigned by the index; -1 before indexing). */
  id: number;
  /** 1-based paragraph number within its source. */
  n: number;
  text: string;
  /** 0-based line numbers in the file, inclusive. */
  startLine: number;
  endLine: number;
  /** Offset of the passage's first character in the decoded file text. */
  startOffset: number;
  /** Figures in `text` (offsets relative to the passage text), found when the source is split. */
  figures: Figure[];
  /** 1-based page number, for paged sources (PDF). Undefined for text sources. */
  page?: number;
}

/** One citable article. A file may hold several. */
export interface Source {
  /** Pandoc-valid citation key, unique across the corpus. */
  key: string;
  title: string;
  /** ISO date (yyyy-mm-dd, yyyy-mm or yyyy) where one was found. */
  date?: string;
  author?: string;
  publisher?: string;
  /** Canonical URL of the article, where known (front matter, canonical link, or a URL in the text). */
  url?: string;
  /** ISO date the page was saved or accessed, when that is all a page date says. */
  accessed?: string;
  /** BCP 47 language of the source text ("en", "es"), from front matter or detection. */
  lang?: string;
  /** Name of the publication/site (CSL container-title). */
  containerTitle?: string;
  /** What the file is: plain text, Markdown, HTML, PDF, Word. Undefined means text/Markdown. */
  format?: 'txt' | 'md' | 'html' | 'pdf' | 'docx';
  /** Number of pages, for paged sources (PDF). */
  pages?: number;
  /** Authors as CSL names when known exactly (a bibliography entry, a parsed byline); `author` is their display form. */
  authors?: { family?: string; given?: string; literal?: string }[];
  /** CSL item type for the bibliography: 'article-newspaper', 'report', 'webpage', ... */
  cslType?: string;
  doi?: string;
  /** The site that republished the article; `publisher` is the original publisher. */
  republishedBy?: string;
  /** The key was set explicitly (front matter or sidecar `id`, a bibliography entry), not generated. */
  explicitKey?: boolean;
  /** Problems with this source's metadata for the writer to check (a date the text contradicts); `sources` prints them. */
  warnings?: string[];
  /** Absolute path of the file. */
  file: string;
  /** 0-based lines in the file, inclusive. */
  startLine: number;
  endLine: number;
  passages: Passage[];
}

/** A file the corpus loader did not index, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type JudgmentCode =
  | 'uncited-figure'
  | 'figure-not-in-source'
  | 'quote-not-in-source'
  | 'uncited-quote'
  | 'unknown-source'
  | 'bad-locator'
  | 'not-checked'
  | 'punctuation-in-citation';

export const JUDGMENT_CODES: readonly JudgmentCode[] = [
  'uncited-figure',
  'figure-not-in-source',
  'quote-not-in-source',
  'uncited-quote',
  'unknown-source',
  'bad-locator',
  'not-checked',
  'punctuation-in-citation',
];

/**
 * A claim's standing in the citation report: backed by a resolving citation
 * ('cited'), without citation, contradicted by its source ('mismatched'), or
 * cited to a key that does not exist or a locator out of range.
 */
export type ClaimStatus = 'cited' | 'uncited' | 'mismatched' | 'unknown-key' | 'bad-locator';

/** figure-not-in-source: the source figure that plays the draft figure's role. */
export interface FigureAlignment {
  key: string;
  /** 1-based paragraph of the source figure. */
  n: number;
  file: string;
  startLine: number;
  endLine: number;
  /** The source figure as written ("£106m"). */
  figure: string;
  /** The source sentence holding it, and the figure's offsets in that sentence. */
  sentence: string;
  figureStart: number;
  figureEnd: number;
  /** True when the alignment is clear enough to offer replacing the draft's figure. */
  confident: boolean;
}

/** A passage proposed as the citation for a claim. */
export interface Suggestion {
  key: string;
  /** 1-based paragraph number. */
  n: number;
  /** "para. 3" */
  locator: string;
  title: string;
  score: number;
  /** Where the passage lives, for related information and hovers. */
  file: string;
  startLine: number;
  endLine: number;
  /** Text of the figure as the passage states it (e.g. "414"), when the suggestion is figure-based. */
  figureText?: string;
  /** Page of the passage and page count of its source, for paged sources (PDF). */
  page?: number;
  pages?: number;
}

export interface RelatedLocation {
  file: string;
  startLine: number;
  endLine: number;
  message: string;
  /** For a PDF passage: its page and the page count (lines are then lines of the page view). */
  page?: number;
  pages?: number;
}

export interface Judgment {
  code: JudgmentCode;
  severity: Severity;
  /** Offsets into the draft text; end exclusive. */
  start: number;
  end: number;
  message: string;
  figure?: Figure;
  suggestions?: Suggestion[];
  related?: RelatedLocation[];
  /** figure-not-in-source: the nearest figure of the same kind in the source, as written there. */
  sourceFigure?: { text: string };
  /** figure-not-in-source: the source figure aligned with the draft's (same role), when one is. */
  alignment?: FigureAlignment;
  /** quote-not-in-source: the closest passage's words, which the quick fix puts in place of the quotation. */
  quoteFix?: { text: string };
  /** unknown-source: nearest existing keys (the moved-to key first, when there is one). */
  nearestKeys?: string[];
  /** unknown-source: the key the same source has now (it was re-keyed by front matter, a bibliography entry or the key file). */
  movedKey?: string;
  /** The citation key the judgment is about, when there is one. */
  key?: string;
}

/** A Pandoc locator such as `para. 3`, `paras. 3-5`, `¶ 2`, `p. 4`. */
export interface Locator {
  /** Normalised term: "paragraph", "page", "chapter", "section", "line", ... (Pandoc's locator terms). */
  label: string;
  /** The locator term as written, e.g. "para.", "¶", "pp." */
  term: string;
  /** The value as written, e.g. "3", "3-5", "3, 7". */
  value: string;
  /** For paragraph locators: every paragraph number named ("3-5" -> [3,4,5]). */
  paragraphs?: number[];
  start: number;
  end: number;
}

/** One `@key` inside a citation. */
export interface CitationItem {
  key: string;
  /** Offsets of the key itself, without the `@` (or `-@`). */
  keyStart: number;
  keyEnd: number;
  /** Offsets of the whole item, from its prefix through its suffix. */
  start: number;
  end: number;
  prefix?: string;
  suffix?: string;
  locator?: Locator;
  /** `-@key` */
  suppressAuthor: boolean;
}

/** A Pandoc citation: a bracketed group `[see @a, para. 2; @b]` or author-in-text `@key` / `@key [p. 3]`. */
export interface Citation {
  /** Offsets of the whole citation (brackets included); end exclusive. */
  start: number;
  end: number;
  bracketed: boolean;
  items: CitationItem[];
}

export type BlockKind = 'paragraph' | 'heading' | 'listItem' | 'tableCell' | 'blockquote';

/** A block of prose in a draft: the unit citationScope=paragraph uses. */
export interface DraftBlock {
  kind: BlockKind;
  start: number;
  end: number;
}

export interface Sentence {
  start: number;
  end: number;
  /** Index into DraftModel.blocks. */
  block: number;
}

/** A quotation in the draft: offsets of the quoted words, without the quote marks. */
export interface Quote {
  text: string;
  start: number;
  end: number;
}

/** A parsed draft. All offsets index `text`. */
export interface DraftModel {
  text: string;
  /**
   * `text` with every non-prose span (code, HTML, URLs, link targets, front matter,
   * citations, footnote labels) replaced by spaces, newlines kept. Same length as `text`,
   * so offsets carry over. Figures are extracted from this.
   */
  prose: string;
  blocks: DraftBlock[];
  sentences: Sentence[];
  citations: Citation[];
  quotes: Quote[];
  /** Parts of the draft not checked because they exceed a limit (parse/limits.ts), with the reason. */
  unchecked?: { start: number; end: number; reason: string }[];
  /** Language of the draft's figures, from front matter `lang:` (English when absent). */
  lang?: string;
  /**
   * Where a citation may be written: intervals [s0, e0, s1, e1, ...], sorted (prose blocks
   * minus code, HTML, URLs, link destinations, images, footnote labels, front matter).
   * Set by parseDraft and the draft analysis; see `isCitableOffset` (parse/model.ts).
   */
  citable?: number[];
}
