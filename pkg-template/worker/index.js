// conduct-engine/worker: the engine in a Web Worker, with the API of the
// main-thread engine made asynchronous: every method returns a promise.
//
//   import { ConductEngine } from 'conduct-engine/worker';
//   const engine = new ConductEngine({ locale: 'nl' });     // no init(): the worker loads the wasm
//   const verdict = await engine.evaluate(incident);
//   const session = await engine.session(incident);
//   await session.update('/actions/0/justification/legal/basis', 'CVD policy');
//
// The exported classes share one worker, started on first use. `connect()`
// starts another, or uses a worker or worker URL you give it, and can tell
// the worker where the wasm is (`wasm`), for bundlers that do not emit it.
//
// Nothing runs at import: importing this module during server-side
// rendering is harmless; constructing an engine there rejects with
// `load_failed`.
import { ConductError } from '../lib/api.js';

export { ConductError };

/**
 * The worker script next to this file, in the form Vite and webpack
 * recognise (they build it, with the wasm it loads, as a worker chunk).
 */
function spawn() {
  return new Worker(new URL('./host.js', import.meta.url), { type: 'module' });
}

function loadError(message) {
  return new ConductError(`conduct-engine/worker: ${message}`, { code: 'load_failed' });
}

/** A value as JSON would carry it (functions dropped), for what structured cloning refuses. */
function plain(value, what) {
  if (value === undefined) return undefined;
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new ConductError(`${what} cannot be sent to the worker: ${e && e.message}`, { code: 'invalid_json' });
  }
  return text === undefined ? undefined : JSON.parse(text);
}

/** One worker and the requests waiting for its answers. */
class Connection {
  constructor(worker, wasm) {
    this.worker = worker;
    this.pending = new Map();
    this.nextId = 1;
    this.failure = null;
    worker.addEventListener('message', ({ data }) => this.answer(data));
    worker.addEventListener('error', (event) => {
      // A worker script that cannot load (404, refused by the page's CSP, a
      // syntax error) reports here, often with no message.
      this.fail(loadError(`the worker failed${event && event.message ? `: ${event.message}` : ' to start'}`));
    });
    worker.addEventListener('messageerror', () => this.fail(loadError('a message from the worker could not be read')));
    this.ready = this.request({ op: 'init', wasm });
    this.ready.catch(() => {});
  }

  request(message, what = 'an argument') {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ ...message, id });
      } catch (e) {
        if (!(e && e.name === 'DataCloneError')) {
          this.pending.delete(id);
          reject(e);
          return;
        }
        // Structured cloning refuses functions, symbols and some host
        // objects where JSON would drop them; send what JSON would carry,
        // as the main-thread engine reads it.
        try {
          const args = (message.args ?? []).map((a) => plain(a, what));
          this.worker.postMessage({ ...message, args, id });
        } catch (again) {
          this.pending.delete(id);
          reject(again instanceof ConductError ? again : new ConductError(`${what} cannot be sent to the worker: ${again && again.message}`, { code: 'invalid_json' }));
        }
      }
    });
  }

  answer(data) {
    if (!data || typeof data !== 'object') return;
    const waiting = this.pending.get(data.id);
    if (!waiting) return;
    this.pending.delete(data.id);
    if (data.error) {
      const { message, code, path, problems, location } = data.error;
      waiting.reject(new ConductError(message, { code, path, problems, location }));
    } else {
      waiting.resolve(data.value);
    }
  }

  fail(error) {
    if (!this.failure) this.failure = error;
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
  }

  /** Frees a worker-side object; nothing waits for it. */
  release(handle) {
    if (!this.failure) this.request({ op: 'free', target: handle }).catch(() => {});
  }

  terminate() {
    this.worker.terminate();
    this.fail(new ConductError('conduct-engine/worker: the worker was terminated', { code: 'freed' }));
  }
}

function kind(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  if (t === 'object') return 'an object';
  return t === 'undefined' ? 'undefined' : `a ${t}`;
}

/**
 * The engine and session classes over a connection, given lazily
 * (`connection()` starts the worker on first use).
 */
function makeClasses(connection) {
  const engines = new WeakMap();
  const sessions = new WeakMap();
  // Worker-side objects go with the page-side ones that name them.
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ conn, handle }) => {
      Promise.resolve(handle).then((h) => conn.release(h), () => {});
    })
    : null;

  function inner(map, self, className, method) {
    const state = map.get(self);
    if (state === undefined) {
      return { error: new ConductError(`${className}.${method}: called on ${kind(self)} that is not a ${className}`, { code: 'invalid_argument' }) };
    }
    if (state.freed) return { error: new ConductError(`${className}.${method}: called after free()`, { code: 'freed' }) };
    return state;
  }

  async function callEngine(self, method, args) {
    const state = inner(engines, self, 'ConductEngine', method);
    if (state.error) throw state.error;
    const handle = await state.handle;
    return state.conn.request({ op: 'call', target: handle, method, args }, 'the incident');
  }

  class ConductEngine {
    /** As the main-thread `new ConductEngine(options)`; options that are wrong reject every call with `invalid_config`. */
    constructor(options) {
      let conn;
      let handle;
      try {
        conn = connection();
        handle = conn.request({ op: 'engine', options }, 'options');
      } catch (e) {
        handle = Promise.reject(e instanceof ConductError ? e : loadError(e && e.message ? e.message : String(e)));
      }
      handle.catch(() => {});
      engines.set(this, { conn, handle, freed: false });
      if (conn) registry?.register(this, { conn, handle }, this);
    }

    /** Resolves to this engine once the worker has made it; rejects with the error that kept it from being made. */
    get ready() {
      const state = inner(engines, this, 'ConductEngine', 'ready');
      return state.error ? Promise.reject(state.error) : state.handle.then(() => this);
    }

    evaluate(incident, options) {
      return callEngine(this, 'evaluate', [incident, options]);
    }

    evaluateJson(incidentJson, options) {
      return callEngine(this, 'evaluateJson', [incidentJson, options]);
    }

    validate(incident) {
      return callEngine(this, 'validate', [incident]);
    }

    rules(filter) {
      return callEngine(this, 'rules', [filter]);
    }

    stats() {
      return callEngine(this, 'stats', []);
    }

    locales() {
      return callEngine(this, 'locales', []);
    }

    /** The label catalogue, where the engine in the worker has one. */
    labels(options) {
      return callEngine(this, 'labels', [options]);
    }

    get locale() {
      return callEngine(this, 'locale', []);
    }

    get ruleset() {
      return callEngine(this, 'ruleset', []);
    }

    get config() {
      return callEngine(this, 'config', []);
    }

    /** A session in the worker over one incident; its methods return promises too. */
    async session(incident, options) {
      const state = inner(engines, this, 'ConductEngine', 'session');
      if (state.error) throw state.error;
      const engineHandle = await state.handle;
      const { handle, lastRerun } = await state.conn.request({ op: 'session', target: engineHandle, args: [incident, options] }, 'the incident');
      const session = Object.create(ConductSession.prototype);
      sessions.set(session, { conn: state.conn, handle, lastRerun, freed: false });
      registry?.register(session, { conn: state.conn, handle }, session);
      return session;
    }

    /** Releases the engine in the worker; later calls reject with `freed`. Twice is harmless. */
    async free() {
      const state = engines.get(this);
      if (state === undefined) throw new ConductError(`ConductEngine.free: called on ${kind(this)} that is not a ConductEngine`, { code: 'invalid_argument' });
      if (state.freed) return;
      state.freed = true;
      registry?.unregister(this);
      let handle;
      try {
        handle = await state.handle;
      } catch {
        return;
      }
      await state.conn.request({ op: 'free', target: handle }).catch(() => {});
    }
  }

  async function change(self, method, args) {
    const state = inner(sessions, self, 'ConductSession', method);
    if (state.error) throw state.error;
    const { verdict, lastRerun } = await state.conn.request({ op: 'change', target: state.handle, method, args }, 'the new value');
    state.lastRerun = lastRerun;
    return verdict;
  }

  async function read(self, method) {
    const state = inner(sessions, self, 'ConductSession', method);
    if (state.error) throw state.error;
    return state.conn.request({ op: 'read', target: state.handle, method });
  }

  class ConductSession {
    constructor() {
      throw new ConductError('new ConductSession: open a session with await engine.session(incident)', { code: 'invalid_argument' });
    }

    update(pointer, value) {
      return change(this, 'update', [pointer, value]);
    }

    remove(pointer) {
      return change(this, 'remove', [pointer]);
    }

    verdict() {
      return read(this, 'verdict');
    }

    incident() {
      return read(this, 'incident');
    }

    /** Ids of the rules the last change re-ran (known once its promise settled). */
    get lastRerun() {
      const state = inner(sessions, this, 'ConductSession', 'lastRerun');
      if (state.error) throw state.error;
      return [...state.lastRerun];
    }

    async free() {
      const state = sessions.get(this);
      if (state === undefined) throw new ConductError(`ConductSession.free: called on ${kind(this)} that is not a ConductSession`, { code: 'invalid_argument' });
      if (state.freed) return;
      state.freed = true;
      registry?.unregister(this);
      await state.conn.request({ op: 'free', target: state.handle }).catch(() => {});
    }
  }

  return { ConductEngine, ConductSession };
}

/**
 * Starts a worker of its own (or uses `worker`: a Worker, or the URL of
 * conduct-engine/worker/host as your bundler emitted it) and returns
 * classes bound to it. `wasm` tells the worker where the engine's wasm is
 * (a URL, or a compiled WebAssembly.Module), when your bundler does not
 * place it beside the worker script.
 */
export function connect({ worker, wasm } = {}) {
  if (typeof Worker !== 'function') throw loadError('Web Workers are not available here');
  const w = worker === undefined ? spawn()
    : typeof worker === 'string' || worker instanceof URL ? new Worker(worker, { type: 'module' })
      : worker;
  const conn = new Connection(w, wasm);
  const { ConductEngine, ConductSession } = makeClasses(() => conn);
  return {
    ConductEngine,
    ConductSession,
    ConductError,
    worker: w,
    ready: conn.ready.then(() => undefined),
    terminate: () => conn.terminate(),
  };
}

let shared = null;

function sharedConnection() {
  if (!shared) {
    if (typeof Worker !== 'function') throw loadError('Web Workers are not available here');
    shared = new Connection(spawn(), undefined);
  }
  return shared;
}

/** Engines and sessions in one worker shared by the page, started on first use. */
export const { ConductEngine, ConductSession } = makeClasses(sharedConnection);
