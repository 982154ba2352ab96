// conduct-engine/rego: the engine that takes partner rules. A copy of
// index.d.ts: this folder is ES modules, so CommonJS cannot re-export it.
import type { EngineOptions, Limits, PolicyBundle } from '../types.js';
import { ConductEngine as BuiltInEngine } from '../api.js';

export * from '../api.js';

/**
 * The built-in rule set plus partners' own rules. Each engine runs in a
 * WebAssembly instance of its own: a runaway, a memory bomb or a crash in a
 * partner rule ends that call with a `ConductError` and leaves every other
 * engine, and this one, judging correctly afterwards.
 */
export declare class ConductEngine extends BuiltInEngine {
  constructor(options?: EngineOptions);
  /** Adds one partner rule file; returns the ids of the rules it defines. */
  addPolicy(path: string, source: string): string[];
  /** Adds a bundle of partner rule files with their messages; returns the ids of the rules added. */
  addPolicies(bundle: PolicyBundle): string[];
}

/**
 * Evaluates any Rego (for trying rules out): `request` is JSON text of
 * `{ modules: [{ path, source }], query, input?, data?, regoV0?, strict? }`;
 * the answer is regorus's query results as JSON text.
 */
export declare function evaluateRego(
  request: string,
  options?: { limits?: Pick<Limits, 'maxInstructions' | 'maxMemoryBytes'> },
): string;
