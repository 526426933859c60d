import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('source formatting', () => {
  it('every TypeScript and script file is formatted by Prettier (run `npx prettier --write .` to fix)', () => {
    let output = '';
    try {
      execFileSync(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 60_000);
});
