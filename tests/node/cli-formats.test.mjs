// The machine-readable formats of `conduct-engine evaluate`, checked the way
// the tools that read them would: SARIF against the SARIF 2.1.0 JSON schema
// (the schema file as @microsoft/jest-sarif ships it), JUnit XML through a
// conforming XML parser (saxes), and every format byte for byte the same
// whatever --workers.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SaxesParser } from 'saxes';
import { cliPath, prepareConsumer, root } from './pack.mjs';
import * as fixtures from './fixtures.mjs';
import { incidents } from './batch-incidents.mjs';

const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');

let dir;
let validateSarif;
before(() => {
  prepareConsumer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduct-formats-'));
  const write = (name, content) => fs.writeFileSync(path.join(dir, name), content);
  fs.mkdirSync(path.join(dir, 'cases'));
  write('cases/violation.json', JSON.stringify(fixtures.noConsentNoJustification()));
  write('cases/typical.json', JSON.stringify(fixtures.typical(), null, 2));
  const hostileId = fixtures.placeholderEthical();
  hostileId.id = 'INC <&> "quoted" \'x\' ]]> \u0001\u0008\u001f\uFFFE end';
  write(
    'cases/lines.jsonl',
    [fixtures.priorConsent(), hostileId, 'not json', fixtures.fullyJustified()].map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n') + '\n',
  );
  write('cases/array.json', `[\n${JSON.stringify(fixtures.priorConsent())},\n${JSON.stringify(fixtures.noConsentNoJustification())},\n7\n]\n`);
  // A varied set with errors sprinkled in, for the --workers comparison.
  const lines = [];
  let n = 0;
  for (const incident of incidents(700, 42)) {
    n += 1;
    lines.push(n % 97 === 0 ? '{"schemaVersion": "1", "actions": [' : n % 89 === 0 ? JSON.stringify({ ...incident, unknown: 1 }) : JSON.stringify(incident));
  }
  write('varied.jsonl', lines.join('\n') + '\n');

  const schemaPath = path.join(root, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  // The schema's `language` pattern is valid only without the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  validateSarif = ajv.compile(schema);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args, input) {
  const r = spawnSync(cliPath, args, { cwd: dir, encoding: 'utf8', input, timeout: 120_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertSarif(doc) {
  const ok = validateSarif(doc);
  assert.ok(ok, `SARIF schema errors:\n${(validateSarif.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message}`).join('\n')}`);
}

/** A tiny DOM from a strict XML parse: { name, attributes, children, text }. */
function parseXml(xml) {
  const parser = new SaxesParser({ xmlns: false });
  const rootNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [rootNode];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const node = { name: tag.name, attributes: tag.attributes, children: [], text: '' };
    stack.at(-1).children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    stack.at(-1).text += t;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  return rootNode.children[0];
}

describe('sarif', () => {
  test('valid SARIF 2.1.0: one result per non-compliant finding, rules with clause, title, severity and help', () => {
    const r = run(['evaluate', '-f', 'sarif', 'cases']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assertSarif(doc);
    assert.equal(doc.version, '2.1.0');
    const run0 = doc.runs[0];
    const { driver } = run0.tool;
    assert.equal(driver.name, 'conduct-engine');
    const b12 = driver.rules.find((x) => x.id === 'B12');
    assert.equal(b12.properties.clause, 'B12');
    assert.equal(b12.properties.severity, 'critical');
    assert.match(b12.shortDescription.text, /consent/);
    assert.match(b12.help.text, /^Clause B12 \(critical\): /);
    assert.ok(b12.fullDescription.text.length > 50);

    // The same findings as the verdicts hold.
    const verdicts = run(['evaluate', '-f', 'jsonl', 'cases']).stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.verdict);
    const expected = verdicts.flatMap((x) => x.verdict.findings.filter((f) => f.status === 'violation' || f.status === 'incomplete').map((f) => [x.source, f.rule, f.status]));
    assert.deepEqual(run0.results.map((x) => [x.properties.source, x.ruleId, x.properties.status]), expected);
    for (const result of run0.results) {
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.equal(result.level, result.properties.status === 'violation' ? 'error' : 'warning');
    }
  });

  test('locations point at the file, its line, and the JSON Pointer of the subject and of each missing element', () => {
    const doc = JSON.parse(run(['evaluate', '-f', 'sarif', 'cases/array.json', 'cases/lines.jsonl']).stdout);
    assertSarif(doc);
    const results = doc.runs[0].results;
    const inArray = results.find((x) => x.properties.source === 'cases/array.json#/1' && x.ruleId === 'B12');
    const loc = inArray.locations[0];
    assert.deepEqual(loc.physicalLocation.artifactLocation, { uri: 'cases/array.json', uriBaseId: 'SRCROOT' });
    assert.equal(loc.physicalLocation.region.startLine, 3, 'the array item starts on line 3');
    assert.equal(loc.logicalLocations[0].fullyQualifiedName, '/1/actions/0', 'the pointer in the file: item 1, then the subject');
    assert.deepEqual(
      inArray.relatedLocations.map((x) => x.logicalLocations[0].fullyQualifiedName),
      ['legal', 'ethical', 'beneficial', 'minimal'].map((e) => `/1/actions/0/justification/${e}`),
    );
    const inLines = results.find((x) => x.properties.source === 'cases/lines.jsonl:2');
    assert.equal(inLines.locations[0].physicalLocation.region.startLine, 2);
    assert.equal(inLines.locations[0].logicalLocations[0].fullyQualifiedName, '/actions/0', 'a JSON Lines line is its own document');
    assert.match(doc.runs[0].originalUriBaseIds.SRCROOT.uri, /^file:\/\/.*\/$/);
  });

  test('inputs that could not be judged are error notifications with their place; the invocation has the exit code', () => {
    const r = run(['evaluate', '-f', 'sarif', 'cases/lines.jsonl', 'cases/array.json', 'missing.json']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assertSarif(doc);
    const invocation = doc.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.exitCode, 1);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n) => [n.descriptor.id, n.properties.source, n.locations[0].physicalLocation.region.startLine]),
      [
        ['invalid_json', 'cases/lines.jsonl:3', 3],
        ['invalid_incident', 'cases/array.json#/2', 4],
        ['io_error', 'missing.json', 1],
      ],
    );
    assert.equal(invocation.toolExecutionNotifications[1].locations[0].logicalLocations[0].fullyQualifiedName, '/2');
    assert.deepEqual(invocation.properties.summary, { incidents: 8, violation: 1, incomplete: 1, compliant: 1, not_applicable: 2, errors: 3 });
  });

  test('standard input and a run with no incident are valid SARIF too', () => {
    const stdin = run(['evaluate', '-f', 'sarif', '-'], JSON.stringify(fixtures.noConsentNoJustification()) + '\n');
    const doc = JSON.parse(stdin.stdout);
    assertSarif(doc);
    assert.deepEqual(doc.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { description: { text: 'standard input' } });
    const none = JSON.parse(run(['evaluate', '-f', 'sarif', '-'], '').stdout);
    assertSarif(none);
    assert.deepEqual(none.runs[0].results, []);
  });
});

describe('junit', () => {
  test('well-formed JUnit XML: a testsuite per file, a testcase per incident, failures carrying the findings', () => {
    const r = run(['evaluate', '-f', 'junit', 'cases', 'missing.json']);
    assert.equal(r.code, 1, r.stderr);
    const suites = parseXml(r.stdout);
    assert.equal(suites.name, 'testsuites');
    const files = suites.children.map((s) => s.attributes.name);
    assert.deepEqual(files, ['cases/array.json', 'cases/lines.jsonl', 'cases/typical.json', 'cases/violation.json', 'missing.json']);
    let tests = 0;
    let failures = 0;
    let errors = 0;
    for (const suite of suites.children) {
      assert.equal(suite.name, 'testsuite');
      const cases = suite.children;
      assert.ok(cases.every((c) => c.name === 'testcase'));
      assert.equal(Number(suite.attributes.tests), cases.length);
      const f = cases.filter((c) => c.children.some((x) => x.name === 'failure')).length;
      const e = cases.filter((c) => c.children.some((x) => x.name === 'error')).length;
      assert.equal(Number(suite.attributes.failures), f);
      assert.equal(Number(suite.attributes.errors), e);
      tests += cases.length;
      failures += f;
      errors += e;
    }
    assert.deepEqual([Number(suites.attributes.tests), Number(suites.attributes.failures), Number(suites.attributes.errors)], [tests, failures, errors]);
    assert.deepEqual([tests, failures, errors], [10, 3, 3]);

    const violation = suites.children.find((s) => s.attributes.name === 'cases/violation.json').children[0];
    assert.equal(violation.attributes.name, 'INC-NODE-0001 (cases/violation.json)');
    const failure = violation.children[0];
    assert.equal(failure.attributes.type, 'violation');
    assert.match(failure.attributes.message, /B12/);
    assert.match(failure.text, /B12 violation \/actions\/0: /);
    assert.match(failure.text, /legal \/actions\/0\/justification\/legal: /);
    const missing = suites.children.find((s) => s.attributes.name === 'missing.json').children[0].children[0];
    assert.deepEqual([missing.name, missing.attributes.type], ['error', 'io_error']);
  });

  test('characters XML cannot hold are replaced, markup is escaped: the document stays well-formed', () => {
    const r = run(['evaluate', '-f', 'junit', '--fail-on', 'incomplete', 'cases/lines.jsonl']);
    const suites = parseXml(r.stdout);
    const hostile = suites.children[0].children[1];
    assert.match(hostile.attributes.name, /^INC <&> "quoted" 'x' \]\]> \uFFFD{4} end \(cases\/lines\.jsonl:2\)$/);
    assert.equal(hostile.children[0].name, 'failure');
  });

  test('--fail-on decides what is a failure; the findings under it are kept in system-out', () => {
    const strict = parseXml(run(['evaluate', '-f', 'junit', '--fail-on', 'incomplete', 'cases/lines.jsonl']).stdout);
    const lax = parseXml(run(['evaluate', '-f', 'junit', 'cases/lines.jsonl']).stdout);
    const kinds = (doc) => doc.children[0].children.map((c) => c.children[0]?.name ?? 'pass');
    assert.deepEqual(kinds(strict), ['pass', 'failure', 'error', 'pass']);
    assert.deepEqual(kinds(lax), ['pass', 'system-out', 'error', 'pass']);
  });
});

describe('the same bytes whatever --workers', () => {
  for (const format of ['jsonl', 'json', 'text', 'sarif', 'junit']) {
    test(format, () => {
      const one = run(['evaluate', '-f', format, '-j', '1', 'varied.jsonl', 'cases']);
      const two = run(['evaluate', '-f', format, '-j', '2', 'varied.jsonl', 'cases']);
      assert.equal(one.code, 1);
      assert.equal(two.code, one.code);
      assert.ok(one.stdout.length > 100_000, `${one.stdout.length} bytes`);
      assert.ok(one.stdout === two.stdout, `${format}: --workers 1 and --workers 2 differ`);
      if (format === 'jsonl') {
        const recs = one.stdout.trim().split('\n').map((l) => JSON.parse(l));
        assert.equal(recs.length, 700 + 9);
        assert.deepEqual(recs.slice(0, 700).map((x) => x.line), Array.from({ length: 700 }, (_, i) => i + 1), 'in input order');
        assert.equal(recs.filter((x) => x.error).length, 7 + 7 + 2);
      }
      if (format === 'sarif') assertSarif(JSON.parse(one.stdout));
      if (format === 'junit') parseXml(one.stdout);
    });
  }
});
