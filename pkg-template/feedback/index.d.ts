// conduct-engine/feedback: the <conduct-feedback> custom element.
import type { Incident, Justification, Verdict } from '../api.js';

/** What the element needs of an engine: `conduct-engine`'s or `conduct-engine/worker`'s ConductEngine. */
export interface FeedbackEngine {
  evaluate(incident: Incident, options?: { locale?: string }): Verdict | Promise<Verdict>;
  labels?(options?: { locale?: string }): Record<string, string> | Promise<Record<string, string>>;
}

/**
 * Renders a verdict: the outcome (a live region), and per finding its
 * clause, title, status, message and missing fields with their labels.
 * Attributes: `locale`, `statuses` ("violation incomplete compliant" by
 * default, or "all"), `rules` ("B12"), `heading-level` (2-6, default 3).
 * Parts: feedback, outcome, findings, finding (and finding-<status>),
 * heading, clause, title, subject, status, message, missing, missing-item,
 * label, missing-message, error. Custom properties: --conduct-font,
 * --conduct-color, --conduct-violation-color, --conduct-incomplete-color,
 * --conduct-compliant-color, --conduct-muted-color, --conduct-gap,
 * --conduct-radius, --conduct-accent-width, --conduct-finding-background,
 * --conduct-clause-color, --conduct-outcome-font-size,
 * --conduct-heading-font-size.
 */
export declare class ConductFeedback extends HTMLElement {
  /** The verdict shown; setting it shows it. */
  verdict: Verdict | null;
  /** Judges `incident` and `justification`, and gives the labels. */
  engine: FeedbackEngine | null;
  /** An incident to judge with `engine`. */
  incident: Incident | null;
  /** A learner's justification, judged as one action taken without prior consent. */
  set justification(justification: Justification | null);
  /** Labels to use instead of the engine's catalogue. */
  labels: Record<string, string> | null;
  locale: string | undefined;
  /** Resolves once what was set last is rendered. */
  readonly updated: Promise<void>;
}

/** Defines the element under `name` (default `conduct-feedback`) unless that name is taken; importing the module does this once. */
export declare function defineConductFeedback(name?: string): void;
/** A pointer's pattern in the label catalogue (`/actions/0/x` → `/actions/*\/x`). */
export declare function labelPattern(pointer: string): string;
/** The incident a learner's justification stands for. */
export declare function justificationIncident(justification: Justification): Incident;

declare global {
  interface HTMLElementTagNameMap {
    'conduct-feedback': ConductFeedback;
  }
}
