import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';

/**
 * The naming vocabulary of docs/writing-rules.md ("Naming a rule") is the audit of every built-in
 * id: each id sits in exactly one row, and an id with a defined ending sits in that ending's row.
 */
const guide = fs.readFileSync(path.resolve(__dirname, '../docs/writing-rules.md'), 'utf8');
const section = guide.slice(guide.indexOf('## Naming a rule'), guide.indexOf('\n## ', guide.indexOf('## Naming a rule') + 1));
const rows = section
  .split('\n')
  .filter((line) => /^\| `/.test(line) || /^\| a |^\| input/.test(line))
  .map((line) => {
    const cells = line.split(' | ');
    return { ending: cells[0].replace(/^\| /, ''), ids: [...cells[2].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]) };
  });
/** Endings that mean one thing each: every id that ends so must be in that row, and only those. */
const SUFFIXES = ['-missing', '-unknown', '-no-match', '-mismatch', '-invalid', '-violation'];

describe('rule naming vocabulary', () => {
  it('classifies every built-in rule id exactly once', () => {
    const listed = rows.flatMap((r) => r.ids);
    expect([...listed].sort()).toEqual(builtinRules.map((r) => r.id).sort());
  });

  for (const suffix of SUFFIXES) {
    it(`ids ending in ${suffix} are exactly the ${suffix} row`, () => {
      const row = rows.find((r) => r.ending === `\`${suffix}\``);
      expect(row, `a row for ${suffix}`).toBeDefined();
      expect(row!.ids.filter((id) => !id.endsWith(suffix))).toEqual([]);
      const elsewhere = rows.filter((r) => r !== row).flatMap((r) => r.ids.filter((id) => id.endsWith(suffix)));
      expect(elsewhere).toEqual([]);
    });
  }

  it('every renamed rule is listed with its former id', () => {
    for (const rule of builtinRules.filter((r) => r.aliases?.length)) {
      expect(guide).toContain(`- \`${rule.id}\`, formerly ${rule.aliases!.map((a) => `\`${a}\``).join(', ')}`);
    }
  });
});
