// The JSON Schema and the C++ validator must agree: every real pack passes the schema, every
// fixture the C++ loader rejects for a schema-level reason is rejected by ajv too, and the fixtures
// that are only wrong in their cross-references (which a schema cannot express) pass it.
// Fixture names say which: syntax-*, schema-*, xref-* (tests/data/content/broken/roles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const packFiles = (dir) => readdirSync(dir).filter((name) => name.endsWith('.json')).sort().map((name) => join(dir, name));

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validatePack = ajv.compile(readJson(join(repoRoot, 'content', 'schema', 'role-pack.schema.json')));
const explain = () => ajv.errorsText(validatePack.errors, { separator: '\n' });

const realPacks = packFiles(join(repoRoot, 'content', 'roles'));
const brokenDir = join(repoRoot, 'tests', 'data', 'content', 'broken', 'roles');
const brokenPacks = packFiles(brokenDir);
const fixture = (path) => path.slice(brokenDir.length + 1);

test('there is at least one real role pack', () => {
  assert.ok(realPacks.length >= 1, 'no packs in content/roles');
});

for (const path of realPacks) {
  test(`real pack ${path.slice(repoRoot.length + 1)} passes the schema`, () => {
    assert.ok(validatePack(readJson(path)), explain());
  });
}

test('the minimal valid fixture passes the schema', () => {
  const path = join(repoRoot, 'tests', 'data', 'content', 'valid', 'roles', 'minimal-role.json');
  assert.ok(validatePack(readJson(path)), explain());
});

test('every broken fixture is named syntax-*, schema-* or xref-*', () => {
  assert.ok(brokenPacks.length > 0);
  for (const path of brokenPacks) assert.match(fixture(path), /^(syntax|schema|xref)-/);
});

for (const path of brokenPacks.filter((p) => fixture(p).startsWith('syntax-'))) {
  test(`fixture ${fixture(path)} is not JSON at all`, () => {
    assert.throws(() => readJson(path), SyntaxError);
  });
}

for (const path of brokenPacks.filter((p) => fixture(p).startsWith('schema-'))) {
  test(`schema rejects fixture ${fixture(path)}`, () => {
    assert.equal(validatePack(readJson(path)), false, 'ajv accepted a pack the C++ validator rejects');
  });
}

// With the built binary at hand (CTest passes MI_BINARY), check that both validators blame the
// same place: the C++ pointer lies at or under some place ajv reports.
const binary = process.env.MI_BINARY;
test('ajv and `content validate` point at the same place in each schema-* fixture', { skip: !binary && 'MI_BINARY not set' }, () => {
  let output = '';
  try {
    execFileSync(binary, ['content', 'validate', join(repoRoot, 'tests', 'data', 'content', 'broken')], { encoding: 'utf8' });
  } catch (error) {
    output = error.stdout;  // exit code 1 is expected: the fixtures are broken
  }
  for (const path of brokenPacks.filter((p) => fixture(p).startsWith('schema-'))) {
    const cppPointers = output.split('\n').filter((line) => line.startsWith(path + ': '))
      .map((line) => line.slice(path.length + 2).split(': ')[0]).map((pointer) => (pointer === '/' ? '' : pointer));
    assert.ok(cppPointers.length > 0, `content validate found nothing in ${fixture(path)}`);
    validatePack(readJson(path));
    const ajvPointers = validatePack.errors.map((error) => error.instancePath);
    for (const pointer of cppPointers) {
      const agrees = ajvPointers.some((ajvPointer) => pointer === ajvPointer || pointer.startsWith(ajvPointer + '/'));
      assert.ok(agrees, `${fixture(path)}: C++ blames ${pointer}, ajv blames ${ajvPointers.join(', ')}`);
    }
  }
});

for (const path of brokenPacks.filter((p) => fixture(p).startsWith('xref-'))) {
  test(`schema accepts cross-reference-only fixture ${fixture(path)}`, () => {
    assert.ok(validatePack(readJson(path)), explain());
  });
}
