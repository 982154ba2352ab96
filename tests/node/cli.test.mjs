// The `conduct-engine` command as installed from the packed tarball, over
// temporary incident files: output, exit codes, and bad input that is
// reported without stopping the other incidents.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliPath, prepareConsumer } from './pack.mjs';
import * as incidents from './fixtures.mjs';

let dir;
before(() => {
  prepareConsumer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduct-cli-'));
  const write = (name, content) => fs.writeFileSync(path.join(dir, name), content);
  fs.mkdirSync(path.join(dir, 'clean'));
  write('clean/consented.json', JSON.stringify(incidents.priorConsent(), null, 2));
  write('clean/justified.json', JSON.stringify(incidents.fullyJustified()));
  fs.mkdirSync(path.join(dir, 'mixed'));
  write('mixed/violation.json', JSON.stringify(incidents.noConsentNoJustification()));
  const wrongType = incidents.noConsentNoJustification();
  wrongType.id = 'INC-WRONG-TYPE';
  wrongType.actions[0].consent.prior = 'yes';
  write(
    'mixed/batch.jsonl',
    [JSON.stringify(incidents.priorConsent()), '', JSON.stringify(wrongType), JSON.stringify(incidents.fullyJustified())].join('\n') + '\n',
  );
  write('mixed/broken.json', '{"schemaVersion": "1", "actions": [');
  write('mixed/notes.txt', 'not an incident: ignored when walking a directory');
  write('array.json', JSON.stringify([incidents.priorConsent(), incidents.placeholderEthical()]));
  write('strict.json', JSON.stringify({ minExplanationLength: 500 }));
  write('typo-config.json', JSON.stringify({ minExplanationLenght: 5 }));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args, input) {
  const r = spawnSync(cliPath, args, { cwd: dir, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('evaluate', () => {
  test('a violation: exit 1, with the id, outcome, finding and missing elements with their pointers', () => {
    const r = run(['evaluate', 'mixed/violation.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /INC-NODE-0001\s+violation/);
    assert.match(r.stdout, /B12\s+violation\s+\/actions\/0/);
    for (const e of ['legal', 'ethical', 'beneficial', 'minimal']) {
      assert.match(r.stdout, new RegExp(`${e}\\s+/actions/0/justification/${e}`));
    }
    assert.match(r.stdout, /1 incident: 1 violation, 0 incomplete, 0 compliant, 0 not_applicable, 0 errors/);
  });

  test('no violation: exit 0; not_applicable findings are left out of the text', () => {
    const r = run(['evaluate', 'clean']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /INC-NODE-0002\s+not_applicable/);
    assert.match(r.stdout, /INC-NODE-0003\s+compliant/);
    assert.match(r.stdout, /B12\s+compliant\s+\/actions\/0/);
    assert.doesNotMatch(r.stdout, /B2\s+not_applicable/);
    assert.match(r.stdout, /2 incidents: 0 violation, 0 incomplete, 1 compliant, 1 not_applicable, 0 errors/);
  });

  test('bad files and bad incidents are reported with code and pointer; the rest are still judged (exit 2)', () => {
    const r = run(['evaluate', 'mixed', 'missing.json']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /INC-NODE-0001\s+violation/);
    assert.match(r.stdout, /INC-NODE-0002\s+not_applicable/);
    assert.match(r.stdout, /INC-NODE-0003\s+compliant/);
    assert.match(r.stdout, /batch\.jsonl:3[\s\S]*invalid_incident at \/actions\/0\/consent\/prior/);
    assert.match(r.stdout, /broken\.json[\s\S]*invalid_json/);
    assert.match(r.stdout, /missing\.json[\s\S]*io_error/);
    assert.doesNotMatch(r.stdout, /notes\.txt/);
    assert.match(r.stdout, /6 incidents: 1 violation, 0 incomplete, 1 compliant, 1 not_applicable, 3 errors/);
  });

  test('--format jsonl: one record per incident, verdict or error', () => {
    const r = run(['evaluate', '--format', 'jsonl', 'mixed/batch.jsonl']);
    assert.equal(r.code, 2);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((x) => x.source), ['mixed/batch.jsonl:1', 'mixed/batch.jsonl:3', 'mixed/batch.jsonl:4']);
    assert.equal(records[0].verdict.outcome, 'not_applicable');
    assert.deepEqual(
      { code: records[1].error.code, path: records[1].error.path },
      { code: 'invalid_incident', path: '/actions/0/consent/prior' },
    );
    assert.equal(records[2].verdict.outcome, 'compliant');
    assert.match(r.stderr, /3 incidents/);
  });

  test('--format json: one document with the rule set, a summary and every result', () => {
    const r = run(['evaluate', '--format', 'json', 'clean', 'mixed/violation.json']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.match(doc.ruleset.digest, /^sha256:/);
    assert.deepEqual(doc.summary, { incidents: 3, violation: 1, incomplete: 0, compliant: 1, not_applicable: 1, errors: 0 });
    assert.equal(doc.results.length, 3);
    const v = doc.results.find((x) => x.verdict.incident === 'INC-NODE-0001').verdict;
    assert.equal(v.findings.find((f) => f.rule === 'B12').missing.length, 4);
  });

  test('a .json array holds several incidents', () => {
    const r = run(['evaluate', '--format', 'jsonl', 'array.json']);
    assert.equal(r.code, 0);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((x) => [x.source, x.verdict.outcome]), [
      ['array.json#/0', 'not_applicable'],
      ['array.json#/1', 'incomplete'],
    ]);
  });

  test('--config reaches the rules; --fail-on incomplete sets exit 1 for incomplete', () => {
    assert.equal(run(['evaluate', 'clean/justified.json']).code, 0);
    const r = run(['evaluate', '--config', 'strict.json', 'clean/justified.json']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /INC-NODE-0003\s+incomplete/);
    assert.equal(run(['evaluate', '--config', 'strict.json', '--fail-on', 'incomplete', 'clean/justified.json']).code, 1);
  });

  test('an invalid --config is a usage error naming the code and pointer', () => {
    const r = run(['evaluate', '--config', 'typo-config.json', 'clean']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid_config at \/minExplanationLenght/);
    assert.equal(r.stdout, '');
  });

  test('"-" reads JSON Lines from standard input', () => {
    const r = run(['evaluate', '--format', 'jsonl', '-'], JSON.stringify(incidents.noConsentNoJustification()) + '\n');
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).source, '<stdin>:1');
  });
});

describe('usage', () => {
  test('rules lists the catalogue', () => {
    const r = run(['rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^B12\s+critical\s+checkable\s+\S/m);
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout);
    assert.ok(json.some((rule) => rule.id === 'B12' && rule.slug === 'act-without-consent'));
  });

  test('--help and --version exit 0', () => {
    assert.match(run(['--help']).stdout, /Usage:/);
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^conduct-engine \d+\.\d+\.\d+/);
  });

  for (const args of [[], ['judge'], ['evaluate'], ['evaluate', '--format', 'xml', 'clean'], ['evaluate', '--bogus', 'clean']]) {
    test(`usage error exits 2: ${JSON.stringify(args)}`, () => {
      const r = run(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /conduct-engine: /);
    });
  }
});
