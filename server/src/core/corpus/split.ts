/**
 * Split the decoded text of one source file into articles and paragraphs.
 *
 * Pure function of (text, fileName): no file system, no `vscode`.
 *
 * Pipeline
 *  1. YAML front matter (`---` ... `---`/`...` on the first line) gives title, date,
 *     author, publisher (or source/site), id; it is never part of a passage.
 *  2. Article starts: a dateline line `DATE [(written by NAME)] [– text]` whose nearest
 *     preceding content line (skipping blank lines and captions such as
 *     "Photos: AFP") is a short stand-alone title line (<= 20 words, no final period).
 *     With two or more such starts the file is split there; text before the first start
 *     joins the first article unless it has prose of its own.
 *  3. Paragraphs: blank-line separated. In .txt files a line indented more than the
 *     least indented line of its block starts a new paragraph (Reuters style:
 *     "    The dry period..."); consecutive tabular lines (a run of 3+ spaces inside
 *     the line) and consecutive list items ("- ", "• ", "1. ") stay together.
 *     Inside a hard-wrapped paragraph, a line is checked for boilerplate/date/byline
 *     only when the line before it ended a sentence or was short (< 40 chars).
 *     In Markdown, ATX headings (`# ...`), code fences, thematic breaks and list items
 *     also delimit paragraphs.
 *  4. Per line (see boilerplate.ts): navigation, breadcrumbs, captions, prompts,
 *     footers and wire credits are dropped; a comment prompt such as "Leave a reply"
 *     ends the article once it has prose. A stand-alone "Sources"/"References"
 *     line starts a bibliography that runs to the end of the article and is dropped.
 *     Date lines ("Friday, November 21, 2025", "Published 4 August 2018") and bylines
 *     ("By Jane Doe") set metadata and are dropped. A dateline that opens a paragraph
 *     ("04/01/21 (written by scortez) – On March 18 ...") sets date and author and
 *     stays in the passage; a dateline alone on its line is dropped.
 *  5. Paragraph kinds: the first short stand-alone line (<= 25 words, not ending in
 *     a period) is the title; later lines equal to the title are dropped; other
 *     stand-alone lines of <= 12 words without sentence punctuation are headings (or
 *     leftovers like "0", "With reports from ...") and are not passages; text with no
 *     letter is dropped. A single-line paragraph repeated at the start of the caption
 *     that follows it (image alt text + caption) is dropped with the caption.
 *  6. Passage text is the paragraph's lines, trimmed, joined with one space.
 *     Fallbacks: no title -> the first ten words of the first passage; no date -> the
 *     first "Month D, YYYY" / "D Month YYYY" in the article's header region (captions
 *     included) or first passage.
 */
import { Passage, Source } from '../types';
import { BoilerMatch, classifyBoilerplate, countWords, endsLikeSentence, publisherFromFooter } from './boilerplate';
import { findDateInText, normalizeDate, parseDateLine } from './dates';
import { ArticleMeta, parseFrontMatter } from './frontMatter';
import { mayStartWithDate, WEEKDAY_DATE, BYLINE, SOURCES_HEADING, matchDateline, isBlank, indentOf, hasLetter, numberCount, LIST_ITEM, isTabular, norm, splitLines } from './lines';
import { copyFields } from './fields';

export interface ParsedArticle {
  title: string;
  /** ISO yyyy-mm-dd | yyyy-mm | yyyy */
  date?: string;
  author?: string;
  publisher?: string;
  /** Front matter `id:` override for the citation key. */
  id?: string;
  /** Front matter `type:` (a CSL type), raw; normalised with the rest by normalizeMetadata (meta.ts, via enrich.ts). */
  cslType?: string;
  /** Front matter `doi:`, raw. */
  doi?: string;
  /** A weekday date above the title (the page header's "today"): a hint for `accessed`, not the article's date. */
  pageDate?: string;
  /** The publisher named by a copyright footer (the site). */
  footerPublisher?: string;
  /** Wire credit lines ("Writing by ..., Reuters"). */
  credits?: string[];
  /** A date found only in a photo caption (the picture's date, not the article's). */
  captionDate?: string;
  /** True when `date` came from front matter (the writer's word: never second-guessed). */
  dateFromFrontMatter?: boolean;
  /** 0-based inclusive file lines. */
  startLine: number;
  endLine: number;
  /** id -1 (the index assigns ids), n = 1..k; figures empty here (the loader extracts them in the source's language, load.ts). */
  passages: Passage[];
  /** Set by the HTML/PDF readers and by front matter `url:` / `accessed:` / `lang:` (BCP 47; figures are parsed in this language). */
  url?: string;
  accessed?: string;
  lang?: string;
  containerTitle?: string;
  format?: Source['format'];
  pages?: number;
}

interface Ctx {
  text: string;
  lines: string[];
  lineStart: number[];
  markdown: boolean;
  dateFallback: boolean;
}

/** Short stand-alone title-like line at `k` (blank or body start before, blank after). */
function isTitleLine(ctx: Ctx, k: number, bodyStart: number): boolean {
  const t = ctx.lines[k].trim();
  if (!t || !hasLetter(t)) return false;
  if (k > bodyStart && !isBlank(ctx.lines[k - 1])) return false;
  if (k + 1 < ctx.lines.length && !isBlank(ctx.lines[k + 1])) return false;
  if (countWords(t, 21) > 20) return false;
  if (t.endsWith('.') && !t.endsWith('..')) return false;
  return true;
}

/** Lines where a new article starts (its title line), in order. */
function findArticleStarts(ctx: Ctx, bodyStart: number): number[] {
  const { lines } = ctx;
  const starts: number[] = [];
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i];
    if (line.length === 0 || (i > bodyStart && !isBlank(lines[i - 1]))) continue;
    const c = line.charCodeAt(0);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) continue;
    const t = line.trim();
    const dl = matchDateline(t);
    if (!dl || (!dl.author && !dl.dash)) continue;
    // Walk back to the title, skipping blanks and captions/credits.
    let k = i - 1;
    let seen = 0;
    let title = -1;
    while (k >= bodyStart && seen < 6) {
      const tk = lines[k].trim();
      if (tk) {
        seen++;
        if (!classifyBoilerplate(tk)) {
          if (isTitleLine(ctx, k, bodyStart)) title = k;
          break;
        }
      }
      k--;
    }
    if (title >= 0 && (starts.length === 0 || title > starts[starts.length - 1])) starts.push(title);
  }
  return starts;
}

/** Parse lines [s, e] as one article. Returns undefined when nothing is in range. */
function parseArticle(ctx: Ctx, s: number, e: number, meta: ArticleMeta): ParsedArticle | undefined {
  const { lines, lineStart, markdown } = ctx;
  while (s <= e && isBlank(lines[s])) s++;
  while (e >= s && isBlank(lines[e])) e--;
  if (s > e) return undefined;

  let title = meta.title;
  let titleNorm = title ? norm(title) : '';
  let date = meta.date;
  let author = meta.author;
  let publisher = meta.publisher;
  let footerPublisher: string | undefined;
  let pageDate: string | undefined;
  const credits: string[] = [];
  const captions: string[] = [];
  /** Dates read from date lines and datelines (not from the fallback search). */
  const lineDates = new Set<string>();
  let ended = false;
  let inSources = false;
  let inFence = false;
  const passages: Passage[] = [];
  /** Lines of the paragraph being collected (content lines only). */
  let group: number[] = [];
  /** Least indentation among the lines of the current blank-line block. */
  let blockIndent = Infinity;
  /** Trimmed text of the last line added to `group`. */
  let lastContent = '';
  let lastWasPassage = false;

  /** Last line dropped as boilerplate/date/byline (counts as a break before the next paragraph). */
  let droppedLine = -2;
  /** Close the current paragraph; `breakAfter` = it is followed by a blank or dropped line. */
  const flush = (breakAfter = true) => {
    if (group.length === 0) return;
    const g = group;
    group = [];
    const first = g[0];
    const last = g[g.length - 1];
    const standalone = breakAfter && (first === s || isBlank(lines[first - 1]) || droppedLine === first - 1);
    let text: string;
    if (g.length === 1) text = lines[first].trim();
    else {
      const parts: string[] = new Array(g.length);
      for (let i = 0; i < g.length; i++) parts[i] = lines[g[i]].trim();
      text = parts.join(' ');
    }
    lastWasPassage = false;
    if (!hasLetter(text)) return;
    if (g.length === 1 && markdown && text[0] === '#' && /^#{1,6}(?:\s|$)/.test(text)) {
      const h = text.replace(/^#+\s*/, '').replace(/\s*#+\s*$/, '');
      if (!title && h) {
        title = h;
        titleNorm = norm(h);
      }
      return;
    }
    // Titles and headings are lines standing alone between blank (or dropped) lines;
    // a short line inside an indentation-split block is data ("    Pay April 1").
    if (g.length === 1 && standalone) {
      const words = countWords(text, 26);
      if (!title) {
        const c = text[text.length - 1];
        if (words <= 25 && (c !== '.' || text.endsWith('..'))) {
          title = text;
          titleNorm = norm(text);
          return;
        }
      } else if (titleNorm && text.length <= 2 * title.length + 8 && norm(text) === titleNorm) return; // repeated title
      if (words <= 12 && !endsLikeSentence(text) && !isTabular(text) && numberCount(text) < 2) return; // heading / leftover
    }
    const raw = lines[first];
    passages.push({
      id: -1,
      n: passages.length + 1,
      text,
      startLine: first,
      endLine: last,
      startOffset: lineStart[first] + indentOf(raw),
      figures: [], // found by the loader (see load.ts), so splitting stays a bare pass
    });
    lastWasPassage = true;
  };

  const onBoiler = (b: BoilerMatch, t: string) => {
    if (b.kind === 'footer' && !publisher) publisher = footerPublisher = publisherFromFooter(t);
    if (b.kind === 'credit') credits.push(t);
    if (b.kind === 'caption') captions.push(t);
    if (b.kind === 'caption' && lastWasPassage) {
      // Alt text repeated at the start of the caption: drop both.
      const p = passages[passages.length - 1];
      if (p.startLine === p.endLine) {
        const pn = norm(p.text);
        if (pn.length > 0 && norm(t).startsWith(pn)) passages.pop();
      }
    }
    if (b.endsArticle && passages.length > 0) ended = true;
  };

  for (let i = s; i <= e; i++) {
    const line = lines[i];
    if (isBlank(line)) {
      flush();
      blockIndent = Infinity;
      continue;
    }
    const t = line.trim();
    if (ended || inSources) {
      if (!publisher && (t[0] === '©' || /^(?:\(c\)|copyright)\b/i.test(t))) publisher = footerPublisher = publisherFromFooter(t);
      continue;
    }
    if (markdown) {
      if (t.startsWith('```') || t.startsWith('~~~')) {
        flush();
        inFence = !inFence;
        continue;
      }
      if (inFence) continue;
      if (t[0] === '#' && /^#{1,6}(?:\s|$)/.test(t)) {
        flush();
        if (SOURCES_HEADING.test(t)) {
          inSources = true;
          continue;
        }
        group.push(i);
        flush();
        continue;
      }
      if (/^(?:[-*_]\s*){3,}$/.test(t)) {
        flush();
        continue;
      }
      if (/^(?:[-*+]|\d{1,3}[.)])\s+/.test(t)) flush(false);
    }
    const indent = indentOf(line);
    if (!markdown && group.length > 0 && indent > blockIndent) {
      // Indented more than the block's least indented line: a new paragraph (Reuters
      // style), unless this line and the one before are rows of one table or items of
      // one list.
      const prev = lines[i - 1].trim();
      const sameTable = isTabular(t) && isTabular(prev);
      const sameList = !sameTable && LIST_ITEM.test(t) && LIST_ITEM.test(prev);
      if (!sameTable && !sameList) flush(false);
    }
    if (indent < blockIndent) blockIndent = indent;

    if (group.length === 0 && t.length <= 40 && SOURCES_HEADING.test(t)) {
      inSources = true;
      continue;
    }
    if (group.length > 0) {
      // Inside a hard-wrapped paragraph a line is only looked at on its own when the
      // line before it was complete (ended a sentence, or was short).
      const prev = lastContent;
      if (prev.length >= 40 && !endsLikeSentence(prev)) {
        group.push(i);
        lastContent = t;
        continue;
      }
    }
    const b = classifyBoilerplate(t);
    if (b) {
      flush();
      onBoiler(b, t);
      droppedLine = i;
      continue;
    }
    // Date-only lines.
    if (t.length <= 80) {
      const c = t.charCodeAt(0);
      const digit = c >= 48 && c <= 57;
      if (digit || mayStartWithDate(t)) {
        const d = parseDateLine(t);
        if (d) {
          flush();
          // A weekday date above the title is the page header's "today": the day the page was saved.
          if (!title && !date && !pageDate && passages.length === 0 && WEEKDAY_DATE.test(t)) pageDate = d;
          else if (!date) date = d;
          lineDates.add(d);
          droppedLine = i;
          continue;
        }
      }
      if ((c === 66 || c === 98) && (t[1] === 'y' || t[1] === 'Y') && t.length <= 70) {
        const m = BYLINE.exec(t);
        if (m && countWords(m[1], 6) <= 5) {
          flush();
          if (!author) author = m[1].trim();
          droppedLine = i;
          continue;
        }
      }
    }
    if (group.length === 0) {
      const dl = matchDateline(t);
      if (dl) {
        if (!date) date = dl.iso;
        lineDates.add(dl.iso);
        if (!author && dl.author) author = dl.author;
        if (!dl.rest || !hasLetter(dl.rest)) {
          droppedLine = i;
          continue;
        }
      }
    }
    group.push(i);
    lastContent = t;
  }
  flush();

  if (passages.length > 0 && !date && ctx.dateFallback) {
    // Header region (captions included) through the first passage.
    const p = passages[0];
    const end = p.startOffset + (lineStart[p.endLine] - lineStart[p.startLine]) + lines[p.endLine].length;
    date = findDateInText(ctx.text.slice(lineStart[s], Math.min(end, lineStart[s] + 20000)));
    if (date && date === pageDate) date = undefined;
  }
  // A date that only a photo caption gives is the picture's, not the article's.
  let captionDate: string | undefined;
  if (date && !meta.date && captions.some((c) => findDateInText(c) === date) && !lineDates.has(date)) {
    captionDate = date;
    date = undefined;
  }
  if (!title) {
    const words = passages.length > 0 ? passages[0].text.split(/\s+/).slice(0, 10) : [];
    title = words.join(' ').replace(/[\s,;:.–—-]+$/, '');
    if (passages.length > 0 && passages[0].text.split(/\s+/).length > 10) title += '…';
  }
  // A copy made to size: the list grown by push reserves up to 17 slots, and it becomes the source's list for the
  // index's life (2.9 MB of Reuters' live heap against 1.2 MB; issue 13).
  const a: ParsedArticle = { title: title ?? '', startLine: s, endLine: e, passages: passages.slice() };
  if (date) a.date = date;
  if (author) a.author = author;
  if (publisher) a.publisher = publisher;
  copyFields(a, meta, ['id', 'url', 'lang', 'accessed', 'cslType', 'doi']);
  if (pageDate) a.pageDate = pageDate;
  if (footerPublisher && publisher === footerPublisher) a.footerPublisher = footerPublisher;
  if (credits.length) a.credits = credits;
  if (captionDate) a.captionDate = captionDate;
  if (meta.date) a.dateFromFrontMatter = true;
  return a;
}

export interface SplitOptions {
  /** Look for a date inside the header/first paragraph when none was found (default true). */
  dateFallback?: boolean;
}

/**
 * Split a decoded file into citable articles. Articles without any passage are
 * left out. `fileName` is used only for its extension (.md/.markdown = Markdown).
 */
export function splitFile(text: string, fileName: string, opts: SplitOptions = {}): ParsedArticle[] {
  const { lines, lineStart } = splitLines(text);
  const ctx: Ctx = {
    text,
    lines,
    lineStart,
    markdown: /\.(?:md|markdown|mdown|mkd)$/i.test(fileName),
    dateFallback: opts.dateFallback !== false,
  };
  const fm = parseFrontMatter(lines);
  const { bodyStart: _, ...fmMeta } = fm;
  const last = lines.length - 1;
  const starts = findArticleStarts(ctx, fm.bodyStart);
  const out: ParsedArticle[] = [];
  if (starts.length < 2) {
    const a = parseArticle(ctx, fm.bodyStart, last, fmMeta);
    if (a && a.passages.length > 0) {
      if (fm.url) a.url = fm.url;
      if (fm.accessed) a.accessed = fm.accessed;
      if (fm.lang) a.lang = fm.lang;
      out.push(a);
    }
    return out;
  }
  const ranges: [number, number][] = [];
  for (let i = 0; i < starts.length; i++) ranges.push([starts[i], i + 1 < starts.length ? starts[i + 1] - 1 : last]);
  // Text before the first start: its own article if it has prose, else part of the first.
  if (starts[0] > fm.bodyStart) {
    const pre = parseArticle(ctx, fm.bodyStart, starts[0] - 1, fmMeta);
    if (pre && pre.passages.length > 0) out.push(pre);
    else ranges[0][0] = fm.bodyStart;
  }
  for (let i = 0; i < ranges.length; i++) {
    const a = parseArticle(ctx, ranges[i][0], ranges[i][1], out.length === 0 ? fmMeta : {});
    if (a && a.passages.length > 0) out.push(a);
  }
  return out;
}
