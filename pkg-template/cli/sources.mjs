// The operands of `evaluate` and `validate` as a stream of batch entries:
// every incident with its place ({ name, file, line?, index?, bytes }), and
// every input that cannot be read as an error record in its place.
//
// - Files are read in chunks, never whole; a FIFO is read as a stream once a
//   writer has opened it, and given up with an error after `fifoTimeout` ms
//   without one; devices and sockets are refused (a device may never end).
// - Directories are walked in name order, following symbolic links; a link
//   back to a directory being walked is reported, not followed again.
// - Everything stops at the next chunk once `signal` aborts.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import batch from '../batch/entries.cjs';
import { jsonDocument, jsonLines } from './split.mjs';

const { entry, inputError } = batch;
const open = promisify(fs.open);
const read = promisify(fs.read);
const fstat = promisify(fs.fstat);

/** Files a directory walk picks up; named operands are read whatever their name. */
export const INPUT_FILE = /\.(json|jsonl|ndjson)$/i;
const LINES_FILE = /\.(jsonl|ndjson)$/i;
const READ_SIZE = 1 << 18;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * Entries for `operands` (paths, or '-' for `ctx.stdin`, by default
 * process.stdin). `ctx`: { signal, maxBytes, fifoTimeout, stdin? }.
 */
export async function* sources(operands, ctx) {
  for (const operand of operands) {
    if (ctx.signal.aborted) return;
    if (operand === '-') {
      // Node reads a directory on standard input as an empty stream: say so.
      if (ctx.stdin === undefined && fs.fstatSync(0, { throwIfNoEntry: false })?.isDirectory()) {
        yield inputError({ name: '<stdin>', file: '-', bytes: 0 }, { code: 'io_error', path: null, message: 'cannot read standard input: it is a directory (EISDIR)' });
        continue;
      }
      // process.stdin is made only when it is read: made, it may hold the process open.
      const items = jsonDocument(streamChunks(ctx.stdin ?? process.stdin, ctx.signal), ctx.maxBytes, { linesUnlessArray: true });
      yield* located(items, '-', '<stdin>');
      continue;
    }
    let st;
    try {
      st = await fs.promises.stat(operand);
    } catch (e) {
      yield failed(operand, ioProblem(operand, e));
      continue;
    }
    if (st.isDirectory()) yield* directory(operand, st, ctx, new Set());
    else yield* file(operand, st, ctx);
  }
}

/** Bytes of the regular files `operands` name or hold: for the progress estimate. */
export async function totalBytes(operands, signal) {
  let total = 0;
  const walk = async (p, st, seen) => {
    if (signal.aborted) return;
    if (st.isFile()) {
      total += st.size;
      return;
    }
    if (!st.isDirectory()) return;
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    const names = await fs.promises.readdir(p).catch(() => []);
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = path.join(p, name);
      const cst = await fs.promises.stat(child).catch(() => null);
      if (cst && (cst.isDirectory() || INPUT_FILE.test(name))) await walk(child, cst, seen);
    }
    seen.delete(key);
  };
  for (const operand of operands) {
    if (operand === '-') return null;
    const st = await fs.promises.stat(operand).catch(() => null);
    if (st?.isFIFO()) return null;
    if (st) await walk(operand, st, new Set());
  }
  return total;
}

function place(file, shown, at, line, index) {
  const loc = { name: shown, file, bytes: 0 };
  if (at === 'line') {
    loc.name = `${shown}:${line}`;
    loc.line = line;
  } else if (at === 'index') {
    loc.name = `${shown}#/${index}`;
    loc.line = line;
    loc.index = index;
  }
  return loc;
}

/** Entries for the items a splitter yields. */
async function* located(items, file, shown) {
  for await (const item of items) {
    const loc = place(file, shown, item.at, item.line, item.index);
    // Where in a file an error about the whole file was found (after the array).
    if (item.error && item.at === 'file' && item.line > 1) loc.line = item.line;
    loc.bytes = item.bytes;
    yield item.error ? inputError(loc, item.error) : entry(loc, item.text);
  }
}

function failed(file, error) {
  return inputError({ name: file, file, bytes: 0 }, error);
}

function ioProblem(file, e) {
  const why = /^[A-Z0-9]+: ([^,]+)/.exec(e?.message ?? '')?.[1] ?? e?.message ?? String(e);
  return { code: 'io_error', path: null, message: `cannot read ${file}: ${why}${e?.code ? ` (${e.code})` : ''}` };
}

function kindOf(st) {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

async function* directory(dir, st, ctx, ancestors) {
  const key = `${st.dev}:${st.ino}`;
  if (ancestors.has(key)) {
    yield inputError(
      { name: dir, file: dir, bytes: 0 },
      { code: 'directory_loop', path: null, message: `${dir} leads back to a directory that holds it (a symbolic link loop): not walked again` },
    );
    return;
  }
  let names;
  try {
    names = await fs.promises.readdir(dir);
  } catch (e) {
    yield failed(dir, ioProblem(dir, e));
    return;
  }
  names.sort();
  ancestors.add(key);
  try {
    for (const name of names) {
      if (ctx.signal.aborted) return;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = path.join(dir, name);
      const wanted = INPUT_FILE.test(name);
      let cst;
      try {
        cst = await fs.promises.stat(child);
      } catch (e) {
        // A dangling link is only news when it looked like an input.
        if (wanted || e.code === 'ELOOP') yield failed(child, ioProblem(child, e));
        continue;
      }
      if (cst.isDirectory()) yield* directory(child, cst, ctx, ancestors);
      else if (wanted) yield* file(child, cst, ctx);
    }
  } finally {
    ancestors.delete(key);
  }
}

async function* file(name, st, ctx) {
  if (!st.isFile() && !st.isFIFO()) {
    yield failed(name, { code: 'not_a_file', path: null, message: `${name} is ${kindOf(st)}: only files, FIFOs, directories and - are read` });
    return;
  }
  let fd;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once.
    fd = await open(name, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (e) {
    yield failed(name, ioProblem(name, e));
    return;
  }
  let chunks;
  try {
    const now = await fstat(fd); // what was opened, which may not be what was looked at
    if (now.isFile()) chunks = fileChunks(fd, ctx.signal);
    else if (now.isFIFO()) chunks = fifoChunks(fd, name, ctx);
    else throw Object.assign(new Error(), { problem: { code: 'not_a_file', path: null, message: `${name} is ${kindOf(now)}: only files, FIFOs, directories and - are read` } });
  } catch (e) {
    fs.close(fd, () => {});
    yield failed(name, e.problem ?? ioProblem(name, e));
    return;
  }
  // A FIFO whose name does not say .json is read like standard input.
  const items = LINES_FILE.test(name)
    ? jsonLines(chunks, ctx.maxBytes)
    : jsonDocument(chunks, ctx.maxBytes, { linesUnlessArray: !/\.json$/i.test(name) && !st.isFile() });
  yield* located(items, name, name);
}

async function* fileChunks(fd, signal) {
  try {
    for (;;) {
      if (signal.aborted) return;
      const chunk = Buffer.allocUnsafe(READ_SIZE);
      const { bytesRead } = await read(fd, chunk, 0, READ_SIZE, null);
      if (bytesRead === 0) return;
      yield bytesRead === READ_SIZE ? chunk : chunk.subarray(0, bytesRead);
    }
  } finally {
    fs.close(fd, () => {});
  }
}

/**
 * A FIFO opened without blocking: wait (polling, so that nothing blocks)
 * until a writer has opened it, then read it as a stream to its end.
 */
async function* fifoChunks(fd, name, ctx) {
  const deadline = Date.now() + ctx.fifoTimeout;
  const probe = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    if (ctx.signal.aborted) {
      fs.closeSync(fd);
      return;
    }
    let n;
    try {
      n = fs.readSync(fd, probe, 0, probe.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK') break; // a writer, with nothing written yet
      fs.closeSync(fd);
      throw e;
    }
    if (n > 0) {
      yield Buffer.from(probe.subarray(0, n));
      break;
    }
    // 0: no writer has opened it (yet).
    if (Date.now() >= deadline) {
      fs.closeSync(fd);
      const seconds = ctx.fifoTimeout / 1000;
      throw Object.assign(new Error(), {
        problem: { code: 'io_error', path: null, message: `${name} is a FIFO that no writer opened within ${seconds} s (see --fifo-timeout)` },
      });
    }
    await sleep(20, undefined, { signal: ctx.signal }).catch(() => {});
  }
  // The socket owns the descriptor from here on, and closes it.
  yield* streamChunks(new net.Socket({ fd, readable: true, writable: false }), ctx.signal);
}

/** The chunks of a readable stream, ending early when `signal` aborts. */
async function* streamChunks(stream, signal) {
  const onAbort = () => stream.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
