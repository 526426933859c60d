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

/**
 * The CLI as a set of CommonJS files in `outdir`: `cli.cjs`, holding everything a lint with the
 * stylish report runs, and one file per part loaded on demand (the simulator, the other
 * formatters, ajv for customRules, minimatch for patterns, ...). bin/kube-intent runs cli.cjs
 * through V8's code cache, which Node 20 offers for scripts only, so the lazy parts cannot be
 * ES module chunks: esbuild splits the ES module graph at every dynamic import(), each chunk is
 * then turned into CommonJS, and the chunks cli.cjs needs at start (the shared code) are put
 * inside it, served by a small require() of its own that reads the other chunks from their files
 * when asked. Nothing depends on where the checkout is or when it was built: the same sources
 * give the same bytes (test/action.test.ts checks the committed Action artefact that way).
 */
export async function bundleCli() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts', minimatch: 'minimatch' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    // Only names the chunks (nothing is written): the same wherever the output goes.
    outdir: `${root}dist`,
    outExtension: { '.js': '.cjs' },
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    write: false,
    metafile: true,
    plugins: [lazyChildProcessForCommander, minimatchAsChunk],
  });
  const chunks = new Map();
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const meta = result.metafile.outputs[path.relative(root, file.path).split(path.sep).join('/')];
    const { code } = await esbuild.transform(file.text, {
      format: 'cjs',
      minify: true,
      target: 'node20',
      platform: 'node',
      supported: { 'dynamic-import': false },
      legalComments: 'none',
    });
    chunks.set(name, {
      code,
      entryPoint: meta.entryPoint,
      imports: meta.imports.filter((i) => !i.external && i.kind === 'import-statement').map((i) => path.basename(i.path)),
    });
  }
  // What a lint with the default report runs: the CLI, the stylish formatter, and what they import.
  const startChunks = new Set();
  const addWithImports = (name) => {
    if (startChunks.has(name)) return;
    startChunks.add(name);
    for (const dep of chunks.get(name).imports) addWithImports(dep);
  };
  addWithImports('cli.cjs');
  for (const [name, chunk] of chunks) if (chunk.entryPoint === 'src/report/stylish.ts') addWithImports(name);
  startChunks.delete('cli.cjs');
  const inside = [...startChunks]
    .sort()
    .map((name) => `${JSON.stringify(`./${name}`)}:function(exports,require,module,__filename,__dirname){${chunks.get(name).code}\n}`);
  const cli = `"use strict";(function(exports,require,module,__filename,__dirname){${chunks.get('cli.cjs').code}\n})(exports,${chunkRequire(inside)}(require,__dirname),module,__filename,__dirname);\n`;
  const files = { 'cli.cjs': cli };
  for (const [name, chunk] of chunks) if (name !== 'cli.cjs' && !startChunks.has(name)) files[name] = chunk.code;
  files['LICENSES.txt'] = bundledLicenses(Object.keys(result.metafile.inputs));
  return files;
}

/** The license texts of the npm packages inside the bundle, which their licenses ask to ship along. */
function bundledLicenses(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = `${root}node_modules/${name}`;
    const { version, license } = JSON.parse(fs.readFileSync(`${dir}/package.json`, 'utf8'));
    const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? fs.readFileSync(`${dir}/${file}`, 'utf8').trim() : `${license} (the package ships no license file)`;
    return `${name} ${version} (${license})\n\n${text}\n`;
  });
  return `kube-intent bundles these npm packages:\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/**
 * The require() the chunks see: a chunk is `./<name>.cjs`, taken from cli.cjs itself or read from
 * its file next to it (evaluated once, like a module); anything else goes to Node's require.
 */
function chunkRequire(inside) {
  return `(function(nodeRequire,dir){var inside={${inside.join(',')}},loaded={};function chunkRequire(id){if(!id.startsWith("./"))return nodeRequire(id);if(Object.prototype.hasOwnProperty.call(loaded,id))return loaded[id].exports;var file=dir+"/"+id.slice(2),module=loaded[id]={exports:{}},define=inside[id]||nodeRequire("node:vm").runInThisContext("(function(exports,require,module,__filename,__dirname){"+nodeRequire("node:fs").readFileSync(file,"utf8")+"\\n})",{filename:file});define(module.exports,chunkRequire,module,file,dir);return module.exports}return chunkRequire})`;
}

/** glob.ts requires minimatch synchronously and lazily: in the bundle that require reads the minimatch chunk. */
const minimatchAsChunk = {
  name: 'minimatch-as-chunk',
  setup(b) {
    b.onResolve({ filter: /^minimatch$/ }, (args) =>
      args.kind === 'require-call' ? { path: './minimatch.cjs', external: true } : undefined,
    );
  },
};

function writeBundle(dir, files) {
  // Built aside and moved in file by file (a rename is atomic): a test run or a hook in the same
  // checkout keeps reading a complete dist/ while another run rebuilds it.
  const staging = `${root}.dist-build-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), text);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(dir, name));
  fs.rmdirSync(staging);
}

export async function build({ types = true } = {}) {
  writeIfChanged(RULES_INDEX_PATH, generateRulesIndex());
  writeIfChanged(VALIDATOR_PATH, generateConfigValidator());
  writeIfChanged(PROFILE_VALIDATOR_PATH, generateProfileValidator());
  const dist = `${root}dist`;
  const files = await bundleCli();
  // The public API for plugins (`import { defineRule } from 'kube-intent'`).
  const api = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    outdir: dist,
    write: false,
  });
  for (const file of api.outputFiles) files[path.basename(file.path)] = file.text;
  // Chunks of an older build (their names carry a hash of their contents) go.
  const stale = fs.existsSync(dist)
    ? fs.readdirSync(dist).filter((name) => /^[\w-]+-[A-Z0-9]{8}\.cjs$/.test(name) && !(name in files))
    : [];
  writeBundle(dist, files);
  for (const name of stale) fs.rmSync(path.join(dist, name), { force: true });
  // Code caches of the previous bundle can never match the new one (the launcher keys them by size and mtime).
  for (const name of fs.readdirSync(dist))
    if (/^\.cli-.*\.cache$/.test(name) || name.endsWith('.map') || name.endsWith('.LEGAL.txt'))
      fs.rmSync(`${dist}/${name}`, { force: true });
  if (types) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  }
}

/**
 * The artefact the GitHub Action runs (action.yml), committed so a job needs no npm ci and no
 * build: an install tree of its own (bin/ with the launcher, dist/ with the bundle, every runtime
 * dependency inside it, a package.json for --version), outside dist/, which is ignored and rebuilt
 * by every test run. The land script rebuilds and commits it whenever the sources change.
 */
export async function buildActionArtefact(dir = `${root}action`) {
  writeIfChanged(RULES_INDEX_PATH, generateRulesIndex());
  writeIfChanged(VALIDATOR_PATH, generateConfigValidator());
  writeIfChanged(PROFILE_VALIDATOR_PATH, generateProfileValidator());
  const { name, version, license } = JSON.parse(fs.readFileSync(`${root}package.json`, 'utf8'));
  const files = {
    'README.md': `# The GitHub Action's kube-intent\n\nBuilt by \`npm run build:action\` from this repository's sources (${name} ${version}); do not edit.\naction.yml runs \`node action/bin/kube-intent\`; test/action.test.ts checks that these files equal a fresh build.\n`,
    'package.json': `${JSON.stringify({ name: `${name}-action`, version, private: true, license }, null, 2)}\n`,
    'bin/kube-intent': fs.readFileSync(`${root}bin/kube-intent`, 'utf8'),
    'bin/package.json': fs.readFileSync(`${root}bin/package.json`, 'utf8'),
  };
  for (const [file, text] of Object.entries(await bundleCli())) files[`dist/${file}`] = text;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text, { mode: file === 'bin/kube-intent' ? 0o755 : 0o644 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--action')) await buildActionArtefact();
  else await build({ types: !process.argv.includes('--no-types') });
}
