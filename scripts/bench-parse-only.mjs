// The baseline for npm run bench: read every file of a folder and parse it with the yaml library
// alone (parseAllDocuments keeps source positions, as a linter must), nothing else.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
let documents = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  documents += parseAllDocuments(text).length;
}
if (documents === 0) process.exitCode = 3;
