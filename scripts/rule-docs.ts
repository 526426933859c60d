// The rule documentation generated from the rules' metadata: the README's rule tables (between
// `<!-- rules-table: <categories> -->` and `<!-- /rules-table -->`), docs/rules.md (one section per
// rule, anchored by its id) and the category and alias lists of docs/writing-rules.md.
// `node scripts/gen-rule-docs.mjs` writes them; test/readme.test.ts fails when one drifts.
import { RULE_CATEGORIES, type RuleCategory, type RuleDefinition } from '../src/engine/rule.js';

/** What each category holds (docs/rules.md headings, the list in docs/writing-rules.md). */
export const CATEGORY_TITLES: Record<RuleCategory, string> = {
  input: 'Input: files, documents and fields that cannot be read as manifests',
  resources: 'Resources: requests, limits, quantities, LimitRanges, quotas',
  probes: 'Probes: liveness, readiness, startup',
  rollout: 'Rollouts: update strategies',
  images: 'Images: tags, digests, registries',
  lifecycle: 'Pod lifecycle: termination and hooks',
  storage: 'Storage and stateful workloads: claims, StorageClasses, StatefulSets',
  network: 'NetworkPolicy: who can reach whom',
  wiring: 'Cross-object wiring: Services, PDBs, autoscalers, selectors, Ingresses',
  scheduling: 'Scheduling: priorities and spreading',
  custom: "Organisation policy: the config's customRules, and plugins for house rules",
};

const TABLE = /(<!-- rules-table: ([a-z, ]+) -->\n)[\s\S]*?(<!-- \/rules-table -->)/g;

function byId(a: RuleDefinition, b: RuleDefinition): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function defaultSeverity(rule: RuleDefinition): string {
  return rule.enabledByDefault === false ? `off (${rule.severity})` : rule.severity;
}

function catches(rule: RuleDefinition): string {
  return rule.docs.catches ?? rule.summary;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function ruleCell(rule: RuleDefinition): string {
  const former = rule.aliases?.length ? ` (formerly ${rule.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
  return `[\`${rule.id}\`](docs/rules.md#${rule.id})${former}`;
}

/** The README with every rules table regenerated; every built-in rule appears in exactly one table. */
export function readmeWithRuleTables(readme: string, rules: readonly RuleDefinition[]): string {
  const placed = new Set<string>();
  const next = readme.replace(TABLE, (_, open: string, list: string, close: string) => {
    const categories = list.split(',').map((c) => c.trim());
    for (const category of categories) {
      if (!(RULE_CATEGORIES as readonly string[]).includes(category)) throw new Error(`README: unknown rule category "${category}"`);
      if (placed.has(category)) throw new Error(`README: category "${category}" has two rules tables`);
      placed.add(category);
    }
    const rows = categories.flatMap((category) =>
      rules
        .filter((r) => r.category === category)
        .sort(byId)
        .map((r) => `| ${ruleCell(r)} | ${defaultSeverity(r)} | ${cell(catches(r))} |`),
    );
    return `${open}| Rule | Default | What it catches |\n|---|---|---|\n${rows.join('\n')}\n${close}`;
  });
  const unplaced = [...new Set(rules.map((r) => r.category))].filter((c) => !placed.has(c));
  if (unplaced.length) throw new Error(`README: no rules table for the categories ${unplaced.join(', ')}`);
  return next;
}

/** docs/rules.md: every rule under its category, anchored by its id; former ids keep an anchor. */
export function rulesPage(rules: readonly RuleDefinition[]): string {
  const out = [
    '# kube-intent rules',
    '',
    '<!-- Generated from the rules in rules/ by `node scripts/gen-rule-docs.mjs`. Do not edit. -->',
    '',
    "Every rule's section is anchored by its id (`docs/rules.md#cpu-request-missing`): SARIF's `helpUri`",
    'and `kube-intent explain` link it. A renamed rule keeps an anchor for its former id, which still works',
    'in the config, `--rule` and suppression comments. `kube-intent explain <rule-id>` prints the same text',
    "with a failing and a passing example from the rule's fixtures.",
  ];
  for (const category of RULE_CATEGORIES) {
    const inCategory = rules.filter((r) => r.category === category).sort(byId);
    if (inCategory.length === 0) continue;
    out.push('', `## ${CATEGORY_TITLES[category]}`);
    for (const rule of inCategory) out.push('', ...ruleSection(rule));
  }
  return `${out.join('\n')}\n`;
}

function ruleSection(rule: RuleDefinition): string[] {
  const lines = [...(rule.aliases ?? []).map((alias) => `<a id="${alias}"></a>`), `### ${rule.id}`, ''];
  const facts = [`Default: **${defaultSeverity(rule)}**`, `category: ${rule.category}`];
  if (rule.aliases?.length)
    facts.push(`former ${rule.aliases.length > 1 ? 'ids' : 'id'}: ${rule.aliases.map((a) => `\`${a}\``).join(', ')}`);
  lines.push(`${facts.join(' · ')}`, '', `${rule.summary}.`.replace(/([.?!])\.$/, '$1'));
  if (rule.docs.catches) lines.push('', rule.docs.catches);
  lines.push('', `- **Declared:** ${rule.docs.declared}`, `- **Interpreted:** ${rule.docs.interpreted}`, `- **Fix:** ${rule.docs.fix}`);
  if (rule.docs.details) lines.push('', rule.docs.details);
  lines.push('', `Examples: [fixtures/${rule.id}/](../fixtures/${rule.id}/) · \`kube-intent explain ${rule.id}\``);
  return lines;
}

const CATEGORY_LIST = /(<!-- rule-categories -->\n)[\s\S]*?(<!-- \/rule-categories -->)/;
const ALIAS_LIST = /(<!-- rule-aliases -->\n)[\s\S]*?(<!-- \/rule-aliases -->)/;

/** docs/writing-rules.md with its category list and its list of renamed rules regenerated. */
export function writingRulesWithLists(guide: string, rules: readonly RuleDefinition[]): string {
  if (!CATEGORY_LIST.test(guide) || !ALIAS_LIST.test(guide)) throw new Error('docs/writing-rules.md: a generated list lost its markers');
  const categories = RULE_CATEGORIES.map((c) => `- \`${c}\`: ${CATEGORY_TITLES[c].replace(/^[^:]*: /, '')}`);
  const renamed = rules
    .filter((r) => r.aliases?.length)
    .sort(byId)
    .map((r) => `- \`${r.id}\`, formerly ${r.aliases!.map((a) => `\`${a}\``).join(', ')}`);
  return guide
    .replace(CATEGORY_LIST, (_, open: string, close: string) => `${open}${categories.join('\n')}\n${close}`)
    .replace(ALIAS_LIST, (_, open: string, close: string) => `${open}${renamed.join('\n') || '- (none yet)'}\n${close}`);
}

/** Every generated file, by path from the repository root: its text given the current one. */
export const GENERATED: Record<string, (current: string, rules: readonly RuleDefinition[]) => string> = {
  'README.md': readmeWithRuleTables,
  'docs/rules.md': (_, rules) => rulesPage(rules),
  'docs/writing-rules.md': writingRulesWithLists,
};
