// The size budget of the shipped browser build (tests/bench/budget.json),
// shared by node-bench.mjs and size.mjs. The budget sits just above the
// size measured when it was last set, so any growth fails the benchmark
// until someone decides it is worth it and raises the budget on purpose;
// `target` is the size the project aims for (issue 5: 300 KB gzip).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const budgetFile = fileURLToPath(new URL('./budget.json', import.meta.url));

/** The files a browser downloads, relative to the package root. */
export const SHIPPED_FILES = ['web/conduct_engine_bg.wasm', 'web/conduct_engine.js'];

const kib = (bytes) => `${(bytes / 1024).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KiB`;

/** raw, gzip -9 and brotli 11 sizes of each shipped file under `packageDir`, and their sums. */
export function shippedSizes(packageDir) {
  const files = SHIPPED_FILES.map((f) => {
    const file = path.join(packageDir, f);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`make packed\` first`);
    const bytes = fs.readFileSync(file);
    return {
      file: f,
      raw: bytes.length,
      gzip: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, files.reduce((s, f) => s + f[k], 0)]));
  return { files, total };
}

/**
 * Compares a shipped gzip size with the budget. Returns `{ ok, budget,
 * target, line }`: `line` is one sentence for a report, saying how far the
 * size is from the budget and from the target.
 */
export function checkBudget(gzipBytes) {
  const { shippedGzipBytes: budget, target } = JSON.parse(fs.readFileSync(budgetFile, 'utf8'));
  if (!Number.isInteger(budget) || !Number.isInteger(target)) {
    throw new Error(`${budgetFile}: shippedGzipBytes and target must be integers (bytes)`);
  }
  const ok = gzipBytes <= budget;
  const toTarget = gzipBytes - target;
  const targetText =
    toTarget > 0
      ? `${kib(toTarget)} above the ${kib(target)} target (${(gzipBytes / target).toFixed(2)}× it)`
      : `${kib(-toTarget)} under the ${kib(target)} target`;
  const line = ok
    ? `within budget: ${gzipBytes.toLocaleString('en-US')} B gzip ≤ ${budget.toLocaleString('en-US')} B (${kib(budget - gzipBytes)} to spare); ${targetText}`
    : `OVER BUDGET: the shipped browser build (wasm + JS glue) is ${gzipBytes.toLocaleString('en-US')} B gzip -9, ` +
      `${(gzipBytes - budget).toLocaleString('en-US')} B over the budget of ${budget.toLocaleString('en-US')} B in ` +
      `${path.relative(process.cwd(), budgetFile) || budgetFile}; ${targetText}. ` +
      'Shrink the build, or raise shippedGzipBytes in that file if the growth is intended.';
  return { ok, budget, target, line };
}
