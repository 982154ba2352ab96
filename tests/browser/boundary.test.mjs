// The JavaScript boundary in headless Chromium: the attacks of
// tests/hostile/boundary.mjs (wrong receivers, every argument with each
// wrong JavaScript type, use after free, values that throw while they are
// read, partner namespace bypasses) run inside a page against the packed
// package's browser builds (`conduct-engine` → web/index.js and
// `conduct-engine/rego` → rego/web.js), and the page sends back what each
// gave. Also the loaders' own arguments: `init` and `initSync` check them,
// and an engine made before the module is loaded is a typed error.

import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, sendFile } from './chromium.mjs';
import { consumerDir, prepareConsumer } from '../node/pack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tests = path.resolve(here, '..');

// A page that loads nothing itself: each test imports what it needs.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>boundary</title>
<script type="importmap">
  { "imports": {
      "conduct-engine": "/node_modules/conduct-engine/web/index.js",
      "conduct-engine/rego": "/node_modules/conduct-engine/rego/web.js"
  } }
</script></head><body></body></html>`;

let server;
let origin;
let browser;
const pageErrors = [];

/** The page, the attack catalogue and what it imports, and the installed package. */
function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    return;
  }
  const allowed = ['/hostile/boundary.mjs', '/node/fixtures.mjs', '/partner/policies.mjs'];
  const file = allowed.includes(url.pathname) ? path.join(tests, url.pathname)
    : url.pathname.startsWith('/node_modules/conduct-engine/') ? path.join(consumerDir, path.normalize(url.pathname))
      : null;
  if (!file || !(file.startsWith(tests) || file.startsWith(path.join(consumerDir, 'node_modules', 'conduct-engine')))) {
    res.writeHead(404).end();
    return;
  }
  sendFile(res, file);
}

before(async () => {
  prepareConsumer();
  server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

async function freshPage() {
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/`);
  return page;
}

/** Runs the catalogue in a page against one entry; the records back. */
async function runInPage(entry) {
  const page = await freshPage();
  try {
    return await page.evaluate(async (entry) => {
      const web = await import('conduct-engine');
      const rego = await import('conduct-engine/rego');
      await web.default();
      await rego.default();
      const { attacks, runAttacks, tally } = await import('/hostile/boundary.mjs');
      const [api, foreignApi, partner] = entry === 'rego' ? [rego, web, true] : [web, rego, false];
      const list = attacks(api, { partner, foreign: foreignApi });
      const { records, known, knownFresh } = runAttacks(api, list, { partner, foreignApi });
      return { records, known, knownFresh, tally: tally(records) };
    }, entry);
  } finally {
    await page.close();
  }
}

for (const [entry, label] of [['web', 'conduct-engine (browser build)'], ['rego', 'conduct-engine/rego (browser build)']]) {
  test(`${label}: every attack gives its typed error, and nothing is poisoned`, { timeout: 300_000 }, async (t) => {
    const { records, known, knownFresh, tally } = await runInPage(entry);
    assert.equal(known, knownFresh);
    t.diagnostic(`${label}: ${JSON.stringify(tally)}`);
    const groups = new Set(records.map((r) => r.group));
    for (const g of ['receiver', 'argument', 'freed', 'codes']) assert.ok(groups.has(g), `attacks of kind ${g}`);
    const failed = records.filter((r) => r.problems.length > 0 || r.poisoned.length > 0);
    assert.deepEqual(failed.map((r) => `${r.group} / ${r.name}: ${[...r.problems, ...r.poisoned].join('; ')}`), []);
    assert.equal(tally.crashes + tally.poisoned + tally.wrongMemory, 0);
    assert.ok(tally.tried >= 150);
  });
}

test('init and initSync check their argument, and nothing runs before the module is loaded', async () => {
  const page = await freshPage();
  try {
    const result = await page.evaluate(async () => {
      const web = await import('conduct-engine');
      const rego = await import('conduct-engine/rego');
      const caught = (f) => {
        try {
          f();
          return 'no error';
        } catch (e) {
          return { name: e.name, code: e.code, message: e.message, typed: e instanceof web.ConductError };
        }
      };
      const rejected = async (p) => {
        try {
          await p;
          return 'no error';
        } catch (e) {
          return { name: e.name, code: e.code, message: e.message, typed: e instanceof web.ConductError };
        }
      };
      const out = {};
      out.engineBeforeInit = caught(() => new web.ConductEngine());
      out.versionBeforeInit = caught(() => web.version());
      out.regoEngineBeforeInit = caught(() => new rego.ConductEngine());
      for (const [name, value] of [['a number', 42], ['a Symbol', Symbol('x')], ['null', null], ['a function', () => 1], ['an options object without module_or_path', {}], ['a BigInt', 1n]]) {
        out[`init(${name})`] = await rejected(web.default(value));
        out[`rego init(${name})`] = await rejected(rego.default(value));
        out[`initSync(${name})`] = caught(() => web.initSync(value));
        out[`rego initSync(${name})`] = caught(() => rego.initSync(value));
      }
      out['init(bytes that are no module)'] = await rejected(web.default({ module_or_path: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }));
      out['initSync(bytes that are no module)'] = caught(() => web.initSync({ module: new Uint8Array([1, 2, 3]) }));
      out['rego initSync(bytes that are no module)'] = caught(() => rego.initSync({ module: new Uint8Array([1, 2, 3]) }));
      out['init(a URL that is not there)'] = await rejected(web.default('/node_modules/conduct-engine/web/missing.wasm'));
      await web.default();
      await rego.default();
      out.afterInit = new web.ConductEngine().evaluate({ schemaVersion: '1' }).outcome;
      out.regoAfterInit = new rego.ConductEngine().evaluate({ schemaVersion: '1' }).outcome;
      out.secondInit = await web.default(42).then(() => 'no error', (e) => e.code);
      return out;
    });
    for (const key of ['engineBeforeInit', 'versionBeforeInit', 'regoEngineBeforeInit']) {
      assert.equal(result[key].code, 'invalid_argument', key);
      assert.ok(result[key].typed, key);
      assert.match(result[key].message, /init\(\)/, key);
    }
    for (const [key, value] of Object.entries(result)) {
      if (!/^(rego )?init(Sync)?\(/.test(key)) continue;
      assert.equal(typeof value, 'object', `${key}: ${value}`);
      assert.equal(value.code, 'invalid_argument', `${key}: ${value.message}`);
      assert.ok(value.typed, `${key} is a ConductError`);
      assert.match(value.message, /^init(Sync)?: /, key);
    }
    assert.equal(result.afterInit, result.regoAfterInit);
    assert.equal(result.secondInit, 'invalid_argument', 'a wrong argument is refused even once loaded');
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
