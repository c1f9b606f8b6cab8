/**
 * `source-linked`: the command line, a thin adapter over the core.
 *
 *   source-linked check [--corpus PATH]... [--format stylish|json|sarif|github] [--scope sentence|paragraph]
                      [--severity CODE=error|warning|information|hint|off]... FILE...
 *   source-linked sources [--corpus PATH]... [--json]
 *   source-linked figures [--json] [--lang en|es] [--] [TEXT | -]
 *   source-linked export --format csl-json [--corpus PATH]... [--output FILE]
 *   source-linked add URL [--corpus DIR] [--json]
 *
 * Exit codes: 0 clean, 1 warnings or errors found, 2 usage error or unusable corpus.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs as parseArgv } from 'util';
import { exportCslJson } from '../core/export/csl';
import { extractFigures } from '../core/figures';
import { DEFAULT_SETTINGS, resolveSettings, Settings } from '../core/settings';
import { LineIndex } from '../core/text/lines';
import { Judgment, JUDGMENT_CODES } from '../core/types';
import { CorpusLoad, loadIndex } from '../core/indexLoad';
import { checkText } from '../core/judgments/draftCheck';
import { formatFindings, Finding, FORMATS, OutputFormat } from './formats';
import { addSourceFromUrl, FetchError, firstCorpusFolder } from '../core/corpus/fetch';
import { stopPdfWorker } from '../core/corpus/pdf';

export class UsageError extends Error {}

const USAGE = `Usage:
  source-linked check [--corpus PATH]... [--format stylish|json|sarif|github] [--scope sentence|paragraph]
                      [--severity CODE=error|warning|information|hint|off]... FILE...
  source-linked sources [--corpus PATH]... [--json]
  source-linked figures [--json] [--lang en|es] [--] [TEXT | -]
                                                 (reads stdin when no TEXT or TEXT is -;
                                                  "-3C" is text, or put -- before TEXT)
  source-linked export --format csl-json [--corpus PATH]... [--output FILE]
  source-linked add URL [--corpus DIR] [--json]  save a web article (as Markdown) or a PDF into DIR

Without --corpus, ./sources and ./seeds are used when they exist (add: the first
that exists, else ./sources). Every command also takes --bibliography FILE (repeatable):
a team bibliography (CSL JSON or BibTeX) whose matched entries' keys and metadata win;
*.bib and *.csl.json files in the corpus folders are read anyway. Keys are remembered
in citation-keys.tsv in each corpus folder (commit it).
Symbolic links that leave a corpus folder are skipped unless --follow-links is given.
Exit codes: 0 clean, 1 findings (add: the URL could not be saved), 2 usage error or unusable corpus.`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  stdin: () => Promise<string>;
  isTTY: boolean;
}

interface Args {
  command: string;
  corpus: string[];
  format?: string;
  scope?: string;
  json: boolean;
  output?: string;
  maxFileSizeMB?: number;
  followLinks?: boolean;
  bibliography: string[];
  lang?: string;
  /** --severity CODE=LEVEL, repeatable. */
  severity: Record<string, string>;
  positional: string[];
}

/** Options of every command; `node:util` parseArgs does the parsing (`--x=v`, `--x v`, `--`). */
const OPTIONS = {
  corpus: { type: 'string', short: 'c', multiple: true },
  format: { type: 'string', short: 'f' },
  scope: { type: 'string' },
  output: { type: 'string', short: 'o' },
  bibliography: { type: 'string', short: 'b', multiple: true },
  'max-file-size-mb': { type: 'string' },
  severity: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'follow-links': { type: 'boolean' },
  lang: { type: 'string' },
} as const;

export function parseArgs(argv: string[]): Args {
  let parsed: ReturnType<typeof parseArgv<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  // A negative number is text, not an option ("figures -3C"): everything from it on is positional.
  const neg = argv.findIndex((x, i) => i > 0 && /^[-−+]\.?\d/.test(x));
  const dd = argv.indexOf('--');
  if (neg > 0 && (dd < 0 || dd > neg)) argv = [...argv.slice(0, neg), '--', ...argv.slice(neg)];
  try {
    parsed = parseArgv({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' own messages name the option ("Unknown option '--x'", "Option '--corpus <value>' argument missing").
    const msg = ((e as Error).message || String(e)).replace(/\. To specify a positional argument.*$/s, '').trim();
    throw new UsageError(/^Unknown option/.test(msg) ? `${msg} (to pass text that starts with "-", put -- before it)` : msg);
  }
  const v = parsed.values;
  const [command = '', ...positional] = parsed.positionals;
  const a: Args = { command, corpus: v.corpus ?? [], format: v.format, scope: v.scope, output: v.output, json: v.json ?? false, bibliography: v.bibliography ?? [], severity: {}, positional };
  for (const sv of v.severity ?? []) {
    const m = /^([\w-]+)=(\w+)$/.exec(sv);
    if (!m || !(JUDGMENT_CODES as readonly string[]).includes(m[1]) || !['error', 'warning', 'information', 'hint', 'off'].includes(m[2])) {
      throw new UsageError(`--severity needs CODE=LEVEL, CODE one of ${JUDGMENT_CODES.join(', ')}, LEVEL one of error, warning, information, hint, off (got "${sv}")`);
    }
    a.severity[m[1]] = m[2];
  }
  if (v.lang !== undefined) a.lang = v.lang;
  for (const [name, value] of [['--corpus', v.corpus?.find((c) => c.startsWith('--'))], ['--bibliography', v.bibliography?.find((c) => c.startsWith('--'))], ['--format', v.format], ['--output', v.output], ['--scope', v.scope]] as const) {
    if (value !== undefined && value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  }
  if (v['max-file-size-mb'] !== undefined) {
    const n = Number(v['max-file-size-mb']);
    if (!(n > 0)) throw new UsageError('--max-file-size-mb needs a positive number');
    a.maxFileSizeMB = n;
  }
  if (v['follow-links']) a.followLinks = true;
  return a;
}

async function openCorpus(args: Args, io: Io, allowEmpty = false): Promise<CorpusLoad> {
  let roots = args.corpus;
  if (roots.length === 0) {
    roots = DEFAULT_SETTINGS.corpus.filter((r) => fs.existsSync(path.resolve(io.cwd, r)));
    if (roots.length === 0) {
      throw new CorpusError(
        `No corpus found: neither ./sources nor ./seeds exists in ${io.cwd}.\n` +
          `Name the folder of source files with --corpus PATH (repeatable; folders or globs such as 'notes/**/*.md').`,
      );
    }
  }
  const load = await loadIndex(roots, io.cwd, { maxFileSizeMB: args.maxFileSizeMB, writeKeys: true, bibliography: args.bibliography, followExternalLinks: args.followLinks });
  for (const n of load.notes) io.err(`source-linked: ${n}`);
  for (const w of load.keys.written) {
    if (w.added === 0) continue;
    const rel = path.relative(io.cwd, w.file) || w.file;
    io.err(`source-linked: remembered ${w.added} new citation key${w.added === 1 ? '' : 's'} in ${rel}; commit it so the editor and CI give the same keys`);
  }
  for (const r of load.missingRoots) io.err(`source-linked: corpus root not found: ${r}`);
  for (const s of load.skipped) io.err(`source-linked: skipped ${path.relative(io.cwd, s.file) || s.file}: ${s.reason}`);
  if (load.index.sourceCount === 0 && !allowEmpty) {
    throw new CorpusError(
      `No sources found in ${roots.join(', ')}: the corpus needs .txt, .md, .html, .pdf or .docx files` +
        (load.skipped.length ? ` (${load.skipped.length} skipped, see above).` : '.'),
    );
  }
  return load;
}

export class CorpusError extends Error {}

async function cmdCheck(args: Args, io: Io): Promise<number> {
  const format = (args.format ?? 'stylish') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${args.format}; use one of ${FORMATS.join(', ')}`);
  if (args.scope && args.scope !== 'sentence' && args.scope !== 'paragraph') throw new UsageError(`--scope must be sentence or paragraph`);
  if (args.positional.length === 0) throw new UsageError('check needs at least one draft FILE');
  const settings: Settings = resolveSettings({ citationScope: args.scope ?? 'sentence', maxFileSizeMB: args.maxFileSizeMB, severity: args.severity });
  const drafts: { file: string; text: string }[] = [];
  for (const f of args.positional) {
    const abs = path.resolve(io.cwd, f);
    let text: string;
    try {
      // A FIFO or device named as a draft would block the read (or never end): regular files only.
      const st = fs.statSync(abs);
      if (!st.isFile()) throw new UsageError(`cannot read draft ${f}: not a regular file${st.isDirectory() ? ' (a directory)' : ''}`);
      text = fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot read draft ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    drafts.push({ file: f, text });
  }
  const load = await openCorpus(args, io);
  const findings: Finding[] = [];
  for (const d of drafts) {
    const res = checkText(d.text, load.index, settings);
    const lines = new LineIndex(d.text);
    for (const j of res.judgments) findings.push(toFinding(d.file, lines, j));
  }
  io.out(formatFindings(findings, format, { color: io.isTTY, files: drafts.map((d) => d.file) }));
  return findings.length ? 1 : 0;
}

function toFinding(file: string, lines: LineIndex, j: Judgment): Finding {
  const s = lines.positionAt(j.start);
  const e = lines.positionAt(j.end);
  const f: Finding = {
    file,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    severity: j.severity,
    code: j.code,
    message: j.message,
  };
  if (j.figure) f.figure = j.figure.text;
  if (j.suggestions?.length) f.suggestions = j.suggestions.map((x) => ({ key: x.key, locator: x.locator, title: x.title }));
  return f;
}

async function cmdSources(args: Args, io: Io): Promise<number> {
  const load = await openCorpus(args, io, args.json);
  const rows = load.index.sources().map((s) => ({
    key: s.key,
    title: s.title,
    date: s.date ?? null,
    author: s.author ?? null,
    publisher: s.publisher ?? null,
    accessed: s.accessed ?? null,
    url: s.url ?? null,
    ...(s.republishedBy ? { republishedBy: s.republishedBy } : {}),
    warnings: s.warnings ?? [],
    file: path.relative(io.cwd, s.file) || s.file,
    startLine: s.startLine + 1,
    endLine: s.endLine + 1,
    passages: s.passages.length,
    ...(s.format ? { format: s.format } : {}),
    ...(s.pages ? { pages: s.pages } : {}),
    ...(s.url ? { url: s.url } : {}),
  }));
  if (args.json) {
    const skipped = load.skipped.map((x) => ({ file: path.relative(io.cwd, x.file) || x.file, reason: x.reason }));
    io.out(JSON.stringify({ sources: rows, skipped, missingRoots: load.missingRoots }, null, 2));
    return rows.length ? 0 : 2;
  }
  const cols: [string, (r: (typeof rows)[number]) => string, number][] = [
    ['KEY', (r) => r.key, 40],
    ['DATE', (r) => r.date ?? '', 10],
    ['PARAS', (r) => String(r.passages), 5],
    ['TITLE', (r) => r.title, 60],
    ['FILE', (r) => (r.pages ? `${r.file} (${r.pages} pp.)` : `${r.file}:${r.startLine}`), 50],
  ];
  const cell = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  io.out(cols.map(([h, , w]) => cell(h, w)).join('  ').trimEnd());
  for (const r of rows) io.out(cols.map(([, get, w]) => cell(get(r), w)).join('  ').trimEnd());
  const warnings = rows.flatMap((r) => r.warnings.map((w) => `  warning  @${r.key}: ${w}`));
  if (warnings.length) io.out('\nMetadata to check:\n' + warnings.join('\n'));
  io.out(`\n${rows.length} sources, ${rows.reduce((n, r) => n + r.passages, 0)} passages` + (load.skipped.length ? `, ${load.skipped.length} files skipped` : '') + (warnings.length ? `, ${warnings.length} metadata warning${warnings.length === 1 ? '' : 's'}` : ''));
  return 0;
}

async function cmdFigures(args: Args, io: Io): Promise<number> {
  const fromStdin = args.positional.length === 0 || (args.positional.length === 1 && args.positional[0] === '-');
  const text = fromStdin ? await io.stdin() : args.positional.join(' ');
  const figs = extractFigures(text, args.lang ? { lang: args.lang } : undefined).map((f) => ({
    text: f.text,
    start: f.start,
    end: f.end,
    value: f.value,
    ...(f.high !== undefined ? { high: f.high } : {}),
    ...(f.second !== undefined ? { second: f.second } : {}),
    unit: f.unit,
    kind: f.kind,
    ...(f.dimension ? { dimension: f.dimension } : {}),
    ...(f.hedge ? { hedge: f.hedge } : {}),
  }));
  if (args.json) io.out(JSON.stringify(figs, null, 2));
  else if (figs.length === 0) io.out('No figures found.');
  else
    for (const f of figs) {
      const v = `${f.value}${f.high !== undefined ? `–${f.high}` : ''}${f.second !== undefined ? `-${f.second}` : ''}`;
      const extra = [f.unit, f.dimension ?? '', f.hedge ? `(${f.hedge})` : ''].filter(Boolean).join(' ');
      io.out(`${String(f.start).padStart(5)}-${String(f.end).padEnd(5)} ${f.text.replace(/\s+/g, ' ').padEnd(24)} ${f.kind.padEnd(8)} ${v} ${extra}`.trimEnd());
    }
  return 0;
}

async function cmdExport(args: Args, io: Io): Promise<number> {
  const format = args.format ?? 'csl-json';
  if (format !== 'csl-json') throw new UsageError(`unknown export --format ${format}; only csl-json is supported`);
  const load = await openCorpus(args, io);
  const json = exportCslJson(load.index.sources(), (f) => load.keys.displayPath(f));
  if (args.output) {
    fs.writeFileSync(path.resolve(io.cwd, args.output), json);
    io.err(`source-linked: wrote ${load.index.sourceCount} entries to ${args.output}`);
  } else io.out(json.replace(/\n$/, ''));
  return 0;
}

async function cmdAdd(args: Args, io: Io): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('add needs exactly one URL');
  const roots = args.corpus.length ? args.corpus : DEFAULT_SETTINGS.corpus;
  const dir = firstCorpusFolder(roots, io.cwd);
  try {
    const added = await addSourceFromUrl(args.positional[0], dir);
    const rel = path.relative(io.cwd, added.file) || added.file;
    if (args.json) io.out(JSON.stringify({ ...added, file: rel }, null, 2));
    else io.out(`Saved "${added.title}" to ${rel}\nCite it as [@${added.key}]`);
    return 0;
  } catch (e) {
    if (e instanceof FetchError) {
      io.err(`source-linked: could not add ${args.positional[0]}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'check':
        return await cmdCheck(args, io);
      case 'sources':
        return await cmdSources(args, io);
      case 'figures':
        return await cmdFigures(args, io);
      case 'export':
        return await cmdExport(args, io);
      case 'add':
        return await cmdAdd(args, io);
      case '':
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return args.command === '' ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${args.command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`source-linked: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof CorpusError) {
      io.err(`source-linked: ${e.message}`);
      return 2;
    }
    io.err(`source-linked: internal error: ${(e as Error)?.message ?? String(e)}\nPlease report this with the command you ran.`);
    if (process.env.SOURCE_LINKED_DEBUG) io.err(String((e as Error)?.stack));
    return 2;
  }
}

/** Entry point used by bin/source-linked.js and `node dist/cli.js`. */
export function main(argv = process.argv.slice(2)): void {
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY && !process.env.NO_COLOR,
    stdin: () =>
      new Promise((resolve, reject) => {
        let data = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', (c) => (data += c));
        process.stdin.on('end', () => resolve(data));
        process.stdin.on('error', reject);
      }),
  };
  run(argv, io).then((code) => {
    stopPdfWorker();
    process.exitCode = code;
  });
}

if (require.main === module) main();
