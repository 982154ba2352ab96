// What the partner sandbox of `conduct-engine/rego` costs and how fast it
// stops a runaway, measured on the packed package (run `make packed` first):
//
//   node tests/bench/rego-sandbox.mjs            Node and Chromium
//   node tests/bench/rego-sandbox.mjs --node     Node only
//
// 1. Time from a runaway partner rule (or evaluateRego query) to its typed
//    error: a fresh process (Node) or a fresh page (Chromium) per kind, five
//    runs each on a new engine, the first (cold) run included; the median
//    and the first run are reported.
// 2. The partner instance's memory: new, when a memory bomb trapped, rebuilt.
// 3. The cost of the isolation on one evaluation with one partner rule, all
//    in one run: the rego entry's evaluateJson with the rule, against the
//    same module called directly (no host, no API layer: the in-process
//    cost of the same work), the rego entry without partner rules, and the
//    default entry (the compiled catalogue, no Rego runtime).
//
// Figures are printed, never asserted: this is not a test.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { consumerDir, prepareConsumer } from '../node/pack.mjs';
import * as fixtures from '../node/fixtures.mjs';
import { good } from '../partner/policies.mjs';
import { ruleAttacks, queryAttacks } from '../partner/sandbox-attacks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.join(consumerDir, 'node_modules', 'conduct-engine');
const RUNS = 5;
const MiB = 1 << 20;

/** The runaways timed: a rule attack by id, or an evaluateRego attack by index. */
const KINDS = [
  { name: 'instruction budget (2000³ loop, 500,000 instructions)', rule: 'X7' },
  { name: 'stack overflow (self-recursion)', rule: 'X1' },
  { name: 'memory cap (concat doubling to 64 MiB)', rule: 'X5' },
  { name: 'memory cap (numbers.range(1, 3e8))', rule: 'X4' },
  { name: 'evaluateRego: budget (400³ loop)', query: 0 },
  { name: 'evaluateRego: stack (self-recursion)', query: 1 },
];

/** Runs one kind RUNS times on `api` (conduct-engine/rego): [ms], and the error codes. */
function timeKind(api, kind, incident) {
  const times = [];
  const codes = new Set();
  const marked = JSON.stringify({ ...incident, extensions: { attack: true } });
  for (let i = 0; i < RUNS; i++) {
    let call;
    if (kind.rule) {
      const attack = ruleAttacks.find((a) => a.id === kind.rule);
      const engine = new api.ConductEngine();
      engine.addPolicy(attack.file, attack.source);
      call = () => engine.evaluateJson(marked);
    } else {
      const request = JSON.stringify(queryAttacks[kind.query].request);
      call = () => api.evaluateRego(request);
    }
    const t0 = performance.now();
    try {
      call();
      codes.add('a verdict');
    } catch (e) {
      codes.add(e.code);
    }
    times.push(performance.now() - t0);
  }
  return { times, codes: [...codes] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

// A child process: one kind, cold.
if (process.argv[2] === '--child') {
  const api = await import(pathToFileURL(path.join(consumerDir, 'rego.mjs')).href);
  process.stdout.write(JSON.stringify(timeKind(api, KINDS[Number(process.argv[3])], fixtures.typical())));
  process.exit(0);
}

prepareConsumer();
const nodeOnly = process.argv.includes('--node');
const incident = fixtures.typical();
const rows = [];

// 1. Node: a process per kind.
for (let k = 0; k < KINDS.length; k++) {
  const out = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(k)], { encoding: 'utf8' }));
  rows.push({ kind: KINDS[k].name, where: 'Node', ...out });
}

// 1. Chromium: a page per kind.
let browser;
let server;
let origin;
if (!nodeOnly) {
  const { chromium } = await import('playwright-core');
  server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://127.0.0.1').pathname;
    let file = null;
    if (pathname === '/') file = path.join(here, '..', 'browser', 'rego-sandbox.html');
    else if (pathname === '/partner/sandbox-attacks.mjs') file = path.join(here, '..', 'partner', 'sandbox-attacks.mjs');
    else if (pathname === '/bench.mjs') file = fileURLToPath(import.meta.url);
    else if (pathname.startsWith('/node_modules/conduct-engine/')) {
      file = path.join(consumerDir, path.normalize(pathname));
      if (!file.startsWith(packageDir)) file = null;
    }
    if (!file || !fs.existsSync(file)) return res.writeHead(404).end();
    const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.html') ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  for (const kind of KINDS) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => document.body.dataset.state !== 'loading');
    const out = await page.evaluate(
      ({ kind, incident, runs }) => {
        const { ruleAttacks: rules, queryAttacks: queries } = window.attacks;
        const times = [];
        const codes = new Set();
        const marked = JSON.stringify({ ...incident, extensions: { attack: true } });
        for (let i = 0; i < runs; i++) {
          let call;
          if (kind.rule) {
            const attack = rules.find((a) => a.id === kind.rule);
            const engine = new window.rego.ConductEngine();
            engine.addPolicy(attack.file, attack.source);
            call = () => engine.evaluateJson(marked);
          } else {
            const request = JSON.stringify(queries[kind.query].request);
            call = () => window.rego.evaluateRego(request);
          }
          const t0 = performance.now();
          try {
            call();
            codes.add('a verdict');
          } catch (e) {
            codes.add(e.code);
          }
          times.push(performance.now() - t0);
        }
        return { times, codes: [...codes] };
      },
      { kind, incident, runs: RUNS },
    );
    rows.push({ kind: kind.name, where: 'Chromium', ...out });
    await context.close();
  }
}

console.log(`\n1. From a runaway to its typed error (${RUNS} runs on new engines, first run included)\n`);
console.log('| runaway | where | error | median | first run | all runs |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.kind} | ${r.where} | ${r.codes.join(', ')} | ${ms(median(r.times))} | ${ms(r.times[0])} | ${r.times.map((t) => t.toFixed(0)).join(', ')} |`);
}

// 2. Memory, and 3. the cost of the isolation, in this process.
const rego = await import(pathToFileURL(path.join(consumerDir, 'rego.mjs')).href);
const plain = await import(pathToFileURL(path.join(consumerDir, 'esm.mjs')).href);

const bomb = ruleAttacks.find((a) => a.id === 'X5');
const bombed = new rego.ConductEngine();
bombed.addPolicy(bomb.file, bomb.source);
const built = bombed.stats().sandbox.memoryBytes;
try {
  bombed.evaluate({ ...incident, extensions: { attack: true } });
} catch {
  // limit_exceeded, as the tests check
}
const after = bombed.stats().sandbox;
console.log('\n2. The partner instance\'s WebAssembly memory (Node)\n');
console.log(`new: ${(built / MiB).toFixed(1)} MiB; when the concat bomb trapped at the 64 MiB cap: ${(after.lastTrapMemoryBytes / MiB).toFixed(1)} MiB; rebuilt: ${(after.memoryBytes / MiB).toFixed(1)} MiB`);

/** The same module without host.js or the API: instantiate, construct, add the rule, evaluate. */
function rawModule() {
  const bytes = fs.readFileSync(path.join(packageDir, 'rego', 'conduct_engine_rego.wasm'));
  const module = new WebAssembly.Module(bytes);
  let memory;
  let ticks = 0n;
  const view = () => new DataView(memory.buffer);
  const wasi = {
    random_get: (ptr, len) => (globalThis.crypto.getRandomValues(new Uint8Array(memory.buffer, ptr, Math.min(len, 65536))), 0),
    environ_get: () => 0,
    environ_sizes_get: (a, b) => (view().setUint32(a, 0, true), view().setUint32(b, 0, true), 0),
    clock_time_get: (_id, _p, out) => (view().setBigUint64(out, (ticks += 1n) * 1000000n, true), 0),
    fd_write: (_fd, _iovs, _n, written) => (view().setUint32(written, 0, true), 0),
    proc_exit: (code) => {
      throw new Error(`exit ${code}`);
    },
  };
  const { exports } = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi });
  memory = exports.memory;
  exports.ce_trap_info();
  exports.ce_set_memory_cap(64 * MiB);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const call = (op, text = '') => {
    let ptr = 0;
    let len = 0;
    if (text) {
      const b = encoder.encode(text);
      ptr = exports.ce_alloc(b.length);
      new Uint8Array(memory.buffer, ptr, b.length).set(b);
      len = b.length;
    }
    const status = exports.ce_call(op, ptr, len, 0, 0, 0, 0);
    const [p, l] = new Uint32Array(memory.buffer, exports.ce_result(), 2);
    const answer = decoder.decode(new Uint8Array(memory.buffer, p, l));
    if (status !== 0) throw new Error(answer);
    return answer.slice(6, -1);
  };
  call(0);
  call(1, JSON.stringify({ files: [{ path: 'acme/soc.rego', source: good }] }));
  return (text) => call(2, text);
}

const text = JSON.stringify(incident);
const withRule = new rego.ConductEngine();
withRule.addPolicy('acme/soc.rego', good);
const withoutRule = new rego.ConductEngine();
const defaultEngine = new plain.ConductEngine();
const raw = rawModule();
const variants = [
  ['conduct-engine/rego, one partner rule (evaluateJson)', () => withRule.evaluateJson(text)],
  ['the same module called directly, one partner rule (no host, no API)', () => raw(text)],
  ['conduct-engine/rego, no partner rule (evaluateJson)', () => withoutRule.evaluateJson(text)],
  ['conduct-engine, the default entry (evaluateJson)', () => defaultEngine.evaluateJson(text)],
];
if (variants[0][1]() !== raw(text)) throw new Error('the sandboxed and the direct call disagree');

// Interleaved rounds, so that drift hits every variant alike; the median round.
const ROUNDS = 15;
const PER_ROUND = 200;
for (const [, f] of variants) for (let i = 0; i < 300; i++) f();
const perCall = variants.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  variants.forEach(([, f], v) => {
    const t0 = performance.now();
    for (let i = 0; i < PER_ROUND; i++) f();
    perCall[v].push(((performance.now() - t0) * 1000) / PER_ROUND);
  });
}
const us = perCall.map(median);
console.log(`\n3. One evaluation of the typical incident (Node, median of ${ROUNDS} interleaved rounds of ${PER_ROUND})\n`);
console.log('| variant | µs per evaluation | vs the direct call |');
console.log('| --- | --- | --- |');
variants.forEach(([name], v) => console.log(`| ${name} | ${us[v].toFixed(1)} | ${(us[v] / us[1]).toFixed(2)}× |`));

// Per engine: what a sandbox of its own costs to make.
const timeIt = (f, n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t0) / n;
};
const makeRego = timeIt(() => new rego.ConductEngine().free(), 50);
const makeRegoWithRule = timeIt(() => {
  const e = new rego.ConductEngine();
  e.addPolicy('acme/soc.rego', good);
  e.free();
}, 50);
const makeDefault = timeIt(() => new plain.ConductEngine().free(), 50);
console.log(`\nMaking an engine: default entry ${ms(makeDefault)}; conduct-engine/rego ${ms(makeRego)} (a new instance), ${ms(makeRegoWithRule)} with one partner rule added; that is also the cost of a rebuild after a trap.`);
console.log(`A partner engine's instance: ${(withRule.stats().sandbox.memoryBytes / MiB).toFixed(1)} MiB.`);

await browser?.close();
server?.close();
