// The shipped module with its function names: the un-optimised library
// (target/wasm32-unknown-unknown/release/conduct_engine.wasm) through
// wasm-bindgen --target web and the same wasm-opt as scripts/build-pkg.sh,
// plus `-g`, which keeps the name section. Apart from that section it is
// the shipped pkg/web wasm byte for byte, so size.mjs can attribute bytes
// and cold-start.mjs can profile with readable names. Built into
// .scratch/size/ and cached by content (wasm-opt takes ~30 s).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const wasmOpt = path.join(root, 'node_modules', '.bin', 'wasm-opt');
export const unoptimised = path.join(root, 'target', 'wasm32-unknown-unknown', 'release', 'conduct_engine.wasm');
const scratch = path.join(root, '.scratch', 'size');

process.env.PATH = `${path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin')}${path.delimiter}${process.env.PATH}`;

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

export const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/**
 * wasm-opt's arguments exactly as scripts/build-pkg.sh passes them (read
 * from it, so they cannot drift): `{ opt, features, extra, all }`, where
 * `opt` is the optimisation level and its tuning, `extra` what follows the
 * features (--strip-producers).
 */
export function wasmOptParts() {
  const script = fs.readFileSync(path.join(root, 'scripts', 'build-pkg.sh'), 'utf8');
  const array = (name) => {
    const m = script.match(new RegExp(`^${name}=\\(([^)]*)\\)`, 'm'));
    // Shell defaults (`${WASM_OPT_LEVEL:-3}`) resolve as the script would.
    const expand = (word) =>
      word.replace(/"?\$\{(\w+):-([^}]*)\}"?/g, (_, v, d) => process.env[v] || d).replace(/^"|"$/g, '');
    return m ? m[1].split(/\s+/).filter(Boolean).map(expand) : null;
  };
  // Either `"$wasm_opt" "${opt[@]}" "${features[@]}" … "$1"` or, before the
  // `opt` array existed, `"$wasm_opt" -O3 "${features[@]}" … "$1"`.
  const call = script.match(/"\$wasm_opt" (?:"\$\{opt\[@\]\}"|(-O\w*)) "\$\{features\[@\]\}" ([^"]*)"\$1"/);
  const features = array('features');
  const opt = call && (call[1] ? [call[1]] : array('opt'));
  if (!opt || !features || !call) throw new Error('could not read the wasm-opt flags from scripts/build-pkg.sh');
  const extra = call[2].split(/\s+/).filter(Boolean);
  return { opt, features, extra, all: [...opt, ...features, ...extra] };
}

export const wasmOptArgs = () => wasmOptParts().all;

/**
 * Returns `{ bound, named, glue }`: the un-optimised module after
 * wasm-bindgen, the optimised one with names, and the web JS glue that
 * loads either.
 */
export function namedModules({ log = () => {} } = {}) {
  if (!fs.existsSync(unoptimised)) {
    log('building the un-optimised library (cargo build --release --target wasm32-unknown-unknown --lib --no-default-features)');
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--no-default-features', '--quiet'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  fs.mkdirSync(scratch, { recursive: true });
  const bindgenDir = path.join(scratch, 'bindgen');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', bindgenDir, '--out-name', 'conduct_engine', unoptimised]);
  const bound = path.join(bindgenDir, 'conduct_engine_bg.wasm');
  const named = path.join(scratch, 'conduct_engine_named_O3.wasm');
  const args = [...wasmOptArgs(), '-g'];
  const stampFile = `${named}.stamp`;
  const stamp = sha256(fs.readFileSync(bound), args.join(' '), fs.realpathSync(wasmOpt));
  if (!fs.existsSync(named) || !fs.existsSync(stampFile) || fs.readFileSync(stampFile, 'utf8') !== stamp) {
    log(`wasm-opt ${args.join(' ')} (keeps the name section; ~30 s)`);
    run(wasmOpt, [...args, bound, '-o', named]);
    fs.writeFileSync(stampFile, stamp);
  }
  return { bound, named, glue: path.join(bindgenDir, 'conduct_engine.js') };
}
