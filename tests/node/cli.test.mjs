// The `conduct-engine` command as installed from the packed tarball, over
// temporary incident files: its commands, options, output and every exit
// code. Formats are checked in cli-formats.test.mjs, hostile input, signals
// and pipes in cli-hostile.test.mjs.

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
  write('placeholder.json', JSON.stringify(incidents.placeholderEthical()));
  write('bad-only.jsonl', 'not json\n{"schemaVersion": "2"}\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args, input) {
  const r = spawnSync(cliPath, args, { cwd: dir, encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const records = (stdout) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('evaluate', () => {
  test('a violation: exit 1, with the id, outcome, finding and missing elements with their pointers', () => {
    const r = run(['evaluate', '--format', 'text', 'mixed/violation.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /INC-NODE-0001\s+violation/);
    assert.match(r.stdout, /B12\s+violation\s+\/actions\/0/);
    for (const e of ['legal', 'ethical', 'beneficial', 'minimal']) {
      assert.match(r.stdout, new RegExp(`${e}\\s+/actions/0/justification/${e}`));
    }
    assert.match(r.stdout, /1 incident: 1 violation, 0 incomplete, 0 compliant, 0 not_applicable, 0 errors/);
    assert.equal(r.stderr, '', 'the text summary goes to standard output only');
  });

  test('no violation: exit 0; not_applicable findings are left out of the text', () => {
    const r = run(['evaluate', '-f', 'text', 'clean']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /INC-NODE-0002\s+not_applicable/);
    assert.match(r.stdout, /INC-NODE-0003\s+compliant/);
    assert.match(r.stdout, /B12\s+compliant\s+\/actions\/0/);
    assert.doesNotMatch(r.stdout, /B2\s+not_applicable/);
    assert.match(r.stdout, /2 incidents: 0 violation, 0 incomplete, 1 compliant, 1 not_applicable, 0 errors/);
  });

  test('standard output that is not a terminal gets JSON Lines by default, the summary goes to standard error', () => {
    const r = run(['evaluate', 'clean']);
    assert.equal(r.code, 0);
    assert.deepEqual(records(r.stdout).map((x) => x.verdict.incident), ['INC-NODE-0002', 'INC-NODE-0003']);
    assert.match(r.stderr, /^conduct-engine: 2 incidents: 0 violation, 0 incomplete, 1 compliant, 1 not_applicable, 0 errors\n$/);
  });

  test('bad files and bad incidents become error records with code and pointer; the rest are judged (exit 1 wins over 3)', () => {
    const r = run(['evaluate', '-f', 'text', 'mixed', 'missing.json']);
    assert.equal(r.code, 1, 'a violation was found: 1, although some input could not be judged');
    assert.match(r.stdout, /INC-NODE-0001\s+violation/);
    assert.match(r.stdout, /INC-NODE-0002\s+not_applicable/);
    assert.match(r.stdout, /INC-NODE-0003\s+compliant/);
    assert.match(r.stdout, /batch\.jsonl:3[\s\S]*invalid_incident at \/actions\/0\/consent\/prior/);
    assert.match(r.stdout, /broken\.json[\s\S]*invalid_json/);
    assert.match(r.stdout, /missing\.json[\s\S]*io_error/);
    assert.doesNotMatch(r.stdout, /notes\.txt/);
    assert.match(r.stdout, /6 incidents: 1 violation, 0 incomplete, 1 compliant, 1 not_applicable, 3 errors/);
  });

  test('exit 3 when some input could not be judged and nothing reached --fail-on', () => {
    const r = run(['evaluate', 'clean', 'missing.json']);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(run(['evaluate', 'bad-only.jsonl']).code, 3);
    // --fail-on never: findings never fail, unjudged input still does.
    assert.equal(run(['evaluate', '--fail-on', 'never', 'mixed/violation.json']).code, 0);
    assert.equal(run(['evaluate', '--fail-on', 'never', 'mixed/violation.json', 'missing.json']).code, 3);
  });

  test('--format jsonl: one record per incident, verdict or error, with source, file, line or index', () => {
    const r = run(['evaluate', '--format', 'jsonl', 'mixed/batch.jsonl', 'array.json', 'missing.json']);
    assert.equal(r.code, 3);
    const recs = records(r.stdout);
    assert.deepEqual(
      recs.map((x) => [x.source, x.file, x.line, x.index]),
      [
        ['mixed/batch.jsonl:1', 'mixed/batch.jsonl', 1, undefined],
        ['mixed/batch.jsonl:3', 'mixed/batch.jsonl', 3, undefined],
        ['mixed/batch.jsonl:4', 'mixed/batch.jsonl', 4, undefined],
        ['array.json#/0', 'array.json', 1, 0],
        ['array.json#/1', 'array.json', 1, 1],
        ['missing.json', 'missing.json', undefined, undefined],
      ],
    );
    assert.equal(recs[0].verdict.outcome, 'not_applicable');
    assert.deepEqual(
      { code: recs[1].error.code, path: recs[1].error.path },
      { code: 'invalid_incident', path: '/actions/0/consent/prior' },
    );
    assert.deepEqual(recs[1].error.problems.map((p) => p.path), ['/actions/0/consent/prior']);
    assert.equal(recs[2].verdict.outcome, 'compliant');
    assert.deepEqual([recs[5].error.code, recs[5].error.path], ['io_error', null]);
    assert.match(recs[5].error.message, /missing\.json.*no such file/);
    assert.match(r.stderr, /6 incidents/);
  });

  test('--format json: one document with the rule set, every result and a summary', () => {
    const r = run(['evaluate', '--format', 'json', 'clean', 'mixed/violation.json']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.match(doc.ruleset.digest, /^sha256:/);
    assert.deepEqual(doc.summary, { incidents: 3, violation: 1, incomplete: 0, compliant: 1, not_applicable: 1, errors: 0 });
    assert.equal(doc.results.length, 3);
    const v = doc.results.find((x) => x.verdict.incident === 'INC-NODE-0001').verdict;
    assert.equal(v.findings.find((f) => f.rule === 'B12').missing.length, 4);
    const empty = JSON.parse(run(['evaluate', '-f', 'json', 'bad-only.jsonl']).stdout);
    assert.equal(empty.results.length, 2);
    assert.equal(empty.summary.errors, 2);
  });

  test('a .json array holds several incidents', () => {
    const r = run(['evaluate', '--format', 'jsonl', 'array.json']);
    assert.equal(r.code, 0);
    assert.deepEqual(records(r.stdout).map((x) => [x.source, x.verdict.outcome]), [
      ['array.json#/0', 'not_applicable'],
      ['array.json#/1', 'incomplete'],
    ]);
  });

  test('--config reaches the rules; --fail-on incomplete sets exit 1 for incomplete', () => {
    assert.equal(run(['evaluate', 'clean/justified.json']).code, 0);
    const r = run(['evaluate', '-f', 'text', '--config', 'strict.json', 'clean/justified.json']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /INC-NODE-0003\s+incomplete/);
    assert.equal(run(['evaluate', '--config', 'strict.json', '--fail-on', 'incomplete', 'clean/justified.json']).code, 1);
  });

  test('an invalid --config is a usage error naming the code and pointer, before anything is read', () => {
    const r = run(['evaluate', '--config', 'typo-config.json', 'clean']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--config typo-config\.json: invalid_config at \/minExplanationLenght/);
    assert.equal(r.stdout, '');
    assert.equal(run(['evaluate', '--config', 'nowhere.json', 'clean']).code, 2);
    assert.equal(run(['evaluate', '--config', 'mixed/broken.json', 'clean']).code, 2);
  });

  test('--locale: messages in Dutch; an unknown locale is a usage error', () => {
    const en = records(run(['evaluate', 'mixed/violation.json']).stdout)[0].verdict;
    const nl = records(run(['evaluate', '--locale', 'nl', 'mixed/violation.json']).stdout)[0].verdict;
    const message = (v) => v.findings.find((f) => f.rule === 'B12').message;
    assert.notEqual(message(nl), message(en));
    assert.match(message(nl), /\b(de|het|een|zonder)\b/);
    const r = run(['evaluate', '--locale', 'xx', 'clean']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /xx/);
  });

  test('--rules runs only the chosen rules; an unknown id is a usage error', () => {
    const v = records(run(['evaluate', '--rules', 'B12', 'mixed/violation.json']).stdout)[0].verdict;
    assert.deepEqual([...new Set(v.findings.map((f) => f.rule))], ['B12']);
    const two = records(run(['evaluate', '-r', 'B2,B12', '--rules', 'B3', 'mixed/violation.json']).stdout)[0].verdict;
    assert.deepEqual([...new Set(two.findings.map((f) => f.rule))].sort(), ['B12', 'B2', 'B3']);
    const r = run(['evaluate', '--rules', 'B12,X99', 'clean']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /X99/);
  });

  test('"-" reads standard input: JSON Lines, or a JSON array', () => {
    const lines = run(['evaluate', '--format', 'jsonl', '-'], JSON.stringify(incidents.noConsentNoJustification()) + '\n');
    assert.equal(lines.code, 1);
    assert.equal(JSON.parse(lines.stdout).source, '<stdin>:1');
    const array = run(['evaluate', '-'], JSON.stringify([incidents.priorConsent(), incidents.fullyJustified()]));
    assert.equal(array.code, 0);
    assert.deepEqual(records(array.stdout).map((x) => [x.source, x.file]), [['<stdin>#/0', '-'], ['<stdin>#/1', '-']]);
    const empty = run(['evaluate', '-'], '');
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /0 incidents/);
  });

  test('--output writes to a file, in the format its extension implies', () => {
    const r = run(['evaluate', '--output', 'out/../report.sarif', 'clean', 'mixed/violation.json']);
    assert.equal(r.code, 2, 'out/ does not exist');
    const ok = run(['evaluate', '-o', 'report.sarif', 'clean', 'mixed/violation.json']);
    assert.equal(ok.code, 1, ok.stderr);
    assert.equal(ok.stdout, '');
    assert.match(ok.stderr, /3 incidents/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'report.sarif'), 'utf8')).version, '2.1.0');
    run(['evaluate', '-o', 'report.xml', 'clean']);
    assert.match(fs.readFileSync(path.join(dir, 'report.xml'), 'utf8'), /^<\?xml/);
    run(['evaluate', '-q', '-o', 'report.txt', 'clean']);
    assert.match(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), /2 incidents: /);
    const into = run(['evaluate', '-o', 'mixed/out.jsonl', 'mixed']);
    assert.equal(into.code, 2, 'an output inside a directory being read would be read too');
    assert.match(into.stderr, /would be read as an input/);
    assert.equal(fs.existsSync(path.join(dir, 'mixed/out.jsonl')), false);
  });

  test('--quiet: no summary on standard error', () => {
    const r = run(['evaluate', '-q', 'clean']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(records(r.stdout).length, 2);
  });

  test('--workers 0 judges in the main thread, with the same output', () => {
    const a = run(['evaluate', '-j', '0', 'mixed', 'array.json']);
    const b = run(['evaluate', '-j', '2', 'mixed', 'array.json']);
    assert.equal(a.code, 1);
    assert.equal(a.stdout, b.stdout);
  });
});

describe('validate', () => {
  test('valid incidents: exit 0; invalid ones: exit 1 with every problem; unreadable input: exit 3', () => {
    const ok = run(['validate', '-f', 'text', 'clean']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /valid\s+clean\/consented\.json/);
    assert.match(ok.stdout, /2 incidents: 2 valid, 0 invalid, 0 errors/);

    const bad = run(['validate', 'mixed/batch.jsonl', 'mixed/broken.json']);
    assert.equal(bad.code, 1);
    const recs = records(bad.stdout);
    assert.deepEqual(recs.map((x) => [x.source, x.valid]), [
      ['mixed/batch.jsonl:1', true],
      ['mixed/batch.jsonl:3', false],
      ['mixed/batch.jsonl:4', true],
      ['mixed/broken.json', false],
    ]);
    assert.deepEqual(recs[1].problems.map((p) => [p.code, p.path]), [['invalid_incident', '/actions/0/consent/prior']]);
    assert.equal(recs[3].problems[0].code, 'invalid_json');

    assert.equal(run(['validate', 'clean', 'missing.json']).code, 3);
    assert.equal(run(['validate', 'mixed/batch.jsonl', 'missing.json']).code, 1);
    const doc = JSON.parse(run(['validate', '-f', 'json', 'clean']).stdout);
    assert.deepEqual(doc.summary, { incidents: 2, valid: 2, invalid: 0, errors: 0 });
  });

  test('validate takes no evaluate-only options', () => {
    assert.equal(run(['validate', '--fail-on', 'never', 'clean']).code, 2);
    assert.equal(run(['validate', '-f', 'sarif', 'clean']).code, 2);
  });
});

describe('rules', () => {
  test('rules lists the catalogue, in text, JSON or JSON Lines, in a locale, filtered by --rules', () => {
    const r = run(['rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^B12\s+critical\s+checkable\s+\S/m);
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout);
    assert.ok(json.some((rule) => rule.id === 'B12' && rule.slug === 'act-without-consent'));
    assert.equal(records(run(['rules', '-f', 'jsonl']).stdout).length, json.length);
    const nl = JSON.parse(run(['rules', '-f', 'json', '--locale', 'nl']).stdout);
    assert.notEqual(nl.find((x) => x.id === 'B12').title, json.find((x) => x.id === 'B12').title);
    assert.deepEqual(records(run(['rules', '-f', 'jsonl', '--rules', 'B12,P1']).stdout).map((x) => x.id), ['P1', 'B12']);
  });
});

describe('usage', () => {
  test('--help reads like a Unix tool: usage, options, every exit code and their precedence', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage:/);
    for (const option of ['--format', '--output', '--locale', '--config', '--policy', '--fail-on', '--rules', '--workers', '--quiet', '--progress']) {
      assert.match(r.stdout, new RegExp(`${option}\\b`), option);
    }
    for (const code of ['0', '1', '2', '3', '4', '130']) assert.match(r.stdout, new RegExp(`^  ${code} `, 'm'), `exit ${code}`);
    assert.match(r.stdout, /first of 2, 130\/143, 1, 4, 3 wins/);
    assert.equal(run(['-h']).stdout, r.stdout);
  });

  test('--version', () => {
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^conduct-engine \d+\.\d+\.\d+ \(rule set \S+ \S+, sha256:[0-9a-f]{64}\)\n$/);
  });

  for (const args of [
    [],
    ['judge'],
    ['evaluate'],
    ['evaluate', '--format', 'xml', 'clean'],
    ['evaluate', '--bogus', 'clean'],
    ['evaluate', '--fail-on', 'sometimes', 'clean'],
    ['evaluate', '--workers', 'many', 'clean'],
    ['evaluate', '--workers', '-1', 'clean'],
    ['evaluate', '--rules', ',', 'clean'],
    ['evaluate', '--quiet', '--progress', 'clean'],
    ['evaluate', '--fifo-timeout', 'soon', 'clean'],
    ['evaluate', '--policy', 'nowhere', 'clean'],
    ['rules', 'clean'],
  ]) {
    test(`usage error exits 2 and judges nothing: ${JSON.stringify(args)}`, () => {
      const r = run(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^conduct-engine: .*\nRun "conduct-engine --help" for usage\.\n$/s);
      assert.equal(r.stdout, '');
    });
  }
});
