// What each entry of the package ships, and the size budget of the default
// browser entry (tests/bench/budget.json), shared by node-bench.mjs and
// size.mjs so that both count the same files.
//
// An entry's files are its WebAssembly (listed below) and every JavaScript
// file its entry module reaches: static `import`/`export … from`, dynamic
// `import('…')`, `require('…')` and a worker script named with
// `new URL('….js', import.meta.url)`, followed from file to file inside the
// package. Each file is compressed alone (as a server sends it) and the
// sizes are summed.
//
// The budget sits just above the default browser entry's gzip size when it
// was last set, so any growth fails the benchmark until someone decides it
// is worth it and raises the budget on purpose; `target` and `aim` are the
// sizes the project works towards (issue 9).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const budgetFile = fileURLToPath(new URL('./budget.json', import.meta.url));

/**
 * The entries, relative to the package root. `wasm` is what the entry
 * loads at run time: the inline entry carries its module inside
 * inline/wasm.js, so it fetches none (the glue it shares with web/ could,
 * but is never asked to).
 */
export const ENTRIES = [
  { key: 'web', label: '`conduct-engine` in a browser (web/)', entry: 'web/index.js', wasm: ['web/conduct_engine_bg.wasm'] },
  { key: 'node', label: '`conduct-engine` in Node (node/)', entry: 'node/index.mjs', wasm: ['node/conduct_engine_bg.wasm'] },
  { key: 'inline', label: '`conduct-engine/inline` (wasm inside the JS)', entry: 'inline/index.js', wasm: [] },
  { key: 'worker', label: '`conduct-engine/worker` (page side + worker script)', entry: 'worker/index.js', wasm: ['web/conduct_engine_bg.wasm'] },
  { key: 'rego', label: '`conduct-engine/rego` in a browser (rego/web.js)', entry: 'rego/web.js', wasm: ['rego/conduct_engine_rego.wasm'] },
  { key: 'rego-node', label: '`conduct-engine/rego` in Node (rego/index.mjs)', entry: 'rego/index.mjs', wasm: ['rego/conduct_engine_rego.wasm'] },
];

/** The entry the budget applies to: the default entry as a browser downloads it. */
export const BUDGET_ENTRY = 'web';

const kib = (bytes) => `${(bytes / 1024).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KiB`;

const IMPORTS = [
  /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew\s+URL\(\s*['"]([^'"]+\.[cm]?js)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

/** The package's JavaScript files `entry` reaches, itself first. */
export function jsClosure(packageDir, entry) {
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    const file = path.join(packageDir, rel);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`make packed\` first`);
    seen.add(rel);
    // Comments name modules too (usage examples): drop them first.
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const pattern of IMPORTS) {
      for (const [, spec] of code.matchAll(pattern)) {
        if (!spec.startsWith('./') && !spec.startsWith('../')) continue; // node: builtins, other packages
        visit(path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)));
      }
    }
  };
  visit(entry);
  return [...seen];
}

/** raw, gzip -9 and brotli 11 sizes of one file. */
function fileSizes(packageDir, rel) {
  const file = path.join(packageDir, rel);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`make packed\` first`);
  const bytes = fs.readFileSync(file);
  return {
    file: rel,
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const sum = (files) => Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, files.reduce((s, f) => s + f[k], 0)]));

/**
 * One entry's files under `packageDir`, each with its raw, gzip -9 and
 * brotli 11 size: `{ key, label, files, wasm, js, total }`, where `wasm` and
 * `js` are the sums of each kind and `total` of all.
 */
export function entrySizes(packageDir, entry) {
  const wasm = entry.wasm.map((f) => fileSizes(packageDir, f));
  const js = jsClosure(packageDir, entry.entry).map((f) => fileSizes(packageDir, f));
  return { key: entry.key, label: entry.label, files: [...wasm, ...js], wasm: sum(wasm), js: sum(js), total: sum([...wasm, ...js]) };
}

/** `entrySizes` of every entry in ENTRIES. */
export const allEntrySizes = (packageDir) => ENTRIES.map((e) => entrySizes(packageDir, e));

/** What the budget counts: the default browser entry (BUDGET_ENTRY). */
export const shippedSizes = (packageDir) => entrySizes(packageDir, ENTRIES.find((e) => e.key === BUDGET_ENTRY));

/**
 * Compares a shipped gzip size with the budget. Returns `{ ok, budget,
 * target, aim, line }`: `line` is one sentence for a report, saying how far
 * the size is from the budget, the target and the aim.
 */
export function checkBudget(gzipBytes) {
  const { shippedGzipBytes: budget, target, aim } = JSON.parse(fs.readFileSync(budgetFile, 'utf8'));
  for (const [name, n] of Object.entries({ shippedGzipBytes: budget, target, aim })) {
    if (!Number.isInteger(n)) throw new Error(`${budgetFile}: ${name} must be an integer (bytes)`);
  }
  const ok = gzipBytes <= budget;
  const against = (limit, name) => {
    const d = gzipBytes - limit;
    const of = `the ${name} (${limit.toLocaleString('en-US')} B = ${kib(limit)})`;
    return d > 0 ? `${kib(d)} above ${of}, ${(gzipBytes / limit).toFixed(2)}× it` : `${kib(-d)} under ${of}`;
  };
  const goals = `${against(target, 'target')}; ${against(aim, 'aim')}`;
  const line = ok
    ? `within budget: ${gzipBytes.toLocaleString('en-US')} B gzip ≤ ${budget.toLocaleString('en-US')} B (${kib(budget - gzipBytes)} to spare); ${goals}`
    : `OVER BUDGET: the default browser entry (wasm + the JS it loads) is ${gzipBytes.toLocaleString('en-US')} B gzip -9, ` +
      `${(gzipBytes - budget).toLocaleString('en-US')} B over the budget of ${budget.toLocaleString('en-US')} B in ` +
      `${path.relative(process.cwd(), budgetFile) || budgetFile}; ${goals}. ` +
      'Shrink the build, or raise shippedGzipBytes in that file if the growth is intended.';
  return { ok, budget, target, aim, line };
}
