/**
 * The sources' metadata columns of the index cache (cacheSources.ts): an ASCII string table is decoded as
 * one string and sliced (issue 13, warm start), any other byte for byte; both give the strings written.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCache, writeCache } from '../../../server/src/core/index/cache';
import { indexOf, source } from '../../helpers/fixtures';
import { Source } from '../../../server/src/core/types';

function roundTrip(dir: string, sources: Source[]): Source[] {
  writeCache(dir, indexOf(...sources).toSnapshot(), { config: 't', stamps: [], skipped: [] });
  const r = readCache(dir);
  assert.ok(r.ok, !r.ok ? r.reason : '');
  return r.ok ? r.snapshot.sources : [];
}

const fields = (s: Source) => [s.key, s.title, s.file, s.date, s.author, s.publisher, s.lang, s.containerTitle];

describe('index cache: source metadata columns (cacheSources.ts)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-cachesrc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an all-ASCII table gives back every field of every source (short and long strings, shared and not)', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      source(`k${i}`, i % 5 ? `A title long enough to be sliced, number ${i}` : `T${i}`, [`Passage ${i} says ${i + 1} people came.`], {
        file: `/c/dir${i % 13}/file-${i}.txt`,
        startLine: i,
        date: i % 4 ? `19${10 + (i % 80)}-01-02` : undefined,
        author: i % 7 ? undefined : `Author ${i % 11}`,
        publisher: 'Reuters',
        lang: 'en',
        containerTitle: i % 2 ? 'The Ledger' : undefined,
      }),
    );
    const back = roundTrip(dir, many);
    assert.deepStrictEqual(back.map(fields), many.map(fields));
  });

  it('one non-ASCII string anywhere: every string still decodes as written', () => {
    const many = Array.from({ length: 500 }, (_, i) => source(`k${i}`, `Title ${i} of the corpus`, [`Passage ${i} says ${i + 1} people came.`], { file: `/c/${i}.txt`, publisher: 'Reuters' }));
    many[250].title = 'Título con acento, “comillas” y 😀';
    const back = roundTrip(dir, many);
    assert.deepStrictEqual(back.map(fields), many.map(fields));
  });
});
