import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The script-tag bundle's budget, hls.js, SignalR and the swarm engine included. */
const BUDGET_GZIP_BYTES = 200 * 1024;

// run-tests.mjs runs the tests with web/ as the working directory.
const web = process.cwd();

test('the package builds, and its script-tag bundle stays within 200 KB gzipped', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'streamswarm-player-package-'));
  try {
    const run = spawnSync(process.execPath, ['build.mjs', '--package-only', '--package-out', out], { cwd: web, encoding: 'utf8' });
    assert.equal(run.status, 0, `build.mjs failed:\n${run.stdout}\n${run.stderr}`);
    for (const file of ['index.js', 'define.js', 'stream-swarm-player.js', 'types/element/index.d.ts', 'types/element/define.d.ts']) {
      assert.ok(existsSync(path.join(out, file)), `${file} missing from the package`);
    }
    const script = readFileSync(path.join(out, 'stream-swarm-player.js'));
    const gzipped = gzipSync(script, { level: 9 }).length;
    console.log(`stream-swarm-player.js: ${(script.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
    assert.ok(gzipped <= BUDGET_GZIP_BYTES, `script-tag bundle is ${(gzipped / 1024).toFixed(1)} KiB gzipped, over the ${BUDGET_GZIP_BYTES / 1024} KiB budget`);
    const types = readFileSync(path.join(out, 'types/element/index.d.ts'), 'utf8');
    assert.match(types, /StreamSwarmPlayer/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
