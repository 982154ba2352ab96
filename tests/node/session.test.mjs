// Sessions in the packed package, as a form would use them: every change
// gives the verdict `evaluate` gives for the changed incident, re-running
// only the rules that read the changed field; bad changes are typed errors
// that leave the session as it was.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { importFromConsumer, prepareConsumer } from './pack.mjs';
import * as incidents from './fixtures.mjs';
import { good, goodMessages } from '../partner/policies.mjs';

let api;
before(async () => {
  prepareConsumer();
  api = await importFromConsumer('esm.mjs');
});

/** Sets `value` at a JSON Pointer in a copy of `incident` (no escapes needed here). */
function withValue(incident, pointer, value) {
  const copy = structuredClone(incident);
  const tokens = pointer.split('/').slice(1);
  const last = tokens.pop();
  let node = copy;
  for (const t of tokens) node = node[t];
  if (Array.isArray(node) && last === '-') node.push(value);
  else node[last] = value;
  return copy;
}

test('each keystroke gives the full verdict and re-runs only the rules that read the field', () => {
  const engine = new api.ConductEngine();
  const incident = incidents.typical();
  const session = engine.session(incident);
  assert.deepEqual(session.verdict(), engine.evaluate(incident));
  assert.equal(session.lastRerun.length, engine.stats().evaluatedRules.length);

  const field = '/actions/0/justification/legal/explanation';
  let typed = '';
  for (const ch of 'The policy invites tests of the login form.') {
    typed += ch;
    const verdict = session.update(field, typed);
    assert.deepEqual(session.lastRerun, ['B12']);
    // Byte-identical, key order included: forms diff and cache the JSON.
    assert.equal(JSON.stringify(verdict), JSON.stringify(engine.evaluate(withValue(incident, field, typed))), `after typing ${JSON.stringify(typed)}`);
  }
  assert.deepEqual(session.incident(), withValue(incident, field, typed));
});

test('actions can be appended and removed; other rules keep their findings', () => {
  const engine = new api.ConductEngine({ locale: 'nl' });
  const incident = incidents.typical();
  const session = engine.session(incident);
  const added = { id: 'a9', consent: { prior: false } };
  const verdict = session.update('/actions/-', added);
  assert.equal(JSON.stringify(verdict), JSON.stringify(engine.evaluate(withValue(incident, '/actions/-', added))));
  const b12 = verdict.findings.find((f) => f.rule === 'B12' && f.subject === `/actions/${incident.actions.length}`);
  assert.equal(b12.status, 'violation');
  assert.ok(!session.lastRerun.includes('B11'), 'B11 reads deficiencies, not actions');
  assert.deepEqual(session.remove(`/actions/${incident.actions.length}`), engine.evaluate(incident));
});

test('a bad change is a typed error with a pointer, and the session stays as it was', () => {
  const engine = new api.ConductEngine();
  const session = engine.session(incidents.typical());
  const before = session.verdict();
  const cases = [
    ['actions/0', 1, 'invalid_incident', null],
    ['actions/0', undefined, 'invalid_argument', null],
    ['/actions/7/consent', {}, 'invalid_incident', '/actions/7/consent'],
    ['/actions/0/consent/prior', 'yes', 'invalid_incident', '/actions/0/consent/prior'],
    ['/actions/0/justification/legal/explanation', undefined, 'invalid_argument', '/actions/0/justification/legal/explanation'],
    [42, {}, 'invalid_argument', null],
    ['/actions/0/at', 10n, 'invalid_json', '/actions/0/at'],
  ];
  for (const [pointer, value, code, path] of cases) {
    assert.throws(
      () => session.update(pointer, value),
      (e) => e.name === 'ConductError' && e.code === code && e.path === path,
      `${pointer} = ${String(value)}`,
    );
    assert.deepEqual(session.verdict(), before);
  }
  assert.throws(() => session.remove(''), (e) => e.code === 'invalid_incident');
  assert.throws(() => engine.session({ schemaVersion: '1', actions: 'none' }), (e) => e.code === 'invalid_incident' && e.path === '/actions');
});

test('a session keeps the rules it opened with when the engine gains partner rules (conduct-engine/rego)', async () => {
  const rego = await importFromConsumer('rego.mjs');
  const engine = new rego.ConductEngine();
  const session = engine.session(incidents.typical());
  engine.addPolicies({ files: [{ path: 'acme/soc.rego', source: good }], messages: goodMessages });
  assert.ok(engine.evaluate(incidents.typical()).findings.some((f) => f.rule === 'ACME1'));
  const verdict = session.update('/id', 'CASE-2');
  assert.ok(!verdict.findings.some((f) => f.rule === 'ACME1'));
  assert.ok(engine.session(incidents.typical()).verdict().findings.some((f) => f.rule === 'ACME1'));
});

test('stats show the backend and the rule runs sessions save', () => {
  const engine = new api.ConductEngine();
  const session = engine.session(incidents.typical());
  session.update('/actions/0/justification/ethical/explanation', 'tbd');
  const stats = engine.stats();
  assert.equal(stats.backend, 'compiled');
  assert.equal(stats.rules, 21);
  assert.equal(stats.evaluations, 2);
  assert.equal(stats.ruleRuns, stats.evaluatedRules.length + 1);
  const offs = Object.fromEntries(stats.evaluatedRules.filter((id) => id !== 'B12').map((id) => [id, { enabled: false }]));
  const onlyB12 = new api.ConductEngine({ config: { rules: offs } });
  assert.deepEqual(onlyB12.stats().evaluatedRules, ['B12']);
  assert.ok(onlyB12.evaluate(incidents.typical()).findings.every((f) => f.rule === 'B12'));
});
