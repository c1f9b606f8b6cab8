#!/usr/bin/env node
'use strict';
// Thin launcher for the bundled language server: `source-linked-ls --stdio`.
const path = require('path');
const fs = require('fs');
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('source-linked-ls: dist/server.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require(bundle);
