import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';

/**
 * The examples `explain` shows, taken from the rule's fixtures: the documents of a fixture file
 * with a `# example: fails` (one example) or `# example: passes` (the other) comment at the end of
 * one of their lines (at the end of a line, so that marking a fixture moves no finding). The fixture test
 * proves both: linted alone, the failing one is reported on its `# expect:` lines and the passing
 * one is not reported at all. Read only when explain runs.
 */
export interface RuleExample {
  /** Relative to the package root, e.g. fixtures/cpu-request-missing/deployment.yaml. */
  file: string;
  /** The marked documents as written, `# expect:` comments included. */
  text: string;
  /** The fixture's `<name>.config.yaml`, when it has one. */
  config?: string;
  /** The fixture's `<name>.cluster.yaml` (nodes or a ClusterProfile), for the rules that simulate placement. */
  cluster?: string;
  /** Set when the fixture is not UTF-8 (file-unreadable's): `text` then holds its bytes one to one. */
  encoding?: 'latin1';
}

export type ExampleKind = 'fails' | 'passes';

const MARKER = /\s*#\s*example:\s*(fails|passes)\s*$/;
const SEPARATOR = /^---(\s|$)/;
const EXPECT = /\s*#\s*expect:\s*([a-z0-9@,\s-]+)$/;

/** The first fixture file (by name) with documents marked for each kind. */
export function ruleExamples(fixturesRoot: string, ruleId: string): Partial<Record<ExampleKind, RuleExample>> {
  const dir = path.join(fixturesRoot, ruleId);
  if (!fs.existsSync(dir)) return {};
  const found: Partial<Record<ExampleKind, RuleExample>> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name) || name.endsWith('.config.yaml') || name.endsWith('.cluster.yaml')) continue;
    const full = path.join(dir, name);
    const bytes = fs.readFileSync(full);
    const utf8 = isUtf8(bytes);
    const source = bytes.toString(utf8 ? 'utf8' : 'latin1');
    const configFile = configFileOf(full);
    const config = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : undefined;
    const clusterFile = clusterFileOf(full);
    const cluster = fs.existsSync(clusterFile) ? fs.readFileSync(clusterFile, 'utf8') : undefined;
    for (const kind of ['fails', 'passes'] as const) {
      if (found[kind]) continue;
      const text = markedDocuments(source, kind);
      if (text === undefined) continue;
      found[kind] = {
        file: `fixtures/${ruleId}/${name}`,
        text,
        ...(config !== undefined ? { config } : {}),
        ...(cluster !== undefined ? { cluster } : {}),
        ...(utf8 ? {} : { encoding: 'latin1' as const }),
      };
    }
  }
  return found;
}

/** The documents of a file that carry the marker, joined as one YAML stream, markers removed. */
export function markedDocuments(source: string, kind: ExampleKind): string | undefined {
  const documents: string[][] = [[]];
  for (const line of source.replace(/\n$/, '').split('\n')) {
    if (SEPARATOR.test(line)) documents.push([]);
    documents[documents.length - 1].push(line);
  }
  const marked = documents.filter((lines) => lines.some((line) => MARKER.exec(line)?.[1] === kind));
  if (marked.length === 0) return undefined;
  const kept = marked.map((lines) => lines.map((line) => line.replace(MARKER, '')));
  if (kept[0][0] === '---') kept[0].shift();
  return `${kept.map((lines) => lines.join('\n')).join('\n')}\n`;
}

/** The example as explain prints it: `# expect:` comments become "← reported" on the rule's own lines. */
export function renderExample(text: string, ruleId: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = EXPECT.exec(line);
      if (!m) return line;
      const ids = m[1].split(',').map((item) => item.trim().split('@')[0]);
      const code = line.slice(0, m.index);
      return ids.includes(ruleId) ? `${code} # ← reported` : code;
    })
    .join('\n');
}

const HEADINGS: Record<ExampleKind, string> = { fails: 'Reported', passes: 'Not reported' };

/** The examples section of `explain`; empty when the rule has no marked fixtures (plugin rules). */
export function explainExamples(fixturesRoot: string, ruleId: string): string {
  const examples = ruleExamples(fixturesRoot, ruleId);
  const indent = (text: string) => text.replace(/\n$/, '').replace(/^(?=.)/gm, '    ');
  const sections = (['fails', 'passes'] as const).flatMap((kind) => {
    const example = examples[kind];
    if (!example) return [];
    const config = example.config ? ['', `  with this config (${configFileOf(example.file)}):`, '', indent(example.config)] : [];
    const cluster = example.cluster
      ? ['', `  on this cluster (${clusterFileOf(example.file)}, given with --cluster):`, '', indent(example.cluster)]
      : [];
    return ['', `${HEADINGS[kind]} (${example.file}):`, '', indent(renderExample(example.text, ruleId)), ...config, ...cluster];
  });
  return sections.map((line) => `${line}\n`).join('');
}

function configFileOf(file: string): string {
  return file.replace(/\.ya?ml$/, '.config.yaml');
}

function clusterFileOf(file: string): string {
  return file.replace(/\.ya?ml$/, '.cluster.yaml');
}
