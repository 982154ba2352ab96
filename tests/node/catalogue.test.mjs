// The whole code in the packed package: the catalogue and its filters,
// messages per engine and per call in English and Dutch, configuration that
// switches rules off or re-weighs them, and every example incident judged.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { importFromConsumer, prepareConsumer, root } from './pack.mjs';
import * as incidents from './fixtures.mjs';

let api;
before(async () => {
  prepareConsumer();
  api = await importFromConsumer('esm.mjs');
});

const GUIDANCE = ['B1', 'B8', 'B9', 'B10', 'B13'];

test('rules() lists all 21 clauses in order: P1–P8, then B1–B13', () => {
  const ids = new api.ConductEngine().rules().map((r) => r.id);
  const want = [...Array(8)].map((_, i) => `P${i + 1}`).concat([...Array(13)].map((_, i) => `B${i + 1}`));
  assert.deepEqual(ids, want);
});

test('rules(filter) narrows by id, severity, section and kind', () => {
  const engine = new api.ConductEngine();
  assert.deepEqual(engine.rules({ id: 'b12' }).map((r) => r.id), ['B12']);
  assert.deepEqual(engine.rules({ kind: 'guidance' }).map((r) => r.id), GUIDANCE);
  const criticalBehaviour = engine.rules({ section: 'behaviour', severity: 'critical' });
  assert.ok(criticalBehaviour.length > 0);
  assert.ok(criticalBehaviour.every((r) => r.section === 'behaviour' && r.severity === 'critical'));
  assert.ok(criticalBehaviour.some((r) => r.id === 'B12'));
  const majorOrMinor = engine.rules({ severity: ['major', 'minor'] });
  assert.ok(majorOrMinor.every((r) => ['major', 'minor'].includes(r.severity)));
  assert.throws(() => engine.rules({ severity: 'huge' }), (e) => e.code === 'invalid_config' && e.path === '/severity');
});

test('messages and catalogue texts come in Dutch, per engine and per call', () => {
  const en = new api.ConductEngine();
  const nl = new api.ConductEngine({ locale: 'nl' });
  assert.deepEqual(en.locales().sort(), ['en', 'nl']);
  assert.equal(nl.locale, 'nl');
  const incident = incidents.noConsentNoJustification();
  const english = en.evaluate(incident).findings.find((f) => f.rule === 'B12' && f.subject === '/actions/0');
  const dutch = nl.evaluate(incident).findings.find((f) => f.rule === 'B12' && f.subject === '/actions/0');
  const perCall = en.evaluate(incident, { locale: 'nl' }).findings.find((f) => f.rule === 'B12' && f.subject === '/actions/0');
  assert.notEqual(dutch.message, english.message);
  assert.equal(perCall.message, dutch.message);
  assert.equal(perCall.title, dutch.title);
  assert.deepEqual(dutch.missing.map((m) => m.path), english.missing.map((m) => m.path));
  assert.notEqual(nl.rules({ id: 'B12' })[0].explanation, en.rules({ id: 'B12' })[0].explanation);
  assert.equal(en.rules({ id: 'B12', locale: 'nl' })[0].title, nl.rules({ id: 'B12' })[0].title);
  // The same verdict apart from words: statuses, subjects and pointers agree.
  const shape = (v) => v.findings.map((f) => [f.rule, f.status, f.subject, (f.missing ?? []).map((m) => m.path)]);
  assert.deepEqual(shape(nl.evaluate(incident)), shape(en.evaluate(incident)));
});

test('an unknown locale is a typed error, and a partner can add one through configuration', () => {
  assert.throws(() => new api.ConductEngine({ locale: 'fr' }), (e) => e.code === 'invalid_config' && e.path === '/locale');
  const engine = new api.ConductEngine();
  assert.throws(() => engine.evaluate(incidents.priorConsent(), { locale: 'fr' }), (e) => e.code === 'invalid_config');
  const fr = new api.ConductEngine({
    locale: 'fr',
    config: { messages: { fr: { 'B12.no_justification': 'Action sans consentement préalable ni justification.' } } },
  });
  const b12 = fr.evaluate(incidents.noConsentNoJustification()).findings.find((f) => f.rule === 'B12' && f.subject === '/actions/0');
  assert.equal(b12.message, 'Action sans consentement préalable ni justification.');
  // Keys the partner did not translate fall back to English.
  assert.match(b12.missing[0].message, /legal/);
  assert.throws(
    () => new api.ConductEngine({ config: { messages: { fr: { 'B12.no_such_key': 'x' } } } }),
    (e) => e.code === 'invalid_config' && e.path === '/config/messages/fr/B12.no_such_key',
  );
});

test('configuration switches rules off and changes their severity', () => {
  const engine = new api.ConductEngine({ config: { rules: { B12: { enabled: false }, B4: { severity: 'minor' } } } });
  const rules = engine.rules({ id: ['B12', 'B4'] });
  assert.deepEqual(rules.map((r) => [r.id, r.enabled, r.severity]), [['B4', true, 'minor'], ['B12', false, 'critical']]);
  const verdict = engine.evaluate(incidents.noConsentNoJustification());
  assert.ok(!verdict.findings.some((f) => f.rule === 'B12'));
  assert.equal(verdict.findings.find((f) => f.rule === 'B4').severity, 'minor');
  assert.throws(
    () => new api.ConductEngine({ config: { rules: { B99: { enabled: false } } } }),
    (e) => e.code === 'invalid_config' && e.path === '/config/rules/B99',
  );
});

test('every example incident is judged on the clauses its facts touch, and no guidance clause gives findings', () => {
  const engine = new api.ConductEngine();
  const dir = path.join(root, 'examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 12, `at least 12 examples, found ${files.length}`);
  const judged = new Set();
  for (const file of files) {
    const verdict = engine.evaluate(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    for (const f of verdict.findings) {
      assert.ok(!GUIDANCE.includes(f.rule), `${file}: guidance clause ${f.rule} gave a finding`);
      if (f.status !== 'not_applicable') judged.add(f.rule);
    }
  }
  // Together the examples exercise every checkable clause.
  const checkable = engine.rules({ kind: 'checkable' }).map((r) => r.id);
  assert.deepEqual(checkable.filter((id) => !judged.has(id)), []);
});
