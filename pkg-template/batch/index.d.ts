// Types of conduct-engine/batch (Node only): the declarations it uses are
// in the package's types.d.ts.
import type {
  BatchEntry,
  BatchInput,
  BatchOptions,
  BatchResult,
  BatchValidationResult,
  ValidationProblem,
  Verdict,
} from '../types.js';

export type {
  BatchEntry,
  BatchError,
  BatchErrorCode,
  BatchFailure,
  BatchInput,
  BatchOptions,
  BatchResult,
  BatchValidation,
  BatchValidationResult,
  BatchVerdict,
} from '../types.js';

type Input<S> = Iterable<BatchInput<S>> | AsyncIterable<BatchInput<S>>;

/**
 * Judges every incident of `input` on worker threads and yields the results
 * in input order: `{ index, source?, outcome, verdict }`, or
 * `{ index, source?, error }` for an input that got no verdict.
 *
 * ```js
 * for await (const r of evaluateMany(incidents, { workers: 4 })) {
 *   if (r.error) console.error(r.index, r.error.code, r.error.message);
 *   else console.log(r.index, r.outcome);
 * }
 * ```
 */
export function evaluateMany<S = unknown>(input: Input<S>, options: BatchOptions & { verdicts: 'json' }): AsyncIterableIterator<BatchResult<S, string>>;
export function evaluateMany<S = unknown>(input: Input<S>, options: BatchOptions & { verdicts: 'bytes' }): AsyncIterableIterator<BatchResult<S, Uint8Array>>;
export function evaluateMany<S = unknown>(input: Input<S>, options?: BatchOptions & { verdicts?: 'object' }): AsyncIterableIterator<BatchResult<S, Verdict>>;
export function evaluateMany<S = unknown>(input: Input<S>, options?: BatchOptions): AsyncIterableIterator<BatchResult<S, Verdict | string | Uint8Array>>;

/** Checks every incident of `input` against the incident model, judging none: `{ index, source?, valid, problems }` or `{ index, source?, error }`. */
export function validateMany<S = unknown>(input: Input<S>, options?: Omit<BatchOptions, 'verdicts'>): AsyncIterableIterator<BatchValidationResult<S>>;

/** An incident (object, JSON text or UTF-8 bytes) with a source of yours, handed back with its result. */
export function entry<S>(source: S, incident: object | string | Uint8Array): BatchEntry<S>;

/** An input that failed before it could be judged: it comes back as `{ index, source, error }` in its place. */
export function inputError<S>(source: S, error: { code: string; message: string; path?: string | null; problems?: ValidationProblem[] }): BatchEntry<S>;
