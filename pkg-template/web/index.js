// conduct-engine for browsers, workers and bundlers: call `init()` once (it
// fetches and compiles conduct_engine_bg.wasm next to this file), then use
// the engine synchronously. `init` and `initSync` check their argument
// before wasm-bindgen's loader sees it, and an engine made before the
// module is loaded is a typed error, not a failure inside the glue.
import rawInit, * as raw from './conduct_engine.js';
import { initInput, initSyncInput, loadError, makeApi, wasmBackend } from '../lib/api.js';

let loaded = false;

/**
 * Fetches and compiles the module (once). `input`: nothing (the file next to
 * this one), a URL, a Response, bytes, a compiled `WebAssembly.Module`, a
 * promise of one, or `{ module_or_path }`. Resolves to the instance's
 * exports.
 */
export default async function init(input) {
  const source = initInput('init', input);
  let exports;
  try {
    exports = await rawInit(source === undefined ? undefined : { module_or_path: source });
  } catch (e) {
    throw loadError('init', e);
  }
  loaded = true;
  // As in 0.1.0 (wasm-bindgen's own init): the instance's exports, for
  // reading its memory; calling them directly bypasses every check.
  return exports;
}

/** As `init`, synchronously, from bytes or a compiled module: `initSync({ module })`. */
export function initSync(options) {
  const module = initSyncInput('initSync', options);
  try {
    raw.initSync({ module });
  } catch (e) {
    throw loadError('initSync', e);
  }
  loaded = true;
}

export const { ConductEngine, ConductSession, ConductError, version, incidentSchema } = makeApi(wasmBackend(raw, () => loaded));
