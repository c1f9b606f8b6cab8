/** Small corpora for unit tests: in memory (no files, no LSP), and two small files for tests that load from disk. */
import * as fs from 'fs';
import * as path from 'path';
import { CorpusIndex } from '../../server/src/core/index/index';
import { Source } from '../../server/src/core/types';
import { extractFigures } from '../../server/src/core/figures';

/** A source from paragraphs of text; passage n is paragraphs[n-1]. */
export function source(key: string, title: string, paragraphs: string[], extra: Partial<Source> = {}): Source {
  let line = 2;
  return {
    key,
    title,
    file: `/corpus/${key}.txt`,
    startLine: 0,
    endLine: 1 + paragraphs.length * 2,
    passages: paragraphs.map((text, i) => {
      const p = { id: -1, n: i + 1, text, startLine: line, endLine: line, startOffset: 0, figures: extractFigures(text) };
      line += 2;
      return p;
    }),
    ...extra,
  };
}

export function indexOf(...sources: Source[]): CorpusIndex {
  const ix = new CorpusIndex();
  ix.addSources(sources);
  return ix;
}

export const AMBUSH = source('ambush-2021', '13 Edomex Officers Killed in Ambush', [
  'On March 18, 13 police officers were gunned down by suspected drug gang members in the State of Mexico.',
  'Three suspects have been charged and 25 other suspects have been detained for their involvement in the ambush.',
  'According to Justice in Mexico, 414 members of police institutions were killed in 2019.',
  'In 2020, the organization reported that 524 police officers were killed.',
  'Martínez-Celis said, “This aggression is an affront to the Mexican state, and we will respond with total force and with the backing of the law.”',
]);

export const AID = source('aid-2021', 'Conversations between Mexico and the United States', [
  'The United States committed $4 billion in aid to development projects in Central America.',
  'Small arms account for 60 to 70 percent of all arms seized in 2016-17.',
  'Mexico received US$2.9 billion under the Merida Initiative.',
]);

export const BUDGET = source('budget-2021', 'Two Years of AMLO in Office', [
  'The Benito Juárez Scholarships budget increased by 65,333 million pesos.',
  'Police recorded 524 arrests in the capital during the operation.',
]);

/** Two small source files (a port story with 1,234, a border story with 5,678) for tests that load from disk. */
export const TWO_FILES: Record<string, string> = {
  'a.txt': 'Port Seizures Rise\n\nCustoms seized 1,234 rifles in 2022.\n',
  'b.txt': 'Border Patrol Report\n\nAgents counted 5,678 crossings.\n',
};

/** Writes `files` (name → text) into `dir`, creating it; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
