// Batch evaluation at scale (not a test): `make bench-batch`.
//
// Generates 1,000,000 varied incidents as JSON Lines (tests/node/batch-
// incidents.mjs: the random incidents of tests/common/generate.rs mixed with
// the hand-written examples; kept in .scratch/bench-batch/ for later runs),
// then judges all of them, each run in a fresh process writing verdicts to
// /dev/null:
//
//   api     the library as a careful script uses it on one thread: the file
//           read in 1 MiB pieces, each line through engine.evaluateJson, the
//           verdicts written in 1 MiB pieces
//   cli -j 1, cli -j 2
//           conduct-engine evaluate --format jsonl --workers N (the packed
//           package, installed as a user installs it)
//
// For each: wall time, incidents/s, CPU time (user + system, all threads)
// and use (CPU seconds per wall second), and peak RSS (VmHWM of the process);
// then the 1 -> 2 worker scaling and the CLI at one worker against the API.
// The CPU pressure the kernel reports (/proc/pressure/cpu) is printed with
// each run: another process on the machine shows up there.
//
//   node tests/bench/batch.mjs [--count N] [--runs api,cli1,cli2]

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJsonl } from '../node/batch-incidents.mjs';
import { cliPath, consumerDir, prepareConsumer, root } from '../node/pack.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const COUNT = Number(option('count', process.env.BATCH_COUNT ?? 1_000_000));
const RUNS = option('runs', 'api,cli1,cli2').split(',');
const SEED = 2026;
const dir = path.join(root, '.scratch', 'bench-batch');
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The library baseline: one engine, one thread, no workers. */
const API_SCRIPT = `
import fs from 'node:fs';
import { ConductEngine } from 'conduct-engine';
const engine = new ConductEngine();
const fd = fs.openSync(process.argv[2], 'r');
const out = fs.openSync('/dev/null', 'w');
const buf = Buffer.allocUnsafe(1 << 20);
let rest = Buffer.alloc(0);
let parts = [];
let held = 0;
let n = 0;
const flush = () => { fs.writeSync(out, parts.join('')); parts = []; held = 0; };
const judge = (line) => {
  if (line.length === 0) return;
  let record;
  try { record = engine.evaluateJson(line.toString('utf8')); } catch (e) { record = JSON.stringify({ code: e.code, message: e.message }); }
  parts.push(record, '\\n');
  held += record.length;
  n += 1;
  if (held >= 1 << 20) flush();
};
for (;;) {
  const got = fs.readSync(fd, buf, 0, buf.length, null);
  if (got === 0) break;
  let chunk = rest.length ? Buffer.concat([rest, buf.subarray(0, got)]) : buf.subarray(0, got);
  let start = 0;
  for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
    judge(chunk.subarray(start, nl));
    start = nl + 1;
  }
  rest = Buffer.from(chunk.subarray(start));
}
judge(rest);
flush();
process.stderr.write(n + ' incidents\\n');
`;

function pressure() {
  try {
    return Number(/some avg10=([\d.]+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))[1]);
  } catch {
    return null;
  }
}

/** CPU seconds of every child waited for so far (user + system). */
function childrenCpu() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After ") ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / TICK;
}

/** Runs a command to /dev/null; resolves with wall, CPU and peak RSS. */
function measure(label, command, commandArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpu();
    const before = pressure();
    const t0 = performance.now();
    const devnull = fs.openSync('/dev/null', 'w');
    const child = spawn(command, commandArgs, { stdio: ['ignore', devnull, 'pipe'], ...options });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const sample = () => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]);
        if (kb > peak) peak = kb;
      } catch {
        // gone
      }
    };
    const timer = setInterval(sample, 100);
    child.on('error', reject);
    child.on('exit', () => sample());
    child.on('close', (code, signal) => {
      clearInterval(timer);
      fs.closeSync(devnull);
      const wall = (performance.now() - t0) / 1000;
      const cpu = childrenCpu() - cpu0;
      if (signal || code > 1) return reject(new Error(`${label}: exit ${code ?? signal}\n${stderr}`));
      resolve({ label, wall, cpu, peakMiB: peak / 1024, pressure: [before, pressure()], stderr: stderr.trim() });
    });
  });
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main() {
  prepareConsumer();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `incidents-${COUNT}-${SEED}.jsonl`);
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    process.stdout.write(`generating ${fmt(COUNT)} incidents into ${path.relative(root, file)}… `);
    await writeJsonl(`${file}.part`, COUNT, SEED);
    fs.renameSync(`${file}.part`, file);
    process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const size = fs.statSync(file).size;
  const apiScript = path.join(consumerDir, 'bench-batch-api.mjs');
  fs.writeFileSync(apiScript, API_SCRIPT);

  console.log(`${fmt(COUNT)} incidents, ${fmt(size / 1048576, 0)} MiB of JSON Lines; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const runs = {
    api: () => measure('api (one thread)', process.execPath, [apiScript, file], { cwd: consumerDir }),
    cli1: () => measure('cli --workers 1', cliPath, ['evaluate', '-q', '-f', 'jsonl', '-j', '1', file]),
    cli2: () => measure('cli --workers 2', cliPath, ['evaluate', '-q', '-f', 'jsonl', '-j', '2', file]),
  };
  const results = {};
  for (const name of RUNS) {
    process.stdout.write(`${name}… `);
    const r = await runs[name]();
    results[name] = { ...r, perSecond: COUNT / r.wall, perCpuSecond: COUNT / r.cpu, cores: r.cpu / r.wall };
    console.log(`${r.wall.toFixed(1)} s (CPU pressure ${r.pressure.map((p) => p ?? '?').join(' -> ')})`);
  }

  console.log('\n| run | wall | incidents/s | CPU (user+sys) | CPU use | incidents per CPU-s | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of Object.values(results)) {
    console.log(`| ${r.label} | ${r.wall.toFixed(1)} s | ${fmt(r.perSecond)} | ${r.cpu.toFixed(1)} s | ${r.cores.toFixed(2)} cores | ${fmt(r.perCpuSecond)} | ${fmt(r.peakMiB)} MiB |`);
  }
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '?');
  console.log('');
  if (results.cli1 && results.cli2) console.log(`scaling --workers 1 -> 2: ${ratio(results.cli2.perSecond, results.cli1.perSecond)}x (goal >= 1.8x)`);
  if (results.cli1 && results.api) {
    console.log(`CLI at one worker / API: ${ratio(results.cli1.perSecond, results.api.perSecond)}x by wall time (goal >= 0.9x), ${ratio(results.cli1.perCpuSecond, results.api.perCpuSecond)}x per CPU-second`);
  }
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ count: COUNT, bytes: size, node: process.version, cores: os.cpus().length, results }, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
