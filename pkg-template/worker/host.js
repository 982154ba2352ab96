// The Web Worker side of conduct-engine/worker: a module worker that loads
// the browser build and runs engines and sessions for the page, which talks
// to it through conduct-engine/worker's `connect()`.
//
// The page never sends code, only data: each request names an operation and
// the handle of an engine or session this worker created. Results and
// errors go back as structured-cloneable values; a ConductError keeps its
// code, message, path, problems and location.
//
// Bundlers that follow `new Worker(new URL(…, import.meta.url))` (Vite,
// webpack) build this file for you. Others add it as an entry point of its
// own (README: "Web Workers").
import init, * as api from '../web/index.js';

/** Methods the page may call, per kind of object, and whether they are getters. */
const ENGINE_METHODS = new Set(['evaluate', 'evaluateJson', 'validate', 'rules', 'stats', 'locales', 'labels']);
const ENGINE_GETTERS = new Set(['locale', 'ruleset', 'config']);
const SESSION_METHODS = new Set(['verdict', 'incident']);

/**
 * Serves one page (`scope` is the worker's global scope). `load(wasm)`
 * initialises the engine module; `wasm` is what the page passed to
 * `connect({ wasm })`, a URL or a compiled WebAssembly.Module, or undefined.
 */
export function serve(scope, load, { ConductEngine, ConductError }) {
  const objects = new Map();
  let nextHandle = 1;
  let loaded = null;

  const errorData = (e) => {
    if (e && e.name === 'ConductError') {
      const data = { name: 'ConductError', code: e.code, message: e.message, path: e.path ?? null, problems: e.problems ?? [] };
      if (e.location) data.location = e.location;
      return data;
    }
    return { name: 'ConductError', code: 'policy_error', message: `internal error in the worker: ${e && e.message ? e.message : String(e)}`, path: null, problems: [] };
  };

  const kept = (object, kind) => {
    const handle = nextHandle++;
    objects.set(handle, { object, kind });
    return handle;
  };

  const target = (handle, kind) => {
    const entry = objects.get(handle);
    if (!entry || entry.kind !== kind) {
      throw new ConductError(`the ${kind} was freed, or never existed in this worker`, { code: 'freed' });
    }
    return entry.object;
  };

  const operations = {
    init({ wasm }) {
      // Once per worker; a failure stays, and every later call reports it.
      loaded ??= Promise.resolve()
        .then(() => load(wasm))
        .then(
          () => null,
          (e) => {
            throw new ConductError(`conduct-engine/worker: the engine's WebAssembly could not be loaded: ${e && e.message ? e.message : e}`, { code: 'load_failed' });
          },
        );
      return loaded;
    },
    engine({ options }) {
      return kept(new ConductEngine(options), 'engine');
    },
    call({ target: handle, method, args = [] }) {
      const engine = target(handle, 'engine');
      if (ENGINE_GETTERS.has(method)) return engine[method];
      if (!ENGINE_METHODS.has(method) || typeof engine[method] !== 'function') {
        throw new ConductError(`ConductEngine.${String(method).slice(0, 40)} is not available in this worker`, { code: 'invalid_argument' });
      }
      return engine[method](...args);
    },
    session({ target: handle, args = [] }) {
      const session = target(handle, 'engine').session(...args);
      return { handle: kept(session, 'session'), lastRerun: session.lastRerun };
    },
    change({ target: handle, method, args = [] }) {
      const session = target(handle, 'session');
      if (method !== 'update' && method !== 'remove') {
        throw new ConductError(`ConductSession.${String(method).slice(0, 40)} is not a change`, { code: 'invalid_argument' });
      }
      const verdict = session[method](...args);
      return { verdict, lastRerun: session.lastRerun };
    },
    read({ target: handle, method }) {
      const session = target(handle, 'session');
      if (!SESSION_METHODS.has(method)) {
        throw new ConductError(`ConductSession.${String(method).slice(0, 40)} is not available in this worker`, { code: 'invalid_argument' });
      }
      return session[method]();
    },
    free({ target: handle }) {
      const entry = objects.get(handle);
      if (!entry) return null;
      objects.delete(handle);
      entry.object.free();
      return null;
    },
  };

  scope.addEventListener('message', async ({ data }) => {
    if (!data || typeof data !== 'object' || typeof data.id !== 'number') return;
    const { id, op } = data;
    try {
      const run = Object.hasOwn(operations, op) ? operations[op] : null;
      if (!run) throw new ConductError(`unknown operation ${JSON.stringify(String(op).slice(0, 40))}`, { code: 'invalid_argument' });
      if (op !== 'init') {
        if (!loaded) throw new ConductError('conduct-engine/worker: the worker was not initialised', { code: 'load_failed' });
        await loaded;
      }
      scope.postMessage({ id, value: await run(data) });
    } catch (e) {
      scope.postMessage({ id, error: errorData(e) });
    }
  });
}

// Runs when loaded as a worker; importing it elsewhere does nothing.
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) {
  serve(globalThis, (wasm) => init(wasm === undefined ? undefined : { module_or_path: wasm }), api);
}
