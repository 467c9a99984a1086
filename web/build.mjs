// Bundles the viewer into dist/: app.js + whep.js (esbuild, minified, with source maps),
// app.css, and the static HTML pages. Usage: `node build.mjs` (npm run build).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const outdir = 'dist';
const target = ['chrome110', 'edge110', 'firefox115', 'safari16'];

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

await esbuild.build({
  entryPoints: { app: 'src/main.ts', whep: 'src/whep.ts' },
  outdir,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife', // classic <script defer>: also loads from file:// for smoke tests
  platform: 'browser',
  target,
  legalComments: 'linked',
  logLevel: 'warning',
});

await esbuild.build({
  entryPoints: ['static/app.css'],
  outdir,
  bundle: true,
  minify: true,
  sourcemap: true,
  target,
  logLevel: 'warning',
});

for (const page of ['index.html', 'whep.html']) {
  await copyFile(`static/${page}`, `${outdir}/${page}`);
}
console.log(`built ${outdir}/ (index.html app.js app.css whep.html whep.js)`);
