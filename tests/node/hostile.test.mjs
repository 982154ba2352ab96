// Hostile input against the packed package: every entry of the corpus in
// tests/hostile/incidents.mjs goes through `engine.evaluateJson` (as text) and
// `engine.evaluate` (as a value) on ONE engine. Each call must give a typed
// ConductError (README "Errors": a documented code, a JSON Pointer or null
// path, a problems array) or a well-formed verdict, never another exception;
// the code and path are checked where the contract fixes them; and after every
// call the same engine must still give the known verdicts of good incidents.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { prepareConsumer, importFromConsumer } from './pack.mjs';
import * as fixtures from './fixtures.mjs';
import { corpus } from '../hostile/incidents.mjs';

const CODES = ['invalid_json', 'invalid_incident', 'unsupported_schema_version', 'invalid_config', 'limit_exceeded', 'policy_error', 'invalid_argument', 'freed'];
const RANK = { not_applicable: 0, compliant: 1, incomplete: 2, violation: 3 };
const SEVERITIES = ['advisory', 'minor', 'major', 'critical'];

let api;
let engine; // the one engine every hostile input goes to
let good; // what a fresh engine says about known-good incidents

before(async () => {
  prepareConsumer();
  api = await importFromConsumer('esm.mjs');
  engine = new api.ConductEngine();
  const fresh = new api.ConductEngine();
  const typicalText = JSON.stringify(fixtures.typical());
  good = {
    typicalText,
    typicalVerdict: fresh.evaluateJson(typicalText),
    violation: fresh.evaluate(fixtures.noConsentNoJustification()),
  };
  fresh.free();
});

const tally = { inputs: 0, runs: 0, errors: 0, verdicts: 0, crashes: 0, codes: {}, todo: 0 };

/** A JSON Pointer (RFC 6901): "" or "/"-separated tokens with only ~0 and ~1 escapes. */
function assertPointer(p, what) {
  assert.equal(typeof p, 'string', `${what} is a string`);
  assert.ok(p === '' || (p.startsWith('/') && !/~(?![01])/.test(p)), `${what} is a JSON Pointer: ${JSON.stringify(p)}`);
}

function isConductError(e) {
  return e instanceof Error && e.name === 'ConductError';
}

function checkConductError(e) {
  assert.ok(CODES.includes(e.code), `a documented code, not ${JSON.stringify(e.code)}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'a message');
  if (e.path !== null) assertPointer(e.path, 'path');
  assert.ok(Array.isArray(e.problems), 'problems is an array');
  for (const p of e.problems) {
    assert.ok(CODES.includes(p.code), `problem code ${p.code}`);
    assertPointer(p.path, 'problem path');
    assert.equal(typeof p.message, 'string');
  }
  if (e.problems.length > 0) {
    assert.ok(e.problems.some((p) => p.path === e.path), `path ${e.path} is one of the problems' paths`);
  }
}

function checkVerdict(v) {
  assert.ok(v && typeof v === 'object', 'a verdict object');
  assert.ok(v.outcome in RANK, `outcome ${v.outcome}`);
  assert.deepEqual(v.ruleset, engine.ruleset);
  assert.ok(Array.isArray(v.findings) && v.findings.length > 0, 'findings');
  let worst = 'not_applicable';
  for (const f of v.findings) {
    assert.match(f.rule, /^[PB]\d+$/);
    assert.ok(f.status in RANK, f.status);
    assert.ok(SEVERITIES.includes(f.severity), f.severity);
    assertPointer(f.subject, 'subject');
    for (const m of f.missing ?? []) assertPointer(m.path, 'missing path');
    if (RANK[f.status] > RANK[worst]) worst = f.status;
  }
  assert.equal(v.outcome, worst, 'the outcome is the worst finding');
}

/** Runs one input in one mode; never throws. */
function run(mode, input) {
  tally.runs++;
  try {
    if (mode === 'evaluateJson') {
      const text = engine.evaluateJson(input);
      assert.equal(typeof text, 'string');
      tally.verdicts++;
      return { kind: 'verdict', verdict: JSON.parse(text) };
    }
    const verdict = engine.evaluate(input);
    tally.verdicts++;
    return { kind: 'verdict', verdict };
  } catch (e) {
    if (e?.code === 'ERR_ASSERTION') throw e;
    if (isConductError(e)) {
      tally.errors++;
      tally.codes[e.code] = (tally.codes[e.code] ?? 0) + 1;
      return { kind: 'error', error: e };
    }
    tally.crashes++;
    return { kind: 'crash', error: e };
  }
}

function matches(result, expectation) {
  if (expectation.typed) return result.kind !== 'crash';
  if ('verdict' in expectation) {
    if (result.kind !== 'verdict') return false;
    if (expectation.verdict !== true && result.verdict.outcome !== expectation.verdict) return false;
    return expectation.incident === undefined || result.verdict.incident === expectation.incident;
  }
  if (result.kind !== 'error') return false;
  const e = result.error;
  if (e.code !== expectation.code) return false;
  if (expectation.path !== undefined && e.path !== expectation.path) return false;
  return expectation.problems === undefined || sameSet(e.problems.map((p) => p.path), expectation.problems);
}

const sameSet = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

function describeResult(r) {
  if (r.kind === 'verdict') return `a verdict (${r.verdict.outcome}, incident ${JSON.stringify(r.verdict.incident)})`;
  const e = r.error;
  if (r.kind === 'crash') return `a non-ConductError ${e?.name}: ${e?.message}`;
  return `ConductError ${e.code} at ${JSON.stringify(e.path)}, problems ${JSON.stringify(e.problems.map((p) => p.path))}: ${e.message.slice(0, 200)}`;
}

/** The very same engine still judges good incidents exactly as a fresh one does. */
function stillWorks(after) {
  assert.equal(engine.evaluateJson(good.typicalText), good.typicalVerdict, `typical verdict unchanged after ${after}`);
  assert.deepEqual(engine.evaluate(fixtures.noConsentNoJustification()), good.violation, `violation verdict unchanged after ${after}`);
}

/** The input `evaluate` gets for an entry, and whether it came from JSON.parse of its text. */
function valueOf(entry) {
  if (entry.value) return { value: entry.value(), parsed: false };
  try {
    return { value: JSON.parse(entry.text), parsed: true };
  } catch {
    return { value: entry.text, raw: true }; // a string is not an incident
  }
}

describe('hostile inputs: a typed error or a verdict, never a crash, and the engine keeps working', () => {
  for (const entry of corpus) {
    test(entry.name, async (t) => {
      tally.inputs++;
      const results = {};
      for (const mode of ['evaluateJson', 'evaluate']) {
        let input;
        let expected;
        if (mode === 'evaluateJson') {
          if (entry.text === undefined) continue;
          input = entry.text;
          expected = entry.expectText ?? entry.expect;
        } else {
          const v = valueOf(entry);
          input = v.value;
          expected = v.raw ? { code: 'invalid_incident', path: '' } : entry.expectValue ?? entry.expect;
          results.raw = v.raw;
        }
        const alternatives = [expected].flat();
        const r = run(mode, input);
        input = null; // let megabyte inputs go before the next run
        stillWorks(`${mode}(${entry.name})`);
        assert.notEqual(r.kind, 'crash', `${mode}: ${describeResult(r)}`);
        if (r.kind === 'error') checkConductError(r.error);
        else checkVerdict(r.verdict);

        const check = () =>
          assert.ok(
            alternatives.some((a) => matches(r, a)),
            `${mode} gave ${describeResult(r)}; expected ${JSON.stringify(alternatives)}`,
          );
        const bug = entry.bug?.[mode];
        if (bug) {
          tally.todo++;
          await t.test(`${mode}: as the contract says`, { todo: `known bug: ${bug}` }, check);
        } else {
          check();
        }
        if (entry.b12Findings !== undefined && r.kind === 'verdict') {
          assert.equal(r.verdict.findings.filter((f) => f.rule === 'B12').length, entry.b12Findings);
        }
        results[mode] = r;
      }

      // Text and value paths judge the same input the same way.
      const { evaluateJson: j, evaluate: o } = results;
      if (j && o && !results.raw && entry.agree !== false && !entry.bug) {
        assert.equal(j.kind, o.kind, `evaluateJson gave ${describeResult(j)}, evaluate gave ${describeResult(o)}`);
        if (j.kind === 'verdict') assert.deepEqual(o.verdict, j.verdict);
        else assert.deepEqual([o.error.code, o.error.path], [j.error.code, j.error.path]);
      }
    });
  }

  test('no prototype was polluted', () => {
    assert.equal(Object.prototype.polluted, undefined);
    assert.equal({}.polluted, undefined);
    assert.equal(Object.prototype.prior, undefined);
    const v = engine.evaluateJson('{"schemaVersion":"1","extensions":{"__proto__":{"polluted":true}}}');
    assert.equal(JSON.parse(v).polluted, undefined);
  });

  test('summary', (t) => {
    const codes = Object.entries(tally.codes).map(([c, n]) => `${c} ${n}`).join(', ');
    t.diagnostic(
      `${tally.inputs} inputs (${tally.runs} runs): ${tally.errors} typed errors, ${tally.verdicts} verdicts, ` +
        `${tally.crashes} crashes; by code: ${codes}; ${tally.todo} known-bug expectations (todo)`,
    );
    assert.ok(tally.inputs >= 40, `at least 40 inputs, not ${tally.inputs}`);
    assert.equal(tally.inputs, corpus.length);
    assert.equal(tally.crashes, 0);
    assert.equal(tally.errors + tally.verdicts, tally.runs);
  });
});

// wasm-bindgen's own glue for a `string` parameter copies its argument into
// Wasm memory without checking its type (a number made the allocator trap);
// evaluateJson takes any value and checks it, so each of these is a
// ConductError and the engine goes on.
describe('evaluateJson given a value that is not a string', () => {
  const NOT_STRINGS = [
    ['a number', () => 42],
    ['a boolean', () => true],
    ['null', () => null],
    ['undefined', () => undefined],
    ['an object', () => ({ schemaVersion: '1' })],
    ['an array of text', () => ['{"schemaVersion":"1"}']],
    ['a symbol', () => Symbol('text')],
    ['a BigInt', () => 1n],
  ];

  for (const [label, make] of NOT_STRINGS) {
    test(label, () => {
      let thrown;
      try {
        engine.evaluateJson(make());
      } catch (e) {
        thrown = e;
      }
      stillWorks(`evaluateJson(${label})`);
      assert.ok(thrown, 'throws');
      assert.ok(isConductError(thrown), `a ConductError, not ${thrown?.name}: ${thrown?.message}`);
      checkConductError(thrown);
      assert.equal(thrown.code, 'invalid_argument', 'the wrong type of argument');
      assert.match(thrown.message, /evaluateJson: incidentJson must be a string/);
    });
  }

  test('a String object is read as its text', () => {
    assert.equal(engine.evaluateJson(new String(good.typicalText)), good.typicalVerdict);
  });

  test('the engine survives a thousand such calls and judges exactly as before', () => {
    for (let i = 0; i < 1000; i++) {
      try {
        engine.evaluateJson(NOT_STRINGS[i % NOT_STRINGS.length][1]());
      } catch {
        // each is a ConductError (checked above)
      }
    }
    stillWorks('1,000 non-string calls to evaluateJson');
  });
});
