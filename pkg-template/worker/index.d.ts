// conduct-engine/worker: the engine in a Web Worker; the main-thread API
// with every method returning a promise.
import type {
  ConductError,
  EngineOptions,
  EngineStats,
  EffectiveConfig,
  EvaluateOptions,
  Incident,
  RuleFilter,
  RuleInfo,
  RulesetInfo,
  ValidationProblem,
  Verdict,
} from '../api.js';

export { ConductError } from '../api.js';
export * from '../types.js';

/** Labels by JSON Pointer pattern (`/actions/*\/justification/legal/basis`), `element:<name>` and `status:<outcome>`. */
export type Labels = Record<string, string>;

/** An engine in a Web Worker. Options that are wrong reject every call (and `ready`) with `invalid_config`. */
export declare class ConductEngine {
  constructor(options?: EngineOptions);
  /** Resolves to this engine once the worker has made it. */
  readonly ready: Promise<ConductEngine>;
  evaluate(incident: Incident, options?: EvaluateOptions): Promise<Verdict>;
  evaluateJson(incidentJson: string, options?: EvaluateOptions): Promise<string>;
  validate(incident: unknown): Promise<ValidationProblem[]>;
  rules(filter?: RuleFilter): Promise<RuleInfo[]>;
  stats(): Promise<EngineStats>;
  locales(): Promise<string[]>;
  /** The label catalogue in a locale, where the engine in the worker has one. */
  labels(options?: { locale?: string }): Promise<Labels>;
  session(incident: Incident, options?: EvaluateOptions): Promise<ConductSession>;
  readonly locale: Promise<string>;
  readonly ruleset: Promise<RulesetInfo>;
  readonly config: Promise<EffectiveConfig>;
  /** Releases the engine in the worker; later calls reject with `freed`. */
  free(): Promise<void>;
}

/** A session in a Web Worker: `await engine.session(incident)`. */
export declare class ConductSession {
  private constructor();
  update(pointer: string, value: unknown): Promise<Verdict>;
  remove(pointer: string): Promise<Verdict>;
  verdict(): Promise<Verdict>;
  incident(): Promise<Incident>;
  /** Ids of the rules the last settled change re-ran. */
  readonly lastRerun: string[];
  free(): Promise<void>;
}

/** A worker of its own and the classes bound to it. */
export interface ConductWorker {
  ConductEngine: typeof ConductEngine;
  ConductSession: typeof ConductSession;
  ConductError: typeof ConductError;
  worker: Worker;
  /** Resolves once the worker has loaded the engine; rejects with `load_failed`. */
  ready: Promise<void>;
  /** Stops the worker; pending and later calls reject with `freed`. */
  terminate(): void;
}

export interface ConnectOptions {
  /** A Worker running conduct-engine/worker/host, or its URL (started as a module worker). Default: the host beside this module. */
  worker?: Worker | string | URL;
  /** Where the worker finds the engine's wasm: a URL, or a compiled module. Default: beside the host script. */
  wasm?: string | URL | WebAssembly.Module;
}

/** Starts a worker (or uses `worker`) and returns classes bound to it. Throws `load_failed` where there are no Web Workers. */
export declare function connect(options?: ConnectOptions): ConductWorker;
