// Bundles test/*.test.ts into .test-out/ so Node 20's test runner can run them (npm test).
import * as esbuild from 'esbuild';
import { readdir, rm } from 'node:fs/promises';

const outdir = '.test-out';
await rm(outdir, { recursive: true, force: true });
const entryPoints = (await readdir('test')).filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  target: 'node20',
  logLevel: 'warning',
});
