// Splits a stream of bytes into incident texts without holding more than one
// incident (at most `maxBytes`) and one read chunk in memory:
//
//   jsonLines     one incident per line (JSON Lines); blank lines are skipped
//   jsonDocument  one incident, or a JSON array of incidents, split item by
//                 item without parsing them (only strings and brackets are
//                 tracked, with counters, so nesting depth costs nothing);
//                 with `linesUnlessArray`, anything but an array is JSON Lines
//
// Each yields { text, at, line, index?, bytes } (text: the incident's bytes,
// as they are: decoding them, and finding that they are not UTF-8, is the
// worker's job) or { error, at, line, index?, bytes }, where `at` says how to name the place: 'line' (file:line),
// 'index' (file#/index) or 'file'. An item over `maxBytes` is skipped to its
// end and reported as limit_exceeded, as the engine would report it.

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

const isSpace = (c) => c === SPACE || c === NL || c === CR || c === TAB;

function problem(code, message) {
  return { code, path: '', message };
}

function tooLarge(bytes, maxBytes) {
  return problem('limit_exceeded', `the incident is ${bytes} bytes; the limit is ${maxBytes} bytes`);
}

/** An error thrown while reading, as an error record. */
function readProblem(e) {
  if (e?.problem) return e.problem;
  const why = /^[A-Z0-9]+: ([^,]+)/.exec(e?.message ?? '')?.[1] ?? e?.message ?? String(e);
  return { code: 'io_error', path: null, message: `reading failed: ${why}${e?.code ? ` (${e.code})` : ''}` };
}


/** One incident per line. */
export async function* jsonLines(chunks, maxBytes) {
  let line = 0;
  let parts = [];
  let size = 0;
  let over = false;

  const item = (bytes, n) => {
    let begin = 0;
    let end = bytes.length;
    if (n === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) begin = 3;
    if (end > begin && bytes[end - 1] === CR) end -= 1;
    let k = begin;
    while (k < end && isSpace(bytes[k])) k += 1;
    if (k === end) return null;
    const body = bytes.subarray(begin, end);
    return { text: body, at: 'line', line: n, bytes: body.length };
  };

  try {
    for await (const chunk of chunks) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(NL, start);
        if (nl === -1) {
          if (start < chunk.length) {
            size += chunk.length - start;
            if (over || size > maxBytes) {
              over = true;
              parts = [];
            } else {
              parts.push(chunk.subarray(start));
            }
          }
          break;
        }
        line += 1;
        size += nl - start;
        let found;
        if (over || size > maxBytes) {
          found = { error: tooLarge(size, maxBytes), at: 'line', line, bytes: size };
        } else {
          const piece = chunk.subarray(start, nl);
          found = item(parts.length === 0 ? piece : Buffer.concat([...parts, piece]), line);
        }
        parts = [];
        size = 0;
        over = false;
        start = nl + 1;
        if (found) yield found;
      }
    }
  } catch (e) {
    // Before the first line, the file is at fault; after it, the place it stopped.
    yield { error: readProblem(e), at: line === 0 && size === 0 ? 'file' : 'line', line: line + 1, bytes: 0 };
    return;
  }
  if (size > 0) {
    line += 1;
    const found = over ? { error: tooLarge(size, maxBytes), at: 'line', line, bytes: size } : item(Buffer.concat(parts), line);
    if (found) yield found;
  }
}

/** `head` (already read, BOM removed) and then the rest of `it`. */
async function* replay(head, it) {
  if (head.length > 0) yield head;
  for (;;) {
    const { value, done } = await it.next();
    if (done) return;
    yield value;
  }
}

/**
 * One incident (the whole input), or an array of incidents; with
 * `linesUnlessArray`, JSON Lines unless the input starts with `[`.
 */
export async function* jsonDocument(chunks, maxBytes, { linesUnlessArray = false } = {}) {
  const it = chunks[Symbol.asyncIterator]();
  // Read until the first byte that is not blank decides what this is.
  let head = Buffer.alloc(0);
  let first = -1;
  try {
    for (;;) {
      const { value, done } = await it.next();
      if (done) break;
      head = head.length === 0 ? value : Buffer.concat([head, value]);
      if (head.length < 3 && head[0] === 0xef) continue; // maybe a BOM, cut short
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
      let k = 0;
      while (k < head.length && isSpace(head[k])) k += 1;
      if (k < head.length) {
        first = head[k];
        break;
      }
    }
  } catch (e) {
    yield { error: readProblem(e), at: 'file', line: 1, bytes: 0 };
    return;
  }
  if (first === OPEN_ARRAY) {
    yield* arrayItems(replay(head, it), maxBytes);
  } else if (linesUnlessArray) {
    yield* jsonLines(replay(head, it), maxBytes);
  } else if (first === -1) {
    yield { error: problem('invalid_json', 'not valid JSON: there is nothing but blank space'), at: 'file', line: 1, bytes: head.length };
  } else {
    yield* wholeDocument(replay(head, it), maxBytes);
  }
}

async function* wholeDocument(chunks, maxBytes) {
  const parts = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > maxBytes) {
        yield { error: problem('limit_exceeded', `the incident is more than ${maxBytes} bytes; the limit is ${maxBytes} bytes`), at: 'file', line: 1, bytes: size };
        return;
      }
      parts.push(chunk);
    }
  } catch (e) {
    yield { error: readProblem(e), at: 'file', line: 1, bytes: size };
    return;
  }
  yield { text: Buffer.concat(parts), at: 'file', line: 1, bytes: size };
}

/** The items of a JSON array, each as its own text. */
async function* arrayItems(chunks, maxBytes) {
  let depth = 0; // 0: before '[' or after ']'; 1: between items; more: inside one
  let inString = false;
  let escaped = false;
  let closed = false;
  let index = 0;
  let line = 1;
  let itemLine = 0; // line the current item starts on; 0 while none has started
  let afterComma = false;
  let parts = [];
  let size = 0;
  let over = false;

  const at = (n) => ({ at: 'index', line: n, index });
  const finish = (piece) => {
    size += piece.length;
    let found;
    if (over || size > maxBytes) found = { error: tooLarge(size, maxBytes), ...at(itemLine), bytes: size };
    else found = { text: parts.length === 0 ? piece : Buffer.concat([...parts, piece]), ...at(itemLine), bytes: size };
    parts = [];
    size = 0;
    over = false;
    itemLine = 0;
    index += 1;
    return found;
  };
  const empty = (why) => {
    const found = { error: problem('invalid_json', `not valid JSON: ${why}`), ...at(line), bytes: 0 };
    index += 1;
    return found;
  };

  try {
    for await (const chunk of chunks) {
      let pieceStart = itemLine > 0 ? 0 : -1;
      const n = chunk.length;
      for (let i = 0; i < n; i++) {
        const c = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          else if (c === NL) line += 1;
          continue;
        }
        if (isSpace(c)) {
          if (c === NL) line += 1;
          continue;
        }
        if (closed) {
          yield { error: problem('invalid_json', 'not valid JSON: there is more after the array\'s closing bracket'), at: 'file', line, bytes: 0 };
          return;
        }
        if (depth === 0) {
          depth = 1; // the array's '[' (the caller saw it)
          continue;
        }
        if (depth === 1) {
          if (c === COMMA || c === CLOSE_ARRAY) {
            if (itemLine > 0) {
              yield finish(chunk.subarray(pieceStart, i));
              pieceStart = -1;
            } else if (c === COMMA || afterComma) {
              yield empty(c === COMMA ? 'an array item is missing before a comma' : 'an array item is missing after the last comma');
            }
            afterComma = c === COMMA;
            if (c === CLOSE_ARRAY) {
              closed = true;
              depth = 0;
            }
            continue;
          }
          if (itemLine === 0) {
            itemLine = line;
            pieceStart = i;
            afterComma = false;
          }
          if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
          else if (c === QUOTE) inString = true;
          continue;
        }
        if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
        else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth -= 1;
        else if (c === QUOTE) inString = true;
      }
      if (itemLine > 0) {
        // The item goes on in the next chunk.
        const piece = chunk.subarray(pieceStart);
        size += piece.length;
        if (over || size > maxBytes) {
          over = true;
          parts = [];
        } else {
          parts.push(piece);
        }
      }
    }
  } catch (e) {
    yield { error: readProblem(e), ...at(itemLine || line), bytes: size };
    return;
  }
  if (!closed) {
    const why = itemLine > 0 ? 'the input ends inside this array item' : 'the input ends before the array is closed';
    yield { error: problem('invalid_json', `not valid JSON: ${why}`), ...at(itemLine || line), bytes: size };
  }
}
