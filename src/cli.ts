import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { builtinRules } from '../rules/index.js';
import { ChangedFilesError, changedFiles, keepFindings, onlyChanged } from './engine/changed.js';
import { ConfigError, loadConfig, type LoadedConfig } from './engine/config.js';
import { ruleNames, type RuleDefinition } from './engine/rule.js';
import { DEFAULT_MAX_FILE_SIZE, failsThreshold, lintPaths, resolveSeverity } from './engine/run.js';
import { RULE_ID, type ModuleImporter } from './engine/plugins.js';
import { loadRules } from './engine/user-rules.js';
import { FORMATS } from './report/format.js';
import type { Severity, SeverityOrOff } from './types.js';
import { closest } from './util/edit-distance.js';
import { version } from './version.js';

const SEVERITIES = ['error', 'warning', 'info'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

/** A user error: one line on stderr, exit code 2, no stack trace. */
class UsageError extends Error {}

/** `importModule` performs import() for plugins; the launcher passes one that works outside its vm.Script. */
export async function main(argv: string[], importModule: ModuleImporter = (specifier) => import(specifier)): Promise<void> {
  const program = buildProgram(importModule);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = handleError(err);
  }
}

function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof ChangedFilesError) {
    process.stderr.write(`kube-intent: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(`kube-intent: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 2;
}

interface LintFlags {
  format: string;
  output?: string;
  config?: string;
  rule?: Record<string, SeverityOrOff>;
  failOn?: Severity | 'none';
  maxWarnings?: number;
  quiet?: boolean;
  color: boolean;
  maxFileSize: number;
  plugin?: string[];
  changed?: true | string;
}

function buildProgram(importModule: ModuleImporter): Command {
  const program = new Command('kube-intent')
    .description('Find where Kubernetes will read your manifests differently than you meant')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `kube-intent: ${s}` : s) })
    .showHelpAfterError('(run kube-intent --help for usage)');

  program
    .command('lint', { isDefault: true })
    .description('lint manifests: files, folders (recursive), globs, kustomization folders, or - for stdin')
    .argument('[paths...]', 'what to lint', ['.'])
    .option('-f, --format <name>', `output format: ${Object.keys(FORMATS).join(', ')}`, 'stylish')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'config file (default: .kube-intent.yaml found upward from the working directory)')
    .option('-r, --rule <id=severity>', 'set a rule to error, warning, info or off (repeatable)', collectRule)
    .addOption(new Option('--fail-on <level>', 'lowest severity that makes the exit code 1 (default: error)').choices(FAIL_ON))
    .option('--max-warnings <n>', 'also fail when there are more than n warnings', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'never colour the output')
    .addOption(
      new Option('--max-file-size <MiB>', 'skip files larger than this')
        .argParser(parseMiB)
        .default(DEFAULT_MAX_FILE_SIZE, `${DEFAULT_MAX_FILE_SIZE / 1024 / 1024} MiB`),
    )
    .option(...PLUGIN_OPTION)
    .option(
      '--changed [base]',
      'report only files that differ from BASE in git (default: the merge base with the default branch); the rest still gives context',
    )
    .action(async (paths: string[], flags: LintFlags) => {
      process.exitCode = await runLint(paths, flags, importModule);
    });

  program
    .command('rules')
    .description('list every rule: id, default severity, category, summary')
    .addOption(new Option('-f, --format <name>', 'table or json').choices(['table', 'json']).default('table'))
    .option('-c, --config <file>', 'config file, to show configured severities')
    .option(...PLUGIN_OPTION)
    .action(async (flags: { format: string; config?: string; plugin?: string[] }) => {
      const config = loadConfig(flags.config, process.cwd());
      const rules = await loadRules(builtinRules, config, flags.plugin ?? [], process.cwd(), importModule);
      process.stdout.write(flags.format === 'json' ? rulesJson(rules, config) : rulesTable(rules, config));
    });

  program
    .command('explain')
    .description('the long form of a rule: declared, interpreted, fix')
    .argument('<rule-id>')
    .option('-c, --config <file>', 'config file, for its plugins and customRules')
    .option(...PLUGIN_OPTION)
    .action(async (id: string, flags: { config?: string; plugin?: string[] }) => {
      const rules = await loadRules(builtinRules, loadConfig(flags.config, process.cwd()), flags.plugin ?? [], process.cwd(), importModule);
      const rule = rules.find((r) => ruleNames(r).includes(id));
      if (!rule)
        throw new UsageError(
          `unknown rule "${id}"${suggest(
            id,
            rules.map((r) => r.id),
          )}; \`kube-intent rules\` lists them`,
        );
      // Examples come from the fixtures shipped next to dist/; read only here, never at lint time.
      const { explainExamples } = await import('./engine/rule-examples.js');
      process.stdout.write(explain(rule, id) + explainExamples(path.join(__dirname, '..', 'fixtures'), rule.id));
    });

  return program;
}

async function runLint(paths: string[], flags: LintFlags, importModule: ModuleImporter): Promise<number> {
  const loaded = loadConfig(flags.config, process.cwd());
  const rules = await loadRules(builtinRules, loaded, flags.plugin ?? [], process.cwd(), importModule);
  validateRuleIds(loaded, flags.rule ?? {}, rules);
  const load = FORMATS[flags.format];
  if (!load) throw new UsageError(`unknown format "${flags.format}"; use one of ${Object.keys(FORMATS).join(', ')}`);

  if (flags.changed && paths.includes('-')) throw new UsageError('--changed needs files from git, not stdin (-)');
  const changed = flags.changed ? changedFiles(flags.changed === true ? undefined : flags.changed, process.cwd()) : undefined;

  let result = lintPaths({ paths, config: loaded.config, rules, overrides: flags.rule, maxFileSize: flags.maxFileSize });
  if (!result.linted) {
    const problems = result.findings.filter((f) => f.ruleId === 'file-unreadable');
    for (const f of problems) process.stderr.write(`kube-intent: ${f.location.file}: ${f.message}\n`);
    if (problems.length === 0) process.stderr.write(`kube-intent: no manifests found in ${paths.join(', ')}\n`);
    return 2;
  }

  if (changed) result = onlyChanged(result, changed, process.cwd());
  // --quiet changes what is shown, not what counts: the exit code still sees every finding.
  const all = result;
  if (flags.quiet) result = keepFindings(result, (f) => f.severity === 'error');

  const formatter = (await load()).default;
  const toFile = flags.output !== undefined;
  const color = flags.color && !toFile && wantsColor();
  const hidden = all.findings.filter((f) => !f.suppressed).length - result.findings.filter((f) => !f.suppressed).length;
  const report = formatter(result, { color, rules, width: process.stdout.columns || 100, hidden });
  if (toFile) {
    try {
      fs.writeFileSync(flags.output!, report);
    } catch (err) {
      throw new UsageError(`cannot write ${flags.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else process.stdout.write(report);

  const failOn = flags.failOn ?? loaded.config.failOn ?? 'error';
  const maxWarnings = flags.maxWarnings ?? loaded.config.maxWarnings;
  const { warnings } = all.summary;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings)
    process.stderr.write(`kube-intent: ${warnings} warning${warnings === 1 ? '' : 's'}, more than the maximum of ${maxWarnings}\n`);
  const fails = failsThreshold(all.findings, failOn);
  if (fails && !failsThreshold(result.findings, failOn))
    process.stderr.write(`kube-intent: findings hidden by --quiet reach --fail-on ${failOn}\n`);
  return fails || tooManyWarnings ? 1 : 0;
}

function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return process.stdout.isTTY === true;
}

function validateRuleIds(loaded: LoadedConfig, overrides: Record<string, SeverityOrOff>, rules: readonly RuleDefinition[]): void {
  const known = rules.flatMap(ruleNames);
  for (const id of Object.keys(loaded.config.rules ?? {})) {
    if (!known.includes(id))
      throw new ConfigError(`${loaded.position?.(['rules', id]) ?? loaded.file}: rules.${id}: unknown rule${suggest(id, known)}`);
  }
  for (const id of Object.keys(overrides)) {
    if (!known.includes(id)) throw new UsageError(`--rule ${id}: unknown rule${suggest(id, known)}`);
  }
}

const PLUGIN_OPTION = [
  '--plugin <file>',
  'load rules from an ES module that default-exports defineRule(...) or an array of them (repeatable)',
  collectPlugin,
] as const;

function collectPlugin(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function collectRule(value: string, previous: Record<string, SeverityOrOff> | undefined): Record<string, SeverityOrOff> {
  const [id, severity] = value.trim().split('=');
  if (!RULE_ID.test(id ?? '') || !['error', 'warning', 'info', 'off'].includes(severity ?? ''))
    throw new InvalidArgumentError('expected <rule-id>=<error|warning|info|off>');
  return { ...(previous ?? {}), [id]: severity as SeverityOrOff };
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function parseMiB(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a size in MiB');
  return Math.round(n * 1024 * 1024);
}

function rulesTable(rules: readonly RuleDefinition[], loaded: LoadedConfig): string {
  const rows = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => [r.id, resolveSeverity(r, { config: loaded.config, rules }), r.category, r.summary]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length), ['RULE', 'SEVERITY', 'CATEGORY'][i].length));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ');
  return `${[line(['RULE', 'SEVERITY', 'CATEGORY', 'SUMMARY']), ...rows.map(line)].join('\n')}\n`;
}

function rulesJson(rules: readonly RuleDefinition[], loaded: LoadedConfig): string {
  const list = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => ({
      id: r.id,
      severity: r.severity,
      configuredSeverity: resolveSeverity(r, { config: loaded.config, rules }),
      enabledByDefault: r.enabledByDefault !== false,
      aliases: r.aliases ?? [],
      category: r.category,
      summary: r.summary,
      docs: r.docs,
    }));
  return `${JSON.stringify({ version: 1, rules: list }, null, 2)}\n`;
}

/** `asked` is the id the user typed: a former id is named as such. */
function explain(rule: RuleDefinition, asked: string): string {
  const lines = [
    `${rule.id} (${rule.severity}${rule.enabledByDefault === false ? ', off by default' : ''}, ${rule.category})`,
    ...(asked !== rule.id ? [`(${asked} is a former id of ${rule.id}; it still works in the config, --rule and suppressions)`] : []),
    ...(rule.aliases?.length && asked === rule.id ? [`Former ids, still accepted: ${rule.aliases.join(', ')}`] : []),
    rule.summary,
    ...(rule.docs.catches ? ['', rule.docs.catches] : []),
    '',
    `Declared:    ${rule.docs.declared}`,
    `Interpreted: ${rule.docs.interpreted}`,
    `Fix:         ${rule.docs.fix}`,
  ];
  if (rule.docs.details) lines.push('', rule.docs.details);
  if (rule.docsUrl) lines.push('', `Docs: ${rule.docsUrl}`);
  return `${lines.join('\n')}\n`;
}

/** " (did you mean x?)" for a near-miss, else ''. */
function suggest(input: string, candidates: string[]): string {
  const best = closest(input, candidates);
  return best ? ` (did you mean ${best}?)` : '';
}
