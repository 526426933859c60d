import { describe, expect, it } from 'vitest';
import { SourceFile } from '../src/load/source.js';
import { DEPLOYMENT_WITHOUT_CPU, lint, tempTree } from './helpers.js';

/** Suppression comments come from the YAML lexer's comment tokens, not from scanning lines. */
describe('suppression comments', () => {
  const text = [
    'a: 1 # kube-intent-ignore x -- end of line',
    'script: |',
    '  # kube-intent-ignore inside a block scalar',
    '  echo hi',
    'quoted: "# kube-intent-ignore inside a string"',
    'plain: not#kube-intent-ignore',
    '# kube-intent-ignore y',
    'b: 2',
  ].join('\n');
  const source = new SourceFile('x.yaml', text);

  it('reads real comments on their lines', () => {
    expect(source.comment(1)).toBe('kube-intent-ignore x -- end of line');
    expect(source.comment(7)).toBe('kube-intent-ignore y');
  });

  it('never reads a block scalar, a string or a plain scalar as a comment', () => {
    expect([3, 5, 6].map((line) => source.comment(line))).toEqual([null, null, null]);
  });

  it('a kube-intent-ignore line ending a script in a block scalar does not suppress the finding below it', () => {
    const sidecar = [
      '        - name: setup',
      '          image: example/setup:1.0.0',
      '          resources: { requests: { cpu: 10m } }',
      '          args:',
      '            - |',
      '              # kube-intent-ignore cpu-request-missing',
      '        - name: web',
    ].join('\n');
    const text = DEPLOYMENT_WITHOUT_CPU.replace('        - name: web', sidecar);
    const findings = lint([tempTree({ 'web.yaml': text })]).findings.filter((f) => f.ruleId === 'cpu-request-missing');
    expect(findings.length).toBe(1);
    const lines = text.split('\n');
    // The script line is right above the reported line, where a comment would suppress it.
    expect(lines[findings[0].location.line - 2].trim()).toBe('# kube-intent-ignore cpu-request-missing');
    expect(findings[0].suppressed).toBeUndefined();
    // The same words as a comment there do suppress it.
    const commented = text.replace(
      '            - |\n              # kube-intent-ignore',
      '            - echo\n          # kube-intent-ignore',
    );
    const again = lint([tempTree({ 'web.yaml': commented })]).findings.find((f) => f.ruleId === 'cpu-request-missing');
    expect(again?.location.line).toBe(findings[0].location.line);
    expect(again?.suppressed?.kind).toBe('comment');
  });
});
