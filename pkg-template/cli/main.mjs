// The `conduct-engine` command: evaluate, validate and rules. Returns
// { code } or, after an interruption, { signal } for the caller to re-raise.
//
// evaluate and validate are built on evaluateMany / validateMany
// (../batch/): sources.mjs turns the operands into a stream of entries,
// the batch judges them on worker threads and hands the results back in
// input order, and a format (formats.mjs) writes each one as it comes.

import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateMany, validateMany } from '../batch/index.mjs';
import { ConductEngine, version } from '../node/index.mjs';
import { parse, usage, UsageError } from './args.mjs';
import { createFormat, fails, summaryLine } from './formats.mjs';
import { Output } from './output.mjs';
import { readPolicies } from './policy.mjs';
import { Progress } from './progress.mjs';
import { INPUT_FILE, sources, totalBytes } from './sources.mjs';

/** Largest incident read: the engine's default maxInputBytes (1 MiB). */
const MAX_BYTES = 1 << 20;

/** Error records about reading, not about an incident's text: for validate, exit 3 rather than 1. */
const UNREAD = new Set(['io_error', 'not_a_file', 'directory_loop', 'internal_error']);

/** Writes to a standard stream and waits until it has taken the text; never throws. */
function say(stream, text) {
  return new Promise((resolve) => {
    try {
      stream.write(text, () => resolve());
    } catch {
      resolve();
    }
  });
}

export async function main(argv) {
  // A closed standard error (2>&1 | head) must not turn into a crash.
  process.stderr.on('error', () => {});
  try {
    const args = parse(argv, { stdoutIsTTY: process.stdout.isTTY === true });
    if (args.help || args.version) {
      process.stdout.on('error', () => {});
      const v = version();
      await say(process.stdout, args.help ? usage() : `conduct-engine ${v.engine} (rule set ${v.name} ${v.version}, ${v.digest})\n`);
      return { code: 0 };
    }
    return args.command === 'rules' ? await rules(args) : await batch(args);
  } catch (e) {
    if (e instanceof UsageError) {
      await say(process.stderr, `conduct-engine: ${e.message}\nRun "conduct-engine --help" for usage.\n`);
      return { code: 2 };
    }
    await say(process.stderr, `conduct-engine: internal error (please report it): ${e?.stack ?? e}\n`);
    return { code: 70 };
  }
}

// ---------------------------------------------------------------- set-up

function readConfig(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  let config;
  try {
    config = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`invalid_config: --config ${file} is not valid JSON: ${e.message}`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new UsageError(`invalid_config: --config ${file} must hold a JSON object`);
  }
  return config;
}

async function partnerEngine() {
  try {
    const mod = await import('conduct-engine/rego');
    return (mod.ConductEngine ? mod : mod.default).ConductEngine;
  } catch (e) {
    if (e?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || e?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError('--policy needs the conduct-engine/rego entry, which this build of the package does not have');
    }
    throw e;
  }
}

function describeProblem(p) {
  return `${p.code}${p.path === null || p.path === undefined ? '' : ` at ${p.path === '' ? '(whole input)' : p.path}`}: ${p.message}`;
}

/** An engine as the options describe it, or a UsageError that says what is wrong and where. */
function buildEngine(Engine, { config, locale, policies, configFile }) {
  const options = {};
  if (config !== undefined) options.config = config;
  if (locale !== undefined) options.locale = locale;
  let engine;
  try {
    engine = new Engine(options);
  } catch (e) {
    if (e?.name !== 'ConductError') throw e;
    const problems = e.problems?.length ? e.problems : [{ code: e.code, path: e.path, message: e.message }];
    const lines = problems.map((p) => {
      if (typeof p.path === 'string' && /^\/config(\/|$)/.test(p.path)) return `--config ${configFile}: ${describeProblem({ ...p, path: p.path.replace(/^\/config/, '') })}`;
      if (typeof p.path === 'string' && p.path.startsWith('/locale')) return `--locale: ${p.message}`;
      return describeProblem(p);
    });
    throw new UsageError(lines.join('\n  '));
  }
  let partnerIds = [];
  if (policies !== undefined) {
    try {
      partnerIds = engine.addPolicies(policies);
    } catch (e) {
      engine.free?.();
      if (e?.name !== 'ConductError') throw e;
      const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
      throw new UsageError(`--policy: ${where}${e.code}: ${e.message}`);
    }
  }
  return { engine, partnerIds };
}

/**
 * The engine the options describe, its configuration (with --rules applied)
 * and the partner bundle: everything checked here, so that a mistake is a
 * usage error before anything is read.
 */
async function setUp(args, { selectRules }) {
  const configFile = args.config;
  let config = configFile === undefined ? undefined : readConfig(configFile);
  const policies = args.policies.length > 0 ? readPolicies(args.policies) : undefined;
  const Engine = policies ? await partnerEngine() : ConductEngine;
  const spec = { config, locale: args.locale, policies, configFile };
  let { engine, partnerIds } = buildEngine(Engine, spec);
  if (args.rules) {
    const known = new Set(engine.rules().map((r) => r.id));
    const unknown = args.rules.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      engine.free();
      throw new UsageError(`--rules: no rule ${unknown.map((id) => `"${id}"`).join(', ')} in the catalogue (conduct-engine rules lists them)`);
    }
    if (selectRules) {
      // Built-in rules not chosen are switched off (not run at all); the
      // partner rules given with --policy always run.
      const chosen = new Set(args.rules);
      const settings = { ...(config?.rules ?? {}) };
      for (const rule of engine.rules()) {
        if (partnerIds.includes(rule.id)) continue;
        settings[rule.id] = { ...(settings[rule.id] ?? {}), enabled: chosen.has(rule.id) };
      }
      config = { ...(config ?? {}), rules: settings };
      engine.free();
      ({ engine } = buildEngine(Engine, { ...spec, config }));
    }
  }
  return { engine, config, policies };
}

/** Standard output, or --output FILE opened (and so checked) before anything is read. */
async function openOutput(args, hooks) {
  if (args.output === undefined) {
    return new Output(process.stdout, { ...hooks, eager: process.stdout.isTTY === true });
  }
  const target = path.resolve(args.output);
  for (const operand of args.operands ?? []) {
    if (operand === '-') continue;
    const source = path.resolve(operand);
    if (target === source || (target.startsWith(source + path.sep) && INPUT_FILE.test(target))) {
      throw new UsageError(`--output ${args.output} would be read as an input (${operand}): write it elsewhere`);
    }
  }
  const stream = fs.createWriteStream(args.output);
  try {
    await once(stream, 'open');
  } catch (e) {
    throw new UsageError(`cannot write --output ${args.output}: ${/^[A-Z]+: ([^,]+)/.exec(e.message)?.[1] ?? e.message}`);
  }
  return new Output(stream, hooks);
}

function lostMessage(args, e) {
  const why = /^[A-Z]+: ([^,]+)/.exec(e?.message ?? '')?.[1] ?? e?.message;
  return `cannot write ${args.output ?? 'to standard output'}: ${why}${e?.code ? ` (${e.code})` : ''}`;
}

// ---------------------------------------------------------------- rules

async function rules(args) {
  const { engine } = await setUp(args, { selectRules: false });
  let catalogue = engine.rules();
  const { name, version: v, digest } = engine.ruleset;
  engine.free();
  if (args.rules) catalogue = catalogue.filter((r) => args.rules.includes(r.id));
  const out = await openOutput(args, {});
  if (args.format === 'json') {
    out.write(JSON.stringify(catalogue, null, 2) + '\n');
  } else if (args.format === 'jsonl') {
    for (const r of catalogue) out.write(JSON.stringify(r) + '\n');
  } else {
    out.write(`${name} ${v} (${digest})\n\n`);
    for (const r of catalogue) {
      out.write(`${r.id.padEnd(4)} ${r.severity.padEnd(8)} ${r.kind.padEnd(9)} ${r.title}\n`);
      if (r.inputs.length > 0) out.write(`     reads ${r.inputs.join(', ')}\n`);
    }
  }
  await out.end({ close: args.output !== undefined });
  if (out.lost) {
    if (out.lost.code !== 'EPIPE') await say(process.stderr, `conduct-engine: ${lostMessage(args, out.lost)}\n`);
    return { code: 4 };
  }
  return { code: 0 };
}

// ---------------------------------------------------------------- evaluate, validate

async function batch(args) {
  const validating = args.command === 'validate';
  const { engine, config, policies } = await setUp(args, { selectRules: true });
  const catalogue = engine.rules();
  const ruleset = engine.ruleset;
  engine.free();

  const controller = new AbortController();
  const state = { signal: null, lost: null };
  const stderrTTY = process.stderr.isTTY === true;
  const showProgress = !args.quiet && (args.progress || stderrTTY);
  let progress = null;
  const out = await openOutput(args, {
    onLost: (e) => {
      state.lost = e;
      controller.abort();
    },
    beforeWrite: args.output === undefined && process.stdout.isTTY ? () => progress?.clear() : null,
  });

  // The first SIGINT or SIGTERM stops reading; what was read is judged and
  // written, with a summary. A second one ends the process at once.
  const onSignal = (signal) => {
    if (state.signal) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
      return;
    }
    state.signal = signal;
    controller.abort();
    if (progress) progress.note = ` · stopping (${signal})`;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (showProgress) {
    progress = new Progress(process.stderr, {
      tty: stderrTTY,
      total: totalBytes(args.operands, controller.signal),
      verb: validating ? 'checked' : 'judged',
    });
  }
  const format = createFormat(args.format, {
    out,
    command: args.command,
    catalogue,
    ruleset,
    version: version().engine,
    failOn: args.failOn,
    cwd: process.cwd(),
  });
  const input = sources(args.operands, {
    signal: controller.signal,
    maxBytes: MAX_BYTES,
    fifoTimeout: args.fifoTimeout,
  });
  const options = { workers: args.workers, verdicts: format.verdicts, signal: controller.signal };
  if (config !== undefined) options.config = config;
  if (args.locale !== undefined) options.locale = args.locale;
  if (policies !== undefined) options.policies = policies;
  const results = (validating ? validateMany : evaluateMany)(input, options);

  const summary = validating
    ? { incidents: 0, valid: 0, invalid: 0, errors: 0 }
    : { incidents: 0, violation: 0, incomplete: 0, compliant: 0, not_applicable: 0, errors: 0 };
  let failed = false;
  let unjudged = 0;
  let bytes = 0;
  let last = null;
  format.begin();
  for await (const r of results) {
    summary.incidents += 1;
    if (r.error) {
      summary.errors += 1;
      if (validating && !UNREAD.has(r.error.code)) failed = true;
      else unjudged += 1;
    } else if (validating) {
      if (r.valid) summary.valid += 1;
      else {
        summary.invalid += 1;
        failed = true;
      }
    } else {
      summary[r.outcome] += 1;
      if (fails(r.outcome, args.failOn)) failed = true;
    }
    bytes += r.source.bytes;
    last = r.source;
    format.result(r);
    if (progress) progress.update(summary.incidents, summary.errors, bytes);
    if (out.blocked) await out.ready();
    if (state.lost) break;
  }
  progress?.stop();

  const stopped = state.signal ? { signal: state.signal, after: last?.name ?? null } : null;
  if (stopped) summary.stopped = stopped;
  const code = () => (state.signal ? 128 + os.constants.signals[state.signal] : failed ? 1 : state.lost ? 4 : unjudged > 0 ? 3 : 0);
  if (!state.lost) {
    await format.end({ summary, exitCode: code(), stopped });
    await out.end({ close: args.output !== undefined });
    if (out.lost) state.lost = out.lost;
  }

  const notes = [];
  if (state.lost && state.lost.code !== 'EPIPE') {
    notes.push(`${lostMessage(args, state.lost)}; stopped after ${summary.incidents} incidents${last ? ` (the last: ${last.name})` : ''}`);
  }
  if (stopped) {
    notes.push(`stopped by ${stopped.signal}: ${summary.incidents} incidents judged and written${last ? `, the last ${last.name}` : ''}; nothing after it was read`);
  }
  const summaryShown = args.format === 'text' && args.output === undefined;
  if (!args.quiet && !summaryShown && !(state.lost?.code === 'EPIPE')) notes.push(summaryLine(args.command, summary));
  if (notes.length > 0) await say(process.stderr, notes.map((n) => `conduct-engine: ${n}\n`).join(''));

  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  return state.signal ? { signal: state.signal } : { code: code() };
}

