/**
 * `npm run bench:liveheap`: the live heap of a cold-built index, per structure, and what a long-draft
 * check allocates, per function (issue 13: V8 lets the old generation grow to a multiple of what
 * survives a full collection, so each MB kept live costs the server's peak more than one MB, and each
 * MB a check allocates brings the next collection nearer). Figures that do not depend on the machine's
 * load: heap sizes after full collections, and bytes allocated (V8's sampling heap profiler).
 *
 * In one process (run with --expose-gc): a cold build of the corpus (loadIndex, as the server's first
 * start), three full collections, then the heap in use, memory outside it, RSS and /proc/self/smaps_rollup;
 * then two 1,000-paragraph bench drafts are checked as the server checks them
 * (DraftChecker.checkAsync, a new checker each), the heap is read again after collections, and
 * LIVEHEAP_CHECKS (default 3) more drafts are checked under the sampling profiler: MB allocated per
 * check, by function (self, and inclusive of what it calls). Last, with LIVEHEAP_SNAPSHOT=1, a heap
 * snapshot's self sizes grouped by what holds them (four steps up the first retainer path).
 *
 *   BENCH_CORPORA=reuters npm run bench:liveheap         (LIVEHEAP_SNAPSHOT=1 for the per-structure table; the script
 *   sets MALLOC_MMAP_THRESHOLD_=131072 as the server launch environment does, protocol.ts serverEnv)
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { loadIndex } from '../../server/src/core/indexLoad';
import { DraftChecker } from '../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { CorpusName, prepareCorpus } from './corpora';
import { bigDraft, makePositions } from './positions';
import { envInt } from './util';

const MB = 1048576;
const mb = (x: number) => (x / MB).toFixed(1);

function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (the npm script does)');
  for (let i = 0; i < 3; i++) gc();
}

function heapLine(stage: string): string {
  fullGc();
  const m = process.memoryUsage();
  return `${stage.padEnd(34)} heap used ${mb(m.heapUsed).padStart(6)} MB  heap total ${mb(m.heapTotal).padStart(6)}  external ${mb(m.external).padStart(6)}  array buffers ${mb(m.arrayBuffers).padStart(6)}  RSS ${mb(m.rss).padStart(6)}`;
}

/** /proc/self/smaps_rollup's main lines (Linux), in MB. */
function smapsRollup(): string {
  try {
    const text = fs.readFileSync('/proc/self/smaps_rollup', 'utf8');
    const want = ['Rss', 'Anonymous', 'Shared_Clean', 'Private_Clean', 'Private_Dirty'];
    return text
      .split('\n')
      .map((l) => /^(\w+):\s+(\d+) kB/.exec(l))
      .filter((m): m is RegExpExecArray => !!m && want.includes(m[1]))
      .map((m) => `${m[1]} ${(+m[2] / 1024).toFixed(1)}`)
      .join(', ');
  } catch {
    return '(no /proc/self/smaps_rollup)';
  }
}

/** Self sizes of a heap snapshot grouped by the first retainer path, `depth` steps up; the `top` largest groups. */
function snapshotTable(depth: number, top: number): string[] {
  const file = path.join(os.tmpdir(), `liveheap-${process.pid}.heapsnapshot`);
  v8.writeHeapSnapshot(file);
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    const meta = s.snapshot.meta;
    const nf = meta.node_fields.length;
    const ef = meta.edge_fields.length;
    const ntypes: string[] = meta.node_types[0];
    const etypes: string[] = meta.edge_types[0];
    const N: number[] = s.nodes;
    const E: number[] = s.edges;
    const S: string[] = s.strings;
    const count = N.length / nf;
    const parent = new Int32Array(count).fill(-1);
    const via: string[] = new Array(count);
    for (let p = 0, e = 0; p < count; p++) {
      const end = e + N[p * nf + 4] * ef;
      for (; e < end; e += ef) {
        const et = etypes[E[e]];
        if (et === 'weak' || et === 'shortcut') continue;
        const c = E[e + 2] / nf;
        if (parent[c] >= 0) continue;
        parent[c] = p;
        via[c] = et === 'element' || et === 'hidden' ? '[]' : String(S[E[e + 1]]).replace(/^[0-9]+$/, '#');
      }
    }
    const label = (i: number) => {
      const t = ntypes[N[i * nf]];
      return t + (/string|number|code/.test(t) ? '' : ':' + S[N[i * nf + 1]].slice(0, 40));
    };
    const groups = new Map<string, [number, number]>();
    for (let i = 0; i < count; i++) {
      const t = ntypes[N[i * nf]];
      if (t === 'native' || t === 'synthetic') continue;
      const steps: string[] = [];
      for (let k = 0, j = i; k < depth && j >= 0; k++, j = parent[j]) steps.push(label(j) + (via[j] ? '.' + via[j] : ''));
      const key = steps.join(' < ');
      const g = groups.get(key) ?? [0, 0];
      g[0] += N[i * nf + 3];
      g[1]++;
      groups.set(key, g);
    }
    return [...groups]
      .sort((a, b) => b[1][0] - a[1][0])
      .slice(0, top)
      .map(([k, [size, n]]) => `${mb(size).padStart(7)} MB ${String(n).padStart(8)}  ${k.slice(0, 220)}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

function post<T>(s: inspector.Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => s.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
}

async function main(): Promise<void> {
  const name = (process.env.BENCH_CORPORA || 'reuters').split(',')[0] as CorpusName;
  const spec = prepareCorpus(name, () => undefined);
  const out: string[] = [`bench:liveheap ${spec.label}, ${new Date().toISOString()}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`];
  const { index } = await loadIndex(spec.roots, spec.workspace);
  out.push(heapLine('cold-built index'), `  smaps_rollup (MB): ${smapsRollup()}`);
  const pool = makePositions(index, 1200, 20240611 + 1, { findDuplicates: false });
  const checks = envInt('LIVEHEAP_CHECKS', 3);
  const drafts = Array.from({ length: 2 + checks }, (_, i) => bigDraft(pool, 1000, i ? 5000 + i : 2000).text);
  for (const d of drafts.slice(0, 2)) await new DraftChecker().checkAsync(d, index, DEFAULT_SETTINGS, () => false);
  out.push(heapLine('after two 1,000-paragraph checks'), `  smaps_rollup (MB): ${smapsRollup()}`);
  const session = new inspector.Session();
  session.connect();
  await post(session, 'HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (const d of drafts.slice(2)) await new DraftChecker().checkAsync(d, index, DEFAULT_SETTINGS, () => false);
  const { profile } = await post<{ profile: { head: ProfileNode } }>(session, 'HeapProfiler.stopSampling');
  session.disconnect();
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  const walk = (n: ProfileNode, stack: string[]) => {
    const f = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    total += n.selfSize;
    self.set(f, (self.get(f) ?? 0) + n.selfSize);
    const st = stack.includes(f) ? stack : [...stack, f];
    for (const g of st) incl.set(g, (incl.get(g) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, st);
  };
  walk(profile.head, []);
  const per = (x: number) => (x / MB / checks).toFixed(2).padStart(7);
  out.push(`allocated per 1,000-paragraph check (sampled, ${checks} checks): ${per(total).trim()} MB`);
  out.push('  self:', ...[...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([f, v]) => `  ${per(v)} ${f}`));
  out.push('  inclusive:', ...[...incl].sort((a, b) => b[1] - a[1]).filter(([f]) => !/^\(|^next |^steps |^checkAsync /.test(f)).slice(0, 20).map(([f, v]) => `  ${per(v)} ${f}`));
  out.push(heapLine('after the sampled checks'));
  // Last: writing and reading a snapshot leaves the allocator hundreds of MB that it keeps (RSS after it means nothing).
  if (process.env.LIVEHEAP_SNAPSHOT === '1') out.push('by holder after the checks (self size, objects, first retainer path):', ...snapshotTable(4, 30).map((l) => '  ' + l));
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
