// --policy FILE|DIR: partner rules as one bundle for `addPolicies`.
//
//   - a directory gives every .rego file below it (names starting with "."
//     and node_modules skipped), but not the *_test.rego files, in path order;
//   - a file gives itself;
//   - the texts of their messages come from messages/<locale>.json beside
//     them: in the directory, or beside the file. Each is a JSON object of
//     message keys and texts; a later file's text wins for the same key.
//
// Paths in the bundle are the ones shown to the user (relative to the
// current directory when given so), which the engine's errors point at.

import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './args.mjs';

const REGO = /\.rego$/;
const TEST = /_test\.rego$/;

function bundlePath(p) {
  return p.split(path.sep).join('/');
}

function walk(dir, seen) {
  const st = fs.statSync(dir);
  const key = `${st.dev}:${st.ino}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const found = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const child = path.join(dir, name);
    const cst = fs.statSync(child, { throwIfNoEntry: false });
    if (!cst) continue;
    if (cst.isDirectory()) found.push(...walk(child, seen));
    else if (cst.isFile() && REGO.test(name) && !TEST.test(name)) found.push(child);
  }
  seen.delete(key);
  return found;
}

function readMessages(dir, messages) {
  const folder = path.join(dir, 'messages');
  let names;
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(folder, name);
    let texts;
    try {
      texts = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new UsageError(`--policy: cannot read ${file}: ${e.message}`);
    }
    if (texts === null || typeof texts !== 'object' || Array.isArray(texts)) {
      throw new UsageError(`--policy: ${file} must be a JSON object of message keys and texts`);
    }
    const locale = name.slice(0, -'.json'.length);
    messages[locale] = { ...(messages[locale] ?? {}), ...texts };
  }
}

/** The bundle of every --policy operand: { files: [{ path, source }], messages? }. */
export function readPolicies(operands) {
  const files = [];
  const messages = {};
  for (const operand of operands) {
    let st;
    try {
      st = fs.statSync(operand);
    } catch (e) {
      throw new UsageError(`--policy: cannot read ${operand}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
    }
    let found;
    try {
      found = st.isDirectory() ? walk(operand, new Set()) : [operand];
    } catch (e) {
      throw new UsageError(`--policy: cannot read ${operand}: ${e.message}`);
    }
    if (found.length === 0) throw new UsageError(`--policy: no .rego file in ${operand}`);
    for (const file of found) {
      try {
        files.push({ path: bundlePath(file), source: fs.readFileSync(file, 'utf8') });
      } catch (e) {
        throw new UsageError(`--policy: cannot read ${file}: ${e.message}`);
      }
    }
    readMessages(st.isDirectory() ? operand : path.dirname(operand), messages);
  }
  const bundle = { files };
  if (Object.keys(messages).length > 0) bundle.messages = messages;
  return bundle;
}
