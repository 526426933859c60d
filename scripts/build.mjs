// Build: regenerate the rules index and the config validator, bundle the CLI with esbuild
// (one file for start-up, formatters and ajv split into chunks loaded on demand), emit types.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { generateRulesIndex, RULES_INDEX_PATH } from './gen-rules-index.mjs';
import { generateConfigValidator, VALIDATOR_PATH } from './gen-config-validator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function writeIfChanged(file, text) {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

export async function build({ types = true } = {}) {
  writeIfChanged(RULES_INDEX_PATH, generateRulesIndex());
  writeIfChanged(VALIDATOR_PATH, generateConfigValidator());
  fs.rmSync(`${root}dist`, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies (ajv) call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __kiCreateRequire } from 'node:module'; const require = __kiCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  if (types) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({ types: !process.argv.includes('--no-types') });
}
