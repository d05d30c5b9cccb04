// Bundles the page entry points into the server's static folder, and builds the npm package
// `@streamswarm/player` (packages/player/dist: ESM + type declarations + the script-tag bundle).
// `node build.mjs` builds minified bundles with sourcemaps; `--watch` rebuilds the pages on change.
// `--package-only --package-out DIR` builds just the package into DIR (the size test uses it).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, '../src/StreamSwarm.Server/wwwroot/dist');
const argv = process.argv.slice(2);
const packageOnly = argv.includes('--package-only');
const packageOutArg = argv.indexOf('--package-out');
const packageOut = packageOutArg >= 0 ? path.resolve(argv[packageOutArg + 1] ?? '') : path.join(here, 'packages/player/dist');

/** Name of the script-tag bundle, in the package and on the server (/dist/…). */
export const SCRIPT_BUNDLE = 'stream-swarm-player.js';

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: here,
  bundle: true,
  // Matches tsconfig's target; every browser with MSE and ES2022 (Chrome 94+, Safari 16.4+).
  target: ['es2022'],
  platform: 'browser',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
};

/**
 * The embeddable player uses hls.js's light build (no alternate audio, subtitles, DRM, CMCD or
 * content steering, none of which a StreamSwarm stream has): ~120 KB gzipped instead of ~190,
 * which keeps the script-tag bundle within its 200 KB budget with the engine and SignalR.
 */
const player = { ...common, alias: { 'hls.js': 'hls.js/light' } };

/**
 * The viewer and index pages use the light build too: the viewer page parses its script before it
 * can start playback (a 2-core machine took 150–670 ms to fetch and 150–360 ms to run the full
 * build's 699 KB), and a StreamSwarm stream needs none of what light leaves out.
 */
/** @type {import('esbuild').BuildOptions} */
const pages = {
  ...player,
  entryPoints: {
    viewer: 'src/player/viewer-page.ts',
    index: 'src/player/index-page.ts',
  },
  outdir,
  format: 'esm',
};

/** @type {import('esbuild').BuildOptions} */
const embedPage = { ...player, entryPoints: { embed: 'src/embed/embed-page.ts' }, outdir, format: 'esm' };

/**
 * The swarm bench's viewers without video (src/headless). Not served by the server: the bench
 * puts it in a page of its own at the server's origin.
 */
/** @type {import('esbuild').BuildOptions} */
const headless = { ...common, entryPoints: { headless: 'src/headless/headless-page.ts' }, outdir: path.join(here, 'dist'), format: 'esm' };

/** @type {import('esbuild').BuildOptions} */
const scriptTag = {
  ...player,
  entryPoints: ['src/element/define.ts'],
  outfile: path.join(packageOut, SCRIPT_BUNDLE),
  format: 'iife',
};

/** @type {import('esbuild').BuildOptions} */
const packageEsm = {
  ...player,
  entryPoints: { index: 'src/element/index.ts', define: 'src/element/define.ts' },
  outdir: packageOut,
  format: 'esm',
  splitting: true,
  // Readable for people who step into it; their bundler minifies.
  minify: false,
  chunkNames: 'chunks/[name]-[hash]',
};

function report(result) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) {
      console.log(`${path.relative(here, path.resolve(here, file))}  ${(output.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}

function declarations() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'packages/player/tsconfig.json', '--outDir', path.join(packageOut, 'types')], {
    cwd: here,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('tsc failed to emit the package declarations');
}

if (argv.includes('--watch')) {
  for (const options of [pages, embedPage]) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  rmSync(packageOut, { recursive: true, force: true });
  mkdirSync(packageOut, { recursive: true });
  const builds = packageOnly ? [scriptTag, packageEsm] : [pages, embedPage, headless, scriptTag, packageEsm];
  for (const result of await Promise.all(builds.map((b) => esbuild.build(b)))) report(result);
  declarations();
  if (!packageOnly) {
    // The server serves the script-tag bundle too: <script src="https://server/dist/stream-swarm-player.js">.
    mkdirSync(outdir, { recursive: true });
    for (const file of [SCRIPT_BUNDLE, `${SCRIPT_BUNDLE}.map`, `${SCRIPT_BUNDLE}.LEGAL.txt`]) {
      try {
        copyFileSync(path.join(packageOut, file), path.join(outdir, file));
      } catch (error) {
        if (!file.endsWith('.txt')) throw error;
      }
    }
  }
}
