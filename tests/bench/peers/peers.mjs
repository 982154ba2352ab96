// Peer comparison: the same four rules (B2, B3, B4, B12) encoded in each
// contender, judged on the same incident in one run. A benchmark, not a test:
// it insists on agreement, never on time.
//
//   make packed && bash tests/bench/peers/build-raw-regorus.sh
//   node tests/bench/peers/peers.mjs
//
// Each contender runs in a process of its own (child.mjs says why), which
// this script drives one at a time:
//
// 1. Agreement. Every contender judges every incident of incidents.mjs; for
//    each rule, each subject's status and the elements its gaps name must be
//    conduct-engine's (and so the rule's worst status). Any difference is
//    printed and the run exits 1 before anything is timed.
// 2. Warm speed, in rounds: each round runs PEERS_N evaluations of the
//    typical incident per contender, the order rotating from round to round
//    so that drift and noise from the rest of the machine fall on all alike.
//    Per-call hrtime gives the median and p99; evaluations/s is calls over
//    the rounds' summed time.
// 3. Cold start: a fresh `node` importing the contender, building it and
//    judging one incident (child.mjs cold), minus `node -e 0`; medians of
//    PEERS_COLD_RUNS runs each, interleaved.
// 4. Shipped size: what a browser downloads, gzip -9. Wasm engines: the
//    .wasm plus the JS of their web build, each file compressed alone as a
//    server sends it (conduct-engine: its entry's files as
//    tests/bench/budget.mjs counts them, the default entry for the compiled
//    contenders and `conduct-engine/rego` for the VM; raw regorus: its
//    nodejs glue, the only one built). JS engines: the files `require` loads
//    from the package and its dependencies, concatenated as a bundler would
//    (not minified). Our encodings (adapter + rules) are listed apart.
// 5. Peak RSS: a process per contender doing PEERS_RSS_N warm evaluations
//    (child.mjs rss), minus a node that loaded nothing.
//
// Ratios are conduct-engine's (B2–B4, B12, compiled) evaluations/s over
// each one's, from this run; the VM contender is the same rules from the
// same Rego on regorus's VM, so its row is compiled against the VM. The
// issues' targets are printed with met/missed.
//
// Environment (defaults in brackets):
//   PEERS_ROUNDS [20]  PEERS_N [200]  PEERS_WARMUP [300]
//   PEERS_COLD_RUNS [7]  PEERS_RSS_N [1000]

import { execFileSync, fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { prepareConsumer, installedDir } from '../../node/pack.mjs';
import { CONTENDERS, ENCODING_FILES, effectiveConfig, encodingPath, rawRegorusDir, root, shippedFiles } from './contenders.mjs';
import { RANK, RULES } from './facts.mjs';
import { TYPICAL_FILE } from './incidents.mjs';

const env = (name, fallback) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
};
const ROUNDS = env('PEERS_ROUNDS', 20);
const N = env('PEERS_N', 200);
const WARMUP = env('PEERS_WARMUP', 300);
const COLD_RUNS = env('PEERS_COLD_RUNS', 7);
const RSS_N = env('PEERS_RSS_N', 1000);

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child.mjs');
const BASELINE = 'conduct-engine';
const ids = Object.keys(CONTENDERS);
const engines = ids.filter((id) => !CONTENDERS[id].adapterOnly);

const fmt = (x, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes) => `${fmt(bytes / 1024)} KiB`;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (...xs) => console.error('peers.mjs:', ...xs);

// ---------------------------------------------------------------- runners

/** Node flags a contender's processes need (contenders.mjs `nodeFlags`). */
const flags = (id) => CONTENDERS[id].nodeFlags ?? [];

/** A child.mjs runner for one contender; `ask(cmd, args)` resolves with its answer. */
function startRunner(id) {
  const proc = fork(child, ['serve', id], { cwd: root, execArgv: flags(id), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = [];
  proc.on('message', (m) => waiting.shift()?.(m));
  proc.on('exit', (code, signal) => {
    for (const resolve of waiting.splice(0)) resolve({ ok: false, error: `the runner exited (${signal ?? `code ${code}`})` });
  });
  const next = async () => {
    const m = await new Promise((resolve) => waiting.push(resolve));
    if (!m.ok) throw new Error(`${id}: ${m.error}`);
    return m;
  };
  const ready = next();
  return {
    proc,
    ready,
    ask(cmd, args = {}) {
      const answer = next();
      proc.send({ cmd, ...args });
      return answer;
    },
  };
}

const loadAtStart = os.loadavg()[0];
prepareConsumer();
if (!fs.existsSync(path.join(rawRegorusDir, 'raw_regorus_bg.wasm'))) {
  log('raw regorus is not built: run `bash tests/bench/peers/build-raw-regorus.sh` first');
  process.exit(2);
}

const runners = {};
process.on('exit', () => Object.values(runners).forEach((r) => r.proc.kill()));
log('loading the contenders, one process each…');
const hello = {};
for (const id of ids) {
  runners[id] = startRunner(id);
  hello[id] = await runners[id].ready;
}
// Cold-start children build conduct-engine from this list rather than list the rules again.
const childEnv = { ...process.env, PEERS_RULES_OFF: hello[BASELINE].rulesOff.join(',') };

// ---------------------------------------------------------------- 1. agreement

const worst = (subjects) => Object.values(subjects).reduce((w, s) => (RANK[s.status] > RANK[w] ? s.status : w), 'not_applicable');

/** How `got` differs from `want`, both as contenders.mjs's judge() gives them. */
function differences(want, got) {
  const out = [];
  for (const rule of RULES) {
    if (worst(want[rule]) !== worst(got[rule])) out.push(`${rule}: outcome ${worst(got[rule])}, conduct-engine ${worst(want[rule])}`);
    for (const subject of new Set([...Object.keys(want[rule]), ...Object.keys(got[rule])])) {
      const w = want[rule][subject];
      const g = got[rule][subject];
      if (!w || !g) out.push(`${rule} ${subject}: ${g ? 'judged' : 'not judged'} here, ${w ? 'judged' : 'not judged'} by conduct-engine`);
      else if (w.status !== g.status) out.push(`${rule} ${subject}: ${g.status}, conduct-engine ${w.status}`);
      else if (w.elements.join() !== g.elements.join()) out.push(`${rule} ${subject}: elements [${g.elements}], conduct-engine [${w.elements}]`);
    }
  }
  return out;
}

log('checking that every contender agrees with conduct-engine…');
const problems = [];
// The peers read the configuration the engine applies, or they judge other rules.
const canonical = ({ rules: _, ...o }) => JSON.stringify(o, Object.keys(o).sort());
if (canonical(hello[BASELINE].config) !== canonical(effectiveConfig())) {
  problems.push(`configuration: the engine's is ${canonical(hello[BASELINE].config)}, the peers' ${canonical(effectiveConfig())}`);
}
const judged = {};
for (const id of engines) judged[id] = (await runners[id].ask('judge')).result;
const tally = Object.fromEntries(RULES.map((r) => [r, { not_applicable: 0, compliant: 0, incomplete: 0, violation: 0 }]));
judged[BASELINE].forEach(({ name, judged: want, error }, k) => {
  if (error) {
    problems.push(`conduct-engine on "${name}": ${error}`);
    return;
  }
  for (const rule of RULES) tally[rule][worst(want[rule])]++;
  for (const id of engines) {
    if (id === BASELINE) continue;
    const got = judged[id][k];
    const lines = got.error ? [`failed: ${got.error}`] : differences(want, got.judged);
    for (const line of lines) problems.push(`${id} on "${name}": ${line}`);
  }
});
if (problems.length) {
  console.log('## Disagreements (nothing was timed)\n');
  for (const p of problems) console.log(`- ${p}`);
  process.exit(1);
}
const cases = judged[BASELINE].length;

// ---------------------------------------------------------------- 2. warm speed

log(`${cases} incidents agree; warm-up, then ${ROUNDS} rounds × ${N} evaluations per contender…`);
for (const id of ids) await runners[id].ask('warmup', { count: WARMUP });
const samples = Object.fromEntries(ids.map((id) => [id, []]));
const totalNs = Object.fromEntries(ids.map((id) => [id, 0]));
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < ids.length; k++) {
    const id = ids[(r + k) % ids.length];
    const { each, ns } = await runners[id].ask('round', { count: N });
    samples[id].push(...each);
    totalNs[id] += ns;
  }
}
for (const id of ids) runners[id].proc.kill();
const warm = Object.fromEntries(
  ids.map((id) => {
    const sorted = Float64Array.from(samples[id]).sort();
    return [id, { perSecond: (ROUNDS * N) / (totalNs[id] / 1e9), medianUs: quantile(sorted, 0.5), p99Us: quantile(sorted, 0.99) }];
  }),
);

// ---------------------------------------------------------------- 3. cold start

function spawnMs(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: childEnv });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

log(`cold starts, ${COLD_RUNS} runs each…`);
const cold = { base: [], ...Object.fromEntries(engines.map((id) => [id, { wall: [], inside: [] }])) };
spawnMs(['-e', '0']); // file cache
for (const id of engines) spawnMs([...flags(id), child, 'cold', id]);
for (let r = 0; r < COLD_RUNS; r++) {
  cold.base.push(spawnMs(['-e', '0']).ms);
  for (let k = 0; k < engines.length; k++) {
    const id = engines[(r + k) % engines.length];
    const { ms, stdout } = spawnMs([...flags(id), child, 'cold', id]);
    cold[id].wall.push(ms);
    cold[id].inside.push(JSON.parse(stdout));
  }
}
const baseMs = median(cold.base);
const coldOf = (id) => ({
  overMs: median(cold[id].wall) - baseMs,
  buildMs: median(cold[id].inside.map((x) => x.buildMs)),
  firstMs: median(cold[id].inside.map((x) => x.firstMs)),
});

// ---------------------------------------------------------------- 4. size

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
/** The files Node loads from node_modules for `require(pkg)`, in a fresh process. */
function requiredFiles(pkg) {
  const script = `require(${JSON.stringify(pkg)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const files = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
  return files.filter((f) => f.includes(`${path.sep}node_modules${path.sep}`));
}
function sizeOf(id) {
  const listed = shippedFiles(id);
  const files = listed ? [...listed.wasm, ...listed.js] : requiredFiles(id);
  const read = files.map((f) => fs.readFileSync(f));
  // Files a server sends one by one are compressed one by one; a JS
  // package's files are concatenated, as a bundler would.
  const parts = listed ? read : [Buffer.concat(read)];
  return { raw: parts.reduce((s, b) => s + b.length, 0), gzip: parts.reduce((s, b) => s + gz(b), 0), files: files.length };
}
const sizes = Object.fromEntries(engines.map((id) => [id, sizeOf(id)]));
const encodingGzip = Object.fromEntries(
  Object.entries(ENCODING_FILES).map(([id, files]) => [id, gz(Buffer.concat(files.map((f) => fs.readFileSync(encodingPath(f)))))]),
);

// ---------------------------------------------------------------- 5. peak RSS

log(`peak RSS, ${RSS_N} evaluations in a process per contender…`);
const childKiB = (args) => Number(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: childEnv }));
const emptyRss = median(Array.from({ length: 3 }, () => childKiB([child, 'empty'])));
const rss = Object.fromEntries(engines.map((id) => [id, childKiB([...flags(id), child, 'rss', id, String(RSS_N)]) - emptyRss]));

// ---------------------------------------------------------------- report

const packageVersion = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
const versions = {
  'conduct-engine': packageVersion(installedDir),
  'conduct-engine-vm': packageVersion(installedDir),
  'conduct-engine-all': packageVersion(installedDir),
  'raw-regorus': 'regorus 0.14.1',
  'json-logic-js': packageVersion(path.join(root, 'node_modules/json-logic-js')),
  'json-rules-engine': packageVersion(path.join(root, 'node_modules/json-rules-engine')),
  'cedar-wasm': packageVersion(path.join(root, 'node_modules/@cedar-policy/cedar-wasm')),
  adapter: '',
};
const ratio = (id) => warm[BASELINE].perSecond / warm[id].perSecond;
const medianRatio = (id) => warm[id].medianUs / warm[BASELINE].medianUs;
const print = (s = '') => console.log(s);

print(`## Peer comparison: B2, B3, B4, B12 (${new Date().toISOString().slice(0, 10)})`);
print();
print(
  `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end. ` +
    `Timed: ${path.relative(root, TYPICAL_FILE)}, ${ROUNDS} rounds × ${N} evaluations per contender, order rotating, each contender in its own process. ` +
    `Cold start: median of ${COLD_RUNS}; \`node -e 0\` took ${fmt(baseMs)} ms. Peak RSS after ${RSS_N} evaluations; a node that loaded nothing: ${fmt(emptyRss / 1024, 1)} MiB. ` +
    `Every contender agreed with conduct-engine on all ${cases} incidents.`,
);
print();
print(
  '| contender | version | evaluations/s | median µs | p99 µs | conduct-engine ÷ this | cold start over `node -e 0` (in process: import + build / first evaluation) | shipped, gzip -9 (raw) | peak RSS over empty node | returns |',
);
print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const id of ids) {
  const c = CONTENDERS[id];
  const w = warm[id];
  const cells = [c.label, versions[id], fmt(w.perSecond), fmt(w.medianUs, 1), fmt(w.p99Us, 1), id === BASELINE ? '1.00 (baseline)' : `${ratio(id).toFixed(2)}×`];
  if (c.adapterOnly) cells.push('—', '—', '—');
  else {
    const k = coldOf(id);
    const s = sizes[id];
    cells.push(
      `${fmt(k.overMs)} ms (${fmt(k.buildMs, 1)} / ${fmt(k.firstMs, 1)} ms)`,
      `${kib(s.gzip)} (${kib(s.raw)}, ${s.files} file${s.files === 1 ? '' : 's'})`,
      `${fmt(rss[id] / 1024, 1)} MiB`,
    );
  }
  cells.push(c.returns);
  print(`| ${cells.join(' | ')} |`);
}
print();
print("Targets: conduct-engine's (compiled) evaluations/s over the peer's, this run (the ratio of medians beside it is less");
print('sensitive to what else the machine runs).');
print();
print('| peer | target | measured | ratio of medians | |');
print('| --- | ---: | ---: | ---: | --- |');
for (const [id, target, issue] of [['json-logic-js', 1, 'issues 5 and 9'], ['raw-regorus', 3, 'issue 5'], ['cedar-wasm', 20, 'issue 5']]) {
  const r = ratio(id);
  print(`| ${CONTENDERS[id].label} | ≥ ${target.toFixed(1)}× (${issue}) | ${r.toFixed(2)}× | ${medianRatio(id).toFixed(2)}× | ${r >= target ? 'met' : 'missed'} |`);
}
print();
print(
  `Compiled against the VM (the same four rules from the same Rego, same verdicts): the compiled catalogue ran ${ratio('conduct-engine-vm').toFixed(2)}× ` +
    `the VM's evaluations/s (ratio of medians ${medianRatio('conduct-engine-vm').toFixed(2)}×), in ${kib(sizes['conduct-engine'].gzip)} ` +
    `against ${kib(sizes['conduct-engine-vm'].gzip)} gzip.`,
);
print();
print(
  "Our encodings, shipped besides each peer's library (facts.mjs adapter + rules, gzip -9): " +
    Object.entries(encodingGzip)
      .map(([id, n]) => `${CONTENDERS[id].label} ${kib(n)}`)
      .join(', ') +
    '. conduct-engine carries its rules and messages inside its .wasm.',
);
print();
const tallies = RULES.map((r) => `${r} ${Object.entries(tally[r]).map(([s, n]) => `${n} ${s}`).join(', ')}`);
print(`Outcomes per rule over the ${cases} incidents of the agreement check: ${tallies.join('; ')}.`);
