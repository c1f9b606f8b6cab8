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
  note?: string;
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
    item.note = `${baseDir ? path.relative(baseDir, s.file) : s.file}, lines ${s.startLine + 1}-${s.endLine + 1}`;
    return item;
  });
}
