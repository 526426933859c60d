import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { loadConfig, parseConfig, type Config } from '../src/engine/config.js';
import { DEFAULT_MAX_FILE_SIZE, lintPaths } from '../src/engine/run.js';
import { FORMATS } from '../src/report/format.js';
import { loadCluster } from '../src/sim/input/index.js';
import { simulationFor } from '../src/sim/output/setup.js';
import type { SeverityOrOff } from '../src/types.js';
// @ts-expect-error plain JavaScript module shared with .ci/run
import { compareWithGolden, corpusDigest, writeGolden } from '../scripts/corpus-digest.mjs';
import { runCli } from './run-cli.js';

/**
 * Byte-for-byte output goldens: every fixture (linted alone, every rule on, as test/fixtures.test.ts
 * does) and every example folder (default config), in every format of src/report/format.ts, must
 * print exactly what test/goldens/ recorded; and the shared corpus's JSON report must match
 * test/goldens/corpus.golden finding by finding. This is what proves a faster parse or model
 * changed nothing: positions, duplicate keys, anchors, merge keys, YAML errors and their lines.
 *
 * An intended output change (a new rule, a fixed wording, a new format) regenerates the goldens in
 * the same commit: `npm run update-goldens`, then review the diff of test/goldens/ before committing.
 */
const root = path.resolve(__dirname, '..');
const goldenDir = path.join(root, 'test/goldens');
const sarifRulesDir = path.join(goldenDir, 'sarif-rules');
const UPDATE = process.env.UPDATE_GOLDENS === '1';

interface GoldenInput {
  /** Repository-relative path of the file or folder linted. */
  input: string;
  config: Config;
  overrides?: Record<string, SeverityOrOff>;
  /** A fixture's sibling `<name>.cluster.yaml`, simulated as `lint --cluster` would. */
  cluster?: string;
}

const allOn = Object.fromEntries(
  builtinRules.map((r) => [r.id, r.enabledByDefault === false ? r.severity : undefined]).filter(([, s]) => s),
) as Record<string, SeverityOrOff>;

function listInputs(): GoldenInput[] {
  const inputs: GoldenInput[] = [];
  for (const folder of fs.readdirSync(path.join(root, 'fixtures')).sort()) {
    const dir = path.join(root, 'fixtures', folder);
    // fixtures/simulate holds scenarios for the simulate engine (test/sim-scenarios.test.ts), not lint fixtures.
    if (folder === 'simulate' || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json)$/.test(file) || file.endsWith('.config.yaml') || file.endsWith('.cluster.yaml')) continue;
      const configFile = path.join(dir, file.replace(/\.(ya?ml|json)$/, '.config.yaml'));
      const config = fs.existsSync(configFile) ? parseConfig(configFile, fs.readFileSync(configFile, 'utf8')) : {};
      const clusterFile = `fixtures/${folder}/${file.replace(/\.(ya?ml|json)$/, '.cluster.yaml')}`;
      const cluster = fs.existsSync(path.join(root, clusterFile)) ? clusterFile : undefined;
      inputs.push({ input: `fixtures/${folder}/${file}`, config, overrides: allOn, ...(cluster ? { cluster } : {}) });
    }
  }
  for (const example of fs.readdirSync(path.join(root, 'examples')).sort()) {
    if (fs.statSync(path.join(root, 'examples', example)).isDirectory())
      inputs.push({ input: `examples/${example}`, config: loadConfig(undefined, root).config });
  }
  return inputs;
}

/** Every format's output for one input, each section headed by its format and byte length. */
async function render({ input, config, overrides, cluster }: GoldenInput): Promise<{ text: string; sarifRules: Map<string, string> }> {
  const simulate = cluster ? simulationFor(loadCluster([cluster]), { usage: 'request', whatIfs: [] }) : undefined;
  const result = lintPaths({ paths: [input], config, rules: builtinRules, overrides, maxFileSize: DEFAULT_MAX_FILE_SIZE, simulate });
  const sarifRules = new Map<string, string>();
  let text = '';
  for (const format of Object.keys(FORMATS).sort()) {
    const formatter = (await FORMATS[format]()).default;
    let output = formatter(result, { color: false, rules: builtinRules, width: 100, cwd: root });
    if (format === 'sarif') output = referenceSarifRules(withoutRootUri(output), sarifRules);
    text += `=== ${format} (${Buffer.byteLength(output)} bytes)\n${output}\n`;
  }
  return { text, sarifRules };
}

/** SARIF names the repository root as an absolute file URI (originalUriBaseIds), which differs per checkout. */
function withoutRootUri(output: string): string {
  return output.split(JSON.stringify(`${pathToFileURL(root).href}/`)).join('"file:///<repository root>/"');
}

/**
 * Every SARIF run describes every rule (~140 kB); the golden keeps that block once per distinct
 * content in test/goldens/sarif-rules/<hash>.json and refers to it by hash, so it is still
 * compared byte for byte.
 */
function referenceSarifRules(output: string, blocks: Map<string, string>): string {
  return output.replace(/^( *)"rules": \[\n[\s\S]*?\n\1\]/m, (block, indent: string) => {
    const hash = createHash('sha256').update(block).digest('hex').slice(0, 16);
    blocks.set(hash, block);
    return `${indent}"rules": <test/goldens/sarif-rules/${hash}.json>`;
  });
}

function goldenPath(input: string): string {
  return path.join(goldenDir, `${input}.golden`);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

const inputs = listInputs();
const usedSarifRules = new Set<string>();

describe('output goldens (npm run update-goldens after an intended change)', () => {
  for (const entry of inputs) {
    it(entry.input, async () => {
      const { text, sarifRules } = await render(entry);
      const file = goldenPath(entry.input);
      for (const [hash, block] of sarifRules) {
        usedSarifRules.add(hash);
        const blockFile = path.join(sarifRulesDir, `${hash}.json`);
        if (UPDATE) {
          fs.mkdirSync(sarifRulesDir, { recursive: true });
          fs.writeFileSync(blockFile, block);
        } else
          expect(
            fs.existsSync(blockFile) && fs.readFileSync(blockFile, 'utf8') === block,
            `${blockFile} holds this SARIF rules block`,
          ).toBe(true);
      }
      if (UPDATE) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        return;
      }
      expect(fs.existsSync(file), `${path.relative(root, file)} exists (npm run update-goldens)`).toBe(true);
      const golden = fs.readFileSync(file, 'utf8');
      // Section by section, so a failure shows the diff of the one format that changed.
      expect(sections(text)).toEqual(sections(golden));
      expect(text === golden).toBe(true);
    });
  }

  it('has no golden without its input, and no unused SARIF rules block', () => {
    const expected = new Set(inputs.map((e) => path.relative(goldenDir, goldenPath(e.input))));
    const stale = listFiles(goldenDir).filter((f) => f.endsWith('.golden') && f !== 'corpus.golden' && !expected.has(f));
    const unusedBlocks = listFiles(sarifRulesDir).filter((f) => !usedSarifRules.has(f.replace(/\.json$/, '')));
    if (UPDATE) {
      for (const f of stale) fs.rmSync(path.join(goldenDir, f));
      for (const f of unusedBlocks) fs.rmSync(path.join(sarifRulesDir, f));
      return;
    }
    expect(stale).toEqual([]);
    expect(unusedBlocks).toEqual([]);
  });
});

function sections(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/^=== /m).slice(1)) {
    const newline = part.indexOf('\n');
    out[part.slice(0, newline)] = part.slice(newline + 1);
  }
  return out;
}

/** The shared corpus beside the repository (CI: ../shared/corpus; a helper worktree: ../../shared). */
const corpus = ['../shared/corpus', '../../shared/corpus'].map((p) => path.resolve(root, p)).find((p) => fs.existsSync(p));

if (process.env.CI && !corpus) throw new Error('CI runs with ../shared/corpus beside the repository, and it is missing');

// Outside CI a checkout without the shared corpus has nothing to compare; CI always has it.
if (corpus) {
  describe('corpus golden', () => {
    it('the whole corpus lints to the recorded findings, finding by finding', () => {
      const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-golden-')), 'corpus.json');
      const run = runCli(['lint', path.basename(corpus), '--format', 'json', '--fail-on', 'none', '--output', report], {
        cwd: path.dirname(corpus),
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = corpusDigest(fs.readFileSync(report, 'utf8'));
      fs.rmSync(path.dirname(report), { recursive: true });
      if (UPDATE) writeGolden(lines);
      else expect(compareWithGolden(lines)).toEqual([]);
    }, 300_000);
  });
}
