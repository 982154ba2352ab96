// The package's TypeScript types, checked as users compile against them
// (Node ESM and CJS with module nodenext; browsers and bundlers with
// moduleResolution bundler; skipLibCheck off so the shipped .d.ts files are
// checked too), and the incident types proven equal to the engine's validator.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { consumerDir, importFromConsumer, prepareConsumer, root } from './pack.mjs';
import { fullIncident } from './types/full-incident.mjs';

const sources = path.join(path.dirname(fileURLToPath(import.meta.url)), 'types');
const target = path.join(consumerDir, 'types');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

before(() => {
  prepareConsumer();
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(sources, target, { recursive: true });
});

for (const project of ['tsconfig.node.json', 'tsconfig.bundler.json']) {
  test(`tsc -p ${project} accepts the consumer code`, () => {
    assert.ok(fs.existsSync(tsc), `${tsc} is missing: run scripts/setup.sh`);
    const r = spawnSync(tsc, ['-p', project], { cwd: target, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc reported:\n${r.stdout}${r.stderr}`);
  });
}

/** Paths (as JSON Pointers) of every object in `value`, outside `extensions`. */
function objectPaths(value, pointer = '') {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, `${pointer}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return [
    pointer,
    ...Object.entries(value)
      .filter(([k]) => !(pointer === '' && k === 'extensions'))
      .flatMap(([k, v]) => objectPaths(v, `${pointer}/${k}`)),
  ];
}

function at(value, pointer) {
  return pointer.split('/').slice(1).reduce((v, token) => v[token], value);
}

test('the incident types and the validator accept exactly the same fields', async () => {
  const { ConductEngine } = await importFromConsumer('esm.mjs');
  const engine = new ConductEngine();
  // The fixture sets every field the types declare (tsc checks that above),
  // and the validator accepts all of them...
  assert.deepEqual(engine.validate(fullIncident), []);
  assert.ok(engine.evaluate(fullIncident).findings.length > 0);
  // ...and, object by object, knows no field the fixture lacks: its message
  // for an unknown field lists every field it expects there.
  for (const pointer of objectPaths(fullIncident)) {
    const probe = structuredClone(fullIncident);
    at(probe, pointer).__probe__ = true;
    const problem = engine.validate(probe).find((p) => p.path === `${pointer}/__probe__`);
    assert.ok(problem, `the validator rejects an unknown field at ${pointer || '(root)'}`);
    const listed = problem.message.match(/expected one of: (.*)$/);
    assert.ok(listed, `cannot read the expected fields from: ${problem.message}`);
    assert.deepEqual(
      listed[1].split(', ').sort(),
      Object.keys(at(fullIncident, pointer)).sort(),
      `fields at ${pointer || '(root)'}: validator vs. types`,
    );
  }
});
