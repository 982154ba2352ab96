#!/usr/bin/env node
// Rego conformance runner: OPA's and regorus's YAML test cases, each run
// through the two builds of `conduct_engine::rego::eval_query_json`:
//
//   native  src/bin/rego-eval.rs (release build), one process, request lines in,
//           response lines out
//   Wasm    `evaluateRego` of the packed npm package (.scratch/node-consumer,
//           installed by tests/node/pack.mjs), in a child `node` process
//
// and reports both pass rates per suite, side by side. Many cases fail on both
// sides (our regorus build leaves out the regex, time, yaml... builtins); what
// must hold is that every case that passes natively also passes in Wasm,
// unless tests/conformance/omissions.json explains why it cannot.
//
//   node tests/conformance/run.mjs [DIR] [--update-floor] [--verbose] [--filter TEXT]
//
//   DIR             the cases (default ../shared/conformance from the repo root):
//                   DIR/opa-v1/**/*.yaml and DIR/regorus-interpreter/**/*.yaml,
//                   the formats of DIR/README.md
//   --update-floor  raise tests/conformance/floor.json to this run's pass counts
//                   (it never lowers them: the counts may only go up)
//   --verbose       print every failing case with the reason, per side
//   --filter TEXT   only the cases whose id contains TEXT (the floor is not checked)
//
// Needs pkg/ built (`make packed`); builds the native binary itself with
// `cargo build --release --bin rego-eval`. Writes .scratch/conformance.json.
// Exit status: 0 fine; 1 a pass count below the floor, or a case that passes
// natively but fails in Wasm without an omission; 2 the runner could not run.
//
// A case passes when (both formats): an expected error (`error`, `want_error`,
// `want_error_code`) is raised (for regorus cases, with `error` in its message;
// OPA's messages are not regorus's, so OPA cases only need an error); otherwise
// evaluation succeeds and gives the expected results (`no_result` and OPA's
// `want_result: []` mean none). Values compare structurally: numbers by value
// (1 and 1.0 are equal), sets (regorus's `set!`) as arrays in any order,
// regorus's `object!` objects by their keys' values, `#undefined` as undefined,
// and with `sort_bindings` the arrays in each row of bindings in any order.
// OPA rows may come in any order. Not checked: `want_prints`, `traces`, and the
// `time_source`/`*execution_timer` settings (evaluateRego has no such options).

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const FLOOR_FILE = path.join(here, 'floor.json');
const OMISSIONS_FILE = path.join(here, 'omissions.json');
const SUMMARY_FILE = path.join(root, '.scratch', 'conformance.json');
const SUITES = ['opa-v1', 'regorus-interpreter'];
const TIMEOUT_MS = 20_000; // one request; a case that hangs is a failure, not a stuck run

// ---------------------------------------------------------------------------
// The Wasm side, as a child process: `run.mjs --serve-wasm` answers request
// lines with response lines, as rego-eval does natively. A separate process so
// that a trap (a panic, a stack overflow) cannot poison later cases, and so
// that Wasm runs on a main thread with Node's default stack, as users run it.

if (process.argv.includes('--serve-wasm')) {
  const { importFromConsumer } = await import('../node/pack.mjs');
  const { evaluateRego } = await importFromConsumer('rego.mjs');
  if (typeof evaluateRego !== 'function') {
    process.stderr.write('the packed conduct-engine exports no evaluateRego: rebuild pkg/ (make packed)\n');
    process.exit(2);
  }
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let out;
    try {
      out = `{"ok":${evaluateRego(line)}}`;
    } catch (e) {
      if (e && e.name === 'ConductError') {
        out = JSON.stringify({ error: { code: e.code, message: e.message } });
      } else {
        // A trap: the instance cannot be trusted afterwards. Report it and go.
        process.stdout.write(JSON.stringify({ crash: `${e && e.name}: ${e && e.message}` }) + '\n');
        process.exit(70);
      }
    }
    process.stdout.write(out + '\n');
  }
  process.exit(0);
}

// ---------------------------------------------------------------------------
// Backends: a child process speaking one JSON line per request and response.
// A crash or a timeout answers the request in flight with {crash} and the next
// request starts a fresh process.

class LineBackend {
  constructor(name, command, args) {
    Object.assign(this, { name, command, args, child: null, pending: null, started: false, restarts: 0 });
  }

  start() {
    const child = spawn(this.command, this.args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, RUST_BACKTRACE: '0' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    child.stdin.on('error', () => {}); // EPIPE after a crash: reported by 'exit'
    readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const p = this.pending;
      if (!p || p.child !== child) return;
      this.pending = null;
      clearTimeout(p.timer);
      let response;
      try {
        response = JSON.parse(line);
      } catch {
        response = { crash: `unreadable response: ${line.slice(0, 200)}` };
      }
      // A process that reported a crash is on its way out: the next request
      // goes to a fresh one.
      if (response.crash && this.child === child) {
        this.child = null;
        child.kill('SIGKILL');
      }
      p.resolve(response);
    });
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = null;
      const p = this.pending;
      if (p && p.child === child) {
        this.pending = null;
        clearTimeout(p.timer);
        p.resolve({ crash: `${this.name} exited (${signal ?? code})${stderr ? ': ' + stderr.trim().slice(-300) : ''}` });
      }
    });
    this.child = child;
  }

  eval(request) {
    if (!this.child) {
      if (this.started) this.restarts++;
      this.started = true;
      this.start();
    }
    const child = this.child;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = null;
        this.child = null;
        child.kill('SIGKILL');
        resolve({ crash: `${this.name}: no answer within ${TIMEOUT_MS / 1000} s` });
      }, TIMEOUT_MS);
      this.pending = { resolve, timer, child };
      child.stdin.write(request + '\n');
    });
  }

  close() {
    this.child?.stdin.end();
  }
}

// ---------------------------------------------------------------------------
// Values. Expected values are parsed into tagged forms where JSON falls short:
// {$set: [...]}, {$obj: [[key, value], ...]} (non-string keys), UNDEFINED.

const UNDEFINED = Symbol('undefined');
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A regorus expected value (`set!`, `object!`, `#undefined`) in tagged form. */
function regorusExpected(v) {
  if (v === '#undefined') return UNDEFINED;
  if (Array.isArray(v)) return v.map(regorusExpected);
  if (isObj(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'set!' && Array.isArray(v['set!'])) {
      return { $set: v['set!'].map(regorusExpected) };
    }
    if (keys.length === 1 && keys[0] === 'object!' && Array.isArray(v['object!'])) {
      return { $obj: v['object!'].map((e) => [regorusExpected(e?.key), regorusExpected(e?.value)]) };
    }
    return Object.fromEntries(keys.map((k) => [k, regorusExpected(v[k])]));
  }
  return v;
}

/** Does `actual` (parsed from regorus's JSON) match `expected` (tagged)? */
function matches(actual, expected) {
  if (expected === UNDEFINED) return actual === '<undefined>';
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e));
  }
  if (isObj(expected) && '$set' in expected) {
    return Array.isArray(actual) && unordered(actual, expected.$set);
  }
  if (isObj(expected) && '$obj' in expected) {
    if (!isObj(actual) || Object.keys(actual).length !== expected.$obj.length) return false;
    // regorus writes a non-string key as its JSON text.
    const entries = Object.entries(actual).map(([k, v]) => [k, v, keyValue(k)]);
    const used = new Set();
    return expected.$obj.every(([k, v]) => {
      const i = entries.findIndex(([ak, av, akv], j) =>
        !used.has(j) && (typeof k === 'string' ? ak === k : akv !== UNDEFINED && matches(akv, k)) && matches(av, v));
      if (i < 0) return false;
      used.add(i);
      return true;
    });
  }
  if (isObj(expected)) {
    if (!isObj(actual)) return false;
    const keys = Object.keys(expected);
    return Object.keys(actual).length === keys.length && keys.every((k) => k in actual && matches(actual[k], expected[k]));
  }
  return actual === expected; // numbers by value: 1 and 1.0 are both 1 here
}

function keyValue(text) {
  try {
    return JSON.parse(text);
  } catch {
    return UNDEFINED;
  }
}

/** Each expected item matched by a distinct actual item, in any order. */
function unordered(actual, expected) {
  return unorderedRows(actual, expected, false);
}

function unorderedRows(actual, expected, sortBindings) {
  if (actual.length !== expected.length) return false;
  const used = new Set();
  return expected.every((e) => {
    const i = actual.findIndex((a, j) => !used.has(j) && matchRow(a, e, sortBindings));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

/**
 * A row of bindings (or a value) against its expected form; with
 * sort_bindings, the arrays bound to each variable match in any order.
 */
function matchRow(actual, expected, sortBindings) {
  if (!sortBindings || !isObj(expected) || '$set' in expected || '$obj' in expected) return matches(actual, expected);
  if (!isObj(actual)) return false;
  const keys = Object.keys(expected);
  return Object.keys(actual).length === keys.length && keys.every((k) => k in actual &&
    (Array.isArray(expected[k]) && Array.isArray(actual[k]) ? unordered(actual[k], expected[k]) : matches(actual[k], expected[k])));
}

const show = (v) => {
  const s = JSON.stringify(v, (_, x) => (x === UNDEFINED ? '#undefined' : x));
  return s && s.length > 300 ? s.slice(0, 300) + '…' : s;
};

// ---------------------------------------------------------------------------
// Cases. Each becomes { id, suite, requests(backend) → outcome }.

async function loadYaml() {
  try {
    return (await import('js-yaml')).default;
  } catch {
    throw new Error('js-yaml is not installed: run `npm ci` (or make setup)');
  }
}

function yamlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out;
}

function loadCases(yaml, dir) {
  const cases = [];
  for (const suite of SUITES) {
    const suiteDir = path.join(dir, suite);
    if (!fs.existsSync(suiteDir)) throw new Error(`no ${suiteDir}`);
    for (const file of yamlFiles(suiteDir)) {
      const rel = path.relative(dir, file).split(path.sep).join('/');
      // CORE_SCHEMA: no timestamps (a date stays a string, as for regorus's loader).
      const docs = yaml.loadAll(fs.readFileSync(file, 'utf8'), null, { schema: yaml.CORE_SCHEMA, filename: rel }).filter(Boolean);
      const seen = new Map();
      for (const doc of docs) {
        for (const tc of doc.cases ?? []) {
          const note = String(tc.note ?? '(no note)');
          const n = (seen.get(note) ?? 0) + 1;
          seen.set(note, n);
          const id = `${rel} :: ${note}${n > 1 ? ` #${n}` : ''}`;
          cases.push(suite === 'opa-v1' ? opaCase(id, tc) : regorusCase(id, rel, tc));
        }
      }
    }
  }
  return cases;
}

const modulesOf = (tc, name) => (tc.modules ?? []).map((source, i) => ({ path: name(i), source: String(source) }));

function request(fields) {
  const r = { modules: fields.modules, query: fields.query };
  if (fields.input !== undefined) r.input = fields.input;
  if (fields.data !== undefined && fields.data !== null) r.data = fields.data;
  if (fields.regoV0) r.regoV0 = true;
  if (fields.strict) r.strict = true;
  return JSON.stringify(r);
}

// regorus: v0 syntax except in bindings.yaml; `strict` defaults to true;
// `input: {many!: [...]}` runs the query once per input; `want_result` is the
// query's value (or `many!` of them); `error` is part of the expected message.
function regorusCase(id, rel, tc) {
  const base = {
    modules: modulesOf(tc, (i) => `rego_${i}`),
    query: String(tc.query),
    data: tc.data,
    regoV0: !rel.endsWith('bindings.yaml'),
    strict: tc.strict ?? true,
  };
  const many = (v) => (isObj(v) && Array.isArray(v['many!']) ? v['many!'] : null);
  const inputs = tc.input === undefined ? [undefined] : many(tc.input) ?? [tc.input];
  const wantError = tc.error ?? tc.want_error;
  const expected = tc.want_result === undefined ? undefined : (many(tc.want_result) ?? [tc.want_result]).map(regorusExpected);
  return {
    id,
    suite: 'regorus-interpreter',
    skip: tc.skip === true,
    async run(backend) {
      const results = [];
      const raw = [];
      for (const input of inputs) {
        const r = await backend.eval(request({ ...base, input }));
        raw.push(r);
        if (r.crash) return { pass: false, why: `crash: ${r.crash}`, raw };
        if (r.error) {
          if (wantError === undefined && !tc.want_error_code) return { pass: false, why: `error: ${r.error.message}`, raw };
          if (wantError !== undefined && !r.error.message.includes(String(wantError))) {
            return { pass: false, why: `error without ${show(String(wantError))}: ${r.error.message}`, raw };
          }
          return { pass: true, raw };
        }
        results.push(...regorusValues(r.ok.result ?? []));
      }
      if (wantError !== undefined || tc.want_error_code) return { pass: false, why: `no error; wanted ${show(wantError ?? tc.want_error_code)}`, raw };
      if (expected === undefined) {
        return tc.no_result && results.length === 0 ? { pass: true, raw } : { pass: false, why: `results ${show(results)}; wanted none`, raw };
      }
      const ok = results.length === expected.length && expected.every((e, i) => matchRow(results[i], e, tc.sort_bindings));
      return ok ? { pass: true, raw } : { pass: false, why: `got ${show(results)}; wanted ${show(expected)}`, raw };
    },
  };
}

// One result: its bindings, else each expression's value; several: per result,
// its bindings, else the array of its expressions' values (regorus's runner).
function regorusValues(result) {
  const hasBindings = (r) => isObj(r.bindings) && Object.keys(r.bindings).length > 0;
  if (result.length === 1) {
    const r = result[0];
    return hasBindings(r) ? [r.bindings] : r.expressions.map((e) => e.value);
  }
  return result.map((r) => (hasBindings(r) ? r.bindings : r.expressions.map((e) => e.value)));
}

// OPA: v1 syntax; `strict_error` turns on strict builtin errors; `input_term`
// is a Rego term, evaluated (by the same backend) into the input; each result
// is a row of bindings (or the last expression's value), in any order.
function opaCase(id, tc) {
  const base = {
    modules: modulesOf(tc, (i) => `rego${i}.rego`),
    query: String(tc.query),
    data: tc.data,
    strict: tc.strict_error === true,
  };
  const errorWanted = tc.want_error !== undefined || tc.want_error_code !== undefined;
  const expected = Array.isArray(tc.want_result) ? tc.want_result : tc.want_result === undefined ? [] : null;
  return {
    id,
    suite: 'opa-v1',
    skip: tc.skip === true,
    async run(backend) {
      const raw = [];
      let input = tc.input;
      if (tc.input_term !== undefined) {
        const t = await backend.eval(request({ modules: [], query: String(tc.input_term) }));
        raw.push(t);
        if (t.crash) return { pass: false, why: `crash (input_term): ${t.crash}`, raw };
        const value = t.ok?.result?.[0]?.expressions?.at(-1)?.value;
        if (t.error || value === undefined) {
          return { pass: false, why: `input_term gave ${t.error ? t.error.message : 'no value'}`, raw };
        }
        input = value;
      }
      const r = await backend.eval(request({ ...base, input }));
      raw.push(r);
      if (r.crash) return { pass: false, why: `crash: ${r.crash}`, raw };
      if (r.error) {
        return errorWanted ? { pass: true, raw } : { pass: false, why: `error: ${r.error.message}`, raw };
      }
      if (errorWanted) return { pass: false, why: `no error; wanted ${tc.want_error_code ?? ''} ${tc.want_error ?? ''}`.trim(), raw };
      if (expected === null) return { pass: false, why: `want_result is not a list: ${show(tc.want_result)}`, raw };
      const rows = (r.ok.result ?? []).map((res) =>
        isObj(res.bindings) && Object.keys(res.bindings).length > 0 ? res.bindings : res.expressions.at(-1)?.value);
      return unorderedRows(rows, expected, tc.sort_bindings) ? { pass: true, raw } : { pass: false, why: `got ${show(rows)}; wanted ${show(expected)}`, raw };
    },
  };
}

// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { dir: path.resolve(root, '../shared/conformance'), updateFloor: false, verbose: false, filter: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--update-floor') opts.updateFloor = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--filter') opts.filter = argv[++i] ?? '';
    else if (a === '--help' || a === '-h') {
      console.log('usage: node tests/conformance/run.mjs [DIR] [--update-floor] [--verbose] [--filter TEXT]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.dir = path.resolve(a);
  }
  return opts;
}

// What a side answered, with any crash as just "crash" (messages differ by build).
const answers = (raw) => JSON.stringify(raw.map((r) => (r.crash ? 'crash' : r)));

const readJson = (file, fallback) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : fallback);

function buildNative() {
  execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'rego-eval'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  const bin = path.join(targetDir, 'release', process.platform === 'win32' ? 'rego-eval.exe' : 'rego-eval');
  if (!fs.existsSync(bin)) throw new Error(`cargo built no ${bin}`);
  return bin;
}

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const yaml = await loadYaml();
  const { prepareConsumer } = await import('../node/pack.mjs');
  prepareConsumer();
  const nativeBin = buildNative();

  let cases = loadCases(yaml, opts.dir);
  if (opts.filter !== null) cases = cases.filter((c) => c.id.includes(opts.filter));
  const omissions = readJson(OMISSIONS_FILE, { omissions: {} }).omissions ?? {};
  const floor = readJson(FLOOR_FILE, {});

  const native = new LineBackend('native rego-eval', nativeBin, []);
  const wasm = new LineBackend('Wasm evaluateRego', process.execPath, [fileURLToPath(import.meta.url), '--serve-wasm']);

  const stats = Object.fromEntries(SUITES.map((s) => [s, { cases: 0, skipped: 0, native: 0, wasm: 0, nativeOnly: [], wasmOnly: [], differ: 0 }]));
  const perCase = [];
  const missing = new Map();
  for (const c of cases) {
    const st = stats[c.suite];
    if (c.skip) {
      st.skipped++;
      perCase.push({ id: c.id, skipped: true });
      continue;
    }
    st.cases++;
    const [n, w] = await Promise.all([c.run(native), c.run(wasm)]);
    if (n.pass) st.native++;
    if (w.pass) st.wasm++;
    if (answers(n.raw) !== answers(w.raw)) st.differ++;
    if (n.pass && !w.pass) st.nativeOnly.push({ id: c.id, wasm: w.why, omission: omissions[c.id] ?? null });
    if (!n.pass && w.pass) st.wasmOnly.push({ id: c.id, native: n.why });
    for (const why of [n.why]) {
      const m = /could not find function (\S+)|unknown function (\S+)/.exec(why ?? '');
      if (m) missing.set(m[1] ?? m[2], (missing.get(m[1] ?? m[2]) ?? 0) + 1);
    }
    perCase.push({ id: c.id, native: n.pass ? 'pass' : n.why, wasm: w.pass ? 'pass' : w.why });
    if (opts.verbose && !(n.pass && w.pass)) {
      console.log(`${c.id}\n  native: ${n.pass ? 'pass' : n.why}\n  Wasm:   ${w.pass ? 'pass' : w.why}`);
    }
  }
  native.close();
  wasm.close();

  // The table.
  const pct = (k, n) => (n ? `${k} (${((100 * k) / n).toFixed(1)}%)` : '0');
  const rows = [['suite', 'cases', 'skipped', 'native pass', 'Wasm pass', 'native-only', 'floor native/Wasm']];
  for (const s of SUITES) {
    const st = stats[s];
    const f = floor[s] ?? {};
    rows.push([s, st.cases, st.skipped, pct(st.native, st.cases), pct(st.wasm, st.cases), st.nativeOnly.length, `${f.native ?? '-'}/${f.wasm ?? '-'}`]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(`Rego conformance, ${path.relative(process.cwd(), opts.dir) || '.'}: native (${path.relative(root, nativeBin)}) vs Wasm (evaluateRego, packed)`);
  for (const r of rows) console.log(r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  '));

  const problems = [];
  for (const s of SUITES) {
    const st = stats[s];
    for (const x of st.nativeOnly) {
      console.log(`  ${x.omission ? 'omitted' : 'BUG'}: passes natively, fails in Wasm: ${x.id}\n    Wasm: ${x.wasm}${x.omission ? `\n    why: ${x.omission}` : ''}`);
      if (!x.omission) problems.push(`${x.id} passes natively but fails in Wasm`);
    }
    for (const x of st.wasmOnly) console.log(`  note: passes in Wasm, fails natively: ${x.id}\n    native: ${x.native}`);
    if (st.differ) console.log(`  note: ${s}: ${st.differ} case(s) where native and Wasm answered differently`);
  }
  const listed = new Set(SUITES.flatMap((s) => stats[s].nativeOnly.map((x) => x.id)));
  for (const id of Object.keys(omissions)) {
    if (!listed.has(id) && opts.filter === null) console.log(`  note: omission no longer needed (remove it from omissions.json): ${id}`);
  }
  if (stats['opa-v1'].cases + stats['regorus-interpreter'].cases > 0 && missing.size) {
    const top = [...missing].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([f, k]) => `${f} ${k}`);
    console.log(`  builtins missing from our regorus build (cases natively): ${top.join(', ')}${missing.size > 12 ? ', …' : ''}`);
  }

  // The floor: pass counts may only go up.
  if (opts.filter === null) {
    for (const s of SUITES) {
      for (const side of ['native', 'wasm']) {
        const min = floor[s]?.[side];
        if (min !== undefined && stats[s][side] < min) problems.push(`${s}: ${side} passes ${stats[s][side]}, below the floor of ${min}`);
      }
    }
    if (opts.updateFloor) {
      const next = Object.fromEntries(SUITES.map((s) => [s, {
        native: Math.max(stats[s].native, floor[s]?.native ?? 0),
        wasm: Math.max(stats[s].wasm, floor[s]?.wasm ?? 0),
      }]));
      fs.writeFileSync(FLOOR_FILE, JSON.stringify(next, null, 2) + '\n');
      console.log(`floor: ${path.relative(process.cwd(), FLOOR_FILE)} now ${SUITES.map((s) => `${s} ${next[s].native}/${next[s].wasm}`).join(', ')}`);
    }
  }

  const summary = {
    dir: opts.dir,
    filter: opts.filter,
    durationMs: Date.now() - started,
    suites: stats,
    floor,
    restarts: { native: native.restarts, wasm: wasm.restarts },
    missingBuiltins: Object.fromEntries([...missing].sort((a, b) => b[1] - a[1])),
    problems,
    cases: perCase,
  };
  fs.mkdirSync(path.dirname(SUMMARY_FILE), { recursive: true });
  fs.writeFileSync(SUMMARY_FILE, JSON.stringify(summary, null, 2) + '\n');

  console.log(`${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; summary in ${path.relative(process.cwd(), SUMMARY_FILE)}`);
  if (problems.length) {
    console.error(`conformance: FAILED\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`conformance: ${e.stack || e.message}`);
  process.exit(2);
});
