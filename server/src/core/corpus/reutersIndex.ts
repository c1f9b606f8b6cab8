/**
 * Reuters-21578: a `reuters21578_index.json` in a file's folder or its parent gives the
 * date of the files it lists. Read once per folder, lazily, cached by mtime.
 */
import * as fs from 'fs';
import * as path from 'path';
import { normalizeDate } from './dates';

interface IndexCacheEntry {
  mtimeMs: number;
  /**
   * Held weakly: a load's IndexLookup holds the map while it runs; afterwards the collector may take it
   * (on Reuters it held 19,043 dates, 1.5 MB of heap, for the process's life; issue 13). A re-load
   * whose map was collected reads the file again.
   */
  dates: WeakRef<Map<string, string>>;
}
const indexCache = new Map<string, IndexCacheEntry>();

function readIndexFile(p: string): Map<string, string> | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return undefined;
  }
  const cached = indexCache.get(p);
  const held = cached && cached.mtimeMs === st.mtimeMs ? cached.dates.deref() : undefined;
  if (held) return held;
  const dates = new Map<string, string>();
  try {
    const data = JSON.parse(fs.readFileSync(p, 'utf8')) as unknown;
    if (Array.isArray(data)) {
      for (const row of data) {
        if (!row || typeof row !== 'object') continue;
        const r = row as Record<string, unknown>;
        if (typeof r.file !== 'string' || typeof r.date !== 'string') continue;
        const d = normalizeDate(r.date);
        if (d) dates.set(r.file, d);
      }
    }
  } catch {
    // a broken index is ignored
  }
  indexCache.set(p, { mtimeMs: st.mtimeMs, dates: new WeakRef(dates) });
  return dates;
}

/** Per-load lookup: folder -> date map (or null), computed once per folder. */
export class IndexLookup {
  private byDir = new Map<string, Map<string, string> | null>();
  get(dir: string): Map<string, string> | null {
    let v = this.byDir.get(dir);
    if (v !== undefined) return v;
    v = null;
    for (const d of [dir, path.dirname(dir)]) {
      const m = readIndexFile(path.join(d, 'reuters21578_index.json'));
      if (m && m.size > 0) {
        v = m;
        break;
      }
    }
    this.byDir.set(dir, v);
    return v;
  }
}
