// Where the cold start of the packed npm package goes (a measurement, not a
// test: nothing is asserted about time). Every figure comes from fresh
// `node` processes, interleaved with `node -e 0` runs of the same round, as
// medians; prints Markdown tables:
//
//   0. The entries side by side: the default entry (the compiled catalogue)
//      and `conduct-engine/rego` (its wasip1 module, compiled catalogue and
//      with `{ backend: 'vm' }`), each from spawn to first verdict and to
//      exit, minus `node -e 0`, the runs interleaved in one loop.
//   1. The first evaluations: import, construction, and evaluations #1, #2,
//      #3, #10, #100 of the typical incident in one fresh process (V8
//      compiles Wasm functions lazily on first call with Liftoff, then tiers
//      hot ones up to TurboFan in the background), per V8 flag set.
//   2. Variants, each as wall clock from spawn to exit, minus and divided by
//      `node -e 0`: the package as is, V8 and Node flags, the web build
//      through initSync / instantiateStreaming / compileStreaming, a
//      warm-up call, process.exit() after the verdict. "verdict → exit" is
//      the time from the first verdict (the script's last statement) to the
//      `exit` event: Node's event loop drains V8's background tasks, the
//      TurboFan jobs among them, before it lets the process end. "exit
//      tail" is from the `exit` event to the parent seeing the process
//      gone, minus the same for an empty script.
//   3. The TurboFan jobs of one cold run (--trace-wasm-compilation-times),
//      by function (names from the named build, which has the shipped
//      function indices): what the process waits for.
//   4. A CPU profile of `new ConductEngine()` (node --cpu-prof over the
//      same module with its name section kept, built by named-build.mjs),
//      summed over several processes: self time by owner and by function.
//
//   make packed && node tests/bench/cold-start.mjs
//
// Environment:
//   COLD_RUNS=11          fresh processes per variant (at least 10 is sensible)
//   COLD_PARTS=entries,first,variants,tierup,profile
//                         the parts to run (default all; the profile builds
//                         the named module once: ~30 s)
//   COLD_PROFILE_RUNS=8   processes profiled
//   COLD_ONLY=a,b         in part 2, only the variants whose key contains one
//                         of these (asis cjs eager lazyval liftoffonly
//                         noliftoff notierup nodyn single exit warmup initSync
//                         instantiateStreaming compileStreaming)
//   BENCH_INCIDENT=file   the incident (default benches/typical-incident.json)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { consumerDir, installedDir, prepareConsumer, root } from '../node/pack.mjs';
import { typical } from '../node/fixtures.mjs';

const RUNS = Number(process.env.COLD_RUNS ?? 11);
const PROFILE_RUNS = Number(process.env.COLD_PROFILE_RUNS ?? 8);
const ONLY = (process.env.COLD_ONLY ?? '').split(',').filter(Boolean);
const PARTS = (process.env.COLD_PARTS ?? 'entries,first,variants,tierup,profile').split(',').filter(Boolean);

const median = (xs) => {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const log = (msg) => process.stderr.write(`cold-start.mjs: ${msg}\n`);

prepareConsumer();
const incidentFile = process.env.BENCH_INCIDENT ?? path.join(root, 'benches', 'typical-incident.json');
const incident = fs.existsSync(incidentFile) ? JSON.parse(fs.readFileSync(incidentFile, 'utf8')) : typical();
const incidentJson = JSON.stringify(incident);
const tiny = JSON.stringify({ schemaVersion: '1', actions: [{ id: 'w', consent: { prior: true } }] });
const webDir = path.join(installedDir, 'web');
const webWasm = path.join(webDir, 'conduct_engine_bg.wasm');

// ---------------------------------------------------------------- child scripts

/**
 * The script a child runs. It records, as ms since the process's time
 * origin: `start` (first line of user code), `loaded` (module ready),
 * `built` (engine constructed), `verdict` (first verdict of the incident),
 * `evals` (the duration of each evaluation), and `exit` (the `exit` event),
 * and writes them as JSON from the exit handler.
 */
function childScript({ load = 'esm', options = null, evals = 1, warmup = false, exit = 'natural' } = {}) {
  const loaders = {
    esm: ["const { ConductEngine } = await import('conduct-engine');"],
    rego: ["const { ConductEngine } = await import('conduct-engine/rego');"],
    cjs: ["const { ConductEngine } = (await import('node:module')).createRequire(process.cwd() + '/')('conduct-engine');"],
    'web-initSync': [
      "const web = await import('conduct-engine/web');",
      "const fs = await import('node:fs');",
      `web.initSync({ module: fs.readFileSync(${JSON.stringify(webWasm)}) });`,
      'const { ConductEngine } = web;',
    ],
    'web-instantiateStreaming': [
      "const web = await import('conduct-engine/web');",
      "const fs = await import('node:fs');",
      "const { Readable } = await import('node:stream');",
      `const response = new Response(Readable.toWeb(fs.createReadStream(${JSON.stringify(webWasm)})), { headers: { 'content-type': 'application/wasm' } });`,
      'await web.default({ module_or_path: response });',
      'const { ConductEngine } = web;',
    ],
    'web-compileStreaming': [
      "const web = await import('conduct-engine/web');",
      "const fs = await import('node:fs');",
      "const { Readable } = await import('node:stream');",
      `const response = new Response(Readable.toWeb(fs.createReadStream(${JSON.stringify(webWasm)})), { headers: { 'content-type': 'application/wasm' } });`,
      'const module = await WebAssembly.compileStreaming(response);',
      'web.initSync({ module });',
      'const { ConductEngine } = web;',
    ],
  };
  return [
    'const t = { start: performance.now(), evals: [] };',
    "const { writeSync } = await import('node:fs');",
    "process.on('exit', () => { t.exit = performance.now(); writeSync(1, JSON.stringify(t)); });",
    ...loaders[load],
    't.loaded = performance.now();',
    `const engine = new ConductEngine(${options ? JSON.stringify(options) : ''});`,
    't.built = performance.now();',
    ...(warmup ? [`engine.evaluateJson(${JSON.stringify(tiny)});`, 't.warm = performance.now();'] : []),
    `const incident = ${incidentJson};`,
    `for (let i = 0; i < ${evals}; i++) {`,
    '  const s = performance.now();',
    '  const v = engine.evaluate(incident);',
    '  t.evals.push(performance.now() - s);',
    "  if (i === 0) { t.verdict = performance.now(); if (!v.outcome) process.exit(3); }",
    '}',
    ...(exit === 'process.exit' ? ['process.exit(0);'] : []),
  ].join('\n');
}

const EMPTY = [
  'const t = { start: performance.now() };',
  "const { writeSync } = await import('node:fs');",
  "process.on('exit', () => { t.exit = performance.now(); writeSync(1, JSON.stringify(t)); });",
].join('\n');

function spawnNode(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: consumerDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.slice(0, -1).join(' ')} … failed (${r.status}): ${r.stderr}`);
  return { wall, t: r.stdout ? JSON.parse(r.stdout) : null };
}

const moduleArgs = (flags, script) => [...flags, '--input-type=module', '-e', script];

// ---------------------------------------------------------------- 0. entries

const ENTRY_VARIANTS = [
  { key: 'default', label: '`conduct-engine` (compiled catalogue)', opts: {} },
  { key: 'rego', label: '`conduct-engine/rego` (compiled catalogue, wasip1 instance)', opts: { load: 'rego' } },
  { key: 'regoVm', label: "`conduct-engine/rego`, `{ backend: 'vm' }`", opts: { load: 'rego', options: { backend: 'vm' } } },
];

function entries() {
  const base = [];
  const res = new Map(ENTRY_VARIANTS.map((v) => [v.key, []]));
  const scripts = new Map(ENTRY_VARIANTS.map((v) => [v.key, childScript(v.opts)]));
  // Warm the file cache once per script.
  spawnNode(['-e', '0']);
  for (const v of ENTRY_VARIANTS) spawnNode(moduleArgs([], scripts.get(v.key)));
  for (let i = 0; i < RUNS; i++) {
    base.push(spawnNode(['-e', '0']).wall);
    for (let k = 0; k < ENTRY_VARIANTS.length; k++) {
      const v = ENTRY_VARIANTS[(k + i) % ENTRY_VARIANTS.length];
      res.get(v.key).push(spawnNode(moduleArgs([], scripts.get(v.key))));
    }
  }
  const b = median(base);
  const over = (key) => median(res.get(key).map((r) => r.wall)) - b;
  const lines = [
    `### Cold start per entry (fresh processes, medians of ${RUNS}, interleaved; \`node -e 0\` = ${fmt(b)} ms)\n`,
    'Import, construct, judge the typical incident once, let the process exit. Wall is spawn → exit as the parent sees it; the rest are ms since the process\'s time origin.\n',
    '| entry | wall | over `node -e 0` | ÷ the default entry\'s | module ready | constructed | 1st verdict | verdict → exit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const v of ENTRY_VARIANTS) {
    const rs = res.get(v.key);
    const m = (f) => median(rs.map(f));
    lines.push(
      `| ${v.label} | ${fmt(m((r) => r.wall))} | ${fmt(over(v.key))} | ${fmt(over(v.key) / over('default'), 2)}× | ${fmt(m((r) => r.t.loaded))} | ${fmt(m((r) => r.t.built))} | ${fmt(m((r) => r.t.verdict))} | ${fmt(m((r) => r.t.exit - r.t.verdict))} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 1. first evaluations

const FIRST_FLAGS = [
  ['default flags', []],
  ['--no-wasm-lazy-compilation', ['--no-wasm-lazy-compilation']],
  ['--liftoff-only', ['--liftoff-only']],
  ['--liftoff-only --no-wasm-lazy-compilation', ['--liftoff-only', '--no-wasm-lazy-compilation']],
  ['--v8-pool-size=1 (one background thread)', ['--v8-pool-size=1']],
  ['--no-liftoff (TurboFan only)', ['--no-liftoff']],
  ['--no-wasm-dynamic-tiering', ['--no-wasm-dynamic-tiering']],
];

function firstEvaluations() {
  const N = 100;
  const script = childScript({ evals: N });
  const runs = FIRST_FLAGS.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    FIRST_FLAGS.forEach(([, flags], k) => runs[k].push(spawnNode(moduleArgs(flags, script)).t));
  }
  const lines = [
    `### First evaluations in a fresh process (medians of ${RUNS}; ms)\n`,
    '| V8 flags | import | construct | eval #1 | #2 | #3 | #10 | #100 | median of #51–#100 | import → 1st verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  FIRST_FLAGS.forEach(([label], k) => {
    const ts = runs[k];
    const m = (f) => median(ts.map(f));
    const steady = m((t) => median(t.evals.slice(50)));
    lines.push(
      `| ${label} | ${fmt(m((t) => t.loaded - t.start))} | ${fmt(m((t) => t.built - t.loaded))} | ${fmt(m((t) => t.evals[0]))} | ${fmt(m((t) => t.evals[1]), 2)} | ${fmt(m((t) => t.evals[2]), 2)} | ${fmt(m((t) => t.evals[9]), 2)} | ${fmt(m((t) => t.evals[99]), 2)} | ${fmt(steady, 2)} | ${fmt(m((t) => t.verdict - t.start))} |`,
    );
  });
  return lines.join('\n');
}

// ---------------------------------------------------------------- 2. variants

const VARIANTS = [
  { key: 'asis', label: 'package as is (ESM import; sync `new WebAssembly.Module` in the nodejs glue)', flags: [], opts: {} },
  { key: 'cjs', label: 'package as is, `require` (CommonJS)', flags: [], opts: { load: 'cjs' } },
  { key: 'eager', label: '`--no-wasm-lazy-compilation`', flags: ['--no-wasm-lazy-compilation'], opts: {} },
  { key: 'lazyval', label: '`--wasm-lazy-validation`', flags: ['--wasm-lazy-validation'], opts: {} },
  { key: 'liftoffonly', label: '`--liftoff-only`', flags: ['--liftoff-only'], opts: {} },
  { key: 'noliftoff', label: '`--no-liftoff` (TurboFan only)', flags: ['--no-liftoff'], opts: {} },
  { key: 'notierup', label: '`--no-wasm-tier-up`', flags: ['--no-wasm-tier-up'], opts: {} },
  { key: 'nodyn', label: '`--no-wasm-dynamic-tiering`', flags: ['--no-wasm-dynamic-tiering'], opts: {} },
  { key: 'single', label: '`--single-threaded`', flags: ['--single-threaded'], opts: {} },
  { key: 'pool1', label: '`--v8-pool-size=1` (Node: one background thread)', flags: ['--v8-pool-size=1'], opts: {} },
  { key: 'tasks1', label: '`--wasm-num-compilation-tasks=1`', flags: ['--wasm-num-compilation-tasks=1'], opts: {} },
  { key: 'exit', label: '`process.exit()` right after the verdict', flags: [], opts: { exit: 'process.exit' } },
  { key: 'warmup', label: 'a warm-up call (tiny incident) before the real one', flags: [], opts: { warmup: true } },
  { key: 'initSync', label: 'web build, `initSync({ module: readFileSync(…) })`', flags: [], opts: { load: 'web-initSync' } },
  { key: 'instantiateStreaming', label: 'web build, `init()` with a `Response` over the file (`instantiateStreaming`)', flags: [], opts: { load: 'web-instantiateStreaming' } },
  { key: 'compileStreaming', label: 'web build, `WebAssembly.compileStreaming(Response)` + `initSync({ module })`', flags: [], opts: { load: 'web-compileStreaming' } },
];

function variants() {
  const chosen = VARIANTS.filter((v) => !ONLY.length || ONLY.some((o) => v.key.includes(o)));
  const base = [];
  const empty = [];
  const res = new Map(chosen.map((v) => [v.key, []]));
  const scripts = new Map(chosen.map((v) => [v.key, childScript(v.opts)]));
  // Warm the file cache and V8's (per-process, so nothing carries over) once.
  spawnNode(['-e', '0']);
  spawnNode(moduleArgs([], scripts.get(chosen[0].key)));
  for (let i = 0; i < RUNS; i++) {
    base.push(spawnNode(['-e', '0']).wall);
    empty.push(spawnNode(moduleArgs([], EMPTY)));
    // Rotate the order per round so no variant always follows another.
    for (let k = 0; k < chosen.length; k++) {
      const v = chosen[(k + i) % chosen.length];
      res.get(v.key).push(spawnNode(moduleArgs(v.flags, scripts.get(v.key))));
    }
  }
  const b = median(base);
  const emptyTail = median(empty.map((r) => r.wall - r.t.exit));
  const emptyWall = median(empty.map((r) => r.wall));
  const lines = [
    `### Cold start variants (fresh processes, medians of ${RUNS}, interleaved; \`node -e 0\` = ${fmt(b)} ms, an empty ESM script ${fmt(emptyWall)} ms)\n`,
    'ms since the process\'s time origin, except wall (spawn → exit, measured by the parent). Exit tail: `exit` event → process gone, minus an empty script\'s ' +
      `(${fmt(emptyTail)} ms).\n`,
    '| variant | wall | over `node -e 0` | ÷ `node -e 0` | user code starts | module ready | constructed | 1st verdict | verdict → exit | exit tail |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const notes = [];
  for (const v of chosen) {
    const rs = res.get(v.key);
    if (v.opts.warmup) {
      notes.push(
        `With the warm-up call: the tiny incident takes ${fmt(median(rs.map((r) => r.t.warm - r.t.built)))} ms, then the real one ${fmt(median(rs.map((r) => r.t.evals[0])))} ms ` +
          `(${fmt(median(res.get('asis')?.map((r) => r.t.evals[0]) ?? [NaN]))} ms as the first call of the package as is). ` +
          'A warm-up only pays ahead for the code it reaches: the real incident still compiles the rule paths the tiny one did not.',
      );
    }
    const m = (f) => median(rs.map(f));
    const wall = m((r) => r.wall);
    const tail = m((r) => r.wall - r.t.exit);
    lines.push(
      `| ${v.label} | ${fmt(wall)} | ${fmt(wall - b)} | ${fmt(wall / b, 2)}× | ${fmt(m((r) => r.t.start))} | ${fmt(m((r) => r.t.loaded))} | ${fmt(m((r) => r.t.built))} | ${fmt(m((r) => r.t.verdict))} | ${fmt(m((r) => r.t.exit - r.t.verdict))} | ${fmt(tail - emptyTail)} |`,
    );
  }
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}

// ---------------------------------------------------------------- 3. tier-up jobs

async function tierUp() {
  const { namedModules } = await import('./named-build.mjs');
  const { parseWasm, rustName } = await import('./wasm-anatomy.mjs');
  const { named } = namedModules({ log });
  const shipped = fs.readFileSync(path.join(installedDir, 'node', 'conduct_engine_bg.wasm'));
  const namedWasm = parseWasm(fs.readFileSync(named));
  // The named build is the shipped module plus names only when the code
  // sections agree; otherwise the indices mean nothing.
  const sameCode = parseWasm(shipped).bodies.length === namedWasm.bodies.length;
  const names = new Map(namedWasm.bodies.map((b) => [b.index, rustName(b.name).replace(/::h[0-9a-f]{16}$/, '')]));
  const runs = 3;
  const jobs = new Map();
  let liftoff = { n: 0, body: 0 };
  // The same script as part 2, with its timings on stderr: the trace takes stdout.
  const script = childScript({}).replace('writeSync(1,', 'writeSync(2,');
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--trace-wasm-compilation-times', '--input-type=module', '-e', script], { cwd: consumerDir, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`traced run failed: ${r.stderr}`);
    for (const line of r.stdout.split('\n')) {
      let m = line.match(/using TurboFan, took (\d+) ms.*bodysize (\d+).*#(\d+)$/);
      if (m) {
        const j = jobs.get(+m[3]) ?? { ms: 0, n: 0, body: +m[2] };
        j.ms += +m[1];
        j.n++;
        jobs.set(+m[3], j);
      }
      m = line.match(/using Liftoff, took \d+ ms.*bodysize (\d+)/);
      if (m) liftoff = { n: liftoff.n + 1, body: liftoff.body + +m[1] };
    }
  }
  const all = [...jobs].sort((a, b) => b[1].ms - a[1].ms);
  const totalMs = all.reduce((s, [, j]) => s + j.ms, 0) / runs;
  const lines = [
    `### TurboFan jobs in one cold run (import, construct, one evaluation; \`--trace-wasm-compilation-times\`, mean of ${runs} processes)\n`,
    `Liftoff compiled ${fmt(liftoff.n / runs, 0)} functions (${fmt(liftoff.body / runs / 1024)} KiB of code) on first call; ` +
      `TurboFan re-compiled ${fmt(all.reduce((s, [, j]) => s + j.n, 0) / runs, 0)} hot ones in the background, ${fmt(totalMs, 0)} ms of compile time in all ` +
      `(V8 reports whole ms per function, so the small ones count 0). The process cannot exit before those jobs are done.${sameCode ? '' : ' (Names unavailable: the named build differs from the installed package; run `make packed`.)'}\n`,
    '| function (shipped index) | body, KiB | TurboFan ms |',
    '| --- | ---: | ---: |',
    ...all.slice(0, 10).map(([idx, j]) => {
      const n = sameCode ? names.get(idx) ?? `#${idx}` : `#${idx}`;
      return `| \`${n.length > 100 ? `${n.slice(0, 97)}…` : n}\` (#${idx}) | ${fmt(j.body / 1024)} | ${fmt(j.ms / runs)} |`;
    }),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- 4. profile

async function profile() {
  const { namedModules } = await import('./named-build.mjs');
  const { owner } = await import('./wasm-anatomy.mjs');
  const { named, glue } = namedModules({ log });
  const dir = path.join(root, '.scratch', 'cold', 'profiles');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // The construction runs inside a JS function of its own, so the profile
  // can tell its samples from the rest of the process. The raw glue's class
  // (what the package's ConductEngine wraps) takes and returns JSON text.
  const script = [
    `const web = await import(${JSON.stringify(pathToFileURL(glue).href)});`,
    "const fs = await import('node:fs');",
    `web.initSync({ module: fs.readFileSync(${JSON.stringify(named)}) });`,
    "function coldConstruct() { return new web.WasmEngine(''); }",
    "function warmConstruct() { return new web.WasmEngine(''); }",
    "function firstEvaluate(e, i) { return e.evaluate(i, ''); }",
    'const e = coldConstruct();',
    `firstEvaluate(e, ${JSON.stringify(incidentJson)});`,
    'for (let i = 0; i < 20; i++) warmConstruct();',
  ].join('\n');
  for (let i = 0; i < PROFILE_RUNS; i++) {
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', dir, '--input-type=module', '-e', script], {
      cwd: consumerDir,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`profiled run failed: ${r.stderr}`);
  }
  const windows = { coldConstruct: new Map(), warmConstruct: new Map(), firstEvaluate: new Map() };
  const totals = { coldConstruct: 0, warmConstruct: 0, firstEvaluate: 0 };
  const groups = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    prof.samples.forEach((id, i) => {
      const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000; // the time until the next sample, ms
      let window = null;
      for (let p = id; p !== undefined; p = parent.get(p)) {
        const fn = byId.get(p).callFrame.functionName;
        if (Object.hasOwn(windows, fn)) {
          window = fn;
          break;
        }
      }
      if (!window) return;
      const frame = byId.get(id).callFrame;
      const name = frameName(frame);
      windows[window].set(name, (windows[window].get(name) ?? 0) + dt);
      totals[window] += dt;
      if (window === 'coldConstruct') {
        const o = frame.url.startsWith('wasm://') ? owner(frame.functionName) : null;
        const g = o ? (o.group === 'other crates' ? `other crates: ${o.crate}` : o.group) : name.startsWith('(') ? name : 'JavaScript (glue, JSON)';
        groups.set(g, (groups.get(g) ?? 0) + dt);
      }
    });
  }
  const runs = PROFILE_RUNS;
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines = [
    `### Profile of the first \`new ConductEngine()\` (node --cpu-prof, 50 µs sampling, ${runs} processes; named build: shipped bytes + name section)\n`,
    `Per process: first construction ${fmt(totals.coldConstruct / runs)} ms, later constructions ${fmt(totals.warmConstruct / runs / 20, 2)} ms each, ` +
      `first evaluation ${fmt(totals.firstEvaluate / runs)} ms (sampled time inside those JS frames).\n`,
    '| self time in the first construction, by owner | ms per process | share |',
    '| --- | ---: | ---: |',
    ...top(groups, 20).map(([g, ms]) => `| ${g} | ${fmt(ms / runs, 2)} | ${fmt((100 * ms) / totals.coldConstruct)}% |`),
    '',
    '| top functions, self time, first construction | ms per process | in a later construction |',
    '| --- | ---: | ---: |',
    ...top(windows.coldConstruct, 20).map(
      ([f, ms]) => `| \`${f.length > 100 ? `${f.slice(0, 97)}…` : f}\` | ${fmt(ms / runs, 2)} | ${fmt((windows.warmConstruct.get(f) ?? 0) / runs / 20, 3)} |`,
    ),
  ];
  return lines.join('\n');
}

function frameName(frame) {
  const n = frame.functionName || '(anonymous)';
  if (!frame.url.startsWith('wasm://')) return n.startsWith('(') ? n : `${n} (JS)`;
  return n.replace(/::h[0-9a-f]{16}$/, '').replace(/^\$/, '');
}

// ---------------------------------------------------------------- run

const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
console.log(`## conduct-engine ${manifest.version}: cold start (Node ${process.version}; incident ${path.relative(root, incidentFile)})\n`);
const out = [];
if (PARTS.includes('entries')) out.push(entries());
if (PARTS.includes('first')) out.push(firstEvaluations());
if (PARTS.includes('variants')) out.push(variants());
if (PARTS.includes('tierup')) out.push(await tierUp());
if (PARTS.includes('profile')) out.push(await profile());
console.log(out.join('\n\n'));
