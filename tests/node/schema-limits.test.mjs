// The incident's JSON Schema ships in the package and agrees with the
// engine's own validation; limits on input and evaluation give typed errors
// in the packed package, and the engine keeps working after each.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { consumerDir, importFromConsumer, prepareConsumer, root } from './pack.mjs';
import * as incidents from './fixtures.mjs';

let api;
let shipped;
before(async () => {
  prepareConsumer();
  api = await importFromConsumer('esm.mjs');
  shipped = createRequire(path.join(consumerDir, 'package.json'))('conduct-engine/schema/incident.json');
});

function examples() {
  const dir = path.join(root, 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]);
}

test('the shipped schema is the one the engine reports, and a valid 2020-12 schema', () => {
  assert.deepEqual(api.incidentSchema(), shipped);
  assert.equal(shipped.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  assert.equal(typeof ajv.compile(shipped), 'function');
});

test('schema and validator agree: every example is valid to both', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(shipped);
  const engine = new api.ConductEngine();
  for (const [file, incident] of examples()) {
    assert.ok(validate(incident), `${file}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(engine.validate(incident), [], file);
  }
});

test('schema and validator agree on what is invalid, and where', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(shipped);
  const engine = new api.ConductEngine();
  const bad = [
    [{ schemaVersion: '1', actoins: [] }, '/actoins'],
    [{ schemaVersion: '1', actions: [{ consent: { prior: 'yes' } }] }, '/actions/0/consent/prior'],
    [{ schemaVersion: '1', actions: [null] }, '/actions/0'],
    [{ schemaVersion: '1', actions: [{ at: 'yesterday' }] }, '/actions/0/at'],
    [{ schemaVersion: '1', actions: [{ disclosure: { classification: 'secret' } }] }, '/actions/0/disclosure/classification'],
    [{ schemaVersion: '1', member: { qualifications: [{ validUntil: '2026-01-01' }] } }, '/member/qualifications/0'],
    [{ schemaVersion: '1', conflictsOfInterest: [{ declared: 1 }] }, '/conflictsOfInterest/0/declared'],
    [{ schemaVersion: 1 }, '/schemaVersion'],
    [{}, ''],
  ];
  for (const [incident, where] of bad) {
    assert.equal(validate(incident), false, `schema accepts ${JSON.stringify(incident)}`);
    const problems = engine.validate(incident);
    assert.ok(problems.length > 0, `validator accepts ${JSON.stringify(incident)}`);
    // Both place the problem at (or, for a missing field, under) the same pointer.
    assert.ok(problems.some((p) => p.path === where || p.path.startsWith(`${where}/`)), `${JSON.stringify(problems)} vs ${where}`);
    assert.ok(validate.errors.some((e) => e.instancePath === where || e.instancePath.startsWith(`${where}/`) || (where.startsWith(e.instancePath) && e.keyword !== 'type')), `${JSON.stringify(validate.errors)} vs ${where}`);
  }
});

test('input limits give limit_exceeded with the pointer of the offending value', () => {
  const engine = new api.ConductEngine({ limits: { maxStringBytes: 50, maxItems: 8, maxDepth: 6 } });
  const cases = [
    [{ schemaVersion: '1', actions: [{ description: 'x'.repeat(51) }] }, '/actions/0/description'],
    [{ schemaVersion: '1', actions: Array.from({ length: 9 }, () => ({})) }, '/actions'],
    [{ schemaVersion: '1', extensions: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, '/extensions/a/b/c/d/e'],
  ];
  for (const [incident, where] of cases) {
    assert.throws(() => engine.evaluate(incident), (e) => e.code === 'limit_exceeded' && e.path === where, where);
    // The same engine goes on judging what is within its limits.
    assert.equal(engine.evaluate(incidents.noConsentNoJustification()).outcome, 'violation');
  }
  assert.throws(() => new api.ConductEngine({ limits: { maxDepth: 1000 } }), (e) => e.code === 'invalid_config' && e.path === '/limits/maxDepth');
  assert.throws(() => new api.ConductEngine({ limits: { maxSpeed: 1 } }), (e) => e.code === 'invalid_config' && e.path === '/limits/maxSpeed');
});

test('the compiled catalogue needs no evaluation budget; partner rules get one (conduct-engine/rego)', async () => {
  // The built-in rules are compiled: their loops run over the incident,
  // which the other limits bound, so a tight budget changes nothing.
  const tight = new api.ConductEngine({ limits: { maxInstructions: 500 } });
  const expected = new api.ConductEngine().evaluate(incidents.typical());
  assert.deepEqual(tight.evaluate(incidents.typical()), expected);

  // A partner rule runs on the VM, whose budget stops it without a clock.
  const rego = await importFromConsumer('rego.mjs');
  const { misbehaving } = await import('../partner/policies.mjs');
  const runaway = misbehaving.find(([name]) => name === 'a runaway rule')[1];
  const bounded = new rego.ConductEngine({ limits: { maxInstructions: 500 } });
  bounded.addPolicy('w3.rego', runaway);
  assert.throws(() => bounded.evaluate(incidents.typical()), (e) => e.code === 'limit_exceeded' && /W3 \(.*\) stopped after 500 instructions/.test(e.message));
  // And the same engine keeps judging: an incident the rule leaves alone
  // (it reads nothing, so it runs on every one: the budget stops it again).
  assert.throws(() => bounded.evaluate(incidents.typical()), (e) => e.code === 'limit_exceeded');
  assert.deepEqual(new rego.ConductEngine().evaluate(incidents.typical()), expected);
});
