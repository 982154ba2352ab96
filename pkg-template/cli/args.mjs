// The command line: its help text, and the parsing of it into a command,
// operands and checked options. Every mistake is a UsageError (exit 2).

import { parseArgs } from 'node:util';
import batch from '../batch/entries.cjs';

export class UsageError extends Error {}

export const FORMATS = {
  evaluate: ['text', 'json', 'jsonl', 'sarif', 'junit'],
  validate: ['text', 'json', 'jsonl'],
  rules: ['text', 'json', 'jsonl'],
};

/** The format --output's extension implies, if it implies one. */
const BY_EXTENSION = { '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.sarif': 'sarif', '.xml': 'junit', '.txt': 'text' };

export function usage(cores = batch.availableCores()) {
  return `Usage:
  conduct-engine evaluate [options] <file|directory|->...
  conduct-engine validate [options] <file|directory|->...
  conduct-engine rules [options]
  conduct-engine --help | --version

Judges incidents against the code of conduct, on every core, and reports
each incident's findings in input order.

Commands:
  evaluate   judge every incident: its outcome and findings
  validate   check every incident against the incident model, judging none
  rules      print the rule catalogue

Inputs:
  file.json    one incident, or a JSON array of incidents
  file.jsonl   one incident per line (also .ndjson); blank lines are skipped
  directory    every .json, .jsonl and .ndjson file below it, in name order,
               following symbolic links (a link back to a directory being
               walked is reported, not followed); names starting with "."
               and node_modules are skipped
  -            standard input: a JSON array if it starts with "[", else
               JSON Lines
  A FIFO is read as a stream once a writer opens it. Devices and sockets are
  refused. Files are read as streams, one incident at a time, so size is no
  limit; one incident may be up to 1 MiB.

Options:
  -f, --format FORMAT   text, json, jsonl, sarif (SARIF 2.1.0) or junit (JUnit
                        XML); validate and rules: text, json or jsonl. Default:
                        implied by --output's extension (.json .jsonl .sarif
                        .xml), else text when standard output is a terminal,
                        else jsonl (rules: text)
  -o, --output FILE     write the results to FILE instead of standard output
  -l, --locale LOCALE   language of messages and rule texts: en (default), nl,
                        or one that --config adds
  -c, --config FILE     configuration overrides, a JSON object such as
                        {"minExplanationLength": 40}
  -p, --policy PATH     partner rules: a .rego file, or every .rego file below a
                        directory (not *_test.rego), in path order, loaded as
                        one bundle; texts for their messages from
                        messages/<locale>.json beside them. Repeatable
  -r, --rules ID,...    run only these built-in rules (partner rules always run)
      --fail-on LEVEL   violation (default), incomplete or never: the outcome
                        from which an incident sets exit status 1
  -j, --workers N       judge on N worker threads (default: the available
                        cores, here ${cores}); 0 judges in the main thread
      --progress        show progress on standard error even when it is not a
                        terminal (one line every 2 s)
  -q, --quiet           no progress, and no summary on standard error
      --fifo-timeout S  seconds to wait for a writer to open a FIFO operand
                        (default 10)
  -h, --help            this text
  -v, --version         the engine and rule-set versions

Output:
  Results come in input order, the same bytes whatever --workers. A bad input
  (a file that cannot be read, a line that is not JSON, an invalid or
  oversized incident) becomes an error record in its place, with its source,
  line or array index, a code and a JSON Pointer; the rest is still judged.
  The summary goes to standard output after text, else to standard error.
  Progress (incidents, incidents/s, ETA, errors) goes to standard error when
  it is a terminal.

Exit status:
  0    every input judged; no incident at or above --fail-on
  1    some incident at or above --fail-on (validate: some incident invalid)
  2    usage error: a bad option, or a --config, --policy or --output that
       cannot be used; nothing was judged
  3    some input could not be judged (see its error record), and none at
       or above --fail-on
  4    the output could not be written (a closed pipe, a full disk): the run
       stopped there, and none at or above --fail-on among what was judged
  130  interrupted by SIGINT (143: SIGTERM): reading stopped, what was read
       was judged and written, a summary says where it stopped, and the
       process ends by the same signal
  70   an internal error: a bug, please report it
  When several apply, the first of 2, 130/143, 1, 4, 3 wins.

Examples:
  conduct-engine evaluate incidents/
  conduct-engine evaluate --format sarif -o conduct.sarif year.jsonl
  cat cases.jsonl | conduct-engine evaluate --fail-on incomplete -
  conduct-engine rules --locale nl
`;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  locale: { type: 'string', short: 'l' },
  config: { type: 'string', short: 'c' },
  policy: { type: 'string', short: 'p', multiple: true },
  rules: { type: 'string', short: 'r', multiple: true },
  'fail-on': { type: 'string' },
  workers: { type: 'string', short: 'j' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'fifo-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

/** Options each command takes, beyond --help and --version. */
const ACCEPTS = {
  evaluate: Object.keys(OPTIONS),
  validate: ['format', 'output', 'locale', 'config', 'policy', 'workers', 'progress', 'quiet', 'fifo-timeout'],
  rules: ['format', 'output', 'locale', 'config', 'policy', 'rules'],
};

/**
 * { help } | { version } | { command, operands, format, output, locale,
 * config, policies, rules, failOn, workers, progress, quiet, fifoTimeout }
 */
export function parse(argv, { stdoutIsTTY = false } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { help: true };
  if (v.version) return { version: true };
  const [command, ...operands] = positionals;
  if (command === undefined) throw new UsageError('no command given (evaluate, validate or rules)');
  if (!FORMATS[command]) throw new UsageError(`unknown command "${command}" (evaluate, validate or rules)`);
  for (const key of Object.keys(v)) {
    if (!ACCEPTS[command].includes(key)) throw new UsageError(`${command} takes no --${key}`);
  }
  if (command === 'rules' && operands.length > 0) throw new UsageError(`rules takes no operands, got "${operands[0]}"`);
  if (command !== 'rules' && operands.length === 0) throw new UsageError(`${command} needs at least one file, directory or -`);

  const fromExtension = v.output === undefined ? undefined : BY_EXTENSION[/\.[^./\\]+$/.exec(v.output)?.[0]?.toLowerCase()];
  const format = v.format ?? (fromExtension && FORMATS[command].includes(fromExtension) ? fromExtension : stdoutIsTTY || command === 'rules' ? 'text' : 'jsonl');
  if (!FORMATS[command].includes(format)) {
    throw new UsageError(`${command} --format must be ${FORMATS[command].join(', ')}; not "${format}"`);
  }
  const failOn = v['fail-on'] ?? 'violation';
  if (!['violation', 'incomplete', 'never'].includes(failOn)) {
    throw new UsageError(`--fail-on must be violation, incomplete or never; not "${failOn}"`);
  }
  let workers = batch.availableCores();
  if (v.workers !== undefined) {
    if (!/^\d{1,3}$/.test(v.workers) || Number(v.workers) > 256) throw new UsageError(`--workers must be a whole number from 0 to 256; not "${v.workers}"`);
    workers = Number(v.workers);
  }
  let fifoTimeout = 10_000;
  if (v['fifo-timeout'] !== undefined) {
    const s = Number(v['fifo-timeout']);
    if (!/^\d+(\.\d+)?$/.test(v['fifo-timeout']) || !(s <= 86_400)) throw new UsageError(`--fifo-timeout must be a number of seconds; not "${v['fifo-timeout']}"`);
    fifoTimeout = s * 1000;
  }
  const rules = v.rules?.flatMap((list) => list.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  if (v.rules !== undefined && rules.length === 0) throw new UsageError('--rules needs at least one rule id, such as B12');
  if (v.locale !== undefined && v.locale.trim() === '') throw new UsageError('--locale needs a locale, such as nl');
  if (v.progress && v.quiet) throw new UsageError('--progress and --quiet contradict each other');
  return {
    command,
    operands,
    format,
    output: v.output,
    locale: v.locale,
    config: v.config,
    policies: v.policy ?? [],
    rules,
    failOn,
    workers,
    progress: v.progress ?? false,
    quiet: v.quiet ?? false,
    fifoTimeout,
  };
}
