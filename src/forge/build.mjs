// Builds the panel's Custom UI into static/panel/build, the resource manifest.yml names: index.html, panel.css and the
// icon as they are, panel.js bundled with @forge/bridge by esbuild (a browser cannot import npm packages itself).
// The tests build it a second time with a stub in place of @forge/bridge:
//   node build.mjs --bridge <stub.js> --outdir <dir>
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { bridge: { type: 'string' }, outdir: { type: 'string' } } });
const src = join(here, 'static/panel/src');
const out = resolve(values.outdir ?? join(here, 'static/panel/build'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ['index.html', 'panel.css', 'icon.svg']) {
  copyFileSync(join(src, file), join(out, file));
}
await build({
  entryPoints: [join(src, 'panel.js')],
  outfile: join(out, 'panel.js'),
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: !values.bridge,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  ...(values.bridge ? { alias: { '@forge/bridge': resolve(values.bridge) }, nodePaths: [join(here, 'node_modules')] } : {}),
});
console.log(`panel built into ${out}${values.bridge ? ` with ${values.bridge} as @forge/bridge` : ''}`);
