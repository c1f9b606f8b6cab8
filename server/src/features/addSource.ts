/**
 * `sourceLinked/addSource`: fetch a URL, save it into the workspace's first corpus
 * folder, index it at once, and say under which key (core/corpus/fetch.ts does
 * the fetching and saving). Errors are messages for the writer, never crashes.
 */
import { isPaged } from '../core/citations/pages';
import { addSourceFromUrl, FetchError, firstCorpusFolder } from '../core/corpus/fetch';
import { CorpusIndex } from '../core/index/index';
import { SkippedFile } from '../core/types';
import { AddSourceResult } from '../protocol';
import { pageViewUri } from './pageView';

/** What the handler needs of a server workspace. */
export interface AddSourceTarget {
  root: string;
  roots: string[];
  index: CorpusIndex;
  skipped: SkippedFile[];
  reindexFiles(changed: string[], deleted: string[]): void;
}

/** The saved and indexed source, or a message saying why not. */
export async function addSource(ws: AddSourceTarget, url: string): Promise<AddSourceResult | { error: string }> {
  try {
    const added = await addSourceFromUrl(url, firstCorpusFolder(ws.roots, ws.root));
    // Index it now rather than waiting for the file watcher, so it can be cited at once.
    ws.reindexFiles([added.file], []);
    const src = ws.index.sources().find((s) => s.file === added.file);
    if (!src) return { error: `Saved ${added.file}, but it could not be indexed: ${ws.skipped.find((s) => s.file === added.file)?.reason ?? 'no citable text'}.` };
    return { file: added.file, key: src.key, title: src.title, format: added.format, viewUri: isPaged(src) ? pageViewUri(src, 1) : undefined };
  } catch (e) {
    if (e instanceof FetchError) return { error: e.message };
    return { error: `Could not add the source: ${(e as Error)?.message ?? String(e)}` };
  }
}
