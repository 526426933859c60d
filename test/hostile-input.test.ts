import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { loadConfig, parseConfig } from '../src/engine/config.js';
import { lintPaths } from '../src/engine/run.js';
import { loadRules } from '../src/engine/user-rules.js';
import { compileGlob } from '../src/load/glob.js';
import { toolFailure, withoutMachineDetails } from '../src/load/kustomize.js';
import { escapeControl, shown } from '../src/util/text.js';
import { parseSource } from '../src/load/parse.js';
import { SourceFile } from '../src/load/source.js';
import { parseQuantity } from '../src/k8s/quantity.js';
import { quotaRequiredFields } from '../src/k8s/quota.js';
import { DEPLOYMENT_ONLY_CPU_MISSING, DEPLOYMENT_WITHOUT_CPU, lint, ruleIds, tempTree } from './helpers.js';
import { BIN } from './run-cli.js';

/** Issue 17's reproducers, one per item (item 2 lives with the scope and rule-context tests). */

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

/** The binary with a time bound (a hang fails the test instead of the suite) and optional stdin. */
function cli(args: string[], options: { cwd?: string; stdin?: string | Buffer | number; uid?: number; timeout?: number } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: options.timeout ?? 20_000,
    ...(typeof options.stdin === 'number' ? { stdio: [options.stdin, 'pipe', 'pipe'] } : { input: options.stdin ?? '' }),
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function jsonFindings(run: Run): Array<{ ruleId: string; message: string; location: { file: string; line: number } }> {
  return JSON.parse(run.stdout).findings;
}

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

function fifo(dir: string, name: string): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

/** Every built-in rule, the opt-in ones too. */
function lintAllRules(files: Record<string, string>): ReturnType<typeof lintPaths> {
  const dir = tempTree(files);
  return lintPaths({
    paths: Object.keys(files).map((f) => path.join(dir, f)),
    config: {},
    rules: builtinRules,
    overrides: Object.fromEntries(builtinRules.map((r) => [r.id, r.severity])),
    maxFileSize: 1 << 24,
  });
}

const ruleErrors = (result: ReturnType<typeof lintPaths>) => result.findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.message);

describe('1. prototype-named kinds and keys, mappings where scalars belong', () => {
  it('kinds named constructor, toString, __proto__ or hasOwnProperty crash nothing, in any namespace', () => {
    const kinds = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    const text = [
      ...kinds.flatMap((kind, i) => [
        `apiVersion: v1\nkind: ${kind}\nmetadata: {name: x${i}, namespace: ns${i % 2}}\n`,
        `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: y${i}}\n`,
      ]),
      DEPLOYMENT_WITHOUT_CPU.replace('name: web', 'name: web\n  namespace: ns1'),
    ].join('---\n');
    const result = lintAllRules({ 'kinds.yaml': text });
    expect(ruleErrors(result)).toEqual([]);
    expect(ruleIds(result)).toContain('resources-missing');
  });

  it('a mapping with a toString key where a scalar belongs crashes no rule, at every site the issue names', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: {toString: 1}
  strategy: {type: {toString: x}, rollingUpdate: {maxSurge: {toString: 1}, maxUnavailable: {valueOf: 1}}}
  selector: {matchLabels: {app: web}, matchExpressions: [{key: {toString: a}, operator: In, values: [{toString: 1}]}]}
  template:
    metadata: {labels: {app: web}}
    spec:
      volumes: [{name: {toString: v}, persistentVolumeClaim: {claimName: {toString: x}}}]
      containers:
        - name: c
          image: nginx:1.25.3
          ports: [{containerPort: {toString: 80}, name: {toString: http}}]
          resources: {requests: {cpu: {toString: 1}, memory: {valueOf: 1}}}
          readinessProbe: {httpGet: {port: {toString: 80}, httpHeaders: [{name: {toString: a}, value: {toString: b}}]}}
          livenessProbe: {httpGet: {port: {toString: 80}, httpHeaders: [{name: {toString: a}, value: {toString: b}}]}}
          volumeMounts: [{name: {toString: v}, mountPath: /d}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: {toString: None}
  selector: {app: web}
  ports: [{port: 80, targetPort: {toString: http}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: {toString: 10.0.0.0/8}, except: [{toString: 1}]}}]}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb}
spec:
  minAvailable: 1
  selector: {matchExpressions: [{key: {toString: app}, operator: In, values: [web]}]}
`;
    const result = lintAllRules({ 'scalars.yaml': text });
    expect(ruleErrors(result)).toEqual([]);
    // Still judged: the wrong-typed values are findings of their own.
    expect(ruleIds(result)).toEqual(expect.arrayContaining(['quantity-invalid', 'rolling-update-invalid']));
  });

  it('a parsed mapping converts to text and numbers like {} whatever its keys, in both parse passes', () => {
    for (const text of ['a: {toString: 1, valueOf: 2}\n', 'a: &x {toString: 1, valueOf: 2}\nb: *x\n']) {
      const [doc] = parseSource(new SourceFile('m.yaml', text)).documents;
      const a = (doc.value as Record<string, unknown>).a;
      expect([String(a), `${a}`, Number(a)]).toEqual(['[object Object]', '[object Object]', Number.NaN]);
      expect(JSON.parse(JSON.stringify(a))).toEqual({ toString: 1, valueOf: 2 });
    }
  });

  it('a LimitRange or ResourceQuota resource named after an Object.prototype member is just a name', () => {
    const text = `apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
    - type: Container
      max: {constructor: 1, hasOwnProperty: 2, __proto__: 3, toString: 4}
      default: {constructor: 1}
      min: {valueOf: 1}
      maxLimitRequestRatio: {constructor: 2}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec:
  hard: {constructor: 1, hasOwnProperty: 2, toString: 3}
---
${DEPLOYMENT_WITHOUT_CPU.replace('image: example/web:1.0.0', 'image: example/web:1.0.0\n          resources: {requests: {constructor: 1, hasOwnProperty: 1}, limits: {toString: 1}}')}`;
    const result = lintAllRules({ 'limitrange.yaml': text });
    expect(ruleErrors(result)).toEqual([]);
    expect(ruleIds(result)).toContain('cpu-request-missing');
    expect(quotaRequiredFields({ hard: { constructor: 1, toString: 2, 'requests.cpu': 1 } }).map((f) => f.key)).toEqual(['requests.cpu']);
  });

  it('a quantity suffix named after an Object.prototype member is no suffix', () => {
    for (const text of ['1constructor', '1toString', '2__proto__', '1hasOwnProperty']) expect(parseQuantity(text)).toBeUndefined();
    expect(parseQuantity('1Gi')?.value).toBe(2 ** 30);
  });
});

describe('3. YAML alias bombs', () => {
  const levels = (leaf: string, depth: number) =>
    [`l0: &l0 ${leaf}`, ...Array.from({ length: depth }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)].join(
      '\n',
    );

  it('an 8-level bomb in a CPU request is one alias-bomb finding at the anchor, in well under a second, and the rest is linted', () => {
    const bomb = `${levels('"100m"', 8).replace(/^/gm, '# ').replace(/^# /gm, '')}\n`;
    const text = `${DEPLOYMENT_WITHOUT_CPU}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  annotations:\n${bomb
      .split('\n')
      .filter(Boolean)
      .map((l) => `    ${l}`)
      .join('\n')}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      resources: { requests: { cpu: *l8 } }\n`;
    const dir = tempTree({ 'm.yaml': text });
    const started = Date.now();
    const result = lint([path.join(dir, 'm.yaml')]);
    expect(Date.now() - started).toBeLessThan(3000);
    const bombs = result.findings.filter((f) => f.ruleId === 'alias-bomb');
    expect(bombs).toHaveLength(1);
    expect(bombs[0].location.file).toBe(path.join(dir, 'm.yaml'));
    // The anchor whose alias crossed the cap: its line in the file.
    const anchorLine = text.split('\n').findIndex((l) => l.includes('&l3 ')) + 1;
    expect(bombs[0].location.line).toBe(anchorLine);
    expect(bombs[0].message).toMatch(/&l3 .*more than 1000 aliases.*skipped/);
    // The Deployment before it is still linted.
    expect(ruleIds(result)).toContain('cpu-request-missing');
  });

  it('a bomb in a probe exec.command, or used as a mapping key, costs no time and no crash', () => {
    const bomb = levels('"x"', 9)
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    const asCommand = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n${bomb}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      livenessProbe: { exec: { command: *l9 } }\n      readinessProbe: { exec: { command: *l9 } }\n`;
    const asKey = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\n  annotations:\n${bomb}\ndata:\n  ? *l9\n  : value\n`;
    for (const text of [asCommand, asKey]) {
      const started = Date.now();
      const r = cli(['lint', '-', '-f', 'json'], { stdin: text });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.stderr).toBe('');
      expect(jsonFindings(r).map((f) => f.ruleId)).toEqual(['alias-bomb']);
    }
  });

  it('plain anchors stay plain: a value used many times is no bomb', () => {
    const uses = Array.from({ length: 200 }, (_, i) => `    k${i}: *v`).join('\n');
    const result = lint(
      ['-'],
      {},
      { readStdin: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  labels: { a: &v x }\ndata:\n${uses}\n` },
    );
    expect(ruleIds(result)).toEqual([]);
    expect(result.summary.objects).toBe(1);
  });

  it('every value shown in a message is cut with an ellipsis; finding texts are bounded', () => {
    expect(shown('a'.repeat(500))).toHaveLength(200);
    expect(shown('a'.repeat(500)).endsWith('…')).toBe(true);
    // A deep shared structure is rendered only as far as it is shown.
    let wide: unknown = 'x';
    for (let i = 0; i < 30; i++) wide = [wide, wide];
    expect(shown(wide)).toHaveLength(200);
    const huge = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxSurge: [${Array(5000).fill('"x"').join(',')}] }\n`;
    const result = lintPaths({ paths: ['-'], config: {}, rules: builtinRules, maxFileSize: 1 << 24, readStdin: () => huge });
    for (const f of result.findings) {
      for (const text of [f.message, f.declared, f.interpreted, f.fix]) expect(text.length).toBeLessThanOrEqual(1000);
    }
    expect(result.findings.some((f) => f.ruleId === 'rolling-update-invalid' && f.message.includes('…'))).toBe(true);
  });
});

describe('4. big files', () => {
  it('a file above --max-file-size is refused with a finding that names the flag', () => {
    const dir = tempTree({ 'big.yaml': `${DEPLOYMENT_WITHOUT_CPU}---\n`.repeat(200) });
    const result = lint([path.join(dir, 'big.yaml')], {}, { maxFileSize: 4096 });
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/above the 0\.0 MiB limit; skipped \(raise the limit with --max-file-size <MiB>, e\.g\. --max-file-size 2\)/),
    ]);
  });
});

describe.runIf(hasMkfifo)('5. only regular files are read, and stdin only up to --max-file-size', () => {
  it('a FIFO on the command line, as kustomization.yaml, as .kube-intent.yaml or as --plugin never blocks', () => {
    const dir = tempTree({ 'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING, 'k/deploy.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    fifo(dir, 'pipe.yaml');
    fifo(path.join(dir, 'k'), 'kustomization.yaml');
    fifo(dir, 'rules.mjs');

    const named = cli(['lint', 'pipe.yaml', 'ok.yaml', '-f', 'json'], { cwd: dir });
    expect(named.signal).toBeNull();
    expect(jsonFindings(named).filter((f) => f.ruleId === 'file-unreadable')).toEqual([
      expect.objectContaining({
        message: 'a named pipe (FIFO), not a regular file; skipped',
        location: expect.objectContaining({ file: 'pipe.yaml' }),
      }),
    ]);
    // A walk skips it like any other entry that is no file; the FIFO kustomization is reported and its folder walked as files.
    const walked = cli(['lint', '.', '-f', 'json'], { cwd: dir });
    expect(walked.signal).toBeNull();
    expect(jsonFindings(walked).map((f) => `${f.location.file} ${f.ruleId}`)).toEqual([
      'k/deploy.yaml cpu-request-missing',
      'k/kustomization.yaml file-unreadable',
      'ok.yaml cpu-request-missing',
    ]);

    const kustomization = cli(['lint', 'k', '-f', 'json'], { cwd: dir });
    expect(kustomization.signal).toBeNull();
    expect(kustomization.stderr).toMatch(/k\/kustomization\.yaml: not a regular file/);
    expect(kustomization.code).toBe(2);

    const plugin = cli(['lint', 'ok.yaml', '--plugin', './rules.mjs'], { cwd: dir });
    expect([plugin.code, plugin.signal]).toEqual([2, null]);
    expect(plugin.stderr).toMatch(/^kube-intent: plugin \.\/rules\.mjs \(from --plugin\): not a regular file: .*rules\.mjs\n$/);

    const configDir = tempTree({ 'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    fifo(configDir, '.kube-intent.yaml');
    const config = cli(['lint', 'ok.yaml'], { cwd: configDir });
    expect([config.code, config.signal]).toEqual([2, null]);
    expect(config.stderr).toBe('kube-intent: .kube-intent.yaml: cannot read config: a named pipe (FIFO), not a regular file\n');
  });

  it('/dev/zero (or a link to it) as a path, -c, --plugin or stdin is refused without reading it', () => {
    const dir = tempTree({ 'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    for (const device of ['/dev/zero', 'zero.yaml']) {
      const asPath = cli(['lint', device, 'ok.yaml', '-f', 'json'], { cwd: dir });
      expect(
        jsonFindings(asPath)
          .filter((f) => f.ruleId === 'file-unreadable')
          .map((f) => `${f.location.file}: ${f.message}`),
      ).toEqual([`${device}: a character device, not a regular file; skipped`]);
    }
    const config = cli(['lint', 'ok.yaml', '-c', '/dev/zero'], { cwd: dir });
    expect([config.code, config.stderr]).toEqual([
      2,
      'kube-intent: /dev/zero: cannot read config: a character device, not a regular file\n',
    ]);
    const plugin = cli(['lint', 'ok.yaml', '--plugin', '/dev/zero'], { cwd: dir });
    expect([plugin.code, plugin.stderr]).toEqual([2, 'kube-intent: plugin /dev/zero (from --plugin): not a regular file: /dev/zero\n']);

    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const started = Date.now();
      const stdin = cli(['lint', '-', '--max-file-size', '1'], { stdin: zero, cwd: dir });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect([stdin.code, stdin.stderr]).toEqual([
        2,
        'kube-intent: <stdin>: standard input is larger than the 1.0 MiB limit; skipped (raise the limit with --max-file-size <MiB>)\n',
      ]);
    } finally {
      fs.closeSync(zero);
    }
  });
});

describe('6. folder symlinks', () => {
  it('a tree of links to the same folders (16 levels, two links each) is walked once per real folder', () => {
    const dir = tempTree({ 'l0/web.yaml': DEPLOYMENT_WITHOUT_CPU });
    for (let i = 1; i <= 16; i++) {
      fs.mkdirSync(path.join(dir, `l${i}`));
      fs.symlinkSync(path.join(dir, `l${i - 1}`), path.join(dir, `l${i}`, 'a'));
      fs.symlinkSync(path.join(dir, `l${i - 1}`), path.join(dir, `l${i}`, 'b'));
    }
    const started = Date.now();
    const result = lint([path.join(dir, 'l16')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ruleIds(result)).toEqual(['cpu-request-missing']);
    expect(result.summary.files).toBe(1);
  });
});

describe('7. globs', () => {
  const CATASTROPHIC = '**a**a**a**a**a**a**a**a**a**a**b';
  const NAME = 'a'.repeat(44);

  it('a pattern that backtracks catastrophically in a regular expression matches in linear time', () => {
    const started = Date.now();
    expect(compileGlob(CATASTROPHIC).test(NAME)).toBe(false);
    expect(compileGlob(CATASTROPHIC).test(`${NAME}b`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('the same pattern on the command line and in ignore.paths', () => {
    const dir = tempTree({ [`${NAME}.yaml`]: DEPLOYMENT_WITHOUT_CPU, '.kube-intent.yaml': `ignore:\n  paths: ["${CATASTROPHIC}"]\n` });
    const started = Date.now();
    expect(cli(['lint', CATASTROPHIC], { cwd: dir }).stderr).toMatch(/no file matches this pattern/);
    expect(cli(['lint', '.', '-f', 'json'], { cwd: dir }).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([
    ['*.{yaml,yml}', 'a.yml', true],
    ['apps/**/*.yaml', 'apps/x/y/web.yaml', true],
    ['apps/**/*.yaml', 'apps/web.yaml', true],
    ['apps/*/web.yaml', 'apps/x/y/web.yaml', false],
    ['[!a]*.yaml', 'b.yaml', true],
    ['[!a]*.yaml', 'a.yaml', false],
    ['web-[0-9].yaml', 'web-7.yaml', true],
    ['{a,b}/{c,d}.yaml', 'b/c.yaml', true],
    ['file\\*.yaml', 'file*.yaml', true],
    ['file\\*.yaml', 'fileX.yaml', false],
  ])('shell semantics: %s vs %s -> %s', (glob, file, expected) => {
    expect(compileGlob(glob).test(file)).toBe(expected);
  });
});

describe('8. customRules patterns', () => {
  it('a pattern with catastrophic backtracking is given up after a time bound, with a clear finding', async () => {
    const dir = tempTree({
      '.kube-intent.yaml': `customRules:
  - id: name-pattern
    message: names are letters a
    kinds: [ConfigMap]
    schema:
      properties:
        metadata:
          properties:
            name: { pattern: "^(a+)+$" }
`,
      'm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${'a'.repeat(40)}b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ab\n`,
    });
    const loaded = loadConfig(undefined, dir);
    const rules = await loadRules(builtinRules, loaded, [], dir);
    const started = Date.now();
    const result = lintPaths({ paths: [path.join(dir, 'm.yaml')], config: loaded.config, rules, maxFileSize: 1 << 24 });
    expect(Date.now() - started).toBeLessThan(5000);
    const found = result.findings.filter((f) => f.ruleId === 'name-pattern');
    expect(found.map((f) => [f.object?.name?.slice(0, 3), f.severity, f.message.replace(/a{40}b/, 'A')])).toEqual([
      [
        'aaa',
        'error',
        'name-pattern: the pattern "^(a+)+$" took more than 1 s on one value of ConfigMap A (catastrophic backtracking?); this object was not checked',
      ],
      ['ab', 'warning', expect.stringMatching(/^names are letters a: metadata\.name must match pattern/)],
    ]);
  });
});

describe('9. argument order', () => {
  it('which of two declarations of one object wins does not depend on the order of the paths', () => {
    const deployment = (replicas: number) =>
      DEPLOYMENT_ONLY_CPU_MISSING.replace('spec:\n  selector', `spec:\n  replicas: ${replicas}\n  selector`);
    const dir = tempTree({
      'one.yaml': deployment(1),
      'three.yaml': deployment(3),
      'pdb.yaml':
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: { app: web }\n',
    });
    const orders = [
      ['one.yaml', 'three.yaml', 'pdb.yaml'],
      ['three.yaml', 'one.yaml', 'pdb.yaml'],
      ['pdb.yaml', 'three.yaml', 'one.yaml'],
    ];
    const runs = orders.map((order) => cli(['lint', ...order, '-f', 'json'], { cwd: dir }));
    for (const r of runs.slice(1)) expect([r.code, r.stdout]).toEqual([runs[0].code, runs[0].stdout]);
  });
});

describe('10. kustomization patches', () => {
  it('a patch path outside its kustomization folder does not hide that file from a walk, whatever the names', () => {
    for (const [folder, file] of [
      ['a-overlay', 'z-web.yaml'],
      ['z-overlay', 'a-web.yaml'],
    ]) {
      const dir = tempTree({
        [`${folder}/kustomization.yaml`]: `resources: [../${file}]\npatches:\n  - path: ../${file}\n  - path: patch.yaml\n`,
        [`${folder}/patch.yaml`]: DEPLOYMENT_WITHOUT_CPU,
        [file]: DEPLOYMENT_WITHOUT_CPU,
      });
      const files = lint([dir])
        .findings.filter((f) => f.ruleId === 'cpu-request-missing')
        .map((f) => path.relative(dir, f.location.file));
      expect(files).toEqual([file]);
    }
  });
});

describe('11. kustomize render errors', () => {
  it('keeps the reason of a kubectl failure and drops the log prefix (timestamp, pid)', () => {
    expect(
      toolFailure(
        'E1203 08:57:47.123456   12345 run.go:72] "command failed" err="accumulating resources: accumulation err=\'accumulating resources from \'missing.yaml\': no such file or directory\'"\n',
      ),
    ).toBe("accumulating resources: accumulation err='accumulating resources from 'missing.yaml': no such file or directory'");
    expect(
      toolFailure(
        "E1203 09:08:50.807560   15111 run.go:72] \"command failed\" err=<\n\taccumulating resources: accumulation err='accumulating resources from 'https://example.com/base': git fetch failed\n\t: exit status 128\n >\n",
      ),
    ).toBe(
      "accumulating resources: accumulation err='accumulating resources from 'https://example.com/base': git fetch failed : exit status 128",
    );
    expect(toolFailure("# Warning: 'bases' is deprecated\nError: accumulating resources: missing.yaml\n")).toBe(
      'Error: accumulating resources: missing.yaml',
    );
  });

  const hasTool = (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((p) => fs.existsSync(path.join(p, 'kubectl')) || fs.existsSync(path.join(p, 'kustomize')));
  it.runIf(hasTool)('a failed render reports the same bytes on every run', () => {
    const dir = tempTree({ 'app/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
    const runs = [1, 2].map(() => cli(['lint', 'app', '-f', 'json'], { cwd: dir }));
    expect(runs[1].stderr).toBe(runs[0].stderr);
    expect(runs[0].stderr).toMatch(/^kube-intent: app\/kustomization\.yaml: `(kustomize build|kubectl kustomize)` failed: .*missing\.yaml/);
    expect(runs[0].stderr).not.toMatch(/E\d{4} \d\d:\d\d|run\.go/);
  });

  it('drops what depends on the machine: checkout location, temporary wrapper, resolver address, git location', () => {
    const reason =
      "accumulating resources from '../bases/a': '/check/work/shared/corpus/app/bases/a' must resolve to a file': " +
      'recursed accumulation of path \'/tmp/kube-intent-kustomize-Ab12/x\': Get "https://github.com/o/r": ' +
      "dial tcp: lookup github.com on 10.255.255.53:53: no such host': failed to run '/usr/bin/git fetch --depth=1 https://github.com/o/r HEAD'";
    expect(withoutMachineDetails(reason, '/tmp/kube-intent-kustomize-Ab12', '/check/work/shared')).toBe(
      "accumulating resources from '../bases/a': 'corpus/app/bases/a' must resolve to a file': " +
        'recursed accumulation of path \'x\': Get "https://github.com/o/r": ' +
        "dial tcp: lookup github.com: no such host': failed to run 'git fetch --depth=1 https://github.com/o/r HEAD'",
    );
    expect(withoutMachineDetails('lookup example.com on [::1]:53: no such host', '/elsewhere', '/w')).toBe(
      'lookup example.com: no such host',
    );
  });

  it.runIf(hasTool)('a walked kustomization that fails to render reads the same wherever the repository is checked out', () => {
    const tree = {
      'repo/app/kustomization.yaml': 'resources:\n  - ../base\n',
      'repo/base/README.md': 'not a kustomization\n',
      'repo/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    };
    const [first, second] = [tempTree(tree), tempTree(tree)].map((dir) => {
      const r = cli(['lint', 'repo', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; fingerprint?: string }> };
      return report.findings.filter((f) => f.ruleId === 'file-unreadable');
    });
    expect(first).toHaveLength(1);
    expect(first[0].message).toMatch(/repo\/base/);
    expect(first[0].message).not.toMatch(/kube-intent-|\/tmp\//);
    expect(second).toEqual(first);
  });
});

describe('12. standard input gets the checks files get', () => {
  it.each([
    ['UTF-16', Buffer.from(`\ufeff${DEPLOYMENT_WITHOUT_CPU}`, 'utf16le'), /^UTF-16 text/],
    ['a NUL byte', Buffer.from(`${DEPLOYMENT_WITHOUT_CPU}\u0000`), /^binary file/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(DEPLOYMENT_WITHOUT_CPU), Buffer.from([0xc3, 0x28])]), /^not valid UTF-8/],
  ])('%s on stdin is refused, never "no problems"', (_, bytes, message) => {
    const r = cli(['lint', '-', '-f', 'json'], { stdin: bytes });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^kube-intent: <stdin>: ${message.source.slice(1)}`));
    expect(lint(['-'], {}, { readStdin: () => bytes }).findings.map((f) => f.ruleId)).toEqual(['file-unreadable']);
  });
});

describe('14. backslashes in file names', () => {
  it.runIf(path.sep === '/')('stay in SARIF and GitHub output: on Linux and macOS they are part of the name', () => {
    const dir = tempTree({ 'a\\b.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const sarif = JSON.parse(cli(['lint', '.', '-f', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a%5Cb.yaml');
    expect(cli(['lint', '.', '-f', 'github'], { cwd: dir }).stdout).toMatch(/^::warning file=a\\b\.yaml,line=/m);
  });
});

describe('15. permission denied', () => {
  const nobody = 65534;
  const asRoot = process.getuid?.() === 0;
  it.runIf(process.platform !== 'win32')('a file inside a folder that cannot be entered is "permission denied", not "no such file"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-perm-'));
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked', 'web.yaml'), DEPLOYMENT_WITHOUT_CPU);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      // As root every folder can be entered: run the binary as nobody, as a user would meet it.
      const r = cli(['lint', 'locked/web.yaml', 'missing.yaml'], { cwd: dir, ...(asRoot ? { uid: nobody } : {}) });
      expect(r.stderr).toBe(
        'kube-intent: locked/web.yaml: permission denied; skipped\nkube-intent: missing.yaml: no such file or folder\n',
      );
    } finally {
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
    }
  });
});

describe('16. manifest text cannot drive a terminal or a CI log', () => {
  const evil = DEPLOYMENT_ONLY_CPU_MISSING.replace(
    '- name: web',
    '- name: "web\\n::error file=x,line=1::owned\\u001b]0;title\\u0007\\u001b[31m"',
  );

  it('stylish escapes control characters; no line starts a workflow command', () => {
    const dir = tempTree({ 'm.yaml': evil, '::error file=y::z.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const out = cli(['lint', '.'], { cwd: dir }).stdout;
    expect(out).toContain('web\\n::error file=x,line=1::owned\\x1b]0;title\\x07\\x1b[31m');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).not.toMatch(/^\s*::/m);
    expect(out).toMatch(/^\.\/::error file=y::z\.yaml$/m);
  });

  it('github annotations carry escapes, never a second command', () => {
    const dir = tempTree({ 'm.yaml': evil });
    const lines = cli(['lint', '.', '-f', 'github'], { cwd: dir }).stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(lines.length - 1);
    expect(lines.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(lines[0]).toContain('web\\n::error file=x,line=1::owned\\x1b]0;title\\x07\\x1b[31m');
  });

  it('escapeControl shows C0, C1 and bidirectional controls', () => {
    expect(escapeControl('a\u001b[2Jb\u009bc\u202ed\te\r\n')).toBe('a\\x1b[2Jb\\x9bc\\u202ed\\te\\r\\n');
  });
});

describe('17. invalid globs are user errors: one line, exit 2', () => {
  it.each([
    [
      'ignore:\n  paths: ["[z-a]"]\n',
      /^\.kube-intent\.yaml:2:11: ignore\.paths\[0\] "\[z-a\]" is not a valid glob: the range z-a in \[z-a\] is out of order$/,
    ],
    [
      'ignore:\n  objects:\n    - { name: "{a,b" }\n',
      /^\.kube-intent\.yaml:3:9: ignore\.objects\[0\]\.name "\{a,b" is not a valid glob: unclosed \{/,
    ],
  ])('in the config: %j', (config, message) => {
    const dir = tempTree({ '.kube-intent.yaml': config, 'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = cli(['lint', 'ok.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.replace(/^kube-intent: /, '').trimEnd()).toMatch(message);
    expect(() => parseConfig('.kube-intent.yaml', config)).toThrow(message);
  });

  it.each(['[z-a].yaml', 'apps/{a,b.yaml'])('on the command line: %s', (glob) => {
    const dir = tempTree({ 'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING });
    const r = cli(['lint', glob], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kube-intent: ".*" is not a valid glob: .*\n$/);
  });
});

describe('18. plugins that fail in odd ways', () => {
  const plugin = (check: string) => `export default {
  id: 'odd-plugin', severity: 'warning', category: 'custom', summary: 'odd',
  docs: { declared: 'd', interpreted: 'i', fix: 'f' },
  check(ctx) { ${check} },
};\n`;

  it('a check that throws an object whose toString throws is a rule-error', () => {
    const dir = tempTree({
      'odd.mjs': plugin(`throw { toString() { throw new Error('no'); } };`),
      'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    });
    const r = cli(['lint', 'ok.yaml', '--plugin', './odd.mjs', '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(jsonFindings(r).find((f) => f.ruleId === 'rule-error')?.message).toBe(
      'Rule "odd-plugin" failed: a value that cannot be shown as text ([object Object])',
    );
  });

  it('a stray rejected promise is a rule-error of its rule in the report, not a stack trace after it', () => {
    const dir = tempTree({
      'odd.mjs': plugin(`Promise.reject(new Error('late')); (async () => { await null; throw new Error('later'); })();`),
      'ok.yaml': DEPLOYMENT_ONLY_CPU_MISSING,
    });
    const r = cli(['lint', 'ok.yaml', '--plugin', './odd.mjs', '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(
      jsonFindings(r)
        .filter((f) => f.ruleId === 'rule-error')
        .map((f) => f.message),
    ).toEqual([
      'Rule "odd-plugin" left a promise that was rejected after its check returned: late',
      'Rule "odd-plugin" left a promise that was rejected after its check returned: later',
    ]);
  });
});
