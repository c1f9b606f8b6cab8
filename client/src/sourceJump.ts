/**
 * Landing on a cited passage in VS Code. Go to Definition (F12), Open Source
 * Passage and the related-information links under a diagnostic open the
 * source at the range the server gives (the passage's lines); this then
 * - selects the whole passage and reveals it centred,
 * - highlights it with a decoration that clears on the next edit anywhere,
 * - turns word wrap on for that editor only (VS Code's own per-editor toggle,
 *   `editor.action.toggleWordWrap`), never touching the writer's settings.
 */
import * as vscode from 'vscode';
import { passageSelection, sameRange } from './passageRange';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';

/** Documents a writer edits; an edit to one of them clears the highlight. */
const WRITER_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

/** How long after a definition request its target editor is still treated as "the jump". */
const PENDING_MS = 4000;

export class SourceJumps implements vscode.Disposable {
  private pending: { uri: string; range: vscode.Range; until: number } | undefined;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly decorated = new Set<vscode.TextEditor>();
  /** Documents whose editor we wrapped (the toggle is per editor model; toggling twice would unwrap). */
  private readonly wrapped = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.decoration,
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.arrived(e)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // The writer's edits only: output channels (the server log) change documents too.
        if (e.contentChanges.length && WRITER_SCHEMES.has(e.document.uri.scheme)) this.clear();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.wrapped.delete(d.uri.toString())),
    );
  }

  /** A definition request answered with this target: when its editor shows up, land on the passage. */
  expect(uri: vscode.Uri, range: vscode.Range): void {
    this.pending = { uri: uri.toString(), range, until: Date.now() + PENDING_MS };
    const active = vscode.window.activeTextEditor;
    // F12 onto a source that is already the active editor: no editor change will fire.
    if (active && active.document.uri.toString() === this.pending.uri) setTimeout(() => this.arrived(active), 50);
  }

  /** Drop a pending jump (a caller lands on the passage itself). */
  forget(): void {
    this.pending = undefined;
  }

  private arrived(editor: vscode.TextEditor): void {
    const p = this.pending;
    if (!p || Date.now() > p.until || editor.document.uri.toString() !== p.uri) {
      this.fromRelatedInformation(editor);
      return;
    }
    this.pending = undefined;
    void this.land(editor, p.range);
  }

  /**
   * A link under one of our diagnostics (related information) opens the
   * source with exactly that passage selected: land on it the same way. A
   * file opened by hand never has a whole passage selected, so it is left alone.
   */
  private fromRelatedInformation(editor: vscode.TextEditor): void {
    const uri = editor.document.uri.toString();
    const sel = editor.selection;
    const at = (pos: vscode.Position) => ({ line: pos.line, character: pos.character });
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== DIAGNOSTIC_SOURCE) continue;
        for (const r of d.relatedInformation ?? []) {
          if (r.location.uri.toString() !== uri) continue;
          if (!sameRange({ start: at(sel.start), end: at(sel.end) }, { start: at(r.location.range.start), end: at(r.location.range.end) })) continue;
          void this.land(editor, r.location.range);
          return;
        }
      }
    }
  }

  /** Select, centre, highlight and wrap the passage in `editor` (which must be the active editor for the wrap). */
  async land(editor: vscode.TextEditor, range: vscode.Range): Promise<void> {
    // Plain objects: vscode.Position keeps line/character in getters, which a spread would drop.
    const plain = { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
    const r = passageSelection(plain, (line) => editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).text.length, editor.document.lineCount);
    const target = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    await this.wrap(editor);
    const select = () => {
      editor.selection = new vscode.Selection(target.start, target.end);
      editor.revealRange(target, vscode.TextEditorRevealType.InCenter);
    };
    select();
    this.clear();
    editor.setDecorations(this.decoration, [target]);
    this.decorated.add(editor);
    // VS Code's own navigation may still collapse the selection to the start right after opening.
    setTimeout(() => {
      const s = editor.selection;
      if (s.isEmpty && s.active.isEqual(target.start)) select();
    }, 150);
  }

  private async wrap(editor: vscode.TextEditor): Promise<void> {
    const key = editor.document.uri.toString();
    if (this.wrapped.has(key)) return;
    const setting = vscode.workspace.getConfiguration('editor', editor.document).get<string>('wordWrap');
    if (setting && setting !== 'off') return; // already wraps
    if (vscode.window.activeTextEditor !== editor) return; // the toggle acts on the active editor only
    this.wrapped.add(key);
    await vscode.commands.executeCommand('editor.action.toggleWordWrap');
  }

  clear(): void {
    for (const e of this.decorated) e.setDecorations(this.decoration, []);
    this.decorated.clear();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.decorated.clear();
  }
}
