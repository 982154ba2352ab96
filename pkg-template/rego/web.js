// conduct-engine/rego for browsers, workers and bundlers: call `init()` once
// (it fetches and compiles the module next to this file), then construct
// engines synchronously; each gets a WebAssembly instance of its own.
import { ConductError, initInput, initSyncInput, loadError, makeApi, makeRego } from '../lib/api.js';
import { sandboxBackend, DEFAULT_BUDGET, DEFAULT_MEMORY_BYTES, MAX_MEMORY_BYTES } from './host.js';

let compiled = null;

/**
 * Fetches and compiles the module (once). `input` may be a URL, a Response,
 * bytes, a compiled `WebAssembly.Module`, a promise of one, or
 * `{ module_or_path }`.
 */
export default async function init(input) {
  if (compiled) return;
  let source = initInput('init', input) ?? new URL('conduct_engine_rego.wasm', import.meta.url);
  try {
    if (source instanceof WebAssembly.Module) {
      compiled = source;
      return;
    }
    if (typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request)) source = fetch(source);
    source = await source;
    if (typeof Response === 'function' && source instanceof Response) {
      compiled = await WebAssembly.compile(await source.arrayBuffer());
    } else if (source instanceof WebAssembly.Module) {
      compiled = source;
    } else {
      compiled = await WebAssembly.compile(source);
    }
  } catch (e) {
    throw loadError('init', e);
  }
}

/** As `init`, synchronously, from bytes or a compiled module: `initSync({ module })`. */
export function initSync(options) {
  const module = initSyncInput('initSync', options);
  if (compiled) return;
  try {
    compiled = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
  } catch (e) {
    throw loadError('initSync', e);
  }
}

const backend = sandboxBackend(() => {
  if (!compiled) throw new ConductError('conduct-engine/rego: call init() before using the engine', { code: 'invalid_argument' });
  return compiled;
});

export const { ConductEngine, ConductSession, version, incidentSchema } = makeApi(backend, { partner: true });
export const { evaluateRego } = makeRego(backend, { budget: DEFAULT_BUDGET, memoryBytes: DEFAULT_MEMORY_BYTES, maxMemoryBytes: MAX_MEMORY_BYTES });
export { ConductError };
