/**
 * The corpus as a CSL JSON bibliography, so `pandoc --citeproc
 * --bibliography refs.json draft.md` resolves every `[@key]`.
 */
import * as path from 'path';
import { Source } from '../types';

export interface CslItem {
  id: string;
  type: string;
  title: string;
  issued?: { 'date-parts': number[][] };
  author?: { literal: string }[];
  publisher?: string;
  'container-title'?: string;
  URL?: string;
  accessed?: { 'date-parts': number[][] };
  'number-of-pages'?: number;
  note?: string;
}

function dateParts(d: string): { 'date-parts': number[][] } | undefined {
  const parts = d.split('-').map((x) => parseInt(x, 10)).filter((n) => Number.isFinite(n));
  return parts.length ? { 'date-parts': [parts] } : undefined;
}

export function toCslJson(sources: Source[], baseDir?: string): CslItem[] {
  return sources.map((s) => {
    const item: CslItem = { id: s.key, type: 'article-newspaper', title: s.title || s.key };
    if (s.date) {
      const parts = s.date.split('-').map((x) => parseInt(x, 10)).filter((n) => Number.isFinite(n));
      if (parts.length) item.issued = { 'date-parts': [parts] };
    }
    if (s.author) item.author = [{ literal: s.author }];
    if (s.publisher) item['container-title'] = s.publisher;
    // Issue 14: web pages and PDFs carry their URL, access date and page count.
    if (s.containerTitle) item['container-title'] = s.containerTitle;
    if (s.format === 'pdf') {
      item.type = 'report';
      if (s.publisher) item.publisher = s.publisher;
      if (s.pages) item['number-of-pages'] = s.pages;
    }
    if (s.url) item.URL = s.url;
    if (s.accessed) item.accessed = dateParts(s.accessed);
    const file = baseDir ? path.relative(baseDir, s.file) : s.file;
    item.note = s.format === 'pdf' ? `${file}, ${s.pages} pages` : `${file}, lines ${s.startLine + 1}-${s.endLine + 1}`;
    return item;
  });
}
