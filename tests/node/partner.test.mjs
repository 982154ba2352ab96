// Partners' own rules in the packed package's partner entry,
// `conduct-engine/rego`: a good rule joins the catalogue and the verdicts
// like a built-in one; broken and hostile rules are refused with typed
// errors naming what is wrong (and where), or stopped when they run; and
// after every refusal the engine judges exactly as before.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { importFromConsumer, prepareConsumer } from './pack.mjs';
import * as incidents from './fixtures.mjs';
import { good, goodMessages, hostile, misbehaving } from '../partner/policies.mjs';

let api;
before(async () => {
  prepareConsumer();
  api = await importFromConsumer('rego.mjs');
});

const redTeam = (socInformed) => ({
  schemaVersion: '1',
  actions: [{ id: 'a1', kind: 'red-team', consent: { prior: true } }],
  extensions: socInformed === undefined ? {} : { socInformed },
});

test('a partner rule joins the catalogue and the verdicts like a built-in one', () => {
  const engine = new api.ConductEngine({ locale: 'nl' });
  const ids = engine.addPolicies({ files: [{ path: 'acme/soc.rego', source: good }], messages: goodMessages });
  assert.deepEqual(ids, ['ACME1']);
  assert.equal(engine.stats().backend, 'compiled');
  const entry = engine.rules({ id: 'ACME1' });
  assert.equal(entry.length, 1);
  assert.equal(entry[0].clause, 'B12');
  assert.equal(entry[0].kind, 'checkable');
  const told = engine.evaluate(redTeam(true)).findings.find((f) => f.rule === 'ACME1');
  assert.deepEqual([told.status, told.subject, told.message], ['compliant', '/actions/0', 'Het SOC wist van deze oefening.']);
  const untold = engine.evaluate(redTeam(false), { locale: 'en' }).findings.find((f) => f.rule === 'ACME1');
  assert.equal(untold.status, 'violation');
  assert.deepEqual(untold.missing.map((m) => [m.path, m.message]), [['/extensions/socInformed', 'Tell the SOC before a red-team exercise.']]);
  // Nothing under the rule: accounted for as not_applicable, like a built-in.
  const none = engine.evaluate(incidents.priorConsent()).findings.filter((f) => f.rule === 'ACME1');
  assert.deepEqual(none.map((f) => [f.status, f.subject]), [['not_applicable', '']]);
  // The digest covers the partner's rules.
  assert.notEqual(engine.ruleset.digest, new api.ConductEngine({ locale: 'nl' }).ruleset.digest);
});

test('broken and hostile partner rules are refused with typed errors, and the engine is unchanged', () => {
  const engine = new api.ConductEngine();
  const before = JSON.stringify(engine.evaluate(incidents.typical()));
  const rulesBefore = engine.rules().length;
  engine.addPolicy('acme/soc.rego', good);
  let refused = 0;
  for (const [name, source, code, mention, line] of hostile) {
    const attempt = () => {
      if (name === 'empty bundle') return engine.addPolicies({ files: [] });
      if (name === 'a path already loaded') return engine.addPolicy('acme/soc.rego', good.replace('ACME1', 'ACME2'));
      return engine.addPolicy(`hostile/${name.replace(/\W+/g, '-')}.rego`, source);
    };
    assert.throws(attempt, (e) => {
      assert.equal(e.name, 'ConductError', name);
      assert.equal(e.code, code, `${name}: ${e.message}`);
      assert.match(e.message, mention, name);
      if (line !== null) assert.equal(e.location?.line, line, `${name}: ${JSON.stringify(e.location)} ${e.message}`);
      return true;
    }, name);
    refused += 1;
    assert.equal(engine.rules().length, rulesBefore + 1, `${name}: the catalogue is unchanged`);
  }
  assert.equal(refused, hostile.length);
  const after = JSON.parse(JSON.stringify(engine.evaluate(incidents.typical())));
  after.findings = after.findings.filter((f) => f.rule !== 'ACME1');
  const expected = JSON.parse(before);
  assert.deepEqual(after.findings, expected.findings);
});

test('rules that misbehave when they run are stopped with typed errors, and the engine recovers', (t) => {
  for (const [name, source, code] of misbehaving) {
    const engine = new api.ConductEngine();
    engine.addPolicy(`bad/${name.replace(/\W+/g, '-')}.rego`, source);
    const t0 = performance.now();
    assert.throws(() => engine.evaluate(incidents.typical()), (e) => e.name === 'ConductError' && e.code === code, name);
    const ms = performance.now() - t0;
    if (code === 'limit_exceeded') t.diagnostic(`runaway rule stopped after ${ms.toFixed(1)} ms (budget: 500,000 instructions)`);
    // Other incidents, and other engines, are not harmed.
    assert.equal(new api.ConductEngine().evaluate(incidents.noConsentNoJustification()).outcome, 'violation');
  }
});

test('randomness only when the bundle opts in', () => {
  const engine = new api.ConductEngine();
  const dice = hostile.find(([name]) => name === 'randomness without opting in')[1];
  assert.throws(() => engine.addPolicies({ files: [{ path: 'dice.rego', source: dice }] }), (e) => e.code === 'policy_error');
  assert.deepEqual(engine.addPolicies({ files: [{ path: 'dice.rego', source: dice }], allowRandomness: true }), ['H6']);
});
