// A module Web Worker for the partner sandbox's tests: loads
// conduct-engine/rego by URL (import maps do not reach workers), runs the
// attack it is asked for from tests/partner/sandbox-attacks.mjs, and posts
// back what happened.
import init, * as rego from '/node_modules/conduct-engine/rego/web.js';
import * as attacks from '/partner/sandbox-attacks.mjs';

const ready = init();

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const { kind, index, clean, count } = data;
    let result;
    if (kind === 'rule') result = attacks.runRuleAttack(rego, attacks.ruleAttacks[index], clean);
    else if (kind === 'load') result = attacks.runLoadAttack(rego, attacks.loadAttacks[index], clean);
    else if (kind === 'query') result = attacks.runQueryAttack(rego, attacks.queryAttacks[index], clean);
    else if (kind === 'row') result = attacks.runTrapsInARow(rego, attacks.ruleAttacks[index], clean, count);
    else throw new Error(`no attack of kind ${kind}`);
    self.postMessage({ result });
  } catch (e) {
    self.postMessage({ failure: String((e && e.stack) || e) });
  }
};
