// Benchmark of the packed npm package in Node (a measurement, not a test: it
// asserts nothing about time). Prints two Markdown tables:
//
//   1. The default entry (`conduct-engine`, the compiled catalogue):
//      - cold start: `node` importing the package and judging one incident,
//        minus `node -e 0`, medians over interleaved runs;
//      - a session `update` of one justification field, against a full
//        `evaluate`;
//      - warm: median µs per evaluation and evaluations per second, for
//        `evaluate` (object in, object out) and `evaluateJson` (text in and
//        out), over the typical incident the native benchmark judges too
//        (benches/typical-incident.json; tests/node/fixtures.mjs's if absent);
//      - shipped size of the default browser entry (its wasm and every JS
//        file it loads: tests/bench/budget.mjs), raw, gzip -9, brotli,
//        checked against the budget in tests/bench/budget.json: over it, the
//        benchmark prints why and exits 1 (a size regression, not a timing);
//      - Wasm / native: `evaluateJson` against the native `evaluate_json +
//        to_json` of `cargo bench --bench evaluate` (same work: text in,
//        text out), and the same for the VM.
//   2. Compiled against the VM, in this process: the default entry, the
//      partner entry `conduct-engine/rego` as it comes (the compiled
//      catalogue in its own wasip1 instance) and the partner entry with
//      `{ backend: 'vm' }` (the same catalogue's Rego on regorus's VM), each
//      doing `evaluateJson`, `evaluate` and a session `update`. The three
//      must write the same verdict bytes before anything is timed. Rounds
//      interleave them, the order rotating, so that the machine's load falls
//      on all alike; the ratios are the figures to read.
//
//   node tests/bench/node-bench.mjs          (or: make bench)
//
// Environment:
//   BENCH_N=20000        warm calls per API and engine (20,000 by default)
//   BENCH_ROUNDS=10      rounds the warm calls are split into
//   BENCH_COLD_RUNS=10   cold-start runs of each kind
//   BENCH_INCIDENT=file  the incident to judge (default benches/typical-incident.json)
//   NATIVE_US=123.4      native µs per evaluation of the same incident, or
//   NATIVE_ESTIMATES=target/criterion/<group>/<bench>/new/estimates.json
//                        a criterion estimates file (its median, in ns).
//                        Without either, the estimates of the last
//                        `cargo bench --bench evaluate` are used if present:
//                        target/criterion/*/evaluate_json + to_json/new/estimates.json
//                        (and its `vm: ` twin for the VM; NATIVE_VM_US overrides it)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkBudget, shippedSizes } from './budget.mjs';
import { consumerDir, importFromConsumer, installedDir, prepareConsumer, root } from '../node/pack.mjs';
import { typical } from '../node/fixtures.mjs';

const N = Number(process.env.BENCH_N ?? 20_000);
const ROUNDS = Math.max(1, Math.min(N, Number(process.env.BENCH_ROUNDS ?? 10)));
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const WARMUP = 500;

const median = (xs) => {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 1) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes) => `${fmt(bytes / 1024)} KiB`;

prepareConsumer();
const incidentFile = process.env.BENCH_INCIDENT ?? path.join(root, 'benches', 'typical-incident.json');
const incident = fs.existsSync(incidentFile) ? JSON.parse(fs.readFileSync(incidentFile, 'utf8')) : typical();
const incidentLabel = fs.existsSync(incidentFile) ? path.relative(root, incidentFile) : 'tests/node/fixtures.mjs typical()';

// ---------------------------------------------------------------- cold start

function coldStart() {
  const script = [
    "import { ConductEngine } from 'conduct-engine';",
    `const incident = ${JSON.stringify(incident)};`,
    'const outcome = new ConductEngine().evaluate(incident).outcome;',
    "if (!outcome) process.exit(3);",
  ].join('\n');
  const run = (args) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: consumerDir, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
    return ms;
  };
  const base = [];
  const full = [];
  run(['-e', '0']); // warm the file cache before measuring
  run(['--input-type=module', '-e', script]);
  for (let i = 0; i < COLD_RUNS; i++) {
    base.push(run(['-e', '0']));
    full.push(run(['--input-type=module', '-e', script]));
  }
  return { base: median(base), full: median(full) };
}

/** Inside one fresh process: time to import, to construct, and the first evaluation. */
function firstCall() {
  const script = [
    "const t0 = performance.now();",
    "const { ConductEngine } = await import('conduct-engine');",
    'const t1 = performance.now();',
    'const engine = new ConductEngine();',
    'const t2 = performance.now();',
    `engine.evaluate(${JSON.stringify(incident)});`,
    'const t3 = performance.now();',
    'process.stdout.write(JSON.stringify({ importMs: t1 - t0, constructMs: t2 - t1, firstEvalMs: t3 - t2 }));',
  ].join('\n');
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumerDir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`first-call probe failed: ${r.stderr}`);
    runs.push(JSON.parse(r.stdout));
  }
  return Object.fromEntries(['importMs', 'constructMs', 'firstEvalMs'].map((k) => [k, median(runs.map((x) => x[k]))]));
}

// ---------------------------------------------------------------- warm

/**
 * Times every function of `fns` ({ name: fn }) N times, in ROUNDS rounds:
 * each round runs N / ROUNDS calls of each, the order rotating from round to
 * round. Returns { name: { medianUs, perSecond } }.
 */
function warm(fns) {
  const names = Object.keys(fns);
  for (const name of names) for (let i = 0; i < WARMUP; i++) fns[name]();
  const each = Object.fromEntries(names.map((n) => [n, new Float64Array(N)]));
  const totalNs = Object.fromEntries(names.map((n) => [n, 0]));
  const perRound = Math.ceil(N / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    const from = r * perRound;
    const to = Math.min(N, from + perRound);
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      const fn = fns[name];
      const times = each[name];
      const start = process.hrtime.bigint();
      for (let i = from; i < to; i++) {
        const t = process.hrtime.bigint();
        fn();
        times[i] = Number(process.hrtime.bigint() - t) / 1e3;
      }
      totalNs[name] += Number(process.hrtime.bigint() - start);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { medianUs: median(each[n]), perSecond: N / (totalNs[n] / 1e9) }]));
}

// ---------------------------------------------------------------- native figure

/**
 * The native median of `bench` (`evaluate_json + to_json`, or its VM twin)
 * from the environment or the last `cargo bench --bench evaluate`.
 */
function nativeUs(bench, envUs, envFile) {
  if (process.env[envUs]) return { us: Number(process.env[envUs]), from: envUs };
  let file = envFile && process.env[envFile];
  if (!file) {
    const criterion = path.join(root, 'target', 'criterion');
    // The newest run of that bench, whatever its group is called (criterion
    // writes `:` as `_` in directory names).
    const dir = bench.replaceAll(':', '_');
    const candidates = fs.existsSync(criterion)
      ? fs.readdirSync(criterion)
          .map((g) => path.join(criterion, g, dir, 'new', 'estimates.json'))
          .filter((f) => fs.existsSync(f))
          .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
      : [];
    if (candidates.length) file = candidates[0];
  }
  if (file && fs.existsSync(file)) {
    const est = JSON.parse(fs.readFileSync(file, 'utf8'));
    const mtime = fs.statSync(file).mtimeMs;
    const age = (Date.now() - mtime) / 3.6e6;
    // A native figure older than the Wasm build may measure other code.
    const wasm = path.join(root, 'target', 'wasm32-unknown-unknown', 'release', 'conduct_engine.wasm');
    const stale = fs.existsSync(wasm) && fs.statSync(wasm).mtimeMs > mtime;
    return {
      us: est.median.point_estimate / 1e3,
      from: `${path.relative(root, file)}, ${fmt(age)} h old${stale ? '; STALE: older than the Wasm build, re-run `cargo bench --bench evaluate`' : ''}`,
    };
  }
  return null;
}

// ---------------------------------------------------------------- run

const cold = coldStart();
const first = firstCall();

const api = await importFromConsumer('esm.mjs');
const rego = await importFromConsumer('rego.mjs');
const text = JSON.stringify(incident);
const field = '/actions/0/justification/legal/explanation';
const texts = ['n/a', 'The published policy invites testing of this form.'];

// The engines compared: the default entry, and the partner entry on each backend.
const ENGINES = [
  { key: 'default', label: 'default entry (compiled)', engine: new api.ConductEngine(), backend: 'compiled' },
  { key: 'regoCompiled', label: '`conduct-engine/rego` (compiled, own wasip1 instance)', engine: new rego.ConductEngine(), backend: 'compiled' },
  { key: 'regoVm', label: "`conduct-engine/rego`, `{ backend: 'vm' }`", engine: new rego.ConductEngine({ backend: 'vm' }), backend: 'vm' },
];
const problems = [];
const reference = ENGINES[0].engine.evaluateJson(text);
for (const e of ENGINES) {
  const backend = e.engine.stats().backend;
  if (backend !== e.backend) problems.push(`${e.label}: stats().backend is '${backend}', expected '${e.backend}'`);
  if (e.engine.evaluateJson(text) !== reference) problems.push(`${e.label}: evaluateJson writes other bytes than the default entry`);
}
if (problems.length) {
  console.error(`node-bench.mjs: the engines disagree, nothing was timed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
const outcome = ENGINES[0].engine.evaluate(incident).outcome;

// A form typing into one justification field: a session re-runs only the
// rules that read it. The field alternates between two texts so that every
// update changes it.
const sessions = {};
const fns = {};
for (const e of ENGINES) {
  const session = e.engine.session(incident);
  let turn = 0;
  sessions[e.key] = session;
  fns[`${e.key}.evaluateJson`] = () => e.engine.evaluateJson(text);
  fns[`${e.key}.evaluate`] = () => e.engine.evaluate(incident);
  fns[`${e.key}.update`] = () => session.update(field, texts[(turn ^= 1)]);
}
const runs = warm(fns);
const rerun = sessions.default.lastRerun.join(', ');
const objectRun = runs['default.evaluate'];
const jsonRun = runs['default.evaluateJson'];
const sessionRun = runs['default.update'];

const { files: sizes, wasm: wasmSize, js: jsSize, total: totals } = shippedSizes(installedDir);
const total = (k) => totals[k];
const budget = checkBudget(total('gzip'));
const native = nativeUs('evaluate_json + to_json', 'NATIVE_US', 'NATIVE_ESTIMATES');
const nativeVm = nativeUs('vm: evaluate_json + to_json', 'NATIVE_VM_US', null);
const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
const nCalls = N.toLocaleString('en-US');
const split = (k) => `${kb(total(k))} (wasm ${kb(wasmSize[k])} + JS ${kb(jsSize[k])})`;
const perNative = (us, n, what) =>
  n ? `${fmt(us / n.us, 2)}× (native ${fmt(n.us)} µs, from ${n.from})` : `n/a: run \`cargo bench --bench evaluate\` first, or set ${what}`;

const rows = [
  ['cold start: import + construct + 1st evaluation, minus `node -e 0`', `${fmt(cold.full - cold.base)} ms (${fmt(cold.full)} − ${fmt(cold.base)} ms, medians of ${COLD_RUNS})`],
  ['… of which, in-process: import / construct / 1st evaluation', `${fmt(first.importMs)} / ${fmt(first.constructMs)} / ${fmt(first.firstEvalMs)} ms`],
  [`warm \`evaluate\` (object), median of ${nCalls}`, `${fmt(objectRun.medianUs)} µs/evaluation, ${fmt(objectRun.perSecond, 0)} evaluations/s`],
  [`warm \`evaluateJson\` (text), median of ${nCalls}`, `${fmt(jsonRun.medianUs)} µs/evaluation, ${fmt(jsonRun.perSecond, 0)} evaluations/s`],
  [`session \`update\` of one justification field (re-runs ${rerun}), median of ${nCalls}`, `${fmt(sessionRun.medianUs)} µs/update (${fmt(sessionRun.medianUs / objectRun.medianUs, 2)}× a full \`evaluate\`)`],
  [`shipped (default browser entry: ${sizes.map((f) => f.file).join(', ')}), raw`, split('raw')],
  ['… gzip -9 (each file alone)', split('gzip')],
  ['… brotli 11', split('brotli')],
  ['size budget (tests/bench/budget.json)', budget.line],
  ['Wasm / native (`evaluateJson` median ÷ native `evaluate_json + to_json`)', perNative(jsonRun.medianUs, native, 'NATIVE_US')],
  [
    "… on the VM (`conduct-engine/rego` `{ backend: 'vm' }` `evaluateJson` ÷ native `vm: evaluate_json + to_json`)",
    perNative(runs['regoVm.evaluateJson'].medianUs, nativeVm, 'NATIVE_VM_US'),
  ],
];

console.log(`conduct-engine ${manifest.version}, Node ${process.version}; incident ${incidentLabel}, ${incident.actions?.length ?? 0} actions, outcome ${outcome}\n`);
console.log('| measure | value |');
console.log('| --- | --- |');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);

// Compiled against the VM, same process, interleaved rounds.
const APIS = [
  ['evaluateJson', '`evaluateJson` (text in, text out)'],
  ['evaluate', '`evaluate` (object in, object out)'],
  ['update', `session \`update\` of one justification field (re-runs ${rerun})`],
];
console.log(`\nCompiled against the VM: median µs of ${nCalls} calls each, in ${ROUNDS} interleaved rounds; all three wrote the same verdict bytes.\n`);
console.log(`| call | ${ENGINES.map((e) => e.label).join(' | ')} | compiled (default entry) ÷ VM | VM ÷ compiled (default entry) |`);
console.log(`| --- | ${ENGINES.map(() => '---:').join(' | ')} | ---: | ---: |`);
for (const [api, label] of APIS) {
  const us = (key) => runs[`${key}.${api}`].medianUs;
  const r = us('default') / us('regoVm');
  console.log(`| ${label} | ${ENGINES.map((e) => `${fmt(us(e.key))} µs`).join(' | ')} | ${fmt(r, 3)} | ${fmt(1 / r, 1)}× |`);
}
const perSecond = (key) => runs[`${key}.evaluateJson`].perSecond;
console.log(
  `| \`evaluateJson\` per second (calls ÷ their summed time) | ${ENGINES.map((e) => fmt(perSecond(e.key), 0)).join(' | ')} | ${fmt(perSecond('regoVm') / perSecond('default'), 3)} | ${fmt(perSecond('default') / perSecond('regoVm'), 1)}× |`,
);

if (!budget.ok) {
  console.error(`\nnode-bench.mjs: ${budget.line}`);
  process.exitCode = 1;
}
