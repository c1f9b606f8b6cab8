/**
 * How the language server process is started: the environment every launcher gives it (the VS
 * Code client's serverOptions, the LSP test harness and benchmarks; the README shows it for
 * Neovim and other editors). Imported by the client, so it must stay free of server code.
 */

/**
 * glibc malloc: serve every allocation of 128 KiB or more with its own mmap, returned to the
 * system when freed. By default glibc raises this threshold up to 32 MiB after the first large
 * free, and from then on the index build's large Buffers and typed arrays come from the main
 * heap, where a free in the middle cannot be given back: after a cold build of Reuters-21578 the
 * server kept ~70 MB of freed memory resident for the rest of its life (README, "Memory").
 * Ignored by other C libraries (macOS, Windows, musl).
 */
export const SERVER_ENV: Readonly<Record<string, string>> = Object.freeze({ MALLOC_MMAP_THRESHOLD_: '131072' });

/** `base` (usually process.env) with the server's settings added; a value the user set wins. */
export function serverEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...base };
  for (const [k, v] of Object.entries(SERVER_ENV)) if (out[k] === undefined) out[k] = v;
  return out;
}
