// The second paths, as a user reaches them in the packed package: the
// default entry's compiled catalogue, the partner entry's compiled catalogue
// (its own Wasm instance), and the partner entry's regorus VM and
// interpreter running the same catalogue's Rego (`backend` option). All four
// must write the same verdict bytes for the examples and for generated
// incidents that reach every section of the model and every outcome.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { importFromConsumer, prepareConsumer } from './pack.mjs';
import { examples, incidents } from './batch-incidents.mjs';

let main;
let rego;
before(async () => {
  prepareConsumer();
  main = await importFromConsumer('esm.mjs');
  rego = await importFromConsumer('rego.mjs');
});

const CASES = 300;

function* cases() {
  for (const incident of examples()) yield incident;
  yield* incidents(CASES, 7);
}

for (const locale of ['en', 'nl']) {
  test(`compiled, VM and interpreter write the same verdicts (${locale})`, () => {
    const engines = {
      default: new main.ConductEngine({ locale }),
      'rego compiled': new rego.ConductEngine({ locale }),
      vm: new rego.ConductEngine({ locale, backend: 'vm' }),
      interpreter: new rego.ConductEngine({ locale, backend: 'interpreter' }),
    };
    assert.equal(engines.default.stats().backend, 'compiled');
    assert.equal(engines.vm.stats().backend, 'vm');
    assert.equal(engines.interpreter.stats().backend, 'interpreter');
    let judged = 0;
    const outcomes = new Set();
    for (const incident of cases()) {
      const text = JSON.stringify(incident);
      let expected;
      try {
        expected = engines.default.evaluateJson(text);
      } catch (error) {
        // Invalid generated input: every path must refuse it alike.
        for (const [name, engine] of Object.entries(engines)) {
          assert.throws(() => engine.evaluateJson(text), (e) => e.code === error.code && e.path === error.path, name);
        }
        continue;
      }
      for (const [name, engine] of Object.entries(engines)) {
        assert.equal(engine.evaluateJson(text), expected, `${name} differs on ${text.slice(0, 200)}`);
      }
      outcomes.add(JSON.parse(expected).outcome);
      judged += 1;
    }
    assert.ok(judged > CASES / 2, `only ${judged} cases were valid`);
    assert.deepEqual([...outcomes].sort(), ['compliant', 'incomplete', 'not_applicable', 'violation']);
  });
}

test('the default entry has no Rego runtime to choose', () => {
  for (const backend of ['vm', 'interpreter']) {
    assert.throws(() => new main.ConductEngine({ backend }), (e) => e.code === 'invalid_config' && e.path === '/backend');
  }
  assert.throws(() => new rego.ConductEngine({ backend: 'fast' }), (e) => e.code === 'invalid_config' && e.path === '/backend');
  assert.equal(new main.ConductEngine({ backend: 'compiled' }).stats().backend, 'compiled');
});

test('a session on the VM gives the bytes a compiled session gives, change by change', () => {
  const compiled = new main.ConductEngine();
  const vm = new rego.ConductEngine({ backend: 'vm' });
  const incident = examples().find((i) => (i.actions ?? []).length > 1);
  const a = compiled.session(incident);
  const b = vm.session(incident);
  assert.equal(JSON.stringify(b.verdict()), JSON.stringify(a.verdict()));
  const field = '/actions/0/justification/legal/explanation';
  let typed = '';
  for (const ch of 'Allowed by the engagement letter.') {
    typed += ch;
    assert.equal(JSON.stringify(b.update(field, typed)), JSON.stringify(a.update(field, typed)), `after ${typed}`);
    assert.deepEqual(b.lastRerun, a.lastRerun);
  }
  assert.equal(JSON.stringify(b.remove('/actions/1')), JSON.stringify(a.remove('/actions/1')));
});
