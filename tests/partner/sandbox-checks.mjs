// The checks on what tests/partner/sandbox-attacks.mjs reports, shared by
// the Node and the browser tests (Node only: it asserts).

import assert from 'node:assert/strict';
import { findingsLine } from './sandbox-attacks.mjs';

const MiB = 1 << 20;

/** What every trap or limit error must be. */
export function checkError(error, { code, limit }, what) {
  assert.ok(error, `${what}: an error, not a verdict`);
  assert.equal(error.name, 'ConductError', `${what}: ${error.name}: ${error.message}`);
  assert.equal(error.code, code, `${what}: ${error.message}`);
  assert.match(error.message, limit, what);
  assert.doesNotMatch(error.message, /panicked at|\.rs:\d|RuntimeError|internal error/, `${what}: no internals in ${error.message}`);
}

export function checkRuleAttack(r, attack, how) {
  assert.deepEqual(r.ids, [attack.id]);
  const line = findingsLine(attack.source);
  for (const [step, result] of [['evaluate', r.evaluate], ['a session change', r.change], ['evaluate again', r.again]]) {
    const what = `${how}: ${attack.name}, ${step}`;
    checkError(result.error, attack, what);
    assert.ok(result.error.message.startsWith(`rule ${attack.id} (${attack.file}:${line}) `), `${what}: names the rule and file: ${result.error.message}`);
    assert.deepEqual(result.error.location, { file: attack.file, line, column: 1 }, what);
  }
  assert.equal(r.sameEngine, true, `${how}: ${attack.name}: the same engine gives the verdict it gave before`);
  assert.equal(r.session, true, `${how}: ${attack.name}: the session keeps its incident and verdict`);
  assert.equal(r.freshEngine, true, `${how}: ${attack.name}: a fresh engine gives that verdict too`);
}

export function checkLoadAttack(r, attack, how) {
  checkError(r.load.error, attack, `${how}: ${attack.name}`);
  assert.equal(r.load.error.location.file, attack.file);
  assert.equal(r.sameEngine, true, `${how}: ${attack.name}: same engine`);
  assert.equal(r.freshEngine, true, `${how}: ${attack.name}: fresh engine`);
}

export function checkQueryAttack(r, attack, how) {
  checkError(r.query.error, attack, `${how}: ${attack.name}`);
  assert.equal(r.answer, true, `${how}: ${attack.name}: the clean query's answer is unchanged`);
  assert.equal(JSON.parse(r.answerText).result[0].expressions[0].value, 42);
  assert.equal(r.sameEngine, true, `${how}: ${attack.name}: an engine's verdict is unchanged`);
  assert.equal(r.freshEngine, true, `${how}: ${attack.name}: a fresh engine's verdict is unchanged`);
}

/** What runTrapsInARow reports after `count` traps each way. */
export function checkTrapsInARow(r, count, how) {
  assert.deepEqual(r.codes, { limit_exceeded: count }, `${how}: each new engine traps with a typed error`);
  assert.deepEqual(r.sameCodes, { limit_exceeded: count }, `${how}: the same engine traps with a typed error each time`);
  assert.equal(r.afterEngines, true, `${how}: an engine made after ${count} trapped engines judges as before`);
  assert.equal(r.sameEngine, true, `${how}: the engine that trapped ${count} times judges as before`);
  assert.equal(r.freshEngine, true, `${how}: a fresh engine judges as before`);
  assert.equal(r.stats.traps, count);
  assert.equal(r.stats.rebuilds, count, `${how}: one rebuild per trap (the last one for the clean question)`);
  assert.ok(r.stats.memoryBytes < 8 * MiB, `${how}: the rebuilt instance is small: ${r.stats.memoryBytes}`);
}
