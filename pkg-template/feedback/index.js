// conduct-engine/feedback: the <conduct-feedback> custom element, which
// renders a verdict for a learner or a reporter: the outcome, then per
// finding its clause and title, its status and message, and the fields it
// misses, each with its label from the engine's label catalogue.
//
//   import 'conduct-engine/feedback';           // defines <conduct-feedback>
//   el.engine = engine;                         // main-thread or worker engine
//   el.justification = { legal: { … }, … };     // a learner's justification, judged under B12
//   el.incident = incident;                     // or a whole incident
//   el.verdict = verdict;                       // or a verdict judged elsewhere
//
// Attributes: `locale` (en, nl, or one the engine was given), `statuses`
// (which findings to list; default "violation incomplete compliant", or
// "all"), `rules` (rule ids to list, e.g. "B12"), `heading-level` (2-6, of
// each finding's title; default 3).
//
// It renders into its own shadow root with a constructed style sheet (no
// inline style, so a strict CSP holds), styled through custom properties
// (--conduct-*) and parts (::part(finding), ::part(message), …). The
// outcome is a live region (role="status"). The element has no text of its
// own: every word shown comes from the verdict or the label catalogue.
//
// Importing it where there is no DOM (server-side rendering) defines
// nothing and throws nothing.

import { ConductError } from '../lib/api.js';

const STYLE = `
:host {
  display: block;
  font: var(--conduct-font, inherit);
  color: var(--conduct-color, inherit);
  --_violation: var(--conduct-violation-color, #b3261e);
  --_incomplete: var(--conduct-incomplete-color, #8a5300);
  --_compliant: var(--conduct-compliant-color, #1b6e35);
  --_muted: var(--conduct-muted-color, #5f6368);
  --_gap: var(--conduct-gap, 0.75rem);
}
:host([hidden]) { display: none; }
[part~="outcome"] {
  margin: 0 0 var(--_gap);
  font-weight: 600;
  font-size: var(--conduct-outcome-font-size, 1.1em);
}
[part~="outcome"]::first-letter { text-transform: uppercase; }
[part~="outcome"][data-status="violation"] { color: var(--_violation); }
[part~="outcome"][data-status="incomplete"] { color: var(--_incomplete); }
[part~="outcome"][data-status="compliant"] { color: var(--_compliant); }
[part~="outcome"][data-status="not_applicable"] { color: var(--_muted); }
ul { list-style: none; margin: 0; padding: 0; }
[part~="findings"] { display: grid; gap: var(--_gap); }
[part~="finding"] {
  --_accent: var(--_muted);
  border-inline-start: var(--conduct-accent-width, 4px) solid var(--_accent);
  border-radius: var(--conduct-radius, 4px);
  background: var(--conduct-finding-background, transparent);
  padding: calc(var(--_gap) / 2) var(--_gap);
}
[part~="finding"][data-status="violation"] { --_accent: var(--_violation); }
[part~="finding"][data-status="incomplete"] { --_accent: var(--_incomplete); }
[part~="finding"][data-status="compliant"] { --_accent: var(--_compliant); }
[part~="heading"] { margin: 0; font-size: var(--conduct-heading-font-size, 1em); }
[part~="clause"] {
  display: inline-block;
  margin-inline-end: 0.4em;
  padding: 0 0.35em;
  border-radius: var(--conduct-radius, 4px);
  background: var(--_accent);
  color: var(--conduct-clause-color, #fff);
  font-variant-numeric: tabular-nums;
}
[part~="status"] { margin: 0.15rem 0 0; color: var(--_accent); font-size: 0.9em; font-weight: 600; }
[part~="subject"] { color: var(--_muted); font-weight: normal; }
[part~="message"] { margin: 0.25rem 0 0; }
[part~="missing"] { margin-top: 0.35rem; display: grid; gap: 0.25rem; }
[part~="missing-item"] { padding-inline-start: 0.75rem; border-inline-start: 2px solid var(--_accent); }
[part~="label"] { display: block; font-weight: 600; }
[part~="label"]::first-letter { text-transform: uppercase; }
[part~="error"] { color: var(--_violation); margin: 0; }
`;

const DEFAULT_STATUSES = ['violation', 'incomplete', 'compliant'];

/** A pointer's pattern in the label catalogue: array indices become `*`. */
export function labelPattern(pointer) {
  return pointer.split('/').map((t, i) => (i > 0 && /^(0|[1-9][0-9]*)$/.test(t) ? '*' : t)).join('/');
}

/** The incident a learner's justification stands for: one action taken without prior consent. */
export function justificationIncident(justification) {
  return { schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false }, justification }] };
}

let sheet = null;

function styleSheet() {
  if (sheet === null && typeof CSSStyleSheet === 'function') {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    } catch {
      sheet = undefined;
    }
  }
  return sheet || null;
}

const Base = typeof HTMLElement === 'function' ? HTMLElement : class {};

export class ConductFeedback extends Base {
  static observedAttributes = ['locale', 'statuses', 'rules', 'heading-level'];

  #root;
  #verdict = null;
  #engine = null;
  #source = null;
  #labels = null;
  #labelsGiven = false;
  #labelsFor = undefined;
  #labelsLoading = null;
  #outcome;
  #error = null;
  #scheduled = false;
  #generation = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const s = styleSheet();
    if (s && 'adoptedStyleSheets' in this.#root) {
      this.#root.adoptedStyleSheets = [s];
    } else {
      // Older browsers: a <style> element, which a CSP without
      // 'unsafe-inline' for styles refuses; the content still renders.
      const style = this.ownerDocument.createElement('style');
      style.textContent = STYLE;
      this.#root.append(style);
    }
    // The live region stays in place; what follows it is replaced.
    this.#outcome = this.ownerDocument.createElement('p');
    this.#outcome.setAttribute('part', 'outcome');
    this.#outcome.setAttribute('role', 'status');
    this.#root.append(this.#outcome);
  }

  /** The verdict shown. Setting it shows it (and forgets an incident given before). */
  get verdict() {
    return this.#verdict;
  }

  set verdict(verdict) {
    this.#source = null;
    this.#generation++;
    this.#error = null;
    if (verdict != null && (typeof verdict !== 'object' || !Array.isArray(verdict.findings) || typeof verdict.outcome !== 'string')) {
      // Not a verdict: show nothing, and say why to whoever listens.
      this.#verdict = null;
      const error = new ConductError('<conduct-feedback>: verdict must be a verdict (outcome and findings)', { code: 'invalid_argument' });
      queueMicrotask(() => this.dispatchEvent(new CustomEvent('conduct:error', { detail: { error } })));
    } else {
      this.#verdict = verdict ?? null;
    }
    this.#schedule();
  }

  /** The engine that judges `incident` / `justification` and supplies labels (main-thread or worker). */
  get engine() {
    return this.#engine;
  }

  set engine(engine) {
    this.#engine = engine ?? null;
    if (!this.#labelsGiven) this.#labelsFor = undefined;
    if (this.#source) this.#judge();
    else this.#schedule();
  }

  /** An incident to judge with `engine`. */
  set incident(incident) {
    this.#source = incident == null ? null : { incident };
    this.#judge();
  }

  get incident() {
    return this.#source?.incident ?? null;
  }

  /** A learner's justification (the four elements and evidence), judged as one action without prior consent. */
  set justification(justification) {
    this.incident = justification == null ? null : justificationIncident(justification);
  }

  /** Labels to use instead of the engine's catalogue (a `Record<pointerPattern | "element:…" | "status:…", string>`). */
  get labels() {
    return this.#labels;
  }

  set labels(labels) {
    this.#labels = labels ?? null;
    this.#labelsVersion++;
    this.#labelsGiven = labels != null;
    this.#schedule();
  }

  get locale() {
    return this.getAttribute('locale') ?? undefined;
  }

  set locale(locale) {
    if (locale == null) this.removeAttribute('locale');
    else this.setAttribute('locale', locale);
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === 'locale') {
      if (!this.#labelsGiven) this.#labelsFor = undefined;
      if (this.#source) {
        this.#judge();
        return;
      }
    }
    this.#schedule();
  }

  connectedCallback() {
    this.#schedule();
  }

  /** Resolves once what was set last is rendered. */
  get updated() {
    return this.#pending ?? Promise.resolve();
  }

  #pending = null;
  #renderedKey = null;
  #labelsVersion = 0;

  async #judge() {
    const generation = ++this.#generation;
    const source = this.#source;
    if (!source || !this.#engine) {
      this.#verdict = null;
      this.#schedule();
      return;
    }
    this.setAttribute('aria-busy', 'true');
    const run = (async () => {
      try {
        const locale = this.locale;
        const verdict = await this.#engine.evaluate(source.incident, locale ? { locale } : undefined);
        if (generation !== this.#generation) return;
        this.#verdict = verdict;
        this.#error = null;
      } catch (e) {
        if (generation !== this.#generation) return;
        this.#verdict = null;
        this.#error = e;
        this.dispatchEvent(new CustomEvent('conduct:error', { detail: { error: e } }));
      }
      await this.#render();
    })();
    this.#pending = run;
    await run;
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const run = Promise.resolve().then(() => {
      this.#scheduled = false;
      return this.#render();
    });
    this.#pending = run;
  }

  #loadLabels() {
    if (this.#labelsGiven) return Promise.resolve();
    const locale = this.locale;
    const engine = this.#engine;
    const key = `${locale ?? ''}`;
    if (this.#labelsFor === key && this.#labelsLoading) return this.#labelsLoading;
    this.#labelsFor = key;
    this.#labelsLoading = (async () => {
      let labels = null;
      if (engine && typeof engine.labels === 'function') {
        try {
          labels = await engine.labels(locale ? { locale } : undefined);
        } catch {
          // An engine without a label catalogue: fields show their messages only.
        }
      }
      if (this.#labelsFor === key && !this.#labelsGiven) {
        this.#labels = labels;
        this.#labelsVersion++;
      }
    })();
    return this.#labelsLoading;
  }

  async #render() {
    const generation = this.#generation;
    await this.#loadLabels();
    if (generation !== this.#generation) return;
    this.removeAttribute('aria-busy');
    const doc = this.ownerDocument;
    const el = (tag, part, text) => {
      const e = doc.createElement(tag);
      if (part) e.setAttribute('part', part);
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const labels = this.#labels ?? {};
    const statusText = (status) => labels[`status:${status}`] ?? status;
    const outcome = this.#outcome;
    const replaceBody = (...nodes) => {
      while (outcome.nextSibling) outcome.nextSibling.remove();
      outcome.after(...nodes);
    };

    const verdict = this.#verdict;
    // A keystroke seldom changes the verdict: render only what differs.
    const key = this.#error || !verdict ? null : JSON.stringify([verdict, this.#labelsVersion, this.getAttribute('statuses'), this.getAttribute('rules'), this.getAttribute('heading-level')]);
    if (key !== null && key === this.#renderedKey) {
      this.dispatchEvent(new CustomEvent('conduct:rendered', { detail: { verdict } }));
      return;
    }
    this.#renderedKey = key;
    if (this.#error || !verdict) {
      outcome.textContent = '';
      delete outcome.dataset.status;
      const error = this.#error ? el('p', 'error', this.#error.message) : null;
      error?.setAttribute('role', 'alert');
      replaceBody(...(error ? [error] : []));
      return;
    }

    const wanted = (this.getAttribute('statuses') ?? '').trim();
    const statuses = wanted === 'all' ? null : wanted ? wanted.split(/\s+/) : DEFAULT_STATUSES;
    const rules = (this.getAttribute('rules') ?? '').trim();
    const ruleIds = rules ? new Set(rules.split(/\s+/)) : null;
    const level = Math.min(6, Math.max(2, Number(this.getAttribute('heading-level')) || 3));
    const findings = verdict.findings.filter((f) => (!statuses || statuses.includes(f.status)) && (!ruleIds || ruleIds.has(f.rule)));
    const perRule = new Map();
    for (const f of findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);

    // The outcome over what is listed when a filter narrows it, else the verdict's.
    const shownOutcome = ruleIds ? worst(findings.map((f) => f.status)) ?? verdict.outcome : verdict.outcome;
    const outcomeText = statusText(shownOutcome);
    if (outcome.textContent !== outcomeText) outcome.textContent = outcomeText;
    outcome.dataset.status = shownOutcome;

    const list = el('ul', 'findings');
    for (const finding of findings) {
      const item = el('li', `finding finding-${finding.status}`);
      item.dataset.status = finding.status;
      item.dataset.rule = finding.rule;
      const heading = el(`h${level}`, 'heading');
      heading.append(el('span', 'clause', finding.clause ?? finding.rule), el('span', 'title', finding.title));
      if (perRule.get(finding.rule) > 1 && finding.subject) {
        const subject = subjectText(finding.subject, labels);
        if (subject) heading.append(' ', el('span', 'subject', subject));
      }
      item.append(heading, el('p', `status status-${finding.status}`, statusText(finding.status)), el('p', 'message', finding.message));
      if (Array.isArray(finding.missing) && finding.missing.length) {
        const missing = el('ul', 'missing');
        for (const m of finding.missing) {
          const entry = el('li', 'missing-item');
          const path = typeof m.path === 'string' ? m.path : '';
          entry.dataset.path = path;
          const label = m.label ?? labels[labelPattern(path)] ?? (m.element ? labels[`element:${m.element}`] : undefined);
          if (label) entry.append(el('span', 'label', label));
          entry.append(el('span', 'missing-message', m.message));
          missing.append(entry);
        }
        item.append(missing);
      }
      list.append(item);
    }
    const container = el('section', 'feedback');
    container.dataset.outcome = shownOutcome;
    container.append(list);
    replaceBody(container);
    this.dispatchEvent(new CustomEvent('conduct:rendered', { detail: { verdict } }));
  }
}

const ORDER = ['violation', 'incomplete', 'compliant', 'not_applicable'];

function worst(statuses) {
  let best = null;
  for (const s of statuses) if (best === null || ORDER.indexOf(s) < ORDER.indexOf(best)) best = s;
  return best;
}

/** "action 2" for /actions/1: the subject's label and its place, when the catalogue has it. */
function subjectText(subject, labels) {
  const tokens = subject.split('/');
  const last = tokens[tokens.length - 1];
  const label = labels[labelPattern(subject)];
  if (!label) return null;
  return /^(0|[1-9][0-9]*)$/.test(last) ? `${label} ${Number(last) + 1}` : label;
}

/** Defines the element under `name` (default `conduct-feedback`) unless that name is taken. */
export function defineConductFeedback(name = 'conduct-feedback') {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  customElements.define(name, name === 'conduct-feedback' ? ConductFeedback : class extends ConductFeedback {});
}

defineConductFeedback();
