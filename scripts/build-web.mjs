#!/usr/bin/env node
// Builds the web app (apps/web → apps/web/dist) when the build is missing or older than its sources.
// Runs before `npm start` and the browser tests; `--force` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../apps/web', import.meta.url));
const core = fileURLToPath(new URL('../packages/core/src', import.meta.url));
const dist = join(web, 'dist', 'index.html');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
const sources = Math.max(
  newest(join(web, 'src')),
  newest(join(web, 'public')),
  newest(join(web, 'index.html')),
  newest(core),
);
if (!process.argv.includes('--force') && built > sources) process.exit(0);
process.stderr.write('Building the web app (apps/web)…\n');
const result = spawnSync(
  process.execPath,
  [join(web, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: web,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
