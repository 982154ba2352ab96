// Labels in the packed package, as a form uses them: `engine.labels({ locale })`
// is a plain object with exactly the catalogue's keys (policies/labels/*.json),
// merged with configuration; every gap of a verdict carries its field's label,
// in evaluate, evaluateJson and sessions, on every entry.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { importFromConsumer, prepareConsumer, requireFromConsumer, root } from './pack.mjs';

const catalogue = (locale) => JSON.parse(fs.readFileSync(path.join(root, 'policies', 'labels', `${locale}.json`), 'utf8'));

/** The pattern of a pointer: each array index written `*`. */
const pattern = (pointer) => pointer.split('/').map((t) => (/^\d+$/.test(t) ? '*' : t)).join('/');

/** Unconsented, with a placeholder legal basis and no other element. */
const incident = {
  schemaVersion: '1',
  actions: [
    { id: 'a1', consent: { prior: true } },
    {
      id: 'a2',
      consent: { prior: false },
      justification: { legal: { claimed: true, basis: 'n/a', explanation: 'The policy invites tests of the form.' } },
    },
  ],
};

const gaps = (verdict) => verdict.findings.flatMap((f) => f.missing ?? []);

let esm;
let cjs;
let rego;
before(async () => {
  prepareConsumer();
  esm = await importFromConsumer('esm.mjs');
  cjs = requireFromConsumer('cjs.cjs');
  rego = await importFromConsumer('rego.mjs');
});

test('labels() is a plain object with exactly the catalogue, per locale, on every entry', () => {
  for (const [name, api] of [['esm', esm], ['cjs', cjs], ['rego', rego]]) {
    const engine = new api.ConductEngine();
    for (const locale of ['en', 'nl']) {
      const labels = engine.labels({ locale });
      assert.equal(Object.getPrototypeOf(labels), Object.prototype, name);
      assert.deepEqual(labels, catalogue(locale), `${name} ${locale}`);
      assert.ok(Object.values(labels).every((v) => typeof v === 'string' && v.length > 0));
    }
    // No options: the engine's locale.
    assert.deepEqual(engine.labels(), catalogue('en'), name);
    assert.deepEqual(new api.ConductEngine({ locale: 'nl' }).labels(), catalogue('nl'), name);
    assert.deepEqual(new api.ConductEngine({ locale: 'nl' }).labels({ locale: 'en' }), catalogue('en'), name);
    engine.free();
  }
});

test('every gap carries its field\'s label, in evaluate, evaluateJson and sessions', () => {
  for (const [name, api] of [['esm', esm], ['cjs', cjs], ['rego', rego]]) {
    const engine = new api.ConductEngine();
    for (const locale of ['en', 'nl']) {
      const labels = engine.labels({ locale });
      const verdict = engine.evaluate(incident, { locale });
      const missing = gaps(verdict);
      assert.ok(missing.length >= 4, name);
      for (const m of missing) assert.equal(m.label, labels[pattern(m.path)], `${name} ${locale} ${m.path}`);
      assert.deepEqual(Object.keys(missing[0]), ['element', 'path', 'label', 'message']);
      assert.deepEqual(JSON.parse(engine.evaluateJson(JSON.stringify(incident), { locale })), verdict);
      const session = engine.session(incident, { locale });
      assert.deepEqual(session.verdict(), verdict, name);
      const changed = session.update('/actions/1/justification/legal/basis', 'Acme disclosure policy');
      assert.deepEqual(changed, engine.evaluate(session.incident(), { locale }));
      assert.ok(gaps(changed).every((m) => m.label === labels[pattern(m.path)]));
      session.free();
    }
    const en = gaps(engine.evaluate(incident))[0];
    assert.deepEqual([en.path, en.label], ['/actions/1/justification/legal/basis', 'legal basis']);
    engine.free();
  }
});

test('configuration overrides and extends labels, and they reach the verdict', () => {
  const engine = new esm.ConductEngine({
    config: {
      labels: {
        nl: { '/actions/*/justification/legal/basis': 'wetsartikel', '/extensions/acme/ticket': 'ticketnummer' },
        en: { 'status:violation': 'breach' },
      },
    },
  });
  const nl = engine.labels({ locale: 'nl' });
  assert.equal(nl['/actions/*/justification/legal/basis'], 'wetsartikel');
  assert.equal(nl['/extensions/acme/ticket'], 'ticketnummer');
  assert.equal(Object.keys(nl).length, Object.keys(catalogue('nl')).length + 1);
  assert.equal(engine.labels({ locale: 'en' })['status:violation'], 'breach');
  assert.equal(gaps(engine.evaluate(incident, { locale: 'nl' }))[0].label, 'wetsartikel');
  assert.notEqual(engine.ruleset.digest, new esm.ConductEngine().ruleset.digest);
  // The configuration in force does not echo them.
  assert.equal(engine.config.labels, undefined);
});

test('bad labels and bad options are ConductErrors that point at the entry', () => {
  const bad = [
    [{ labels: 'x' }, '/config/labels'],
    [{ labels: { nl: { '/actions/*/id': 3 } } }, '/config/labels/nl/~1actions~1*~1id'],
    [{ labels: { xx: { '/actions/*/id': 'x' } } }, '/config/labels/xx'],
    [{ labels: { nl: { '/actions/*/idd': 'x' } } }, '/config/labels/nl/~1actions~1*~1idd'],
    [{ labels: { nl: { '/extensions/acme/0': 'x' } } }, '/config/labels/nl/~1extensions~1acme~10'],
    [{ labels: { nl: { 'status:great': 'x' } } }, '/config/labels/nl/status:great'],
    [{ labels: { nl: { legal: 'x' } } }, '/config/labels/nl/legal'],
    [{ labels: { nl: { '/actions/*/id': '' } } }, '/config/labels/nl/~1actions~1*~1id'],
  ];
  for (const api of [esm, rego]) {
    for (const [config, pointer] of bad) {
      assert.throws(
        () => new api.ConductEngine({ config }),
        (e) => e instanceof api.ConductError && e.code === 'invalid_config' && e.path === pointer,
        JSON.stringify(config),
      );
    }
    const engine = new api.ConductEngine();
    assert.throws(() => engine.labels({ locale: 'xx' }), (e) => e.code === 'invalid_config' && e.path === '/locale');
    assert.throws(() => engine.labels({ locael: 'nl' }), (e) => e.code === 'invalid_config' && e.path === '/locael');
    assert.throws(() => engine.labels('nl'), (e) => e.code === 'invalid_argument');
    assert.throws(() => api.ConductEngine.prototype.labels.call({}), (e) => e.code === 'invalid_argument');
    engine.free();
    assert.throws(() => engine.labels(), (e) => e.code === 'freed');
  }
});
