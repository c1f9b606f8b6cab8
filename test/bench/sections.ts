/**
 * Named sections of BENCHMARKS.md written by other evaluations (figure gold set, claim
 * alignment, stress runs, PDF corpora, ...). `npm run bench` rewrites the main tables but keeps
 * every section; each evaluation replaces only its own section with `upsertSection`.
 *
 * A section is the text between `<!-- section:NAME -->` and `<!-- /section:NAME -->`.
 */
import * as fs from 'fs';
import * as path from 'path';

export const BENCHMARKS_MD = path.resolve(__dirname, '..', '..', '..', 'BENCHMARKS.md');

const SECTION_RE = /<!-- section:([\w.-]+) -->\n[\s\S]*?<!-- \/section:\1 -->\n?/g;

/** Every section block in `md`, in order, verbatim (each ends with a newline). */
export function sectionsOf(md: string): string[] {
  return [...md.matchAll(SECTION_RE)].map((m) => (m[0].endsWith('\n') ? m[0] : m[0] + '\n'));
}

/** Replace (or append) section `name` of BENCHMARKS.md with `body`. */
export function upsertSection(name: string, body: string, file = BENCHMARKS_MD): void {
  const block = `<!-- section:${name} -->\n${body.trimEnd()}\n<!-- /section:${name} -->\n`;
  let md = '';
  try {
    md = fs.readFileSync(file, 'utf8');
  } catch {
    md = '# Benchmarks\n\n';
  }
  const old = [...md.matchAll(SECTION_RE)].find((m) => m[1] === name);
  const mark = md.lastIndexOf('<!-- bench-results:');
  // Slices, not String.replace: section bodies hold "$" amounts that replace() would read as patterns.
  if (old) md = md.slice(0, old.index) + block + md.slice(old.index! + old[0].length);
  else if (mark >= 0) md = md.slice(0, mark) + block + '\n' + md.slice(mark);
  else md = md.trimEnd() + '\n\n' + block;
  fs.writeFileSync(file, md);
}
