// Forge's own manifest validation (@forge/manifest, the checks `forge lint` and `forge deploy` start with), offline and
// without an Atlassian login. The remote's base URL is a deploy-time variable: CONNECTOR_BASE_URL must be set (any
// https URL does for validating). Build first: the resource path must exist. Another manifest: node validate-manifest.mjs <file>
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { validate } = require('@forge/manifest');
const here = dirname(fileURLToPath(import.meta.url));
const manifest = resolve(process.argv[2] ?? join(here, 'manifest.yml'));
// resources are looked up relative to the manifest's folder, as the Forge CLI does
process.chdir(dirname(manifest));

const result = await validate(false, basename(manifest));
const errors = (result.errors ?? []).filter((e) => e.level === 'error');
for (const e of result.errors ?? []) {
  console.log(`${e.level}: ${e.message}${e.line ? ` (line ${e.line})` : ''}`);
}
if (!result.success || errors.length > 0) {
  console.log(`${manifest} is NOT valid`);
  process.exit(1);
}
console.log(`${manifest} is valid`);
