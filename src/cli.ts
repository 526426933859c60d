import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { builtinRules } from '../rules/index.js';
import { ChangedFilesError, changedFiles, keepFindings, onlyChanged, type ChangedFiles } from './engine/changed.js';
import { CONFIG_FILE, ConfigError, loadConfig, type Config, type LoadedConfig } from './engine/config.js';
import { ruleNames, type RuleDefinition } from './engine/rule.js';
import { DEFAULT_MAX_FILE_SIZE, failsThreshold, lintPaths, lintPathsContained, resolveSeverity } from './engine/run.js';
import { RULE_ID, type ModuleImporter } from './engine/plugins.js';
import { loadRules } from './engine/user-rules.js';
import { GlobError } from './load/glob.js';
import { FORMATS, HUMAN_FORMATS, type FormatterModule } from './report/format.js';
import type { Severity, SeverityOrOff } from './types.js';
import { UsageError } from './usage-error.js';
import { closest } from './util/edit-distance.js';
import { stdoutColumns, stdoutIsTerminal, writeStdout } from './util/stdout.js';
import { escapeControl } from './util/text.js';
import { version } from './version.js';

const SEVERITIES = ['error', 'warning', 'info'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

/** The most objects a lint may have for its code cache to be the one kept for the lint path (pre-commit). */
const SMALL_LINT_OBJECTS = 50;
let smallLint = false;

/** Whether this process ran a small lint: the launcher keeps a code cache made by one for pre-commit. */
export function ranSmallLint(): boolean {
  return smallLint;
}

/** `importModule` performs import() for plugins; the launcher passes one that works outside its vm.Script. */
export async function main(argv: string[], importModule: ModuleImporter = (specifier) => import(specifier)): Promise<void> {
  const program = buildProgram(importModule, commandsToDefine(argv));
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
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof ChangedFilesError || err instanceof GlobError) {
    process.stderr.write(`kube-intent: ${escapeControl(err.message)}\n`);
    return 2;
  }
  process.stderr.write(`kube-intent: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 2;
}

interface LintFlags {
  config?: string;
  rule?: Record<string, SeverityOrOff>;
  failOn?: Severity | 'none';
  maxWarnings?: number;
  quiet?: boolean;
  /** --color forces colour, --no-color forbids it; undefined: colour on a terminal only. */
  color?: boolean;
  maxFileSize: number;
  plugin?: string[];
  changed?: true | string;
  stdinFilename?: string;
  includeSuppressed?: boolean;
  sarifCategory?: string;
  printConfig?: boolean;
  inlineConfig: boolean;
  reportUnusedSuppressions?: boolean;
  summary?: boolean;
  cluster?: string[];
}

/** One report a run writes: a format, to stdout or to its --output file. */
interface ReportTarget {
  format?: string;
  output?: string;
}

const COMMANDS = ['lint', 'simulate', 'rules', 'explain', 'init', 'version', 'help'];

/**
 * The subcommands a run needs defined: the one it names, else lint (the default); every one for
 * help or an option first. Defining commander's options is a measurable part of a pre-commit run's
 * start (about 45 options), so a run pays only for its own command's.
 */
function commandsToDefine(argv: string[]): ReadonlySet<string> | undefined {
  const first = argv[2];
  if (first !== undefined && (first.startsWith('-') || first === 'help')) return undefined;
  return new Set([first !== undefined && COMMANDS.includes(first) ? first : 'lint']);
}

function buildProgram(importModule: ModuleImporter, only: ReadonlySet<string> | undefined): Command {
  const defines = (command: string) => only === undefined || only.has(command);
  const program = new Command('kube-intent')
    .description('Find where Kubernetes will read your manifests differently than you meant')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: writeStdout, writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `kube-intent: ${s}` : s) })
    .showHelpAfterError('(run kube-intent --help for usage)');

  // --format and --output pair up in the order given (`-f sarif -o a.sarif -f junit -o a.xml`).
  const targets: ReportTarget[] = [];
  if (defines('lint'))
    program
      .command('lint', { isDefault: true })
      .description('lint manifests: files, folders (recursive), globs, kustomization folders, or - for stdin')
      .argument('[paths...]', 'what to lint', ['.'])
      .option(
        '-f, --format <name>',
        `output format: ${Object.keys(FORMATS).join(', ')} (default: stylish; repeatable, each with its own --output)`,
        (value: string) => addFormat(targets, value),
      )
      .option('-o, --output <file>', 'write the report of the --format before it to a file instead of stdout', (value: string) =>
        addOutput(targets, value),
      )
      .option('-c, --config <file>', 'config file (default: .kube-intent.yaml found upward from the working directory)')
      .option('-r, --rule <id=severity>', 'set a rule to error, warning, info or off (repeatable)', collectRule)
      .addOption(new Option('--fail-on <level>', 'lowest severity that makes the exit code 1 (default: error)').choices(FAIL_ON))
      .option('--max-warnings <n>', 'also fail when there are more than n warnings', parseCount)
      .option(
        '-q, --quiet',
        'show errors only in the formats people read (stylish, compact, github); counts, the exit code and the machine-readable formats keep every finding',
      )
      .option('--color', 'always colour the output (stylish)')
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
      .option('--stdin-filename <path>', 'the file name to show (and resolve paths against) for what - reads from stdin')
      .option('--include-suppressed', 'sarif: keep suppressed findings, marked (GitHub ignores the mark and shows them as open alerts)')
      .option('--sarif-category <id>', 'sarif: runAutomationDetails.id, to tell several uploads for one commit apart')
      .option('--print-config', 'print the effective config (file, then command-line flags) as JSON and exit')
      .option('--no-inline-config', 'ignore kube-intent-ignore comments and kube-intent.io/ignore annotations')
      .option('--report-unused-suppressions', 'report suppression comments and annotations that suppress nothing, as errors')
      .option('--summary', 'stylish: counts per rule and per folder, then only the errors in full (for large trees)')
      .option(...CLUSTER_OPTION)
      .action(async (paths: string[], flags: LintFlags, command: Command) => {
        // `kube-intent lnt` reaches lint as a path; `kube-intent lint lnt` names a path for sure.
        const named = command.parent?.args[0] === 'lint';
        process.exitCode = await runLint(paths, flags, targets, importModule, named);
      });

  if (defines('simulate'))
    program
      .command('simulate')
      .description('place the declared pods on a cluster as kube-scheduler would: what stays Pending, what-ifs, eviction order, packing')
      .argument('[paths...]', 'manifests, loaded as lint loads them', ['.'])
      .option(...CLUSTER_OPTION)
      .addOption(new Option('-f, --format <name>', 'output format').choices(['stylish', 'json', 'html']).default('stylish'))
      .option('-o, --output <file>', 'write the report to a file instead of stdout')
      .option('-c, --config <file>', 'config file (default: .kube-intent.yaml found upward from the working directory)')
      .option('-r, --rule <id=severity>', 'set a rule to error, warning, info or off (repeatable)', collectRule)
      .addOption(
        new Option('--fail-on <level>', 'lowest finding severity that makes the exit code 1; Pending pods always do unless none').choices(
          FAIL_ON,
        ),
      )
      .option(
        '--lose-node <name|worst>',
        'what if this node is lost; worst: the node whose loss leaves the most pods Pending (repeatable)',
        collectValues,
      )
      .option('--lose-zone <zone|each>', 'what if this zone is lost; each: every zone in turn (repeatable)', collectValues)
      .option(
        '--drain <node|each>',
        'what if this node is drained: PodDisruptionBudgets, pods that find no node (repeatable)',
        collectValues,
      )
      .addOption(
        new Option('--usage <assumption>', 'memory each container is assumed to use, for the eviction order')
          .choices(['request', 'limit'])
          .default('request'),
      )
      .option('--no-color', 'never colour the output')
      .addOption(
        new Option('--max-file-size <MiB>', 'skip files larger than this')
          .argParser(parseMiB)
          .default(DEFAULT_MAX_FILE_SIZE, `${DEFAULT_MAX_FILE_SIZE / 1024 / 1024} MiB`),
      )
      .option(...PLUGIN_OPTION)
      .action(async (paths: string[], flags: SimulateCliFlags) => {
        const loaded = loadConfig(flags.config, process.cwd());
        const rules = await loadRules(builtinRules, loaded, flags.plugin ?? [], process.cwd(), importModule);
        validateRuleIds(loaded, flags.rule ?? {}, rules);
        const { runSimulate } = await import('./sim/output/command.js');
        const settings = { loaded, rules, overrides: flags.rule, wantsColor: wantsColor(), width: stdoutColumns() || 100 };
        process.exitCode = await runSimulate(paths, flags, settings);
      });

  if (defines('rules'))
    program
      .command('rules')
      .description('list every rule: id, default severity, category, summary')
      .addOption(new Option('-f, --format <name>', 'table or json').choices(['table', 'json']).default('table'))
      .option('-c, --config <file>', 'config file, to show configured severities')
      .option(...PLUGIN_OPTION)
      .action(async (flags: { format: string; config?: string; plugin?: string[] }) => {
        const config = loadConfig(flags.config, process.cwd());
        const rules = await loadRules(builtinRules, config, flags.plugin ?? [], process.cwd(), importModule);
        writeStdout(flags.format === 'json' ? rulesJson(rules, config) : rulesTable(rules, config));
      });

  if (defines('explain'))
    program
      .command('explain')
      .description('the long form of a rule: declared, interpreted, fix')
      .argument('<rule-id>')
      .option('-c, --config <file>', 'config file, for its plugins and customRules')
      .option(...PLUGIN_OPTION)
      .action(async (id: string, flags: { config?: string; plugin?: string[] }) => {
        const rules = await loadRules(
          builtinRules,
          loadConfig(flags.config, process.cwd()),
          flags.plugin ?? [],
          process.cwd(),
          importModule,
        );
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
        writeStdout(explain(rule, id) + explainExamples(path.join(__dirname, '..', 'fixtures'), rule.id));
      });

  if (defines('version'))
    program
      .command('version')
      .description('print the version')
      .action(() => {
        writeStdout(`${version}\n`);
      });

  if (defines('init'))
    program
      .command('init')
      .description(`write a commented ${CONFIG_FILE} in the working directory`)
      .option('--force', 'overwrite an existing file')
      .action(async (flags: { force?: boolean }) => {
        const { writeStarterConfig } = await import('./engine/init.js');
        writeStdout(writeStarterConfig(process.cwd(), flags.force === true));
      });

  return program;
}

async function runLint(
  paths: string[],
  flags: LintFlags,
  targets: ReportTarget[],
  importModule: ModuleImporter,
  commandNamed: boolean,
): Promise<number> {
  const loaded = loadConfig(flags.config, process.cwd());
  const rules = await loadRules(builtinRules, loaded, flags.plugin ?? [], process.cwd(), importModule);
  validateRuleIds(loaded, flags.rule ?? {}, rules);
  if (flags.printConfig) {
    writeStdout(`${JSON.stringify(effectiveConfig(loaded.config, flags), null, 2)}\n`);
    return 0;
  }
  const reports = planReports(targets);
  if (flags.summary && !reports.some((r) => r.format === 'stylish'))
    throw new UsageError('--summary shapes the stylish report; add --format stylish (it does not change the other formats)');
  if (!commandNamed) rejectMistypedCommand(paths);
  if (flags.reportUnusedSuppressions && !flags.inlineConfig)
    throw new UsageError('--report-unused-suppressions needs the suppressions that --no-inline-config turns off');

  if (flags.changed && paths.includes('-')) throw new UsageError('--changed needs files from git, not stdin (-)');
  if (flags.stdinFilename !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename names standard input: lint - too');
  const changed = flags.changed ? changedFiles(flags.changed === true ? undefined : flags.changed, process.cwd()) : undefined;

  // The simulator loads only when a cluster is named: lint without one never pays for it.
  const simulate =
    flags.cluster?.length || loaded.config.cluster?.profile
      ? (await import('./sim/output/command.js')).lintSimulation(flags.cluster ?? [], loaded, process.cwd(), flags.maxFileSize)
      : undefined;
  // Only plugin rules (loaded after the built-ins) can leave a promise behind that rejects later.
  const lint = rules.length > builtinRules.length ? lintPathsContained : lintPaths;
  let result = await lint({
    paths,
    config: loaded.config,
    rules,
    overrides: flags.rule,
    maxFileSize: flags.maxFileSize,
    stdinFilename: flags.stdinFilename,
    inlineConfig: flags.inlineConfig,
    simulate,
  });
  smallLint = result.summary.objects <= SMALL_LINT_OBJECTS;
  if (!result.linted) {
    const problems = result.findings.filter((f) => f.ruleId === 'file-unreadable');
    for (const f of problems) process.stderr.write(`kube-intent: ${escapeControl(`${f.location.file}: ${f.message}`)}\n`);
    if (problems.length === 0) process.stderr.write(`kube-intent: no manifests found in ${paths.join(', ')}\n`);
    return 2;
  }
  if (flags.reportUnusedSuppressions) result = (await import('./engine/unused-suppressions.js')).withUnusedSuppressions(result, rules);

  if (changed) result = onlyChanged(result, changed, process.cwd());
  // --quiet changes what a person is shown, not what counts: the exit code and the machine-readable
  // formats (their counts feed CI) still see every finding.
  const all = result;
  const quiet = flags.quiet ? keepFindings(result, (f) => f.severity === 'error') : result;
  const shownIn = (format: string) => (HUMAN_FORMATS.has(format) ? quiet : all);

  const failOn = flags.failOn ?? loaded.config.failOn ?? 'error';
  const hidden = all.findings.filter((f) => !f.suppressed).length - quiet.findings.filter((f) => !f.suppressed).length;
  const stepSummary = process.env.GITHUB_STEP_SUMMARY || undefined;
  const base = {
    rules,
    width: stdoutColumns() || 100,
    hidden,
    failOn,
    isChanged: changed ? (file: string) => isChangedFile(file, changed) : undefined,
    includeSuppressed: flags.includeSuppressed,
    sarifCategory: flags.sarifCategory,
    warn: (message: string) => process.stderr.write(`kube-intent: ${message}\n`),
  };
  for (const { format, output } of reports) {
    const formatter: FormatterModule = await (flags.summary && format === 'stylish' ? import('./report/summary.js') : FORMATS[format]());
    const color = output === undefined && (flags.color ?? wantsColor());
    const options = {
      ...base,
      hidden: HUMAN_FORMATS.has(format) ? hidden : 0,
      color,
      stepSummary: format === 'github' && stepSummary !== undefined,
    };
    const report = formatter.chunks ? formatter.chunks(shownIn(format), options) : [formatter.default(shownIn(format), options)];
    if (output === undefined) for (const piece of report) writeStdout(piece);
    else writeReport(output, report);
    if (format === 'github' && stepSummary) {
      const { markdownReport } = await import('./report/markdown.js');
      appendReport(stepSummary, markdownReport(quiet, {}));
    }
  }

  const maxWarnings = flags.maxWarnings ?? loaded.config.maxWarnings;
  const { warnings } = all.summary;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings)
    process.stderr.write(`kube-intent: ${warnings} warning${warnings === 1 ? '' : 's'}, more than the maximum of ${maxWarnings}\n`);
  const fails = failsThreshold(all.findings, failOn);
  if (fails && !failsThreshold(quiet.findings, failOn) && reports.some((r) => HUMAN_FORMATS.has(r.format)))
    process.stderr.write(`kube-intent: findings hidden by --quiet reach --fail-on ${failOn}\n`);
  return fails || tooManyWarnings ? 1 : 0;
}

function addFormat(targets: ReportTarget[], format: string): ReportTarget[] {
  if (!FORMATS[format]) throw new InvalidArgumentError(`unknown format; use one of ${Object.keys(FORMATS).join(', ')}`);
  // `-o FILE -f NAME`: an output given before any format belongs to the first format.
  const waiting = targets.length === 1 && targets[0].format === undefined ? targets[0] : undefined;
  if (waiting) waiting.format = format;
  else targets.push({ format });
  return targets;
}

function addOutput(targets: ReportTarget[], output: string): ReportTarget[] {
  const last = targets[targets.length - 1];
  if (last === undefined) targets.push({ output });
  else if (last.output === undefined) last.output = output;
  else throw new InvalidArgumentError('each --output follows the --format it is for (a format already has its file)');
  return targets;
}

/** The reports to write: stylish to stdout by default; at most one report on stdout, each file once. */
function planReports(targets: ReportTarget[]): Array<{ format: string; output?: string }> {
  const reports = (targets.length ? targets : [{}]).map((t) => ({ format: t.format ?? 'stylish', output: t.output }));
  if (reports.filter((r) => r.output === undefined).length > 1)
    throw new UsageError('only one --format can write to stdout: give the others an --output FILE');
  const files = reports.flatMap((r) => (r.output === undefined ? [] : [path.resolve(r.output)]));
  if (new Set(files).size < files.length) throw new UsageError('two --format reports name the same --output file');
  return reports;
}

/** `kube-intent lnt k8s/` would otherwise read as "no such file lnt". */
function rejectMistypedCommand(paths: string[]): void {
  const [first] = paths;
  if (first === undefined || first === '-' || /[./\\*?[{]/.test(first) || fs.existsSync(first)) return;
  const near = closest(first, COMMANDS);
  if (near) throw new UsageError(`unknown command "${first}" (did you mean ${near}?); to lint a file named ${first}, write ./${first}`);
}

function isChangedFile(file: string, changed: ChangedFiles): boolean {
  try {
    return changed.files.has(fs.realpathSync(path.resolve(file)));
  } catch {
    return false;
  }
}

/** The config the run uses: the file's settings with the command line's on top. */
function effectiveConfig(config: Config, flags: LintFlags): Config {
  const effective: Config = { ...config };
  const failOn = flags.failOn ?? config.failOn;
  if (failOn !== undefined) effective.failOn = failOn;
  const maxWarnings = flags.maxWarnings ?? config.maxWarnings;
  if (maxWarnings !== undefined) effective.maxWarnings = maxWarnings;
  if (flags.rule) effective.rules = { ...config.rules, ...flags.rule };
  if (flags.plugin?.length) effective.plugins = [...(config.plugins ?? []), ...flags.plugin];
  return effective;
}

/** Writes a report piece by piece as it is made (a big JSON report is never one string). */
function writeReport(file: string, report: Iterable<string>): void {
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fd = fs.openSync(file, 'w');
    for (const piece of report) fs.writeSync(fd, piece);
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function appendReport(file: string, report: string): void {
  try {
    fs.appendFileSync(file, report);
  } catch (err) {
    throw new UsageError(`cannot write the job summary ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stdoutIsTerminal();
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

interface SimulateCliFlags {
  cluster?: string[];
  format: string;
  output?: string;
  config?: string;
  rule?: Record<string, SeverityOrOff>;
  failOn?: Severity | 'none';
  loseNode?: string[];
  loseZone?: string[];
  drain?: string[];
  usage: 'request' | 'limit';
  color: boolean;
  maxFileSize: number;
  plugin?: string[];
}

const CLUSTER_OPTION = [
  '--cluster <file>',
  "the cluster: kubectl get nodes -o yaml (and get pods -A -o yaml) output or a ClusterProfile (repeatable; default: the config's cluster.profile); turns on the simulation rules",
  collectValues,
] as const;

const PLUGIN_OPTION = [
  '--plugin <file>',
  'load rules from an ES module that default-exports defineRule(...) or an array of them (repeatable)',
  collectValues,
] as const;

/** Collects the values of a repeatable option. */
function collectValues(value: string, previous: string[] | undefined): string[] {
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
