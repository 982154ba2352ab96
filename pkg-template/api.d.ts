// The API both entries share: `conduct-engine` and `conduct-engine/rego`.

import type {
  ConductErrorCode,
  EngineOptions,
  EngineStats,
  EffectiveConfig,
  EvaluateOptions,
  Incident,
  LabelOptions,
  Labels,
  RuleFilter,
  RuleInfo,
  RulesetInfo,
  ValidationProblem,
  Verdict,
  VersionInfo,
} from './types.js';

export * from './types.js';

/**
 * What every method throws. The engine stays usable after an error; a
 * method called on the wrong object or with an argument of the wrong type
 * throws `invalid_argument`, one called after `free()` throws `freed`.
 */
export declare class ConductError extends Error {
  name: 'ConductError';
  code: ConductErrorCode;
  /** JSON Pointer of the first problem, `""` for the whole input, `null` when no place applies. */
  path: string | null;
  /** Every problem found (validation reports all of them), possibly empty. */
  problems: ValidationProblem[];
  /** For errors in a partner's Rego: the file, line and column. */
  location?: { file: string; line: number; column: number };
}

/** Evaluates incidents against the built-in code of conduct. */
export declare class ConductEngine {
  /** The built-in rule set, with `config` overriding thresholds, `locale` the language of messages, `limits` bounding input. */
  constructor(options?: EngineOptions);
  /** Judges one incident and returns its verdict. */
  evaluate(incident: Incident, options?: EvaluateOptions): Verdict;
  /** Judges an incident given as JSON text; the verdict as JSON text (the fastest path). */
  evaluateJson(incidentJson: string, options?: EvaluateOptions): string;
  /** Every problem that keeps `incident` from being valid; empty if none. */
  validate(incident: unknown): ValidationProblem[];
  /** The catalogue, in clause order, filtered. */
  rules(filter?: RuleFilter): RuleInfo[];
  /** Every label of a locale (default: the engine's), by key: words for each field, element and status. */
  labels(options?: LabelOptions): Labels;
  /** A session over one incident: `update` re-runs only the rules a change touches. */
  session(incident: Incident, options?: EvaluateOptions): ConductSession;
  /** How the engine runs and how much it has done. */
  stats(): EngineStats;
  /** The locales messages are available in. */
  locales(): string[];
  /** The locale of messages when a call names none. */
  readonly locale: string;
  /** The rule set's name, version and digest. */
  readonly ruleset: RulesetInfo;
  /** The configuration in force. */
  readonly config: EffectiveConfig;
  /** Releases the engine's memory; later calls throw `freed`. Twice is harmless. */
  free(): void;
}

/** One incident under edit: `engine.session(incident)`. */
export declare class ConductSession {
  private constructor();
  /** Sets the value at a JSON Pointer (`/actions/-` appends) and returns the new verdict. */
  update(pointer: string, value: unknown): Verdict;
  /** Removes the member or item at a JSON Pointer and returns the new verdict. */
  remove(pointer: string): Verdict;
  /** The verdict on the incident as it stands. */
  verdict(): Verdict;
  /** The incident as it stands (a copy). */
  incident(): Incident;
  /** Ids of the rules the last change re-ran. */
  readonly lastRerun: string[];
  /** Releases the session; twice is harmless. */
  free(): void;
}

/** The built-in rule set's name, version and digest, and the engine version. */
export declare function version(): VersionInfo;

/** The JSON Schema (draft 2020-12) of the incident model. */
export declare function incidentSchema(): Record<string, unknown>;
