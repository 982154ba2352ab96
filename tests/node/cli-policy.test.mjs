// `conduct-engine evaluate --policy FILE|DIR`: partner rules through the
// conduct-engine/rego entry, loaded only when --policy is given.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliPath, prepareConsumer } from './pack.mjs';
import { good, goodMessages, hostile } from '../partner/policies.mjs';

// Decided before the tests are declared, so the package is installed first.
prepareConsumer();
let dir;
const redTeam = (socInformed) => ({ schemaVersion: '1', id: `RT-${socInformed}`, actions: [{ id: 'a1', kind: 'red-team', consent: { prior: true } }], extensions: { socInformed } });

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduct-policy-'));
  const write = (name, content) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  write('partner/acme/soc.rego', good);
  // Rego unit tests beside the rule are not part of the bundle (this one
  // would not even load).
  write('partner/acme/soc_test.rego', 'package conduct.partner.acme_test\n\ntest_broken if {');
  write('partner/messages/en.json', JSON.stringify(goodMessages.en));
  write('partner/messages/nl.json', JSON.stringify(goodMessages.nl));
  write('broken/bad.rego', hostile[0][1]);
  write('cases.jsonl', [redTeam(true), redTeam(false)].map((x) => JSON.stringify(x)).join('\n') + '\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args) {
  const r = spawnSync(cliPath, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const records = (stdout) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const acme = (record) => record.verdict.findings.find((f) => f.rule === 'ACME1');

describe('--policy', () => {
  test('a directory: every .rego file but the tests, with messages/<locale>.json, in every worker', () => {
    const r = run(['evaluate', '--policy', 'partner', '--locale', 'nl', '-j', '2', 'cases.jsonl']);
    assert.equal(r.code, 1, r.stderr);
    const [told, untold] = records(r.stdout);
    assert.deepEqual([acme(told).status, acme(told).message], ['compliant', 'Het SOC wist van deze oefening.']);
    assert.equal(acme(untold).status, 'violation');
    assert.equal(acme(untold).missing[0].path, '/extensions/socInformed');
  });

  test('a file: that rule, with the messages beside it; in SARIF its rule is in the driver', () => {
    const r = run(['evaluate', '-f', 'sarif', '--policy', 'partner/acme/soc.rego', 'cases.jsonl']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.ok(doc.runs[0].tool.driver.rules.some((x) => x.id === 'ACME1'));
    assert.ok(doc.runs[0].results.some((x) => x.ruleId === 'ACME1'));
  });

  test('--rules chooses among the built-in rules; partner rules always run', () => {
    const r = run(['evaluate', '--policy', 'partner', '--rules', 'B12', 'cases.jsonl']);
    assert.deepEqual([...new Set(records(r.stdout)[0].verdict.findings.map((f) => f.rule))].sort(), ['ACME1', 'B12']);
  });

  test('a broken policy is a usage error naming the file, line and column', () => {
    const r = run(['evaluate', '--policy', 'broken', 'cases.jsonl']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--policy: broken\/bad\.rego:17:\d+: policy_error: /);
    assert.equal(r.stdout, '');
  });

  test('a --policy that holds no .rego file is a usage error', () => {
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const r = run(['evaluate', '--policy', 'empty', 'cases.jsonl']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no \.rego file in empty/);
  });
});
