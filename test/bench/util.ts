/**
 * Small helpers for the benchmark: a seeded PRNG, percentiles, machine info,
 * and running a child process with a hard timeout that is always killed.
 */
import { spawn } from 'child_process';
import { serverEnv } from '../../server/src/protocol';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Project root (out/test/bench -> ../../..). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** mulberry32: tiny, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export function median(samples: number[]): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Dist {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function dist(samples: number[]): Dist {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : NaN,
    mean: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : NaN,
  };
}

export function envInt(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : def;
}

export function fmtMs(ms: number | undefined, digits?: number): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const d = digits ?? (ms < 10 ? 2 : ms < 100 ? 1 : 0);
  return ms.toFixed(d);
}

export function fmtNum(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

export function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '–';
  return r >= 10 ? `${r.toFixed(0)}×` : r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toPrecision(2)}×`;
}

export function fmtPct(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '–';
  return `${(r * 100).toFixed(1)}%`;
}

export function machine(): { cores: number; memoryGB: number; cpu: string; node: string; platform: string } {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    cpu: cpus[0]?.model?.trim() || 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** Peak resident set size of a live process (Linux /proc), in MB. */
export function procPeakRssMB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(st);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface ChildResult<T> {
  value: T;
  wallMs: number;
}

/**
 * Run `node [execArgv] script args...` and parse the last stdout line as JSON.
 * The child is killed (SIGKILL) on timeout or if this process exits.
 */
export function runChild<T>(script: string, args: string[], opts: { timeoutMs: number; execArgv?: string[]; cwd?: string }): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // The server's launch environment (server/src/protocol.ts), so a cold build here is the server's.
    const child = spawn(process.execPath, [...(opts.execArgv ?? []), script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd, env: serverEnv() });
    liveChildren.add(child.pid!);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${path.basename(script)} ${args[0] ?? ''} timed out after ${opts.timeoutMs} ms; stderr: ${err.slice(-1000)}`));
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      liveChildren.delete(child.pid!);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child.pid!);
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`child ${path.basename(script)} ${args[0] ?? ''} exited with ${code ?? signal}; stderr: ${err.slice(-2000)}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ value: JSON.parse(line) as T, wallMs });
      } catch {
        reject(new Error(`child ${path.basename(script)} printed no JSON result; stdout tail: ${out.slice(-500)}; stderr: ${err.slice(-1000)}`));
      }
    });
  });
}

/** Pids of children started by this process, killed on exit no matter what. */
export const liveChildren = new Set<number>();

export function killLiveChildren(): void {
  for (const pid of liveChildren) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveChildren.clear();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/** Total size in bytes and count of .txt/.md files under roots (same filter as the loader). */
export function corpusFiles(roots: string[]): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  const stack = [...roots];
  while (stack.length) {
    const d = stack.pop()!;
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch {
      continue;
    }
    if (st.isFile()) {
      if (/\.(txt|md)$/i.test(d)) {
        files.push(d);
        bytes += st.size;
      }
      continue;
    }
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && /\.(txt|md)$/i.test(e.name)) {
        files.push(p);
        bytes += fs.statSync(p).size;
      }
    }
  }
  files.sort();
  return { files, bytes };
}

/** Short hash of server/src (the core under test), so rows measured on different code can be told apart. */
export function coreFingerprint(): string {
  const h = require('crypto').createHash('sha1') as import('crypto').Hash;
  const stack = [path.join(ROOT, 'server', 'src')];
  const files: string[] = [];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  }
  for (const f of files.sort()) h.update(path.relative(ROOT, f)).update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 8);
}
