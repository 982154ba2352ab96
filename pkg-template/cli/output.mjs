// Where results go: standard output or --output FILE, written in large
// pieces with back-pressure, and a failed write (a closed pipe, a full disk)
// remembered rather than thrown, so the run can stop and say so. And a spool
// for what a format must hold back until the end (counts that come first in
// JUnit XML, notifications that come last in SARIF), in memory up to a bound
// and then in a temporary file.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PIECE = 1 << 16;
/** How long written text may wait in memory when the input is slow. */
const LINGER_MS = 100;

export class Output {
  /**
   * `stream`: process.stdout or an fs.WriteStream. `onLost(error)` is called
   * once, when a write fails; `eager`: write every piece at once (for a
   * terminal); `beforeWrite()`: called before each write (to clear a
   * progress line off a shared terminal).
   */
  constructor(stream, { onLost = () => {}, eager = false, beforeWrite = null } = {}) {
    this.stream = stream;
    this.eager = eager;
    this.binary = false;
    this.beforeWrite = beforeWrite;
    this.timer = null;
    this.parts = [];
    this.size = 0;
    this.blocked = false;
    this.lost = null;
    this.waiters = [];
    this.onLost = onLost;
    this.onDrain = () => {
      this.blocked = false;
      this.release();
    };
    this.onError = (e) => {
      if (!this.lost) {
        this.lost = e;
        this.parts = [];
        this.size = 0;
        this.onLost(e);
      }
      this.release();
    };
    stream.on('drain', this.onDrain);
    stream.on('error', this.onError);
  }

  release() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Text, or bytes (UTF-8) as they are. */
  write(text) {
    if (this.lost) return;
    if (typeof text !== 'string') this.binary = true;
    this.parts.push(text);
    this.size += text.length;
    if (this.eager || this.size >= PIECE) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, LINGER_MS);
      this.timer.unref();
    }
  }

  /** Bytes as they are (a spool's content). */
  writeBytes(bytes) {
    if (this.lost) return;
    this.flush();
    this.beforeWrite?.();
    if (!this.stream.write(bytes)) this.blocked = true;
  }

  flush() {
    if (this.size === 0 || this.lost) return;
    let text;
    if (this.binary) {
      // Verdicts come as bytes: one copy into one buffer, no decoding.
      text = Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
      this.binary = false;
    } else {
      text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    }
    this.parts = [];
    this.size = 0;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.beforeWrite?.();
    try {
      if (!this.stream.write(text)) this.blocked = true;
    } catch (e) {
      this.onError(e);
    }
  }

  /** Resolves once the stream takes more (at once unless it is full). */
  ready() {
    if (!this.blocked || this.lost) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes what is held and waits until the stream has taken all of it. */
  async end({ close = false } = {}) {
    this.flush();
    if (this.lost) return;
    await new Promise((resolve) => {
      this.waiters.push(resolve);
      const done = () => resolve();
      if (close) this.stream.end(done);
      else this.stream.write('', done);
    });
  }
}

/** Append-only text held for later: memory up to `limit` bytes, then a temporary file. */
export class Spool {
  constructor(limit = 8 << 20) {
    this.limit = limit;
    this.parts = [];
    this.held = 0;
    this.length = 0; // bytes appended in all
    this.fd = null;
    this.dir = null;
    this.spilled = 0; // bytes in the file
  }

  append(text) {
    const bytes = Buffer.from(text, 'utf8');
    this.parts.push(bytes);
    this.held += bytes.length;
    this.length += bytes.length;
    if (this.held >= this.limit) this.spill();
  }

  spill() {
    if (this.fd === null) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduct-engine-'));
      this.fd = fs.openSync(path.join(this.dir, 'spool'), 'w+');
    }
    const bytes = Buffer.concat(this.parts);
    fs.writeSync(this.fd, bytes, 0, bytes.length, this.spilled);
    this.spilled += bytes.length;
    this.parts = [];
    this.held = 0;
  }

  /** The bytes from `start` to `end` (offsets into everything appended), in pieces. */
  *range(start = 0, end = this.length) {
    let at = start;
    if (this.fd !== null && at < this.spilled) {
      const piece = Buffer.allocUnsafe(PIECE * 4);
      while (at < Math.min(end, this.spilled)) {
        const n = fs.readSync(this.fd, piece, 0, Math.min(piece.length, Math.min(end, this.spilled) - at), at);
        if (n === 0) break;
        yield Buffer.from(piece.subarray(0, n));
        at += n;
      }
    }
    if (at >= end) return;
    let offset = this.spilled;
    for (const bytes of this.parts) {
      const from = Math.max(at, offset);
      const to = Math.min(end, offset + bytes.length);
      if (from < to) yield bytes.subarray(from - offset, to - offset);
      offset += bytes.length;
      if (offset >= end) break;
    }
  }

  dispose() {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      fs.rmSync(this.dir, { recursive: true, force: true });
      this.fd = null;
    }
    this.parts = [];
  }
}
