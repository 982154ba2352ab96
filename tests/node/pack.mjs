// Packs pkg/ with `npm pack` and installs the tarball into a scratch project,
// .scratch/node-consumer/, so that tests load `conduct-engine` exactly as a
// user does: by its name, through its `exports` map, from node_modules.
//
//   node tests/node/pack.mjs     (run by `make test` before the test files)
//
// Test files call prepareConsumer() too; it is idempotent (skips the install
// when the tarball is unchanged) and serialised by a lock, so any test file
// also runs on its own.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const pkgDir = path.join(root, 'pkg');
export const scratch = path.join(root, '.scratch');
export const consumerDir = path.join(scratch, 'node-consumer');
export const installedDir = path.join(consumerDir, 'node_modules', 'conduct-engine');

// Entry files of the consumer project: each loads the package by its name.
const ENTRIES = {
  'package.json': JSON.stringify({ name: 'node-consumer', private: true, type: 'module' }, null, 2) + '\n',
  'esm.mjs': "export * from 'conduct-engine';\n",
  'cjs.cjs': "module.exports = require('conduct-engine');\n",
  'node-subpath.cjs': "module.exports = require('conduct-engine/node');\n",
  'web.mjs': "export * from 'conduct-engine/web';\nexport { default } from 'conduct-engine/web';\n",
  'rego.mjs': "export * from 'conduct-engine/rego';\n",
  'rego.cjs': "module.exports = require('conduct-engine/rego');\n",
  'manifest.cjs': "module.exports = require('conduct-engine/package.json');\n",
};

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(fn) {
  fs.mkdirSync(scratch, { recursive: true });
  const lock = path.join(scratch, '.pack-lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than three minutes was left by a killed run.
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      else sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Packs pkg/ and installs it into the consumer project; returns its folder. */
export function prepareConsumer() {
  if (!fs.existsSync(path.join(pkgDir, '.build-stamp'))) {
    throw new Error('pkg/ is not built: run `make pkg` (or scripts/build-pkg.sh) first');
  }
  return withLock(() => {
    // pkg/.build-stamp identifies a build of pkg/: the same build needs no new pack.
    const build = fs.readFileSync(path.join(pkgDir, '.build-stamp'), 'utf8');
    const builtStamp = path.join(consumerDir, '.installed-build');
    if (fs.existsSync(builtStamp) && fs.readFileSync(builtStamp, 'utf8') === build && fs.existsSync(installedDir)) {
      return consumerDir;
    }
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], pkgDir));
    const tarball = path.join(scratch, packed.filename);
    const hash = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
    const stamp = path.join(consumerDir, '.installed-tarball');
    const fresh = fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash && fs.existsSync(installedDir);
    if (!fresh) {
      fs.rmSync(consumerDir, { recursive: true, force: true });
      fs.mkdirSync(consumerDir, { recursive: true });
      for (const [name, text] of Object.entries(ENTRIES)) fs.writeFileSync(path.join(consumerDir, name), text);
      npm(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', tarball], consumerDir);
      fs.writeFileSync(stamp, hash);
    }
    fs.writeFileSync(path.join(scratch, 'packed.json'), JSON.stringify(packed, null, 2));
    fs.writeFileSync(builtStamp, build);
    return consumerDir;
  });
}

/** What `npm pack` reported for the last pack (file list, size...). */
export function packedManifest() {
  return JSON.parse(fs.readFileSync(path.join(scratch, 'packed.json'), 'utf8'));
}

/** `import()` of a consumer entry file (`esm.mjs`, `web.mjs`). */
export function importFromConsumer(entry) {
  return import(pathToFileURL(path.join(consumerDir, entry)).href);
}

/** `require()` of a consumer entry file (`cjs.cjs`). */
export function requireFromConsumer(entry) {
  return createRequire(path.join(consumerDir, 'package.json'))(path.join(consumerDir, entry));
}

/** The installed command-line tool, as `npx conduct-engine` would run it. */
export const cliPath = path.join(consumerDir, 'node_modules', '.bin', 'conduct-engine');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    prepareConsumer();
  } catch (e) {
    console.error(`pack.mjs: ${e.stderr || e.message}`);
    process.exit(1);
  }
}
