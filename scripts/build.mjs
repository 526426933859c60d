// Build: regenerate the rules index and the config validator, bundle the CLI and the public API
// with esbuild, emit types.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { generateRulesIndex, RULES_INDEX_PATH } from './gen-rules-index.mjs';
import { generateConfigValidator, generateProfileValidator, PROFILE_VALIDATOR_PATH, VALIDATOR_PATH } from './gen-config-validator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function writeIfChanged(file, text) {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

// commander requires child_process at load time for executable subcommands, which kube-intent
// never uses; loading it costs every run ~5 ms (streams, sockets). Hand commander a stand-in that
// loads the real module only if it is ever touched.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => process.getBuiltinModule('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

export async function build({ types = true } = {}) {
  writeIfChanged(RULES_INDEX_PATH, generateRulesIndex());
  writeIfChanged(VALIDATOR_PATH, generateConfigValidator());
  writeIfChanged(PROFILE_VALIDATOR_PATH, generateProfileValidator());
  // Built aside and moved in file by file (a rename is atomic): a test run or a hook in the same
  // checkout keeps reading a complete dist/ while another run rebuilds it.
  const staging = `${root}.dist-build-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  };
  // The CLI is one CommonJS file: bin/kube-intent runs it through V8's code cache, which Node 20
  // only offers for scripts. Formatters stay lazily evaluated inside it; ajv stays external and is
  // required only when a config declares customRules.
  await esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: staging,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['ajv', 'ajv/*'],
    plugins: [lazyChildProcessForCommander],
  });
  // The public API for plugins (`import { defineRule } from 'kube-intent'`).
  await esbuild.build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: staging, format: 'esm' });
  fs.mkdirSync(`${root}dist`, { recursive: true });
  for (const name of fs.readdirSync(staging)) fs.renameSync(`${staging}/${name}`, `${root}dist/${name}`);
  fs.rmdirSync(staging);
  // Code caches of the previous bundle can never match the new one (the launcher keys them by size and mtime).
  for (const name of fs.readdirSync(`${root}dist`)) if (/^\.cli-.*\.cache$/.test(name)) fs.rmSync(`${root}dist/${name}`, { force: true });
  if (types) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({ types: !process.argv.includes('--no-types') });
}
