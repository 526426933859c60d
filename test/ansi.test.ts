import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { ansi } from '../src/report/ansi.js';

const chalk = new Chalk({ level: 1 });
const texts = ['error', '', 'two\nlines', 'crlf\r\nlines', `outer ${chalk.dim('inner')} outer`, `a ${chalk.red('red')} b\nc`];

describe('ansi', () => {
  it('writes what chalk writes at level 1, line breaks and nested styles included', () => {
    const c = ansi(true);
    for (const text of texts) {
      expect(c.red(text)).toBe(chalk.red(text));
      expect(c.yellow(text)).toBe(chalk.yellow(text));
      expect(c.blue(text)).toBe(chalk.blue(text));
      expect(c.green(text)).toBe(chalk.green(text));
      expect(c.dim(text)).toBe(chalk.dim(text));
      expect(c.underline(text)).toBe(chalk.underline(text));
      expect(c.red(c.bold(text))).toBe(chalk.red.bold(text));
      expect(c.yellow(c.bold(text))).toBe(chalk.yellow.bold(text));
    }
  });

  it('returns the text unchanged when colour is off', () => {
    const c = ansi(false);
    for (const text of texts) expect(c.red(c.bold(text))).toBe(text);
  });
});
