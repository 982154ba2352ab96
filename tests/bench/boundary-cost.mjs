// What the boundary's checks cost on `evaluate` (a measurement, not a test:
// it asserts nothing about time). In one process, rounds alternate between
//
//   checked: the package's `engine.evaluate(incident)` and
//            `engine.evaluateJson(text)` (brand check, argument checks, the
//            freed check again after reading the arguments, errors made
//            ConductErrors);
//   raw:     the same work on wasm-bindgen's own class, which the package
//            wraps: `JSON.parse(raw.evaluate(JSON.stringify(incident), ''))`
//            and `raw.evaluate(text, '')`, with no check at all;
//
// on the same incident (benches/typical-incident.json), and prints the
// median time per call of each, their difference (the checks' cost) and
// ratio. Both engines are the same build, loaded once. An evaluation takes
// a hundred times longer than the checks, so the same comparison is made
// once more over a stub engine that answers at once (the package's own
// lib/api.cjs over a backend that answers `{}`, given a small incident):
// there the difference is the checks alone, without the evaluation's noise.
//
//   node tests/bench/boundary-cost.mjs       (or: make bench-boundary)
//
// Environment: BOUNDARY_ROUNDS=41 rounds of BOUNDARY_N=2000 calls per kind.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { installedDir, prepareConsumer, requireFromConsumer, root } from '../node/pack.mjs';

const ROUNDS = Number(process.env.BOUNDARY_ROUNDS ?? 41);
const N = Number(process.env.BOUNDARY_N ?? 2000);

prepareConsumer();
const api = requireFromConsumer('cjs.cjs');
// The very module instance the package wraps (CommonJS caches it by path).
const raw = createRequire(path.join(installedDir, 'package.json'))('./node/conduct_engine.js');
const incident = JSON.parse(fs.readFileSync(path.join(root, 'benches', 'typical-incident.json'), 'utf8'));
const text = JSON.stringify(incident);

const checked = new api.ConductEngine();
const bare = new raw.WasmEngine('');
const stubEngine = { evaluate: (t, o) => (t.length + o.length > 0 ? '{}' : ''), free() {} };
const { makeApi } = createRequire(path.join(installedDir, 'package.json'))('./lib/api.cjs');
// The checks do not depend on the incident's size; JSON.stringify does, on
// both sides alike, so the stub rows read a small one.
const tiny = { schemaVersion: '1' };
const stub = new (makeApi({ createEngine: () => stubEngine }).ConductEngine)();
const kinds = {
  'evaluate, checked': () => checked.evaluate(incident),
  'evaluate, raw': () => JSON.parse(bare.evaluate(JSON.stringify(incident), '')),
  'evaluateJson, checked': () => checked.evaluateJson(text),
  'evaluateJson, raw': () => bare.evaluate(text, ''),
  'evaluate over a stub, checked': () => stub.evaluate(tiny),
  'evaluate over a stub, raw': () => JSON.parse(stubEngine.evaluate(JSON.stringify(tiny), '')),
  'evaluateJson over a stub, checked': () => stub.evaluateJson(text),
  'evaluateJson over a stub, raw': () => stubEngine.evaluate(text, ''),
};

// Same answers, or the comparison means nothing.
if (JSON.stringify(kinds['evaluate, checked']()) !== JSON.stringify(kinds['evaluate, raw']())) throw new Error('checked and raw verdicts differ');
if (kinds['evaluateJson, checked']() !== kinds['evaluateJson, raw']()) throw new Error('checked and raw verdict texts differ');

const median = (xs) => {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const times = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
let sink = 0;
for (let round = -3; round < ROUNDS; round++) {
  // Alternate the order, so that neither side always runs warmer.
  const order = round % 2 ? Object.keys(kinds) : Object.keys(kinds).reverse();
  for (const k of order) {
    const f = kinds[k];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sink ^= typeof f() === 'string' ? 1 : 2;
    const us = Number(process.hrtime.bigint() - t0) / 1e3 / N;
    if (round >= 0) times[k].push(us);
  }
}
if (sink === 42) console.log('');

const fmt = (x, d = 2) => x.toFixed(d);
console.log(`Boundary checks on evaluate (${ROUNDS} rounds of ${N} calls, medians, µs per call; ${path.relative(root, path.join(root, 'benches', 'typical-incident.json'))})\n`);
console.log('| call | checked | unchecked | checks cost | ratio |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const call of ['evaluate', 'evaluateJson', 'evaluate over a stub', 'evaluateJson over a stub']) {
  const c = median(times[`${call}, checked`]);
  const r = median(times[`${call}, raw`]);
  // The difference per round, then its median: less noisy than a difference of medians.
  const d = median(times[`${call}, checked`].map((x, i) => x - times[`${call}, raw`][i]));
  console.log(`| ${call} | ${fmt(c)} | ${fmt(r)} | ${fmt(d)} | ${fmt(c / r, 3)} |`);
}
