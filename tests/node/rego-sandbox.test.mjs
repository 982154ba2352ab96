// The partner sandbox of `conduct-engine/rego`, attacked through the packed
// package in Node (ES modules, and CommonJS for every attack too): each
// partner rule that recurses, crashes regorus, bombs memory or runs away
// ends its call with a typed error that names the rule, its file and the
// limit; sources too deep or too costly are refused at load; evaluateRego's
// runaways stop. After each, the same engine (and its session) and a fresh
// engine give the verdict known from before the attack, byte for byte.
// Then: 300 traps in a row, every limit on every partner path, and memory:
// the partner instance after a bomb and after its rebuild, the trapped
// instance's memory let go, and the default entry's instance untouched.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { importFromConsumer, prepareConsumer, requireFromConsumer } from './pack.mjs';
import * as fixtures from './fixtures.mjs';
import { watchInstances } from './instances.mjs';
import { checkLoadAttack, checkQueryAttack, checkRuleAttack, checkTrapsInARow } from '../partner/sandbox-checks.mjs';
import {
  cleanQuery,
  findingsLine,
  hostileRule,
  loadAttacks,
  queryAttacks,
  ruleAttacks,
  runLoadAttack,
  runQueryAttack,
  runRuleAttack,
  runTrapsInARow,
} from '../partner/sandbox-attacks.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const MiB = 1 << 20;
let rego; // conduct-engine/rego, imported
let regoCjs; // conduct-engine/rego, required
let plain; // conduct-engine, the default entry
let defaultInstance; // its WebAssembly.Instance
const regoInstances = []; // WeakRefs to every partner instance made

before(async () => {
  prepareConsumer();
  // Keep an eye on the instances the package makes: the default entry's
  // (wasm-bindgen's, which exports neither it nor its memory) and each
  // partner sandbox's.
  watchInstances((created) => {
    if (typeof created.exports.wasmengine_evaluate === 'function') defaultInstance ??= created;
    if (typeof created.exports.ce_call === 'function') regoInstances.push(new WeakRef(created.exports.memory));
  });
  plain = await importFromConsumer('esm.mjs');
  rego = await importFromConsumer('rego.mjs');
  regoCjs = requireFromConsumer('rego.cjs');
});

const clean = fixtures.typical();

for (const [how, api] of [['ESM', () => rego], ['CJS', () => regoCjs]]) {
  describe(`${how}: partner rules that trap or run away`, () => {
    for (const attack of ruleAttacks) {
      test(attack.name, () => checkRuleAttack(runRuleAttack(api(), attack, clean), attack, how));
    }
  });

  describe(`${how}: sources refused at load`, () => {
    for (const attack of loadAttacks) {
      test(attack.name, () => checkLoadAttack(runLoadAttack(api(), attack, clean), attack, how));
    }
  });

  describe(`${how}: evaluateRego runaways`, () => {
    for (const attack of queryAttacks) {
      test(attack.name, () => checkQueryAttack(runQueryAttack(api(), attack, clean), attack, how));
    }
  });
}

test('CJS: the error is the CommonJS entry\'s own ConductError', () => {
  const engine = new regoCjs.ConductEngine();
  engine.addPolicy(ruleAttacks[0].file, ruleAttacks[0].source);
  assert.throws(() => engine.evaluate({ ...clean, extensions: { attack: true } }), (e) => e instanceof regoCjs.ConductError && e.code === 'limit_exceeded');
});

test('300 traps in a row: engines made one after another, then one engine; every one typed, none poisoned', () => {
  const attack = ruleAttacks.find((a) => a.id === 'X1'); // self-recursion: a stack overflow each time
  checkTrapsInARow(runTrapsInARow(rego, attack, clean, 300), 300, 'Node');
});

describe('naming: the rule and its file, wherever the trap happens', () => {
  test('a bundle: the rule that trapped is named with its own file, not the bundle\'s first', () => {
    const engine = new rego.ConductEngine();
    const harmless = hostileRule('Y1', 'false');
    const helper = 'package conduct.partner.helpers\n\ndeep(x) := y if {\n\ty := deep(x + 1)\n}\n';
    const caller = hostileRule('Y2', 'data.conduct.partner.helpers.deep(1) > 0');
    assert.deepEqual(engine.addPolicies({ files: [{ path: 'acme/y1.rego', source: harmless }, { path: 'acme/helpers.rego', source: helper }, { path: 'acme/y2.rego', source: caller }] }), ['Y1', 'Y2']);
    const before = engine.evaluateJson(JSON.stringify(clean));
    assert.throws(() => engine.evaluate({ ...clean, extensions: { attack: true } }), (e) => {
      // The recursion is in helpers.rego; the rule that ran it is Y2, of y2.rego.
      assert.equal(e.code, 'limit_exceeded');
      assert.match(e.message, new RegExp(`^rule Y2 \\(acme/y2\\.rego:${findingsLine(caller)}\\) recursed too deeply`));
      assert.deepEqual(e.location, { file: 'acme/y2.rego', line: findingsLine(caller), column: 1 });
      return true;
    });
    assert.equal(engine.evaluateJson(JSON.stringify(clean)), before);
  });

  test('a trap while loading names the file being loaded', () => {
    const engine = new rego.ConductEngine({ limits: { maxMemoryBytes: 8 * MiB } });
    // 1,000 lines of 120 numbers: under 1 MiB of text, far more than 8 MiB parsed.
    const wide = Array.from({ length: 1000 }, (_, i) => `a${i} := [${Array.from({ length: 120 }, (_, k) => k).join(',')}]`).join('\n');
    assert.throws(() => engine.addPolicies({ files: [{ path: 'ok/a.rego', source: 'package conduct.partner.a\n\nx := 1\n' }, { path: 'deep/wide.rego', source: `package conduct.partner.wide\n\n${wide}\n` }] }), (e) => {
      assert.equal(e.code, 'limit_exceeded');
      assert.match(e.message, /^loading deep\/wide\.rego needed more memory than the cap of 8 MiB/);
      return true;
    });
    // Refused whole: the good file of that bundle did not stay either.
    assert.deepEqual(engine.addPolicy('ok/a.rego', 'package conduct.partner.a\n\nx := 1\n'), []);
  });

  test('what would overflow the parser\'s stack is refused before regorus reads it, with its place', () => {
    // 40,000 unary minus signs: no brackets, 400 to a line; regorus's parser
    // recurses on each, so the chain check stops them at the 129th.
    const minus = Array.from({ length: 100 }, () => '- '.repeat(400)).join('\n');
    for (const path of ['deep/minus.rego', 'load/minus.rego']) {
      assert.throws(() => new rego.ConductEngine().addPolicy(path, `package conduct.partner.minus\n\nx := ${minus}1\n`), (e) => {
        assert.equal(e.code, 'limit_exceeded');
        assert.equal(e.message, `${path}:3:260: an expression chains more than 128 operators, reference steps and brackets`);
        assert.deepEqual(e.location, { file: path, line: 3, column: 260 });
        return true;
      });
    }
  });

  test('a body too costly to analyse is refused before regorus parses it, with its place', () => {
    const body = Array.from({ length: 2000 }, (_, i) => `\tv${i} := ${i}`).join('\n');
    const source = `package conduct.partner.slow\n\nx if {\n${body}\n}\n`;
    const t0 = performance.now();
    assert.throws(() => new rego.ConductEngine().addPolicy('slow/body.rego', source), (e) => {
      assert.equal(e.code, 'limit_exceeded');
      assert.match(e.message, /^slow\/body\.rego:3:6: this block has 2000 statements over 2000 names, too many to analyse/);
      assert.deepEqual(e.location, { file: 'slow/body.rego', line: 3, column: 6 });
      return true;
    });
    assert.throws(() => rego.evaluateRego(JSON.stringify({ modules: [{ path: 'slow.rego', source }], query: '1' })), (e) => e.code === 'limit_exceeded' && /slow\.rego:3:6/.test(e.message));
    // Loaded, 2,000 statements would take regorus's scheduler seconds; refused, it takes milliseconds.
    assert.ok(performance.now() - t0 < 1000, `refused quickly: ${performance.now() - t0} ms`);
  });
});

describe('every limit on every partner path', () => {
  const marked = { ...clean, extensions: { attack: true } };
  const rule = (id) => ruleAttacks.find((a) => a.id === id);
  const typedWith = (code, pattern) => (e) => {
    assert.equal(e.name, 'ConductError');
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };

  test('evaluation and sessions: the instruction budget, the memory cap, the stack', () => {
    for (const [id, pattern] of [['X7', /stopped after 500000 instructions/], ['X4', /cap of 64 MiB/], ['X1', /stack of 2 MiB/]]) {
      const engine = new rego.ConductEngine();
      engine.addPolicy(rule(id).file, rule(id).source);
      assert.throws(() => engine.evaluate(marked), typedWith('limit_exceeded', pattern), `evaluate: ${id}`);
      assert.throws(() => engine.session(marked), typedWith('limit_exceeded', pattern), `opening a session: ${id}`);
      const session = engine.session(clean);
      assert.throws(() => session.update('/extensions', { attack: true }), typedWith('limit_exceeded', pattern), `a session change: ${id}`);
    }
  });

  test('the instruction budget is the engine\'s limits.maxInstructions', () => {
    const engine = new rego.ConductEngine({ limits: { maxInstructions: 20000 } });
    engine.addPolicy(rule('X7').file, rule('X7').source);
    assert.throws(() => engine.evaluate(marked), typedWith('limit_exceeded', /stopped after 20000 instructions/));
  });

  test('the memory cap is limits.maxMemoryBytes: a rule that needs 16 MiB runs under the default and stops under 8 MiB', () => {
    const source = hostileRule('M1', 'count(numbers.range(1, 1000000)) > 0');
    const roomy = new rego.ConductEngine();
    roomy.addPolicy('m/m1.rego', source);
    assert.equal(roomy.evaluate(marked).findings.find((f) => f.rule === 'M1').status, 'violation');
    const tight = new rego.ConductEngine({ limits: { maxMemoryBytes: 8 * MiB } });
    tight.addPolicy('m/m1.rego', source);
    assert.throws(() => tight.evaluate(marked), typedWith('limit_exceeded', /^rule M1 \(m\/m1\.rego:\d+\) needed more memory than the cap of 8 MiB \(limits\.maxMemoryBytes\)/));
    assert.equal(tight.stats().sandbox.memoryCapBytes, 8 * MiB);
    assert.equal(roomy.stats().sandbox.memoryCapBytes, 64 * MiB, 'the documented default');
    assert.throws(() => new rego.ConductEngine({ limits: { maxMemoryBytes: 1000 } }), (e) => e.code === 'invalid_config' && e.path === '/limits/maxMemoryBytes');
    assert.throws(() => new rego.ConductEngine({ limits: { maxMemoryBytes: 449 * MiB } }), (e) => e.code === 'invalid_config' && e.path === '/limits/maxMemoryBytes');
  });

  test('addPolicy: the memory cap, the stack, the source size, the nesting depth and the analysis cost hold at load', () => {
    const engine = new rego.ConductEngine({ limits: { maxMemoryBytes: 4 * MiB } });
    const clean0 = engine.evaluateJson(JSON.stringify(clean));
    // 1,000 lines of 120 numbers: under 1 MiB of text, far more than 4 MiB parsed.
    const wide = Array.from({ length: 1000 }, (_, i) => `a${i} := [${Array.from({ length: 120 }, (_, k) => k).join(',')}]`).join('\n');
    assert.throws(() => engine.addPolicy('load/wide.rego', `package conduct.partner.wide\n\n${wide}\n`), typedWith('limit_exceeded', /^loading load\/wide\.rego needed more memory than the cap of 4 MiB/));
    // Over 1 MiB of source: refused by its size under the default cap, and
    // under a cap of 4 MiB already while the bundle is read.
    const big = loadAttacks.find((a) => a.file === 'deep/big.rego');
    assert.throws(() => engine.addPolicy(big.file, big.source), typedWith('limit_exceeded', /^loading deep\/big\.rego needed more memory than the cap of 4 MiB/));
    for (const attack of loadAttacks) assert.throws(() => new rego.ConductEngine().addPolicy(attack.file, attack.source), typedWith('limit_exceeded', attack.limit));
    assert.equal(engine.evaluateJson(JSON.stringify(clean)), clean0);
  });

  test('evaluateRego: its budget and memory cap come from its options', () => {
    const triple = queryAttacks[0].request;
    assert.throws(() => rego.evaluateRego(JSON.stringify(triple), { limits: { maxInstructions: 10000 } }), typedWith('limit_exceeded', /about 10000 units of work/));
    const needs24 = JSON.stringify({ modules: [], query: 'count(numbers.range(1, 1000000))' });
    assert.equal(JSON.parse(rego.evaluateRego(needs24)).result[0].expressions[0].value, 1000000);
    assert.throws(() => rego.evaluateRego(needs24, { limits: { maxMemoryBytes: 4 * MiB } }), typedWith('limit_exceeded', /^the query `count\(numbers\.range\(1, 1000000\)\)` needed more memory than the cap of 4 MiB/));
    assert.equal(rego.evaluateRego(JSON.stringify(cleanQuery)), rego.evaluateRego(JSON.stringify(cleanQuery)));
  });
});

describe('memory', () => {
  test('after a bomb the partner instance is dropped and rebuilt small; the default entry\'s instance is untouched', async (t) => {
    assert.ok(defaultInstance, 'the default entry\'s instance was seen');
    const defaultEngine = new plain.ConductEngine();
    const defaultVerdict = defaultEngine.evaluateJson(JSON.stringify(clean));
    const defaultBytes = defaultInstance.exports.memory.buffer.byteLength;

    const attack = ruleAttacks.find((a) => a.id === 'X5'); // the concat doubling loop
    const engine = new rego.ConductEngine();
    engine.addPolicy(attack.file, attack.source);
    const verdict = engine.evaluateJson(JSON.stringify(clean));
    const built = engine.stats().sandbox.memoryBytes;
    const made = regoInstances.length;
    assert.throws(() => engine.evaluate({ ...clean, extensions: { attack: true } }), (e) => e.code === 'limit_exceeded');
    const bombed = regoInstances[made - 1];
    const { lastTrapMemoryBytes, traps } = engine.stats().sandbox; // stats() rebuilds the instance
    const rebuilt = engine.stats().sandbox.memoryBytes;
    t.diagnostic(`partner instance: ${(built / MiB).toFixed(1)} MiB when built, ${(lastTrapMemoryBytes / MiB).toFixed(1)} MiB when the bomb trapped, ${(rebuilt / MiB).toFixed(1)} MiB rebuilt; default entry ${(defaultBytes / MiB).toFixed(1)} MiB before and ${(defaultInstance.exports.memory.buffer.byteLength / MiB).toFixed(1)} MiB after`);
    assert.equal(traps, 1);
    assert.ok(lastTrapMemoryBytes >= 64 * MiB, `the bomb grew the instance to its cap: ${lastTrapMemoryBytes}`);
    assert.ok(lastTrapMemoryBytes <= 80 * MiB, `and not far past it: ${lastTrapMemoryBytes}`);
    assert.equal(rebuilt, built, 'the rebuilt instance is the size of a new one');
    assert.equal(engine.evaluateJson(JSON.stringify(clean)), verdict);

    // The trapped instance's memory is garbage: nothing of the package holds it.
    for (let i = 0; i < 5 && bombed.deref() !== undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRefs hold their target until the job ends
      gc();
    }
    assert.equal(bombed.deref(), undefined, 'the trapped instance\'s memory was collected');

    // The default entry is another module with its own memory.
    assert.equal(defaultInstance.exports.memory.buffer.byteLength, defaultBytes, 'the default entry\'s memory did not grow');
    assert.equal(defaultEngine.evaluateJson(JSON.stringify(clean)), defaultVerdict);
    assert.equal(new plain.ConductEngine().evaluateJson(JSON.stringify(clean)), defaultVerdict);
  });

  test('an instance that grew 32 MiB past its build by a call that succeeded is replaced before the next call', () => {
    const engine = new rego.ConductEngine();
    // 2.5 million numbers: about 40 MiB, under the cap of 64.
    engine.addPolicy('m/m2.rego', hostileRule('M2', 'count(numbers.range(1, 2500000)) > 0'));
    const verdict = engine.evaluateJson(JSON.stringify(clean));
    const built = engine.stats().sandbox.memoryBytes;
    const heavy = engine.evaluate({ ...clean, extensions: { attack: true } });
    assert.equal(heavy.findings.find((f) => f.rule === 'M2').status, 'violation');
    const s = engine.stats().sandbox; // the next call: on a new instance
    assert.equal(s.traps, 0);
    assert.equal(s.rebuilds, 1, 'rebuilt once');
    assert.equal(s.memoryBytes, built);
    assert.equal(engine.evaluateJson(JSON.stringify(clean)), verdict);
  });
});

test('a session outlives a trap: its instance is rebuilt, the session reopened, and its verdicts stay those of evaluate', () => {
  const attack = ruleAttacks.find((a) => a.id === 'X1');
  const engine = new rego.ConductEngine();
  engine.addPolicy(attack.file, attack.source);
  const incident = fixtures.typical();
  const session = engine.session(incident);
  const field = '/actions/0/justification/legal/explanation';
  assert.equal(JSON.stringify(session.update(field, 'Before the trap.')), JSON.stringify(engine.evaluate({ ...structuredClone(incident), actions: withExplanation(incident.actions, 'Before the trap.') })));
  const rebuilds = engine.stats().sandbox.rebuilds;
  assert.throws(() => engine.evaluate({ ...incident, extensions: { attack: true } }), (e) => e.code === 'limit_exceeded');
  // The trap discarded the instance the session lived in.
  const after = session.update(field, 'After the trap.');
  assert.ok(engine.stats().sandbox.rebuilds > rebuilds, 'the instance was rebuilt');
  assert.equal(JSON.stringify(after), JSON.stringify(engine.evaluate({ ...structuredClone(incident), actions: withExplanation(incident.actions, 'After the trap.') })));
  assert.deepEqual(session.lastRerun, ['B12']);
  assert.equal(JSON.stringify(session.verdict()), JSON.stringify(after));
});

function withExplanation(actions, text) {
  const copy = structuredClone(actions);
  copy[0].justification.legal.explanation = text;
  return copy;
}
