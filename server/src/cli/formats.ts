/** Output formats of `source-linked check`: stylish (ESLint-like), json, sarif 2.1.0, github annotations. */
import { JUDGMENT_CODES, Severity } from '../core/types';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** One finding; lines and columns are 1-based, the end exclusive. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  figure?: string;
  suggestions?: { key: string; locator: string; title: string }[];
}

export function formatFindings(findings: Finding[], format: OutputFormat, opts: { color?: boolean; files?: string[] } = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(findings, null, 2);
    case 'sarif':
      return JSON.stringify(toSarif(findings), null, 2);
    case 'github':
      return findings.map(githubLine).join('\n');
    default:
      return stylish(findings, !!opts.color);
  }
}

function stylish(findings: Finding[], color: boolean): string {
  const c = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  if (findings.length === 0) return c(32, '✔ No problems: every figure is cited and backed by its source.');
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push('', c(4, file));
    const posW = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
    const sevW = Math.max(...list.map((f) => f.severity.length));
    const msgW = Math.min(100, Math.max(...list.map((f) => f.message.length)));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(posW);
      const sev = f.severity === 'error' ? c(31, f.severity.padEnd(sevW)) : c(33, f.severity.padEnd(sevW));
      lines.push(`  ${c(2, pos)}  ${sev}  ${f.message.padEnd(msgW)}  ${c(2, f.code)}`);
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const other = findings.length - errors - warnings;
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (other) parts.push(`${other} info`);
  // What a reviewer needs: claims the sources contradict, broken citations, and missing citations.
  const group = (codes: string[]) => findings.filter((f) => codes.includes(f.code)).length;
  const wrong = group(['figure-not-in-source', 'quote-not-in-source']);
  const broken = group(['unknown-source', 'bad-locator']);
  const uncited = group(['uncited-figure', 'uncited-quote']);
  const kinds = [`${wrong} wrong`, `${broken} broken citation${broken === 1 ? '' : 's'}`, `${uncited} uncited`];
  lines.push('', c(errors ? 31 : 33, `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${parts.join(', ')}): ${kinds.join(', ')}`));
  return lines.join('\n');
}

function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeGithubProp(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function githubLine(f: Finding): string {
  const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${escapeGithubProp(f.file)}`,
    `line=${f.line}`,
    `col=${f.column}`,
    `endLine=${f.endLine}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeGithubProp('source-linked ' + f.code)}`,
  ];
  return `::${level} ${props.join(',')}::${escapeGithubData(f.message)}`;
}

const RULE_HELP: Record<string, string> = {
  'uncited-figure': 'A number, amount or percentage has no citation in its sentence.',
  'figure-not-in-source': 'The cited source does not state this figure; names the source figure in the same role.',
  'quote-not-in-source': 'A cited quotation of five or more words is not in the cited source (a misquote shows the source\'s words).',
  'uncited-quote': 'A quotation of five or more words, or a block quote, has no citation.',
  'unknown-source': 'The citation key is not in the corpus.',
  'bad-locator': 'The locator points outside the cited source, e.g. paragraph 40 of 12.',
  'not-checked': 'Part of the draft (or all of it) exceeds a size or nesting limit and was not checked.',
  'punctuation-in-citation': 'Sentence punctuation typed inside a citation, e.g. [@key, para. 2.]: it belongs after the closing bracket.',
};

function toSarif(findings: Finding[]) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'source-linked',
            informationUri: 'https://github.com/source-linked/source-linked-writing',
            rules: JUDGMENT_CODES.map((id) => ({ id, shortDescription: { text: RULE_HELP[id] } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: JUDGMENT_CODES.indexOf(f.code as (typeof JUDGMENT_CODES)[number]),
          level: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
