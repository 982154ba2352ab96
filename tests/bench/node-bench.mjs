// Benchmark of the packed npm package in Node (a measurement, not a test: it
// asserts nothing about time). Prints one Markdown table:
//
//   - cold start: `node` importing the package and judging one incident,
//     minus `node -e 0`, medians over interleaved runs;
//   - a session `update` of one justification field, against a full `evaluate`;
//   - warm: median µs per evaluation and evaluations per second, for
//     `evaluate` (object in, object out) and `evaluateJson` (text in and out),
//     over the typical incident the native benchmark judges too
//     (benches/typical-incident.json; tests/node/fixtures.mjs's if absent);
//   - shipped size of the browser build (wasm + JS glue), raw, gzip -9, brotli,
//     checked against the budget in tests/bench/budget.json: over it, the
//     benchmark prints why and exits 1 (a size regression, not a timing);
//   - Wasm / native: `evaluateJson` against the native `evaluate_json +
//     to_json` of `cargo bench --bench evaluate` (same work: text in, text out).
//
//   node tests/bench/node-bench.mjs          (or: make bench)
//
// Environment:
//   BENCH_N=20000        warm evaluations per API (at least 20,000 by default)
//   BENCH_COLD_RUNS=10   cold-start runs of each kind
//   BENCH_INCIDENT=file  the incident to judge (default benches/typical-incident.json)
//   NATIVE_US=123.4      native µs per evaluation of the same incident, or
//   NATIVE_ESTIMATES=target/criterion/<group>/<bench>/new/estimates.json
//                        a criterion estimates file (its median, in ns).
//                        Without either, the estimates of the last
//                        `cargo bench --bench evaluate` are used if present:
//                        target/criterion/*/evaluate_json + to_json/new/estimates.json

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkBudget, shippedSizes } from './budget.mjs';
import { consumerDir, importFromConsumer, installedDir, prepareConsumer, root } from '../node/pack.mjs';
import { typical } from '../node/fixtures.mjs';

const N = Number(process.env.BENCH_N ?? 20_000);
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

function warm(fn) {
  for (let i = 0; i < WARMUP; i++) fn();
  const each = new Float64Array(N);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    fn();
    each[i] = Number(process.hrtime.bigint() - t) / 1e3;
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  return { medianUs: median(each), perSecond: N / totalS };
}

// ---------------------------------------------------------------- native figure

function nativeUs() {
  if (process.env.NATIVE_US) return { us: Number(process.env.NATIVE_US), from: 'NATIVE_US' };
  let file = process.env.NATIVE_ESTIMATES;
  if (!file) {
    const criterion = path.join(root, 'target', 'criterion');
    // The newest run of that bench, whatever its group is called.
    const candidates = fs.existsSync(criterion)
      ? fs.readdirSync(criterion)
          .map((g) => path.join(criterion, g, 'evaluate_json + to_json', 'new', 'estimates.json'))
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
const engine = new api.ConductEngine();
const text = JSON.stringify(incident);
const outcome = engine.evaluate(incident).outcome;
const objectRun = warm(() => engine.evaluate(incident));
const jsonRun = warm(() => engine.evaluateJson(text));
// A form typing into one justification field: the session re-runs B12 only.
// The field alternates between two texts so that every update changes it.
const session = engine.session(incident);
const field = '/actions/0/justification/legal/explanation';
const texts = ['n/a', 'The published policy invites testing of this form.'];
let turn = 0;
const sessionRun = warm(() => session.update(field, texts[(turn ^= 1)]));
const rerun = session.lastRerun.join(', ');

const { files: sizes, total: totals } = shippedSizes(installedDir);
const total = (k) => totals[k];
const budget = checkBudget(total('gzip'));
const native = nativeUs();
const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));

const rows = [
  ['cold start: import + construct + 1st evaluation, minus `node -e 0`', `${fmt(cold.full - cold.base)} ms (${fmt(cold.full)} − ${fmt(cold.base)} ms, medians of ${COLD_RUNS})`],
  ['… of which, in-process: import / construct / 1st evaluation', `${fmt(first.importMs)} / ${fmt(first.constructMs)} / ${fmt(first.firstEvalMs)} ms`],
  [`warm \`evaluate\` (object), median of ${N.toLocaleString('en-US')}`, `${fmt(objectRun.medianUs)} µs/evaluation, ${fmt(objectRun.perSecond, 0)} evaluations/s`],
  [`warm \`evaluateJson\` (text), median of ${N.toLocaleString('en-US')}`, `${fmt(jsonRun.medianUs)} µs/evaluation, ${fmt(jsonRun.perSecond, 0)} evaluations/s`],
  [`session \`update\` of one justification field (re-runs ${rerun}), median of ${N.toLocaleString('en-US')}`, `${fmt(sessionRun.medianUs)} µs/update (${fmt(sessionRun.medianUs / objectRun.medianUs, 2)}× a full \`evaluate\`)`],
  ['shipped (browser): wasm + JS glue, raw', `${kb(total('raw'))} (${kb(sizes[0].raw)} + ${kb(sizes[1].raw)})`],
  ['… gzip -9', `${kb(total('gzip'))} (${kb(sizes[0].gzip)} + ${kb(sizes[1].gzip)})`],
  ['… brotli 11', `${kb(total('brotli'))} (${kb(sizes[0].brotli)} + ${kb(sizes[1].brotli)})`],
  ['size budget (tests/bench/budget.json)', budget.line],
  [
    'Wasm / native (`evaluateJson` median ÷ native `evaluate_json + to_json`)',
    native
      ? `${fmt(jsonRun.medianUs / native.us, 2)}× (native ${fmt(native.us)} µs, from ${native.from})`
      : 'n/a: run `cargo bench --bench evaluate` first, or set NATIVE_US',
  ],
];

console.log(`conduct-engine ${manifest.version}, Node ${process.version}; incident ${incidentLabel}, ${incident.actions?.length ?? 0} actions, outcome ${outcome}\n`);
console.log('| measure | value |');
console.log('| --- | --- |');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);

if (!budget.ok) {
  console.error(`\nnode-bench.mjs: ${budget.line}`);
  process.exitCode = 1;
}
