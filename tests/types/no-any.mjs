// Fails, naming each one, on `any` in a public export's parameter or result in the module's
// generated TypeScript declarations: an `any` tells a TypeScript user nothing, and the exports take
// `&JsValue` (to check their arguments themselves), for which wasm-bindgen writes `any` unless told
// the type (`unchecked_param_type`, `unchecked_return_type`, interfaces in src/wasm/).
//
// Checked: every exported function, class (constructor, methods, properties), interface and type
// alias, through every nested type, and a parameter or result with no type at all (an implicit
// `any`). Not checked: `InitOutput`, the raw exports of the wasm instance that `init()` resolves to
// (its externref slots are `any` by nature); it is no part of the API, which the named exports are.
//
//   node tests/types/no-any.mjs [www/pkg/vae_playground.d.ts]      (exits non-zero on an `any`)

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// TypeScript is a dependency of the end-to-end tests (tests/e2e/package.json).
const ts = createRequire(join(ROOT, 'tests/e2e/package.json'))('typescript');

/** Declarations that are not the API (see above). */
const NOT_THE_API = new Set(['InitOutput']);

const file = process.argv[2] ?? join(ROOT, 'www/pkg/vae_playground.d.ts');
const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

const problems = [];
let exportsChecked = 0;

/** Whether a type node is or contains `any`. */
function hasAny(node) {
  if (node.kind === ts.SyntaxKind.AnyKeyword) return true;
  return ts.forEachChild(node, hasAny) === true;
}

/** Records `what` when its type is missing (an implicit `any`) or holds `any`. */
function check(type, what) {
  if (!type) problems.push(`${what} has no type (an implicit any)`);
  else if (hasAny(type)) problems.push(`${what} is \`${type.getText(source)}\``);
}

function checkSignature(node, name) {
  for (const parameter of node.parameters) check(parameter.type, `${name}: parameter \`${parameter.name.getText(source)}\``);
  if (!ts.isConstructorDeclaration(node) && !ts.isConstructSignatureDeclaration(node)) check(node.type, `${name}: result`);
}

const isExported = (node) =>
  ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export || ts.isExportAssignment(node);

for (const statement of source.statements) {
  if (!isExported(statement)) continue;
  const name = statement.name?.getText(source) ?? 'default';
  if (NOT_THE_API.has(name)) continue;
  exportsChecked++;
  if (ts.isFunctionDeclaration(statement)) {
    checkSignature(statement, `${name}()`);
  } else if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
    for (const member of statement.members) {
      const memberName = `${name}.${member.name?.getText(source) ?? 'constructor'}`;
      if (ts.isPropertyDeclaration(member) || ts.isPropertySignature(member) || ts.isGetAccessor(member)) {
        check(member.type, memberName);
      } else if ('parameters' in member) {
        checkSignature(member, `${memberName}()`);
      }
    }
  } else if (ts.isTypeAliasDeclaration(statement)) {
    check(statement.type, `type ${name}`);
  } else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) check(declaration.type, declaration.name.getText(source));
  }
}

if (exportsChecked === 0) problems.push('no export found: is this the generated .d.ts?');
for (const problem of problems) console.log(`FAIL ${problem}`);
console.log(
  problems.length === 0
    ? `ok   no \`any\` in the parameters and results of ${exportsChecked} exports of ${file} (InitOutput, the raw wasm exports, aside)`
    : `\n${problems.length} \`any\` in the public exports of ${file}`,
);
process.exit(problems.length === 0 ? 0 : 1);
