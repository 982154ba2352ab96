#!/usr/bin/env node
// conduct-engine: judge incident files against the code of conduct from the
// command line. See `conduct-engine --help`.

import { createReadStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConductEngine, version } from '../node/index.mjs';

const USAGE = `Usage:
  conduct-engine evaluate [options] <file|directory|->...
  conduct-engine rules [--format text|json|jsonl]
  conduct-engine --version | --help

evaluate judges every incident it is given:
  *.json    one incident, or an array of incidents
  *.jsonl   one incident per line (blank lines are skipped)
  <dir>     every .json and .jsonl file below it, in path order
  -         standard input, read as JSON Lines

Options:
  --format text|json|jsonl      output (default: text)
  --config <file>               configuration overrides, a JSON object such as
                                {"minExplanationLength": 40}
  --fail-on violation|incomplete
                                lowest outcome that sets exit code 1 (default: violation)
  -h, --help                    this text
  -v, --version                 the engine and rule-set versions

Exit codes:
  0  no incident reached --fail-on's outcome
  1  some incident did (and every input could be read and judged)
  2  usage error, or an unreadable file, malformed JSON or invalid incident
     (reported with its error code and JSON Pointer; the other incidents are
     still judged)
`;

const OUTCOMES = ['violation', 'incomplete', 'compliant', 'not_applicable'];
const RANK = { not_applicable: 0, compliant: 1, incomplete: 2, violation: 3 };

class UsageError extends Error {}

// ------------------------------------------------------------------ output

/** Buffered stdout that respects back-pressure (millions of JSONL records). */
const out = {
  chunks: [],
  size: 0,
  write(text) {
    this.chunks.push(text);
    this.size += text.length;
  },
  async flush(force = false) {
    if (this.size === 0 || (!force && this.size < 1 << 16)) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  },
};

process.stdout.on('error', (e) => {
  // `conduct-engine evaluate big.jsonl | head` closes the pipe early: stop quietly.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// ------------------------------------------------------------------ inputs

/** Files named on the command line, directories expanded, in a stable order. */
async function* sources(operands) {
  for (const operand of operands) {
    if (operand === '-') {
      yield { kind: 'jsonl', name: '<stdin>', stdin: true };
      continue;
    }
    let stat;
    try {
      stat = await fs.stat(operand);
    } catch (e) {
      yield { kind: 'missing', name: operand, error: e };
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of await walk(operand)) yield { kind: kindOf(file), name: file };
    } else {
      yield { kind: kindOf(operand), name: operand };
    }
  }
}

function kindOf(file) {
  return file.endsWith('.jsonl') ? 'jsonl' : 'json';
}

async function walk(dir) {
  const found = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(full)));
    else if (entry.isFile() && /\.jsonl?$/.test(entry.name)) found.push(full);
  }
  return found.sort();
}

/**
 * Every incident in one source as `{ source, text }` (JSON text to judge) or
 * `{ source, error }` (a problem that keeps it from being judged).
 */
async function* incidents(src) {
  if (src.kind === 'missing') {
    yield { source: src.name, error: ioError(src.error) };
    return;
  }
  if (src.kind === 'jsonl') {
    let stream;
    try {
      stream = src.stdin ? process.stdin : createReadStream(src.name, { encoding: 'utf8' });
      if (src.stdin) process.stdin.setEncoding('utf8');
      let line = 0;
      for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
        line += 1;
        const body = line === 1 ? stripBom(text) : text;
        if (body.trim() === '') continue;
        yield { source: `${src.name}:${line}`, text: body };
      }
    } catch (e) {
      yield { source: src.name, error: ioError(e) };
    }
    return;
  }
  let text;
  try {
    text = stripBom(await fs.readFile(src.name, 'utf8'));
  } catch (e) {
    yield { source: src.name, error: ioError(e) };
    return;
  }
  if (!text.trimStart().startsWith('[')) {
    // One incident: the engine parses it and reports malformed JSON itself.
    yield { source: src.name, text };
    return;
  }
  let items;
  try {
    items = JSON.parse(text);
  } catch (e) {
    yield { source: src.name, error: { code: 'invalid_json', path: '', message: `not valid JSON: ${e.message}`, problems: [] } };
    return;
  }
  for (let i = 0; i < items.length; i++) {
    yield { source: `${src.name}#/${i}`, text: JSON.stringify(items[i]) ?? 'null' };
  }
}

function stripBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file that cannot be read, in the shape of the engine's errors. */
function ioError(e) {
  return { code: 'io_error', path: null, message: e.message, problems: [] };
}

/** A thrown ConductError as plain data. */
function errorData(e) {
  if (e && e.name === 'ConductError') {
    return { code: e.code, path: e.path ?? null, message: e.message, problems: e.problems ?? [] };
  }
  throw e; // a bug, not an input problem: let it surface
}

// ------------------------------------------------------------------ formats

function describeError(error) {
  const where = error.path === null || error.path === undefined ? '' : ` at ${error.path === '' ? '(whole input)' : error.path}`;
  return `${error.code}${where}: ${error.message}`;
}

const text = {
  result({ source, verdict, error }) {
    if (error) {
      out.write(`ERROR  ${source}\n  ${describeError(error)}\n`);
      for (const p of error.problems.slice(1)) out.write(`  ${describeError(p)}\n`);
      return;
    }
    out.write(`${verdict.incident ?? '(no id)'}  ${verdict.outcome}  ${source}\n`);
    for (const f of verdict.findings) {
      if (f.status === 'not_applicable') continue;
      out.write(`  ${f.rule}  ${f.status}  ${f.subject === '' ? '(incident)' : f.subject}  ${f.message}\n`);
      for (const m of f.missing ?? []) out.write(`      ${m.element.padEnd(10)}  ${m.path}  ${m.message}\n`);
    }
  },
  end(summary) {
    out.write(`\n${summaryLine(summary)}\n`);
  },
};

const jsonl = {
  result(r) {
    out.write(JSON.stringify(r) + '\n');
  },
  end(summary) {
    process.stderr.write(summaryLine(summary) + '\n');
  },
};

function json(ruleset) {
  const results = [];
  return {
    result(r) {
      results.push(r);
    },
    end(summary) {
      out.write(JSON.stringify({ ruleset, summary, results }, null, 2) + '\n');
    },
  };
}

function summaryLine(s) {
  const parts = OUTCOMES.map((o) => `${s[o]} ${o}`);
  parts.push(`${s.errors} error${s.errors === 1 ? '' : 's'}`);
  return `${s.incidents} incident${s.incidents === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

// ------------------------------------------------------------------ commands

async function readConfig(file) {
  let textValue;
  try {
    textValue = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config ${file}: ${e.message}`);
  }
  try {
    return JSON.parse(stripBom(textValue));
  } catch (e) {
    throw new UsageError(`invalid_config: ${file} is not valid JSON: ${e.message}`);
  }
}

function makeEngine(config) {
  try {
    return new ConductEngine(config === undefined ? undefined : { config });
  } catch (e) {
    // The engine points into its options ({ config }); point into the file.
    const inFile = (p) => ({ ...p, path: typeof p.path === 'string' ? p.path.replace(/^\/config(?=\/|$)/, '') : p.path });
    const error = inFile(errorData(e));
    const lines = [describeError(error), ...error.problems.slice(1).map(inFile).map(describeError)];
    throw new UsageError(`--config: ${lines.join('\n  ')}`);
  }
}

async function evaluate(values, operands) {
  if (operands.length === 0) throw new UsageError('evaluate needs at least one file or directory');
  const failOn = values['fail-on'] ?? 'violation';
  if (!['violation', 'incomplete'].includes(failOn)) throw new UsageError(`--fail-on must be violation or incomplete, not "${failOn}"`);
  const config = values.config === undefined ? undefined : await readConfig(values.config);
  const engine = makeEngine(config);
  const format = values.format ?? 'text';
  const sink = format === 'json' ? json(engine.ruleset) : format === 'jsonl' ? jsonl : text;

  const summary = { incidents: 0, violation: 0, incomplete: 0, compliant: 0, not_applicable: 0, errors: 0 };
  let failed = false;
  for await (const src of sources(operands)) {
    for await (const item of incidents(src)) {
      summary.incidents += 1;
      let result;
      if (item.error) {
        result = { source: item.source, error: item.error };
      } else {
        try {
          result = { source: item.source, verdict: JSON.parse(engine.evaluateJson(item.text)) };
        } catch (e) {
          result = { source: item.source, error: errorData(e) };
        }
      }
      if (result.error) {
        summary.errors += 1;
      } else {
        summary[result.verdict.outcome] += 1;
        if (RANK[result.verdict.outcome] >= RANK[failOn]) failed = true;
      }
      sink.result(result);
      await out.flush();
    }
  }
  sink.end(summary);
  await out.flush(true);
  engine.free();
  return summary.errors > 0 ? 2 : failed ? 1 : 0;
}

async function rules(values, operands) {
  if (operands.length > 0) throw new UsageError(`rules takes no operands, got "${operands[0]}"`);
  const engine = makeEngine(values.config === undefined ? undefined : await readConfig(values.config));
  const catalogue = engine.rules();
  const format = values.format ?? 'text';
  if (format === 'json') {
    out.write(JSON.stringify(catalogue, null, 2) + '\n');
  } else if (format === 'jsonl') {
    for (const r of catalogue) out.write(JSON.stringify(r) + '\n');
  } else {
    const { name, version: v, digest } = engine.ruleset;
    out.write(`${name} ${v} (${digest})\n\n`);
    for (const r of catalogue) {
      out.write(`${r.id.padEnd(4)} ${r.severity.padEnd(8)} ${r.kind.padEnd(9)} ${r.title}\n`);
      if (r.inputs.length > 0) out.write(`     reads ${r.inputs.join(', ')}\n`);
    }
  }
  await out.flush(true);
  return 0;
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        config: { type: 'string' },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    const v = version();
    process.stdout.write(`conduct-engine ${v.engine} (rule set ${v.name} ${v.version}, ${v.digest})\n`);
    return 0;
  }
  if (values.format !== undefined && !['text', 'json', 'jsonl'].includes(values.format)) {
    throw new UsageError(`--format must be text, json or jsonl, not "${values.format}"`);
  }
  const [command, ...operands] = positionals;
  switch (command) {
    case 'evaluate':
      return evaluate(values, operands);
    case 'rules':
      return rules(values, operands);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`conduct-engine: ${e.message}\nRun "conduct-engine --help" for usage.\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`conduct-engine: internal error: ${e?.stack ?? e}\n`);
      process.exitCode = 70;
    }
  },
);
