'use strict';
// What `evaluateMany` and `validateMany` read besides bare incidents, and
// the checks of their options. CommonJS, so that the ESM and the CommonJS
// faces of `conduct-engine/batch` share one copy (and one tag) of it.

const os = require('node:os');

/** Tags an entry; `Symbol.for` so that two copies of this file agree. */
const ENTRY = Symbol.for('conduct-engine/batch entry');

/**
 * An incident (an object, or its JSON text) with a source of your own: any
 * value, handed back untouched with its result and never sent to a worker.
 */
function entry(source, incident) {
  return { [ENTRY]: 'incident', source, incident };
}

/**
 * An input that failed before it could be judged (a file that cannot be
 * read, a line that is not text...): it keeps its place in the output and
 * comes back as `{ index, source, error }`.
 */
function inputError(source, error) {
  if (error === null || typeof error !== 'object' || typeof error.code !== 'string' || typeof error.message !== 'string') {
    throw new TypeError('inputError(source, error): error needs a string code and a string message');
  }
  const data = {
    code: error.code,
    path: typeof error.path === 'string' ? error.path : null,
    message: error.message,
    problems: Array.isArray(error.problems) ? error.problems : [],
  };
  return { [ENTRY]: 'error', source, error: data };
}

/** The cores this process may use: the default number of workers. */
function availableCores() {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1;
}

const OPTION_KEYS = new Set(['workers', 'locale', 'config', 'limits', 'policies', 'verdicts', 'signal']);

/**
 * The options with their defaults, or a TypeError naming the first wrong
 * one: thrown when `evaluateMany` is called, not at the first `next()`.
 */
function checkOptions(options, caller) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') throw new TypeError(`${caller}: options must be an object`);
  const fail = (what) => {
    throw new TypeError(`${caller}: ${what}`);
  };
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) fail(`unknown option "${key}" (known: ${[...OPTION_KEYS].join(', ')})`);
  }
  const { workers = availableCores(), locale, config, limits, policies, verdicts = 'object', signal } = options;
  if (!Number.isInteger(workers) || workers < 0 || workers > 256) fail('workers must be an integer from 0 (this thread) to 256');
  if (locale !== undefined && typeof locale !== 'string') fail('locale must be a string');
  for (const [name, value] of [['config', config], ['limits', limits]]) {
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) fail(`${name} must be an object`);
  }
  if (policies !== undefined) {
    if (policies === null || typeof policies !== 'object' || !Array.isArray(policies.files)) {
      fail('policies must be { files: [{ path, source }], messages? }');
    }
    for (const f of policies.files) {
      if (!f || typeof f.path !== 'string' || typeof f.source !== 'string') fail('every policies.files item needs a string path and source');
    }
  }
  if (verdicts !== 'object' && verdicts !== 'json' && verdicts !== 'bytes') fail('verdicts must be "object", "json" or "bytes"');
  if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')) {
    fail('signal must be an AbortSignal');
  }
  // Tests may run another worker script (to prove that a worker's death
  // loses nothing); not part of the API.
  const workerScript = options[Symbol.for('conduct-engine/batch worker script')];
  return { workers, engine: { config, limits, locale, policies }, verdicts, signal, workerScript };
}

/** A sync or async iterator over `input`, or a TypeError. */
function iteratorOf(input, caller) {
  if (input !== null && input !== undefined) {
    if (typeof input[Symbol.asyncIterator] === 'function') return { iterator: input[Symbol.asyncIterator](), sync: false };
    if (typeof input[Symbol.iterator] === 'function' && typeof input !== 'string') return { iterator: input[Symbol.iterator](), sync: true };
  }
  throw new TypeError(`${caller}: the input must be an iterable or an async iterable of incidents`);
}

exports.ENTRY = ENTRY;
exports.entry = entry;
exports.inputError = inputError;
exports.availableCores = availableCores;
exports.checkOptions = checkOptions;
exports.iteratorOf = iteratorOf;
