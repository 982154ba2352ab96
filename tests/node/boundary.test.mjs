// The JavaScript boundary of the packed package, attacked through every
// entry a Node user has: `conduct-engine` and `conduct-engine/rego`, each by
// `import` and by `require`. The attacks are tests/hostile/boundary.mjs:
// wrong receivers for every method, every argument of every method with each
// wrong JavaScript type, use after free for every class, values that throw
// while they are read, oversized texts, and partner files written to slip
// past the namespace. Each must give the typed error it states (code,
// message naming the method and argument, pointer), and afterwards the
// engine attacked, a session opened before, and a fresh engine must give
// the verdicts they gave before, byte for byte.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { importFromConsumer, prepareConsumer, requireFromConsumer } from './pack.mjs';
import { attacks, runAttacks, tally } from '../hostile/boundary.mjs';
import * as incidents from './fixtures.mjs';

const entries = {};

before(async () => {
  prepareConsumer();
  entries['conduct-engine (import)'] = { api: await importFromConsumer('esm.mjs'), partner: false };
  entries['conduct-engine (require)'] = { api: requireFromConsumer('cjs.cjs'), partner: false };
  entries['conduct-engine/rego (import)'] = { api: await importFromConsumer('rego.mjs'), partner: true };
  entries['conduct-engine/rego (require)'] = { api: requireFromConsumer('rego.cjs'), partner: true };
});

const totals = { tried: 0, typed: 0, returnedAsExpected: 0, crashes: 0, poisoned: 0, wrongMemory: 0, unmet: 0 };

for (const label of ['conduct-engine (import)', 'conduct-engine (require)', 'conduct-engine/rego (import)', 'conduct-engine/rego (require)']) {
  describe(label, () => {
    let result;
    let list;
    before(() => {
      const { api, partner } = entries[label];
      // The other entry's objects are wrong receivers too.
      const foreignApi = partner ? entries['conduct-engine (import)'].api : entries['conduct-engine/rego (import)'].api;
      list = attacks(api, { partner, foreign: foreignApi });
      result = runAttacks(api, list, { partner, foreignApi });
      const t = tally(result.records);
      for (const k of Object.keys(totals)) totals[k] += t[k];
    });

    test('every attack gives its typed error, and nothing is poisoned', (t) => {
      assert.ok(result.records.length >= 150, `${result.records.length} attacks`);
      assert.equal(result.known, result.knownFresh, 'the attacked engine and a fresh one agree before any attack');
      const byGroup = {};
      for (const r of result.records) {
        byGroup[r.group] = (byGroup[r.group] ?? 0) + 1;
      }
      t.diagnostic(`${result.records.length} attacks: ${JSON.stringify(byGroup)}`);
      const failed = result.records.filter((r) => r.problems.length > 0 || r.poisoned.length > 0);
      assert.deepEqual(
        failed.map((r) => `${r.group} / ${r.name}: ${[...r.problems, ...r.poisoned].join('; ')}`),
        [],
      );
    });

    test('every error is an instance of the ConductError both module systems export', () => {
      const { api } = entries[label];
      const esm = entries['conduct-engine (import)'].api.ConductError;
      const cjs = entries['conduct-engine (require)'].api.ConductError;
      assert.equal(api.ConductError, esm, 'one class for every Node entry');
      assert.equal(esm, cjs, 'import and require share the class');
      const engine = new api.ConductEngine();
      const caught = [];
      for (const call of [
        () => engine.evaluate(Symbol('x')),
        () => engine.evaluateJson('{'),
        () => engine.evaluate({ schemaVersion: '9' }),
        () => new api.ConductEngine({ config: { nope: 1 } }),
        () => api.ConductEngine.prototype.stats.call({}),
        () => engine.session(incidents.typical()).update('/actions/0/consent/prior', 'yes'),
      ]) {
        try {
          call();
        } catch (e) {
          caught.push(e);
        }
      }
      engine.free();
      try {
        engine.rules();
      } catch (e) {
        caught.push(e);
      }
      assert.equal(caught.length, 7);
      for (const e of caught) {
        assert.ok(e instanceof esm && e instanceof cjs && e instanceof Error, `${e.name}: ${e.message}`);
        assert.equal(e.name, 'ConductError');
      }
      assert.deepEqual(caught.map((e) => e.code), ['invalid_incident', 'invalid_json', 'unsupported_schema_version', 'invalid_config', 'invalid_argument', 'invalid_incident', 'freed']);
    });
  });
}

describe('the rego entry: the flagship bypass adds no finding to B12', () => {
  test('a tab before `conduct.rules.b12` and a raw-string decoy are refused; B12 judges as before', () => {
    const { api } = entries['conduct-engine/rego (import)'];
    const engine = new api.ConductEngine();
    const before = engine.evaluateJson(JSON.stringify(incidents.noConsentNoJustification()));
    const source = [
      '# METADATA',
      '# title: t',
      '# description: d',
      '# custom:',
      '#   id: X1',
      '#   slug: x',
      '#   section: behaviour',
      '#   severity: major',
      '#   inputs:',
      '#     - /actions',
      'package\tconduct.rules.b12',
      'x := `',
      'package conduct.partner.x',
      '`',
      'findings contains {"subject": ["actions", 0], "status": "compliant", "key": "b12.compliant"} if true',
    ].join('\n');
    assert.throws(() => engine.addPolicy('evil.rego', source), (e) => {
      assert.ok(e instanceof api.ConductError);
      assert.equal(e.code, 'policy_error');
      assert.equal(e.location.line, 11);
      assert.match(e.message, /evil\.rego:11:\d+: package `conduct\.rules\.b12` is outside `conduct\.partner\.\*`/);
      return true;
    });
    const after = engine.evaluateJson(JSON.stringify(incidents.noConsentNoJustification()));
    assert.equal(after, before);
    const b12 = JSON.parse(after).findings.filter((f) => f.rule === 'B12');
    assert.deepEqual(b12.map((f) => f.status), ['violation']);
  });
});

test('summary: attacks tried, typed, crashes, engines poisoned, wrong-memory reads', (t) => {
  t.diagnostic(`over four entries: ${JSON.stringify(totals)}`);
  assert.ok(totals.tried >= 600, `${totals.tried} attacks`);
  assert.equal(totals.crashes, 0, 'crashes');
  assert.equal(totals.poisoned, 0, 'engines poisoned');
  assert.equal(totals.wrongMemory, 0, 'wrong-memory reads');
  assert.equal(totals.unmet, 0, 'attacks whose expectation was not met');
  assert.equal(totals.typed + totals.returnedAsExpected, totals.tried);
});
