// Attacks on the package's JavaScript boundary, as a hostile caller would
// make them: methods called on the wrong object, every argument of every
// method given each wrong JavaScript type, objects used after free(), values
// that throw while they are read, oversized texts, and partner files written
// to slip past the namespace. Plain ES module without Node imports: the Node
// suite (tests/node/boundary.test.mjs) and the Chromium suite
// (tests/browser/boundary.test.mjs) run the same catalogue.
//
// Each attack states what must happen: a typed ConductError with a code,
// a message that names the method and argument, and where it applies a
// path; or, for the few calls that must not throw, what they return. After
// each attack the engine attacked and a fresh engine must give the verdict
// they gave before any attack, byte for byte; a session opened before any
// attack must still give its verdict too.

import { typical } from '../node/fixtures.mjs';
import { good as goodPartnerRule, goodMessages, METADATA } from '../partner/policies.mjs';

/** The error codes the README documents. */
export const CODES = ['invalid_json', 'invalid_incident', 'unsupported_schema_version', 'invalid_config', 'limit_exceeded', 'policy_error', 'invalid_argument', 'freed'];

const MAX_MESSAGE = 1000;
const HUGE = 10_000_000; // characters in a "huge" string

/** Values of every JavaScript type a caller can pass where another is expected. */
function wrongValues() {
  return {
    undefined: undefined,
    null: null,
    'a number': 42,
    'a BigInt': 10n,
    'a Symbol': Symbol('attack'),
    'a function': () => ({ schemaVersion: '1' }),
    'a Proxy whose traps throw': new Proxy({}, {
      get() { throw new Error('trap: get'); },
      ownKeys() { throw new Error('trap: ownKeys'); },
      getOwnPropertyDescriptor() { throw new Error('trap: descriptor'); },
      getPrototypeOf() { throw new Error('trap: prototype'); },
      has() { throw new Error('trap: has'); },
    }),
    'an object whose toJSON throws': { toJSON() { throw new TypeError('toJSON refuses'); } },
    'an object with a throwing getter': { schemaVersion: '1', get id() { throw new Error('getter refuses'); } },
    'a huge string': 'x'.repeat(HUGE),
  };
}

/** Every engine method, and how to call it with good arguments on `self`. */
function engineMethods(api, ctx, partner) {
  const get = (name) => Object.getOwnPropertyDescriptor(api.ConductEngine.prototype, name).get;
  const P = api.ConductEngine.prototype;
  const methods = {
    evaluate: (self) => P.evaluate.call(self, typical()),
    evaluateJson: (self) => P.evaluateJson.call(self, ctx.text),
    validate: (self) => P.validate.call(self, typical()),
    rules: (self) => P.rules.call(self),
    labels: (self) => P.labels.call(self),
    session: (self) => P.session.call(self, typical()),
    stats: (self) => P.stats.call(self),
    locales: (self) => P.locales.call(self),
    locale: (self) => get('locale').call(self),
    ruleset: (self) => get('ruleset').call(self),
    config: (self) => get('config').call(self),
    free: (self) => P.free.call(self),
  };
  if (partner) {
    methods.addPolicy = (self) => P.addPolicy.call(self, 'extra/x.rego', rule('X9', 'findings := set()'));
    methods.addPolicies = (self) => P.addPolicies.call(self, { files: [{ path: 'extra/y.rego', source: rule('X8', 'findings := set()') }] });
  }
  return methods;
}

/** Every session method, and how to call it on `self`. */
function sessionMethods(api) {
  const P = api.ConductSession.prototype;
  return {
    update: (self) => P.update.call(self, '/extensions/x', 1),
    remove: (self) => P.remove.call(self, '/actions/0'),
    verdict: (self) => P.verdict.call(self),
    incident: (self) => P.incident.call(self),
    lastRerun: (self) => Object.getOwnPropertyDescriptor(P, 'lastRerun').get.call(self),
    free: (self) => P.free.call(self),
  };
}

/** A partner rule file with the tests' METADATA block. */
export function rule(id, body, pkg = `conduct.partner.${id.toLowerCase()}`) {
  return `${METADATA(id)}\npackage ${pkg}\n\n${body}\n`;
}

/**
 * The catalogue: [{ group, name, run(ctx), expect }] where expect is
 * { code, message: RegExp, path?: string | null } for a throw, or
 * { returns: (value) => true | string } for a call that must succeed.
 */
export function attacks(api, { partner = false, foreign = null } = {}) {
  const list = [];
  const add = (group, name, run, expect) => list.push({ group, name, run, expect });
  const invalid = (message, path) => ({ code: 'invalid_argument', message, ...(path === undefined ? {} : { path }) });

  // ----------------------------------------------------------- receivers
  const receivers = (ctx) => ({
    'a ConductSession': ctx.session,
    'a plain object': {},
    undefined,
    'a number': 42,
    'a Proxy of a live engine': new Proxy(ctx.victim, {}),
    'an object made from the prototype': Object.create(api.ConductEngine.prototype),
    'the prototype itself': api.ConductEngine.prototype,
    'an object shaped like wasm-bindgen’s': { __wbg_ptr: 8, ptr: 8 },
    ...(foreign ? { 'an engine of the other entry': ctx.foreign } : {}),
  });
  const engineMethodNames = Object.keys(engineMethods(api, {}, partner));
  const receiverNames = Object.keys(receivers({ victim: {}, session: {}, foreign: {} }));
  for (const method of engineMethodNames) {
    for (const who of receiverNames) {
      add('receiver', `ConductEngine.${method} called on ${who}`,
        (ctx) => engineMethods(api, ctx, partner)[method](receivers(ctx)[who]),
        invalid(new RegExp(`^ConductEngine\\.${method}: called on .+, not on a ConductEngine$`), null));
    }
  }
  const sessionReceivers = (ctx) => ({
    'a ConductEngine': ctx.victim,
    'a plain object': {},
    undefined,
    'a string': 'session',
    'a Proxy of a live session': new Proxy(ctx.session, {}),
    'an object made from the prototype': Object.create(api.ConductSession.prototype),
    'the prototype itself': api.ConductSession.prototype,
    ...(foreign ? { 'a session of the other entry': ctx.foreignSession } : {}),
  });
  const sessionReceiverNames = Object.keys(sessionReceivers({ victim: {}, session: {}, foreignSession: {} }));
  for (const method of Object.keys(sessionMethods(api))) {
    for (const who of sessionReceiverNames) {
      add('receiver', `ConductSession.${method} called on ${who}`,
        (ctx) => sessionMethods(api)[method](sessionReceivers(ctx)[who]),
        invalid(new RegExp(`^ConductSession\\.${method}: called on .+, not on a ConductSession$`), null));
    }
  }
  add('receiver', 'new ConductSession()', () => new api.ConductSession(), invalid(/^new ConductSession: open a session with engine\.session/, null));

  // ----------------------------------------------------------- arguments
  const W = wrongValues();
  const names = Object.keys(W);
  const options = (method, arg = 'options') => ({
    'a number': invalid(new RegExp(`^${method}: ${arg} must be an object, not a number$`), null),
    'a BigInt': invalid(new RegExp(`^${method}: ${arg} must be an object, not a BigInt$`), null),
    'a Symbol': invalid(new RegExp(`^${method}: ${arg} must be an object, not a Symbol$`), null),
    'a function': invalid(new RegExp(`^${method}: ${arg} must be an object, not a function$`), null),
    'a Proxy whose traps throw': invalid(new RegExp(`^${method}: ${arg} cannot be read: .*trap`), ''),
    'an object whose toJSON throws': invalid(new RegExp(`^${method}: ${arg} cannot be read: toJSON\\(\\) threw TypeError: toJSON refuses`), ''),
    'an object with a throwing getter': invalid(new RegExp(`^${method}: ${arg} cannot be read at /id: a getter threw Error: getter refuses`), '/id'),
    'a huge string': invalid(new RegExp(`^${method}: ${arg} must be an object, not a string$`), null),
  });
  const incident = (method) => ({
    undefined: invalid(new RegExp(`^${method}: the incident must be JSON data, not undefined$`), ''),
    null: { code: 'invalid_incident', message: /object/, path: '' },
    'a number': { code: 'invalid_incident', message: /object/, path: '' },
    'a BigInt': { code: 'invalid_json', message: new RegExp(`^${method}: the incident holds a BigInt`), path: '' },
    'a Symbol': { code: 'invalid_incident', message: new RegExp(`^${method}: the incident must be JSON data, not a Symbol$`), path: '' },
    'a function': { code: 'invalid_incident', message: new RegExp(`^${method}: the incident must be JSON data, not a function$`), path: '' },
    'a Proxy whose traps throw': { code: 'invalid_incident', message: new RegExp(`^${method}: the incident cannot be read: .*trap`), path: '' },
    'an object whose toJSON throws': { code: 'invalid_incident', message: /toJSON\(\) threw TypeError: toJSON refuses/, path: '' },
    'an object with a throwing getter': { code: 'invalid_incident', message: /cannot be read at \/id: a getter threw Error: getter refuses/, path: '/id' },
    'a huge string': { code: 'limit_exceeded', message: /./, path: '' },
  });
  const text = (method, arg) => Object.fromEntries(names.map((n) => [n, n === 'a huge string'
    ? { code: 'limit_exceeded', message: /./, path: '' }
    : invalid(new RegExp(`^${method}: ${arg} must be a string, not `), null)]));
  const argumentTable = [
    ['ConductEngine.evaluate', 'incident', (ctx, v) => ctx.victim.evaluate(v), incident('ConductEngine.evaluate')],
    ['ConductEngine.evaluate', 'options', (ctx, v) => ctx.victim.evaluate(typical(), v), options('ConductEngine.evaluate')],
    ['ConductEngine.evaluateJson', 'incidentJson', (ctx, v) => ctx.victim.evaluateJson(v), text('ConductEngine.evaluateJson', 'incidentJson')],
    ['ConductEngine.evaluateJson', 'options', (ctx, v) => ctx.victim.evaluateJson(ctx.text, v), options('ConductEngine.evaluateJson')],
    ['ConductEngine.rules', 'filter', (ctx, v) => ctx.victim.rules(v), options('ConductEngine.rules', 'filter')],
    ['ConductEngine.labels', 'options', (ctx, v) => ctx.victim.labels(v), options('ConductEngine.labels')],
    ['ConductEngine.session', 'incident', (ctx, v) => ctx.victim.session(v), incident('ConductEngine.session')],
    ['ConductEngine.session', 'options', (ctx, v) => ctx.victim.session(typical(), v), options('ConductEngine.session')],
    ['new ConductEngine', 'options', (_, v) => new api.ConductEngine(v), options('new ConductEngine')],
    ['ConductSession.update', 'pointer', (ctx, v) => ctx.session.update(v, 1), text('ConductSession.update', 'pointer')],
    ['ConductSession.remove', 'pointer', (ctx, v) => ctx.session.remove(v), text('ConductSession.remove', 'pointer')],
  ];
  // Pointers are not limited by size: a huge one is an ordinary bad pointer.
  for (const row of argumentTable.filter(([m]) => m.startsWith('ConductSession'))) {
    row[3]['a huge string'] = { code: 'invalid_incident', message: /./, path: null, bounded: true };
  }
  // A changed value: any JSON is welcome under /extensions; what JSON cannot
  // hold is refused, pointing into the incident.
  argumentTable.push(['ConductSession.update', 'value', (ctx, v) => ctx.session.update('/extensions/x', v), {
    undefined: invalid(/^ConductSession\.update: the new value is undefined: call remove\(pointer\)/, '/extensions/x'),
    'a BigInt': { code: 'invalid_json', message: /holds a BigInt/, path: '/extensions/x' },
    'a Symbol': { code: 'invalid_incident', message: /^ConductSession\.update: the new value must be JSON data, not a Symbol$/, path: '/extensions/x' },
    'a function': { code: 'invalid_incident', message: /not a function$/, path: '/extensions/x' },
    'a Proxy whose traps throw': { code: 'invalid_incident', message: /^ConductSession\.update: the new value cannot be read: .*trap/, path: '/extensions/x' },
    'an object whose toJSON throws': { code: 'invalid_incident', message: /toJSON refuses/, path: '/extensions/x' },
    'an object with a throwing getter': { code: 'invalid_incident', message: /at \/id: a getter threw/, path: '/extensions/x/id' },
  }]);
  if (partner) {
    argumentTable.push(
      ['ConductEngine.addPolicy', 'path', (ctx, v) => ctx.victim.addPolicy(v, rule('X7', 'findings := set()')), {
        ...text('ConductEngine.addPolicy', 'path'),
        'a huge string': invalid(/path is a name for messages/, null),
      }],
      ['ConductEngine.addPolicy', 'source', (ctx, v) => ctx.victim.addPolicy('x/y.rego', v), {
        ...text('ConductEngine.addPolicy', 'source'),
        'a huge string': { code: 'limit_exceeded', message: /partner sources may have at most/, path: null },
      }],
      ['ConductEngine.addPolicies', 'bundle', (ctx, v) => ctx.victim.addPolicies(v), {
        ...Object.fromEntries(names.map((n) => [n, invalid(/^ConductEngine\.addPolicies: the bundle must be an object, not /, null)])),
        'a Proxy whose traps throw': invalid(/^ConductEngine\.addPolicies: the bundle cannot be read: .*trap/, ''),
        'an object whose toJSON throws': invalid(/toJSON refuses/, ''),
        'an object with a throwing getter': invalid(/at \/id: a getter threw/, '/id'),
      }],
      ['evaluateRego', 'request', (_, v) => api.evaluateRego(v), {
        ...text('evaluateRego', 'request'),
        'a huge string': { code: 'invalid_json', message: /not a Rego query request/, path: '' },
      }],
      ['evaluateRego', 'options', (_, v) => api.evaluateRego('{"modules": [], "query": "1 + 1"}', v), options('evaluateRego')],
    );
  }
  for (const [method, arg, call, expected] of argumentTable) {
    for (const [label, expect] of Object.entries(expected)) {
      const value = W[label];
      add('argument', `${method}: ${arg} given ${label}`, (ctx) => call(ctx, value), expect);
    }
  }
  // validate() takes any value and reports it; only a missing value throws.
  add('argument', 'ConductEngine.validate: no incident', (ctx) => ctx.victim.validate(), invalid(/^ConductEngine\.validate: the incident is undefined/, null));
  for (const label of ['a Symbol', 'a Proxy whose traps throw', 'an object with a throwing getter', 'a BigInt']) {
    add('argument', `ConductEngine.validate: given ${label}, reports it`, (ctx) => ctx.victim.validate(W[label]), {
      returns: (problems) => (Array.isArray(problems) && problems.length > 0 && problems.every((p) => CODES.includes(p.code) && typeof p.path === 'string') ? true : `not a problem list: ${JSON.stringify(problems)}`),
    });
  }
  add('argument', 'evaluateJson: a String object is read as its text', (ctx) => ctx.victim.evaluateJson(new String(ctx.text)), {
    returns: (v, ctx) => v === ctx.known || 'a different verdict',
  });
  add('argument', 'evaluateJson: a Proxy of a String is not a string', (ctx) => ctx.victim.evaluateJson(new Proxy(new String(ctx.text), {})),
    invalid(/^ConductEngine\.evaluateJson: incidentJson must be a string, not an object$/, null));
  add('argument', 'evaluate: a revoked Proxy as options', (ctx) => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return ctx.victim.evaluate(typical(), r.proxy);
  }, invalid(/^ConductEngine\.evaluate: options must be an object, not a revoked Proxy$/, null));

  // ----------------------------------------------------------- use after free
  const engineFreed = (method) => ({ code: 'freed', message: new RegExp(`^ConductEngine\\.${method}: the engine was freed$`), path: null });
  for (const method of engineMethodNames.filter((m) => m !== 'free')) {
    add('freed', `ConductEngine.${method} after free()`, (ctx) => {
      const e = ctx.make();
      e.free();
      return engineMethods(api, ctx, partner)[method](e);
    }, engineFreed(method));
  }
  add('freed', 'ConductEngine.free() twice is harmless', (ctx) => {
    const e = ctx.make();
    e.free();
    return e.free();
  }, { returns: (v) => v === undefined || `returned ${v}` });
  for (const method of Object.keys(sessionMethods(api)).filter((m) => m !== 'free')) {
    add('freed', `ConductSession.${method} after free()`, (ctx) => {
      const s = ctx.make().session(typical());
      s.free();
      return sessionMethods(api)[method](s);
    }, { code: 'freed', message: new RegExp(`^ConductSession\\.${method}: the session was freed$`), path: null });
    add('freed', `ConductSession.${method} after its engine's free()`, (ctx) => {
      const e = ctx.make();
      const s = e.session(typical());
      e.free();
      return sessionMethods(api)[method](s);
    }, { code: 'freed', message: new RegExp(`^ConductSession\\.${method}: the session's engine was freed$`), path: null });
  }
  add('freed', 'ConductSession.free() twice, and after its engine\'s, is harmless', (ctx) => {
    const e = ctx.make();
    const s = e.session(typical());
    s.free();
    s.free();
    const t = e.session(typical());
    e.free();
    return [s.free(), t.free(), t.free()];
  }, { returns: (v) => v.every((x) => x === undefined) || 'a value' });
  add('freed', 'an engine freed by a getter of the incident it is reading', (ctx) => {
    const e = ctx.make();
    return e.evaluate({ schemaVersion: '1', get id() { e.free(); return 'INC-1'; } });
  }, { code: 'freed', message: /^ConductEngine\.evaluate: freed while its arguments were read$/, path: null });
  add('freed', 'a session freed by a getter of the value it is setting', (ctx) => {
    const s = ctx.make().session(typical());
    return s.update('/extensions/x', { get y() { s.free(); return 1; } });
  }, { code: 'freed', message: /^ConductSession\.update: freed while its arguments were read$/, path: null });
  add('freed', 'an engine freed by a getter of the options of the session it opens', (ctx) => {
    const e = ctx.make();
    return e.session(typical(), { get locale() { e.free(); return 'en'; } });
  }, { code: 'freed', message: /^ConductEngine\.session: freed while its arguments were read$/, path: null });

  // ----------------------------------------------------------- codes and messages
  add('codes', 'a getter that throws RangeError("Maximum call stack…") is not a nesting problem', (ctx) => {
    const i = typical();
    Object.defineProperty(i.actions[0], 'kind', { enumerable: true, get() { throw new RangeError('Maximum call stack size exceeded'); } });
    return ctx.victim.evaluate(i);
  }, { code: 'invalid_incident', message: /at \/actions\/0\/kind: a getter threw RangeError: Maximum call stack size exceeded/, path: '/actions/0/kind' });
  add('codes', 'a cycle is invalid_json at the place it closes', (ctx) => {
    const i = typical();
    i.extensions = { a: { b: {} } };
    i.extensions.a.b.back = i.extensions;
    return ctx.victim.evaluate(i);
  }, { code: 'invalid_json', message: /refers to itself at \/extensions\/a\/b\/back/, path: '/extensions/a/b/back' });
  add('codes', 'a BigInt deep inside is invalid_json at its place', (ctx) => {
    const i = typical();
    i.extensions = { list: [1, 2, { n: 3n }] };
    return ctx.victim.evaluate(i);
  }, { code: 'invalid_json', message: /BigInt at \/extensions\/list\/2\/n/, path: '/extensions/list/2/n' });
  add('codes', 'a toJSON that throws inside is invalid_incident at its place', (ctx) => {
    const i = typical();
    i.actions[0].consent = { toJSON() { throw new Error('no'); } };
    return ctx.victim.evaluate(i);
  }, { code: 'invalid_incident', message: /at \/actions\/0\/consent: toJSON\(\) threw/, path: '/actions/0/consent' });
  add('codes', 'a key with / and ~ is escaped in the pointer', (ctx) => {
    const i = typical();
    i.extensions = { 'a/b~c': { get d() { throw new Error('x'); } } };
    return ctx.victim.evaluate(i);
  }, { code: 'invalid_incident', message: /a~1b~0c\/d/, path: '/extensions/a~1b~0c/d' });
  add('codes', 'a 10-million-character locale gives a bounded message', () => new api.ConductEngine({ locale: 'x'.repeat(HUGE) }),
    { code: 'invalid_config', message: /locale/, path: '/locale', bounded: true });
  add('codes', 'a 10-million-character locale per call gives a bounded message', (ctx) => ctx.victim.evaluate(typical(), { locale: 'y'.repeat(HUGE) }),
    { code: 'invalid_config', message: /locale/, path: '/locale', bounded: true });
  add('codes', 'a 60,000-character unknown field: the pointer is cut back to an ancestor', (ctx) => {
    const i = typical();
    i['k'.repeat(60_000)] = 1;
    return ctx.victim.evaluate(i);
  }, { code: 'invalid_incident', message: /./, path: '', bounded: true });
  add('codes', 'a 100,000-character field name is over the string limit', (ctx) => {
    const i = typical();
    i.extensions = { ['k'.repeat(100_000)]: 1 };
    return ctx.victim.evaluate(i);
  }, { code: 'limit_exceeded', message: /field name of 100000 bytes/, path: '/extensions', bounded: true });
  add('codes', 'a 60,000-character schemaVersion', (ctx) => ctx.victim.evaluate({ schemaVersion: '9'.repeat(60_000) }),
    { code: 'unsupported_schema_version', message: /./, path: '/schemaVersion', bounded: true });
  add('codes', 'a 100,000-character configuration key', () => new api.ConductEngine({ config: { ['z'.repeat(100_000)]: 1 } }),
    { code: 'invalid_config', message: /./, path: '/config', bounded: true });
  add('codes', 'JSON text nested 100,000 deep', (ctx) => ctx.victim.evaluateJson('['.repeat(100_000) + ']'.repeat(100_000)),
    { code: 'limit_exceeded', message: /./, path: '' });
  add('codes', 'a value nested 100,000 deep (beyond JSON.stringify’s stack)', (ctx) => {
    let deep = 1;
    for (let n = 0; n < 100_000; n++) deep = [deep];
    return ctx.victim.evaluate({ schemaVersion: '1', extensions: { deep } });
  }, { code: 'limit_exceeded', message: /nested more than/, path: '' });
  add('codes', 'a getter that throws a non-Error value', (ctx) => ctx.victim.evaluate({ schemaVersion: '1', get id() { throw Symbol('odd'); } }),
    { code: 'invalid_incident', message: /a getter threw a Symbol/, path: '/id' });
  add('codes', 'a getter whose error has a throwing message getter', (ctx) => ctx.victim.evaluate({
    schemaVersion: '1',
    get id() {
      const e = new Error('x');
      Object.defineProperty(e, 'message', { get() { throw new Error('again'); } });
      throw e;
    },
  }), { code: 'invalid_incident', message: /ConductEngine\.evaluate: the incident cannot be read at \/id/, path: '/id' });

  // ----------------------------------------------------------- partner namespace
  if (partner) {
    const decoy = 'x := `\npackage conduct.partner.decoy\n`\n';
    const finding = 'findings contains {"subject": [], "status": "compliant", "key": "X1.compliant"} if true';
    const at = (n) => METADATA('X1').split('\n').length + n;
    const bypasses = [
      ['a tab before B12’s package, a raw-string decoy', `package\tconduct.rules.b12\n${decoy}${finding}`, at(1)],
      ['a newline between `package` and the path', `package\nconduct.rules.b12\n${finding}`, at(2)],
      ['a comment between `package` and the path', `package # package conduct.partner.x\n  conduct.rules.b12\n${finding}`, at(2)],
      ['a string decoy', `package conduct.rules.b12\nx := "\\npackage conduct.partner.x"\n${finding}`, at(1)],
      ['the partner namespace alone', `package conduct.partner\n${finding}`, at(1)],
      ['conduct.partnerx', `package conduct.partnerx.y\n${finding}`, at(1)],
      ['brackets in the package', `package conduct["rules"].b12\n${finding}`, null],
      ['a Cyrillic look-alike letter', `package c\u043enduct.partner.x\n${finding}`, null],
      ['the shared library’s own package', 'package conduct.lib\nextra := 1', at(1)],
      ['import data.conduct.rules.b12 as x', `package conduct.partner.x\nimport data.conduct.rules.b12 as x\n${finding}`, at(2)],
      ['import data.conduct as c, then c.rules', 'package conduct.partner.x\nimport data.conduct as c\nr := c.rules.b12.findings', at(2)],
      ['data["conduct"]["rules"]', 'package conduct.partner.x\nr := data["conduct"]["rules"]', at(2)],
      ['data.conduct[x]', 'package conduct.partner.x\nr := data.conduct[k] if k := "rules"', at(2)],
      ['with data.conduct.rules… as', 'package conduct.partner.x\nr if { true with data.conduct.rules.b12.findings as set() }', at(2)],
      ['every over the built-in rules', 'package conduct.partner.x\nr if { every k, v in data.conduct.rules { v } }', at(2)],
      ['a rule that shadows count', 'package conduct.partner.x\ncount(x) := 0', at(2)],
      ['an alias that shadows strings', 'package conduct.partner.x\nimport data.conduct.lib as strings', at(2)],
      ['http.send swapped in by with', 'package conduct.partner.x\nr := y if { y := count([1]) with count as http.send }', at(2)],
      ['a rule id that writes into the gathering module', rule('X1', finding).replace('id: X1', 'id: X1": data.conduct.rules.b12.findings, "Y'), null, true],
    ];
    for (const [name, source, line, whole] of bypasses) {
      add('namespace', `partner file: ${name}`, (ctx) => ctx.victim.addPolicy('bypass/x.rego', whole ? source : `${METADATA('X1')}\n${source}\n`), {
        code: 'policy_error', message: /./, path: null, line,
      });
    }
    add('namespace', 'partner file: mentions in strings and comments are no calls', (ctx) => ctx.make().addPolicy('ok/x.rego',
      `${METADATA('X2')}\npackage conduct.partner.x2\n# http.send(x) and data.conduct.rules.b12\nr := "strings.count data.conduct.rules"\nfindings := set()\n`),
    { returns: (ids) => (JSON.stringify(ids) === '["X2"]') || `returned ${JSON.stringify(ids)}` });
  }
  return list;
}

/**
 * Runs every attack of `list` against `api` and returns one record each:
 * what was thrown or returned, whether it met the expectation, and whether
 * the attacked engine, an old session and a fresh engine still judge as
 * before. Records are plain data, so that a browser can send them back.
 */
export function runAttacks(api, list, { partner = false, foreignApi = null } = {}) {
  const text = JSON.stringify(typical());
  const setupEngine = () => {
    const e = new api.ConductEngine();
    if (partner) e.addPolicies({ files: [{ path: 'acme/soc.rego', source: goodPartnerRule }], messages: goodMessages });
    return e;
  };
  const victim = setupEngine();
  const session = victim.session(typical());
  const known = victim.evaluateJson(text);
  const knownSession = JSON.stringify(session.verdict());
  const fresh0 = setupEngine();
  const knownFresh = fresh0.evaluateJson(text);
  fresh0.free();
  const foreign = foreignApi ? new foreignApi.ConductEngine() : null;
  const ctx = {
    api, victim, session, text, known,
    foreign, foreignSession: foreign ? foreign.session(typical()) : null,
    make: () => new api.ConductEngine(),
  };
  const records = [];
  for (const attack of list) {
    const record = { group: attack.group, name: attack.name, problems: [] };
    const fail = (why) => record.problems.push(why);
    let thrown;
    let returned;
    let threw = false;
    try {
      returned = attack.run(ctx);
    } catch (e) {
      threw = true;
      thrown = e;
    }
    const expect = attack.expect;
    if (expect.returns) {
      if (threw) fail(`threw ${describe(thrown)}`);
      else {
        const verdict = expect.returns(returned, ctx);
        if (verdict !== true) fail(verdict);
      }
      record.outcome = threw ? 'crash' : 'returned';
    } else if (!threw) {
      record.outcome = attack.group === 'receiver' ? 'wrong-memory' : 'no-error';
      fail(`returned ${safeJson(returned)} instead of throwing`);
    } else if (!(thrown instanceof api.ConductError) || thrown.name !== 'ConductError') {
      record.outcome = 'crash';
      fail(`threw ${describe(thrown)}, not a ConductError`);
    } else {
      record.outcome = 'typed';
      record.error = { code: thrown.code, path: thrown.path, message: String(thrown.message).slice(0, 300), length: thrown.message.length, line: thrown.location?.line ?? null };
      if (!CODES.includes(thrown.code)) fail(`undocumented code ${thrown.code}`);
      if (thrown.code !== expect.code) fail(`code ${thrown.code}, expected ${expect.code}: ${thrown.message.slice(0, 200)}`);
      if (!expect.message.test(thrown.message)) fail(`message ${JSON.stringify(thrown.message.slice(0, 200))} does not match ${expect.message}`);
      if ('path' in expect && expect.path !== null && thrown.path !== expect.path) fail(`path ${JSON.stringify(String(thrown.path).slice(0, 80))}, expected ${JSON.stringify(expect.path)}`);
      if ('path' in expect && expect.path === null && !expect.bounded && thrown.path !== null) fail(`path ${JSON.stringify(thrown.path)}, expected null`);
      if (thrown.message.length > MAX_MESSAGE) fail(`a message of ${thrown.message.length} characters`);
      if (thrown.path !== null && (typeof thrown.path !== 'string' || thrown.path.length > MAX_MESSAGE || !(thrown.path === '' || (thrown.path.startsWith('/') && !/~(?![01])/.test(thrown.path))))) {
        fail(`path is not a bounded JSON Pointer: ${String(thrown.path).slice(0, 80)}`);
      }
      if (!Array.isArray(thrown.problems) || thrown.problems.length > 100) fail('problems is not a bounded list');
      if (typeof expect.line === 'number' && thrown.location?.line !== expect.line) fail(`location line ${thrown.location?.line}, expected ${expect.line}`);
      if (expect.line === null && attack.group === 'namespace' && !thrown.location) fail('no location');
    }
    // The engine attacked, the session opened before, and a fresh engine.
    record.poisoned = [];
    try {
      if (victim.evaluateJson(text) !== known) record.poisoned.push('the attacked engine judges differently');
    } catch (e) {
      record.poisoned.push(`the attacked engine throws ${describe(e)}`);
    }
    try {
      if (JSON.stringify(session.verdict()) !== knownSession) record.poisoned.push('the old session judges differently');
    } catch (e) {
      record.poisoned.push(`the old session throws ${describe(e)}`);
    }
    try {
      const fresh = setupEngine();
      if (fresh.evaluateJson(text) !== knownFresh) record.poisoned.push('a fresh engine judges differently');
      fresh.free();
    } catch (e) {
      record.poisoned.push(`a fresh engine throws ${describe(e)}`);
    }
    records.push(record);
  }
  return { records, known, knownFresh };
}

function describe(e) {
  try {
    return e instanceof Error ? `${e.name}: ${String(e.message).slice(0, 200)}` : typeof e;
  } catch {
    return 'something unprintable';
  }
}

function safeJson(v) {
  try {
    return String(JSON.stringify(v)).slice(0, 120);
  } catch {
    return typeof v;
  }
}

/** Counts of a run: attacks tried, typed, crashes, engines poisoned, wrong-memory reads, wrong expectations. */
export function tally(records) {
  const t = { tried: 0, typed: 0, returnedAsExpected: 0, crashes: 0, poisoned: 0, wrongMemory: 0, unmet: 0 };
  for (const r of records) {
    t.tried += 1;
    if (r.outcome === 'typed') t.typed += 1;
    if (r.outcome === 'returned' && r.problems.length === 0) t.returnedAsExpected += 1;
    if (r.outcome === 'crash') t.crashes += 1;
    if (r.outcome === 'wrong-memory') t.wrongMemory += 1;
    if (r.poisoned.length > 0) t.poisoned += 1;
    if (r.problems.length > 0) t.unmet += 1;
  }
  return t;
}
