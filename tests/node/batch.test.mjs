// conduct-engine/batch as a script imports it from the packed package:
// evaluateMany and validateMany in input order whatever the number of
// workers, every kind of input, streaming and bounded reading, stopping,
// a worker that dies, bad options, CommonJS, and the TypeScript types.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { consumerDir, importFromConsumer, installedDir, prepareConsumer, requireFromConsumer, root } from './pack.mjs';
import * as fixtures from './fixtures.mjs';
import { incidents } from './batch-incidents.mjs';
import { good, goodMessages } from '../partner/policies.mjs';

let batch;
let api;
const WORKER_SCRIPT = Symbol.for('conduct-engine/batch worker script');
// Decided before the tests are declared, so the package is installed first.
prepareConsumer();

before(async () => {
  prepareConsumer();
  fs.writeFileSync(path.join(consumerDir, 'batch.mjs'), "export * from 'conduct-engine/batch';\n");
  fs.writeFileSync(path.join(consumerDir, 'batch.cjs'), "module.exports = require('conduct-engine/batch');\n");
  // A worker that dies on any incident whose text holds CRASH, judging the
  // others as the real one does.
  fs.writeFileSync(
    path.join(consumerDir, 'crashing-worker.mjs'),
    `import { parentPort, workerData } from 'node:worker_threads';
import { createJudge } from 'conduct-engine/batch/judge.mjs';
const judge = await createJudge(workerData.engine, workerData.task);
parentPort.on('message', ({ seq, texts, isolate, from }) => {
  const results = [];
  for (let i = from; i < texts.length; i++) {
    if (texts[i].includes('CRASH')) process.exit(7);
    const result = judge(texts[i]);
    if (isolate) parentPort.postMessage({ type: 'item', seq, i, result });
    else results.push(result);
  }
  parentPort.postMessage({ type: 'done', seq, results: isolate ? null : results });
});
parentPort.postMessage({ type: 'ready' });
`.replace('conduct-engine/batch/judge.mjs', path.join(installedDir, 'batch', 'judge.mjs')),
  );
  batch = await importFromConsumer('batch.mjs');
  api = await importFromConsumer('esm.mjs');
});

async function collect(iterable) {
  const out = [];
  for await (const r of iterable) out.push(r);
  return out;
}

describe('evaluateMany', () => {
  for (const workers of [0, 1, 2, 3]) {
    test(`${workers} workers: every verdict the engine gives, in input order`, async () => {
      const list = [...incidents(300, 5)];
      const engine = new api.ConductEngine();
      const expected = list.map((x) => engine.evaluateJson(JSON.stringify(x)));
      const results = await collect(batch.evaluateMany(list, { workers, verdicts: 'json' }));
      assert.deepEqual(results.map((r) => r.index), list.map((_, i) => i));
      assert.deepEqual(results.map((r) => r.verdict), expected);
      const bytes = await collect(batch.evaluateMany(list.map((x) => Buffer.from(JSON.stringify(x))), { workers, verdicts: 'bytes' }));
      assert.ok(bytes.every((r) => r.verdict instanceof Uint8Array));
      assert.deepEqual(bytes.map((r) => Buffer.from(r.verdict).toString()), expected);
      assert.deepEqual(results.map((r) => r.outcome), expected.map((v) => JSON.parse(v).outcome));
      assert.ok(results.every((r) => !('source' in r)), 'no source unless an entry gave one');
    });
  }

  test('objects, JSON texts, UTF-8 bytes and entries with sources; what cannot be judged is an error in its place', async () => {
    const cycle = { schemaVersion: '1' };
    cycle.self = cycle;
    let deep = {};
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const source = { file: 'x.jsonl', line: 3 };
    const input = [
      fixtures.noConsentNoJustification(),
      JSON.stringify(fixtures.priorConsent()),
      Buffer.from(JSON.stringify(fixtures.fullyJustified())),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      batch.entry(source, fixtures.placeholderEthical()),
      batch.entry('text', '{"schemaVersion": "1", '),
      batch.inputError('unreadable.json', { code: 'io_error', message: 'cannot read unreadable.json' }),
      cycle,
      { schemaVersion: '1', big: 10n },
      deep,
      undefined,
      { schemaVersion: '9' },
      fixtures.typical(),
    ];
    const results = await collect(batch.evaluateMany(input, { workers: 2 }));
    assert.deepEqual(
      results.map((r) => [r.index, r.source, r.verdict?.outcome ?? r.error.code]),
      [
        [0, undefined, 'violation'],
        [1, undefined, 'not_applicable'],
        [2, undefined, 'compliant'],
        [3, undefined, 'invalid_json'],
        [4, source, 'incomplete'],
        [5, 'text', 'invalid_json'],
        [6, 'unreadable.json', 'io_error'],
        [7, undefined, 'invalid_json'],
        [8, undefined, 'invalid_json'],
        [9, undefined, 'limit_exceeded'],
        [10, undefined, 'invalid_json'],
        [11, undefined, 'unsupported_schema_version'],
        [12, undefined, 'violation'],
      ],
    );
    assert.equal(results[3].error.message, 'not valid JSON: the bytes are not UTF-8 text');
    assert.equal(results[4].source, source, 'the very object, never sent to a worker');
    assert.equal(results[0].verdict.findings.find((f) => f.rule === 'B12').missing.length, 4);
    assert.deepEqual(results[6].error, { code: 'io_error', path: null, message: 'cannot read unreadable.json', problems: [] });
    assert.equal(results[11].error.path, '/schemaVersion');
  });

  test('an async input is judged as it comes: a result is out before the next item is in', async () => {
    let release;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    async function* slow() {
      yield fixtures.noConsentNoJustification();
      await gate; // only after the first result has been seen
      yield fixtures.priorConsent();
    }
    const seen = [];
    for await (const r of batch.evaluateMany(slow(), { workers: 1 })) {
      seen.push(r.outcome);
      release();
    }
    assert.deepEqual(seen, ['violation', 'not_applicable']);
  });

  test('an input that throws: the results of what it gave first, then its error', async () => {
    function* failing() {
      yield fixtures.priorConsent();
      yield fixtures.noConsentNoJustification();
      throw new Error('disk on fire');
    }
    const seen = [];
    await assert.rejects(async () => {
      for await (const r of batch.evaluateMany(failing(), { workers: 2 })) seen.push(r.outcome);
    }, /disk on fire/);
    assert.deepEqual(seen, ['not_applicable', 'violation']);
  });

  test('reading stays a bounded distance ahead of a slow consumer', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled += 1;
        yield fixtures.priorConsent();
      }
    }
    let n = 0;
    for await (const r of batch.evaluateMany(endless(), { workers: 2, verdicts: 'json' })) {
      assert.equal(r.index, n);
      n += 1;
      if (n === 10) await new Promise((resolve) => setTimeout(resolve, 500));
      if (n === 20) break;
    }
    // 4 chunks per worker of 64 incidents each, and the chunk being filled.
    assert.ok(pulled <= 20 + 8 * 64 + 64, `${pulled} read for 20 consumed`);
  });

  test('an aborted signal stops reading; everything read is still judged and yielded, then the iteration ends', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled += 1;
        yield pulled % 3 === 0 ? fixtures.noConsentNoJustification() : fixtures.priorConsent();
      }
    }
    const controller = new AbortController();
    const results = [];
    for await (const r of batch.evaluateMany(endless(), { workers: 2, signal: controller.signal, verdicts: 'json' })) {
      results.push(r);
      if (results.length === 100) controller.abort();
    }
    assert.ok(results.length >= 100);
    assert.equal(results.length, pulled, 'every incident read was judged');
    assert.deepEqual(results.map((r) => r.index), results.map((_, i) => i));
    const already = new AbortController();
    already.abort();
    assert.deepEqual(await collect(batch.evaluateMany(endless(), { signal: already.signal })), []);
  });

  test('breaking out ends the workers and closes the input: the process exits by itself', () => {
    const script = `
      import { evaluateMany } from 'conduct-engine/batch';
      let closed = false;
      function* endless() { try { for (;;) yield { schemaVersion: '1' }; } finally { closed = true; } }
      let n = 0;
      for await (const r of evaluateMany(endless(), { workers: 2 })) if (++n === 5) break;
      console.log(n, closed);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumerDir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '5 true\n');
  });

  test('a worker that dies costs the one incident it was judging; the others are judged by its successor', async () => {
    const list = [...incidents(200, 11)].map((x, i) => (i === 37 || i === 150 ? { ...x, id: 'CRASH' } : x));
    const engine = new api.ConductEngine();
    const results = await collect(batch.evaluateMany(list, { workers: 2, verdicts: 'json', [WORKER_SCRIPT]: path.join(consumerDir, 'crashing-worker.mjs') }));
    assert.equal(results.length, 200);
    for (const [i, r] of results.entries()) {
      assert.equal(r.index, i);
      if (i === 37 || i === 150) {
        assert.equal(r.error.code, 'internal_error');
        assert.match(r.error.message, /worker judging this incident stopped \(exit code 7\)/);
      } else {
        assert.equal(r.verdict, engine.evaluateJson(JSON.stringify(list[i])), `incident ${i}`);
      }
    }
  });

  test('a worker that cannot start beside one that can: the run goes on with the one', async () => {
    const marker = path.join(consumerDir, `first-worker-${process.pid}`);
    const script = path.join(consumerDir, 'one-starts.mjs');
    fs.writeFileSync(
      script,
      `import fs from 'node:fs';
try { fs.mkdirSync(${JSON.stringify(marker)}); } catch { process.exit(9); }
await import(${JSON.stringify(path.join(installedDir, 'batch', 'worker.mjs'))});
`,
    );
    try {
      const results = await collect(batch.evaluateMany(Array.from({ length: 1000 }, () => fixtures.priorConsent()), { workers: 3, verdicts: 'json', [WORKER_SCRIPT]: script }));
      assert.equal(results.length, 1000);
      assert.ok(results.every((r, i) => r.index === i && r.outcome === 'not_applicable'));
    } finally {
      fs.rmSync(marker, { recursive: true, force: true });
    }
  });

  test('bad options throw at the call; a bad configuration rejects at the first result', async () => {
    for (const [input, options, message] of [
      [[], { workers: -1 }, /workers/],
      [[], { workers: 1.5 }, /workers/],
      [[], { verdicts: 'xml' }, /verdicts/],
      [[], { verdicts: 'text' }, /verdicts must be "object", "json" or "bytes"/],
      [[], { colour: 'red' }, /unknown option "colour"/],
      [[], { config: [] }, /config must be an object/],
      [[], { signal: {} }, /signal/],
      [[], { policies: { files: [{ path: 'x.rego' }] } }, /policies/],
      [42, {}, /iterable/],
      ['{"schemaVersion": "1"}', {}, /iterable/],
    ]) {
      assert.throws(() => batch.evaluateMany(input, options), { name: 'TypeError', message });
    }
    await assert.rejects(collect(batch.evaluateMany([{ schemaVersion: '1' }], { config: { minExplanationLenght: 5 } })), {
      name: 'ConductError',
      code: 'invalid_config',
      path: '/config/minExplanationLenght',
    });
    await assert.rejects(collect(batch.evaluateMany([{ schemaVersion: '1' }], { workers: 0, locale: 'xx' })), { name: 'ConductError' });
  });

  test('locale, config and limits reach every worker', async () => {
    const list = [fixtures.fullyJustified(), fixtures.noConsentNoJustification()];
    const options = { locale: 'nl', config: { minExplanationLength: 500 }, limits: { maxDepth: 3 } };
    const results = await collect(batch.evaluateMany(list, { workers: 2, ...options }));
    assert.equal(results[0].error.code, 'limit_exceeded');
    const engine = new api.ConductEngine({ locale: 'nl', config: { minExplanationLength: 500 } });
    const relaxed = await collect(batch.evaluateMany(list, { workers: 2, locale: 'nl', config: { minExplanationLength: 500 } }));
    assert.deepEqual(relaxed.map((r) => r.verdict), list.map((x) => engine.evaluate(x)));
    assert.equal(relaxed[0].outcome, 'incomplete');
  });
});

describe('validateMany', () => {
  test('every problem of every incident, in input order, judging none', async () => {
    const wrong = fixtures.noConsentNoJustification();
    wrong.actions[0].consent.prior = 'yes';
    wrong.extra = true;
    const results = await collect(batch.validateMany([fixtures.typical(), wrong, 'not json', batch.inputError('gone.json', { code: 'io_error', message: 'gone' })], { workers: 2 }));
    assert.deepEqual(results.map((r) => [r.index, r.valid, r.error?.code]), [
      [0, true, undefined],
      [1, false, undefined],
      [2, false, undefined],
      [3, undefined, 'io_error'],
    ]);
    assert.deepEqual(results[0].problems, []);
    assert.deepEqual(results[1].problems.map((p) => p.path).sort(), ['/actions/0/consent/prior', '/extra']);
    assert.equal(results[2].problems[0].code, 'invalid_json');
  });
});

describe('the package', () => {
  test('CommonJS: require("conduct-engine/batch") gives the same functions', async () => {
    const cjs = requireFromConsumer('batch.cjs');
    assert.equal(typeof cjs.evaluateMany, 'function');
    assert.throws(() => cjs.evaluateMany([], { workers: 'two' }), TypeError);
    const results = await collect(cjs.evaluateMany([fixtures.priorConsent(), cjs.entry('b', fixtures.noConsentNoJustification())], { workers: 1 }));
    assert.deepEqual(results.map((r) => [r.index, r.source, r.outcome]), [[0, undefined, 'not_applicable'], [1, 'b', 'violation']]);
    // Entries made by one face are read by the other.
    const mixed = await collect(batch.evaluateMany([cjs.entry('c', fixtures.priorConsent())], { workers: 0 }));
    assert.equal(mixed[0].source, 'c');
    const early = cjs.evaluateMany([fixtures.priorConsent()]);
    assert.deepEqual(await early.return(), { done: true, value: undefined });
    const checked = await collect(cjs.validateMany([fixtures.priorConsent()], { workers: 0 }));
    assert.equal(checked[0].valid, true);
  });

  test('the ./batch export is for Node only', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(manifest.exports['./batch']), ['node']);
  });

  test('TypeScript: the batch API as Node ESM and CommonJS users compile against it', () => {
    const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
    const target = path.join(consumerDir, 'batch-types');
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target);
    const body = (imports) => `${imports}
const incidents: Incident[] = [{ schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] }];
async function main(): Promise<void> {
  const options: BatchOptions = { workers: 2, locale: 'nl', config: { minExplanationLength: 30 } };
  for await (const r of evaluateMany(incidents, options)) {
    const v: Verdict | string | Uint8Array | undefined = r.verdict;
    console.log(v);
  }
  for await (const r of evaluateMany(incidents, { workers: 2, locale: 'nl' })) {
    const i: number = r.index;
    if (r.error) {
      const code: BatchErrorCode | string = r.error.code;
      const where: string | null = r.error.path;
      console.log(i, code, where);
    } else {
      const v: Verdict = r.verdict;
      const o: Status = r.outcome;
      console.log(v.findings.length, o);
    }
  }
  for await (const r of evaluateMany(['{"schemaVersion":"1"}'], { verdicts: 'json' })) {
    if (!r.error) {
      const text: string = r.verdict;
      console.log(text.length);
    }
  }
  for await (const r of evaluateMany([new TextEncoder().encode('{"schemaVersion":"1"}')], { verdicts: 'bytes' })) {
    if (!r.error) {
      const bytes: Uint8Array = r.verdict;
      console.log(bytes.length);
    }
  }
  async function* lines(): AsyncGenerator<BatchEntry<{ file: string; line: number }>> {
    yield entry({ file: 'a.jsonl', line: 1 }, '{"schemaVersion":"1"}');
    yield inputError({ file: 'b.json', line: 0 }, { code: 'io_error', message: 'gone' });
  }
  for await (const r of evaluateMany(lines())) {
    const file: string | undefined = r.source?.file;
    console.log(file);
  }
  for await (const r of validateMany(incidents, { workers: 0 })) {
    const problems: ValidationProblem[] | undefined = r.problems;
    console.log(problems, r.error?.message);
  }
  // @ts-expect-error verdicts is 'object' or 'json'
  evaluateMany(incidents, { verdicts: 'xml' });
  // @ts-expect-error workers is a number
  evaluateMany(incidents, { workers: 'all' });
}
main();
`;
    const types = "import type { BatchEntry, BatchErrorCode, BatchOptions } from 'conduct-engine/batch';\nimport type { Incident, Status, ValidationProblem, Verdict } from 'conduct-engine';\n";
    fs.writeFileSync(path.join(target, 'esm.mts'), body(`import { entry, evaluateMany, inputError, validateMany } from 'conduct-engine/batch';\n${types}`));
    fs.writeFileSync(path.join(target, 'cjs.cts'), body(`import { entry, evaluateMany, inputError, validateMany } = require('conduct-engine/batch');\n${types}`).replace(/^import \{ entry.*$/m, "import batch = require('conduct-engine/batch');\nconst { entry, evaluateMany, inputError, validateMany } = batch;"));
    fs.writeFileSync(
      path.join(target, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['esnext', 'dom'], strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['esm.mts', 'cjs.cts'] }),
    );
    const r = spawnSync(tsc, ['-p', 'tsconfig.json'], { cwd: target, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc reported:\n${r.stdout}${r.stderr}`);
  });
});

describe('partner rules', () => {
  test('policies reach every worker: partner findings in every verdict', async () => {
    const redTeam = (socInformed) => ({ schemaVersion: '1', actions: [{ id: 'a1', kind: 'red-team', consent: { prior: true } }], extensions: { socInformed } });
    const policies = { files: [{ path: 'acme/soc.rego', source: good }], messages: goodMessages };
    const results = await collect(batch.evaluateMany([redTeam(true), redTeam(false), redTeam(true)], { workers: 2, policies, locale: 'nl' }));
    const acme = results.map((r) => r.verdict.findings.find((f) => f.rule === 'ACME1'));
    assert.deepEqual(acme.map((f) => f.status), ['compliant', 'violation', 'compliant']);
    assert.equal(acme[0].message, 'Het SOC wist van deze oefening.');
    await assert.rejects(collect(batch.evaluateMany([redTeam(true)], { policies: { files: [{ path: 'bad.rego', source: 'package conduct.partner.x\nfindings contains x if {' }] } })), {
      name: 'ConductError',
      code: 'policy_error',
    });
  });
});
