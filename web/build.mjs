// Bundles the page entry points into the server's static folder.
// `node build.mjs` builds minified bundles with sourcemaps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, '../src/StreamSwarm.Server/wwwroot/dist');

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: here,
  entryPoints: {
    viewer: 'src/player/viewer-page.ts',
    index: 'src/player/index-page.ts',
  },
  outdir,
  bundle: true,
  format: 'esm',
  // Matches tsconfig's target; every browser with MSE and ES2022 (Chrome 94+, Safari 16.4+).
  target: ['es2022'],
  platform: 'browser',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'info',
  metafile: true,
};

if (process.argv.includes('--watch')) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  const result = await esbuild.build(options);
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) {
      console.log(`${path.relative(here, file)}  ${(output.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
