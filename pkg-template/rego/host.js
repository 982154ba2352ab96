// The host of conduct-engine's partner-rules build (src/sandbox.rs): every
// engine gets a WebAssembly instance of its own, so nothing a partner rule
// does (a runaway, a memory bomb, a stack overflow, a crash) can reach
// another engine or the default entry's catalogue. After any trap the
// instance is thrown away and, on the next call, rebuilt by replaying what
// built it (the options, each bundle added); open sessions are reopened from
// the incident as it stood.
//
// Written as an ES module; build-pkg.sh writes a CommonJS twin (host.cjs).

import { ConductError } from '../lib/api.js';

const OP = {
  construct: 0,
  addPolicies: 1,
  evaluate: 2,
  validate: 3,
  rules: 4,
  describe: 5,
  evaluateRego: 6,
  sessionOpen: 7,
  sessionUpdate: 8,
  sessionIncident: 9,
  sessionClose: 10,
  version: 12,
  schema: 13,
  labels: 14,
  sessionDelta: 15,
};

/** Memory an engine's rules may hold at once, unless limits.maxMemoryBytes says otherwise. */
export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024;
/** The most limits.maxMemoryBytes may be (the module's own ceiling is 512 MiB). */
export const MAX_MEMORY_BYTES = 448 * 1024 * 1024;
/** Work a call may do, unless limits.maxInstructions says otherwise. */
export const DEFAULT_BUDGET = 500000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown when an instance trapped: its error, for the caller. */
class Trap extends Error {
  constructor(error) {
    super(error.message);
    this.error = error;
  }
}

/** Exit from the module (`proc_exit`): Rust aborts this way on some targets. */
class Exit extends Error {}

/**
 * The WASI functions the module imports: no files, no environment, entropy
 * from the platform, and a clock that advances one millisecond per reading
 * (so the interpreter's time limit counts work, the same on every machine).
 */
function wasi(instance) {
  const view = () => new DataView(instance.memory.buffer);
  return {
    random_get(ptr, len) {
      const bytes = new Uint8Array(instance.memory.buffer, ptr, len);
      if (globalThis.crypto && globalThis.crypto.getRandomValues) {
        for (let i = 0; i < len; i += 65536) globalThis.crypto.getRandomValues(bytes.subarray(i, Math.min(len, i + 65536)));
      } else {
        for (let i = 0; i < len; i++) bytes[i] = Math.floor(Math.random() * 256);
      }
      return 0;
    },
    environ_get: () => 0,
    environ_sizes_get(countPtr, sizePtr) {
      view().setUint32(countPtr, 0, true);
      view().setUint32(sizePtr, 0, true);
      return 0;
    },
    clock_time_get(_id, _precision, out) {
      instance.ticks += 1n;
      view().setBigUint64(out, instance.ticks * 1000000n, true);
      return 0;
    },
    fd_write(_fd, iovs, count, written) {
      const v = view();
      let total = 0;
      for (let i = 0; i < count; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true);
        const len = v.getUint32(iovs + 8 * i + 4, true);
        if (instance.stderr.length < 2000) instance.stderr += decoder.decode(new Uint8Array(instance.memory.buffer, ptr, len));
        total += len;
      }
      v.setUint32(written, total, true);
      return 0;
    },
    proc_exit(code) {
      throw new Exit(`the module exited with code ${code}`);
    },
  };
}

/** One instance of the module: one engine, until it traps. */
class Instance {
  constructor(module, memoryBytes) {
    this.ticks = 0n;
    this.stderr = '';
    this.dead = false;
    this.instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi(this) });
    this.exports = this.instance.exports;
    this.memory = this.exports.memory;
    this.trapInfo = this.exports.ce_trap_info();
    this.stackBytes = this.exports.ce_stack_bytes();
    this.exports.ce_set_memory_cap(memoryBytes);
  }

  /** Writes `text` into the instance's memory: [ptr, len]. */
  write(text) {
    if (text === '') return [0, 0];
    const bytes = encoder.encode(text);
    const ptr = this.exports.ce_alloc(bytes.length);
    new Uint8Array(this.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  /**
   * Runs `op` with text arguments: the text of its answer, or a thrown
   * ConductError; a trap throws a `Trap` and kills the instance.
   */
  call(op, a = '', b = '', c = '', what = '') {
    if (this.dead) throw new Error('internal: a dead instance was called');
    this.ticks = 0n;
    let status;
    try {
      const [pa, la] = this.write(a);
      const [pb, lb] = this.write(b);
      const [pc, lc] = this.write(c);
      status = this.exports.ce_call(op, pa, la, pb, lb, pc, lc);
    } catch (e) {
      this.dead = true;
      throw new Trap(this.trapError(e, what));
    }
    const [ptr, len] = new Uint32Array(this.memory.buffer, this.exports.ce_result(), 2);
    const text = decoder.decode(new Uint8Array(this.memory.buffer, ptr, len));
    if (status === 0) return text.slice(6, -1); // {"ok":…}
    const { error } = JSON.parse(text);
    throw new ConductError(error.message, error);
  }

  /** What a trap means, read from the module's record of it. */
  trapError(e, what) {
    const info = readTrapInfo(this.memory, this.trapInfo);
    const who = info ? runningName(info) : null;
    const subject = who ? who.name : what || 'partner Rego';
    const location = who && who.location ? { location: who.location } : {};
    if (info && info.reason === 1) {
      return new ConductError(`${subject} needed more memory than the cap of ${mibOf(info.cap)} (limits.maxMemoryBytes); it was stopped and its sandbox is rebuilt for the next call`, {
        code: 'limit_exceeded',
        ...location,
      });
    }
    if (info && info.reason === 2) {
      return new ConductError(`${subject} crashed the Rego engine: ${info.message}`, { code: 'policy_error', ...location });
    }
    const text = e && e.message ? e.message : String(e);
    if (e instanceof RangeError || /out of bounds|call stack|stack overflow/i.test(text)) {
      return new ConductError(`${subject} recursed too deeply: it overflowed the stack of ${mibOf(this.stackBytes)}; it was stopped and its sandbox is rebuilt for the next call`, {
        code: 'limit_exceeded',
        ...location,
      });
    }
    return new ConductError(`${subject} crashed the Rego engine: ${text}`, { code: 'policy_error', ...location });
  }
}

/**
 * The module's record of a trap (`TrapInfo` in src/sandbox.rs, read at its
 * fixed offsets): why, and what partner code was running. Null when the
 * memory cannot be read.
 */
function readTrapInfo(memory, base) {
  try {
    const view = new DataView(memory.buffer, base, TRAP_INFO.size);
    const u32 = (at) => view.getUint32(at, true);
    const text = (at, len, max) => decoder.decode(new Uint8Array(memory.buffer, base + at, Math.min(len, max)));
    return {
      reason: u32(TRAP_INFO.reason),
      cap: u32(TRAP_INFO.cap),
      message: text(TRAP_INFO.message, u32(TRAP_INFO.len), 512),
      running: u32(TRAP_INFO.running),
      line: u32(TRAP_INFO.line),
      name: text(TRAP_INFO.name, u32(TRAP_INFO.nameLen), 128),
      file: text(TRAP_INFO.file, u32(TRAP_INFO.fileLen), 256),
    };
  } catch {
    return null;
  }
}

/** Offsets of `TrapInfo`'s fields (src/sandbox.rs): keep in step with it. */
const TRAP_INFO = { reason: 0, cap: 4, len: 8, message: 12, running: 524, line: 528, nameLen: 532, name: 536, fileLen: 664, file: 668, size: 924 };

/** What was running, as a message names it, and where it is: null if nothing partner. */
function runningName(info) {
  switch (info.running) {
    case 1:
      return { name: `loading ${info.file}` };
    case 2:
      return {
        name: `rule ${info.name} (${info.file}${info.line ? `:${info.line}` : ''})`,
        location: info.file ? { file: info.file, line: info.line, column: 1 } : undefined,
      };
    case 3:
      return { name: `the query \`${oneLine(info.name, 80)}\`` };
    default:
      return null;
  }
}

function oneLine(text, max) {
  const line = text.split(/\s+/).filter(Boolean).join(' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function mibOf(bytes) {
  return `${(bytes / 1048576).toFixed(bytes % 1048576 ? 1 : 0)} MiB`;
}

/** Parses the engine options JSON far enough to read the memory cap. */
function memoryOf(optionsJson) {
  if (!optionsJson) return DEFAULT_MEMORY_BYTES;
  let limits;
  try {
    limits = JSON.parse(optionsJson).limits;
  } catch {
    return DEFAULT_MEMORY_BYTES;
  }
  const n = limits && limits.maxMemoryBytes;
  if (n === undefined || n === null) return DEFAULT_MEMORY_BYTES;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1048576 || n > MAX_MEMORY_BYTES) {
    throw new ConductError(`limits.maxMemoryBytes must be a whole number of bytes from 1 MiB to ${MAX_MEMORY_BYTES / 1048576} MiB`, {
      code: 'invalid_config',
      path: '/limits/maxMemoryBytes',
    });
  }
  return n;
}

/** Removes the engine-only option before Rust reads the options. */
function withoutMemory(optionsJson) {
  if (!optionsJson) return optionsJson;
  const options = JSON.parse(optionsJson);
  if (options && options.limits && 'maxMemoryBytes' in options.limits) {
    delete options.limits.maxMemoryBytes;
    return JSON.stringify(options);
  }
  return optionsJson;
}

/**
 * How far an engine's instance may grow past its size when built before it
 * is replaced (WebAssembly memory never shrinks: a call that needed a lot
 * would otherwise keep it for the life of the page).
 */
export const GROWTH_BYTES = 32 * 1024 * 1024;

/**
 * One partner engine: its instance, and what it takes to build it again.
 * Counts traps and rebuilds for `stats()`.
 */
class EngineSandbox {
  constructor(module, optionsJson) {
    this.module = module;
    this.memoryBytes = memoryOf(optionsJson);
    this.optionsJson = withoutMemory(optionsJson);
    this.bundles = [];
    this.sessions = new Map();
    this.nextSession = 0;
    this.traps = 0;
    this.rebuilds = 0;
    this.lastTrapMemoryBytes = 0;
    this.builtBytes = 0;
    this.built = false;
    this.instance = null;
    this.live();
  }

  /**
   * The instance, built (again) if there is none, it trapped, or it grew
   * more than GROWTH_BYTES past its size when built. A rebuild replays the
   * options and every bundle added; sessions reopen on their next use.
   */
  live() {
    const current = this.instance;
    if (current && !current.dead && current.memory.buffer.byteLength <= this.builtBytes + GROWTH_BYTES) return current;
    this.instance = null; // let the old memory go before the new one is made
    if (this.built) this.rebuilds += 1;
    const instance = new Instance(this.module, this.memoryBytes);
    try {
      instance.call(OP.construct, this.optionsJson);
      for (const bundle of this.bundles) instance.call(OP.addPolicies, bundle);
    } catch (e) {
      // A cap too small for the engine itself.
      if (e instanceof Trap) throw e.error;
      throw e;
    }
    for (const s of this.sessions.values()) s.id = null;
    this.instance = instance;
    this.built = true;
    this.builtBytes = instance.memory.buffer.byteLength;
    return instance;
  }

  /** Runs a call on `instance`; after a trap the instance is dropped. */
  run(instance, op, a, b, c, what) {
    try {
      return instance.call(op, a, b, c, what);
    } catch (e) {
      if (e instanceof Trap) {
        this.traps += 1;
        this.lastTrapMemoryBytes = instance.memory.buffer.byteLength;
        if (this.instance === instance) this.instance = null; // let the memory go now
        throw e.error;
      }
      throw e;
    }
  }

  call(op, a, b, c, what) {
    return this.run(this.live(), op, a, b, c, what);
  }

  addPolicies(bundleJson) {
    const ids = this.call(OP.addPolicies, bundleJson, '', '', describeBundle(bundleJson));
    this.bundles.push(bundleJson);
    return ids;
  }

  describe() {
    const d = JSON.parse(this.call(OP.describe));
    d.stats.sandbox = {
      memoryCapBytes: this.memoryBytes,
      memoryBytes: this.instance ? this.instance.memory.buffer.byteLength : 0,
      lastTrapMemoryBytes: this.lastTrapMemoryBytes,
      traps: this.traps,
      rebuilds: this.rebuilds,
    };
    return d;
  }

  /** A session, kept alive across rebuilds with a copy of its incident. */
  openSession(incidentJson, optionsJson) {
    const answer = JSON.parse(this.call(OP.sessionOpen, incidentJson, optionsJson, '', 'opening a session'));
    const key = this.nextSession++;
    const s = { id: answer.session, incident: JSON.parse(incidentJson), options: optionsJson };
    this.sessions.set(key, s);
    const sandbox = this;
    // The session's op on the live instance, reopening it there first if
    // that instance is new: both on the same instance.
    const onSession = (op, b = '', c = '', what = '') => {
      const instance = sandbox.live();
      if (s.id === null) {
        s.id = JSON.parse(sandbox.run(instance, OP.sessionOpen, JSON.stringify(s.incident), s.options, '', 'reopening a session')).session;
      }
      return sandbox.run(instance, op, String(s.id), b, c, what);
    };
    // A change answers with a delta: only the re-run rules' findings come
    // back, and lib/api.js keeps the others (as in the default entry).
    const change = (pointer, valueJson) => {
      const delta = onSession(OP.sessionUpdate, pointer, valueJson, 'changing the session');
      applyChange(s.incident, pointer, valueJson === '' ? REMOVE : JSON.parse(valueJson));
      return { delta };
    };
    return {
      delta: () => onSession(OP.sessionDelta, '', '', 'the session'),
      update: (pointer, valueJson) => change(pointer, valueJson),
      remove: (pointer) => change(pointer, ''),
      incident: () => JSON.stringify(s.incident),
      free() {
        sandbox.sessions.delete(key);
        const instance = sandbox.instance;
        if (s.id !== null && instance && !instance.dead) sandbox.run(instance, OP.sessionClose, String(s.id));
      },
    };
  }

  free() {
    this.instance = null;
    this.bundles = [];
    this.sessions.clear();
  }
}

const REMOVE = Symbol('remove');

/** Applies a change the sandbox accepted to the session's copy (RFC 6901). */
function applyChange(root, pointer, value) {
  if (pointer === '') return;
  const tokens = pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root;
  for (const t of tokens.slice(0, -1)) node = node[Array.isArray(node) ? Number(t) : t];
  const last = tokens[tokens.length - 1];
  if (Array.isArray(node)) {
    const i = last === '-' ? node.length : Number(last);
    if (value === REMOVE) node.splice(i, 1);
    else node[i] = value;
  } else if (value === REMOVE) {
    delete node[last];
  } else {
    node[last] = value;
  }
}

/** What evaluateRego is about, for a trap outside the query itself. */
function queryOf(requestJson) {
  try {
    const { query } = JSON.parse(requestJson);
    if (typeof query === 'string') return `evaluating the query \`${oneLine(query, 80)}\``;
  } catch {
    // Not JSON: the module says so, unless it traps first.
  }
  return 'evaluateRego';
}

function describeBundle(bundleJson) {
  try {
    const files = JSON.parse(bundleJson).files.map((f) => f.path);
    return `loading ${files.join(', ')}`;
  } catch {
    return 'loading the bundle';
  }
}

/** The backend of the partner entry, over a compiled module. */
export function sandboxBackend(getModule) {
  // One more instance for what needs no engine of its own: the version, the
  // schema, plain Rego. Thrown away after a trap, and after a call that grew
  // its memory past 32 MiB (memory never shrinks otherwise).
  let shared = null;
  const sharedCall = (op, a = '', b = '', memoryBytes = DEFAULT_MEMORY_BYTES, what = '') => {
    if (!shared || shared.dead) shared = new Instance(getModule(), memoryBytes);
    shared.exports.ce_set_memory_cap(memoryBytes);
    try {
      return shared.call(op, a, b, '', what);
    } catch (e) {
      if (e instanceof Trap) {
        shared = null;
        throw e.error;
      }
      throw e;
    } finally {
      if (shared && shared.memory.buffer.byteLength > 32 * 1048576) shared = null;
    }
  };
  return {
    createEngine(optionsJson) {
      const sandbox = new EngineSandbox(getModule(), optionsJson);
      return {
        evaluate: (text, opts) => sandbox.call(OP.evaluate, text, opts, '', 'evaluating the incident'),
        validate: (text) => sandbox.call(OP.validate, text),
        rules: (filter) => sandbox.call(OP.rules, filter),
        labels: (opts) => sandbox.call(OP.labels, opts),
        describe: () => sandbox.describe(),
        openSession: (text, opts) => sandbox.openSession(text, opts),
        addPolicies: (bundle) => sandbox.addPolicies(bundle),
        free: () => sandbox.free(),
      };
    },
    version: () => JSON.parse(sharedCall(OP.version)),
    incidentSchema: () => JSON.parse(sharedCall(OP.schema)),
    /** Plain Rego within a budget of work and memory. */
    evaluateRego: (requestJson, budget, memoryBytes) =>
      sharedCall(OP.evaluateRego, requestJson, String(budget), memoryBytes, queryOf(requestJson)),
  };
}
