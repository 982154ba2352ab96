// Long-running use of one engine from the packed package: 100,000 evaluations
// (the fixtures and variations of them, through evaluateJson and evaluate, with
// a few inputs that fail) must not grow the Wasm linear memory beyond twice
// its size after the first 1,000, and must give the same verdicts throughout.
//
// Measuring the Wasm memory: the nodejs build of wasm-bindgen keeps its
// instance in a module-local `wasm` (pkg/node/conduct_engine.js:
// `let wasm = wasmInstance.exports`) and exports neither it nor its memory. So
// this file wraps `WebAssembly.Instance` while it imports the package, keeps
// the instance the glue creates, and restores the constructor at once. The
// `memory` export of that instance is the engine's linear memory; its
// `buffer.byteLength` only grows (Wasm memory never shrinks), so the figure at
// the end is the high-water mark of the whole run. The test fails if it sees
// no such instance (node --test runs each file in a process of its own, so
// the package is loaded here first).

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { prepareConsumer, importFromConsumer } from './pack.mjs';
import * as fixtures from './fixtures.mjs';
import { watchInstances } from './instances.mjs';

const TOTAL = 100_000;
const WARM_UP = 1_000;
const MiB = 1 << 20;

let api;
let instance; // the package's WebAssembly.Instance

before(async () => {
  prepareConsumer();
  const stop = watchInstances((created) => {
    if (typeof created.exports.wasmengine_evaluate === 'function') instance ??= created;
  });
  try {
    api = await importFromConsumer('esm.mjs');
  } finally {
    stop();
  }
});

/** The engine's Wasm linear memory, in bytes. */
function memory() {
  assert.ok(instance, 'the test saw the WebAssembly.Instance the package created (its exports include wasmengine_evaluate)');
  return instance.exports.memory.buffer.byteLength;
}

const mib = (bytes) => `${(bytes / MiB).toFixed(2)} MiB`;

/** Incidents the run cycles through, each with `ID` where its id goes. */
function variants() {
  const more = fixtures.typical();
  more.actions = [...more.actions, ...more.actions.map((a) => ({ ...a, id: `${a.id}-again` }))];
  const wordy = fixtures.typical();
  for (const a of wordy.actions) a.description = `${a.description}. ${'Notes from the engagement log. '.repeat(300)}`;
  const noMember = fixtures.typical();
  delete noMember.member;
  const unicode = fixtures.noConsentNoJustification();
  unicode.actions[0].description = 'Inloggen geprobeerd op het portaal van Ærø Ålesund — 🔐 zonder toestemming';
  unicode.actions[0].affectedParties = ['Ærø Ålesund AS', 'Ørsted'];
  const list = [
    { name: 'typical', incident: fixtures.typical() },
    { name: 'no consent, no justification', incident: fixtures.noConsentNoJustification() },
    { name: 'prior consent', incident: fixtures.priorConsent() },
    { name: 'fully justified', incident: fixtures.fullyJustified() },
    { name: 'placeholder ethical', incident: fixtures.placeholderEthical() },
    { name: 'typical, 8 actions', incident: more },
    { name: 'typical, long descriptions', incident: wordy },
    { name: 'typical, no member', incident: noMember },
    { name: 'unicode', incident: unicode },
    { name: 'typical, in Dutch', incident: fixtures.typical(), options: { locale: 'nl' } },
  ];
  for (const v of list) {
    v.incident.id = 'ID';
    v.text = JSON.stringify(v.incident);
  }
  return list;
}

/** Inputs that fail, each with the code it must fail with. */
const FAILING = [
  { name: 'truncated', text: JSON.stringify(fixtures.typical()).slice(0, 300), code: 'invalid_json' },
  { name: 'wrong type', text: JSON.stringify({ ...fixtures.noConsentNoJustification(), actions: [{ consent: { prior: 'yes' } }] }), code: 'invalid_incident' },
  { name: 'schema version 2', text: JSON.stringify({ ...fixtures.typical(), schemaVersion: '2' }), code: 'unsupported_schema_version' },
  { name: 'unknown field', text: JSON.stringify({ ...fixtures.typical(), colour: 'blue' }), code: 'invalid_incident' },
  { name: '10,000 deep', text: `{"schemaVersion":"1","extensions":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, code: 'limit_exceeded' },
];
// Over the 1 MiB input limit: copied into Wasm memory before it is refused.
const OVERSIZED = { name: 'over 1 MiB', text: JSON.stringify({ schemaVersion: '1', extensions: 'x'.repeat(MiB + 4096) }), code: 'limit_exceeded' };

test(`${TOTAL.toLocaleString('en')} evaluations on one engine: bounded Wasm memory, identical verdicts`, { timeout: 180_000 }, (t) => {
  const list = variants();
  // References from an engine that does nothing else.
  const reference = new api.ConductEngine();
  for (const v of list) {
    v.expected = reference.evaluateJson(v.text, v.options);
    assert.equal(v.expected.split('"ID"').length, 2, `${v.name}: the id appears once in its verdict`);
  }
  const fixedText = JSON.stringify(fixtures.typical());
  const fixedVerdict = reference.evaluateJson(fixedText);
  reference.free();

  const engine = new api.ConductEngine();
  const atStart = memory();
  const fixedAtStart = engine.evaluateJson(fixedText);
  assert.equal(fixedAtStart, fixedVerdict, 'the fixed incident at the start');

  let afterWarmUp;
  let peak = atStart;
  const samples = [];
  const errors = {};
  let viaObject = 0;
  const started = performance.now();

  for (let i = 0; i < TOTAL; i++) {
    if (i === WARM_UP) afterWarmUp = memory();
    if (i % 10_000 === 0) samples.push(`${i}: ${mib(memory())}`);

    // A few inputs that fail: one in 200, and an oversized one every 10,000
    // (the first of each inside the first 1,000).
    const failing = i % 10_000 === 500 ? OVERSIZED : i % 200 === 7 ? FAILING[(i / 200 | 0) % FAILING.length] : null;
    if (failing) {
      try {
        engine.evaluateJson(failing.text);
        assert.fail(`${failing.name} (#${i}) gave a verdict`);
      } catch (e) {
        if (e.name !== 'ConductError') throw e;
        assert.equal(e.code, failing.code, `${failing.name} (#${i})`);
        errors[failing.code] = (errors[failing.code] ?? 0) + 1;
      }
      continue;
    }

    const v = list[i % list.length];
    const id = `INC-MEM-${i}`;
    const expected = v.expected.replace('"ID"', JSON.stringify(id));
    if (i % 10 === 3) {
      // One in ten through the object path.
      viaObject++;
      const incident = JSON.parse(v.text);
      incident.id = id;
      const got = JSON.stringify(engine.evaluate(incident, v.options));
      if (got !== expected) assert.deepEqual(JSON.parse(got), JSON.parse(expected), `${v.name} (#${i}, evaluate)`);
    } else {
      const got = engine.evaluateJson(v.text.replace('"ID"', JSON.stringify(id)), v.options);
      if (got !== expected) assert.equal(got, expected, `${v.name} (#${i}, evaluateJson)`);
    }
    peak = Math.max(peak, memory());
  }

  const seconds = (performance.now() - started) / 1000;
  const atEnd = memory();
  const fixedAtEnd = engine.evaluateJson(fixedText);
  samples.push(`${TOTAL}: ${mib(atEnd)}`);

  const usage = process.memoryUsage();
  const what = 'Wasm linear memory (instance.exports.memory.buffer.byteLength)';
  t.diagnostic(`${what}: start ${mib(atStart)}, after ${WARM_UP} ${mib(afterWarmUp)}, end ${mib(atEnd)} (${(atEnd / afterWarmUp).toFixed(2)}x after warm-up), peak ${mib(peak)}`);
  t.diagnostic(`samples: ${samples.join(', ')}`);
  t.diagnostic(
    `${TOTAL} evaluations in ${seconds.toFixed(1)} s (${((seconds * 1e6) / TOTAL).toFixed(0)} µs each): ` +
      `${viaObject} via evaluate, errors ${JSON.stringify(errors)}; process rss ${mib(usage.rss)}, heapUsed ${mib(usage.heapUsed)}, ` +
      `external ${mib(usage.external)}, arrayBuffers ${mib(usage.arrayBuffers)}`,
  );

  assert.equal(fixedAtEnd, fixedAtStart, 'the fixed incident gives the same verdict at the end as at the start');
  assert.ok(atEnd <= 2 * afterWarmUp, `memory ${mib(atEnd)} at the end is within twice its ${mib(afterWarmUp)} after ${WARM_UP} evaluations`);
  engine.free();
});
