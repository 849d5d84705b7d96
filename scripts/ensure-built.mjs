#!/usr/bin/env node
// `npm start` runs this first: build dist/ only when it is missing or older than a source file,
// so a start after a build takes no tsc time (tsc took ~20 s per start before). Plain JS on
// purpose: it must run before anything is compiled.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', 'src', 'cli.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const inputs = ['src', 'bench'].map((d) => join(root, d)).filter(existsSync);
const sourceTime = Math.max(...inputs.map(newest), ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sourceTime) {
  process.stderr.write('briefbot: building dist/ (sources changed since the last build)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
