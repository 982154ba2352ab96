// conduct-engine/form: an HTML form judged while it is filled in.
import type { EvaluateOptions, Incident, Verdict } from '../api.js';

/** What the binding needs of a session: the main-thread one, or a worker's (promises). */
export interface SessionLike {
  update(pointer: string, value: unknown): Verdict | Promise<Verdict>;
  remove(pointer: string): Verdict | Promise<Verdict>;
  verdict(): Verdict | Promise<Verdict>;
  free(): void | Promise<void>;
}

/** What the binding needs of an engine: `conduct-engine`'s or `conduct-engine/worker`'s ConductEngine. */
export interface EngineLike {
  session(incident: Incident, options?: EvaluateOptions): SessionLike | Promise<SessionLike>;
  labels?(options?: { locale?: string }): Record<string, string> | Promise<Record<string, string>>;
}

/** What `connect()` of conduct-engine/worker returns (only its engine class is used). */
export interface WorkerLike {
  ConductEngine: new (options?: { locale?: string }) => EngineLike & { free(): void | Promise<void> };
}

/** An element that shows verdicts, such as `<conduct-feedback>`. */
export interface VerdictView {
  verdict: Verdict | null;
  engine: unknown;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
}

/** The engine to judge with: one of `engine` and `worker`. */
export type BindFormEngine =
  | {
      /** The engine: from `conduct-engine` (after `init()`) or `conduct-engine/worker`. */
      engine: EngineLike;
      worker?: undefined;
    }
  | {
      /** Instead of `engine`: a worker from `connect()`; the binding makes (and frees) an engine in it. */
      worker: WorkerLike;
      engine?: undefined;
    };

export type BindFormOptions = BindFormEngine & BindFormSettings;

export interface BindFormSettings {
  /** The incident the form fills in; default `{ schemaVersion: '1' }`. */
  incident?: Incident;
  /** Language of messages and labels. */
  locale?: string;
  /** Milliseconds to wait after the last input before judging; default 0. */
  debounce?: number;
  /** The element (or a selector) that shows the outcome; default `[data-conduct-outcome]` in the form. */
  outcome?: Element | string;
  /** Elements to hand each verdict to (`<conduct-feedback>`). */
  feedback?: VerdictView | VerdictView[];
  /** Called after each verdict is rendered. */
  onVerdict?(verdict: Verdict, binding: FormBinding): void;
  /** Called on an error no field explains (the engine or worker failed). */
  onError?(error: unknown, binding: FormBinding): void;
}

/** A form bound to a session. Events on the form: `conduct:verdict` and `conduct:error` (`detail.verdict` / `detail.error`). */
export declare class FormBinding {
  constructor(form: HTMLElement, options: BindFormOptions);
  /** Resolves with the first verdict once it is rendered. */
  readonly ready: Promise<Verdict>;
  /** The last verdict rendered. */
  readonly verdict: Verdict | null;
  readonly engine: EngineLike;
  readonly locale: string | undefined;
  /** The incident as the form fills it in now (a copy). */
  incident(): Incident;
  /** Judges in another locale from now on. */
  setLocale(locale: string): Promise<Verdict>;
  /** Reads the form's controls again (after adding or removing some) and judges it. */
  refresh(): Promise<Verdict>;
  /** Removes listeners and marks, and frees the session. */
  destroy(): void;
}

/**
 * Binds `form` to a session of `options.engine` (or of an engine in
 * `options.worker`). Throws a ConductError (`invalid_argument`) for a
 * missing form, engine or worker, or a bad `debounce`.
 */
export declare function bindForm(form: HTMLElement, options: BindFormOptions): FormBinding;

/** A control's `name` as a JSON Pointer (`actions[0].id` → `/actions/0/id`); null if it is not a path. */
export declare function pointerFromName(name: string): string | null;
