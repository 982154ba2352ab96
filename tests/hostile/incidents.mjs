// The hostile-input corpus for tests/node/hostile.test.mjs: malformed and
// adversarial incidents. One list rather than a folder of .json files because
// most entries cannot be JSON files at all (invalid or truncated text, a BOM,
// lone surrogates, megabyte strings, 10,000-deep nesting, cycles, BigInt,
// functions and symbols).
//
// An entry:
//   name     what it is
//   text     JSON text for `engine.evaluateJson` (omitted: that mode is not run)
//   value    () => the value for `engine.evaluate`; omitted: JSON.parse(text),
//            or, when the text is not JSON, the text itself (a string, which is
//            not an incident: invalid_incident at "")
//   expect   what both modes must give, or a list of acceptable alternatives:
//              { code, path?, problems? }   a ConductError with that code (and
//                                           that path / exactly those problem paths)
//              { verdict: outcome|true, incident? }   a verdict
//              { typed: true }              any ConductError or verdict
//   expectText / expectValue   overrides for one mode
//   agree    false when the two modes may legitimately differ (JSON.parse and
//            the engine's parser disagree on the input: out-of-range numbers,
//            a size limit on text that the parsed object does not reach)
//   bug      { evaluate?: why, evaluateJson?: why }: a known deviation from the
//            contract in that mode; its exact check runs as a `todo` subtest
//
// Expectations follow README.md "Errors", pkg-template/README.md and
// ../shared/spec/INCIDENT.md; where those leave the answer open (a BOM,
// duplicate keys, out-of-range numbers) any typed answer is accepted.

import * as fixtures from '../node/fixtures.mjs';

const MiB = 1 << 20;
const notJson = { code: 'invalid_json' };
const notAnIncident = { code: 'invalid_incident', path: '' };
const limit = { code: 'limit_exceeded' };
const verdict = (outcome = true, extra = {}) => ({ verdict: outcome, ...extra });
const typed = { typed: true };

/** invalid_incident at exactly `path`, and no other problem. */
const wrongAt = (path) => ({ code: 'invalid_incident', path, problems: [path] });

/** A base incident with `mutate` applied (fresh each call). */
const mutated = (mutate, base = fixtures.noConsentNoJustification) => () => {
  const incident = base();
  mutate(incident);
  return incident;
};

/** An entry whose input is a JSON-able value: both modes get it. */
function json(name, make, expect, more = {}) {
  return { name, text: JSON.stringify(make()), value: make, expect, ...more };
}

/** `depth` nested arrays. */
function nestedArrays(depth) {
  let v = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

const typicalText = JSON.stringify(fixtures.typical());
const smallAction = (k) => ({ id: `a${k}`, consent: { prior: false } });
export const corpus = [
  // ------------------------------------------------------------ not JSON text
  { name: 'empty text', text: '', expect: notJson },
  { name: 'whitespace only', text: ' \n\t ', expect: notJson },
  { name: 'truncated after a comma', text: '{"schemaVersion": "1",', expect: notJson },
  { name: 'truncated in the middle of a string', text: typicalText.slice(0, typicalText.indexOf('Sam') + 2), expect: notJson },
  { name: 'truncated: one byte short', text: typicalText.slice(0, -1), expect: notJson },
  { name: 'trailing garbage', text: '{"schemaVersion":"1"} x', expect: notJson },
  { name: 'two documents', text: '{"schemaVersion":"1"}{"schemaVersion":"1"}', expect: notJson },
  { name: 'trailing comma', text: '{"schemaVersion":"1",}', expect: notJson },
  { name: 'single quotes', text: "{'schemaVersion':'1'}", expect: notJson },
  { name: 'a comment', text: '{"schemaVersion":"1" /* one */}', expect: notJson },
  { name: 'NaN literal', text: '{"schemaVersion":"1","extensions":NaN}', expect: notJson },
  { name: 'unquoted key', text: '{schemaVersion:"1"}', expect: notJson },
  { name: 'raw control character in a string', text: '{"schemaVersion":"1","id":"a\u0001b"}', expect: notJson },
  { name: 'bad escape', text: '{"schemaVersion":"1","id":"\\x41"}', expect: notJson },
  // --------------------------------------------------- BOM, unicode, surrogates
  {
    name: 'byte-order mark before a valid incident',
    text: '\uFEFF' + JSON.stringify(fixtures.noConsentNoJustification()),
    value: fixtures.noConsentNoJustification,
    expectText: [notJson, verdict('violation')], // RFC 8259 §8.1: a parser MAY ignore it
    expectValue: verdict('violation'),
    agree: false,
  },
  { name: 'BOM inside schemaVersion', text: '{"schemaVersion":"\\ufeff1"}', expect: { code: 'unsupported_schema_version', path: '/schemaVersion' } },
  {
    name: 'unicode escapes, a surrogate pair and NUL',
    text: '{"schemaVersion":"\\u0031","id":"\\u00e9\\ud83d\\ude00\\u0000"}',
    expect: verdict('not_applicable', { incident: 'é😀\u0000' }),
  },
  { name: 'lone high surrogate escape', text: '{"schemaVersion":"1","id":"\\ud800"}', expect: [notJson, verdict()] },
  { name: 'lone low surrogate escape', text: '{"schemaVersion":"1","id":"\\udc00x"}', expect: [notJson, verdict()] },
  { name: 'reversed surrogate pair', text: '{"schemaVersion":"1","id":"\\udc00\\ud800"}', expect: [notJson, verdict()] },
  {
    name: 'lone surrogate in a JS string (evaluate only)',
    value: () => ({ schemaVersion: '1', id: 'x\uD800y', actions: [{ id: '\uDFFF', consent: { prior: true } }] }),
    expect: [notJson, verdict()],
  },
  // --------------------------------------------------------------- big numbers
  { name: 'number beyond f64 in extensions', text: '{"schemaVersion":"1","extensions":{"n":1e999999}}', expect: [notJson, verdict()], agree: false },
  { name: '100-digit integer in extensions', text: `{"schemaVersion":"1","extensions":{"n":${'9'.repeat(100)}}}`, expect: verdict('not_applicable') },
  { name: 'schemaVersion 1e308', text: '{"schemaVersion":1e308}', expect: wrongAt('/schemaVersion') },
  { name: 'schemaVersion -0', text: '{"schemaVersion":-0}', expect: wrongAt('/schemaVersion') },
  { name: 'id 2^64 + 1', text: '{"schemaVersion":"1","id":18446744073709551617}', expect: wrongAt('/id') },
  // ---------------------------------------------------------- nesting and size
  {
    name: '10,000-deep arrays in extensions',
    text: `{"schemaVersion":"1","extensions":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    value: () => ({ schemaVersion: '1', extensions: nestedArrays(10_000) }),
    expect: limit,
  },
  {
    name: '10,000-deep objects in extensions',
    text: `{"schemaVersion":"1","extensions":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    expect: limit,
  },
  {
    name: '10,000-deep array as the whole input',
    text: '['.repeat(10_000) + ']'.repeat(10_000),
    expect: [limit, notAnIncident],
  },
  { name: '1,000-deep arrays in an action field', text: `{"schemaVersion":"1","actions":[{"consent":${'['.repeat(1000)}${']'.repeat(1000)}}]}`, expect: [limit, wrongAt('/actions/0/consent')] },
  json('2 MB string in extensions', () => ({ schemaVersion: '1', extensions: { blob: 'x'.repeat(2 * MiB) } }), limit),
  json('2 MB string as the id', () => ({ schemaVersion: '1', id: 'x'.repeat(2 * MiB) }), limit),
  json('2 MB of multi-byte characters in a description', mutated((i) => { i.actions[0].description = 'é'.repeat(MiB); }), limit),
  {
    name: '2 MB of whitespace around a small incident',
    text: ' '.repeat(2 * MiB) + '{"schemaVersion":"1"}',
    expectText: limit, // over 1 MiB of JSON text
    expectValue: verdict('not_applicable'), // the parsed object is tiny
    agree: false,
  },
  json(
    'hundreds of actions (300)',
    () => ({ ...fixtures.noConsentNoJustification(), actions: Array.from({ length: 300 }, (_, k) => smallAction(k)) }),
    verdict('violation'),
    { b12Findings: 300 },
  ),
  json(
    'thousands of actions (5,000): judged (the compiled rules need no evaluation budget)',
    () => ({ ...fixtures.noConsentNoJustification(), actions: Array.from({ length: 5000 }, (_, k) => smallAction(k)) }),
    verdict('violation'),
    { b12Findings: 5000 },
  ),
  json(
    'tens of thousands of actions (20,000; under 1 MiB, over the 10,000 items of one array)',
    () => ({ schemaVersion: '1', actions: Array.from({ length: 20_000 }, (_, k) => smallAction(k)) }),
    limit,
  ),
  json(
    '3,000 fully justified actions (over 1 MiB)',
    () => ({ schemaVersion: '1', actions: Array.from({ length: 3000 }, (_, k) => ({ ...fixtures.fullyJustified().actions[0], id: `a${k}` })) }),
    limit,
  ),
  // --------------------------------------------------- prototype pollution keys
  { name: '__proto__ at the top level', text: '{"schemaVersion":"1","__proto__":{"polluted":true}}', expect: wrongAt('/__proto__') },
  { name: 'constructor.prototype at the top level', text: '{"schemaVersion":"1","constructor":{"prototype":{"polluted":true}}}', expect: wrongAt('/constructor') },
  { name: '__proto__ in an action', text: '{"schemaVersion":"1","actions":[{"__proto__":{"consent":{"prior":false}}}]}', expect: wrongAt('/actions/0/__proto__') },
  { name: '__proto__ in consent', text: '{"schemaVersion":"1","actions":[{"consent":{"__proto__":{"prior":true}}}]}', expect: wrongAt('/actions/0/consent/__proto__') },
  {
    name: 'Object.prototype member names as fields of consent',
    text: '{"schemaVersion":"1","actions":[{"consent":{"hasOwnProperty":1,"toString":"x"}}]}',
    expect: { code: 'invalid_incident', problems: ['/actions/0/consent/hasOwnProperty', '/actions/0/consent/toString'] },
  },
  {
    name: '__proto__, constructor and prototype inside extensions (free-form)',
    text: '{"schemaVersion":"1","extensions":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true}}}',
    expect: verdict('not_applicable'),
  },
  // ------------------------------------------------------------ duplicate keys
  { name: 'duplicate schemaVersion, "1" then "2"', text: '{"schemaVersion":"1","schemaVersion":"2"}', expect: [{ code: 'unsupported_schema_version', path: '/schemaVersion' }, notJson] },
  { name: 'duplicate schemaVersion, "2" then "1"', text: '{"schemaVersion":"2","schemaVersion":"1"}', expect: [verdict('not_applicable'), notJson] },
  { name: 'duplicate consent.prior, true then false', text: '{"schemaVersion":"1","actions":[{"consent":{"prior":true,"prior":false}}]}', expect: [verdict('violation'), notJson] },
  // ----------------------------------------------------------- not an incident
  { name: 'a number', text: '42', expect: notAnIncident },
  { name: 'a string', text: '"incident"', expect: notAnIncident },
  { name: 'true', text: 'true', expect: notAnIncident },
  { name: 'null', text: 'null', expect: notAnIncident },
  { name: 'an array of incidents', text: `[${typicalText}]`, expect: notAnIncident },
  // --------------------------------------------------------------- schemaVersion
  json('schemaVersion missing', () => ({ id: 'x', actions: [] }), wrongAt('/schemaVersion')),
  json('schemaVersion null', () => ({ schemaVersion: null }), wrongAt('/schemaVersion')),
  json('schemaVersion the number 1', () => ({ schemaVersion: 1 }), wrongAt('/schemaVersion')),
  json('schemaVersion an object', () => ({ schemaVersion: { major: 1 } }), wrongAt('/schemaVersion')),
  json('schemaVersion ["1"]', () => ({ schemaVersion: ['1'] }), wrongAt('/schemaVersion')),
  json('schemaVersion "2"', () => ({ ...fixtures.typical(), schemaVersion: '2' }), { code: 'unsupported_schema_version', path: '/schemaVersion' }),
  json('schemaVersion "1.0"', () => ({ schemaVersion: '1.0' }), { code: 'unsupported_schema_version', path: '/schemaVersion' }),
  json('schemaVersion ""', () => ({ schemaVersion: '' }), { code: 'unsupported_schema_version', path: '/schemaVersion' }),
  // ---------------------------------------------- wrong types on pinned paths
  json('id a number', mutated((i) => { i.id = 42; }), wrongAt('/id')),
  json('id an object', mutated((i) => { i.id = { value: 'INC-1' }; }), wrongAt('/id')),
  json('actions an object', mutated((i) => { i.actions = { a1: i.actions[0] }; }), wrongAt('/actions')),
  json('actions a string', mutated((i) => { i.actions = 'a1'; }), wrongAt('/actions')),
  json('actions[0] a string', mutated((i) => { i.actions = ['a1']; }), wrongAt('/actions/0')),
  json('actions with a null item', mutated((i) => { i.actions.push(null); }), wrongAt('/actions/1')),
  json('actions[].id a number', mutated((i) => { i.actions[0].id = 1; }), wrongAt('/actions/0/id')),
  json('actions[].id a boolean', mutated((i) => { i.actions[0].id = true; }), wrongAt('/actions/0/id')),
  json('kind an array', mutated((i) => { i.actions[0].kind = ['security-test']; }), wrongAt('/actions/0/kind')),
  json('kind a number', mutated((i) => { i.actions[0].kind = 7; }), wrongAt('/actions/0/kind')),
  json('kind an unknown string (accepted)', mutated((i) => { i.actions[0].kind = 'interpretive-dance'; }), verdict('violation')),
  json('affectedParties a string', mutated((i) => { i.actions[0].affectedParties = 'Acme Corp'; }), wrongAt('/actions/0/affectedParties')),
  json('affectedParties with a number', mutated((i) => { i.actions[0].affectedParties = ['Acme', 1]; }), wrongAt('/actions/0/affectedParties/1')),
  json('affectedParties with a null item', mutated((i) => { i.actions[0].affectedParties = [null]; }), wrongAt('/actions/0/affectedParties/0')),
  json('requiredQualifications an object', mutated((i) => { i.actions[0].requiredQualifications = { name: 'x' }; }), wrongAt('/actions/0/requiredQualifications')),
  json('requiredQualifications with an object item', mutated((i) => { i.actions[0].requiredQualifications = [{ name: 'x' }]; }), wrongAt('/actions/0/requiredQualifications/0')),
  json('consent an array', mutated((i) => { i.actions[0].consent = [false]; }), wrongAt('/actions/0/consent')),
  json('consent.prior "yes"', mutated((i) => { i.actions[0].consent.prior = 'yes'; }), wrongAt('/actions/0/consent/prior')),
  json('consent.prior 0', mutated((i) => { i.actions[0].consent.prior = 0; }), wrongAt('/actions/0/consent/prior')),
  json('consent.prior "false"', mutated((i) => { i.actions[0].consent.prior = 'false'; }), wrongAt('/actions/0/consent/prior')),
  json('justification a string', mutated((i) => { i.actions[0].justification = 'it was fine'; }), wrongAt('/actions/0/justification')),
  json('justification an array', mutated((i) => { i.actions[0].justification = ['legal']; }), wrongAt('/actions/0/justification')),
  ...['legal', 'ethical', 'beneficial', 'minimal'].flatMap((el) => [
    json(`justification.${el} true`, mutated((i) => { i.actions[0].justification = { [el]: true }; }), wrongAt(`/actions/0/justification/${el}`)),
    json(`justification.${el} a string`, mutated((i) => { i.actions[0].justification = { [el]: 'yes, obviously' }; }), wrongAt(`/actions/0/justification/${el}`)),
    json(`justification.${el}.claimed "true"`, mutated((i) => { i.actions[0].justification = { [el]: { claimed: 'true' } }; }), wrongAt(`/actions/0/justification/${el}/claimed`)),
    json(`justification.${el}.explanation a number`, mutated((i) => { i.actions[0].justification = { [el]: { claimed: true, explanation: 42 } }; }), wrongAt(`/actions/0/justification/${el}/explanation`)),
  ]),
  json('justification.legal.basis an array', mutated((i) => { i.actions[0].justification = { legal: { basis: ['GDPR'] } }; }), wrongAt('/actions/0/justification/legal/basis')),
  json('justification.beneficial.beneficiaries a string', mutated((i) => { i.actions[0].justification = { beneficial: { beneficiaries: 'Acme' } }; }), wrongAt('/actions/0/justification/beneficial/beneficiaries')),
  json('justification.minimal.dataRetained "no"', mutated((i) => { i.actions[0].justification = { minimal: { dataRetained: 'no' } }; }), wrongAt('/actions/0/justification/minimal/dataRetained')),
  json('disclosure.classification not in the enum', mutated((i) => { i.actions[0].disclosure = { classification: 'top-secret' }; }), wrongAt('/actions/0/disclosure/classification')),
  json('disclosure.classification a number', mutated((i) => { i.actions[0].disclosure = { classification: 3 }; }), wrongAt('/actions/0/disclosure/classification')),
  json('disclosure.classification in capitals', mutated((i) => { i.actions[0].disclosure = { classification: 'CONFIDENTIAL' }; }), wrongAt('/actions/0/disclosure/classification')),
  json('disclosure.owner an object', mutated((i) => { i.actions[0].disclosure = { owner: { name: 'Acme' } }; }), wrongAt('/actions/0/disclosure/owner')),
  json('disclosure.ownerConsent "no"', mutated((i) => { i.actions[0].disclosure = { ownerConsent: 'no' }; }), wrongAt('/actions/0/disclosure/ownerConsent')),
  json('member an array', mutated((i) => { i.member = [{ name: 'Sam' }]; }), wrongAt('/member')),
  json('member.qualifications a string', mutated((i) => { i.member = { qualifications: 'ethical-hacking' }; }), wrongAt('/member/qualifications')),
  json('member.qualifications with a string item', mutated((i) => { i.member = { qualifications: ['ethical-hacking'] }; }), wrongAt('/member/qualifications/0')),
  json('member.qualifications item without its name', mutated((i) => { i.member = { qualifications: [{ validUntil: '2027-01-01' }] }; }), wrongAt('/member/qualifications/0/name')),
  json('conflictsOfInterest an object', mutated((i) => { i.conflictsOfInterest = { c1: { declared: false } }; }), wrongAt('/conflictsOfInterest')),
  json('conflictsOfInterest[].declared "yes"', mutated((i) => { i.conflictsOfInterest = [{ declared: 'yes' }]; }), wrongAt('/conflictsOfInterest/0/declared')),
  json('conflictsOfInterest[].declared 1', mutated((i) => { i.conflictsOfInterest = [{ id: 'c1' }, { declared: 1 }]; }), wrongAt('/conflictsOfInterest/1/declared')),
  // ------------------------------------------------------------ unknown fields
  json('unknown top-level field', mutated((i) => { i.colour = 'blue'; }), wrongAt('/colour')),
  json('top-level typo "action"', mutated((i) => { i.action = i.actions; }), wrongAt('/action')),
  json('unknown field in an action', mutated((i) => { i.actions[0].consentt = { prior: true }; }), wrongAt('/actions/0/consentt')),
  json('unknown field in a justification element', mutated((i) => { i.actions[0].justification = { ethical: { claimed: true, reason: 'x' } }; }), wrongAt('/actions/0/justification/ethical/reason')),
  json(
    'every problem reported at once',
    () => ({ schemaVersion: '1', id: 1, actions: [{ id: 2, kind: 3, consent: { prior: 'y' } }], x: 1 }),
    { code: 'invalid_incident', problems: ['/actions/0/consent/prior', '/actions/0/id', '/actions/0/kind', '/id', '/x'] },
  ),
  // --------------------------------------------------------------------- dates
  json('date 2026-02-30', mutated((i) => { i.occurredAt = '2026-02-30'; }), wrongAt('/occurredAt')),
  json('date 2026-02-29 (not a leap year)', mutated((i) => { i.actions[0].at = '2026-02-29'; }), wrongAt('/actions/0/at')),
  json('date 2026-13-01', mutated((i) => { i.member = { qualifications: [{ name: 'x', validUntil: '2026-13-01' }] }; }), wrongAt('/member/qualifications/0/validUntil')),
  json('date 0000-00-00', mutated((i) => { i.occurredAt = '0000-00-00'; }), wrongAt('/occurredAt')),
  json('date "yesterday"', mutated((i) => { i.conflictsOfInterest = [{ declaredAt: 'yesterday' }]; }), wrongAt('/conflictsOfInterest/0/declaredAt')),
  json('date-time at 25:00', mutated((i) => { i.occurredAt = '2026-11-20T25:00:00Z'; }), wrongAt('/occurredAt')),
  json('date ""', mutated((i) => { i.occurredAt = ''; }), wrongAt('/occurredAt')),
  json('date a number', mutated((i) => { i.occurredAt = 20261120; }), wrongAt('/occurredAt')),
  json('date 2028-02-29 (a leap year: valid)', mutated((i) => { i.occurredAt = '2028-02-29'; }), verdict('violation')),
  json('a valid date-time', mutated((i) => { i.occurredAt = '2026-11-20T10:00:00Z'; }), verdict('violation')),
  // -------------------------------------------- JS values JSON cannot hold (evaluate only)
  { name: 'cyclic object', value: () => { const i = fixtures.priorConsent(); i.extensions = { self: i }; return i; }, expect: notJson },
  { name: 'cycle through an array', value: () => { const a = []; a.push(a); return { schemaVersion: '1', extensions: a }; }, expect: notJson },
  { name: 'cyclic action', value: () => { const i = fixtures.priorConsent(); i.actions[0].consent.self = i.actions[0]; return i; }, expect: notJson },
  { name: 'BigInt in extensions', value: () => ({ schemaVersion: '1', extensions: { n: 10n ** 30n } }), expect: notJson },
  { name: 'BigInt as consent.prior', value: mutated((i) => { i.actions[0].consent.prior = 0n; }), expect: notJson },
  { name: 'BigInt as the incident', value: () => 1n, expect: [notJson, notAnIncident] },
  { name: 'a function as the incident', value: () => () => ({ schemaVersion: '1' }), expect: notAnIncident },
  { name: 'a symbol as the incident', value: () => Symbol('incident'), expect: notAnIncident },
  { name: 'undefined as the incident', value: () => undefined, expect: { code: 'invalid_argument' } },
  { name: 'a function as the id', value: mutated((i) => { i.id = () => 'INC'; }), expect: [verdict('violation'), wrongAt('/id')] },
  { name: 'a symbol as consent.prior', value: mutated((i) => { i.actions[0].consent.prior = Symbol('no'); }), expect: [verdict(), wrongAt('/actions/0/consent/prior')] },
  { name: 'undefined as actions', value: mutated((i) => { i.actions = undefined; }), expect: [verdict('not_applicable'), wrongAt('/actions')] },
  { name: 'NaN and Infinity as booleans', value: mutated((i) => { i.actions[0].consent.prior = NaN; i.actions[0].knowinglyUntrue = Infinity; }), expect: [verdict(), { code: 'invalid_incident' }] },
  { name: 'symbol-keyed and non-enumerable fields', value: () => { const i = fixtures.priorConsent(); i[Symbol('x')] = 1; Object.defineProperty(i, 'hidden', { value: 1 }); return i; }, expect: verdict('not_applicable') },
  { name: 'null-prototype object', value: () => Object.assign(Object.create(null), fixtures.priorConsent()), expect: verdict('not_applicable', { incident: 'INC-NODE-0002' }) },
  { name: 'a Map', value: () => new Map(Object.entries(fixtures.priorConsent())), expect: wrongAt('/schemaVersion') },
  { name: 'a Date as occurredAt', value: mutated((i) => { i.occurredAt = new Date(Date.UTC(2026, 10, 20)); }), expect: verdict('violation') },
  { name: 'a getter that throws', value: () => ({ schemaVersion: '1', get id() { throw new Error('boom'); } }), expect: { code: 'invalid_incident', path: '/id' } },
  { name: 'toJSON that throws', value: () => ({ schemaVersion: '1', toJSON() { throw new TypeError('no'); } }), expect: [notJson, { code: 'invalid_incident' }] },
  { name: 'toJSON returning a valid incident', value: () => ({ toJSON: () => fixtures.noConsentNoJustification() }), expect: verdict('violation', { incident: 'INC-NODE-0001' }) },
  { name: 'a Proxy whose ownKeys trap throws', value: () => new Proxy({}, { ownKeys() { throw new Error('trap'); } }), expect: [notJson, { code: 'invalid_incident' }] },
  { name: 'a revoked Proxy', value: () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }, expect: [notJson, { code: 'invalid_incident' }] },
];
