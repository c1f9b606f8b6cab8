/**
 * Offset <-> line/character conversion (0-based, UTF-16 code units, like LSP).
 * Line ends are `\n`, `\r\n` and a bare `\r`, as in LSP: a draft saved with
 * classic Mac line ends is numbered the way the editor numbers it.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Line starts are known for every offset below this: found on demand, so a diagnostic on the first line of a 6 MB draft does not scan it all. */
  private scanned = 0;
  constructor(readonly text: string) {}
  /** Find line starts until one lies past `offset` or the text ends. */
  private scanPast(offset: number): void {
    const text = this.text;
    let i = this.scanned;
    while (i < text.length && this.starts[this.starts.length - 1] <= offset) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
      i++;
    }
    this.scanned = i;
  }
  get lineCount(): number {
    this.scanPast(Infinity);
    return this.starts.length;
  }
  positionAt(offset: number): { line: number; character: number } {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // never between the \r and \n of a CRLF (as LSP's TextDocument)
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    this.scanPast(o);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    while (this.starts.length <= line + 1 && this.scanned < this.text.length) this.scanPast(this.starts[this.starts.length - 1]);
    if (line >= this.starts.length) return this.text.length;
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    // the line's text ends before its line break (\n, \r\n or \r)
    if (line + 1 < this.starts.length) {
      end--;
      if (end > this.starts[line] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return Math.min(this.starts[line] + Math.max(0, character), end);
  }
}
