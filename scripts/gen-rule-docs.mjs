// Writes the rule documentation generated from the rules' metadata (scripts/rule-docs.ts): the
// README's rules tables, docs/rules.md, and the lists in docs/writing-rules.md. The rules are
// TypeScript, so they are bundled on the fly. test/readme.test.ts fails when any of these drifts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = await esbuild.build({
  stdin: {
    contents: "export { builtinRules } from './rules/index.ts'; export * from './scripts/rule-docs.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-intent-docs-'));
const file = path.join(dir, 'rule-docs.cjs');
fs.writeFileSync(file, bundle.outputFiles[0].contents);
const docs = createRequire(import.meta.url)(file);
fs.rmSync(dir, { recursive: true, force: true });

for (const [relative, render] of Object.entries(docs.GENERATED)) {
  const target = path.join(root, relative);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  const next = render(current, docs.builtinRules);
  if (next !== current) fs.writeFileSync(target, next);
}
