// Node 20 cannot run TypeScript directly, so the `*.test.ts` files are bundled with esbuild into a
// temporary folder (one ESM file each, dependencies inlined) and handed to `node --test`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @param {string} dir @returns {string[]} */
function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findTests(full));
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(full);
    }
  }
  return found.sort();
}

const tests = findTests(path.join(here, 'src'));
if (tests.length === 0) {
  console.error('no *.test.ts files found under src/');
  process.exit(1);
}

const outdir = mkdtempSync(path.join(tmpdir(), 'streamswarm-web-tests-'));
let status = 1;
try {
  await esbuild.build({
    absWorkingDir: here,
    entryPoints: tests,
    outbase: path.join(here, 'src'),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const compiled = tests.map((file) =>
    path.join(outdir, path.relative(path.join(here, 'src'), file).replace(/\.ts$/, '.mjs')),
  );
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...compiled], {
    stdio: 'inherit',
    cwd: here,
  });
  status = run.status ?? 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.exit(status);
