// Where the shipped size goes, and what each regorus feature costs (a
// measurement, not a test: nothing is timed). Prints Markdown tables:
//
//   1. Each entry of the package (tests/bench/budget.mjs says which files:
//      its wasm and every JS file its entry module reaches), raw / gzip -9 /
//      brotli 11, each file compressed alone; the default browser entry
//      (pkg/web + lib/api.js) checked against tests/bench/budget.json (exit
//      1 when over), its files listed.
//   2. Code bytes by owner, in the default entry's wasm. The un-optimised library
//      (target/wasm32-unknown-unknown/release/conduct_engine.wasm, which has
//      a `name` section) goes through wasm-bindgen as in scripts/build-pkg.sh
//      (that drops the describe functions the CLI runs and removes), and
//      then through the same wasm-opt -O3 with `-g`, which keeps the names:
//      that module is the shipped one byte for byte plus its name section.
//      Each function body is charged to the first non-standard crate its
//      demangled name mentions (so `drop_in_place<regorus::ast::Expr>` and
//      `<Value as Clone>::clone` count for regorus), regorus by module; the
//      data section is split into the embedded files (bytecode, policies,
//      messages, config), found by content, and the rest (string constants,
//      tables). The gzip column compresses each owner's bytes alone and
//      scales the results to the whole module's gzip size: an estimate of
//      the share, since gzip's window spans owners.
//   3. The largest functions of the shipped module.
//   4. Feature deltas: tests/bench/size-probe (regorus used as the partner
//      entry uses it), built with regorus's features switched on one by one,
//      each through wasm-bindgen and wasm-opt -O3 like the package, beside
//      the partner entry's shipped wasm (rego/conduct_engine_rego.wasm).
//
//   make packed && node tests/bench/size.mjs
//
// Environment:
//   SIZE_PROBES=0          skip part 4 (the probe builds: ~4-5 min cold on 2
//                          cores, a few seconds when cached)
//   SIZE_FAMILIES=regex,time,...|all
//                          also probe these builtin families on top of
//                          conduct-engine's features (each ~1 min cold):
//                          regex time semver glob net base64 jsonschema uuid
//                          yaml urlquery full-opa; `all` = every one
//   SIZE_OPT_LEVELS=s,z    also build conduct-engine's set and the VM-only
//                          probe at these Rust opt-levels (wasm-opt -Os/-Oz
//                          to match): what trading speed for size buys
//   SIZE_TOP=15            rows of the largest-functions table
//
// Builds go to .scratch/size (the named module) and .scratch/size-probe
// (probe crate copy, CARGO_TARGET_DIR .scratch/size-probe-target, results
// cache). Needs `make packed` first (pkg/ and the un-optimised wasm).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { BUDGET_ENTRY, allEntrySizes, checkBudget } from './budget.mjs';
import { namedModules, root, run, sha256, unoptimised, wasmOpt, wasmOptArgs, wasmOptParts } from './named-build.mjs';
import { owner, parseWasm, rustName } from './wasm-anatomy.mjs';

const probeScratch = path.join(root, '.scratch', 'size-probe');
const probeTarget = path.join(root, '.scratch', 'size-probe-target');
const TOP = Number(process.env.SIZE_TOP ?? 15);
const ALL_FAMILIES = ['regex', 'time', 'semver', 'glob', 'net', 'base64', 'jsonschema', 'uuid', 'yaml', 'urlquery', 'full-opa'];

const fmt = (x, digits = 1) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes) => fmt(bytes / 1024);
const pct = (part, whole) => `${fmt((100 * part) / whole)}%`;
const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const log = (msg) => process.stderr.write(`size.mjs: ${msg}\n`);

function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed:\n${err}`))));
  });
}

// ---------------------------------------------------------------- 1. shipped

const entries = allEntrySizes(path.join(root, 'pkg'));
const shipped = entries.find((e) => e.key === BUDGET_ENTRY);
const budget = checkBudget(shipped.total.gzip);
/** The size of one file of the package, as budget.mjs measured it. */
const fileOf = (entryKey, file) => entries.find((e) => e.key === entryKey).files.find((f) => f.file === file);
const webWasm = fileOf(BUDGET_ENTRY, 'web/conduct_engine_bg.wasm');
const regoWasm = fileOf('rego', 'rego/conduct_engine_rego.wasm');

// ---------------------------------------------------------------- 2. owners

/** The embedded files, to find in the data section by content. */
function embeddedBlobs() {
  const blobs = [];
  const build = path.join(root, 'target', 'wasm32-unknown-unknown', 'release', 'build');
  const outs = fs.existsSync(build)
    ? fs.readdirSync(build)
        .filter((d) => d.startsWith('conduct-engine-'))
        .map((d) => path.join(build, d, 'out', 'builtin.rvm'))
        .filter((f) => fs.existsSync(f))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
    : [];
  if (outs[0]) blobs.push({ group: 'data: policy bytecode (builtin.rvm)', bytes: fs.readFileSync(outs[0]) });
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(root, 'policies')).sort()) {
    const rel = path.relative(root, file);
    if (file.endsWith('.rego') && !file.endsWith('_test.rego')) blobs.push({ group: 'data: policy sources (.rego)', bytes: fs.readFileSync(file), rel });
    else if (rel.startsWith(path.join('policies', 'messages'))) blobs.push({ group: 'data: messages (en, nl)', bytes: fs.readFileSync(file), rel });
    else if (file.endsWith('.json')) blobs.push({ group: 'data: default config', bytes: fs.readFileSync(file), rel });
  }
  return blobs;
}

/** Splits a module into `{ group → { bytes: Buffer[] } }`: code by owner, data by content, other sections. */
function attribute(module, blobs) {
  const groups = new Map();
  const crates = new Map();
  const add = (map, key, bytes) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(bytes);
  };
  for (const b of module.bodies) {
    const o = owner(b.name);
    add(groups, o.group, b.bytes);
    add(crates, `${o.group}\u0000${o.crate}`, b.bytes);
  }
  // The data segments laid out in memory as they load (wasm-opt drops runs
  // of zeros and splits segments there, so an embedded file may span
  // several), each byte marked present or not.
  const active = module.data.filter((d) => d.offset !== null);
  const base = Math.min(...active.map((d) => d.offset));
  const end = Math.max(...active.map((d) => d.offset + d.bytes.length));
  const image = Buffer.alloc(end - base);
  const present = new Uint8Array(end - base);
  for (const d of active) {
    d.bytes.copy(image, d.offset - base);
    present.fill(1, d.offset - base, d.offset - base + d.bytes.length);
  }
  const taken = new Uint8Array(end - base);
  const presentParts = (from, to) => {
    const parts = [];
    let i = from;
    while (i < to) {
      let j = i;
      while (j < to && present[j] === present[i] && taken[j] === taken[i]) j++;
      if (present[i] && !taken[i]) parts.push(image.subarray(i, j));
      i = j;
    }
    return parts;
  };
  for (const blob of blobs) {
    const at = image.indexOf(blob.bytes);
    if (at < 0) continue;
    for (const part of presentParts(at, at + blob.bytes.length)) add(groups, blob.group, part);
    taken.fill(1, at, at + blob.bytes.length);
  }
  add(groups, 'data: other constants (strings, tables, vtables)', Buffer.concat(presentParts(0, image.length)));
  for (const d of module.data.filter((d) => d.offset === null)) add(groups, 'data: other constants (strings, tables, vtables)', d.bytes);
  // The rest of the file: the other sections (types, imports, exports,
  // element table…; not the name section, which shipping strips), and the
  // headers of function bodies and data segments.
  const structure = module.sections.filter((s) => s.id !== 10 && s.id !== 11 && s.name !== 'name').map((s) => s.bytes);
  const nameSection = module.sections.find((s) => s.name === 'name')?.size ?? 0;
  const accounted = [...groups.values()].flat().reduce((s, b) => s + b.length, 0) + structure.reduce((s, b) => s + b.length, 0);
  structure.push(Buffer.alloc(module.size - nameSection - accounted));
  add(groups, 'module structure (types, imports, exports, headers)', Buffer.concat(structure));
  return { groups, crates, shippedSize: module.size - nameSection };
}

const GROUP_ORDER = [
  'regorus rvm: vm (executes bytecode)',
  'regorus rvm: compiler (Rego → bytecode)',
  'regorus rvm: program & serialization',
  'regorus interpreter',
  'regorus engine & analysis (shared by both)',
  'regorus parser, lexer & AST',
  'regorus builtins',
  'regorus value, number & other',
  'serde_json',
  'conduct_engine (our code)',
  'std / core / alloc',
  'wasm-bindgen (glue)',
  'other crates',
  'data: policy bytecode (builtin.rvm)',
  'data: policy sources (.rego)',
  'data: messages (en, nl)',
  'data: default config',
  'data: other constants (strings, tables, vtables)',
  'module structure (types, imports, exports, headers)',
];

function ownersReport() {
  const { bound, named } = namedModules({ log });
  const blobs = embeddedBlobs();
  const before = parseWasm(fs.readFileSync(bound));
  const afterBytes = fs.readFileSync(named);
  const after = parseWasm(afterBytes);
  if (!before.hasNames || !after.hasNames) throw new Error('the modules have no name section: were they built with names stripped?');
  const a = attribute(before, blobs);
  const b = attribute(after, blobs);
  const sum = (bufs) => (bufs ?? []).reduce((s, x) => s + x.length, 0);
  // gzip per group alone, scaled to the whole shipped module's gzip size.
  const alone = new Map([...b.groups].map(([g, bufs]) => [g, gzip(Buffer.concat(bufs))]));
  const aloneTotal = [...alone.values()].reduce((s, x) => s + x, 0);
  const wasmGzip = webWasm.gzip;
  const rows = GROUP_ORDER.filter((g) => a.groups.has(g) || b.groups.has(g)).map((g) => {
    const share = ((alone.get(g) ?? 0) / aloneTotal) * wasmGzip;
    return { g, before: sum(a.groups.get(g)), after: sum(b.groups.get(g)), share };
  });
  const totals = { before: a.shippedSize, after: b.shippedSize };

  const lines = [];
  lines.push(`### Shipped wasm by owner\n`);
  lines.push(
    `Un-optimised: \`${path.relative(root, unoptimised)}\` after wasm-bindgen (${kib(totals.before)} KiB without its name section). ` +
      `Shipped: the same through \`wasm-opt ${wasmOptArgs().join(' ')} -g\` (${kib(totals.after)} KiB without names; ` +
      `pkg/web's wasm is ${kib(webWasm.raw)} KiB${totals.after === webWasm.raw ? ', the same bytes' : ': NOT the same build; run `make packed` again'}). ` +
      `gzip share: each owner's bytes compressed alone, scaled to the shipped wasm's ${kib(wasmGzip)} KiB gzip -9.\n`,
  );
  lines.push('| owner | before wasm-opt, KiB | shipped (-O3), KiB | share | ≈ gzip, KiB | gzip share |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    lines.push(`| ${r.g} | ${kib(r.before)} | ${kib(r.after)} | ${pct(r.after, totals.after)} | ${kib(r.share)} | ${pct(r.share, wasmGzip)} |`);
  }
  lines.push(`| **total wasm** | **${kib(totals.before)}** | **${kib(totals.after)}** | 100% | **${kib(wasmGzip)}** | 100% |`);
  lines.push(`| JS the entry loads (${shipped.files.filter((f) => !f.file.endsWith('.wasm')).map((f) => f.file).join(', ')}) | | ${kib(shipped.js.raw)} | | ${kib(shipped.js.gzip)} | |`);

  const regorus = rows.filter((r) => r.g.startsWith('regorus'));
  const rvm = rows.filter((r) => r.g.startsWith('regorus rvm'));
  const sumOf = (rs, k) => rs.reduce((s, r) => s + r[k], 0);
  lines.push('');
  lines.push(
    sumOf(regorus, 'after') === 0
      ? 'regorus: none in this module (the default entry has no Rego runtime).'
      : `regorus in all: ${kib(sumOf(regorus, 'after'))} KiB shipped (${pct(sumOf(regorus, 'after'), totals.after)}), ≈ ${kib(sumOf(regorus, 'share'))} KiB gzip; ` +
          `of which the RVM (vm + compiler + program): ${kib(sumOf(rvm, 'after'))} KiB, ≈ ${kib(sumOf(rvm, 'share'))} KiB gzip.`,
  );

  const others = [...b.crates]
    .filter(([k]) => k.startsWith('other crates\u0000'))
    .map(([k, bufs]) => [k.split('\u0000')[1], sum(bufs)])
    .sort((x, y) => y[1] - x[1]);
  lines.push(`Other crates (shipped KiB): ${others.map(([c, n]) => `${c} ${kib(n)}`).join(', ')}.`);
  lines.push(
    'Inlining moves code between owners: -O3 folds regorus and std code into our functions (`Engine::with_config`, `add_policies`) ' +
      'and into the exported API shims, so the un-optimised column is the fairer split of who brings the code; the shipped column is what is downloaded.',
  );

  // The crates and regorus modules behind the groups, largest first.
  lines.push(`\n### By crate / regorus module (shipped, -O3), largest ${TOP}\n`);
  lines.push('| crate or module | group | shipped, KiB | ≈ gzip alone, KiB |');
  lines.push('| --- | --- | ---: | ---: |');
  const crateRows = [...b.crates]
    .map(([k, bufs]) => {
      const [g, c] = k.split('\u0000');
      return { g, c, bytes: sum(bufs), bufs };
    })
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, TOP);
  for (const r of crateRows) lines.push(`| \`${r.c}\` | ${r.g} | ${kib(r.bytes)} | ${kib(gzip(Buffer.concat(r.bufs)))} |`);

  lines.push(`\n### Largest functions (shipped, -O3; inlining makes a caller carry its callees)\n`);
  lines.push('| bytes | function | owner |');
  lines.push('| ---: | --- | --- |');
  for (const f of [...after.bodies].sort((x, y) => y.size - x.size).slice(0, TOP)) {
    const n = rustName(f.name).replace(/::h[0-9a-f]{16}$/, '');
    lines.push(`| ${f.size.toLocaleString('en-US')} | \`${n.length > 110 ? `${n.slice(0, 107)}…` : n}\` | ${owner(f.name).group} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 4. probes

const BASE = ['arc', 'std', 'rvm'];
function probeVariants() {
  const variants = [
    { label: 'interpreter only', features: [] },
    { label: '+ arc (Arc instead of Rc)', features: ['arc'] },
    { label: '+ std', features: ['arc', 'std'] },
    { label: '+ rvm (the VM): conduct-engine\'s set', features: BASE, ours: true },
    // Not a regorus feature: the probe calls only the VM (load bytecode, run).
    { label: 'that set, calling only the VM (bytecode from build time; no parser, compiler, interpreter)', features: [...BASE, 'vm-only'], family: true },
  ];
  const wanted = (process.env.SIZE_FAMILIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const families = wanted.includes('all') ? ALL_FAMILIES : wanted;
  for (const f of families) {
    if (!ALL_FAMILIES.includes(f)) throw new Error(`SIZE_FAMILIES: unknown family '${f}' (known: ${ALL_FAMILIES.join(' ')}, all)`);
    const what = { base64: 'base64 (with base64url and hex)', 'full-opa': 'full-opa (every OPA builtin family)', glob: 'glob (globset brings regex)' }[f] ?? f;
    variants.push({ label: `conduct-engine's set + ${what}`, features: [...BASE, f], family: true });
  }
  for (const level of (process.env.SIZE_OPT_LEVELS ?? '').split(',').filter(Boolean)) {
    if (!['s', 'z', '1', '2'].includes(level)) throw new Error(`SIZE_OPT_LEVELS: '${level}' is not an opt-level to try (s, z, 1, 2)`);
    const wasmLevel = `-O${level}`;
    variants.push({ label: `conduct-engine's set at opt-level ${level} (wasm-opt ${wasmLevel})`, features: BASE, optLevel: level, wasmLevel, family: true });
    variants.push({ label: `VM only at opt-level ${level} (wasm-opt ${wasmLevel})`, features: [...BASE, 'vm-only'], optLevel: level, wasmLevel, family: true });
  }
  return variants;
}

async function probesReport() {
  const variants = probeVariants();
  const crate = path.join(probeScratch, 'crate');
  const source = path.join(root, 'tests', 'bench', 'size-probe');
  fs.mkdirSync(path.join(crate, 'src'), { recursive: true });
  for (const f of ['Cargo.toml', path.join('src', 'lib.rs')]) fs.copyFileSync(path.join(source, f), path.join(crate, f));
  // The main lockfile, so the probe links the same versions as the package
  // (cargo adds what the optional families need).
  const lockSeed = path.join(probeScratch, 'Cargo.lock.seed');
  const mainLock = fs.readFileSync(path.join(root, 'Cargo.lock'));
  if (!fs.existsSync(lockSeed) || !mainLock.equals(fs.readFileSync(lockSeed))) {
    fs.copyFileSync(path.join(root, 'Cargo.lock'), path.join(crate, 'Cargo.lock'));
    fs.writeFileSync(lockSeed, mainLock);
  }
  const optArgs = wasmOptArgs();
  const cacheFile = path.join(probeScratch, 'results.json');
  const cache = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
  const inputs = sha256(...['Cargo.toml', path.join('src', 'lib.rs')].map((f) => fs.readFileSync(path.join(source, f))), mainLock, optArgs.join(' '), fs.realpathSync(wasmOpt));
  const pending = [];
  const started = Date.now();
  for (const v of variants) {
    const key = sha256(inputs, v.features.join(','), v.optLevel ? `opt-level=${v.optLevel}` : '');
    if (cache[key]) {
      v.result = cache[key];
      continue;
    }
    const t0 = Date.now();
    log(`probe: cargo build --features '${v.features.join(',')}'`);
    await runAsync(
      'cargo',
      ['build', '--release', '--target', 'wasm32-unknown-unknown', '--quiet', '--no-default-features', ...(v.features.length ? ['--features', v.features.join(',')] : [])],
      { cwd: crate, env: { ...process.env, CARGO_TARGET_DIR: probeTarget, ...(v.optLevel ? { CARGO_PROFILE_RELEASE_OPT_LEVEL: v.optLevel } : {}) } },
    );
    const dir = path.join(probeScratch, 'out', (v.features.join('+') || 'none') + (v.optLevel ? `-opt-${v.optLevel}` : ''));
    fs.rmSync(dir, { recursive: true, force: true });
    run('wasm-bindgen', ['--target', 'web', '--out-dir', dir, '--out-name', 'probe', path.join(probeTarget, 'wasm32-unknown-unknown', 'release', 'conduct_size_probe.wasm')]);
    log(`probe: built in ${fmt((Date.now() - t0) / 1000, 0)} s; wasm-opt in the background`);
    // wasm-opt runs while cargo builds the next variant.
    pending.push(
      runAsync(wasmOpt, [...(v.wasmLevel ? [v.wasmLevel, ...optArgs.filter((a) => !wasmOptParts().opt.includes(a))] : optArgs), path.join(dir, 'probe_bg.wasm'), '-o', path.join(dir, 'probe_opt.wasm')]).then(() => {
        const bytes = fs.readFileSync(path.join(dir, 'probe_opt.wasm'));
        const js = fs.readFileSync(path.join(dir, 'probe.js'));
        v.result = { raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes), jsGzip: gzip(js) };
        cache[key] = v.result;
      }),
    );
  }
  await Promise.all(pending);
  fs.writeFileSync(cacheFile, JSON.stringify(cache, null, 2));
  if (pending.length) log(`probes: ${pending.length} built in ${fmt((Date.now() - started) / 1000, 0)} s`);

  const ours = variants.find((v) => v.ours).result;
  const lines = [];
  lines.push('### What regorus features cost (tests/bench/size-probe, wasm after wasm-opt -O3)\n');
  lines.push(
    'The probe parses and evaluates Rego with the interpreter and, with `rvm`, compiles it to bytecode, serialises, loads and runs it: ' +
      'what `conduct-engine/rego` does, without its own code and data (the default entry has no regorus in it). Δ is against the row above for the first rows, against conduct-engine\'s set for the families.\n',
  );
  lines.push('| probe | regorus features | wasm, KiB | gzip -9, KiB | brotli, KiB | Δ gzip, KiB |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
  let prev = null;
  for (const v of variants) {
    const r = v.result;
    const ref = v.family ? ours : prev;
    const delta = ref ? `${r.gzip >= ref.gzip ? '+' : '−'}${kib(Math.abs(r.gzip - ref.gzip))}` : '';
    const features = v.features.filter((f) => f !== 'vm-only');
    lines.push(`| ${v.label} | ${features.length ? `\`${features.join(', ')}\`` : '(none)'} | ${kib(r.raw)} | ${kib(r.gzip)} | ${kib(r.brotli)} | ${delta} |`);
    if (!v.family) prev = r;
  }
  lines.push(
    `| \`conduct-engine/rego\` as shipped (wasm32-wasip1, no wasm-bindgen): its set + the compiled catalogue, our code, data, sandbox | \`arc, std, rvm\` | ${kib(regoWasm.raw)} | ${kib(regoWasm.gzip)} | ${kib(regoWasm.brotli)} | ${regoWasm.gzip >= ours.gzip ? '+' : '−'}${kib(Math.abs(regoWasm.gzip - ours.gzip))} |`,
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------- run

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'pkg', 'package.json'), 'utf8'));
console.log(`## conduct-engine ${manifest.version}: size\n`);
console.log('### Per entry: its wasm and every JS file its entry module reaches, each file compressed alone (KiB)\n');
console.log('| entry | files | raw | gzip -9 | brotli 11 | of which wasm, gzip | JS, gzip | gzip ÷ the default browser entry\'s |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const e of entries) {
  console.log(
    `| ${e.label} | ${e.files.length} | ${kib(e.total.raw)} | ${kib(e.total.gzip)} | ${kib(e.total.brotli)} | ${kib(e.wasm.gzip)} | ${kib(e.js.gzip)} | ${fmt(e.total.gzip / shipped.total.gzip, 2)}× |`,
  );
}
console.log('\nThe inline entry\'s wasm is inside inline/wasm.js (gzip, then base64). The worker counts its page side and its worker script (one download of files they share).');
console.log(`\n### The default browser entry (what the budget counts)\n`);
console.log('| file | raw | gzip -9 | brotli 11 |');
console.log('| --- | ---: | ---: | ---: |');
for (const f of shipped.files) console.log(`| ${f.file} | ${kib(f.raw)} KiB | ${kib(f.gzip)} KiB | ${kib(f.brotli)} KiB |`);
console.log(`| **total** | **${kib(shipped.total.raw)} KiB** | **${kib(shipped.total.gzip)} KiB** | **${kib(shipped.total.brotli)} KiB** |`);
console.log(`\nBudget (tests/bench/budget.json): ${budget.line}\n`);
console.log(ownersReport());
console.log('');
if (process.env.SIZE_PROBES === '0') console.log('(feature deltas skipped: SIZE_PROBES=0)');
else console.log(await probesReport());
if (!budget.ok) {
  console.error(`\nsize.mjs: ${budget.line}`);
  process.exitCode = 1;
}
