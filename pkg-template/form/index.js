// conduct-engine/form: binds an HTML form to a session of the engine, so
// that the form is judged while it is filled in.
//
//   import { bindForm } from 'conduct-engine/form';
//   const binding = bindForm(form, { engine, incident, locale: 'en' });
//   await binding.ready;       // the first verdict is rendered
//
// Each form control names the place it fills in the incident, as a JSON
// Pointer in `data-pointer` or as a path in `name` (`actions[0].id`,
// `actions.0.id`, or a pointer). The binding keeps one session per form,
// sends each change of a field to it, and marks what the verdict points at:
// `aria-invalid="true"`, `aria-describedby` naming a message element, and
// `data-conduct-status`. A pointer no control carries falls back to the
// nearest element whose pointer encloses it (a fieldset with
// `data-pointer="/actions/0/justification/legal"`), then to the controls
// under it. Marks go when the verdict no longer points there.
//
// The engine may be the main-thread one (`conduct-engine`) or one in a Web
// Worker (`conduct-engine/worker`): both are awaited. No text of the
// binding's own reaches the page: messages are the verdict's, and the
// outcome reads from the engine's label catalogue where it has one.
//
// Nothing runs at import, so server-side rendering may import it.
import { ConductError } from '../lib/api.js';

/** Statuses that mark fields, from the worst. */
const MARKED = ['violation', 'incomplete'];
const RANK = { error: 3, violation: 2, incomplete: 1 };

/** Input types that carry no value for the incident. */
const SKIPPED_TYPES = new Set(['submit', 'reset', 'button', 'image', 'file']);

let bindings = 0;

// ---------------------------------------------------------------------------
// JSON Pointers

function escapeToken(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

function tokensOf(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerOf(tokens) {
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}

/** A control's `name` as a JSON Pointer: `actions[0].justification.legal.basis`, `actions.0.id`, or a pointer. */
export function pointerFromName(name) {
  if (typeof name !== 'string' || name === '') return null;
  if (name.startsWith('/')) return name;
  const tokens = [];
  for (const part of name.split('.')) {
    const m = /^([^[\]]*)((?:\[[^[\]]*\])*)$/.exec(part);
    if (!m) return null;
    if (m[1] !== '') tokens.push(m[1]);
    for (const index of m[2].matchAll(/\[([^[\]]*)\]/g)) tokens.push(index[1]);
  }
  return tokens.length ? pointerOf(tokens) : null;
}

function isIndex(token) {
  return /^(0|[1-9][0-9]*)$/.test(token);
}

function childOf(node, token) {
  if (Array.isArray(node)) return isIndex(token) ? node[Number(token)] : undefined;
  if (node !== null && typeof node === 'object') return Object.hasOwn(node, token) ? node[token] : undefined;
  return undefined;
}

/** Whether `inner` lies under `outer` (or is it). */
function within(inner, outer) {
  return inner === outer || outer === '' || inner.startsWith(`${outer}/`);
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Builds the containers a value needs under `tokens` (an index makes an array). */
function nest(tokens, value) {
  let built = value;
  for (let i = tokens.length - 1; i >= 0; i--) {
    built = isIndex(tokens[i]) && tokens[i] === '0' ? [built] : { [tokens[i]]: built };
  }
  return built;
}

/** Pointers of every value in `node`, for telling what the base incident had. */
function pointersIn(node, at = '', into = new Set()) {
  into.add(at);
  if (Array.isArray(node)) node.forEach((v, i) => pointersIn(v, `${at}/${i}`, into));
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) pointersIn(v, `${at}/${escapeToken(k)}`, into);
  return into;
}

// ---------------------------------------------------------------------------
// Controls and their values

function isControl(el) {
  const tag = el.localName;
  if (tag === 'select' || tag === 'textarea') return true;
  return tag === 'input' && !SKIPPED_TYPES.has(el.type);
}

/** One field: the controls that share a pointer (a radio group, a set of checkboxes) or one control. */
class Field {
  constructor(pointer, controls) {
    this.pointer = pointer;
    this.controls = controls;
  }

  get type() {
    const first = this.controls[0];
    return first.dataset.type || (first.type === 'number' || first.type === 'range' ? 'number' : first.type === 'checkbox' && this.controls.length === 1 ? 'boolean' : 'string');
  }

  /** The value for the incident; undefined for "absent" (an empty field). */
  value() {
    const first = this.controls[0];
    const type = this.type;
    let raw;
    if (first.type === 'radio') {
      raw = this.controls.find((c) => c.checked)?.value ?? '';
    } else if (first.type === 'checkbox') {
      if (this.controls.length === 1 && type === 'boolean') return first.checked;
      const values = this.controls.filter((c) => c.checked).map((c) => c.value);
      return values.length ? values : undefined;
    } else if (first.localName === 'select' && first.multiple) {
      const values = [...first.selectedOptions].map((o) => o.value).filter((v) => v !== '');
      return values.length ? values : undefined;
    } else {
      raw = first.value;
    }
    return parse(raw, type, first);
  }
}

/** A control's text as the type it declares; an empty text is absent. */
function parse(raw, type, control) {
  if (raw === '') return undefined;
  switch (type) {
    case 'boolean':
      // Anything else is passed on as text, for the engine to reject with its pointer.
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'null':
      return raw === 'null' ? null : raw;
    case 'list': {
      const separator = control.dataset.separator ?? (control.localName === 'textarea' ? '\n' : ',');
      const items = raw.split(separator).map((s) => s.trim()).filter((s) => s !== '');
      return items.length ? items : undefined;
    }
    case 'json':
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

// ---------------------------------------------------------------------------
// The binding

/**
 * Binds `form` to a session. Options:
 * - `engine`: a ConductEngine from `conduct-engine` (after `init()`) or from `conduct-engine/worker`;
 * - `worker`: instead of `engine`, what `connect()` of `conduct-engine/worker` returned: an engine is made in it;
 * - `incident`: the incident the form fills in (default `{ schemaVersion: '1' }`);
 * - `locale`: the language of messages and labels;
 * - `debounce`: milliseconds to wait after the last input before judging (default 0);
 * - `outcome`: the element that shows the outcome (default: `[data-conduct-outcome]` in the form);
 * - `feedback`: a `<conduct-feedback>` element (or several) to show each verdict;
 * - `onVerdict(verdict, binding)`, `onError(error, binding)`: called after each verdict, and on errors no field explains.
 */
export function bindForm(form, options = {}) {
  return new FormBinding(form, options);
}

export class FormBinding {
  #form;
  #options;
  #engine;
  #ownEngine = false;
  #session = null;
  #locale;
  #labels = null;
  #base;
  #basePointers;
  #mirror;
  #fields = [];
  #byControl = new Map();
  #anchors = new Map();
  #dirty = new Set();
  #errors = new Map();
  #marks = new Map();
  #saved = new WeakMap();
  #messages = new WeakMap();
  #chain = Promise.resolve();
  #timer = null;
  #verdict = null;
  #destroyed = false;
  #id;
  #nextMessage = 0;
  #onInput;

  constructor(form, options = {}) {
    const refuse = (message) => new ConductError(`bindForm: ${message}`, { code: 'invalid_argument' });
    if (!form || typeof form.querySelectorAll !== 'function' || typeof form.addEventListener !== 'function') throw refuse('the first argument must be a form element');
    if (options === null || typeof options !== 'object') throw refuse('the options must be an object');
    const { engine, worker, incident, locale, debounce = 0 } = options;
    if (!engine === !worker) throw refuse('pass one of { engine } and { worker }');
    if (engine && typeof engine.session !== 'function') throw refuse('the engine has no session() method');
    if (worker && typeof worker.ConductEngine !== 'function') throw refuse('the worker is not what connect() of conduct-engine/worker returns');
    if (typeof debounce !== 'number' || !Number.isFinite(debounce) || debounce < 0) throw refuse('debounce must be a number of milliseconds, 0 or more');
    let base;
    try {
      base = structuredClone(incident ?? { schemaVersion: '1' });
    } catch (e) {
      throw new ConductError(`bindForm: the incident must be JSON data: ${e && e.message}`, { code: 'invalid_incident', path: '' });
    }
    this.#form = form;
    this.#options = { ...options, debounce };
    this.#id = `conduct-${++bindings}`;
    if (engine) {
      this.#engine = engine;
    } else {
      this.#engine = new worker.ConductEngine(locale === undefined ? undefined : { locale });
      this.#ownEngine = true;
    }
    this.#locale = locale;
    this.#base = base;
    this.#basePointers = pointersIn(this.#base);
    this.#onInput = (event) => this.#input(event);
    form.addEventListener('input', this.#onInput);
    form.addEventListener('change', this.#onInput);
    this.#scan();
    /** Resolves with the first verdict, once it is rendered. */
    this.ready = this.#enqueue(() => this.#open());
  }

  /** The last verdict rendered (null before the first). */
  get verdict() {
    return this.#verdict;
  }

  /** The engine the binding judges with. */
  get engine() {
    return this.#engine;
  }

  /** The locale of messages and labels. */
  get locale() {
    return this.#locale;
  }

  /** The incident as the form fills it in now (a copy). */
  incident() {
    return structuredClone(this.#mirror ?? this.#base);
  }

  /** Judges in another locale from now on; resolves with the verdict. */
  setLocale(locale) {
    return this.#enqueue(async () => {
      this.#locale = locale;
      await this.#closeSession();
      return this.#open({ rescan: false });
    });
  }

  /**
   * Reads the form again, after controls were added or removed, and judges
   * it; resolves with the verdict.
   */
  refresh() {
    return this.#enqueue(async () => {
      this.#scan();
      await this.#closeSession();
      return this.#open();
    });
  }

  /** Removes listeners and marks, and frees the session. */
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    clearTimeout(this.#timer);
    this.#form.removeEventListener('input', this.#onInput);
    this.#form.removeEventListener('change', this.#onInput);
    this.#applyMarks(new Map());
    const outcome = this.#outcomeElement();
    if (outcome) {
      outcome.textContent = '';
      delete outcome.dataset.outcome;
    }
    this.#enqueue(async () => {
      await this.#closeSession();
      if (this.#ownEngine) await this.#engine.free();
    });
  }

  // -- reading the form ------------------------------------------------------

  #scan() {
    const groups = new Map();
    this.#anchors = new Map();
    const add = (map, pointer, el) => {
      if (!map.has(pointer)) map.set(pointer, []);
      map.get(pointer).push(el);
    };
    for (const el of this.#form.querySelectorAll('[data-pointer], [name]')) {
      if (el.closest('[data-conduct-ignore]')) continue;
      const control = isControl(el);
      const pointer = el.hasAttribute('data-pointer') ? el.getAttribute('data-pointer') : control ? pointerFromName(el.getAttribute('name')) : null;
      if (pointer === null || (pointer !== '' && !pointer.startsWith('/'))) continue;
      if (control && pointer !== '') add(groups, pointer, el);
      else if (!control) add(this.#anchors, pointer, el);
    }
    this.#fields = [...groups].map(([pointer, controls]) => new Field(pointer, controls));
    this.#byControl = new Map();
    for (const field of this.#fields) for (const c of field.controls) this.#byControl.set(c, field);
  }

  #input(event) {
    const field = this.#byControl.get(event.target);
    if (!field || this.#destroyed) return;
    this.#dirty.add(field);
    clearTimeout(this.#timer);
    if (this.#options.debounce > 0) {
      this.#timer = setTimeout(() => this.#flush(), this.#options.debounce);
    } else {
      this.#flush();
    }
  }

  #flush() {
    if (this.#pumping) return;
    this.#pumping = true;
    this.#enqueue(() => this.#pump()).catch(() => {});
  }

  #pumping = false;

  /** Sends each changed field to the session, one at a time, then renders once. */
  async #pump() {
    try {
      let changed = false;
      while (this.#dirty.size && this.#session && !this.#destroyed) {
        const [field] = this.#dirty;
        this.#dirty.delete(field);
        const verdict = await this.#send(field);
        if (verdict) {
          this.#verdict = verdict;
          changed = true;
        }
      }
      if (changed || this.#errors.size || this.#verdict) this.#render();
      return this.#verdict;
    } finally {
      this.#pumping = false;
    }
  }

  /** The smallest change that makes the incident hold `field`'s value; null if none. */
  #changeFor(field) {
    const value = field.value();
    const tokens = tokensOf(field.pointer);
    let node = this.#mirror;
    for (let i = 0; i < tokens.length; i++) {
      const child = childOf(node, tokens[i]);
      if (child === undefined) {
        if (value === undefined) return null;
        if (Array.isArray(node) && !(isIndex(tokens[i]) && Number(tokens[i]) === node.length)) {
          return { error: `${pointerOf(tokens.slice(0, i + 1))} is beyond the end of a list of ${node.length}` };
        }
        if (node === null || typeof node !== 'object') return { error: `${pointerOf(tokens.slice(0, i))} is not an object` };
        return { op: 'update', pointer: pointerOf(tokens.slice(0, i + 1)), value: nest(tokens.slice(i + 1), value) };
      }
      node = child;
    }
    if (value === undefined) {
      // Remove the field, and the containers the form alone had made for it.
      let at = tokens.length;
      while (at > 1) {
        const parentTokens = tokens.slice(0, at - 1);
        const parentPointer = pointerOf(parentTokens);
        if (this.#basePointers.has(parentPointer)) break;
        const parent = parentTokens.reduce(childOf, this.#mirror);
        const size = Array.isArray(parent) ? parent.length : Object.keys(parent).length;
        const last = Array.isArray(parent) ? Number(tokens[at - 1]) === parent.length - 1 : true;
        if (size !== 1 || !last) break;
        at -= 1;
      }
      return { op: 'remove', pointer: pointerOf(tokens.slice(0, at)) };
    }
    return sameValue(node, value) ? null : { op: 'update', pointer: field.pointer, value };
  }

  async #send(field) {
    const change = this.#changeFor(field);
    if (change === null) {
      const hadError = this.#errors.delete(field);
      return hadError ? this.#verdict : null;
    }
    if (change.error) {
      this.#errors.set(field, { message: change.error });
      return this.#verdict;
    }
    try {
      const verdict = change.op === 'update'
        ? await this.#session.update(change.pointer, change.value)
        : await this.#session.remove(change.pointer);
      apply(this.#mirror, change);
      this.#errors.delete(field);
      return verdict;
    } catch (e) {
      if (!e || e.name !== 'ConductError') throw e;
      // The session kept its incident; the field says what is wrong with it.
      this.#errors.set(field, { message: e.message, code: e.code, path: e.path });
      return this.#verdict;
    }
  }

  // -- the session -----------------------------------------------------------

  #enqueue(task) {
    const run = this.#chain.then(task);
    this.#chain = run.catch((e) => this.#report(e));
    return run;
  }

  async #open({ rescan = true } = {}) {
    if (rescan || !this.#mirror) {
      this.#mirror = structuredClone(this.#base);
      this.#errors.clear();
      for (const field of this.#fields) {
        const change = this.#changeFor(field);
        if (change && !change.error) apply(this.#mirror, change);
        else if (change?.error) this.#errors.set(field, { message: change.error });
      }
    }
    this.#dirty.clear();
    const sessionOptions = this.#locale === undefined ? undefined : { locale: this.#locale };
    const labels = this.#loadLabels();
    // A value the engine refuses (a date that is no date) is left out and
    // marked, and the session opens on the rest.
    for (let attempt = 0; ; attempt++) {
      try {
        this.#session = await this.#engine.session(this.#mirror, sessionOptions);
        break;
      } catch (e) {
        const field = e && e.name === 'ConductError' && typeof e.path === 'string' && attempt < this.#fields.length
          ? this.#fields.find((f) => within(f.pointer, e.path) || within(e.path, f.pointer))
          : null;
        if (!field || this.#errors.has(field)) throw e;
        this.#errors.set(field, { message: e.message, code: e.code, path: e.path });
        apply(this.#mirror, { op: 'remove', pointer: field.pointer });
      }
    }
    this.#labels = await labels;
    this.#verdict = await this.#session.verdict();
    this.#render();
    return this.#verdict;
  }

  async #closeSession() {
    const session = this.#session;
    this.#session = null;
    if (session) await session.free();
  }

  async #loadLabels() {
    if (typeof this.#engine.labels !== 'function') return null;
    try {
      return await this.#engine.labels(this.#locale === undefined ? undefined : { locale: this.#locale });
    } catch {
      // An engine without a label catalogue: outcomes show their status code.
      return null;
    }
  }

  #report(error) {
    if (this.#options.onError) this.#options.onError(error, this);
    this.#form.dispatchEvent(new CustomEvent('conduct:error', { detail: { error, binding: this } }));
  }

  // -- marking ---------------------------------------------------------------

  #render() {
    if (this.#destroyed || !this.#verdict) return;
    const verdict = this.#verdict;
    const marks = new Map();
    const mark = (elements, status, message) => {
      for (const el of elements) {
        const m = marks.get(el) ?? { status, messages: [] };
        if (RANK[status] > RANK[m.status]) m.status = status;
        if (!m.messages.includes(message)) m.messages.push(message);
        marks.set(el, m);
      }
    };
    for (const finding of verdict.findings) {
      if (!MARKED.includes(finding.status)) continue;
      if (finding.missing?.length) {
        for (const m of finding.missing) mark(this.#elementsFor(m.path, true), finding.status, m.message);
      } else {
        mark(this.#elementsFor(finding.subject, false), finding.status, finding.message);
      }
    }
    for (const [field, error] of this.#errors) mark(field.controls, 'error', error.message);
    this.#applyMarks(marks);
    this.#showOutcome(verdict.outcome);
    const feedback = this.#options.feedback;
    for (const el of feedback ? (Array.isArray(feedback) ? feedback : [feedback]) : []) {
      if (el.engine !== this.#engine) el.engine = this.#engine;
      if (this.#locale !== undefined && el.getAttribute?.('locale') !== this.#locale) el.setAttribute('locale', this.#locale);
      el.verdict = verdict;
    }
    this.#options.onVerdict?.(verdict, this);
    this.#form.dispatchEvent(new CustomEvent('conduct:verdict', { detail: { verdict, binding: this } }));
  }

  /**
   * The elements a pointer marks: the controls or anchors that carry it;
   * else the nearest anchor or control whose pointer encloses it (the
   * incident itself excepted); else, for a missing field, the controls
   * under it.
   */
  #elementsFor(pointer, missing) {
    const exact = this.#carrying(pointer);
    if (exact.length) return exact;
    const tokens = tokensOf(pointer);
    for (let n = tokens.length - 1; n >= 1; n--) {
      const found = this.#carrying(pointerOf(tokens.slice(0, n)));
      if (found.length) return found;
    }
    if (!missing || pointer === '') return [];
    return this.#fields.filter((f) => within(f.pointer, pointer)).flatMap((f) => f.controls);
  }

  #carrying(pointer) {
    const anchors = this.#anchors.get(pointer) ?? [];
    const field = this.#fields.find((f) => f.pointer === pointer);
    return field ? [...field.controls, ...anchors] : anchors;
  }

  #applyMarks(marks) {
    for (const [el, old] of this.#marks) {
      if (!marks.has(el)) this.#unmark(el, old);
    }
    for (const [el, m] of marks) this.#mark(el, m);
    this.#marks = marks;
  }

  #mark(el, { status, messages }) {
    if (!this.#saved.has(el)) {
      this.#saved.set(el, { invalid: el.getAttribute('aria-invalid'), describedby: el.getAttribute('aria-describedby') });
    }
    let message = this.#messages.get(el);
    if (!message) {
      const pointer = el.getAttribute('data-pointer') ?? pointerFromName(el.getAttribute('name'));
      const provided = pointer !== null
        ? [...this.#form.querySelectorAll('[data-conduct-message-for]')].find((m) => m.getAttribute('data-conduct-message-for') === pointer)
        : null;
      message = provided ?? this.#form.ownerDocument.createElement('div');
      if (!message.id) message.id = `${this.#id}-message-${++this.#nextMessage}`;
      message.classList.add('conduct-message');
      message.dataset.conductMessage = provided ? 'provided' : 'made';
      if (!provided) this.#place(el, message);
      this.#messages.set(el, message);
    }
    // Unchanged marks are left alone: most keystrokes change no finding.
    if (message.dataset.conductStatus !== status) message.dataset.conductStatus = status;
    if (message.hidden) message.hidden = false;
    const shown = [...message.children].map((p) => p.textContent);
    if (shown.length !== messages.length || shown.some((text, i) => text !== messages[i])) {
      message.replaceChildren(...messages.map((text) => {
        const p = this.#form.ownerDocument.createElement('p');
        p.textContent = text;
        return p;
      }));
    }
    if (el.getAttribute('aria-invalid') !== 'true') el.setAttribute('aria-invalid', 'true');
    if (el.dataset.conductStatus !== status) el.dataset.conductStatus = status;
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    if (!ids.includes(message.id)) el.setAttribute('aria-describedby', [...ids, message.id].join(' '));
  }

  /** Where a made message goes: after a control (after the last of a radio group), or first in a container, after its legend. */
  #place(el, message) {
    if (isControl(el)) {
      const field = this.#byControl.get(el);
      // After the label that wraps the control, if one does, so the message
      // is no part of the control's name.
      const last = field && field.controls.length > 1 ? field.controls[field.controls.length - 1] : el;
      (last.closest('label') ?? last).after(message);
    } else {
      const legend = [...el.children].find((c) => c.localName === 'legend' || c.localName === 'h1' || c.localName === 'h2' || c.localName === 'h3' || c.localName === 'h4');
      if (legend) legend.after(message);
      else el.prepend(message);
    }
  }

  #unmark(el) {
    const saved = this.#saved.get(el) ?? {};
    const message = this.#messages.get(el);
    if (saved.invalid === null || saved.invalid === undefined) el.removeAttribute('aria-invalid');
    else el.setAttribute('aria-invalid', saved.invalid);
    delete el.dataset.conductStatus;
    if (message) {
      const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== message.id);
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
      else el.removeAttribute('aria-describedby');
      if (message.dataset.conductMessage === 'made') message.remove();
      else {
        message.replaceChildren();
        message.hidden = true;
        delete message.dataset.conductStatus;
      }
      this.#messages.delete(el);
    }
    this.#saved.delete(el);
  }

  #outcomeElement() {
    const given = this.#options.outcome;
    if (given) return typeof given === 'string' ? this.#form.ownerDocument.querySelector(given) : given;
    return this.#form.querySelector('[data-conduct-outcome]');
  }

  #showOutcome(outcome) {
    const el = this.#outcomeElement();
    if (!el) return;
    if (!el.hasAttribute('role')) el.setAttribute('role', 'status');
    const text = this.#labels?.[`status:${outcome}`] ?? outcome;
    if (el.textContent !== text) el.textContent = text;
    el.dataset.outcome = outcome;
  }
}

/** Applies a change (as `#changeFor` gives) to a plain incident. */
function apply(root, { op, pointer, value }) {
  const tokens = tokensOf(pointer);
  const last = tokens.pop();
  const parent = tokens.reduce(childOf, root);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (op === 'remove') parent.splice(i, 1);
    else parent[i] = structuredClone(value);
  } else if (op === 'remove') {
    delete parent[last];
  } else {
    parent[last] = structuredClone(value);
  }
}
