// The public JavaScript API of conduct-engine, for both entries:
// `conduct-engine` (the compiled catalogue, wasm-bindgen underneath) and
// `conduct-engine/rego` (partner rules, each engine in a sandbox of its own).
//
// This layer decides nothing about verdicts. It checks what every method is
// called on and with before anything reaches WebAssembly (a wrong `this`, a
// freed object, an argument of the wrong type: each is a `ConductError`
// with a stable `code`), turns JavaScript values into JSON text and back,
// and makes every error a `ConductError`.
//
// Written as an ES module without imports; build-pkg.sh writes a CommonJS
// twin (api.cjs) from it.

/** Longest message an error carries; longer ones are cut. */
const MAX_MESSAGE = 1000;

/** The error every call throws: `code`, `message`, `path`, `problems`. */
export class ConductError extends Error {
  constructor(message, { code = 'invalid_argument', path = null, problems = [], location } = {}) {
    super(clip(String(message), MAX_MESSAGE));
    this.name = 'ConductError';
    this.code = code;
    this.path = path;
    this.problems = problems;
    if (location) this.location = location;
  }
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a value is, for messages: "a string", "undefined", "a Symbol". */
function kind(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  if (t === 'object') return 'an object';
  if (t === 'undefined') return 'undefined';
  if (t === 'symbol') return 'a Symbol';
  if (t === 'bigint') return 'a BigInt';
  return `a ${t}`;
}

function argumentError(method, message) {
  return new ConductError(`${method}: ${message}`, { code: 'invalid_argument' });
}

function needString(method, name, value) {
  if (typeof value === 'string') return value;
  if (value instanceof String) return String(value);
  throw argumentError(method, `${name} must be a string, not ${kind(value)}`);
}

/** An options object: undefined, null or a plain object. */
function needOptions(method, name, value) {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw argumentError(method, `${name} must be an object, not ${kind(value)}`);
  }
  return value;
}

/** An error from WebAssembly (or anything thrown) as a ConductError. */
export function toConductError(e) {
  if (e instanceof ConductError) return e;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    return new ConductError(e.message, {
      code: e.code,
      path: e.path ?? null,
      problems: Array.isArray(e.problems) ? e.problems : [],
      location: e.location,
    });
  }
  return new ConductError(`internal error: ${e && e.message ? e.message : String(e)}`, { code: 'policy_error' });
}

/**
 * JSON text of a value given as incident data (an incident, an options
 * object, a changed field). `what` names it in messages; `at` is the pointer
 * the value sits at (for a session change), so a problem inside it points
 * into the incident.
 */
function jsonOf(method, what, value, code = 'invalid_incident', at = '') {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    throw new ConductError(`${method}: ${what} must be JSON data, not ${kind(value)}`, {
      code: value === undefined ? 'invalid_argument' : code,
      path: at,
    });
  }
  try {
    return JSON.stringify(value);
  } catch (e) {
    // The engine's limit on nesting (maxDepth) is far below what a stack
    // overflow needs; a RangeError here with a stack message is that.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new ConductError(`${method}: ${what} is nested too deeply to be read`, { code: 'limit_exceeded', path: at });
    }
    const where = throwingPath(value);
    const path = where === null ? at : at + where;
    throw new ConductError(`${method}: ${what} cannot be read as JSON${where ? ` at ${where}` : ''}: ${e && e.message}`, {
      code: e instanceof TypeError && /BigInt|circular/i.test(e.message) ? 'invalid_json' : code,
      path,
    });
  }
}

/**
 * Where reading `value` as JSON throws (a getter that throws, a BigInt, a
 * cycle), as a JSON Pointer; null if nowhere is found. Only used after a
 * failure.
 */
function throwingPath(value) {
  const seen = new Set();
  const escape = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');
  const walk = (v, at, depth) => {
    if (depth > 200 || v === null || typeof v !== 'object') {
      return typeof v === 'bigint' ? at : null;
    }
    if (seen.has(v)) return at;
    seen.add(v);
    try {
      if (typeof v.toJSON === 'function') v = v.toJSON();
    } catch {
      return at;
    }
    if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? at : null;
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      let item;
      try {
        item = v[k];
      } catch {
        return `${at}/${escape(k)}`;
      }
      const found = walk(item, `${at}/${escape(k)}`, depth + 1);
      if (found !== null) return found;
    }
    seen.delete(v);
    return null;
  };
  try {
    return walk(value, '', 0);
  } catch {
    return null;
  }
}

/** Whether `text` is a JSON Pointer (RFC 6901). */
function isPointer(text) {
  return text === '' || (text.startsWith('/') && !/~[^01]|~$/.test(text));
}

/** Calls `f`, turning whatever it throws into a ConductError. */
function guard(f) {
  try {
    return f();
  } catch (e) {
    throw toConductError(e);
  }
}

/**
 * Brand checks: a method must be called on a live object of its own class.
 * `brand` is the class's private WeakMap from instance to its inner object.
 */
function innerOf(brand, self, className, method) {
  const inner = brand.get(self);
  if (inner === undefined) {
    throw argumentError(`${className}.${method}`, `called on ${kind(self)} that is not a ${className}`);
  }
  if (inner.freed) {
    throw new ConductError(`${className}.${method}: called after free()`, { code: 'freed' });
  }
  return inner;
}

/**
 * The API over a backend. A backend is what runs an engine: the wasm-bindgen
 * module (`wasmBackend`) or a partner sandbox (rego/host.js). Its engine
 * objects take and return JSON text:
 *
 *   backend.createEngine(optionsJson) → engine
 *   engine.evaluate(incidentJson, optionsJson?) → verdictJson
 *   engine.validate(incidentJson) → problemsJson
 *   engine.rules(filterJson?) → rulesJson
 *   engine.labels(optionsJson?) → labelsJson
 *   engine.describe() → { locale, locales, ruleset, config, stats }
 *   engine.openSession(incidentJson, optionsJson?) → session
 *   engine.addPolicies(bundleJson) → idsJson          (partner backends)
 *   engine.free()
 *   session.update(pointer, valueJson) / session.remove(pointer) → { verdict, lastRerun } (JSON text verdict)
 *   session.verdict() → verdictJson; session.incident() → incidentJson; session.free()
 */
export function makeApi(backend, { partner = false } = {}) {
  const engines = new WeakMap();
  const sessions = new WeakMap();

  class ConductEngine {
    /**
     * `new ConductEngine({ config, locale, limits })`: the built-in rule set
     * with `config` overriding thresholds, `locale` choosing the language of
     * messages and `limits` bounding input and evaluation.
     */
    constructor(options) {
      needOptions('new ConductEngine', 'options', options);
      const json = options == null ? '' : jsonOf('new ConductEngine', 'options', options, 'invalid_config');
      const inner = guard(() => backend.createEngine(json));
      engines.set(this, { engine: inner, freed: false });
    }

    /** Judges one incident (a plain object) and returns its verdict. */
    evaluate(incident, options) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'evaluate');
      needOptions('ConductEngine.evaluate', 'options', options);
      const text = jsonOf('ConductEngine.evaluate', 'the incident', incident);
      const opts = options == null ? '' : jsonOf('ConductEngine.evaluate', 'options', options, 'invalid_config');
      return JSON.parse(guard(() => engine.evaluate(text, opts)));
    }

    /**
     * Judges an incident given as JSON text and returns the verdict as JSON
     * text: the cheapest path for batch jobs that read and write JSON anyway.
     */
    evaluateJson(incidentJson, options) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'evaluateJson');
      const text = needString('ConductEngine.evaluateJson', 'incidentJson', incidentJson);
      needOptions('ConductEngine.evaluateJson', 'options', options);
      const opts = options == null ? '' : jsonOf('ConductEngine.evaluateJson', 'options', options, 'invalid_config');
      return guard(() => engine.evaluate(text, opts));
    }

    /** Every problem that keeps `incident` from being valid (empty if none). */
    validate(incident) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'validate');
      let text;
      try {
        text = jsonOf('ConductEngine.validate', 'the incident', incident);
      } catch (e) {
        return [{ code: e.code, path: e.path ?? '', message: e.message }];
      }
      return JSON.parse(guard(() => engine.validate(text)));
    }

    /** The catalogue, filtered by `{ id, severity, section, kind, locale }`. */
    rules(filter) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'rules');
      needOptions('ConductEngine.rules', 'filter', filter);
      const json = filter == null ? '' : jsonOf('ConductEngine.rules', 'filter', filter, 'invalid_config');
      return JSON.parse(guard(() => engine.rules(json)));
    }

    // The labels of `{ locale }` (else the engine's locale): a plain object
    // from key to words, for every field of the incident model by JSON
    // Pointer pattern (`/actions/*/justification/legal/basis`), each element
    // (`element:legal`) and status (`status:violation`), with those the
    // configuration adds.
    labels(options) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'labels');
      needOptions('ConductEngine.labels', 'options', options);
      const opts = options == null ? '' : jsonOf('ConductEngine.labels', 'options', options, 'invalid_config');
      return JSON.parse(guard(() => engine.labels(opts)));
    }

    /**
     * A session over one incident, for forms: each `update(pointer, value)`
     * re-runs only the rules that read the changed field and returns the
     * whole verdict, the same as `evaluate` would give.
     */
    session(incident, options) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'session');
      needOptions('ConductEngine.session', 'options', options);
      const text = jsonOf('ConductEngine.session', 'the incident', incident);
      const opts = options == null ? '' : jsonOf('ConductEngine.session', 'options', options, 'invalid_config');
      const inner = guard(() => engine.openSession(text, opts));
      return makeSession(inner);
    }

    /** How the engine runs and how much it has done. */
    stats() {
      return describe(this, 'stats').stats;
    }

    /** The locales messages are available in. */
    locales() {
      return describe(this, 'locales').locales;
    }

    /** The locale of messages when a call names none. */
    get locale() {
      return describe(this, 'locale').locale;
    }

    /** The rule set's name, version and digest. */
    get ruleset() {
      return describe(this, 'ruleset').ruleset;
    }

    /** The effective configuration. */
    get config() {
      return describe(this, 'config').config;
    }

    /** Releases the engine's memory; any later call throws `freed`. Twice is harmless. */
    free() {
      const inner = engines.get(this);
      if (inner === undefined) throw argumentError('ConductEngine.free', `called on ${kind(this)} that is not a ConductEngine`);
      if (inner.freed) return;
      inner.freed = true;
      guard(() => inner.engine.free());
    }
  }

  function describe(self, method) {
    const { engine } = innerOf(engines, self, 'ConductEngine', method);
    return guard(() => engine.describe());
  }

  if (partner) {
    /** Adds one partner rule file; returns the ids of the rules it defines. */
    ConductEngine.prototype.addPolicy = function addPolicy(path, source) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'addPolicy');
      const p = needString('ConductEngine.addPolicy', 'path', path);
      const s = needString('ConductEngine.addPolicy', 'source', source);
      return JSON.parse(guard(() => engine.addPolicies(JSON.stringify({ files: [{ path: p, source: s }] }))));
    };
    /**
     * Adds a bundle of partner rule files with their messages:
     * `{ files: [{ path, source }], messages?: { en: { key: text } }, allowRandomness? }`.
     */
    ConductEngine.prototype.addPolicies = function addPolicies(bundle) {
      const { engine } = innerOf(engines, this, 'ConductEngine', 'addPolicies');
      if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) {
        throw argumentError('ConductEngine.addPolicies', `the bundle must be an object, not ${kind(bundle)}`);
      }
      const json = jsonOf('ConductEngine.addPolicies', 'the bundle', bundle, 'invalid_argument');
      return JSON.parse(guard(() => engine.addPolicies(json)));
    };
  }

  class ConductSession {
    constructor() {
      throw argumentError('new ConductSession', 'open a session with engine.session(incident)');
    }

    /**
     * Sets the value at `pointer` (a JSON Pointer such as
     * `/actions/0/justification/legal/explanation`; `/actions/-` appends) and
     * returns the new verdict. A change that would make the incident invalid
     * throws and leaves the session as it was.
     */
    update(pointer, value) {
      const inner = innerOf(sessions, this, 'ConductSession', 'update');
      const p = needString('ConductSession.update', 'pointer', pointer);
      if (value === undefined) {
        throw new ConductError('ConductSession.update: the new value is undefined: call remove(pointer) to take a field out', {
          code: 'invalid_argument',
          path: isPointer(p) ? p : null,
        });
      }
      const json = jsonOf('ConductSession.update', 'the new value', value, 'invalid_incident', p);
      const { verdict, lastRerun } = guard(() => inner.session.update(p, json));
      inner.lastRerun = lastRerun;
      return JSON.parse(verdict);
    }

    /** Removes the object member or array item at `pointer`; returns the new verdict. */
    remove(pointer) {
      const inner = innerOf(sessions, this, 'ConductSession', 'remove');
      const p = needString('ConductSession.remove', 'pointer', pointer);
      const { verdict, lastRerun } = guard(() => inner.session.remove(p));
      inner.lastRerun = lastRerun;
      return JSON.parse(verdict);
    }

    /** The verdict on the incident as it stands. */
    verdict() {
      const inner = innerOf(sessions, this, 'ConductSession', 'verdict');
      return JSON.parse(guard(() => inner.session.verdict()));
    }

    /** The incident as it stands (a copy). */
    incident() {
      const inner = innerOf(sessions, this, 'ConductSession', 'incident');
      return JSON.parse(guard(() => inner.session.incident()));
    }

    /** Ids of the rules the last change (or the first evaluation) ran. */
    get lastRerun() {
      const inner = innerOf(sessions, this, 'ConductSession', 'lastRerun');
      return [...inner.lastRerun];
    }

    /** Releases the session; twice is harmless. */
    free() {
      const inner = sessions.get(this);
      if (inner === undefined) throw argumentError('ConductSession.free', `called on ${kind(this)} that is not a ConductSession`);
      if (inner.freed) return;
      inner.freed = true;
      guard(() => inner.session.free());
    }
  }

  function makeSession(session) {
    const s = Object.create(ConductSession.prototype);
    sessions.set(s, { session, freed: false, lastRerun: session.lastRerun() });
    return s;
  }

  /** The built-in rule set's name, version and digest, and the engine version. */
  function version() {
    return guard(() => backend.version());
  }

  /** The JSON Schema (draft 2020-12) of the incident model. */
  function incidentSchema() {
    return guard(() => backend.incidentSchema());
  }

  return { ConductEngine, ConductSession, ConductError, version, incidentSchema };
}

/**
 * The backend of the default entry: wasm-bindgen's `WasmEngine` and
 * `WasmSession` (JSON text in and out; errors carry `code`).
 */
export function wasmBackend(raw) {
  return {
    createEngine(optionsJson) {
      const engine = new raw.WasmEngine(optionsJson);
      return {
        evaluate: (text, opts) => engine.evaluate(text, opts),
        validate: (text) => engine.validate(text),
        rules: (filter) => engine.rules(filter),
        labels: (opts) => engine.labels(opts),
        describe: () => JSON.parse(engine.describe()),
        openSession(text, opts) {
          const session = engine.session(text, opts);
          return {
            lastRerun: () => JSON.parse(session.lastRerun()),
            update(pointer, json) {
              const verdict = session.update(pointer, json);
              return { verdict, lastRerun: JSON.parse(session.lastRerun()) };
            },
            remove(pointer) {
              const verdict = session.remove(pointer);
              return { verdict, lastRerun: JSON.parse(session.lastRerun()) };
            },
            verdict: () => session.verdict(),
            incident: () => session.incident(),
            free: () => session.free(),
          };
        },
        free: () => engine.free(),
      };
    },
    version: () => JSON.parse(raw.version()),
    incidentSchema: () => JSON.parse(raw.incidentSchema()),
  };
}

/**
 * `evaluateRego(request, options)` of the partner entry: any Rego, for
 * trying rules out. `request` is JSON text of `{ modules: [{ path, source }],
 * query, input?, data?, regoV0?, strict? }`; the answer is regorus's query
 * results as JSON text. It runs in a sandbox of its own, within
 * `options.limits.maxInstructions` units of work and
 * `options.limits.maxMemoryBytes` of memory.
 */
export function makeRego(backend, defaults) {
  function evaluateRego(request, options) {
    const text = needString('evaluateRego', 'request', request);
    needOptions('evaluateRego', 'options', options);
    const limits = options && options.limits;
    needOptions('evaluateRego', 'options.limits', limits);
    for (const key of Object.keys(options || {})) {
      if (key !== 'limits') throw new ConductError(`evaluateRego: unknown option "${clip(key, 40)}"; expected limits`, { code: 'invalid_config', path: '' });
    }
    const budget = whole('evaluateRego', limits, 'maxInstructions', defaults.budget, 1, 1e9);
    const memory = whole('evaluateRego', limits, 'maxMemoryBytes', defaults.memoryBytes, 1048576, defaults.maxMemoryBytes);
    return guard(() => backend.evaluateRego(text, budget, memory));
  }
  return { evaluateRego };
}

function whole(method, limits, key, fallback, min, max) {
  const n = limits ? limits[key] : undefined;
  if (n === undefined || n === null) return fallback;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConductError(`${method}: limits.${key} must be a whole number from ${min} to ${max}`, {
      code: 'invalid_config',
      path: `/limits/${key}`,
    });
  }
  return n;
}
