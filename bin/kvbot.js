#!/usr/bin/env node
// The `kvbot` command when installed as a package binary: the compiled build when present
// (`npm run build`), otherwise the TypeScript sources through the tsx loader (what
// `npm run kvbot` uses).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'src', 'cli', 'main.js');
if (fs.existsSync(built)) {
  require(built);
} else {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(require.resolve('tsx', { paths: [root] })).href,
      path.join(root, 'src', 'cli', 'main.ts'),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', cwd: process.cwd() },
  );
  process.exitCode = r.status ?? 1;
}
