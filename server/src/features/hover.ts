/**
 * Hover: on a citation, the passage that backs the claim (the locator's
 * paragraph, or the best match for the sentence's figures and words), the
 * figure in bold, and "para. N of M". On an uncited figure, the candidate
 * passages. Source text is untrusted: always escaped, never a command link.
 */
import { Hover, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'path';
import { closerOfKind } from '../core/figures';
import { isPaged, passageLocator, passagePlace } from '../core/citations/pages';
import { CorpusIndex } from '../core/index/index';
import { citationsForRange } from '../core/citations/scope';
import { sentenceRange } from '../core/judgments/check';
import { Settings } from '../core/settings';
import { DraftModel, Figure, FigureAlignment, Passage, Source } from '../core/types';
import { DraftCheck } from '../core/judgments/draftCheck';
import { toRange } from '../lsp/convert';
import { MarkdownBuilder } from '../lsp/markdown';
import { citationAt, citedPassages, DraftView, judgmentAt, matchingFigures, sentenceContext } from './common';

export function provideHover(index: CorpusIndex, doc: TextDocument, position: Position, settings: Settings, analysis: DraftCheck, baseDir?: string): Hover | null {
  const offset = doc.offsetAt(position);
  // The chunks around the offset, not the whole draft's model (a long draft's hover assembled it per version).
  const model = analysis.modelAround ? analysis.modelAround(offset) : analysis.model;
  const view: DraftView = {
    model,
    get draftFigures() {
      return analysis.draftFigures;
    },
    figuresBetween: analysis.figuresBetween,
  };
  const at = citationAt(model, offset);
  if (at) {
    const { item } = at;
    const src = index.byKey(item.key);
    const range = toRange(doc, item.keyStart - 1, item.keyEnd);
    if (!src) {
      const near = index.nearestKeys(item.key, 3);
      const md = new MarkdownBuilder().bold('Unknown source').text(' ').code('@' + item.key);
      if (near.length) md.paragraph().text('Did you mean ').list(near, ', ', (m, k) => m.text('@' + k)).text('?');
      return { range, contents: md.toMarkup() };
    }
    const [s0, s1] = sentenceRange(model, at.citation.start);
    const sentence = sentenceContext(view, s0, s1);
    const passages = citedPassages(index, view, at.citation, src, item);
    const byPara = item.locator?.label === 'paragraph' && isPaged(src);
    const md = sourceHeader(new MarkdownBuilder(), src, baseDir);
    for (const p of passages) passageBlock(md.rule(), src, p, sentence.figures, byPara);
    return { range, contents: md.toMarkup() };
  }
  const j = judgmentAt(analysis, offset, 'uncited-figure') ?? judgmentAt(analysis, offset, 'figure-not-in-source');
  if (j && j.figure) {
    const md = new MarkdownBuilder();
    if (j.code === 'uncited-figure') {
      md.bold('Uncited figure').text(' ' + j.figure.text).paragraph();
      if (!j.suggestions?.length) md.text(j.message.replace(/^Uncited figure "[^"]*"\. /, '')).paragraph();
    } else {
      md.text(j.message).paragraph();
      if (j.alignment) alignmentMarkdown(md, model, j.figure, j.alignment, j.start);
      // The whole cited passage, its nearest figure in bold, so the writer can decide here.
      for (const c of citationsForRange(model, j.start, j.end, settings.citationScope)) {
        for (const item of c.items) {
          const src = index.byKey(item.key);
          if (!src) continue;
          for (const p of citedPassages(index, view, c, src, item)) {
            md.rule().bold(src.title).text(` · [@${src.key}, ${passageLocator(src, p)}]`).paragraph();
            passageBlock(md, src, p, [j.figure]);
          }
        }
      }
      if (j.suggestions?.length) md.italic('Stated in:').paragraph();
    }
    for (const s of j.suggestions ?? []) {
      const src = index.byKey(s.key);
      const p = src?.passages[s.n - 1];
      if (!src || !p) continue;
      md.rule().bold(src.title).text(` · [@${s.key}, ${s.locator}]`).paragraph();
      md.passage(p.text, matchingFigures(p, [j.figure])).paragraph().italic(passagePlace(src, p)).paragraph();
    }
    return { range: toRange(doc, j.start, j.end), contents: md.toMarkup() };
  }
  return null;
}

/** The draft's sentence and the source's, each with its figure in bold (figure-not-in-source). */
function alignmentMarkdown(md: MarkdownBuilder, model: DraftModel, f: Figure, a: FigureAlignment, at: number): void {
  const text = model.text;
  const [s0, s1] = sentenceRange(model, at);
  md.text('Draft: ');
  if (s1 > s0) md.passage(text.slice(s0, s1).replace(/\s/g, ' '), [{ ...f, start: f.start - s0, end: f.end - s0 }]);
  else md.bold(f.text);
  md.paragraph().text(`Source, para. ${a.n}${a.confident ? '' : ' (uncertain match)'}: `);
  md.passage(a.sentence.replace(/\s/g, ' '), [{ ...f, start: a.figureStart, end: a.figureEnd }]).paragraph();
}

function sourceHeader(md: MarkdownBuilder, src: Source, baseDir?: string): MarkdownBuilder {
  const file = baseDir ? path.relative(baseDir, src.file) : path.basename(src.file);
  const where = isPaged(src) ? `${file}, ${src.pages} page${src.pages === 1 ? '' : 's'}` : `${file}:${src.startLine + 1}`;
  const meta = [src.date, src.author, src.publisher, where].filter((x): x is string => !!x);
  return md.bold(src.title).paragraph().text(meta.join(' · ')).paragraph();
}

function passageBlock(md: MarkdownBuilder, src: Source, p: Passage, figures: Figure[], byParagraph = false): void {
  const bold = matchingFigures(p, figures);
  // A figure the passage does not state: bold the passage's nearest figure of the same kind
  // (the draft says 415, the passage says 414), so the discrepancy is visible at a glance.
  if (bold.length === 0) for (const f of figures) {
    const near = nearestFigure(p, f);
    if (near && !bold.includes(near)) bold.push(near);
  }
  // `para.` on a PDF counts across the whole document: say so, and name the page.
  const place = byParagraph ? `para. ${p.n} of ${src.passages.length}, counted across the whole PDF (${passagePlace(src, p)})` : passagePlace(src, p);
  md.passage(p.text, bold).paragraph().italic(place).paragraph();
}

/** The passage figure of the same kind closest to `f`, if within 20% of it. */
function nearestFigure(p: Passage, f: Figure): Figure | undefined {
  let best: Figure | undefined;
  for (const g of p.figures) if (closerOfKind(f, g, best)) best = g;
  return best && Math.abs(best.value - f.value) <= 0.2 * Math.abs(f.value) ? best : undefined;
}
