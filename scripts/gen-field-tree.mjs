// Generates src/k8s/field-tree.generated.ts, the fields of every built-in kind, from the TypeScript
// declarations of the kubernetes-models package (its interfaces mirror the Kubernetes OpenAPI
// definitions one to one, apiVersion and kind as literal types). Run it when the package (and so the
// Kubernetes version) is bumped: `node scripts/gen-field-tree.mjs`. The output is committed, so the
// build and the test setup never compile the package's 3,800 declaration files (~15 s), and a version
// bump shows up as a reviewable diff; test/field-tree.test.ts fails when it is stale. The tree is
// JSON in string constants: loading the bundle costs nothing for it, and src/k8s/field-schema.ts
// parses a type's line only when a field rule first meets that type.
//
// The tree is compact: FIELD_TREE_KINDS maps "apiVersion kind" to a type index; line i of
// FIELD_TREE_TYPES is [name, { field: ref }]; a ref is `s` string, `n` number, `b` boolean, `x` int-or-string, `q` quantity,
// `*` anything (RawExtension, JSON, FieldsV1, status), a type index as decimal digits, `[` + ref a
// list of ref, `{` + ref a map of ref.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
export const FIELD_TREE_PATH = `${root}src/k8s/field-tree.generated.ts`;
/**
 * The Kubernetes release kubernetes-models@5.1.0 was generated from. The package does not record it
 * (its README badge is stale); its PodSpec has `schedulingGroup`, which replaced 1.35's `workloadRef`,
 * and it was published before 1.37. Update both together.
 */
export const KUBERNETES_VERSION = '1.36';

/** Served, stable versions only: a beta or alpha apiVersion in kubernetes-models may be a frozen copy of an API long removed. */
const STABLE_VERSION = /^v\d+$/;

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

export async function generateFieldTree() {
  const modelsDir = packageDir('kubernetes-models');
  const { version: modelsVersion } = JSON.parse(fs.readFileSync(path.join(modelsDir, 'package.json'), 'utf8'));
  const entries = [];
  for (const group of fs.readdirSync(modelsDir).sort()) {
    const groupDir = path.join(modelsDir, group);
    if (group.startsWith('_') || !fs.statSync(groupDir).isDirectory()) continue;
    const versions = group === 'v1' ? ['.'] : fs.readdirSync(groupDir).filter((v) => STABLE_VERSION.test(v));
    for (const version of versions.sort()) entries.push(path.join(groupDir, version, 'index.d.ts'));
  }
  const program = ts.createProgram(entries, { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();

  const types = [];
  const indexOf = new Map();
  const kinds = {};

  const literal = (type) => (type.isStringLiteral() ? type.value : undefined);
  const aliasName = (decl) => (decl?.type && ts.isTypeReferenceNode(decl.type) ? decl.type.typeName.getText() : '');

  function ref(type, decl) {
    const alias = aliasName(decl);
    if (/Quantity$/.test(alias)) return 'q';
    if (/IntOrString$/.test(alias)) return 'x';
    if (decl?.type && ts.isArrayTypeNode(decl.type)) return `[${ref(checker.getTypeFromTypeNode(decl.type.elementType))}`;
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type);
      const node = decl?.type && ts.isTypeReferenceNode(decl.type) ? decl.type.typeArguments?.[0] : undefined;
      return `[${ref(element, node ? { type: node } : undefined)}`;
    }
    if (type.isUnion()) {
      const parts = type.types;
      if (parts.every((t) => t.isStringLiteral() || t.flags & ts.TypeFlags.String)) return 's';
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return 'b';
      if (parts.every((t) => t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike))) return 'x';
      return '*';
    }
    if (type.flags & ts.TypeFlags.StringLike) return 's';
    if (type.flags & ts.TypeFlags.NumberLike) return 'n';
    if (type.flags & ts.TypeFlags.BooleanLike) return 'b';
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return '*';
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) {
      const node = decl?.type && ts.isTypeLiteralNode(decl.type) ? decl.type.members.find(ts.isIndexSignatureDeclaration) : undefined;
      return `{${ref(index.type, node)}`;
    }
    if (type.flags & ts.TypeFlags.Object) {
      const props = checker.getPropertiesOfType(type);
      if (props.length === 0) return '*';
      return String(objectIndex(type, props));
    }
    return '*';
  }

  function objectIndex(type, props) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const key = symbol ? checker.getFullyQualifiedName(symbol) : undefined;
    if (key && indexOf.has(key)) return indexOf.get(key);
    const i = types.length;
    const fields = {};
    types.push([(symbol?.getName() ?? '').replace(/^I(?=[A-Z])/, ''), fields]);
    if (key) indexOf.set(key, i);
    for (const prop of props.slice().sort((a, b) => (a.getName() < b.getName() ? -1 : 1))) {
      const decl = prop.valueDeclaration;
      fields[prop.getName()] = ref(checker.getTypeOfSymbol(prop), decl);
    }
    return i;
  }

  for (const file of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Interface)) continue;
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const apiVersion = type.getProperty('apiVersion');
      const kind = type.getProperty('kind');
      if (!apiVersion || !kind) continue;
      const v = literal(checker.getTypeOfSymbol(apiVersion));
      const k = literal(checker.getTypeOfSymbol(kind));
      if (!v || !k || k.endsWith('List') || kinds[`${v} ${k}`] !== undefined) continue;
      const i = objectIndex(type, checker.getPropertiesOfType(type));
      // status is written by controllers, not by manifests: left unchecked, and out of the tree.
      if (types[i][1].status) types[i][1].status = '*';
      kinds[`${v} ${k}`] = i;
    }
  }
  const reachable = compact(types, kinds);
  const sortedKinds = Object.fromEntries(Object.entries(reachable.kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
  const jsString = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  const text = [
    `// Generated by scripts/gen-field-tree.mjs from kubernetes-models@${modelsVersion} (Kubernetes ${KUBERNETES_VERSION}). Do not edit.`,
    `export const FIELD_TREE_KUBERNETES = '${KUBERNETES_VERSION}';`,
    `export const FIELD_TREE_KINDS = ${jsString(JSON.stringify(sortedKinds))};`,
    '/** One type a line, `[name, { field: ref }]`: a rule parses only the lines of the types it meets. */',
    `export const FIELD_TREE_TYPES = ${jsString(reachable.types.map((t) => JSON.stringify(t)).join('\n'))};`,
    '',
  ].join('\n');
  return prettier.format(text, { ...(await prettier.resolveConfig(FIELD_TREE_PATH)), filepath: FIELD_TREE_PATH });
}

/** Keeps only the types reachable from the kinds (status subtrees are gone), renumbered in visiting order. */
function compact(types, kinds) {
  const renumber = new Map();
  const order = [];
  const visit = (i) => {
    if (renumber.has(i)) return;
    renumber.set(i, order.length);
    order.push(i);
    for (const r of Object.values(types[i][1])) {
      const target = r.replace(/^[[{]+/, '');
      if (/^\d+$/.test(target)) visit(Number(target));
    }
  };
  for (const k of Object.keys(kinds).sort()) visit(kinds[k]);
  const remap = (r) => r.replace(/\d+$/, (d) => String(renumber.get(Number(d))));
  return {
    kinds: Object.fromEntries(Object.entries(kinds).map(([k, i]) => [k, renumber.get(i)])),
    types: order.map((i) => [types[i][0], Object.fromEntries(Object.entries(types[i][1]).map(([f, r]) => [f, remap(r)]))]),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(FIELD_TREE_PATH, await generateFieldTree());
}
