// The package as a Node ESM user loads it: `import { ConductEngine } from
// 'conduct-engine'`, no await, from the packed tarball installed in a
// scratch project. Expectations come from spec/RULES.md (B12) and the API
// contract (typed errors, an engine that survives them).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { prepareConsumer, importFromConsumer, requireFromConsumer } from './pack.mjs';
import * as incidents from './fixtures.mjs';

const ELEMENTS = ['legal', 'ethical', 'beneficial', 'minimal'];

let api;
before(async () => {
  prepareConsumer();
  api = await importFromConsumer('esm.mjs');
});

/** The one B12 finding about action `i`. */
function b12(verdict, i = 0) {
  const found = verdict.findings.filter((f) => f.rule === 'B12' && f.subject === `/actions/${i}`);
  assert.equal(found.length, 1, `one B12 finding for /actions/${i} in ${JSON.stringify(verdict.findings)}`);
  return found[0];
}

/** Calls `fn`, which must throw a ConductError; returns it. */
function conductError(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, 'a ConductError is an Error');
    assert.equal(e.name, 'ConductError');
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
    assert.ok(Array.isArray(e.problems), 'problems is an array');
    return e;
  }
  assert.fail('expected a ConductError');
}

describe('loading', () => {
  test('named exports are usable at once, without awaiting anything', () => {
    assert.equal(typeof api.ConductEngine, 'function');
    assert.equal(typeof api.version, 'function');
    const engine = new api.ConductEngine();
    assert.equal(engine.evaluate(incidents.priorConsent()).outcome, 'not_applicable');
  });

  test('ESM and CommonJS entries share one module instance', () => {
    const cjs = requireFromConsumer('cjs.cjs');
    assert.equal(api.ConductEngine, cjs.ConductEngine);
    assert.equal(api.version, cjs.version);
    assert.equal(requireFromConsumer('node-subpath.cjs').ConductEngine, cjs.ConductEngine);
  });

  test('version() names the engine and the rule set', () => {
    const v = api.version();
    const manifest = requireFromConsumer('manifest.cjs');
    assert.equal(v.engine, manifest.version);
    assert.equal(typeof v.name, 'string');
    assert.match(v.digest, /^sha256:[0-9a-f]{64}$/);
  });
});

describe('verdicts (B12, acting without prior consent)', () => {
  const engine = () => new api.ConductEngine();

  test('no prior consent and no justification: violation listing all four elements', () => {
    const verdict = engine().evaluate(incidents.noConsentNoJustification());
    assert.equal(verdict.incident, 'INC-NODE-0001');
    assert.equal(verdict.outcome, 'violation');
    const f = b12(verdict);
    assert.equal(f.status, 'violation');
    assert.equal(f.severity, 'critical');
    assert.equal(f.clause, 'B12');
    assert.ok(f.message.length > 0);
    assert.deepEqual(f.missing.map((m) => m.element).sort(), [...ELEMENTS].sort());
    assert.deepEqual(
      f.missing.map((m) => m.path).sort(),
      ELEMENTS.map((e) => `/actions/0/justification/${e}`).sort(),
    );
    for (const m of f.missing) assert.ok(m.message.length > 0, `a message for ${m.element}`);
  });

  test('prior consent: B12 does not apply', () => {
    const verdict = engine().evaluate(incidents.priorConsent());
    assert.equal(b12(verdict).status, 'not_applicable');
    assert.equal(b12(verdict).missing, undefined);
    assert.equal(verdict.outcome, 'not_applicable');
  });

  test('a fully justified action is compliant', () => {
    const verdict = engine().evaluate(incidents.fullyJustified());
    assert.equal(b12(verdict).status, 'compliant');
    assert.equal(verdict.outcome, 'compliant');
  });

  test('a placeholder explanation makes the justification incomplete, pointing at that element', () => {
    const f = b12(engine().evaluate(incidents.placeholderEthical()));
    assert.equal(f.status, 'incomplete');
    assert.deepEqual([...new Set(f.missing.map((m) => m.element))], ['ethical']);
    for (const m of f.missing) assert.ok(m.path.startsWith('/actions/0/justification/ethical'), m.path);
  });

  test('every finding names a rule, a status, a severity, a clause and a JSON Pointer subject', () => {
    const verdict = engine().evaluate(incidents.typical());
    assert.ok(verdict.findings.length > 0);
    for (const f of verdict.findings) {
      assert.match(f.rule, /^[PB]\d+$/);
      assert.ok(['violation', 'incomplete', 'compliant', 'not_applicable'].includes(f.status), f.status);
      assert.ok(['advisory', 'minor', 'major', 'critical'].includes(f.severity), f.severity);
      assert.ok(f.subject === '' || f.subject.startsWith('/'), f.subject);
      assert.equal(typeof f.clause, 'string');
    }
    const rank = { not_applicable: 0, compliant: 1, incomplete: 2, violation: 3 };
    const worst = verdict.findings.reduce((w, f) => (rank[f.status] > rank[w] ? f.status : w), 'not_applicable');
    assert.equal(verdict.outcome, worst, 'the outcome is the worst status over the findings');
  });

  test('evaluate and evaluateJson agree, and verdicts are deterministic to the byte', () => {
    const e = engine();
    const text = JSON.stringify(incidents.typical());
    const first = e.evaluateJson(text);
    assert.equal(typeof first, 'string');
    assert.equal(e.evaluateJson(text), first);
    assert.equal(new api.ConductEngine().evaluateJson(text), first);
    assert.deepEqual(e.evaluate(incidents.typical()), JSON.parse(first));
  });

  test('the verdict carries the rule set', () => {
    const e = engine();
    const verdict = e.evaluate(incidents.priorConsent());
    assert.deepEqual(verdict.ruleset, e.ruleset);
    assert.match(e.ruleset.digest, /^sha256:[0-9a-f]{64}$/);
  });
});

describe('configuration', () => {
  test('overrides reach the rules: a higher minimum makes thin explanations incomplete', () => {
    const strict = new api.ConductEngine({ config: { minExplanationLength: 500 } });
    assert.equal(strict.config.minExplanationLength, 500);
    const f = b12(strict.evaluate(incidents.fullyJustified()));
    assert.equal(f.status, 'incomplete');
    assert.deepEqual([...new Set(f.missing.map((m) => m.element))].sort(), [...ELEMENTS].sort());
  });

  test('the effective configuration is complete, and the digest covers it', () => {
    const plain = new api.ConductEngine();
    const config = plain.config;
    assert.equal(typeof config.minExplanationLength, 'number');
    assert.ok(Array.isArray(config.placeholderPhrases));
    assert.ok(Array.isArray(config.selfReferences));
    const other = new api.ConductEngine({ config: { minExplanationLength: config.minExplanationLength + 1 } });
    assert.notEqual(other.ruleset.digest, plain.ruleset.digest);
    assert.deepEqual(new api.ConductEngine({}).ruleset, plain.ruleset);
    assert.deepEqual(new api.ConductEngine({ config: {} }).ruleset, plain.ruleset);
  });

  test('invalid options throw invalid_config with the JSON Pointer of the bad key', () => {
    let e = conductError(() => new api.ConductEngine({ config: { minExplanationLength: -1 } }));
    assert.equal(e.code, 'invalid_config');
    assert.equal(e.path, '/config/minExplanationLength');
    e = conductError(() => new api.ConductEngine({ config: { minExplanationLenght: 10 } }));
    assert.equal(e.code, 'invalid_config');
    assert.equal(e.path, '/config/minExplanationLenght');
    e = conductError(() => new api.ConductEngine({ config: { placeholderPhrases: ['n/a', 7] } }));
    assert.equal(e.code, 'invalid_config');
    assert.equal(e.path, '/config/placeholderPhrases/1');
    e = conductError(() => new api.ConductEngine({ cfg: {} }));
    assert.equal(e.code, 'invalid_config');
    // Options that are no object at all are the wrong type of argument.
    e = conductError(() => new api.ConductEngine('strict'));
    assert.equal(e.code, 'invalid_argument');
  });
});

describe('typed errors, and the same engine keeps working after each', () => {
  let engine; // one engine for the whole group, created once the package is loaded
  const shared = () => (engine ??= new api.ConductEngine());
  let baseline;

  /** After an error, the very same engine must still judge correctly. */
  function stillWorks() {
    baseline ??= JSON.stringify(new api.ConductEngine().evaluate(incidents.noConsentNoJustification()));
    assert.equal(JSON.stringify(shared().evaluate(incidents.noConsentNoJustification())), baseline);
    assert.equal(b12(shared().evaluate(incidents.fullyJustified())).status, 'compliant');
  }

  test('no incident at all is a missing argument: invalid_argument', () => {
    const e = conductError(() => shared().evaluate(undefined));
    assert.equal(e.code, 'invalid_argument');
    assert.match(e.message, /ConductEngine\.evaluate: the incident must be JSON data, not undefined/);
    stillWorks();
  });

  for (const [label, value] of [
    ['a number', 42],
    ['a string', 'incident'],
    ['null', null],
    ['an array', [incidents.priorConsent()]],
  ]) {
    test(`${label} is not an incident: invalid_incident at the root`, () => {
      const e = conductError(() => shared().evaluate(value));
      assert.equal(e.code, 'invalid_incident');
      assert.equal(e.path, '');
      stillWorks();
    });
  }

  test('a wrong type on a pinned path: invalid_incident with its pointer', () => {
    const incident = incidents.noConsentNoJustification();
    incident.actions[0].consent.prior = 'yes';
    const e = conductError(() => shared().evaluate(incident));
    assert.equal(e.code, 'invalid_incident');
    assert.equal(e.path, '/actions/0/consent/prior');
    assert.deepEqual(e.problems.map((p) => [p.code, p.path]), [['invalid_incident', '/actions/0/consent/prior']]);
    stillWorks();
  });

  test('every problem is reported, each with its pointer', () => {
    const incident = incidents.noConsentNoJustification();
    incident.actions[0].consent.prior = 'yes';
    incident.actions[0].affectedParties = 'Acme';
    incident.colour = 'blue';
    const e = conductError(() => shared().evaluate(incident));
    assert.equal(e.code, 'invalid_incident');
    assert.deepEqual(
      e.problems.map((p) => p.path).sort(),
      ['/actions/0/affectedParties', '/actions/0/consent/prior', '/colour'],
    );
    assert.deepEqual(shared().validate(incident).map((p) => p.path).sort(), e.problems.map((p) => p.path).sort());
    stillWorks();
  });

  test('an unknown schema version: unsupported_schema_version', () => {
    const e = conductError(() => shared().evaluate({ ...incidents.priorConsent(), schemaVersion: '9' }));
    assert.equal(e.code, 'unsupported_schema_version');
    assert.equal(e.path, '/schemaVersion');
    stillWorks();
  });

  test('a missing schema version: invalid_incident at /schemaVersion', () => {
    const { schemaVersion, ...rest } = incidents.priorConsent();
    assert.equal(schemaVersion, '1');
    const e = conductError(() => shared().evaluate(rest));
    assert.equal(e.code, 'invalid_incident');
    assert.equal(e.path, '/schemaVersion');
    stillWorks();
  });

  test('malformed JSON text: invalid_json', () => {
    const e = conductError(() => shared().evaluateJson('{"schemaVersion": "1",'));
    assert.equal(e.code, 'invalid_json');
    stillWorks();
  });

  test('values JSON cannot hold: invalid_json', () => {
    const cyclic = incidents.priorConsent();
    cyclic.extensions = { self: cyclic };
    assert.equal(conductError(() => shared().evaluate(cyclic)).code, 'invalid_json');
    assert.equal(conductError(() => shared().evaluate({ schemaVersion: '1', extensions: { n: 1n } })).code, 'invalid_json');
    stillWorks();
  });

  test('input nested too deep: limit_exceeded, not a crash', () => {
    const deep = `{"schemaVersion":"1","extensions":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    assert.equal(conductError(() => shared().evaluateJson(deep)).code, 'limit_exceeded');
    stillWorks();
  });

  test('input too large: limit_exceeded', () => {
    const huge = { schemaVersion: '1', extensions: { blob: 'x'.repeat(4 << 20) } };
    assert.equal(conductError(() => shared().evaluate(huge)).code, 'limit_exceeded');
    stillWorks();
  });

  test('validate() lists problems instead of throwing', () => {
    assert.deepEqual(shared().validate(incidents.typical()), []);
    const problems = shared().validate({ schemaVersion: '9' });
    assert.equal(problems[0].code, 'unsupported_schema_version');
    assert.deepEqual(shared().validate(7).map((p) => [p.code, p.path]), [['invalid_incident', '']]);
    stillWorks();
  });
});

describe('catalogue', () => {
  test('rules() describes every rule, B12 included', () => {
    const rules = new api.ConductEngine().rules();
    assert.ok(rules.length >= 4);
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const id of ['B2', 'B3', 'B4', 'B12']) assert.ok(ids.includes(id), `${id} in ${ids}`);
    const rule = rules.find((r) => r.id === 'B12');
    assert.equal(rule.section, 'behaviour');
    assert.equal(rule.severity, 'critical');
    assert.equal(rule.kind, 'checkable');
    assert.equal(rule.slug, 'act-without-consent');
    assert.ok(rule.title.length > 0 && rule.explanation.length > 0);
    assert.ok(rule.inputs.some((p) => p.startsWith('/actions/')), rule.inputs);
    for (const r of rules) {
      assert.ok(['principle', 'behaviour'].includes(r.section));
      assert.ok(['checkable', 'guidance'].includes(r.kind));
      for (const p of r.inputs) assert.ok(p.startsWith('/'), p);
    }
  });

  test('every checkable rule is accounted for in every verdict', () => {
    const engine = new api.ConductEngine();
    const checkable = engine.rules().filter((r) => r.kind === 'checkable').map((r) => r.id);
    const seen = new Set(engine.evaluate({ schemaVersion: '1' }).findings.map((f) => f.rule));
    assert.deepEqual([...seen].sort(), [...checkable].sort());
  });

  test('free() releases an engine; others are unaffected', () => {
    const a = new api.ConductEngine();
    const b = new api.ConductEngine();
    a.free();
    assert.equal(b.evaluate(incidents.priorConsent()).outcome, 'not_applicable');
  });
});
