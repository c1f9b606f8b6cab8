import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type StatusParams } from '../../server/src/protocol';
import { diagnosticCode } from './textHelpers';

const MAX_SKIPPED_IN_TOOLTIP = 10;

export type ServerHealth = 'starting' | 'running' | 'stopped';

/**
 * The status bar item. Driven by `sourceLinked/status` notifications, the
 * active editor and the diagnostics of the active draft.
 */
export class SourceStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** The reviewer's counts beside the main item, each opening the report on its filter. */
  private readonly parts: Record<ClaimGroup, vscode.StatusBarItem>;
  private readonly disposables: vscode.Disposable[] = [];
  private status: StatusParams | undefined;
  private health: ServerHealth = 'starting';
  private readonly changed = new vscode.EventEmitter<StatusParams>();
  /** Fires on every `sourceLinked/status` notification. */
  readonly onDidChangeStatus = this.changed.event;

  constructor() {
    this.item = vscode.window.createStatusBarItem('sourceLinked.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Source-Linked Writing';
    const part = (group: ClaimGroup, priority: number) => {
      const it = vscode.window.createStatusBarItem(`sourceLinked.status.${group}`, vscode.StatusBarAlignment.Left, priority);
      it.name = `Source-Linked Writing: ${GROUP_LABEL[group]}`;
      return it;
    };
    this.parts = { wrong: part('wrong', 49.9), broken: part('broken', 49.8), uncited: part('uncited', 49.7) };
    this.disposables.push(
      this.item,
      ...Object.values(this.parts),
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const doc = activeDraft();
        if (doc && e.uris.some((u) => u.toString() === doc.uri.toString())) this.render();
      }),
    );
    this.render();
  }

  get current(): StatusParams | undefined {
    return this.status;
  }

  update(status: StatusParams): void {
    this.status = status;
    this.render();
    this.changed.fire(status);
  }

  setHealth(health: ServerHealth): void {
    this.health = health;
    this.render();
  }

  /** True when the item shows a warning (clicking then shows the output channel). */
  isWarning(): boolean {
    const s = this.status;
    if (this.health === 'stopped') return true;
    if (!s || s.state === 'indexing') return false;
    return s.state === 'noCorpus' || s.state === 'error' || s.sources === 0 || s.skipped.length > 0;
  }

  private render(): void {
    const draftShown = this.renderMain();
    const counts = draftShown ? countGroups(draftShown.uri) : undefined;
    for (const group of GROUPS) {
      const it = this.parts[group];
      const n = counts?.[group] ?? 0;
      // "wrong" and "uncited" always show with a draft (0 is news too); "broken" only when there is one.
      if (!counts || (group === 'broken' && n === 0)) {
        it.hide();
        continue;
      }
      it.text = `· ${n} ${group}`;
      it.tooltip = md(`${GROUP_TIP[group](n)}\n\nClick to show them in the citation report.`);
      it.command = { title: 'Show Citation Report', command: 'sourceLinked.showReport', arguments: [group] };
      it.backgroundColor = group === 'wrong' && n > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      it.show();
    }
  }

  /** Render the main item; returns the draft when the per-draft counts should show beside it. */
  private renderMain(): vscode.TextDocument | undefined {
    const item = this.item;
    const s = this.status;
    const draft = activeDraft();
    item.backgroundColor = undefined;
    item.command = undefined;

    if (this.health === 'stopped') {
      item.text = '$(error) Source-Linked: server stopped';
      item.tooltip = md('The Source-Linked language server is not running. Click to see its output.');
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = 'sourceLinked.showOutput';
      item.show();
      return;
    }
    if (!s) {
      if (!draft) {
        item.hide();
        return undefined;
      }
      item.text = '$(sync~spin) Source-Linked';
      item.tooltip = md('Starting the Source-Linked language server…');
      item.command = 'sourceLinked.showOutput';
      item.show();
      return;
    }
    if (s.state === 'indexing') {
      const pct = typeof s.percent === 'number' && Number.isFinite(s.percent) ? ` ${Math.max(0, Math.min(100, Math.round(s.percent)))}%` : '';
      item.text = `$(sync~spin) Indexing…${pct}`;
      item.tooltip = md(`Indexing the source corpus (\`sourceLinked.corpus\`)…`);
      item.command = 'sourceLinked.showOutput';
      item.show();
      return;
    }
    const sources = count(s.sources);
    const skipped = s.skipped;
    if (this.isWarning()) {
      item.text =
        s.state === 'error'
          ? '$(warning) Source-Linked: index error'
          : sources === 0
            ? '$(warning) No sources found'
            : `$(warning) ${plural(sources, 'source')} · ${plural(skipped.length, 'file')} skipped`;
      const empty = s.state === 'noCorpus' || sources === 0;
      item.tooltip = empty && s.state !== 'error' ? emptyTooltip(s) : this.warningTooltip(s);
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      // With no sources, the click does what the tooltip says: choose the sources folder.
      item.command = empty && s.state !== 'error' ? 'sourceLinked.chooseSourcesFolder' : 'sourceLinked.showOutput';
      item.show();
      return;
    }
    if (!draft) {
      item.hide();
      return undefined;
    }
    const g = countGroups(draft.uri);
    item.text = `$(book) ${plural(sources, 'source')}`;
    const tip = md();
    tip.appendMarkdown(`**Source-Linked Writing**\n\n`);
    tip.appendMarkdown(`${plural(sources, 'source')}, ${plural(count(s.passages), 'passage')} indexed`);
    tip.appendMarkdown(` in ${Math.round(s.indexMs)} ms`);
    tip.appendMarkdown(
      `.\n\n${g.wrong + g.broken + g.uncited === 0 ? 'Every figure and quotation in this draft is cited and backed by its source.' : `In this draft: ${g.wrong} wrong, ${g.broken} broken citation${g.broken === 1 ? '' : 's'}, ${g.uncited} uncited.`}\n\n`,
    );
    tip.appendMarkdown('Click to show the citation report.');
    item.tooltip = tip;
    item.command = 'sourceLinked.showReport';
    item.show();
    return draft;
  }

  private warningTooltip(s: StatusParams): vscode.MarkdownString {
    const tip = md();
    const skipped = s.skipped;
    const missing = s.missingRoots;
    tip.appendMarkdown('**Source-Linked Writing**\n\n');
    if (s.message) {
      tip.appendText(s.message);
      tip.appendMarkdown('\n\n');
    }
    if (s.state === 'noCorpus' || count(s.sources) === 0) {
      tip.appendMarkdown('No source articles were found. Set **`sourceLinked.corpus`** (Settings → Extensions → Source-Linked Writing) to the folders, relative to the workspace folder, that hold your sources (`.txt`, `.md`, `.html`, `.pdf`, `.docx`).\n\n');
    }
    if (missing.length) {
      tip.appendMarkdown('Folders not found: ');
      missing.forEach((m, i) => {
        if (i) tip.appendMarkdown(', ');
        tip.appendText(String(m));
      });
      tip.appendMarkdown('\n\n');
    }
    appendSkipped(tip, skipped);
    tip.appendMarkdown('Click to show the output channel.');
    return tip;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/**
 * The tooltip while no source is indexed: what was searched, what that means
 * for the draft, and the one thing to do. Short lines, no repeated wording.
 */
function emptyTooltip(s: StatusParams): vscode.MarkdownString {
  const tip = md();
  tip.appendMarkdown('**No sources indexed**\n\n');
  const roots = s.roots ?? [];
  if (roots.length) {
    tip.appendMarkdown('Searched for `.txt` and `.md` files in: ');
    roots.forEach((r, i) => {
      if (i) tip.appendMarkdown(', ');
      tip.appendText(r);
    });
    tip.appendMarkdown('\n\n');
  }
  tip.appendMarkdown('Until sources are found, citations and figures are not checked against them.\n\n');
  // Files that were there but could not be used (too large, binary) are the likeliest reason.
  appendSkipped(tip, s.skipped);
  tip.appendMarkdown('**Click** to choose your sources folder, or set `sourceLinked.corpus` in Settings.');
  return tip;
}

function appendSkipped(tip: vscode.MarkdownString, skipped: StatusParams['skipped']): void {
  if (!skipped.length) return;
  tip.appendMarkdown(`**${plural(skipped.length, 'file')} skipped:**\n\n`);
  for (const f of skipped.slice(0, MAX_SKIPPED_IN_TOOLTIP)) {
    tip.appendMarkdown('- ');
    tip.appendText(`${f.file}: ${f.reason}`);
    tip.appendMarkdown('\n');
  }
  if (skipped.length > MAX_SKIPPED_IN_TOOLTIP) tip.appendMarkdown(`- …and ${skipped.length - MAX_SKIPPED_IN_TOOLTIP} more\n`);
  tip.appendMarkdown('\nLarge files: raise **`sourceLinked.maxFileSizeMB`**.\n\n');
}

/** The active editor's document when it is a Markdown file on disk. */
export function activeDraft(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === 'markdown' && doc.uri.scheme === 'file' ? doc : undefined;
}

export type ClaimGroup = 'wrong' | 'broken' | 'uncited';
const GROUPS: readonly ClaimGroup[] = ['wrong', 'broken', 'uncited'];
const GROUP_LABEL: Record<ClaimGroup, string> = { wrong: 'wrong claims', broken: 'broken citations', uncited: 'uncited claims' };
const GROUP_TIP: Record<ClaimGroup, (n: number) => string> = {
  wrong: (n) => `${plural(n, 'figure or quotation', 'figures or quotations')} the cited source contradicts.`,
  broken: (n) => `${plural(n, 'citation')} with an unknown key or a paragraph out of range.`,
  uncited: (n) => `${plural(n, 'figure or quotation', 'figures or quotations')} with no citation.`,
};
/** Which status bar part a diagnostic code counts in. */
export const GROUP_OF_CODE: Record<string, ClaimGroup> = {
  'figure-not-in-source': 'wrong',
  'quote-not-in-source': 'wrong',
  'unknown-source': 'broken',
  'bad-locator': 'broken',
  'uncited-figure': 'uncited',
  'uncited-quote': 'uncited',
};

/** The draft's Source-Linked diagnostics per group (what the status bar parts show). */
export function countGroups(uri: vscode.Uri): Record<ClaimGroup, number> {
  const out: Record<ClaimGroup, number> = { wrong: 0, broken: 0, uncited: 0 };
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const g = GROUP_OF_CODE[diagnosticCode(d.code) ?? ''];
    if (g) out[g]++;
  }
  return out;
}

export function countUncited(uri: vscode.Uri): number {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && diagnosticCode(d.code) === 'uncited-figure').length;
}

/** A MarkdownString that is NOT trusted (no command links) but renders $(icons). */
function md(text?: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text, true);
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0;
}

function plural(n: number, word: string, many = word + 's'): string {
  return `${n} ${n === 1 ? word : many}`;
}
