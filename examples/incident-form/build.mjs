// Builds the incident-form demo into a folder of static files to host as is.
//
//   node examples/incident-form/build.mjs                    # no bundler: dist/incident-form/
//   node examples/incident-form/build.mjs --bundler vite     # or webpack, esbuild, rollup: dist/incident-form-<bundler>/
//   node examples/incident-form/build.mjs --out DIR --consumer DIR
//
// `make demo` runs the first. The package comes from a project that has it
// installed (`--consumer`, default .scratch/node-consumer, where `make
// packed` installs the packed tarball): the demo's sources are copied into
// a folder of that project, so `conduct-engine` resolves as in a partner's
// app, and built there with the bundler's own command line:
//
//   none     copy the sources and the package's browser files (vendor/),
//            with the demo's bare imports rewritten to those files
//   vite     vite build                                    (no configuration)
//   webpack  webpack ./main.js --mode production           (no configuration)
//   esbuild  esbuild main=./main.js host=conduct-engine/worker/host --bundle
//              --format=esm --splitting --minify           (the worker's script as a second entry)
//            and the package's .wasm copied beside the output
//   rollup   rollup -c rollup.config.mjs (node-resolve, the worker's script
//            as a second entry, the .wasm emitted as an asset)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = (name) => path.join(repo, 'node_modules', '.bin', name);

export const BUNDLERS = ['none', 'vite', 'webpack', 'esbuild', 'rollup'];
export const SOURCES = ['index.html', 'main.js', 'strings.js', 'styles.css', 'favicon.svg'];
export const defaultConsumer = path.join(repo, '.scratch', 'node-consumer');

/** The file a browser gets for `specifier` through the package's exports map. */
function browserFile(pkgDir, specifier) {
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const sub = specifier === 'conduct-engine' ? '.' : `.${specifier.slice('conduct-engine'.length)}`;
  let target = manifest.exports[sub];
  // Conditions in the order a browser bundler tries them.
  while (target && typeof target === 'object') target = target.browser ?? target.import ?? target.default;
  if (typeof target !== 'string') throw new Error(`${specifier} has no browser file in the package's exports`);
  return target.replace(/^\.\//, '');
}

function run(command, args, cwd) {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${output}${r.error ? r.error.message : ''}`);
  return { output, ms: performance.now() - started };
}

function copySources(into) {
  fs.mkdirSync(into, { recursive: true });
  for (const name of SOURCES) fs.copyFileSync(path.join(here, name), path.join(into, name));
}

function copyStatic(from, into) {
  for (const name of ['index.html', 'styles.css', 'favicon.svg']) fs.copyFileSync(path.join(from, name), path.join(into, name));
}

/**
 * Builds the demo with `bundler`; returns `{ out, ms, output, warnings }`
 * (`warnings`: lines of the bundler's output that warn).
 */
export function build({ bundler = 'none', out, consumer = defaultConsumer } = {}) {
  if (!BUNDLERS.includes(bundler)) throw new Error(`unknown bundler "${bundler}": one of ${BUNDLERS.join(', ')}`);
  const pkgDir = path.join(consumer, 'node_modules', 'conduct-engine');
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
    throw new Error(`conduct-engine is not installed in ${consumer}: run \`make packed\` (or npm install conduct-engine there)`);
  }
  out = path.resolve(out ?? path.join(repo, 'dist', bundler === 'none' ? 'incident-form' : `incident-form-${bundler}`));
  const stage = path.join(consumer, 'apps', `incident-form-${bundler}`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
  copySources(stage);
  let result;

  switch (bundler) {
    case 'none': {
      const started = performance.now();
      copySources(out);
      // The package's browser files, as they are in node_modules.
      const vendor = path.join(out, 'vendor', 'conduct-engine');
      for (const dir of ['web', 'lib', 'form', 'worker', 'feedback']) {
        fs.cpSync(path.join(pkgDir, dir), path.join(vendor, dir), {
          recursive: true,
          filter: (src) => fs.statSync(src).isDirectory() || /\.(js|wasm)$/.test(src),
        });
      }
      // A page without a bundler or an import map imports files by URL.
      const main = path.join(out, 'main.js');
      const text = fs.readFileSync(main, 'utf8').replace(
        /((?:from|import)\s*\(?\s*)'(conduct-engine(?:\/[a-z/]+)?)'/g,
        (_, before, specifier) => `${before}'./vendor/conduct-engine/${browserFile(pkgDir, specifier)}'`,
      );
      fs.writeFileSync(main, text);
      result = { output: '', ms: performance.now() - started };
      break;
    }
    case 'vite':
      result = run(bin('vite'), ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'info'], stage);
      break;
    case 'webpack':
      result = run(bin('webpack'), ['./main.js', '--mode', 'production', '--output-path', out], stage);
      copyStatic(stage, out);
      break;
    case 'esbuild':
      result = run(bin('esbuild'), [
        'main=./main.js', 'host=conduct-engine/worker/host',
        '--bundle', '--format=esm', '--splitting', '--minify', `--outdir=${out}`, '--log-level=warning',
      ], stage);
      fs.copyFileSync(path.join(pkgDir, 'web', 'conduct_engine_bg.wasm'), path.join(out, 'conduct_engine_bg.wasm'));
      copyStatic(stage, out);
      break;
    case 'rollup':
      fs.copyFileSync(path.join(here, 'rollup.config.mjs'), path.join(stage, 'rollup.config.mjs'));
      result = run(bin('rollup'), ['-c', 'rollup.config.mjs', '--dir', out], stage);
      copyStatic(stage, out);
      break;
  }
  const warnings = result.output.split('\n').filter((line) => /warn/i.test(line));
  return { bundler, out, ms: result.ms, output: result.output, warnings };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  try {
    const r = build({ bundler: opt('--bundler') ?? 'none', out: opt('--out'), consumer: opt('--consumer') });
    process.stdout.write(r.output);
    console.log(`built the incident-form demo (${r.bundler}) into ${path.relative(process.cwd(), r.out) || '.'} in ${(r.ms / 1000).toFixed(1)} s`);
    console.log('serve it with: node examples/incident-form/serve.mjs ' + path.relative(process.cwd(), r.out));
  } catch (e) {
    console.error(`build.mjs: ${e.message}`);
    process.exit(1);
  }
}
