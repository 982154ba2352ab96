// Attacks on the partner sandbox of `conduct-engine/rego`, and the runner
// that tries each one and checks the engine afterwards. Plain ES module
// without imports: Node tests import it from disk, the browser tests load it
// into a page and a Web Worker, so every environment runs the very same
// attacks and the same checks, and Node asserts on what they report.
//
// A hostile rule fires only on a marked incident (`extensions.attack` is
// true), so the engine that carries it can still be asked a clean question
// before and after the attack, and the answers compared byte for byte.

const METADATA = (id) => `# METADATA
# title: A hostile partner rule
# description: Fires only on an incident marked as an attack.
# custom:
#   id: ${id}
#   slug: hostile
#   section: behaviour
#   severity: minor
#   inputs:
#     - /extensions/attack`;

/** A partner rule whose findings need `condition` on a marked incident; `helpers` go beside it. */
export function hostileRule(id, condition, helpers = '') {
  return `${METADATA(id)}
package conduct.partner.${id.toLowerCase()}

${helpers}

findings contains {"subject": [], "status": "violation", "key": "${id}.violation", "params": {}, "missing": []} if {
	input.extensions.attack == true
	${condition}
}
`;
}

/** The line of `findings` in a hostileRule: what a trap's location names. */
export function findingsLine(source) {
  return source.split('\n').findIndex((l) => l.startsWith('findings ')) + 1;
}

/** s0 … s40, each twice the one before (8 bytes to 8 TiB) in one `concat` each. */
const doubling = Array.from({ length: 40 }, (_, i) => `s${i + 1} := concat("", [s${i}, s${i}])`).join('\n');

/**
 * Rules that trap or run away when they run. `limit`: what the message must
 * name; `code` the error code.
 */
export const ruleAttacks = [
  { name: 'self-recursion', id: 'X1', condition: 'f(1) > 0', helpers: 'f(x) := y if {\n\ty := f(x + 1)\n}', code: 'limit_exceeded', limit: /overflowed the stack of 2 MiB/ },
  { name: 'mutual recursion', id: 'X2', condition: 'f(1) > 0', helpers: 'f(x) := y if {\n\ty := g(x)\n}\n\ng(x) := y if {\n\ty := f(x + 1)\n}', code: 'limit_exceeded', limit: /overflowed the stack of 2 MiB/ },
  { name: 'a regorus panic (numbers.range_step with step 0)', id: 'X3', condition: 'count(numbers.range_step(1, 10, 0)) > 0', code: 'policy_error', limit: /crashed the Rego engine: \S/ },
  { name: 'memory bomb: numbers.range(1, 3e8)', id: 'X4', condition: 'count(numbers.range(1, 300000000)) > 0', code: 'limit_exceeded', limit: /more memory than the cap of 64 MiB \(limits\.maxMemoryBytes\)/ },
  { name: 'memory bomb: a concat doubling loop', id: 'X5', condition: 'count(s40) > 0', helpers: `s0 := "xxxxxxxx"\n${doubling}`, code: 'limit_exceeded', limit: /more memory than the cap of 64 MiB/ },
  { name: 'memory bomb: sprintf("%0100000000d", …)', id: 'X6', condition: 'count(sprintf("%0100000000d", [1])) > 0', code: 'limit_exceeded', limit: /more memory than the cap of 64 MiB/ },
  {
    name: 'a runaway loop (2000³)',
    id: 'X7',
    condition: 'some a in numbers.range(1, 2000)\n\tsome b in numbers.range(1, 2000)\n\tsome c in numbers.range(1, 2000)\n\ta + b + c < 0',
    code: 'limit_exceeded',
    limit: /stopped after 500000 instructions \(the evaluation budget, limits\.maxInstructions\)/,
  },
].map((a) => ({ ...a, file: `hostile/${a.id.toLowerCase()}.rego`, source: hostileRule(a.id, a.condition, a.helpers) }));

/** Sources refused at load: [name, source, what the message must say]. */
export const loadAttacks = [
  { name: 'a 50,000-deep array literal', file: 'deep/array.rego', source: `package conduct.partner.deep\n\nx := ${'['.repeat(50000)}1${']'.repeat(50000)}\n`, code: 'limit_exceeded', limit: /deep\/array\.rego:3:\d+: nested more than 64 brackets deep/ },
  { name: 'a source over 1 MiB', file: 'deep/big.rego', source: `package conduct.partner.big\n\n${'# padding\n'.repeat(110000)}x := 1\n`, code: 'limit_exceeded', limit: /deep\/big\.rego:1:1: the file is \d+ bytes; partner sources may have at most 1048576/ },
];

const triple = 'package t\n\nn := count([1 | some a in numbers.range(1, 400); some b in numbers.range(1, 400); some c in numbers.range(1, 400)])\n';

/** evaluateRego requests that run away or trap. */
export const queryAttacks = [
  { name: 'a 400³ triple loop', request: { modules: [{ path: 't.rego', source: triple }], query: 'data.t.n' }, code: 'limit_exceeded', limit: /the query `data\.t\.n` stopped after about 500000 units of work \(the evaluation budget, limits\.maxInstructions\)/ },
  { name: 'a self-recursive function', request: { modules: [{ path: 'r.rego', source: 'package r\n\nf(x) := y if {\n\ty := f(x + 1)\n}\n\nv := f(1)\n' }], query: 'data.r.v' }, code: 'limit_exceeded', limit: /the query `data\.r\.v` recursed too deeply: it overflowed the stack of 2 MiB/ },
  { name: 'a 30,000-deep query', request: { modules: [], query: `${'['.repeat(30000)}1${']'.repeat(30000)}` }, code: 'limit_exceeded', limit: /<query>:1:65: nested more than 64 brackets deep/ },
  { name: 'a memory bomb in a query', request: { modules: [], query: 'count(numbers.range(1, 300000000))' }, code: 'limit_exceeded', limit: /the query `count\(numbers\.range\(1, 300000000\)\)` needed more memory than the cap of 64 MiB/ },
];

/** A clean evaluateRego request, with its answer known before any attack. */
export const cleanQuery = { modules: [{ path: 'ok.rego', source: 'package ok\n\nx := input.a + 1\n' }], query: 'data.ok.x', input: { a: 41 } };

function caught(f) {
  const t0 = performance.now();
  try {
    f();
    return { error: null, ms: performance.now() - t0 };
  } catch (e) {
    const ms = performance.now() - t0;
    return { error: { name: e && e.name, code: e && e.code, message: e && e.message, location: e && e.location ? { ...e.location } : null, path: e && e.path }, ms };
  }
}

/**
 * One rule attack on its own engine: the verdict on the clean incident
 * before; the attack through evaluate, through a session change, and again;
 * then the same engine, the session and a fresh engine on the clean incident.
 * Returns plain data (it crosses from a page or worker).
 */
export function runRuleAttack(api, attack, clean) {
  const cleanText = JSON.stringify(clean);
  const markedText = JSON.stringify({ ...clean, extensions: { ...(clean.extensions || {}), attack: true } });
  const engine = new api.ConductEngine();
  const ids = engine.addPolicy(attack.file, attack.source);
  const before = engine.evaluateJson(cleanText);
  const evaluate = caught(() => engine.evaluateJson(markedText));
  const sameAfter = engine.evaluateJson(cleanText);
  const session = engine.session(clean);
  const sessionBefore = JSON.stringify(session.verdict());
  const change = caught(() => session.update('/extensions', { attack: true }));
  const sessionAfter = JSON.stringify(session.verdict());
  const sessionIncident = JSON.stringify(session.incident());
  const again = caught(() => engine.evaluateJson(markedText));
  const fresh = new api.ConductEngine();
  fresh.addPolicy(attack.file, attack.source);
  const freshAfter = fresh.evaluateJson(cleanText);
  const stats = engine.stats().sandbox;
  engine.free();
  fresh.free();
  return {
    ids,
    evaluate,
    change,
    again,
    stats,
    sameEngine: sameAfter === before,
    session: sessionBefore === before && sessionAfter === before && sessionIncident === cleanText,
    freshEngine: freshAfter === before,
  };
}

/** A refused source: the engine's verdict before and after, and a fresh engine's. */
export function runLoadAttack(api, attack, clean) {
  const cleanText = JSON.stringify(clean);
  const engine = new api.ConductEngine();
  const before = engine.evaluateJson(cleanText);
  const load = caught(() => engine.addPolicy(attack.file, attack.source));
  const sameAfter = engine.evaluateJson(cleanText);
  const freshAfter = new api.ConductEngine().evaluateJson(cleanText);
  engine.free();
  return { load, sameEngine: sameAfter === before, freshEngine: freshAfter === before };
}

/** An evaluateRego runaway: the clean query's answer before and after, and an engine's verdict. */
export function runQueryAttack(api, attack, clean) {
  const cleanText = JSON.stringify(clean);
  const engine = new api.ConductEngine();
  const verdictBefore = engine.evaluateJson(cleanText);
  const answerBefore = api.evaluateRego(JSON.stringify(cleanQuery));
  const query = caught(() => api.evaluateRego(JSON.stringify(attack.request)));
  const answerAfter = api.evaluateRego(JSON.stringify(cleanQuery));
  const verdictAfter = engine.evaluateJson(cleanText);
  const freshAfter = new api.ConductEngine().evaluateJson(cleanText);
  engine.free();
  return { query, answer: answerAfter === answerBefore, answerText: answerAfter, sameEngine: verdictAfter === verdictBefore, freshEngine: freshAfter === verdictBefore };
}

/**
 * `count` traps in a row, each on a new engine made after the last one
 * trapped, then as many on one engine; then the known verdicts.
 */
export function runTrapsInARow(api, attack, clean, count) {
  const cleanText = JSON.stringify(clean);
  const markedText = JSON.stringify({ ...clean, extensions: { attack: true } });
  const reference = new api.ConductEngine();
  reference.addPolicy(attack.file, attack.source);
  const known = reference.evaluateJson(cleanText);
  reference.free();
  const codes = {};
  const tally = (r) => {
    const key = r.error ? r.error.code : 'a verdict';
    codes[key] = (codes[key] || 0) + 1;
  };
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const engine = new api.ConductEngine();
    engine.addPolicy(attack.file, attack.source);
    tally(caught(() => engine.evaluateJson(markedText)));
    // Not freed: a page that forgets to free must not run out either.
  }
  const enginesMs = performance.now() - t0;
  const freshAfterEngines = new api.ConductEngine();
  freshAfterEngines.addPolicy(attack.file, attack.source);
  const afterEngines = freshAfterEngines.evaluateJson(cleanText) === known;

  const engine = new api.ConductEngine();
  engine.addPolicy(attack.file, attack.source);
  const sameCodes = {};
  const t1 = performance.now();
  for (let i = 0; i < count; i++) {
    const r = caught(() => engine.evaluateJson(markedText));
    const key = r.error ? r.error.code : 'a verdict';
    sameCodes[key] = (sameCodes[key] || 0) + 1;
  }
  const sameMs = performance.now() - t1;
  const sameEngine = engine.evaluateJson(cleanText) === known;
  const stats = engine.stats().sandbox;
  const fresh = new api.ConductEngine();
  fresh.addPolicy(attack.file, attack.source);
  const freshEngine = fresh.evaluateJson(cleanText) === known;
  return { codes, sameCodes, enginesMs, sameMs, afterEngines, sameEngine, freshEngine, stats };
}
