// One engine and what a batch asks of it: a verdict (JSON text) or the
// validation problems of each incident text. Runs in a worker thread, or in
// the calling thread with `workers: 0`.

import * as buffer from 'node:buffer';

const isUtf8 = buffer.isUtf8 ?? (() => true);

export const OUTCOMES = ['violation', 'incomplete', 'compliant', 'not_applicable'];
export const OUTCOME_CODES = { violation: 0, incomplete: 1, compliant: 2, not_applicable: 3 };

/** The verdict's outcome, read from its JSON text without parsing it all. */
export function outcomeOf(text) {
  // `"outcome":"` cannot occur inside a JSON string (its quotes would be
  // escaped), and `incident`, the only member before it, is a string.
  const at = text.indexOf('"outcome":"') + 11;
  return text.slice(at, text.indexOf('"', at));
}

/** Stands for a text given as bytes that are not UTF-8. */
export const NOT_UTF8 = Symbol('not UTF-8');

/**
 * The texts of a chunk's message, those given as bytes decoded, or an
 * error for bytes that are not UTF-8 (which the judge passes through).
 */
export function textsOf({ texts, bytes, spans }) {
  if (bytes === null) return texts;
  // A Buffer arrives from another thread as a plain Uint8Array.
  bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = texts.slice();
  let start = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const end = spans[k + 1];
    const view = bytes.subarray(start, end);
    out[spans[k]] = isUtf8(view) ? view.toString('utf8') : NOT_UTF8;
    start = end;
  }
  return out;
}

/** A thrown ConductError as plain data, or null for anything else. */
export function errorData(e) {
  if (!e || e.name !== 'ConductError') return null;
  const data = { code: e.code, path: e.path ?? null, message: e.message, problems: e.problems ?? [] };
  if (e.location) data.location = e.location;
  return data;
}

/** The engine module: the built-in catalogue, or the partner entry for policies. */
async function engineModule(partner) {
  if (!partner) return import('../node/index.mjs');
  let mod;
  try {
    // The package's own name resolves through its `exports` map.
    mod = await import('conduct-engine/rego');
  } catch (e) {
    if (e?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || e?.code === 'ERR_MODULE_NOT_FOUND') {
      const error = new Error('partner rules need the conduct-engine/rego entry, which this build of the package does not have');
      error.code = 'ERR_CONDUCT_NO_REGO';
      throw error;
    }
    throw e;
  }
  return mod.ConductEngine ? mod : mod.default;
}

/**
 * Builds the engine `init` describes ({ config, limits, locale, policies })
 * and returns `judge(text)` for `task` ('evaluate' or 'validate'). Throws
 * what the engine throws for bad options or policies.
 */
export async function createJudge(init, task) {
  const { ConductEngine } = await engineModule(init.policies !== undefined);
  const options = {};
  for (const key of ['config', 'limits', 'locale']) if (init[key] !== undefined) options[key] = init[key];
  const make = () => {
    const engine = new ConductEngine(options);
    if (init.policies !== undefined) {
      try {
        engine.addPolicies(init.policies);
      } catch (e) {
        engine.free?.();
        throw e;
      }
    }
    return engine;
  };
  let engine = make();

  const validate = (text) => {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      // The engine's own words for the fault (and the same limits).
      engine.evaluateJson(text);
      throw new Error('JSON.parse and the engine disagree on this text');
    }
    return engine.validate(value);
  };
  const run = task === 'validate' ? validate : (text) => engine.evaluateJson(text);

  return function judge(text) {
    if (text === NOT_UTF8) {
      const problem = { code: 'invalid_json', path: '', message: 'not valid JSON: the bytes are not UTF-8 text' };
      return task === 'validate' ? [problem] : { error: { ...problem, problems: [] } };
    }
    try {
      return run(text);
    } catch (e) {
      const data = errorData(e);
      if (task === 'validate' && data && data.code !== 'policy_error') {
        return data.problems.length > 0 ? data.problems : [{ code: data.code, path: data.path ?? '', message: data.message }];
      }
      if (data) return { error: data };
      // Not an error the engine reports about its input (a trap, a bug): the
      // engine may be unusable after it, so judge the next text on a new one.
      try {
        engine.free?.();
      } catch {
        // already unusable
      }
      engine = make();
      return { error: { code: 'internal_error', path: null, message: `the engine failed on this incident: ${e?.message ?? e}`, problems: [] } };
    }
  };
}
