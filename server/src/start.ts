/**
 * The language server's entry point (bundled as dist/server.js): runs the server's bundle
 * (dist/server-main.js, from server.ts) compiled with its V8 code cache (codeCache.ts; issue 13,
 * warm start). Kept apart so this file is all a start compiles before the cache is used.
 */
import * as path from 'path';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'server-main.js'));
