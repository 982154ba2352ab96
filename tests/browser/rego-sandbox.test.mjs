// The partner sandbox of `conduct-engine/rego` attacked in headless Chromium,
// in the page and in a module Web Worker: the same attacks and checks as
// tests/node/rego-sandbox.test.mjs (tests/partner/sandbox-attacks.mjs runs
// them where they happen; Node asserts on what it reports). After each, the
// same engine and a fresh one give the verdict known from before, byte for
// byte; the default entry's memory does not move.

import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, sendFile } from './chromium.mjs';
import { consumerDir, prepareConsumer } from '../node/pack.mjs';
import * as fixtures from '../node/fixtures.mjs';
import { loadAttacks, queryAttacks, ruleAttacks } from '../partner/sandbox-attacks.mjs';
import { checkLoadAttack, checkQueryAttack, checkRuleAttack, checkTrapsInARow } from '../partner/sandbox-checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const partnerDir = path.join(here, '..', 'partner');
const packageDir = path.join(consumerDir, 'node_modules', 'conduct-engine');
const MiB = 1 << 20;

let server;
let browser;
let page;
const problems = [];

/** The page, the worker, the attacks module and the installed package; nothing else. */
function fileFor(pathname) {
  if (pathname === '/') return path.join(here, 'rego-sandbox.html');
  if (pathname === '/rego-worker.mjs') return path.join(here, 'rego-worker.mjs');
  if (pathname === '/partner/sandbox-attacks.mjs') return path.join(partnerDir, 'sandbox-attacks.mjs');
  if (pathname.startsWith('/node_modules/conduct-engine/')) {
    const file = path.join(consumerDir, path.normalize(pathname));
    return file.startsWith(packageDir) ? file : null;
  }
  return null;
}

before(async () => {
  prepareConsumer();
  server = http.createServer((req, res) => {
    const file = fileFor(new URL(req.url, 'http://127.0.0.1').pathname);
    if (!file) return res.writeHead(404).end();
    sendFile(res, file);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', await page.evaluate(() => window.loadError));
  // One worker for the whole file, asked one attack at a time.
  await page.evaluate(() => {
    const worker = new Worker('/rego-worker.mjs', { type: 'module' });
    window.askWorker = (message) =>
      new Promise((resolve, reject) => {
        worker.onmessage = ({ data }) => (data.failure ? reject(new Error(data.failure)) : resolve(data.result));
        worker.onerror = (e) => reject(new Error(e.message || 'the worker failed to load'));
        worker.postMessage(message);
      });
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

const clean = fixtures.typical();

/** Runs one attack in the page or in the worker; returns what it reports. */
function run(where, message) {
  if (where === 'worker') return page.evaluate((m) => window.askWorker(m), message);
  return page.evaluate(({ kind, index, clean: incident, count }) => {
    const a = window.attacks;
    if (kind === 'rule') return a.runRuleAttack(window.rego, a.ruleAttacks[index], incident);
    if (kind === 'load') return a.runLoadAttack(window.rego, a.loadAttacks[index], incident);
    if (kind === 'query') return a.runQueryAttack(window.rego, a.queryAttacks[index], incident);
    return a.runTrapsInARow(window.rego, a.ruleAttacks[index], incident, count);
  }, message);
}

for (const where of ['page', 'worker']) {
  const how = `Chromium ${where}`;
  describe(`${how}: every attack ends in a typed error, and no engine is poisoned`, () => {
    ruleAttacks.forEach((attack, index) => {
      test(attack.name, async () => checkRuleAttack(await run(where, { kind: 'rule', index, clean }), attack, how));
    });
    loadAttacks.forEach((attack, index) => {
      test(attack.name, async () => checkLoadAttack(await run(where, { kind: 'load', index, clean }), attack, how));
    });
    queryAttacks.forEach((attack, index) => {
      test(`evaluateRego: ${attack.name}`, async () => checkQueryAttack(await run(where, { kind: 'query', index, clean }), attack, how));
    });
    test('300 traps in a row, new engines and one engine', async (t) => {
      const index = ruleAttacks.findIndex((a) => a.id === 'X1');
      const r = await run(where, { kind: 'row', index, clean, count: 300 });
      checkTrapsInARow(r, 300, how);
      t.diagnostic(`${how}: 300 engines, each trapping: ${r.enginesMs.toFixed(0)} ms; one engine trapping 300 times: ${r.sameMs.toFixed(0)} ms`);
    });
  });
}

test('Chromium page: after a bomb the partner instance is rebuilt small, and the default entry\'s memory does not move', async (t) => {
  const attack = ruleAttacks.find((a) => a.id === 'X5');
  const r = await page.evaluate(({ file, source, incident }) => {
    const defaultEngine = new window.conduct.ConductEngine();
    const defaultVerdict = JSON.stringify(defaultEngine.evaluate(incident));
    const defaultBefore = window.defaultExports.memory.buffer.byteLength;
    const engine = new window.rego.ConductEngine();
    engine.addPolicy(file, source);
    const built = engine.stats().sandbox.memoryBytes;
    let code;
    try {
      engine.evaluate({ ...incident, extensions: { attack: true } });
    } catch (e) {
      code = e.code;
    }
    const stats = engine.stats().sandbox;
    return {
      code,
      built,
      stats,
      defaultBefore,
      defaultAfter: window.defaultExports.memory.buffer.byteLength,
      defaultSame: JSON.stringify(defaultEngine.evaluate(incident)) === defaultVerdict && JSON.stringify(new window.conduct.ConductEngine().evaluate(incident)) === defaultVerdict,
    };
  }, { file: attack.file, source: attack.source, incident: clean });
  t.diagnostic(`partner instance: ${(r.built / MiB).toFixed(1)} MiB built, ${(r.stats.lastTrapMemoryBytes / MiB).toFixed(1)} MiB at the trap, ${(r.stats.memoryBytes / MiB).toFixed(1)} MiB rebuilt; default entry ${(r.defaultBefore / MiB).toFixed(1)} MiB before and after`);
  assert.equal(r.code, 'limit_exceeded');
  assert.ok(r.stats.lastTrapMemoryBytes >= 64 * MiB && r.stats.lastTrapMemoryBytes <= 80 * MiB, `${r.stats.lastTrapMemoryBytes}`);
  assert.equal(r.stats.memoryBytes, r.built);
  assert.equal(r.defaultAfter, r.defaultBefore);
  assert.equal(r.defaultSame, true);
  assert.deepEqual(problems, []);
});
