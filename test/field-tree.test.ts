import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script without declarations
import { FIELD_TREE_PATH, generateFieldTree } from '../scripts/gen-field-tree.mjs';

describe('src/k8s/field-tree.generated.ts', () => {
  it('is what scripts/gen-field-tree.mjs makes of the installed kubernetes-models (run it to update)', async () => {
    expect(fs.readFileSync(FIELD_TREE_PATH, 'utf8')).toBe(await generateFieldTree());
  }, 180_000);
});
