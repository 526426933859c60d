// The baselines for npm run bench: read every file of a folder and turn it into plain values with a
// YAML library alone, nothing else: `yaml` (parseAllDocuments + toJS, which keeps source positions
// on the way) or js-yaml (loadAll).
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadAll } from 'js-yaml';

const [library, dir] = process.argv.slice(2);
let documents = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  if (library === 'js-yaml') documents += loadAll(text).length;
  else for (const doc of parseAllDocuments(text)) documents += doc.toJS() === undefined ? 0 : 1;
}
if (documents === 0) process.exitCode = 3;
