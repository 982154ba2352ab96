// The package as a CommonJS user loads it: `require('conduct-engine')` from a
// .cjs file of a project that installed the packed tarball.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, test } from 'node:test';
import { consumerDir, prepareConsumer, requireFromConsumer } from './pack.mjs';
import * as incidents from './fixtures.mjs';

let cjs;
before(() => {
  prepareConsumer();
  cjs = requireFromConsumer('cjs.cjs');
});

test('require() gives the nodejs build, ready to use', () => {
  assert.equal(typeof cjs.ConductEngine, 'function');
  const verdict = new cjs.ConductEngine().evaluate(incidents.noConsentNoJustification());
  assert.equal(verdict.outcome, 'violation');
  const b12 = verdict.findings.find((f) => f.rule === 'B12' && f.subject === '/actions/0');
  assert.equal(b12.status, 'violation');
  assert.deepEqual(b12.missing.map((m) => m.path).sort(), [
    '/actions/0/justification/beneficial',
    '/actions/0/justification/ethical',
    '/actions/0/justification/legal',
    '/actions/0/justification/minimal',
  ]);
});

test('typed errors cross require() too, and the engine survives them', () => {
  const engine = new cjs.ConductEngine();
  const incident = incidents.fullyJustified();
  incident.actions[0].consent.prior = 'yes';
  assert.throws(() => engine.evaluate(incident), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ConductError');
    assert.equal(e.code, 'invalid_incident');
    assert.equal(e.path, '/actions/0/consent/prior');
    return true;
  });
  assert.equal(engine.evaluate(incidents.fullyJustified()).outcome, 'compliant');
  assert.throws(() => new cjs.ConductEngine({ config: { minExplanationLength: 'long' } }), {
    name: 'ConductError',
    code: 'invalid_config',
    path: '/config/minExplanationLength',
  });
  assert.equal(engine.evaluate(incidents.priorConsent()).outcome, 'not_applicable');
});

test('a plain `node file.cjs` and a plain `node file.mjs` both load it', () => {
  const script = (kind) =>
    kind === 'cjs'
      ? "const { ConductEngine } = require('conduct-engine'); process.stdout.write(new ConductEngine().evaluate({ schemaVersion: '1' }).outcome);"
      : "import { ConductEngine } from 'conduct-engine'; process.stdout.write(new ConductEngine().evaluate({ schemaVersion: '1' }).outcome);";
  for (const kind of ['cjs', 'mjs']) {
    const flag = kind === 'cjs' ? 'commonjs' : 'module';
    const outcome = execFileSync(process.execPath, ['--input-type', flag, '-e', script(kind)], {
      cwd: consumerDir,
      encoding: 'utf8',
    });
    assert.equal(outcome, 'not_applicable', kind);
  }
});
