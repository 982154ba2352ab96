// The shape of the published package: what the tarball holds, its manifest,
// and its `web` entry (the browser build), exercised here in Node through
// `initSync`; the real browser test is tests/browser/.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { installedDir, importFromConsumer, packedManifest, prepareConsumer, requireFromConsumer, root } from './pack.mjs';
import * as incidents from './fixtures.mjs';

let manifest;
before(() => {
  prepareConsumer();
  manifest = requireFromConsumer('manifest.cjs');
});

test('the tarball holds both entries (node, web, rego), the embedding modules (inline, form, worker, feedback), the API, types, schema, CLI and README, and nothing else', () => {
  const files = packedManifest().files.map((f) => f.path).sort();
  for (const expected of [
    'README.md',
    'api.d.ts',
    'bin/conduct-engine.mjs',
    'lib/api.cjs',
    'lib/api.js',
    'lib/package.json',
    'batch/index.mjs',
    'batch/index.cjs',
    'cli/main.mjs',
    'node/conduct_engine.js',
    'node/conduct_engine_bg.wasm',
    'node/index.cjs',
    'node/index.d.cts',
    'node/index.d.mts',
    'node/index.mjs',
    'package.json',
    'rego/conduct_engine_rego.wasm',
    'rego/host.cjs',
    'rego/host.js',
    'rego/index.cjs',
    'rego/index.mjs',
    'rego/web.js',
    'schema/incident.json',
    'types.d.ts',
    'web/conduct_engine.js',
    'web/conduct_engine_bg.wasm',
    'web/index.js',
    'web/package.json',
    'inline/index.js',
    'inline/index.d.ts',
    'inline/wasm.js',
    'form/index.js',
    'form/index.d.ts',
    'worker/index.js',
    'worker/index.d.ts',
    'worker/host.js',
    'worker/host.d.ts',
    'feedback/index.js',
    'feedback/index.d.ts',
  ]) {
    assert.ok(files.includes(expected), `${expected} is packed (files: ${files.join(', ')})`);
  }
  for (const f of files) {
    assert.match(f, /^(README\.md|package\.json|types\.d\.ts|api\.d\.ts|bin\/|cli\/|batch\/|lib\/|node\/|web\/|rego\/|schema\/|inline\/|form\/|worker\/|feedback\/)/, `unexpected file ${f}`);
  }
});

test('the manifest: name, version from the crate, engines, no install scripts', () => {
  assert.equal(manifest.name, 'conduct-engine');
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.version, cargo.match(/^version\s*=\s*"([^"]+)"/m)[1]);
  assert.equal(manifest.engines.node, '>=18');
  // Only the modules that act on import: the custom element's definition and the worker's script.
  assert.deepEqual(manifest.sideEffects, ['./feedback/index.js', './worker/host.js']);
  assert.equal(manifest.bin['conduct-engine'], 'bin/conduct-engine.mjs');
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
    assert.equal(manifest.scripts?.[hook], undefined, `no ${hook} script`);
  }
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
});

test('every target in the exports map exists in the installed package', () => {
  const targets = [];
  const walk = (v) => {
    if (typeof v === 'string') targets.push(v);
    else for (const x of Object.values(v)) walk(x);
  };
  walk(manifest.exports);
  for (const t of targets) assert.ok(fs.existsSync(path.join(installedDir, t)), `${t} exists`);
  for (const condition of ['browser', 'node', 'default']) assert.ok(manifest.exports['.'][condition], condition);
  for (const sub of ['./node', './web', './package.json']) assert.ok(manifest.exports[sub], sub);
});

test('the web entry: default export is an async init; initSync loads the same engine', async () => {
  const web = await importFromConsumer('web.mjs');
  assert.equal(typeof web.default, 'function');
  assert.equal(typeof web.initSync, 'function');
  web.initSync({ module: fs.readFileSync(path.join(installedDir, 'web', 'conduct_engine_bg.wasm')) });
  const node = requireFromConsumer('cjs.cjs');
  assert.notEqual(web.ConductEngine, node.ConductEngine, 'a separate build');
  const incident = incidents.typical();
  assert.equal(new web.ConductEngine().evaluateJson(JSON.stringify(incident)), new node.ConductEngine().evaluateJson(JSON.stringify(incident)));
  assert.deepEqual(web.version(), node.version());
  assert.throws(() => new web.ConductEngine().evaluate({ schemaVersion: '9' }), {
    name: 'ConductError',
    code: 'unsupported_schema_version',
    path: '/schemaVersion',
  });
});
