// The packed package's browser build in headless Chromium: a loopback static
// server serves the installed package and a tiny page; the page imports the
// package by name, `await init()`s it, and the tests judge incidents inside
// the page (and in a module Web Worker).

import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { misbehaving } from '../partner/policies.mjs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, sendFile } from './chromium.mjs';
import { consumerDir, prepareConsumer } from '../node/pack.mjs';
import * as incidents from '../node/fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

let server;
let origin;
let browser;
let page;
const consoleMessages = [];
const served = [];

/** Serves the page and worker from tests/browser/, the package from the consumer's node_modules. */
function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  const file = url.pathname === '/' ? path.join(here, 'index.html')
    : url.pathname === '/worker.mjs' ? path.join(here, 'worker.mjs')
      : url.pathname.startsWith('/node_modules/conduct-engine/') ? path.join(consumerDir, path.normalize(url.pathname))
        : null;
  if (!file || !file.startsWith(here) && !file.startsWith(path.join(consumerDir, 'node_modules', 'conduct-engine'))) {
    res.writeHead(404).end();
    return;
  }
  sendFile(res, file, () => served.push(url.pathname));
}

before(async () => {
  prepareConsumer();
  server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 30_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  assert.equal(state, 'ready', await page.evaluate(() => window.loadError));
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test('the page loads the web build with `await init()`, streaming the wasm', () => {
  assert.ok(served.includes('/node_modules/conduct-engine/web/conduct_engine.js'));
  assert.ok(served.includes('/node_modules/conduct-engine/web/conduct_engine_bg.wasm'));
  assert.deepEqual(consoleMessages.filter((m) => /^(error|warning|pageerror)/.test(m)), []);
});

test('an action without prior consent or justification is a violation, judged in the page', async () => {
  const verdict = await page.evaluate((incident) => new window.conduct.ConductEngine().evaluate(incident), incidents.noConsentNoJustification());
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

test('a session in the page re-runs only B12 for a justification field and matches a full evaluation', async () => {
  const result = await page.evaluate((incident) => {
    const engine = new window.conduct.ConductEngine();
    const session = engine.session(incident);
    const field = '/actions/0/justification/legal/explanation';
    const verdict = session.update(field, 'n/a');
    const changed = structuredClone(incident);
    changed.actions[0].justification.legal.explanation = 'n/a';
    return { rerun: session.lastRerun, same: JSON.stringify(verdict) === JSON.stringify(engine.evaluate(changed)), b12: verdict.findings.find((f) => f.rule === 'B12').missing.map((m) => m.path) };
  }, incidents.typical());
  assert.deepEqual(result.rerun, ['B12']);
  assert.equal(result.same, true);
  assert.ok(result.b12.includes('/actions/0/justification/legal/explanation'), result.b12.join(', '));
});

test('a typed error in page context, and the engine keeps working', async () => {
  const result = await page.evaluate(({ bad, good }) => {
    const engine = new window.conduct.ConductEngine();
    let error;
    try {
      engine.evaluate(bad);
    } catch (e) {
      error = { isError: e instanceof Error, name: e.name, code: e.code, path: e.path, problems: e.problems.length };
    }
    let configError;
    try {
      new window.conduct.ConductEngine({ config: { minExplanationLength: 'long' } });
    } catch (e) {
      configError = { name: e.name, code: e.code, path: e.path };
    }
    return { error, configError, after: engine.evaluate(good).outcome, json: engine.evaluateJson(JSON.stringify(good)) };
  }, { bad: { ...incidents.priorConsent(), actions: [{ consent: { prior: 'yes' } }] }, good: incidents.fullyJustified() });
  assert.deepEqual(result.error, { isError: true, name: 'ConductError', code: 'invalid_incident', path: '/actions/0/consent/prior', problems: 1 });
  assert.deepEqual(result.configError, { name: 'ConductError', code: 'invalid_config', path: '/config/minExplanationLength' });
  assert.equal(result.after, 'compliant');
  assert.equal(JSON.parse(result.json).outcome, 'compliant');
});

test('the same engine runs in a module Web Worker', async () => {
  const replies = await page.evaluate(async (list) => {
    const worker = new Worker('/worker.mjs', { type: 'module' });
    const ask = (incident) => new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage(incident);
    });
    const out = [];
    for (const incident of list) out.push(await ask(incident));
    worker.terminate();
    return out;
  }, [incidents.priorConsent(), { schemaVersion: '9' }]);
  assert.equal(replies[0].verdict.outcome, 'not_applicable');
  assert.deepEqual(replies[1].error, { name: 'ConductError', code: 'unsupported_schema_version', path: '/schemaVersion' });
});

test('limits hold in the browser, and the engine recovers', async () => {
  const result = await page.evaluate(({ typical, deep }) => {
    const tight = new window.conduct.ConductEngine({ limits: { maxInstructions: 500, maxDepth: 8 } });
    const small = new window.conduct.ConductEngine({ limits: { maxStringBytes: 100, maxItems: 20, maxInputBytes: 4096 } });
    const caught = (f) => {
      try {
        f();
        return null;
      } catch (e) {
        return { name: e.name, code: e.code, path: e.path };
      }
    };
    const t0 = performance.now();
    // The compiled catalogue needs no evaluation budget: a tight one changes nothing.
    const budget = tight.evaluate(typical).outcome;
    const stoppedAfterMs = performance.now() - t0;
    const depth = caught(() => tight.evaluate(deep));
    const tooDeepText = caught(() => tight.evaluateJson('['.repeat(10000) + ']'.repeat(10000)));
    const string = caught(() => small.evaluate({ schemaVersion: '1', id: 'x'.repeat(101) }));
    const items = caught(() => small.evaluate({ schemaVersion: '1', actions: Array.from({ length: 21 }, () => ({})) }));
    const size = caught(() => small.evaluateJson(JSON.stringify({ schemaVersion: '1', extensions: { pad: 'y'.repeat(90) } }).padEnd(5000, ' ')));
    const roomy = new window.conduct.ConductEngine({ limits: { maxDepth: 8 } });
    return { budget, stoppedAfterMs, depth, tooDeepText, string, items, size, after: roomy.evaluate(typical).outcome };
  }, { typical: incidents.typical(), deep: { schemaVersion: '1', extensions: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } } } });
  assert.equal(result.budget, result.after);
  assert.deepEqual(result.depth, { name: 'ConductError', code: 'limit_exceeded', path: '/extensions/a/b/c/d/e/f/g' });
  assert.deepEqual(result.tooDeepText, { name: 'ConductError', code: 'limit_exceeded', path: '' });
  assert.deepEqual(result.string, { name: 'ConductError', code: 'limit_exceeded', path: '/id' });
  assert.deepEqual(result.items, { name: 'ConductError', code: 'limit_exceeded', path: '/actions' });
  assert.deepEqual(result.size, { name: 'ConductError', code: 'limit_exceeded', path: '' });
  assert.equal(typeof result.stoppedAfterMs, 'number');
  assert.notEqual(result.after, undefined);
});

test('a runaway partner rule is stopped by the budget in the browser, without a clock', async (t) => {
  const runaway = misbehaving.find(([name]) => name === 'a runaway rule')[1];
  const result = await page.evaluate(({ source, typical }) => {
    const engine = new window.rego.ConductEngine();
    const ids = engine.addPolicy('runaway.rego', source);
    const t0 = performance.now();
    let error;
    try {
      engine.evaluate(typical);
    } catch (e) {
      error = { name: e.name, code: e.code };
    }
    return { ids, error, ms: performance.now() - t0, fresh: new window.conduct.ConductEngine().evaluate(typical).outcome };
  }, { source: runaway, typical: incidents.typical() });
  assert.deepEqual(result.ids, ['W3']);
  assert.deepEqual(result.error, { name: 'ConductError', code: 'limit_exceeded' });
  assert.equal(typeof result.fresh, 'string');
  t.diagnostic(`runaway rule stopped after ${result.ms.toFixed(1)} ms in Chromium`);
});
