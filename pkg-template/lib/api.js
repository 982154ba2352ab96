// The public JavaScript API of conduct-engine, for both entries:
// `conduct-engine` (the compiled catalogue, wasm-bindgen underneath) and
// `conduct-engine/rego` (partner rules, each engine in a sandbox of its own).
//
// This layer decides nothing about verdicts. It checks what every method is
// called on and with before anything reaches WebAssembly, turns JavaScript
// values into JSON text and back, and makes every error a `ConductError`:
//
// - the receiver must be a live object of the method's own class (a brand
//   check: each class keeps its objects in a private WeakMap, so a method
//   called on another class's object, a plain object, a Proxy or a
//   prototype is refused with `invalid_argument`, one called after `free()`
//   with `freed`);
// - each argument must have its documented JavaScript type, else
//   `invalid_argument` naming the method and the argument;
// - values read as JSON (an incident, options, a changed field) are read
//   once, by JSON.stringify; when that throws (a getter, a Proxy trap, a
//   BigInt, a cycle, nesting too deep) the value is walked to say where, and
//   the error says what happened there;
// - user code can run while arguments are read (getters, toJSON), so the
//   object is checked again, just before the call crosses, for having been
//   freed meanwhile;
// - every message is at most MAX_MESSAGE characters (longer ones end in an
//   ellipsis) and every pointer at most that long (cut back to an ancestor).
//
// Written as an ES module without imports; build-pkg.sh writes a CommonJS
// twin (api.cjs) from it, and the ES entries for Node re-export the CommonJS
// build, so `instanceof ConductError` holds across `import` and `require`.

/** Longest message, and longest pointer, an error carries. */
const MAX_MESSAGE = 1000;
/** Most problems an error lists. */
const MAX_PROBLEMS = 100;
/** How deep the walk that locates a JSON failure goes: past any limit the engine accepts. */
const MAX_WALK_DEPTH = 1000;

/** `text` cut to at most `max` UTF-16 units, ending in an ellipsis when cut. */
function clip(text, max = MAX_MESSAGE) {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // keep surrogate pairs whole
  return `${text.slice(0, end)}…`;
}

/** A JSON Pointer at most `max` long: the nearest ancestor that is. */
function clipPointer(pointer, max = MAX_MESSAGE) {
  if (pointer.length <= max) return pointer;
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/', max)));
}

/** The error every call throws: `code`, `message`, `path`, `problems`. */
export class ConductError extends Error {
  constructor(message, { code = 'invalid_argument', path = null, problems = [], location } = {}) {
    super(clip(String(message)));
    this.name = 'ConductError';
    this.code = code;
    this.path = typeof path === 'string' ? clipPointer(path) : null;
    this.problems = Array.isArray(problems)
      ? problems
        .slice(0, MAX_PROBLEMS)
        .filter((p) => p !== null && typeof p === 'object')
        .map((p) => ({ code: p.code, path: clipPointer(String(p.path)), message: clip(String(p.message)) }))
      : [];
    if (location) this.location = location;
  }
}

/** What a value is, for messages: "a string", "undefined", "a Symbol". Never throws. */
function kind(value) {
  if (value === null) return 'null';
  const t = typeof value;
  if (t === 'object') {
    try {
      return Array.isArray(value) ? 'an array' : 'an object';
    } catch {
      return 'a revoked Proxy';
    }
  }
  if (t === 'undefined') return 'undefined';
  if (t === 'symbol') return 'a Symbol';
  if (t === 'bigint') return 'a BigInt';
  return `a ${t}`;
}

function argumentError(method, message, path = null) {
  return new ConductError(`${method}: ${message}`, { code: 'invalid_argument', path });
}

/**
 * A string argument: a string primitive, or a String object read through
 * String.prototype.valueOf (which runs no code of the caller's).
 */
function needString(method, name, value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    try {
      return String.prototype.valueOf.call(value);
    } catch {
      // not a String object
    }
  }
  throw argumentError(method, `${name} must be a string, not ${kind(value)}`);
}

/** An options argument: undefined, null or an object that is not an array. */
function needOptions(method, name, value) {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || kind(value) !== 'an object') {
    throw argumentError(method, `${name} must be an object, not ${kind(value)}`);
  }
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
 * JSON text of a value given as JSON data (an incident, options, a changed
 * field, a bundle). `what` names it in messages; `code` is the error when
 * reading it runs into a getter, a toJSON or a Proxy trap that throws (the
 * value is not data); `at` is the pointer the value sits at (for a session
 * change), so a problem inside it points into the incident.
 */
function jsonOf(method, what, value, code, at = '') {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw unreadable(method, what, value, code, at, e);
  }
  if (text === undefined) {
    throw new ConductError(`${method}: ${what} must be JSON data, not ${kind(value)}`, {
      code: value === undefined ? 'invalid_argument' : code,
      path: at,
    });
  }
  return text;
}

/** The error for a value JSON.stringify could not read: what, and where. */
function unreadable(method, what, value, code, at, e) {
  const found = locate(value);
  const cause = describeThrown(e);
  if (found) {
    const path = at + found.path;
    const where = found.path === '' ? '' : ` at ${found.path}`;
    switch (found.reason) {
      case 'threw':
        return new ConductError(`${method}: ${what} cannot be read${where}: ${found.how} threw ${describeThrown(found.error)}`, { code, path });
      case 'bigint':
        return new ConductError(`${method}: ${what} holds a BigInt${where}, which JSON cannot represent`, { code: 'invalid_json', path });
      case 'cycle':
        return new ConductError(`${method}: ${what} refers to itself${where} (a cycle), which JSON cannot represent`, { code: 'invalid_json', path });
      case 'deep':
        // As the engine's JSON reader does past the depth it reads at all:
        // the whole value is the problem.
        return new ConductError(`${method}: ${what} is nested more than ${MAX_WALK_DEPTH} levels deep`, { code: 'limit_exceeded', path: at });
      default:
    }
  }
  if (e instanceof RangeError && /string length/i.test(e.message)) {
    return new ConductError(`${method}: ${what} is too large to be written as JSON text`, { code: 'limit_exceeded', path: at });
  }
  return new ConductError(`${method}: ${what} cannot be read as JSON: ${cause}`, { code, path: at });
}

/** "TypeError: boom", safely (the thrown value may be anything). */
function describeThrown(e) {
  try {
    if (e instanceof Error) return clip(`${e.name}: ${e.message}`, 200);
    return clip(`${kind(e)} (${String(e)})`, 200);
  } catch {
    return kind(e);
  }
}

const escapeToken = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Where reading `value` as JSON fails, found by walking it in the order
 * JSON.stringify does: `{ path, reason: 'threw' | 'bigint' | 'cycle' |
 * 'deep', how, error }`, or null. Iterative, so that its own depth is no
 * limit. Only called after JSON.stringify failed.
 */
function locate(value) {
  // Each frame: the value's ancestors are the frames below it.
  const stack = [];
  const ancestors = new Set();
  const enter = (v, path) => {
    // toJSON first, as JSON.stringify does.
    if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
      let toJSON;
      try {
        toJSON = v.toJSON;
      } catch (error) {
        return { path, reason: 'threw', how: 'reading toJSON', error };
      }
      if (typeof toJSON === 'function') {
        try {
          v = toJSON.call(v, path.slice(path.lastIndexOf('/') + 1));
        } catch (error) {
          return { path, reason: 'threw', how: 'toJSON()', error };
        }
      }
    }
    if (typeof v === 'bigint') return { path, reason: 'bigint' };
    if (v === null || typeof v !== 'object') return null;
    if (ancestors.has(v)) return { path, reason: 'cycle' };
    if (stack.length >= MAX_WALK_DEPTH) return { path, reason: 'deep' };
    let keys;
    try {
      keys = Array.isArray(v) ? Array.from({ length: v.length }, (_, i) => i) : Object.keys(v);
    } catch (error) {
      return { path, reason: 'threw', how: 'listing its fields', error };
    }
    ancestors.add(v);
    stack.push({ v, path, keys, next: 0 });
    return null;
  };
  try {
    let found = enter(value, '');
    while (!found && stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.keys.length) {
        ancestors.delete(top.v);
        stack.pop();
        continue;
      }
      const key = top.keys[top.next++];
      const path = `${top.path}/${escapeToken(key)}`;
      let item;
      try {
        item = top.v[key];
      } catch (error) {
        found = { path, reason: 'threw', how: 'a getter', error };
        break;
      }
      found = enter(item, path);
    }
    return found;
  } catch {
    return null;
  }
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
 *   session.delta() → deltaJson: what the opening or the last change
 *     changed, { outcome, incident, rerun, findings: { position: [finding] } }
 *     (findings of the rules whose findings changed; after opening, all)
 *   session.update(pointer, valueJson) / session.remove(pointer) → { delta: deltaJson }
 *   session.incident() → incidentJson; session.free()
 */
export function makeApi(backend, { partner = false } = {}) {
  // Brands: the live objects of each class, each with its record
  // ({ engine | session, freed, … }). Nothing else is ever looked up.
  const engines = new WeakMap();
  const sessions = new WeakMap();

  /** What `self` is, for messages. */
  function what(self) {
    if (engines.has(self)) return 'a ConductEngine';
    if (sessions.has(self)) return 'a ConductSession';
    return kind(self);
  }

  /** The record of a live engine `self`, else a typed error. */
  function engineOf(self, method) {
    const record = engines.get(self);
    if (record === undefined) {
      throw argumentError(`ConductEngine.${method}`, `called on ${what(self)}, not on a ConductEngine`);
    }
    if (record.freed) throw new ConductError(`ConductEngine.${method}: the engine was freed`, { code: 'freed' });
    return record;
  }

  /** The record of a live session `self` whose engine is live, else a typed error. */
  function sessionOf(self, method) {
    const record = sessions.get(self);
    if (record === undefined) {
      throw argumentError(`ConductSession.${method}`, `called on ${what(self)}, not on a ConductSession`);
    }
    if (record.freed) throw new ConductError(`ConductSession.${method}: the session was freed`, { code: 'freed' });
    if (record.owner.freed) throw new ConductError(`ConductSession.${method}: the session's engine was freed`, { code: 'freed' });
    return record;
  }

  /** After user code ran (getters, toJSON): still live? */
  function stillLive(record, name) {
    if (record.freed || (record.owner && record.owner.freed)) {
      throw new ConductError(`${name}: freed while its arguments were read`, { code: 'freed' });
    }
    return record;
  }

  class ConductEngine {
    /**
     * `new ConductEngine({ config, locale, limits })`: the built-in rule set
     * with `config` overriding thresholds, `locale` choosing the language of
     * messages and `limits` bounding input and evaluation.
     */
    constructor(options) {
      needOptions('new ConductEngine', 'options', options);
      const json = options == null ? '' : jsonOf('new ConductEngine', 'options', options, 'invalid_argument');
      const engine = guard(() => backend.createEngine(json));
      engines.set(this, { engine, freed: false });
    }

    /** Judges one incident (a plain object) and returns its verdict. */
    evaluate(incident, options) {
      const record = engineOf(this, 'evaluate');
      needOptions('ConductEngine.evaluate', 'options', options);
      const text = jsonOf('ConductEngine.evaluate', 'the incident', incident, 'invalid_incident');
      const opts = options == null ? '' : jsonOf('ConductEngine.evaluate', 'options', options, 'invalid_argument');
      const { engine } = stillLive(record, 'ConductEngine.evaluate');
      return JSON.parse(guard(() => engine.evaluate(text, opts)));
    }

    /**
     * Judges an incident given as JSON text and returns the verdict as JSON
     * text: the cheapest path for batch jobs that read and write JSON anyway.
     */
    evaluateJson(incidentJson, options) {
      const record = engineOf(this, 'evaluateJson');
      const text = needString('ConductEngine.evaluateJson', 'incidentJson', incidentJson);
      needOptions('ConductEngine.evaluateJson', 'options', options);
      const opts = options == null ? '' : jsonOf('ConductEngine.evaluateJson', 'options', options, 'invalid_argument');
      const { engine } = stillLive(record, 'ConductEngine.evaluateJson');
      return guard(() => engine.evaluate(text, opts));
    }

    /**
     * Every problem that keeps `incident` from being valid (empty if none).
     * A value that cannot be read as JSON is one problem; calling it with
     * no value at all is an `invalid_argument`.
     */
    validate(incident) {
      const record = engineOf(this, 'validate');
      if (incident === undefined) throw argumentError('ConductEngine.validate', 'the incident is undefined: pass the value to check');
      let text;
      try {
        text = jsonOf('ConductEngine.validate', 'the incident', incident, 'invalid_incident');
      } catch (e) {
        return [{ code: e.code, path: e.path ?? '', message: e.message }];
      }
      const { engine } = stillLive(record, 'ConductEngine.validate');
      return JSON.parse(guard(() => engine.validate(text)));
    }

    /** The catalogue, filtered by `{ id, severity, section, kind, locale }`. */
    rules(filter) {
      const record = engineOf(this, 'rules');
      needOptions('ConductEngine.rules', 'filter', filter);
      const json = filter == null ? '' : jsonOf('ConductEngine.rules', 'filter', filter, 'invalid_argument');
      const { engine } = stillLive(record, 'ConductEngine.rules');
      return JSON.parse(guard(() => engine.rules(json)));
    }

    // The labels of `{ locale }` (else the engine's locale): a plain object
    // from key to words, for every field of the incident model by JSON
    // Pointer pattern (`/actions/*/justification/legal/basis`), each element
    // (`element:legal`) and status (`status:violation`), with those the
    // configuration adds.
    labels(options) {
      const record = engineOf(this, 'labels');
      needOptions('ConductEngine.labels', 'options', options);
      const opts = options == null ? '' : jsonOf('ConductEngine.labels', 'options', options, 'invalid_argument');
      const { engine } = stillLive(record, 'ConductEngine.labels');
      return JSON.parse(guard(() => engine.labels(opts)));
    }

    /**
     * A session over one incident, for forms: each `update(pointer, value)`
     * re-runs only the rules that read the changed field and returns the
     * whole verdict, the same as `evaluate` would give.
     */
    session(incident, options) {
      const record = engineOf(this, 'session');
      needOptions('ConductEngine.session', 'options', options);
      const text = jsonOf('ConductEngine.session', 'the incident', incident, 'invalid_incident');
      const opts = options == null ? '' : jsonOf('ConductEngine.session', 'options', options, 'invalid_argument');
      const { engine } = stillLive(record, 'ConductEngine.session');
      const inner = guard(() => engine.openSession(text, opts));
      return makeSession(inner, record, () => engine.describe().ruleset);
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

    /**
     * Releases the engine's memory; any later call on it, or on a session
     * opened on it, throws `freed`. Twice is harmless.
     */
    free() {
      const record = engines.get(this);
      if (record === undefined) throw argumentError('ConductEngine.free', `called on ${what(this)}, not on a ConductEngine`);
      if (record.freed) return;
      record.freed = true;
      guard(() => record.engine.free());
    }
  }

  function describe(self, method) {
    const { engine } = engineOf(self, method);
    return guard(() => engine.describe());
  }

  if (partner) {
    /** Adds one partner rule file; returns the ids of the rules it defines. */
    ConductEngine.prototype.addPolicy = function addPolicy(path, source) {
      const record = engineOf(this, 'addPolicy');
      const p = needString('ConductEngine.addPolicy', 'path', path);
      const s = needString('ConductEngine.addPolicy', 'source', source);
      const json = JSON.stringify({ files: [{ path: p, source: s }] });
      return JSON.parse(guard(() => record.engine.addPolicies(json)));
    };
    /**
     * Adds a bundle of partner rule files with their messages:
     * `{ files: [{ path, source }], messages?: { en: { key: text } }, allowRandomness? }`.
     */
    ConductEngine.prototype.addPolicies = function addPolicies(bundle) {
      const record = engineOf(this, 'addPolicies');
      if (bundle === null || typeof bundle !== 'object' || kind(bundle) !== 'an object') {
        throw argumentError('ConductEngine.addPolicies', `the bundle must be an object, not ${kind(bundle)}`);
      }
      const json = jsonOf('ConductEngine.addPolicies', 'the bundle', bundle, 'invalid_argument');
      const { engine } = stillLive(record, 'ConductEngine.addPolicies');
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
      const record = sessionOf(this, 'update');
      const p = needString('ConductSession.update', 'pointer', pointer);
      if (value === undefined) {
        throw argumentError('ConductSession.update', 'the new value is undefined: call remove(pointer) to take a field out', isPointer(p) ? p : null);
      }
      const json = jsonOf('ConductSession.update', 'the new value', value, 'invalid_incident', isPointer(p) ? p : '');
      const { session } = stillLive(record, 'ConductSession.update');
      return changed(record, guard(() => session.update(p, json)));
    }

    /** Removes the object member or array item at `pointer`; returns the new verdict. */
    remove(pointer) {
      const record = sessionOf(this, 'remove');
      const p = needString('ConductSession.remove', 'pointer', pointer);
      return changed(record, guard(() => record.session.remove(p)));
    }

    /**
     * The verdict on the incident as it stands. Verdicts of a session share
     * the findings a change left alone, so those are frozen.
     */
    verdict() {
      return verdictOf(sessionOf(this, 'verdict'));
    }

    /** The incident as it stands (a copy). */
    incident() {
      const record = sessionOf(this, 'incident');
      return JSON.parse(guard(() => record.session.incident()));
    }

    /** Ids of the rules the last change (or the first evaluation) ran. */
    get lastRerun() {
      return [...sessionOf(this, 'lastRerun').lastRerun];
    }

    /** Releases the session; twice, or after its engine's free(), is harmless. */
    free() {
      const record = sessions.get(this);
      if (record === undefined) throw argumentError('ConductSession.free', `called on ${what(this)}, not on a ConductSession`);
      if (record.freed) return;
      record.freed = true;
      guard(() => record.session.free());
    }
  }

  function makeSession(session, owner, ruleset) {
    const s = Object.create(ConductSession.prototype);
    // Findings kept per rule: a change sends only those that changed.
    const record = { session, owner, freed: false, lastRerun: [], parts: [], ruleset: ruleset() };
    applyDelta(record, guard(() => session.delta()));
    sessions.set(s, record);
    return s;
  }

  /** The verdict after a change the backend accepted. */
  function changed(record, answer) {
    applyDelta(record, answer.delta);
    return verdictOf(record);
  }

  function applyDelta(record, text) {
    const delta = JSON.parse(text);
    record.outcome = delta.outcome;
    record.id = delta.incident;
    record.lastRerun = delta.rerun;
    for (const k of Object.keys(delta.findings)) record.parts[k] = delta.findings[k].map(freezeFinding);
  }

  // Keys in the order evaluate() writes them, so both serialise alike.
  function verdictOf(record) {
    const verdict = {};
    if (record.id !== null) verdict.incident = record.id;
    verdict.outcome = record.outcome;
    const { name, version, digest } = record.ruleset;
    verdict.ruleset = { name, version, digest };
    verdict.findings = record.parts.flat();
    return verdict;
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

function freezeFinding(finding) {
  if (finding.missing) {
    for (const m of finding.missing) Object.freeze(m);
    Object.freeze(finding.missing);
  }
  return Object.freeze(finding);
}

/** Whether `text` is a JSON Pointer (RFC 6901). */
function isPointer(text) {
  return text === '' || (text.startsWith('/') && !/~[^01]|~$/.test(text));
}

/**
 * The backend of the default entry: wasm-bindgen's `WasmEngine` and
 * `WasmSession` (JSON text in and out; errors carry `code`). `ready()` says
 * whether the module is loaded (the web build loads it in `init()`).
 */
export function wasmBackend(raw, ready = () => true) {
  const loaded = (name) => {
    if (!ready()) throw new ConductError(`${name}: the WebAssembly module is not loaded yet: await init() (or call initSync) first`, { code: 'invalid_argument' });
  };
  return {
    createEngine(optionsJson) {
      loaded('new ConductEngine');
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
            delta: () => session.delta(),
            update: (pointer, json) => ({ delta: session.update(pointer, json) }),
            remove: (pointer) => ({ delta: session.remove(pointer) }),
            incident: () => session.incident(),
            free: () => session.free(),
          };
        },
        free: () => engine.free(),
      };
    },
    version: () => {
      loaded('version');
      return JSON.parse(raw.version());
    },
    incidentSchema: () => {
      loaded('incidentSchema');
      return JSON.parse(raw.incidentSchema());
    },
  };
}

/**
 * The argument of a web build's `init(input)`, checked: undefined (the
 * module next to the JavaScript file), a URL or its text, a Request or
 * Response, bytes, a compiled module, a promise of one of these, or
 * `{ module_or_path }` holding one. Returns the value to fetch or compile.
 */
export function initInput(name, input) {
  if (input === undefined) return undefined;
  let source = input;
  if (isPlain(input)) {
    if (!('module_or_path' in input)) throw argumentError(name, 'the options object needs `module_or_path`');
    source = input.module_or_path;
    if (source === undefined) return undefined;
  }
  if (
    typeof source === 'string' ||
    (typeof URL === 'function' && source instanceof URL) ||
    (typeof Request === 'function' && source instanceof Request) ||
    (typeof Response === 'function' && source instanceof Response) ||
    source instanceof WebAssembly.Module ||
    isBytes(source) ||
    (source !== null && typeof source === 'object' && typeof source.then === 'function')
  ) {
    return source;
  }
  throw argumentError(name, `expects a URL, a Response, bytes or a WebAssembly.Module, not ${kind(source)}`);
}

/** The argument of a web build's `initSync({ module })`: bytes or a compiled module. */
export function initSyncInput(name, options) {
  let source = options;
  if (isPlain(options)) {
    if (!('module' in options)) throw argumentError(name, 'the options object needs `module`');
    source = options.module;
  }
  if (source instanceof WebAssembly.Module || isBytes(source)) return source;
  throw argumentError(name, `expects { module } with bytes or a WebAssembly.Module, not ${kind(source)}`);
}

/** Loading failed after the argument was checked: the platform's error, typed. */
export function loadError(name, e) {
  const thrown = describeThrown(e);
  // Browsers quote the whole policy, which can push the directive past the
  // message's length limit: say first what to change.
  const csp = /Content Security Policy/i.test(thrown) && /unsafe-eval/.test(thrown)
    ? "the page's Content Security Policy forbids compiling WebAssembly: add 'wasm-unsafe-eval' to its script-src. "
    : '';
  const error = new ConductError(`${name}: the WebAssembly module could not be loaded: ${csp}${thrown}`, { code: 'invalid_argument' });
  error.cause = e;
  return error;
}

function isPlain(value) {
  if (value === null || typeof value !== 'object') return false;
  try {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

function isBytes(value) {
  try {
    return value instanceof ArrayBuffer || ArrayBuffer.isView(value) || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);
  } catch {
    return false;
  }
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
    // The options are read once, as JSON data, so that no getter runs twice.
    const opts = options == null ? {} : JSON.parse(jsonOf('evaluateRego', 'options', options, 'invalid_argument'));
    for (const key of Object.keys(opts)) {
      if (key !== 'limits') throw new ConductError(`evaluateRego: unknown option "${clip(key, 40)}"; expected limits`, { code: 'invalid_config', path: '' });
    }
    const limits = opts.limits;
    if (limits !== undefined && limits !== null && (typeof limits !== 'object' || Array.isArray(limits))) {
      throw new ConductError(`evaluateRego: options.limits must be an object, not ${kind(limits)}`, { code: 'invalid_config', path: '/limits' });
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
