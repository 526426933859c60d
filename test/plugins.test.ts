import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleShapeProblem } from '../src/engine/plugins.js';
import { tempTree } from './helpers.js';
import { findingsOf, runCli } from './run-cli.js';

/** A plugin module's text: a rule that reports every workload, with overridable fields. */
function pluginRule(fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    id: `'team-label'`,
    severity: `'warning'`,
    category: `'custom'`,
    summary: `'A workload has no team label'`,
    docs: `{ declared: 'no metadata.labels.team', interpreted: 'nobody is paged for it', fix: 'add a team label' }`,
    check: `(ctx) => { for (const w of ctx.workloads()) if (!w.object.labels.team) ctx.report({ object: w.object, path: ['metadata', 'labels'], message: \`\${w.object.display} has no team label\` }); }`,
    ...fields,
  };
  return `{ ${Object.entries(base)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;
}

const PLUGIN = `export default ${pluginRule()};\n`;

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: example/web:1.0.0
          resources: { requests: { cpu: 100m } }
---
apiVersion: v1
kind: Pod
metadata:
  name: tagged
  labels: { team: payments }
spec:
  containers:
    - name: app
      image: example/app:1.0.0
`;

const oneLine = (stderr: string) => {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('plugins, as a user runs the binary', () => {
  it('run with the same context as built-ins and report at the field', () => {
    const dir = tempTree({ 'team.mjs': PLUGIN, 'app.yaml': MANIFESTS });
    const r = runCli(['lint', 'app.yaml', '--plugin', './team.mjs', '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(findingsOf(r, ['team-label', 'resources-missing'])).toEqual(['app.yaml:5 team-label', 'app.yaml:25 resources-missing']);
  });

  it('load from plugins: in the config, relative to the config file, also from a subfolder', () => {
    const dir = tempTree({ '.kube-intent.yaml': 'plugins: [./rules/team.mjs]\n', 'rules/team.mjs': PLUGIN, 'apps/app.yaml': MANIFESTS });
    const r = runCli(['lint', '.', '-f', 'json'], { cwd: path.join(dir, 'apps') });
    expect(r.stderr).toBe('');
    expect(findingsOf(r)).toContain('app.yaml:5 team-label');
    const twice = runCli(['lint', '.', '--plugin', '../rules/team.mjs', '-f', 'json'], { cwd: path.join(dir, 'apps') });
    expect(twice.stderr).toBe('');
    expect(findingsOf(twice).filter((f) => f.endsWith('team-label'))).toHaveLength(1);
  });

  it('accept an array of rules', () => {
    const dir = tempTree({
      'two.mjs': `export default [${pluginRule()}, ${pluginRule({ id: `'second-rule'`, severity: `'info'` })}];\n`,
      'app.yaml': MANIFESTS,
    });
    const r = runCli(['lint', 'app.yaml', '--plugin', './two.mjs', '-f', 'json'], { cwd: dir });
    expect(findingsOf(r)).toEqual(expect.arrayContaining(['app.yaml:5 team-label', 'app.yaml:5 second-rule']));
  });

  it('appear in rules and explain', () => {
    const dir = tempTree({ 'team.mjs': PLUGIN });
    const table = runCli(['rules', '--plugin', './team.mjs'], { cwd: dir });
    expect(table.stdout).toMatch(/^team-label\s+warning\s+custom\s+A workload has no team label$/m);
    const json = JSON.parse(runCli(['rules', '-f', 'json', '--plugin', './team.mjs'], { cwd: dir }).stdout);
    expect(json.rules.find((r: { id: string }) => r.id === 'team-label')).toMatchObject({
      severity: 'warning',
      category: 'custom',
      docs: { fix: 'add a team label' },
    });
    const explained = runCli(['explain', 'team-label', '--plugin', './team.mjs'], { cwd: dir });
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('Interpreted: nobody is paged for it');
    expect(runCli(['explain', 'team-label'], { cwd: dir }).code).toBe(2);
  });

  it('are configured like any rule: rules: in the config and --rule', () => {
    const dir = tempTree({
      '.kube-intent.yaml': 'plugins: [./team.mjs]\nrules:\n  team-label: error\n',
      'team.mjs': PLUGIN,
      'app.yaml': MANIFESTS,
    });
    const asError = runCli(['lint', 'app.yaml', '-f', 'json'], { cwd: dir });
    expect(JSON.parse(asError.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'team-label').severity).toBe('error');
    expect(runCli(['rules'], { cwd: dir }).stdout).toMatch(/^team-label\s+error\s/m);
    const off = runCli(['lint', 'app.yaml', '--rule', 'team-label=off', '-f', 'json'], { cwd: dir });
    expect(findingsOf(off).filter((f) => f.endsWith('team-label'))).toEqual([]);
  });

  it('a config or --rule naming a plugin rule without loading the plugin is an unknown rule', () => {
    const dir = tempTree({ '.kube-intent.yaml': 'rules:\n  team-label: error\n', 'app.yaml': MANIFESTS });
    const r = runCli(['lint', 'app.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\.team-label: unknown rule/);
    expect(runCli(['lint', 'app.yaml', '--rule', 'team-label=off', '-c', '/dev/null'], { cwd: dir }).code).toBe(2);
  });

  it('are suppressed by annotation and by comment', () => {
    const annotated = MANIFESTS.replace(
      '  labels: { app: web }\nspec:',
      '  labels: { app: web }\n  annotations: { kube-intent.io/ignore: team-label }\nspec:',
    );
    const commented = MANIFESTS.replace(
      '  labels: { app: web }\nspec:',
      '  # kube-intent-ignore team-label -- owned by the platform team\n  labels: { app: web }\nspec:',
    );
    for (const manifests of [annotated, commented]) {
      const dir = tempTree({ 'team.mjs': PLUGIN, 'app.yaml': manifests });
      const r = runCli(['lint', 'app.yaml', '--plugin', './team.mjs'], { cwd: dir });
      expect(r.stdout).not.toContain('team-label');
      expect(r.stdout).toContain('1 suppressed');
    }
  });

  it('a rule that throws is a rule-error finding on the object it was checking; the run goes on', () => {
    const throwing = pluginRule({
      id: `'fragile'`,
      check: `(ctx) => { for (const w of ctx.workloads()) { if (w.object.kind === 'Pod') w.podSpec.affinity.nodeAffinity; else ctx.report({ object: w.object, message: 'seen ' + w.name }); } }`,
    });
    const dir = tempTree({ 'fragile.mjs': `export default ${throwing};\n`, 'app.yaml': MANIFESTS });
    const r = runCli(['lint', 'app.yaml', '--plugin', './fragile.mjs', '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as Array<{
      ruleId: string;
      message: string;
      object: { kind: string; name: string };
      location: { line: number };
    }>;
    const error = findings.find((f) => f.ruleId === 'rule-error')!;
    expect(error.object).toMatchObject({ kind: 'Pod', name: 'tagged' });
    expect(error.location.line).toBe(18);
    expect(error.message).toBe(`Rule "fragile" failed on Pod tagged: Cannot read properties of undefined (reading 'nodeAffinity')`);
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['fragile', 'resources-missing']));
  });

  it('a rule that throws on one object still checks the objects after it', () => {
    const throwing = pluginRule({
      id: `'fragile'`,
      check: `(ctx) => { for (const w of ctx.workloads()) { if (w.name === 'tagged') w.podSpec.affinity.nodeAffinity; ctx.report({ object: w.object, message: 'seen ' + w.name }); } }`,
    });
    const after = `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: after\nspec:\n  containers:\n    - name: app\n      image: example/app:1.0.0\n`;
    const dir = tempTree({ 'fragile.mjs': `export default ${throwing};\n`, 'app.yaml': MANIFESTS + after });
    const r = runCli(['lint', 'app.yaml', '--plugin', './fragile.mjs', '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; message: string; location: { file: string; line: number } }>;
    expect(findings.filter((f) => f.ruleId === 'fragile').map((f) => f.message)).toEqual(['seen web', 'seen after']);
    const errors = findings.filter((f) => f.ruleId === 'rule-error');
    expect(errors.map((f) => `${f.location.file}:${f.location.line} ${f.message.split(':')[0]}`)).toEqual([
      'app.yaml:18 Rule "fragile" failed on Pod tagged',
    ]);
  });

  it('get the scope of each object: what applies to it is what is applied with it', () => {
    // A rule a team could write: a served Deployment with several replicas needs a PodDisruptionBudget.
    const plugin = `export default ${pluginRule({
      id: `'served-needs-budget'`,
      check: `(ctx) => { for (const w of ctx.workloads()) { const around = ctx.around(w.object); const services = around.services(); if (services.length === 0 || (around.minimumScale().replicas ?? 0) < 2 || around.disruptionBudgets().length > 0) continue; ctx.report({ object: w.object, message: w.name + ' is served by ' + services.map((s) => s.name).join(', ') + ' and has no budget' }); } }`,
    })};\n`;
    const app = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: example/web:1.0.0 }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name}-svc }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`;
    const budget = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: b }\nspec: { maxUnavailable: 1, selector: { matchLabels: { app: web } } }\n`;
    const dir = tempTree({ 'budget.mjs': plugin, 'a/app.yaml': app('a'), 'b/app.yaml': app('b'), 'b/pdb.yaml': budget });
    const messages = (paths: string[]) => {
      const r = runCli(['lint', ...paths, '--plugin', './budget.mjs', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout).findings as Array<{ ruleId: string; message: string }>)
        .filter((f) => f.ruleId === 'served-needs-budget')
        .map((f) => f.message);
    };
    expect(messages(['a'])).toEqual(['a is served by a-svc and has no budget']);
    // b's Service and budget select the same labels, without a namespace: they are another app's.
    expect(messages(['a', 'b'])).toEqual(['a is served by a-svc and has no budget']);
  });

  it('ids must not collide with built-ins or each other; the error names both sources', () => {
    const dir = tempTree({
      'builtin.mjs': `export default ${pluginRule({ id: `'cpu-request-missing'` })};\n`,
      'engine.mjs': `export default ${pluginRule({ id: `'rule-error'` })};\n`,
      'team.mjs': PLUGIN,
      'team-copy.mjs': PLUGIN,
      'app.yaml': MANIFESTS,
    });
    const builtin = runCli(['lint', 'app.yaml', '--plugin', './builtin.mjs'], { cwd: dir });
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toBe(
      'kube-intent: rule id "cpu-request-missing" of plugin ./builtin.mjs is already taken by a built-in rule; rename one of them\n',
    );
    expect(runCli(['lint', 'app.yaml', '--plugin', './engine.mjs'], { cwd: dir }).stderr).toMatch(
      /"rule-error" .* already taken by the engine itself/,
    );
    const twice = runCli(['rules', '--plugin', './team.mjs', '--plugin', './team-copy.mjs'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe(
      'kube-intent: rule id "team-label" of plugin ./team-copy.mjs is already taken by plugin ./team.mjs; rename one of them\n',
    );
  });

  describe('a plugin that fails to load is one line on stderr and exit code 2', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['a missing file', '', /^kube-intent: plugin \.\/p\.mjs \(from --plugin\): no such file: .*p\.mjs$/],
      [
        'a syntax error',
        'export default {\n  id: "x",\n  oops oops\n};\n',
        /^kube-intent: plugin \.\/p\.mjs \(from --plugin\): cannot load it: SyntaxError: Unexpected identifier 'oops' \(line 3\)$/,
      ],
      ['an exception at import', 'throw new Error("no network here");\n', /cannot load it: Error: no network here$/],
      [
        'an import that fails',
        "import { nothing } from './absent.mjs';\nexport default nothing;\n",
        /cannot load it: Error: Cannot find module .*absent\.mjs/,
      ],
      ['no default export', 'export const rule = 1;\n', /it has no default export/],
      ['an empty array', 'export default [];\n', /its default export is an empty array$/],
      [
        'something that is not a rule',
        'export default "team-label";\n',
        /the default export is not a rule: expected an object made with defineRule, got string$/,
      ],
      [
        'a bad id',
        `export default ${pluginRule({ id: `'Team Label'` })};\n`,
        /the default export is not a rule: id must be lowercase letters, digits and dashes, got "Team Label"$/,
      ],
      [
        'a bad severity',
        `export default [${pluginRule()}, ${pluginRule({ id: `'x'`, severity: `'fatal'` })}];\n`,
        /rule \[1\] is not a rule: rule "x": severity must be "error", "warning" or "info", got "fatal"$/,
      ],
      [
        'missing docs',
        `export default ${pluginRule({ docs: `{ declared: 'd', interpreted: 'i' }` })};\n`,
        /rule "team-label": docs\.fix must be a non-empty string$/,
      ],
      ['no check function', `export default ${pluginRule({ check: '' })};\n`, /rule "team-label": check must be a function/],
      ['an async check', `export default ${pluginRule({ check: 'async () => {}' })};\n`, /rule "team-label": check must be synchronous/],
    ];
    for (const [what, text, message] of cases) {
      it(what, () => {
        const dir = tempTree({ 'app.yaml': MANIFESTS, ...(text ? { 'p.mjs': text } : {}) });
        const r = runCli(['lint', 'app.yaml', '--plugin', './p.mjs'], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        oneLine(r.stderr);
        expect(r.stderr.trimEnd()).toMatch(message);
      });
    }

    it('names the config file when the plugin comes from plugins:', () => {
      const dir = tempTree({ '.kube-intent.yaml': 'plugins: [./nope.mjs]\n', 'app.yaml': MANIFESTS });
      const r = runCli(['lint', 'app.yaml'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^kube-intent: plugin \.\/nope\.mjs \(from \.kube-intent\.yaml\): no such file: /);
    });
  });
});

describe('rule shape validation', () => {
  it('accepts a complete rule and names the first problem otherwise', () => {
    const rule = {
      id: 'a-b1',
      severity: 'info',
      category: 'custom',
      summary: 's',
      docs: { declared: 'd', interpreted: 'i', fix: 'f' },
      check: () => {},
    };
    expect(ruleShapeProblem(rule)).toBeUndefined();
    expect(ruleShapeProblem({ ...rule, enabledByDefault: false })).toBeUndefined();
    expect(ruleShapeProblem({ ...rule, enabledByDefault: 'no' })).toMatch(/enabledByDefault/);
    expect(ruleShapeProblem({ ...rule, category: '' })).toMatch(/category/);
    expect(ruleShapeProblem({ ...rule, category: 'acme' })).toBe(
      'rule "a-b1": category must be one of input, resources, probes, rollout, images, lifecycle, storage, network, wiring, scheduling, custom, got "acme"',
    );
    expect(ruleShapeProblem({ ...rule, aliases: ['old-id'] })).toBeUndefined();
    expect(ruleShapeProblem({ ...rule, aliases: 'old-id' })).toMatch(/aliases must be a list of former rule ids/);
    expect(ruleShapeProblem({ ...rule, aliases: ['Old Id'] })).toMatch(/aliases/);
    expect(ruleShapeProblem({ ...rule, summary: 3 })).toMatch(/summary/);
    expect(ruleShapeProblem({ ...rule, docs: null })).toMatch(/docs must be an object/);
    expect(ruleShapeProblem(null)).toMatch(/got null/);
  });
});
