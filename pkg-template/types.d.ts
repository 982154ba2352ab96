// Types of conduct-engine's input (the incident, version 1), output (the
// verdict) and API values. The incident types mirror the validator in the
// crate's `src/incident.rs` field for field; the package's tests check that
// the two agree.
//
// Conventions of the incident model:
// - every field is optional unless marked required: absent means "not
//   recorded", and makes the rules that need it `not_applicable` or
//   `incomplete`;
// - every optional field may be `null`, meaning "did not happen" (e.g. never
//   told), which rules read differently from absent;
// - array items may not be `null` (an error, like any other wrong type);
// - unknown fields are rejected (`invalid_incident`), except inside
//   `extensions`.

/** An ISO 8601 date (`2026-11-20`) or date-time (`2026-11-20T10:00:00Z`). */
export type IsoDate = string;

/** A list; its items may not be `null`. */
export type List<T> = Array<T>;

/** The kinds of action the rules know; any other string is accepted too. */
export type ActionKind =
  | 'security-test'
  | 'access'
  | 'disclosure'
  | 'advice'
  | 'judgement'
  | 'task'
  | 'report'
  | (string & {});

/** Classification of disclosed information, least to most protected. */
export type Classification = 'public' | 'internal' | 'confidential' | 'personal' | 'sensitive';

/** What one incident describes: what a member did, and the facts around it. */
export interface Incident {
  /** Required. The version of this model; this engine reads `"1"`. */
  schemaVersion: '1';
  /** Echoed in the verdict as `incident`. */
  id?: string | null;
  occurredAt?: IsoDate | null;
  member?: Member | null;
  actions?: List<Action> | null;
  agreements?: List<Agreement> | null;
  promises?: List<MemberPromise> | null;
  conflictsOfInterest?: List<ConflictOfInterest> | null;
  deficienciesFound?: List<Deficiency> | null;
  /** Free-form facts for partners' custom rules: any JSON value. */
  extensions?: unknown;
}

export interface Member {
  name?: string | null;
  qualifications?: List<Qualification> | null;
  lastTraining?: IsoDate | null;
}

export interface Qualification {
  /** Required. */
  name: string;
  validUntil?: IsoDate | null;
}

/** One thing the member did. Rules judge each action on its own. */
export interface Action {
  id?: string | null;
  kind?: ActionKind | null;
  description?: string | null;
  at?: IsoDate | null;
  affectedParties?: List<string> | null;
  requiredQualifications?: List<string> | null;
  consent?: Consent | null;
  justification?: Justification | null;
  disclosure?: Disclosure | null;
  advice?: Advice | null;
  judgement?: Judgement | null;
  damage?: Damage | null;
  /** The member stated something they knew to be untrue (P6). */
  knowinglyUntrue?: boolean | null;
  risk?: Risk | null;
  request?: ReceivedRequest | null;
}

export interface Consent {
  /** Whether consent was given before acting; `false` brings in rule B12. */
  prior?: boolean | null;
  grantedBy?: string | null;
}

/** Why an action without prior consent was justified (rule B12). */
export interface Justification {
  legal?: LegalElement | null;
  ethical?: JustificationElement | null;
  beneficial?: BeneficialElement | null;
  minimal?: MinimalElement | null;
  evidence?: List<string> | null;
}

/** One element of a justification: claimed, and explained. */
export interface JustificationElement {
  /** `false` denies the element outright. */
  claimed?: boolean | null;
  /** Must have substance: not a placeholder, not shorter than the configured minimum. */
  explanation?: string | null;
}

export interface LegalElement extends JustificationElement {
  /** The legal basis relied on. */
  basis?: string | null;
}

export interface BeneficialElement extends JustificationElement {
  /** Who benefited; the member alone is not enough. */
  beneficiaries?: List<string> | null;
}

export interface MinimalElement extends JustificationElement {
  /** Data was kept after the need ended. */
  dataRetained?: boolean | null;
  /** More was done or taken than the need required. */
  beyondNeed?: boolean | null;
}

export interface Disclosure {
  classification?: Classification | null;
  owner?: string | null;
  recipients?: List<string> | null;
  ownerConsent?: boolean | null;
}

export interface Advice {
  informationCorrect?: boolean | null;
  informationCurrent?: boolean | null;
  informationComplete?: boolean | null;
  doubtsDisclosed?: boolean | null;
  limitationsStated?: boolean | null;
  opposingFactorsIncluded?: boolean | null;
}

export interface Judgement {
  sufficientKnowledge?: boolean | null;
  insufficiencyDisclosed?: boolean | null;
  personalStake?: boolean | null;
  stakeDeclared?: boolean | null;
  stakeAccepted?: boolean | null;
}

/** Damage the action could cause (B6). */
export interface Damage {
  description?: string | null;
  foreseeable?: boolean | null;
  preventable?: boolean | null;
  preventionAttempted?: boolean | null;
}

export interface Risk {
  exposedParties?: List<string> | null;
  intentional?: boolean | null;
  explicitlyRequestedBy?: List<string> | null;
}

/** A request the member received (to do, or not do, something). */
export interface ReceivedRequest {
  description?: string | null;
  clearlyUnlawfulOrUnethical?: boolean | null;
  consultedSenior?: boolean | null;
  legalAdviceSought?: boolean | null;
  complied?: boolean | null;
}

export interface Agreement {
  id?: string | null;
  description?: string | null;
  with?: List<string> | null;
  kind?: 'explicit' | 'implicit' | null;
  honoured?: boolean | null;
  /** The member could not keep their part without breaking the agreement or the law (P3). */
  conflictsWithLaw?: boolean | null;
  discoveredAt?: IsoDate | null;
  partiesNotifiedAt?: IsoDate | null;
}

/** A promise the member made. */
export interface MemberPromise {
  id?: string | null;
  description?: string | null;
  to?: string | null;
  delivered?: boolean | null;
  obstacleKnownAt?: IsoDate | null;
  communicatedAt?: IsoDate | null;
}

export interface ConflictOfInterest {
  id?: string | null;
  description?: string | null;
  parties?: List<string> | null;
  declared?: boolean | null;
  declaredTo?: List<string> | null;
  declaredAt?: IsoDate | null;
}

export interface Deficiency {
  id?: string | null;
  description?: string | null;
  owner?: string | null;
  learnedAt?: IsoDate | null;
  reportedToOwner?: boolean | null;
  reportedAt?: IsoDate | null;
  reportingRisk?: 'none' | 'reasonable' | 'unreasonable' | null;
  riskExplanation?: string | null;
}

// ---------------------------------------------------------------- verdict

/** A finding's status, best to worst; an incident's outcome is the worst. */
export type Status = 'not_applicable' | 'compliant' | 'incomplete' | 'violation';

export type Severity = 'advisory' | 'minor' | 'major' | 'critical';

/** The rule set a verdict was reached with. */
export interface RulesetInfo {
  name: string;
  version: string;
  /** `sha256:…` over policies, messages, labels and effective configuration. */
  digest: string;
}

/** What `version()` returns. */
export interface VersionInfo extends RulesetInfo {
  /** The engine's (the package's) version. */
  engine: string;
}

/** A missing or failing element of a finding. */
export interface MissingElement {
  /** e.g. `legal`, `ethical`, `beneficial`, `minimal` for B12: an identifier, not for display. */
  element: string;
  /** JSON Pointer of the input field to fill in or correct. */
  path: string;
  /**
   * What that field is called, in the verdict's locale: the label
   * `engine.labels()` gives for its pointer pattern, the path with each array
   * index written `*` (`/actions/0/justification/legal/basis` → "legal basis").
   */
  label: string;
  message: string;
}

/** What one rule concluded about one part of the incident. */
export interface Finding {
  /** The rule id, which is its clause id (`B12`). */
  rule: string;
  title: string;
  status: Status;
  severity: Severity;
  /** JSON Pointer of the part of the incident the finding is about (`""`: the whole incident). */
  subject: string;
  message: string;
  clause: string;
  /** Present on `incomplete` and `violation` findings that name elements. */
  missing?: MissingElement[];
}

/** The judgement of one incident. */
export interface Verdict {
  /** The incident's `id`, when it has one. */
  incident?: string;
  outcome: Status;
  ruleset: RulesetInfo;
  /** Per rule in catalogue order, then by subject. */
  findings: Finding[];
}

/** One entry of the rule catalogue. */
export interface RuleInfo {
  /** The clause id (P1–P8, B1–B13): stable. */
  id: string;
  slug: string;
  title: string;
  section: 'principle' | 'behaviour';
  clause: string;
  severity: Severity;
  /** `guidance` rules are listed but produce no findings. */
  kind: 'checkable' | 'guidance';
  /** JSON Pointer patterns (`*` for any index) of the input the rule reads. */
  inputs: string[];
  explanation: string;
  /** False when configuration switched the rule off: it then gives no findings. */
  enabled: boolean;
}

// ---------------------------------------------------------------- API values

/** Overrides of the default configuration; every key is optional. */
export interface ConductConfig {
  /** Fewest characters (after trimming) an explanation needs (0–10000). */
  minExplanationLength?: number;
  /** Texts that stand in for an explanation without giving one ("n/a", "see above"). */
  placeholderPhrases?: string[];
  /** Names by which an incident may refer to the member themself. */
  selfReferences?: string[];
  /** Days allowed to tell the parties an agreement cannot be kept (P3; default 14). */
  agreementNoticeDays?: number;
  /** Days allowed to tell the other party a promise cannot be kept (P6; default 14). */
  promiseNoticeDays?: number;
  /** Years a last training keeps skills current (B7; default 3). */
  trainingValidYears?: number;
  /** Days allowed to report a deficiency once learned of (B11); `null`: no deadline (default). */
  deficiencyReportDays?: number | null;
  /** Qualification names the platform recognises (B2); empty: all count. */
  recognisedQualifications?: string[];
  /** Per-rule settings by rule id. */
  rules?: Record<string, { enabled?: boolean; severity?: Severity }>;
  /** Extra message texts by locale and message key: a new locale, or overrides. */
  messages?: Record<string, Record<string, string>>;
  /**
   * Extra labels by locale (one the engine has messages in) and key: a JSON
   * Pointer pattern of the incident model or under `/extensions/` (`*` for an
   * array index), `element:<name>` or `status:<status>`; overrides or additions.
   */
  labels?: Record<string, Record<string, string>>;
}

/** The configuration in force: every key but `messages` and `labels` with its value. */
export type EffectiveConfig = Required<Omit<ConductConfig, 'messages' | 'labels'>>;

/** Options of `new ConductEngine(options)`. */
export interface EngineOptions {
  config?: ConductConfig;
  /** Language of messages and catalogue texts: `en` (default), `nl`, or one added in `config.messages`. */
  locale?: string;
  /** Limits on input and evaluation; each one not named keeps its default. */
  limits?: Limits;
  /**
   * What runs the built-in rules: `'compiled'` (the default, and the only
   * one the default entry has), or regorus's `'vm'` or `'interpreter'` over
   * the same Rego, in `conduct-engine/rego` only: for comparing and checking,
   * not for speed. Anything else is an `invalid_config` error at `/backend`.
   */
  backend?: 'compiled' | 'vm' | 'interpreter';
}

/** Limits whose breach is a `limit_exceeded` error; the engine keeps working after one. */
export interface Limits {
  /** Largest incident, in bytes of JSON (default 1 MiB). */
  maxInputBytes?: number;
  /** Deepest nesting of arrays and objects (default 64, at most 128). */
  maxDepth?: number;
  /** Longest string or field name, in bytes (default 64 KiB). */
  maxStringBytes?: number;
  /** Most items in one array or fields in one object (default 10,000). */
  maxItems?: number;
  /**
   * Evaluation budget of partner Rego (`conduct-engine/rego`): VM
   * instructions one partner rule may run on one incident, and about the
   * units of work `evaluateRego` may do; stops a runaway rule without a
   * clock (default 500,000). The built-in rules are compiled and need none.
   */
  maxInstructions?: number;
  /**
   * `conduct-engine/rego` only: memory a partner engine's rules may hold at
   * once, in bytes (default 64 MiB, from 1 MiB to 448 MiB; the sandbox's
   * 2 MiB stack comes on top). Going past it ends the call with
   * `limit_exceeded`; the engine is rebuilt and keeps working.
   */
  maxMemoryBytes?: number;
}

/** How an engine runs and how much it has done: `engine.stats()`. */
export interface EngineStats {
  /** `'compiled'`: the built-in rules, translated from their Rego into Rust when the package was built. */
  backend: 'compiled' | 'vm' | 'interpreter';
  /** Catalogue entries, guidance included. */
  rules: number;
  /** The checkable rules configuration leaves on: what one evaluation runs. */
  evaluatedRules: string[];
  /** `limits.maxInstructions`: instructions one rule may run on one incident. */
  instructionBudget: number;
  /** Incidents judged: evaluations, session openings and session changes. */
  evaluations: number;
  /** Single rule runs over all evaluations (sessions re-run only the rules a change touches). */
  ruleRuns: number;
  /** `conduct-engine/rego` only: the engine's sandbox. */
  sandbox?: {
    /** `limits.maxMemoryBytes`. */
    memoryCapBytes: number;
    /** The size of the sandbox's WebAssembly memory now (`stats()` rebuilds it first if it trapped). */
    memoryBytes: number;
    /** The size the last instance that trapped had when it trapped (0: none yet). */
    lastTrapMemoryBytes: number;
    /** Calls that ended the sandbox's instance (a stack overflow, a memory bomb, a crash). */
    traps: number;
    /** Times the instance was built again: after a trap, or after a call grew it 32 MiB past its first size. */
    rebuilds: number;
  };
}

/** Options of one `evaluate` / `evaluateJson` call, or of `session`. */
export interface EvaluateOptions {
  /** Language of this verdict's messages. */
  locale?: string;
}

/** Options of `labels()`. */
export interface LabelOptions {
  /** Language of the labels (default: the engine's locale). */
  locale?: string;
}

/**
 * What `labels()` returns: words by key. Keys are JSON Pointer patterns of the
 * incident model with `*` for an array index (`/actions/0/consent/prior` is
 * labelled under the pattern with `*` for `0`), `element:<name>` and
 * `status:<status>`, plus those configuration adds.
 */
export type Labels = Record<string, string>;

/** Which catalogue entries `rules()` lists; each criterion takes one value or a list. */
export interface RuleFilter {
  id?: string | string[];
  severity?: Severity | Severity[];
  section?: 'principle' | 'behaviour' | Array<'principle' | 'behaviour'>;
  kind?: 'checkable' | 'guidance' | Array<'checkable' | 'guidance'>;
  /** Language of titles and explanations. */
  locale?: string;
}

/** The stable error codes. */
export type ConductErrorCode =
  | 'invalid_json'
  | 'invalid_incident'
  | 'unsupported_schema_version'
  | 'invalid_config'
  | 'limit_exceeded'
  | 'policy_error'
  | 'invalid_argument'
  | 'freed'
  /** conduct-engine/worker: the worker or the wasm it loads could not be loaded. */
  | 'load_failed';

/** One problem found in an input. */
export interface ValidationProblem {
  code: ConductErrorCode;
  /** JSON Pointer of the offending value (`""`: the whole input). */
  path: string;
  message: string;
}

/**
 * Partner rules for `addPolicies`: Rego modules under `package conduct.partner.…`,
 * each rule with a METADATA block like the built-in rules, and the texts of
 * its message keys by locale.
 */
export interface PolicyBundle {
  files: Array<{ path: string; source: string }>;
  messages?: Record<string, Record<string, string>>;
  /** Allow `rand.intn` (verdicts are then no longer deterministic). */
  allowRandomness?: boolean;
}

// ---------------------------------------------------------------- batch and command line

/** Options of `evaluateMany` and `validateMany` (`conduct-engine/batch`, Node only). */
export interface BatchOptions {
  /** Worker threads, each with its own engine (default: the available cores); 0 judges in the calling thread. */
  workers?: number;
  /** Language of the messages. */
  locale?: string;
  config?: ConductConfig;
  limits?: Limits;
  /** Partner rules, loaded into every worker's engine (needs the `conduct-engine/rego` entry). */
  policies?: PolicyBundle;
  /**
   * `'object'` (default): each verdict parsed; `'json'`: its JSON text, as the
   * engine wrote it; `'bytes'`: that text as UTF-8 bytes (the cheapest, to
   * write verdicts out).
   */
  verdicts?: 'object' | 'json' | 'bytes';
  /** Once aborted, no more input is read; what was read is still judged and yielded, then the iteration ends. */
  signal?: AbortSignal;
}

/** Error codes of batch results: the engine's, and those of inputs that could not be read. */
export type BatchErrorCode =
  | ConductErrorCode
  /** A file or stream could not be read. */
  | 'io_error'
  /** An operand that is a device or a socket, which the command line refuses. */
  | 'not_a_file'
  /** A symbolic link back to a directory being walked. */
  | 'directory_loop'
  /** The engine or its worker failed on this incident (a bug): the others are still judged. */
  | 'internal_error';

/** Why one input got no verdict. */
export interface BatchError {
  code: BatchErrorCode | (string & {});
  /** JSON Pointer into the incident (`""`: all of it), or `null` when no place applies (an unreadable file). */
  path: string | null;
  message: string;
  /** Every problem found, possibly empty. */
  problems: ValidationProblem[];
  location?: { file: string; line: number; column: number };
}

declare const batchEntry: unique symbol;

/** What `entry()` and `inputError()` make: an input with a source of your own. */
export interface BatchEntry<S = unknown> {
  readonly [batchEntry]: 'incident' | 'error';
  readonly source: S;
}

/** One input of a batch: an incident object, its JSON text (or UTF-8 bytes), or an entry. */
export type BatchInput<S = unknown> = Incident | object | string | Uint8Array | BatchEntry<S>;

/** A judged incident. `V` is `Verdict`, `string` with `verdicts: 'json'`, `Uint8Array` with `verdicts: 'bytes'`. */
export interface BatchVerdict<S = unknown, V = Verdict> {
  /** Position in the input, from 0. */
  index: number;
  /** The entry's source, when the input was an `entry()`. */
  source?: S;
  outcome: Status;
  verdict: V;
  error?: undefined;
}

/** An input that got no verdict, in its place. */
export interface BatchFailure<S = unknown> {
  index: number;
  source?: S;
  error: BatchError;
  verdict?: undefined;
  outcome?: undefined;
  problems?: undefined;
}

export type BatchResult<S = unknown, V = Verdict> = BatchVerdict<S, V> | BatchFailure<S>;

/** A checked incident (`validateMany`). */
export interface BatchValidation<S = unknown> {
  index: number;
  source?: S;
  /** `problems` is empty. */
  valid: boolean;
  problems: ValidationProblem[];
  error?: undefined;
}

export type BatchValidationResult<S = unknown> = BatchValidation<S> | BatchFailure<S>;

/** Where the command line found an incident (`source` of its records). */
export interface CliSource {
  /** `file:line` (JSON Lines), `file#/index` (an item of a JSON array) or `file`; `<stdin>` for `-`. */
  name: string;
  /** The file as named on the command line or found in a directory; `-` for standard input. */
  file: string;
  /** Line the incident starts on (JSON Lines, array items). */
  line?: number;
  /** Position in the file's JSON array. */
  index?: number;
}

/** A line of `conduct-engine evaluate --format jsonl` (and of `validate`), and an item of `results` in `--format json`. */
export interface CliRecord {
  source: string;
  file: string;
  line?: number;
  index?: number;
  verdict?: Verdict;
  error?: BatchError;
  /** validate only. */
  valid?: boolean;
  problems?: ValidationProblem[];
}

/** `summary` of `conduct-engine evaluate --format json` (validate counts `valid` and `invalid` instead of outcomes). */
export interface CliSummary {
  /** Every input, error records included. */
  incidents: number;
  violation?: number;
  incomplete?: number;
  compliant?: number;
  not_applicable?: number;
  valid?: number;
  invalid?: number;
  /** Error records. */
  errors: number;
  /** After SIGINT or SIGTERM: the signal, and the last input judged. */
  stopped?: { signal: 'SIGINT' | 'SIGTERM'; after: string | null };
}

/** `conduct-engine evaluate --format json`. */
export interface CliReport {
  ruleset: RulesetInfo;
  results: CliRecord[];
  summary: CliSummary;
}
