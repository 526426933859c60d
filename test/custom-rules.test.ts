import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { loadConfig } from '../src/engine/config.js';
import { lintPaths } from '../src/engine/run.js';
import { loadRules } from '../src/engine/user-rules.js';
import { tempTree } from './helpers.js';
import { findingsOf, runCli } from './run-cli.js';

const PROD_PRIORITY = `customRules:
  - id: prod-priority-class
    severity: error
    message: Deployments in prod must set a priority class
    kinds: [Deployment]
    match: { namespaces: [prod] }
    fix: set spec.template.spec.priorityClassName
    schema:
      type: object
      properties:
        spec:
          properties:
            template:
              properties:
                spec:
                  required: [priorityClassName]
`;

function deployment(name: string, namespace: string | null, podSpecExtra = '', labels = '{ app: web }'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}  labels: ${labels}
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:${podSpecExtra}
      containers:
        - name: web
          image: example/web:1.0.0
          resources: { requests: { cpu: 100m } }
        - name: log
          image: example/log:1.0.0
          resources: { requests: { cpu: 10m } }
`;
}

/** Lints the files with the config written beside them; findings as "file:line ruleId message". */
async function lintWith(
  config: string,
  manifests: Record<string, string>,
): Promise<Array<{ at: string; ruleId: string; message: string; path: string | null; declared: string; fix: string; severity: string }>> {
  const dir = tempTree({ '.kube-intent.yaml': config, ...manifests });
  const loaded = loadConfig(undefined, dir);
  const rules = await loadRules(builtinRules, loaded, [], dir);
  const result = lintPaths({
    paths: Object.keys(manifests).map((f) => path.join(dir, f)),
    config: loaded.config,
    rules,
    maxFileSize: 1 << 24,
  });
  return result.findings
    .filter((f) => !f.suppressed && !builtinRules.some((r) => r.id === f.ruleId))
    .map((f) => ({
      at: `${path.basename(f.location.file)}:${f.location.line}:${f.location.column}`,
      ruleId: f.ruleId,
      message: f.message,
      path: f.path,
      declared: f.declared,
      fix: f.fix,
      severity: f.severity,
    }));
}

describe('customRules', () => {
  it('reports a matching object that breaks the schema, at the parent of the missing field', async () => {
    const findings = await lintWith(PROD_PRIORITY, { 'web.yaml': deployment('web', 'prod') });
    expect(findings).toEqual([
      {
        at: 'web.yaml:14:5',
        ruleId: 'prod-priority-class',
        severity: 'error',
        message: "Deployments in prod must set a priority class: spec.template.spec must have required property 'priorityClassName'",
        path: 'spec.template.spec.priorityClassName',
        declared: "Deployment prod/web: spec.template.spec must have required property 'priorityClassName'",
        fix: 'set spec.template.spec.priorityClassName',
      },
    ]);
  });

  it('stays silent for objects that satisfy it, other namespaces, no namespace, and other kinds', async () => {
    const findings = await lintWith(PROD_PRIORITY, {
      'ok.yaml': deployment('ok', 'prod', '\n      priorityClassName: business-critical'),
      'dev.yaml': deployment('web', 'dev'),
      'none.yaml': deployment('web', null),
      'sts.yaml': deployment('db', 'prod').replace('kind: Deployment', 'kind: StatefulSet'),
    });
    expect(findings).toEqual([]);
  });

  it('selects by namespace glob and by labels', async () => {
    const config = PROD_PRIORITY.replace('match: { namespaces: [prod] }', 'match: { namespaces: ["prod-*"], labels: { tier: frontend } }');
    const findings = await lintWith(config, {
      'a.yaml': deployment('a', 'prod-eu', '', '{ app: web, tier: frontend }'),
      'b.yaml': deployment('b', 'prod-eu', '', '{ app: web, tier: backend }'),
      'c.yaml': deployment('c', 'prod', '', '{ app: web, tier: frontend }'),
    });
    expect(findings.map((f) => f.at)).toEqual(['a.yaml:14:5']);
  });

  it('locates errors inside lists (instancePath with indexes) and names extra properties', async () => {
    const config = `customRules:
  - id: pinned-images
    message: Images must be pinned by digest
    kinds: [Deployment]
    schema:
      properties:
        spec:
          properties:
            template:
              properties:
                spec:
                  properties:
                    containers:
                      items: { properties: { image: { pattern: "@sha256:" } } }
  - id: no-extra-metadata
    message: Only name, namespace and labels in metadata
    severity: info
    kinds: [Deployment]
    schema:
      properties:
        metadata: { additionalProperties: false, properties: { name: {}, namespace: {}, labels: {} } }
`;
    const manifest = deployment('web', 'shop')
      .replace('image: example/log:1.0.0', 'image: example/log@sha256:0123')
      .replace('  labels: { app: web }\nspec:', '  labels: { app: web }\n  annotations: { a: b }\nspec:');
    const findings = await lintWith(config, { 'web.yaml': manifest });
    expect(findings.map((f) => [f.at, f.ruleId, f.path, f.message])).toEqual([
      [
        'web.yaml:7:3',
        'no-extra-metadata',
        'metadata.annotations',
        "Only name, namespace and labels in metadata: metadata must NOT have additional properties ('annotations')",
      ],
      [
        'web.yaml:18:11',
        'pinned-images',
        'spec.template.spec.containers[0].image',
        'Images must be pinned by digest: spec.template.spec.containers[0].image must match pattern "@sha256:"',
      ],
    ]);
    expect(findings[0].severity).toBe('info');
    expect(findings[1].severity).toBe('warning');
  });

  it('reports a failed anyOf once, not once per branch, and a failure at the object root', async () => {
    const config = `customRules:
  - id: owner
    message: Workloads need an owner
    kinds: [Deployment]
    schema:
      required: [status]
      properties:
        metadata:
          properties:
            labels:
              anyOf:
                - required: [team]
                - required: [owner]
`;
    const findings = await lintWith(config, { 'web.yaml': deployment('web', 'shop') });
    expect(findings.map((f) => [f.at, f.message])).toEqual([
      ['web.yaml:1:1', "Workloads need an owner: must have required property 'status'"],
      ['web.yaml:6:3', 'Workloads need an owner: metadata.labels must match a schema in anyOf'],
    ]);
  });

  it('are configured and suppressed like any rule', async () => {
    const off = await lintWith(`${PROD_PRIORITY}rules:\n  prod-priority-class: off\n`, { 'web.yaml': deployment('web', 'prod') });
    expect(off).toEqual([]);
    const info = await lintWith(`${PROD_PRIORITY}rules:\n  prod-priority-class: info\n`, { 'web.yaml': deployment('web', 'prod') });
    expect(info.map((f) => f.severity)).toEqual(['info']);
    const annotated = deployment('web', 'prod').replace(
      'spec:\n  replicas',
      '  annotations: { kube-intent.io/ignore: prod-priority-class }\nspec:\n  replicas',
    );
    expect(await lintWith(PROD_PRIORITY, { 'web.yaml': annotated })).toEqual([]);
    const commented = deployment('web', 'prod').replace(
      '    spec:\n',
      '    # kube-intent-ignore prod-priority-class -- batch tier\n    spec:\n',
    );
    expect(await lintWith(PROD_PRIORITY, { 'web.yaml': commented })).toEqual([]);
  });
});

describe('customRules, as a user runs the binary', () => {
  it('report, list, explain and take --rule', () => {
    const dir = tempTree({ '.kube-intent.yaml': PROD_PRIORITY, 'web.yaml': deployment('web', 'prod') });
    const r = runCli(['lint', 'web.yaml', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(findingsOf(r, ['prod-priority-class'])).toEqual(['web.yaml:14 prod-priority-class']);
    expect(
      findingsOf(runCli(['lint', 'web.yaml', '-f', 'json', '--rule', 'prod-priority-class=off'], { cwd: dir }), ['prod-priority-class']),
    ).toEqual([]);
    expect(runCli(['rules'], { cwd: dir }).stdout).toMatch(
      /^prod-priority-class\s+error\s+custom\s+Deployments in prod must set a priority class$/m,
    );
    const explained = runCli(['explain', 'prod-priority-class'], { cwd: dir });
    expect(explained.stdout).toContain('Fix:         set spec.template.spec.priorityClassName');
  });

  it('an invalid schema is a config error with the file and line, exit 2', () => {
    const dir = tempTree({
      '.kube-intent.yaml': PROD_PRIORITY.replace('required: [priorityClassName]', 'required: priorityClassName'),
      'web.yaml': deployment('web', 'prod'),
    });
    const r = runCli(['lint', 'web.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kube-intent: .kube-intent.yaml:16:19: customRules[0].schema.properties.spec.properties.template.properties.spec.required is not a valid JSON Schema: must be array\n',
    );
  });

  it('an unknown keyword (a typo that would never fail) is a config error too', () => {
    const dir = tempTree({
      '.kube-intent.yaml': PROD_PRIORITY.replace('required: [priorityClassName]', 'requird: [priorityClassName]'),
      'web.yaml': deployment('web', 'prod'),
    });
    const r = runCli(['rules'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kube-intent: .kube-intent.yaml:8:5: customRules[0].schema cannot be compiled: strict mode: unknown keyword: "requird"\n',
    );
  });

  it('ids must not collide with built-ins, plugins or each other', () => {
    const dir = tempTree({
      '.kube-intent.yaml': PROD_PRIORITY.replace('id: prod-priority-class', 'id: cpu-request-missing'),
      'twice.yaml': `${PROD_PRIORITY}${PROD_PRIORITY.split('\n').slice(1).join('\n')}`,
      'plugin.mjs': `export default { id: 'prod-priority-class', severity: 'info', category: 'custom', summary: 's', docs: { declared: 'd', interpreted: 'i', fix: 'f' }, check() {} };\n`,
      'web.yaml': deployment('web', 'prod'),
    });
    const builtin = runCli(['lint', 'web.yaml'], { cwd: dir });
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toBe(
      'kube-intent: rule id "cpu-request-missing" of customRules[0] (.kube-intent.yaml:2:5) is already taken by a built-in rule; rename one of them\n',
    );
    const twice = runCli(['lint', 'web.yaml', '-c', 'twice.yaml'], { cwd: dir });
    expect(twice.stderr).toBe(
      'kube-intent: rule id "prod-priority-class" of customRules[1] (twice.yaml:17:5) is already taken by customRules[0] (twice.yaml:2:5); rename one of them\n',
    );
    const plugin = runCli(['lint', 'web.yaml', '-c', 'twice.yaml', '--plugin', './plugin.mjs'], { cwd: dir });
    expect(plugin.stderr).toBe(
      'kube-intent: rule id "prod-priority-class" of customRules[0] (twice.yaml:2:5) is already taken by plugin ./plugin.mjs; rename one of them\n',
    );
  });

  it('ajv is loaded only when the config has customRules', () => {
    // ajv is bundled as a chunk of its own (dist/ajv-<hash>.cjs), read from its file when first needed.
    const probe = tempTree({
      'probe.cjs':
        "const fs = require('node:fs'); const read = fs.readFileSync; let ajv = false;\n" +
        'fs.readFileSync = function (file, ...rest) { if (/[\\\\/]dist[\\\\/]ajv-\\w+\\.cjs$/.test(String(file))) ajv = true; return read.call(this, file, ...rest); };\n' +
        "process.on('exit', () => process.stderr.write(`ajv loaded: ${ajv}\\n`));\n",
    });
    const dir = tempTree({ 'custom.yaml': PROD_PRIORITY, 'plain.yaml': 'failOn: warning\n', 'web.yaml': deployment('web', 'prod') });
    const nodeArgs = ['-r', path.join(probe, 'probe.cjs')];
    expect(runCli(['lint', 'web.yaml', '-c', 'plain.yaml'], { cwd: dir, nodeArgs }).stderr).toBe('ajv loaded: false\n');
    expect(runCli(['lint', 'web.yaml', '-c', 'custom.yaml'], { cwd: dir, nodeArgs }).stderr).toBe('ajv loaded: true\n');
  });
});
