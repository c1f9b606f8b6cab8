/**
 * HTML of the citation report webview. Pure (no `vscode` import): everything
 * that comes from the server is escaped, since it is text from user files.
 */
import type { FigureStatus, ReportItem, ReportResult } from '../../server/src/protocol';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&#39;';
      default:
        return '&#96;';
    }
  });
}

export interface ReportHtmlOptions {
  /** Random nonce allowing our one <style> and one <script>. */
  nonce: string;
  /** `webview.cspSource` (only used in the CSP; we load no resources). */
  cspSource: string;
  /** Name of the draft shown in the heading. */
  title: string;
  /** Error text instead of a report. */
  error?: string;
  /** Filter selected when the panel opens (the status bar's "2 wrong" opens it on `wrong`). */
  filter?: ReportFilter;
}

/** The report's filters: a status group each. */
export type ReportFilter = 'all' | 'wrong' | 'broken' | 'uncited' | 'cited';
export const REPORT_FILTERS: readonly ReportFilter[] = ['all', 'wrong', 'broken', 'uncited', 'cited'];

/** Statuses in display order, with their card label and the filter group they belong to. */
const STATUSES: readonly { status: FigureStatus; label: string; group: Exclude<ReportFilter, 'all'> }[] = [
  { status: 'cited', label: 'Cited and backed', group: 'cited' },
  { status: 'mismatched', label: 'Wrong (source disagrees)', group: 'wrong' },
  { status: 'unknown-key', label: 'Unknown key', group: 'broken' },
  { status: 'bad-locator', label: 'Bad locator', group: 'broken' },
  { status: 'uncited', label: 'Uncited', group: 'uncited' },
];

const STATUS_LABEL: Record<FigureStatus, string> = {
  cited: 'Cited',
  uncited: 'Uncited',
  mismatched: 'Wrong figure',
  'unknown-key': 'Unknown key',
  'bad-locator': 'Bad locator',
};
/** A quotation's states read differently: backed, uncited, misquoted. */
const QUOTE_LABEL: Record<FigureStatus, string> = {
  cited: 'Quotation backed',
  uncited: 'Uncited quotation',
  mismatched: 'Misquoted',
  'unknown-key': 'Quotation cited to an unknown key',
  'bad-locator': 'Quotation with a bad locator',
};

export interface ReportModel {
  /** Every item counted once: equals the sum of the cards and of the bar. */
  total: number;
  cards: { status: FigureStatus; label: string; count: number }[];
  /** Bar segments (non-empty statuses), widths in percent summing to 100. */
  bar: { status: FigureStatus; count: number; width: number }[];
  items: { item: ReportItem; index: number; status: FigureStatus; group: Exclude<ReportFilter, 'all'>; label: string }[];
  groups: Record<Exclude<ReportFilter, 'all'>, number>;
}

/**
 * The webview's data model, derived from the items alone (the server's
 * summary numbers are not trusted to agree with them): the cards, the bar
 * and the list are counted from the same list, so they add up.
 */
export function reportModel(r: ReportResult): ReportModel {
  const raw = Array.isArray(r.items) ? r.items : [];
  const known = new Set<string>(STATUSES.map((s) => s.status));
  const items = raw.map((item, index) => {
    const status = (known.has(item?.status) ? item.status : 'uncited') as FigureStatus;
    const def = STATUSES.find((s) => s.status === status)!;
    return { item, index, status, group: def.group, label: (item?.kind === 'quote' ? QUOTE_LABEL : STATUS_LABEL)[status] };
  });
  const cards = STATUSES.map((s) => ({ status: s.status, label: s.label, count: items.filter((i) => i.status === s.status).length }));
  const total = items.length;
  const bar = cards.filter((c) => c.count > 0).map((c) => ({ status: c.status, count: c.count, width: (c.count / total) * 100 }));
  const groups = { wrong: 0, broken: 0, uncited: 0, cited: 0 };
  for (const i of items) groups[i.group]++;
  return { total, cards, bar, items, groups };
}

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
  const body = opts.error || !report ? renderError(opts.error ?? 'No report available.') : renderReport(report, opts.filter ?? 'all');
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
  .unknown-key { fill: var(--vscode-charts-purple, #a371f7); }
  .bad-locator { fill: var(--vscode-charts-blue, #3794ff); }
  .empty { fill: var(--vscode-panel-border, rgba(128,128,128,.35)); }
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: middle; }
  .dot.cited { background: var(--vscode-testing-iconPassed, #3fb950); }
  .dot.uncited { background: var(--vscode-editorWarning-foreground, #d29922); }
  .dot.mismatched { background: var(--vscode-editorError-foreground, #f85149); }
  .dot.unknown-key { background: var(--vscode-charts-purple, #a371f7); }
  .dot.bad-locator { background: var(--vscode-charts-blue, #3794ff); }
  .quote .fig { font-style: italic; font-weight: normal; }
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
    const apply = function () {
      const v = filter.value;
      document.querySelectorAll('li[data-group]').forEach(function (li) {
        li.classList.toggle('hidden', v !== 'all' && li.getAttribute('data-group') !== v);
      });
    };
    filter.addEventListener('change', function () {
      apply();
      vscode.postMessage({ type: 'filter', value: filter.value });
    });
    apply();
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
export function renderBar(m: ReportModel): string {
  if (m.total === 0) {
    return '<svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img" aria-label="No figures or quotations"><rect class="empty" x="0" y="0" width="100" height="4"/></svg>';
  }
  let x = 0;
  const parts: string[] = [];
  for (const seg of m.bar) {
    const label = m.cards.find((c) => c.status === seg.status)!.label;
    parts.push(`<rect class="${seg.status}" x="${x.toFixed(3)}" y="0" width="${seg.width.toFixed(3)}" height="4"><title>${escapeHtml(label)}: ${seg.count}</title></rect>`);
    x += seg.width;
  }
  const label = m.cards.map((c) => `${c.count} ${c.label.toLowerCase()}`).join(', ') + ` of ${m.total}`;
  return `<svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg>`;
}

function renderItem(x: ReportModel['items'][number]): string {
  const item = x.item;
  const keys = Array.isArray(item.keys) && item.keys.length ? `<span class="keys">${item.keys.map((k) => '@' + escapeHtml(k)).join(', ')}</span>` : '';
  const msg = item.message ? `<span class="msg">${escapeHtml(item.message)}</span>` : '';
  const sentence = item.sentence ? `<span class="sentence">${escapeHtml(item.sentence)}</span>` : '';
  const quote = item.kind === 'quote';
  const text = String(item.figure ?? '');
  const shown = quote ? `“${text.length > 120 ? text.slice(0, 119) + '…' : text}”` : text;
  return `<li data-status="${x.status}" data-group="${x.group}"${quote ? ' class="quote"' : ''}><button class="item" data-index="${x.index}" title="Reveal in draft">
<span class="dot ${x.status}" aria-hidden="true"></span><span class="fig">${escapeHtml(shown)}</span><span class="where">${escapeHtml(x.label)} · line ${count(item.line) + 1}</span>${keys}${msg}${sentence}
</button></li>`;
}

function renderReport(r: ReportResult, filter: ReportFilter): string {
  const m = reportModel(r);
  const figures = m.items.filter((i) => i.item.kind !== 'quote').length;
  const quotes = m.total - figures;
  const box = (num: number, label: string, cls?: string) =>
    `<div class="count"${cls ? ` data-card="${cls}"` : ''}><span class="num">${num}</span><span class="lbl">${cls ? `<span class="dot ${cls}" aria-hidden="true"></span>` : ''}${escapeHtml(label)}</span></div>`;
  const opt = (v: ReportFilter, label: string, n: number) => `<option value="${v}"${v === filter ? ' selected' : ''}>${label} (${n})</option>`;
  return `<div class="sub">${figures} figure${figures === 1 ? '' : 's'} · ${quotes} quotation${quotes === 1 ? '' : 's'} · ${count(r.citations)} citation${count(r.citations) === 1 ? '' : 's'}${count(r.unknownKeys) ? ` · ${count(r.unknownKeys)} unknown key${count(r.unknownKeys) === 1 ? '' : 's'}` : ''}</div>
<div class="counts">
${box(m.total, 'Claims checked')}
${m.cards.map((c) => box(c.count, c.label, c.status)).join('\n')}
</div>
${renderBar(m)}
<div class="toolbar">
<label for="filter">Show</label>
<select id="filter">
${opt('all', 'All', m.total)}
${opt('wrong', 'Wrong', m.groups.wrong)}
${opt('broken', 'Broken citations', m.groups.broken)}
${opt('uncited', 'Uncited', m.groups.uncited)}
${opt('cited', 'Cited and backed', m.groups.cited)}
</select>
<button class="refresh" data-action="refresh">Refresh</button>
</div>
${m.total ? `<ul class="items">${m.items.map(renderItem).join('\n')}</ul>` : '<p class="sub">No figures or quotations in this draft.</p>'}`;
}
