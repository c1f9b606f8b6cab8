/**
 * HTML of the citation report webview. Pure (no `vscode` import): everything
 * that comes from the server is escaped, since it is text from user files.
 */
import type { ReportItem, ReportResult } from '../../server/src/protocol';
import { escapeHtml } from './citationText';

export interface ReportHtmlOptions {
  /** Random nonce allowing our one <style> and one <script>. */
  nonce: string;
  /** `webview.cspSource` (only used in the CSP; we load no resources). */
  cspSource: string;
  /** Name of the draft shown in the heading. */
  title: string;
  /** Error text instead of a report. */
  error?: string;
}

const STATUS_LABEL: Record<string, string> = {
  cited: 'Cited',
  uncited: 'Uncited',
  mismatched: 'Mismatched',
};

export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "font-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function renderReportHtml(report: ReportResult | undefined, opts: ReportHtmlOptions): string {
  const n = escapeHtml(opts.nonce);
  const body = opts.error || !report ? renderError(opts.error ?? 'No report available.') : renderReport(report);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(opts.nonce, opts.cspSource).replace(/[&"<>]/g, '')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Citation Report</title>
<style nonce="${n}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 16px 0 4px; }
  .sub { color: var(--vscode-descriptionForeground); margin-bottom: 12px; }
  .counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
  .count { border: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); border-radius: 4px; padding: 6px 12px; min-width: 84px; }
  .count .num { font-size: 1.6em; font-weight: 600; display: block; }
  .count .lbl { color: var(--vscode-descriptionForeground); }
  svg.bar { width: 100%; height: 14px; display: block; margin: 4px 0 16px; border-radius: 3px; }
  .cited { fill: var(--vscode-testing-iconPassed, #3fb950); }
  .uncited { fill: var(--vscode-editorWarning-foreground, #d29922); }
  .mismatched { fill: var(--vscode-editorError-foreground, #f85149); }
  .empty { fill: var(--vscode-panel-border, rgba(128,128,128,.35)); }
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: middle; }
  .dot.cited { background: var(--vscode-testing-iconPassed, #3fb950); }
  .dot.uncited { background: var(--vscode-editorWarning-foreground, #d29922); }
  .dot.mismatched { background: var(--vscode-editorError-foreground, #f85149); }
  .toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
  .toolbar label { color: var(--vscode-descriptionForeground); }
  button.refresh { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; border-radius: 2px; cursor: pointer; }
  ul.items { list-style: none; padding: 0; margin: 0; }
  ul.items li { margin: 0; }
  button.item { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 6px 8px; cursor: pointer; border-radius: 3px; }
  button.item:hover, button.item:focus-visible { background: var(--vscode-list-hoverBackground); outline: 1px solid var(--vscode-focusBorder); }
  .fig { font-weight: 600; }
  .where { color: var(--vscode-descriptionForeground); margin-left: 6px; }
  .sentence { display: block; color: var(--vscode-descriptionForeground); margin-top: 2px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .msg { display: block; margin-top: 2px; }
  .keys { color: var(--vscode-textLink-foreground); margin-left: 6px; }
  .error { color: var(--vscode-errorForeground); margin-top: 16px; }
  .hidden { display: none; }
</style>
</head>
<body>
<h1>Citation Report: ${escapeHtml(opts.title)}</h1>
${body}
<script nonce="${n}">
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', function (e) {
    const t = e.target instanceof Element ? e.target.closest('[data-index],[data-action]') : null;
    if (!t) return;
    if (t.hasAttribute('data-index')) {
      vscode.postMessage({ type: 'reveal', index: Number(t.getAttribute('data-index')) });
    } else if (t.getAttribute('data-action') === 'refresh') {
      vscode.postMessage({ type: 'refresh' });
    }
  });
  const filter = document.getElementById('filter');
  if (filter) {
    filter.addEventListener('change', function () {
      const v = filter.value;
      document.querySelectorAll('li[data-status]').forEach(function (li) {
        li.classList.toggle('hidden', v !== 'all' && li.getAttribute('data-status') !== v);
      });
    });
  }
})();
</script>
</body>
</html>`;
}

function renderError(message: string): string {
  return `<p class="error">${escapeHtml(message)}</p>
<div class="toolbar"><button class="refresh" data-action="refresh">Refresh</button></div>`;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

/** Proportion bar as inline SVG (attributes only: the CSP forbids inline style attributes). */
export function renderBar(cited: number, uncited: number, mismatched: number): string {
  const total = cited + uncited + mismatched;
  if (total === 0) {
    return '<svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img" aria-label="No figures"><rect class="empty" x="0" y="0" width="100" height="4"/></svg>';
  }
  let x = 0;
  const parts: string[] = [];
  for (const [cls, v] of [
    ['cited', cited],
    ['mismatched', mismatched],
    ['uncited', uncited],
  ] as const) {
    if (v <= 0) continue;
    const w = (v / total) * 100;
    parts.push(`<rect class="${cls}" x="${x.toFixed(3)}" y="0" width="${w.toFixed(3)}" height="4"><title>${STATUS_LABEL[cls]}: ${v}</title></rect>`);
    x += w;
  }
  const label = `${cited} cited, ${mismatched} mismatched, ${uncited} uncited of ${total} figures`;
  return `<svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg>`;
}

function renderItem(item: ReportItem, index: number): string {
  const status = item.status === 'cited' || item.status === 'uncited' || item.status === 'mismatched' ? item.status : 'uncited';
  const keys = Array.isArray(item.keys) && item.keys.length ? `<span class="keys">${item.keys.map((k) => '@' + escapeHtml(k)).join(', ')}</span>` : '';
  const msg = item.message ? `<span class="msg">${escapeHtml(item.message)}</span>` : '';
  const sentence = item.sentence ? `<span class="sentence">${escapeHtml(item.sentence)}</span>` : '';
  return `<li data-status="${status}"><button class="item" data-index="${index}" title="Reveal in draft">
<span class="dot ${status}" aria-hidden="true"></span><span class="fig">${escapeHtml(item.figure)}</span><span class="where">${STATUS_LABEL[status]} · line ${count(item.line) + 1}</span>${keys}${msg}${sentence}
</button></li>`;
}

function renderReport(r: ReportResult): string {
  const figures = count(r.figures);
  const cited = count(r.cited);
  const uncited = count(r.uncited);
  const mismatched = count(r.mismatched);
  const items = Array.isArray(r.items) ? r.items : [];
  const box = (num: number, label: string, cls?: string) =>
    `<div class="count"><span class="num">${num}</span><span class="lbl">${cls ? `<span class="dot ${cls}" aria-hidden="true"></span>` : ''}${label}</span></div>`;
  return `<div class="sub">${count(r.citations)} citation${count(r.citations) === 1 ? '' : 's'}${count(r.unknownKeys) ? ` · ${count(r.unknownKeys)} unknown key${count(r.unknownKeys) === 1 ? '' : 's'}` : ''}</div>
<div class="counts">
${box(figures, 'Figures found')}
${box(cited, 'Cited', 'cited')}
${box(uncited, 'Uncited', 'uncited')}
${box(mismatched, 'Mismatched', 'mismatched')}
</div>
${renderBar(cited, uncited, mismatched)}
<div class="toolbar">
<label for="filter">Show</label>
<select id="filter">
<option value="all">All figures (${items.length})</option>
<option value="uncited">Uncited</option>
<option value="mismatched">Mismatched</option>
<option value="cited">Cited</option>
</select>
<button class="refresh" data-action="refresh">Refresh</button>
</div>
${items.length ? `<ul class="items">${items.map(renderItem).join('\n')}</ul>` : '<p class="sub">No figures in this draft.</p>'}`;
}
