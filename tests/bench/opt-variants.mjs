// Tries wasm-opt settings on the package's module and measures each: size,
// cold start and warm speed (a measurement, not a test). The nodejs build
// of the un-optimised library (wasm-bindgen as scripts/build-pkg.sh runs
// it) goes through each setting into .scratch/opt/<name>/ with the package's
// nodejs glue; each is then loaded by fresh `node` processes, interleaved,
// with `node -e 0` runs of the same rounds as the baseline.
//
//   make packed && node tests/bench/opt-variants.mjs
//
// Environment:
//   OPT_VARIANTS=shipped,O2,...  the settings to try (default: all below)
//   OPT_RUNS=11                  cold-start processes per setting
//   OPT_WARM_N=3000              warm evaluations per process (3 processes per setting)
//   BENCH_INCIDENT=file          the incident (default benches/typical-incident.json)
//
// Why: V8 compiles Wasm lazily with Liftoff and re-compiles hot functions
// with TurboFan in the background; Node waits for those jobs before it
// exits. wasm-opt -O3 inlines every function that has one caller, which
// made a few very large functions (Engine::with_config: 46 KB of code,
// ~60 ms of TurboFan on this machine), so the inlining limits matter for
// cold start as much as the optimisation level. `shipped` is whatever
// scripts/build-pkg.sh passes now; `O3` is plain -O3 (the setting before
// the one-caller limit).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { root, run, sha256, unoptimised, wasmOpt, wasmOptParts } from './named-build.mjs';
import { typical } from '../node/fixtures.mjs';

const RUNS = Number(process.env.OPT_RUNS ?? 11);
const WARM_N = Number(process.env.OPT_WARM_N ?? 3000);
const scratch = path.join(root, '.scratch', 'opt');
const log = (msg) => process.stderr.write(`opt-variants.mjs: ${msg}\n`);
const median = (xs) => {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 1) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// The package's flags with the optimisation level and inlining changed.
const parts = wasmOptParts();
const rest = [...parts.features, ...parts.extra];
const SETTINGS = {
  shipped: parts.opt,
  O3: ['-O3'],
  'O3-ocimfs-2000': ['-O3', '--one-caller-inline-max-function-size', '2000'],
  'O3-ocimfs-500': ['-O3', '--one-caller-inline-max-function-size', '500'],
  'O3-ocimfs-100': ['-O3', '--one-caller-inline-max-function-size', '100'],
  'O3-ocimfs-0': ['-O3', '--one-caller-inline-max-function-size', '0'],
  O2: ['-O2'],
  'O2-ocimfs-500': ['-O2', '--one-caller-inline-max-function-size', '500'],
  Os: ['-Os'],
  Oz: ['-Oz'],
};
const chosen = (process.env.OPT_VARIANTS ?? Object.keys(SETTINGS).join(',')).split(',').filter(Boolean);
for (const c of chosen) if (!SETTINGS[c]) throw new Error(`OPT_VARIANTS: unknown setting ${c} (known: ${Object.keys(SETTINGS).join(' ')})`);

const incidentFile = process.env.BENCH_INCIDENT ?? path.join(root, 'benches', 'typical-incident.json');
const incident = fs.existsSync(incidentFile) ? JSON.parse(fs.readFileSync(incidentFile, 'utf8')) : typical();
const incidentJson = JSON.stringify(incident);

// ---------------------------------------------------------------- build

function build() {
  if (!fs.existsSync(unoptimised)) throw new Error(`${unoptimised} is missing: run \`make packed\` first`);
  const bound = path.join(scratch, 'bindgen');
  run('wasm-bindgen', ['--target', 'nodejs', '--out-dir', bound, '--out-name', 'conduct_engine', unoptimised]);
  const input = fs.readFileSync(path.join(bound, 'conduct_engine_bg.wasm'));
  const dirs = {};
  for (const name of chosen) {
    const dir = path.join(scratch, name);
    const args = [...SETTINGS[name], ...rest];
    const stamp = sha256(input, args.join(' '), fs.realpathSync(wasmOpt));
    const wasm = path.join(dir, 'conduct_engine_bg.wasm');
    if (!fs.existsSync(wasm) || fs.readFileSync(path.join(dir, '.stamp'), 'utf8') !== stamp) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const t0 = Date.now();
      run(wasmOpt, [...args, path.join(bound, 'conduct_engine_bg.wasm'), '-o', wasm]);
      log(`${name}: wasm-opt ${args.join(' ')} (${fmt((Date.now() - t0) / 1000, 0)} s)`);
      fs.writeFileSync(path.join(dir, '.stamp'), stamp);
    }
    fs.copyFileSync(path.join(bound, 'conduct_engine.js'), path.join(dir, 'conduct_engine.js'));
    // The glue is CommonJS, as in the package (whose package.json says so).
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    dirs[name] = { dir, args };
  }
  return dirs;
}

// ---------------------------------------------------------------- measure

const coldScript = (dir) =>
  [
    "const { writeSync } = require('node:fs');",
    'const t = { start: performance.now() };',
    "process.on('exit', () => { t.exit = performance.now(); writeSync(1, JSON.stringify(t)); });",
    `const { ConductEngine } = require(${JSON.stringify(path.join(dir, 'conduct_engine.js'))});`,
    't.loaded = performance.now();',
    'const engine = new ConductEngine();',
    't.built = performance.now();',
    `const v = engine.evaluate(${incidentJson});`,
    't.verdict = performance.now();',
    'if (!v.outcome) process.exit(3);',
  ].join('\n');

const warmScript = (dir) =>
  [
    `const { ConductEngine } = require(${JSON.stringify(path.join(dir, 'conduct_engine.js'))});`,
    'const engine = new ConductEngine();',
    `const text = ${JSON.stringify(incidentJson)};`,
    'for (let i = 0; i < 500; i++) engine.evaluateJson(text);',
    `const each = new Float64Array(${WARM_N});`,
    `for (let i = 0; i < ${WARM_N}; i++) { const s = process.hrtime.bigint(); engine.evaluateJson(text); each[i] = Number(process.hrtime.bigint() - s) / 1e3; }`,
    'each.sort();',
    'process.stdout.write(String(each[each.length >> 1]));',
  ].join('\n');

function spawnNode(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node failed (${r.status}): ${r.stderr}`);
  return { wall, out: r.stdout };
}

const dirs = build();
const names = Object.keys(dirs);
const base = [];
const cold = Object.fromEntries(names.map((n) => [n, []]));
spawnNode(['-e', '0']);
for (const n of names) spawnNode(['-e', coldScript(dirs[n].dir)]);
for (let i = 0; i < RUNS; i++) {
  base.push(spawnNode(['-e', '0']).wall);
  for (let k = 0; k < names.length; k++) {
    const n = names[(k + i) % names.length];
    const r = spawnNode(['-e', coldScript(dirs[n].dir)]);
    cold[n].push({ wall: r.wall, ...JSON.parse(r.out) });
  }
}
const warm = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < 3; i++) for (const n of names) warm[n].push(Number(spawnNode(['-e', warmScript(dirs[n].dir)]).out));

const b = median(base);
const ref = names.includes('shipped') ? 'shipped' : names[0];
const rows = names.map((n) => {
  const bytes = fs.readFileSync(path.join(dirs[n].dir, 'conduct_engine_bg.wasm'));
  const m = (f) => median(cold[n].map(f));
  return {
    n,
    args: dirs[n].args.slice(0, dirs[n].args.length - rest.length).join(' '),
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    over: m((r) => r.wall) - b,
    built: m((r) => r.built - r.loaded),
    first: m((r) => r.verdict - r.built),
    gap: m((r) => r.exit - r.verdict),
    loaded: m((r) => r.loaded - r.start),
    warm: median(warm[n]),
  };
});
const r0 = rows.find((r) => r.n === ref);
console.log(`### wasm-opt settings (nodejs build; cold: medians of ${RUNS} fresh processes, \`node -e 0\` = ${fmt(b)} ms; warm: \`evaluateJson\`, median of 3 processes × ${WARM_N})\n`);
console.log('"verdict → exit" is the time from the first verdict to the `exit` event: Node waiting for V8\'s background TurboFan jobs before it lets the process end.\n');
console.log('| setting | wasm-opt | wasm KiB | gzip KiB | cold start over `node -e 0`, ms | load | construct | 1st evaluation | verdict → exit | warm µs/evaluation | warm vs shipped |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.n} | \`${r.args}\` | ${fmt(r.raw / 1024)} | ${fmt(r.gzip / 1024)} | ${fmt(r.over)} | ${fmt(r.loaded)} | ${fmt(r.built)} | ${fmt(r.first)} | ${fmt(r.gap)} | ${fmt(r.warm)} | ${fmt(r.warm / r0.warm, 2)}× |`,
  );
}
