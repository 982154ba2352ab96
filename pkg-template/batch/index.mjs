// conduct-engine/batch: judge many incidents on every core, results in
// input order. Node only (worker_threads).
//
//   for await (const r of evaluateMany(incidents, { workers: 4 })) {
//     if (r.error) console.error(r.index, r.error.code, r.error.message);
//     else console.log(r.index, r.verdict.outcome);
//   }
//
// How it works: the calling thread reads the input, turns each incident into
// JSON text (or keeps the UTF-8 bytes it was given) and packs the texts into
// chunks; each worker thread owns one engine, judges whole chunks and sends
// back their verdicts as one UTF-8 buffer; results are handed out chunk by
// chunk in input order. Reading stops while the chunks in flight and those judged but
// not yet consumed reach a bound, so memory stays bounded however long the
// input and however slow the consumer.

import { Worker } from 'node:worker_threads';
import entries from './entries.cjs';
import { createJudge, OUTCOMES, outcomeOf, textsOf } from './judge.mjs';

const { ENTRY, checkOptions, iteratorOf } = entries;

/** An incident with a source of your own: see the README. */
export const entry = entries.entry;
/** An input that failed before it could be judged: see the README. */
export const inputError = entries.inputError;

/**
 * Judges every incident of `input` (an iterable or async iterable of
 * incident objects, incident JSON texts or `entry()`s) and yields
 * `{ index, source?, outcome, verdict }` or `{ index, source?, error }` in
 * input order.
 */
export function evaluateMany(input, options) {
  const opts = checkOptions(options, 'evaluateMany');
  return results(new Run(iteratorOf(input, 'evaluateMany'), opts, 'evaluate'));
}

/**
 * Checks every incident of `input` against the incident model without
 * judging it: yields `{ index, source?, valid, problems }` or
 * `{ index, source?, error }` in input order.
 */
export function validateMany(input, options) {
  const opts = checkOptions(options, 'validateMany');
  return results(new Run(iteratorOf(input, 'validateMany'), opts, 'validate'));
}

/** Texts per chunk, and bytes: a chunk is one message to a worker. */
const CHUNK_ITEMS = 64;
const CHUNK_BYTES = 1 << 20;
/** Chunks a worker holds at once: one judged, one waiting, no gap between. */
const PER_WORKER = 2;
/** Worker deaths a run survives (each one costs at most one incident). */
const MAX_DEATHS = 64;

const STOPPED = Symbol('stopped');

async function* results(run) {
  try {
    run.start();
    for (;;) {
      const chunk = await run.nextChunk();
      if (chunk === null) return;
      for (const e of chunk.entries) yield run.resultOf(e);
    }
  } finally {
    await run.close();
  }
}

class Chunk {
  constructor(seq) {
    this.seq = seq;
    /** Every input of the chunk: { index, has, source, error, result }. */
    this.entries = [];
    /**
     * The texts to judge (null for one given as bytes: it is in `store`,
     * ending at its `spans` entry), and the entry each belongs to.
     */
    this.texts = [];
    this.owners = [];
    this.bytes = 0;
    this.store = null;
    this.stored = 0;
    this.spans = null;
    this.done = false;
    /** After a worker died on it: judged one by one, from `from` on. */
    this.isolate = false;
    this.from = 0;
    this.results = null;
  }

  get full() {
    return this.texts.length >= CHUNK_ITEMS || this.bytes >= CHUNK_BYTES || this.entries.length >= 4 * CHUNK_ITEMS;
  }

  /** Keeps a copy of UTF-8 bytes to judge: decoded by the worker, not here. */
  addBytes(view) {
    if (this.store === null || this.stored + view.length > this.store.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(1 << 16, 2 * (this.stored + view.length)));
      if (this.store !== null) this.store.copy(bigger, 0, 0, this.stored);
      this.store = bigger;
    }
    this.store.set(view, this.stored);
    this.stored += view.length;
    (this.spans ??= []).push(this.texts.length, this.stored);
    this.texts.push(null);
  }

  /** What a worker gets: { seq, texts, bytes, spans, isolate, from }. */
  message() {
    const m = { seq: this.seq, texts: this.texts, bytes: null, spans: null, isolate: this.isolate, from: this.from };
    if (this.store !== null) {
      m.bytes = this.store.subarray(0, this.stored);
      m.spans = this.spans;
    }
    return m;
  }

  settle(results) {
    for (let k = 0; k < this.owners.length; k++) this.entries[this.owners[k]].result = results[k];
    this.texts = null;
    this.store = null;
    this.results = null;
    this.done = true;
  }

  /** Verdicts as a worker sends them: UTF-8 in one buffer (see worker.mjs). */
  settleBytes({ bytes, ends, outcomes, errors }) {
    // A Buffer arrives from another thread as a plain Uint8Array.
    bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    for (let k = 0; k < this.owners.length; k++) {
      const e = this.entries[this.owners[k]];
      e.result = new VerdictBytes(bytes, start, ends[k], OUTCOMES[outcomes[k]]);
      start = ends[k];
    }
    for (let k = 0; errors && k < errors.length; k += 2) this.entries[this.owners[errors[k]]].result = { error: errors[k + 1] };
    this.texts = null;
    this.store = null;
    this.results = null;
    this.done = true;
  }
}

/** A verdict's UTF-8 JSON in a buffer a worker filled. */
class VerdictBytes {
  constructor(bytes, start, end, outcome) {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.outcome = outcome;
  }
}

class Run {
  constructor({ iterator, sync }, opts, task) {
    this.iterator = iterator;
    this.sync = sync;
    this.opts = opts;
    this.task = task;
    this.slots = [];
    /** Chunks in input order: filling, with a worker, or judged. */
    this.queue = [];
    this.filling = null;
    this.maxQueue = Math.max(4, 4 * Math.max(1, opts.workers));
    this.nextIndex = 0;
    this.nextSeq = 0;
    this.stopping = false;
    this.closing = false;
    this.pumpDone = false;
    this.inputEnded = false;
    this.inputFailure = null;
    this.fatal = null;
    this.deaths = 0;
    this.noMoreWorkers = false;
    this.waiting = null;
    this.release = null;
    this.interrupt = null;
    this.onAbort = () => this.stop();
  }

  start() {
    const { workers, signal } = this.opts;
    // One worker to begin with; the others when there is work waiting for
    // them (see trySend), so that a handful of incidents starts one thread.
    this.slots.push(workers === 0 ? this.inlineSlot() : this.spawn());
    if (signal) {
      if (signal.aborted) this.stop();
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
    this.pump();
  }

  // ------------------------------------------------------------ waking

  changed() {
    if (!this.waiting) {
      this.waiting = new Promise((resolve) => {
        this.release = resolve;
      });
    }
    return this.waiting;
  }

  wake() {
    if (this.waiting) {
      const release = this.release;
      this.waiting = null;
      release();
    }
  }

  stop() {
    if (this.stopping) return;
    this.stopping = true;
    this.interrupt?.();
    this.wake();
  }

  fail(error) {
    if (!this.fatal) this.fatal = error;
    this.stop();
  }

  // ------------------------------------------------------------ reading

  async pump() {
    try {
      for (;;) {
        while (!this.stopping && !this.canAdd()) await this.changed();
        if (this.stopping) break;
        let step;
        if (this.sync) {
          step = this.iterator.next();
        } else {
          // Not Promise.race with one long-lived promise: each race would
          // leave a reaction (and the item it read) on it until the end.
          const next = this.iterator.next();
          step = await new Promise((resolve, reject) => {
            this.interrupt = () => resolve(STOPPED);
            Promise.resolve(next).then(resolve, reject);
          });
          this.interrupt = null;
          if (step === STOPPED) break;
        }
        if (step.done) {
          this.inputEnded = true;
          break;
        }
        this.add(step.value);
      }
    } catch (e) {
      // Thrown by the input: the results of what was read come first.
      this.inputEnded = true;
      this.inputFailure = e;
    }
    this.pumpDone = true;
    if (!this.inputEnded) this.closeInput();
    this.afterChange();
  }

  closeInput() {
    try {
      const done = this.iterator.return?.();
      if (done && typeof done.then === 'function') done.then(undefined, () => {});
    } catch {
      // the input's own clean-up failed: nothing more to read anyway
    }
  }

  canAdd() {
    if (this.filling) return !this.filling.full;
    return this.queue.length < this.maxQueue;
  }

  add(value) {
    const e = { index: this.nextIndex++, has: false, source: undefined, error: null, result: undefined };
    let incident = value;
    if (value !== null && typeof value === 'object' && value[ENTRY]) {
      e.has = true;
      e.source = value.source;
      if (value[ENTRY] === 'error') e.error = value.error;
      else incident = value.incident;
    }
    let text;
    if (!e.error) {
      if (typeof incident === 'string') {
        text = incident;
      } else if (incident instanceof Uint8Array) {
        text = incident;
      } else {
        try {
          text = JSON.stringify(incident);
          if (text === undefined) e.error = problem('invalid_json', `${typeof incident} is not an incident`);
        } catch (err) {
          e.error = err instanceof RangeError
            ? problem('limit_exceeded', 'the incident is nested too deeply to be written as JSON')
            : problem('invalid_json', `the incident cannot be written as JSON: ${err.message}`);
        }
      }
    }
    let chunk = this.filling;
    if (!chunk) {
      chunk = this.filling = new Chunk(this.nextSeq++);
      this.queue.push(chunk);
    }
    chunk.entries.push(e);
    if (!e.error) {
      chunk.owners.push(chunk.entries.length - 1);
      if (typeof text === 'string') chunk.texts.push(text);
      else chunk.addBytes(text);
      chunk.bytes += text.length;
    }
    if (chunk.full || this.idleSlot()) this.trySend();
  }

  // ------------------------------------------------------------ workers

  spawn() {
    const script = this.opts.workerScript ?? new URL('./worker.mjs', import.meta.url);
    const worker = new Worker(script, { workerData: { engine: this.opts.engine, task: this.task }, execArgv: workerExecArgv() });
    const slot = { worker, ready: false, alive: true, inFlight: new Map(), error: null };
    worker.on('message', (m) => this.onMessage(slot, m));
    worker.on('error', (e) => {
      slot.error = e;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  inlineSlot() {
    const slot = { worker: null, ready: false, alive: true, inFlight: new Map(), error: null };
    const judge = createJudge(this.opts.engine, this.task);
    judge.then(() => {
      slot.ready = true;
    }, (e) => this.fail(fatalError(e)));
    slot.post = (m) => {
      judge.then((j) => setImmediate(() => {
        if (this.closing) return;
        this.onMessage(slot, { type: 'done', seq: m.seq, results: textsOf(m).map(j) });
      }), () => {});
    };
    return slot;
  }

  idleSlot() {
    return this.slots.some((s) => s.alive && s.inFlight.size === 0);
  }

  pickSlot() {
    let best = null;
    for (const s of this.slots) {
      if (s.alive && s.inFlight.size < PER_WORKER && (best === null || s.inFlight.size < best.inFlight.size)) best = s;
    }
    return best;
  }

  send(chunk, slot) {
    slot.inFlight.set(chunk.seq, chunk);
    const message = chunk.message();
    if (slot.worker) slot.worker.postMessage(message);
    else slot.post(message);
  }

  /** Hands the filling chunk to a worker, if one has room. */
  trySend() {
    const chunk = this.filling;
    if (!chunk || chunk.entries.length === 0) return;
    if (chunk.texts.length === 0) {
      // Only inputs that failed already: nothing to judge.
      this.filling = null;
      chunk.done = true;
      this.wake();
      return;
    }
    let slot = this.pickSlot();
    if (chunk.full && (slot === null || slot.inFlight.size > 0) && this.slots.length < this.opts.workers && !this.noMoreWorkers) {
      slot = this.spawn();
      this.slots.push(slot);
    }
    if (!slot) return;
    this.filling = null;
    this.send(chunk, slot);
    this.wake();
  }

  afterChange() {
    const f = this.filling;
    if (f && (f.full || this.pumpDone || this.idleSlot())) this.trySend();
    this.wake();
  }

  onMessage(slot, m) {
    if (this.closing) return;
    if (m.type === 'ready') {
      slot.ready = true;
    } else if (m.type === 'fatal') {
      this.fail(fatalError(m.error));
    } else if (m.type === 'item') {
      const chunk = slot.inFlight.get(m.seq);
      chunk.results[m.i] = m.result;
      chunk.from = m.i + 1;
    } else if (m.type === 'done') {
      const chunk = slot.inFlight.get(m.seq);
      slot.inFlight.delete(m.seq);
      if (m.bytes) chunk.settleBytes(m);
      else chunk.settle(m.results ?? chunk.results);
      this.afterChange();
    }
  }

  onExit(slot, code) {
    slot.alive = false;
    if (this.closing || this.fatal) return;
    if (!slot.ready) {
      const survivor = this.slots.find((s) => s.alive);
      if (!survivor) {
        const why = slot.error ? `: ${slot.error.message}` : '';
        this.fail(new Error(`a worker thread stopped before its engine was ready (exit code ${code})${why}`));
        return;
      }
      // A later worker that could not start (short of memory, say): go on
      // with those that did, and start no more.
      this.noMoreWorkers = true;
      this.slots.splice(this.slots.indexOf(slot), 1);
      for (const chunk of slot.inFlight.values()) this.send(chunk, survivor);
      slot.inFlight.clear();
      this.afterChange();
      return;
    }
    this.deaths += 1;
    if (this.deaths > MAX_DEATHS) {
      this.fail(new Error(`${this.deaths} worker threads died: giving up (last: ${slot.error?.message ?? `exit code ${code}`})`));
      return;
    }
    // A new worker takes over the chunks of the dead one. The first time,
    // the chunk is judged again item by item; after that, the item that was
    // being judged when the worker died is the one that kills it: it gets an
    // error and the others are judged.
    const heir = this.spawn();
    this.slots[this.slots.indexOf(slot)] = heir;
    const why = slot.error?.message ?? `exit code ${code}`;
    // A worker judges its chunks in the order sent: the first one still in
    // flight is the one it died on; the others were waiting.
    let first = true;
    for (const chunk of slot.inFlight.values()) {
      if (first && !chunk.isolate) {
        chunk.isolate = true;
        chunk.from = 0;
        chunk.results = new Array(chunk.texts.length);
      } else if (first) {
        chunk.results[chunk.from] = { error: problem('internal_error', `the worker judging this incident stopped (${why})`) };
        chunk.from += 1;
      }
      first = false;
      if (chunk.isolate && chunk.from >= chunk.texts.length) chunk.settle(chunk.results);
      else this.send(chunk, heir);
    }
    slot.inFlight.clear();
    this.afterChange();
  }

  // ------------------------------------------------------------ results

  async nextChunk() {
    for (;;) {
      if (this.fatal) throw this.fatal;
      const head = this.queue[0];
      if (head && head.done) {
        this.queue.shift();
        this.wake();
        return head;
      }
      if (!head && this.pumpDone) {
        if (this.inputFailure) throw this.inputFailure;
        return null;
      }
      await this.changed();
    }
  }

  resultOf(e) {
    const out = { index: e.index };
    if (e.has) out.source = e.source;
    const r = e.result;
    const as = this.opts.verdicts;
    if (e.error) {
      out.error = e.error;
    } else if (r instanceof VerdictBytes) {
      out.outcome = r.outcome;
      if (as === 'bytes') out.verdict = r.bytes.subarray(r.start, r.end);
      else {
        const text = r.bytes.toString('utf8', r.start, r.end);
        out.verdict = as === 'json' ? text : JSON.parse(text);
      }
    } else if (typeof r === 'string') {
      out.outcome = outcomeOf(r);
      out.verdict = as === 'json' ? r : as === 'bytes' ? Buffer.from(r) : JSON.parse(r);
    } else if (Array.isArray(r)) {
      out.valid = r.length === 0;
      out.problems = r;
    } else {
      out.error = r.error;
    }
    return out;
  }

  async close() {
    this.closing = true;
    this.stop();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    if (!this.pumpDone) this.closeInput();
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }
}

/**
 * The calling process's Node options, less those that only make sense for
 * its entry point (a worker refuses to start with --input-type).
 */
function workerExecArgv() {
  const argv = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i];
    if (arg === '--input-type') i += 1;
    else if (!arg.startsWith('--input-type=')) argv.push(arg);
  }
  return argv;
}


function problem(code, message) {
  return { code, path: '', message, problems: [] };
}

/** An engine that could not be built: thrown as the engine throws it. */
function fatalError(data) {
  if (data instanceof Error) return data;
  const error = new Error(data.message);
  if (data.code && data.code !== 'internal_error' && !data.code.startsWith('ERR_')) {
    error.name = 'ConductError';
    error.path = data.path ?? null;
    error.problems = data.problems ?? [];
    if (data.location) error.location = data.location;
  }
  error.code = data.code;
  return error;
}
