import type { LoadedConfig } from './config.js';
import { ConfigError } from './config.js';
import { builtinRuleDocsUrl } from './docs-url.js';
import { loadPlugins, type ModuleImporter, type PluginSpec } from './plugins.js';
import { ruleNames, type RuleDefinition } from './rule.js';

/** Ids the engine reports itself; no rule may take them. */
const ENGINE_IDS = ['rule-error'];

/**
 * The rules of a run: the built-ins, then the plugins of the config and of --plugin, then the
 * config's customRules. Every id is unique; a clash names both sources.
 */
export async function loadRules(
  builtins: readonly RuleDefinition[],
  loaded: LoadedConfig,
  cliPlugins: readonly string[],
  cwd: string,
  importModule: ModuleImporter = (specifier) => import(specifier),
): Promise<RuleDefinition[]> {
  const configName = loaded.file ?? 'the config';
  const specs: PluginSpec[] = [
    ...(loaded.config.plugins ?? []).map((p) => ({ path: p, baseDir: loaded.baseDir, origin: `from ${configName}` })),
    ...cliPlugins.map((p) => ({ path: p, baseDir: cwd, origin: 'from --plugin' })),
  ];
  const owners = new Map<string, string>(ENGINE_IDS.map((id) => [id, 'the engine itself']));
  const rules: RuleDefinition[] = [];
  const add = (rule: RuleDefinition, source: string) => {
    for (const name of ruleNames(rule)) {
      const owner = owners.get(name);
      if (owner) throw new ConfigError(`rule id "${name}" of ${source} is already taken by ${owner}; rename one of them`);
    }
    for (const name of ruleNames(rule)) owners.set(name, name === rule.id ? source : `${source} (former id of ${rule.id})`);
    rules.push(rule);
  };
  for (const rule of builtins) add(rule.docsUrl ? rule : { ...rule, docsUrl: builtinRuleDocsUrl(rule.id) }, 'a built-in rule');
  for (const plugin of await loadPlugins(specs, importModule)) {
    for (const rule of plugin.rules) add(rule, `plugin ${plugin.name}`);
  }
  if (loaded.config.customRules?.length) {
    const { compileCustomRules } = await import('./custom-rules.js');
    for (const custom of await compileCustomRules(loaded)) add(custom.rule, custom.origin);
  }
  return rules;
}
