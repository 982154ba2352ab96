// Output formats of `evaluate` and `validate`. Each one gets the results in
// input order ({ index, source, outcome, verdict } or { index, source, error },
// for validate { index, source, valid, problems }) and writes as it goes:
//
//   verdicts       'bytes' (the verdict's JSON, copied through) or 'object'
//   begin()        what comes before the first result
//   result(r)      one result
//   end(info)      { summary, exitCode, stopped }: what closes the document
//                  (async: a format may copy what it held back)
//
// `source` is the place of the incident: { name, file, line?, index? }.
// Nothing here depends on time or on the number of workers, so the bytes are
// the same for any --workers.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Spool } from './output.mjs';

export const OUTCOMES = ['violation', 'incomplete', 'compliant', 'not_applicable'];
const RANK = { not_applicable: 0, compliant: 1, incomplete: 2, violation: 3 };
const FAIL_RANK = { violation: 3, incomplete: 2, never: Infinity };

/** Whether an outcome reaches --fail-on. */
export function fails(outcome, failOn) {
  return RANK[outcome] >= FAIL_RANK[failOn];
}

export function summaryLine(command, s) {
  const parts = command === 'validate' ? [`${s.valid} valid`, `${s.invalid} invalid`] : OUTCOMES.map((o) => `${s[o]} ${o}`);
  parts.push(`${s.errors} error${s.errors === 1 ? '' : 's'}`);
  return `${s.incidents} incident${s.incidents === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function describeError(error) {
  const at = error.path === null || error.path === undefined ? '' : ` at ${error.path === '' ? '(whole input)' : error.path}`;
  return `${error.code}${at}: ${error.message}`;
}

const q = JSON.stringify;

/** The start of a JSON record for a result: its place. */
function placeFields(source) {
  let text = `{"source":${q(source.name)},"file":${q(source.file)}`;
  if (source.line !== undefined) text += `,"line":${source.line}`;
  if (source.index !== undefined) text += `,"index":${source.index}`;
  return text;
}

function errorJson(error) {
  const e = { code: error.code, path: error.path ?? null, message: error.message, problems: error.problems ?? [] };
  if (error.location) e.location = error.location;
  return q(e);
}

/**
 * Writes one result as a JSON record (one line, no newline); a verdict's
 * bytes (verdicts: 'bytes') are written as they are.
 */
function writeRecord(out, r, before = '') {
  const head = before + placeFields(r.source);
  if (r.error) out.write(`${head},"error":${errorJson(r.error)}}`);
  else if (r.problems) out.write(`${head},"valid":${r.valid},"problems":${q(r.problems)}}`);
  else if (typeof r.verdict === 'string') out.write(`${head},"verdict":${r.verdict}}`);
  else if (r.verdict instanceof Uint8Array) {
    out.write(`${head},"verdict":`);
    out.write(r.verdict);
    out.write('}');
  } else out.write(`${head},"verdict":${q(r.verdict)}}`);
}

export function createFormat(name, ctx) {
  const make = { text, json, jsonl, sarif, junit }[name];
  return make(ctx);
}

// ---------------------------------------------------------------- text

function text({ out, command }) {
  return {
    verdicts: 'object',
    begin() {},
    result(r) {
      const where = r.source.name;
      if (r.error) {
        out.write(`ERROR  ${where}\n  ${describeError(r.error)}\n`);
        for (const p of (r.error.problems ?? []).slice(1)) out.write(`  ${describeError(p)}\n`);
        return;
      }
      if (command === 'validate') {
        out.write(`${r.valid ? 'valid  ' : 'INVALID'}  ${where}\n`);
        for (const p of r.problems) out.write(`  ${describeError(p)}\n`);
        return;
      }
      const v = r.verdict;
      out.write(`${v.incident ?? '(no id)'}  ${v.outcome}  ${where}\n`);
      for (const f of v.findings) {
        if (f.status === 'not_applicable') continue;
        out.write(`  ${f.rule}  ${f.status}  ${f.subject === '' ? '(incident)' : f.subject}  ${f.message}\n`);
        for (const m of f.missing ?? []) out.write(`      ${m.element.padEnd(10)}  ${m.path}  ${m.message}\n`);
      }
    },
    end({ summary }) {
      out.write(`\n${summaryLine(command, summary)}\n`);
    },
  };
}

// ---------------------------------------------------------------- jsonl

function jsonl({ out }) {
  return {
    verdicts: 'bytes',
    begin() {},
    result(r) {
      writeRecord(out, r);
      out.write('\n');
    },
    end() {},
  };
}

// ---------------------------------------------------------------- json

/** One document, one result per line: { ruleset, results, summary }. */
function json({ out, ruleset }) {
  let first = true;
  return {
    verdicts: 'bytes',
    begin() {
      out.write(`{\n${ruleset ? `"ruleset": ${q(ruleset)},\n` : ''}"results": [`);
    },
    result(r) {
      writeRecord(out, r, first ? '\n' : ',\n');
      first = false;
    },
    end({ summary }) {
      out.write(`${first ? '' : '\n'}],\n"summary": ${q(summary)}\n}\n`);
    },
  };
}

// ---------------------------------------------------------------- sarif

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A relative path as a URI reference, an absolute one as a file URL. */
function artifact(file, cwd) {
  if (file === '-') return { description: { text: 'standard input' } };
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const uri = file.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/');
  return cwd ? { uri, uriBaseId: 'SRCROOT' } : { uri };
}

/** The JSON Pointer of `pointer` (inside one incident) in the file that holds it. */
function inFile(source, pointer) {
  return source.index === undefined ? pointer : `/${source.index}${pointer}`;
}

function location(source, pointer, kind, cwd) {
  const loc = {
    physicalLocation: {
      artifactLocation: artifact(source.file, cwd),
      region: { startLine: source.line ?? 1 },
    },
  };
  if (pointer !== null && pointer !== undefined) {
    const fq = inFile(source, pointer);
    loc.logicalLocations = [{ name: fq === '' ? '(incident)' : fq, fullyQualifiedName: fq, kind }];
  }
  return loc;
}

function pascal(slug) {
  return slug.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** SARIF 2.1.0: a result per violation or incomplete finding; errors as notifications. */
function sarif({ out, catalogue, version, ruleset, cwd }) {
  const rules = catalogue.filter((r) => r.enabled);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const notes = new Spool();
  let firstResult = true;
  let firstNote = true;
  const add = (result) => {
    out.write((firstResult ? '\n' : ',\n') + q(result));
    firstResult = false;
  };
  return {
    verdicts: 'object',
    begin() {
      const driver = {
        name: 'conduct-engine',
        version,
        semanticVersion: version,
        rules: rules.map((r) => ({
          id: r.id,
          name: pascal(r.slug ?? r.id),
          shortDescription: { text: r.title },
          fullDescription: { text: r.explanation },
          help: { text: `Clause ${r.clause} (${r.severity}): ${r.title}. ${r.explanation}` },
          defaultConfiguration: { level: 'error' },
          properties: { clause: r.clause, severity: r.severity, section: r.section, kind: r.kind, inputs: r.inputs, tags: ['code-of-conduct', r.section, r.severity] },
        })),
      };
      const base = cwd ? `,"originalUriBaseIds":${q({ SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } })}` : '';
      out.write(
        `{"$schema":${q(SARIF_SCHEMA)},"version":"2.1.0","runs":[{"tool":${q({ driver })}${base},` +
          `"columnKind":"unicodeCodePoints","properties":{"ruleset":${q(ruleset)}},"results":[`,
      );
    },
    result(r) {
      const source = r.source;
      if (r.error) {
        const e = r.error;
        const note = {
          level: 'error',
          message: { text: `${source.name}: ${e.code}: ${e.message}` },
          descriptor: { id: e.code },
          locations: [location(source, e.path, 'object', cwd)],
          properties: { source: source.name, code: e.code, path: e.path ?? null, problems: e.problems ?? [] },
        };
        notes.append((firstNote ? '\n' : ',\n') + q(note));
        firstNote = false;
        return;
      }
      const v = r.verdict;
      for (const f of v.findings) {
        if (f.status !== 'violation' && f.status !== 'incomplete') continue;
        const result = { ruleId: f.rule };
        if (index.has(f.rule)) result.ruleIndex = index.get(f.rule);
        result.kind = 'fail';
        result.level = f.status === 'violation' ? 'error' : 'warning';
        result.message = { text: f.message };
        result.locations = [location(source, f.subject, 'object', cwd)];
        if (f.missing?.length) {
          result.relatedLocations = f.missing.map((m, i) => ({
            id: i + 1,
            ...location(source, m.path, 'property', cwd),
            message: { text: `${m.element}: ${m.message}` },
          }));
        }
        result.partialFingerprints = { 'conductFinding/v1': `${v.incident ?? source.name}|${f.rule}|${f.subject}` };
        const properties = { source: source.name, status: f.status, severity: f.severity, clause: f.clause, subject: f.subject, outcome: v.outcome };
        if (v.incident !== undefined) properties.incident = v.incident;
        if (f.missing) properties.missing = f.missing;
        result.properties = properties;
        add(result);
      }
    },
    async end({ summary, exitCode, stopped }) {
      const invocation = { executionSuccessful: summary.errors === 0 && !stopped };
      if (stopped) invocation.exitSignalName = stopped.signal;
      else invocation.exitCode = exitCode;
      const head = q(invocation).slice(0, -1);
      out.write(`${firstResult ? '' : '\n'}],"invocations":[${head},"toolExecutionNotifications":[`);
      for (const piece of notes.range()) {
        out.writeBytes(piece);
        await out.ready();
      }
      if (stopped) {
        const note = { level: 'note', message: { text: `stopped by ${stopped.signal} after ${stopped.after ?? 'no incident'}` }, descriptor: { id: 'interrupted' } };
        out.write((firstNote ? '\n' : ',\n') + q(note));
        firstNote = false;
      }
      notes.dispose();
      out.write(`${firstNote ? '' : '\n'}],"properties":${q({ summary })}}]}]}\n`);
    },
  };
}

// ---------------------------------------------------------------- junit

// Characters XML 1.0 forbids, lone surrogates included.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

function xmlText(s) {
  return String(s).replace(NOT_XML, '\uFFFD').replace(/[&<>]/g, (c) => ESCAPES[c]);
}

function xmlAttr(s) {
  return String(s).replace(NOT_XML, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (c) => ESCAPES[c]);
}

function findingLines(findings) {
  const lines = [];
  for (const f of findings) {
    lines.push(`${f.rule} ${f.status} ${f.subject === '' ? '(incident)' : f.subject}: ${f.message}`);
    for (const m of f.missing ?? []) lines.push(`    ${m.element} ${m.path}: ${m.message}`);
  }
  return lines.join('\n');
}

/**
 * JUnit XML: a testsuite per input file, a testcase per incident; a failure
 * (an incident at or above --fail-on) or an error (one that could not be
 * judged) carries the findings. The counts open each element, so the
 * testcases are held in a spool until the end.
 */
function junit({ out, failOn }) {
  const spool = new Spool();
  const suites = [];
  let suite = null;
  return {
    verdicts: 'object',
    begin() {},
    result(r) {
      const source = r.source;
      if (!suite || suite.file !== source.file) {
        suite = { file: source.file, tests: 0, failures: 0, errors: 0, start: spool.length, end: spool.length };
        suites.push(suite);
      }
      suite.tests += 1;
      const className = source.file === '-' ? 'stdin' : source.file;
      let name = source.name;
      let body = '';
      if (r.error) {
        suite.errors += 1;
        const e = r.error;
        const details = [describeError(e), ...(e.problems ?? []).slice(1).map(describeError)].join('\n');
        body = `<error type="${xmlAttr(e.code)}" message="${xmlAttr(`${e.code}: ${e.message}`)}">${xmlText(details)}</error>`;
      } else {
        const v = r.verdict;
        if (v.incident !== undefined) name = `${v.incident} (${source.name})`;
        const open = v.findings.filter((f) => f.status === 'violation' || f.status === 'incomplete');
        if (fails(v.outcome, failOn)) {
          suite.failures += 1;
          const counts = ['violation', 'incomplete'].map((s) => [s, open.filter((f) => f.status === s).length]).filter(([, n]) => n > 0);
          const message = `${v.outcome}: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')} (${[...new Set(open.map((f) => f.rule))].join(', ')})`;
          body = `<failure type="${xmlAttr(v.outcome)}" message="${xmlAttr(message)}">${xmlText(findingLines(open))}</failure>`;
        } else if (open.length > 0) {
          body = `<system-out>${xmlText(findingLines(open))}</system-out>`;
        }
      }
      const head = `    <testcase classname="${xmlAttr(className)}" name="${xmlAttr(name)}"`;
      spool.append(body === '' ? `${head}/>\n` : `${head}>${body}</testcase>\n`);
      suite.end = spool.length;
    },
    async end() {
      const total = (k) => suites.reduce((n, s) => n + s[k], 0);
      out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="conduct-engine" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}">\n`);
      for (const s of suites) {
        const name = s.file === '-' ? 'standard input' : s.file;
        out.write(`  <testsuite name="${xmlAttr(name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="0">\n`);
        for (const piece of spool.range(s.start, s.end)) {
          out.writeBytes(piece);
          await out.ready();
        }
        out.write('  </testsuite>\n');
      }
      out.write('</testsuites>\n');
      spool.dispose();
    },
  };
}
