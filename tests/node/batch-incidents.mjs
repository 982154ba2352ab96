// Deterministic, varied incidents for the batch and CLI tests and for
// tests/bench/batch.mjs: the random incidents of tests/common/generate.rs
// (every section of the model, every outcome), ported with a 32-bit
// xorshift, mixed with the repository's hand-written examples/ (realistic
// ones: several actions, justifications in words). `incidents(n, seed)`
// yields n of them, the same ones for the same seed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');

export class Gen {
  constructor(seed) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next() {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x;
  }
  pick(items) {
    return items[this.next() % items.length];
  }
  chance(percent) {
    return this.next() % 100 < percent;
  }
  /** Sets `key` on `obj` to one of `values`, or leaves it out. */
  maybe(obj, key, values) {
    if (this.chance(70)) obj[key] = this.pick(values);
  }
}

const TEXTS = [
  'n/a',
  '',
  '  ',
  'see above',
  'short',
  'Exactly twenty chars',
  'Nineteen characters🙂',
  'Eighteen character🙂',
  'A long explanation that clearly says why this was needed.',
  null,
];
const BOOLS = [true, false, null];
const DAYS = ['2026-01-01', '2026-11-20', '2027-06-30', '2027-07-01T08:00:00Z'];
const NAMES = ['ethical-hacking', 'Forensics', 'auditing'];
const KINDS = ['security-test', 'access', 'disclosure', 'advice', 'judgement', 'task', 'report'];
const SECTIONS = [
  ['judgement', ['sufficientKnowledge', 'insufficiencyDisclosed', 'personalStake', 'stakeDeclared', 'stakeAccepted']],
  ['advice', ['informationCorrect', 'informationCurrent', 'informationComplete', 'doubtsDisclosed', 'limitationsStated', 'opposingFactorsIncluded']],
  ['request', ['clearlyUnlawfulOrUnethical', 'consultedSenior', 'legalAdviceSought', 'complied']],
  ['damage', ['foreseeable', 'preventable', 'preventionAttempted']],
  ['risk', ['intentional']],
];

function element(g, extra = []) {
  const e = {};
  g.maybe(e, 'claimed', [true, true, false, null]);
  g.maybe(e, 'explanation', TEXTS);
  for (const [k, values] of extra) g.maybe(e, k, values);
  return e;
}

/** A random incident, as tests/common/generate.rs makes them. */
export function randomIncident(g) {
  const inc = { schemaVersion: '1', id: `GEN-${g.next() % 100000}` };
  g.maybe(inc, 'occurredAt', DAYS);
  if (g.chance(70)) {
    const quals = Array.from({ length: g.next() % 3 }, () => {
      const q = { name: g.pick(NAMES) };
      g.maybe(q, 'validUntil', DAYS);
      return q;
    });
    inc.member = { name: g.pick(['Jo', 'Sam Jansen']), qualifications: quals };
    g.maybe(inc.member, 'lastTraining', ['2023-11-20', '2020-01-01', '2026-06-01', null]);
  }
  inc.actions = Array.from({ length: g.next() % 4 }, (_, n) => {
    const a = { id: `a${n + 1}`, kind: g.pick(KINDS), description: 'Probed the partner\'s login form and reported what was found' };
    g.maybe(a, 'at', DAYS);
    if (g.chance(40)) a.requiredQualifications = Array.from({ length: g.next() % 3 }, () => g.pick(NAMES));
    if (g.chance(80)) {
      a.consent = {};
      g.maybe(a.consent, 'prior', BOOLS);
    }
    if (g.chance(70)) {
      const j = {};
      if (g.chance(80)) j.legal = element(g, [['basis', TEXTS]]);
      if (g.chance(80)) j.ethical = element(g);
      if (g.chance(80)) j.beneficial = element(g, [['beneficiaries', [[], ['Acme'], ['self'], ['Jo', 'Acme'], ['jo']]]]);
      if (g.chance(80)) j.minimal = element(g, [['dataRetained', BOOLS], ['beyondNeed', BOOLS]]);
      g.maybe(j, 'evidence', [[], ['log'], ['log', '-']]);
      a.justification = g.chance(10) ? null : j;
    }
    if (g.chance(40)) {
      const d = {};
      g.maybe(d, 'classification', ['public', 'internal', 'confidential', 'personal', 'sensitive']);
      g.maybe(d, 'ownerConsent', BOOLS);
      g.maybe(d, 'owner', ['Acme', null]);
      a.disclosure = d;
    }
    for (const [section, fields] of SECTIONS) {
      if (!g.chance(25)) continue;
      const o = {};
      for (const f of fields) g.maybe(o, f, BOOLS);
      if (section === 'risk') {
        g.maybe(o, 'exposedParties', [['Acme'], ['Acme', 'Acme customers']]);
        g.maybe(o, 'explicitlyRequestedBy', [[], ['acme'], ['Beta'], null]);
      }
      a[section] = o;
    }
    g.maybe(a, 'knowinglyUntrue', BOOLS);
    return a;
  });
  if (g.chance(50)) {
    inc.conflictsOfInterest = Array.from({ length: g.next() % 3 }, () => {
      const c = {};
      g.maybe(c, 'parties', [['Acme'], ['Acme', 'Beta']]);
      g.maybe(c, 'declared', BOOLS);
      g.maybe(c, 'declaredTo', [['acme'], ['Acme', 'Beta'], []]);
      g.maybe(c, 'declaredAt', DAYS);
      return c;
    });
  }
  const early = ['2026-11-01', '2026-11-06'];
  const late = ['2026-10-31', '2026-11-15', '2026-11-20', '2026-11-21', null];
  if (g.chance(40)) {
    inc.agreements = Array.from({ length: 1 + (g.next() % 2) }, () => {
      const a = {};
      g.maybe(a, 'honoured', BOOLS);
      g.maybe(a, 'conflictsWithLaw', BOOLS);
      g.maybe(a, 'discoveredAt', early);
      g.maybe(a, 'partiesNotifiedAt', late);
      return a;
    });
  }
  if (g.chance(40)) {
    inc.promises = Array.from({ length: 1 + (g.next() % 2) }, () => {
      const p = {};
      g.maybe(p, 'delivered', BOOLS);
      g.maybe(p, 'obstacleKnownAt', early);
      g.maybe(p, 'communicatedAt', late);
      return p;
    });
  }
  if (g.chance(40)) {
    inc.deficienciesFound = Array.from({ length: 1 + (g.next() % 2) }, () => {
      const d = {};
      g.maybe(d, 'reportedToOwner', BOOLS);
      g.maybe(d, 'reportingRisk', ['none', 'unreasonable']);
      g.maybe(d, 'riskExplanation', TEXTS);
      g.maybe(d, 'learnedAt', early);
      g.maybe(d, 'reportedAt', late);
      return d;
    });
  }
  return inc;
}

/** The hand-written examples of examples/, each a realistic incident. */
export function examples() {
  const dir = path.join(root, 'examples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** `count` incidents: three in four random, one in four an example under a new id. */
export function* incidents(count, seed = 1) {
  const g = new Gen(seed);
  const real = examples();
  for (let n = 0; n < count; n++) {
    if (g.chance(25)) {
      const incident = structuredClone(g.pick(real));
      incident.id = `${incident.id ?? 'EX'}-${n}`;
      yield incident;
    } else {
      yield randomIncident(g);
    }
  }
}

/** Writes `count` incidents as JSON Lines to `file`, with back-pressure; resolves with its size. */
export async function writeJsonl(file, count, seed = 1) {
  const out = fs.createWriteStream(file);
  let size = 0;
  let parts = [];
  let held = 0;
  for (const incident of incidents(count, seed)) {
    const line = JSON.stringify(incident) + '\n';
    parts.push(line);
    held += line.length;
    if (held >= 1 << 20) {
      const text = parts.join('');
      size += Buffer.byteLength(text);
      parts = [];
      held = 0;
      if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
    }
  }
  const text = parts.join('');
  size += Buffer.byteLength(text);
  await new Promise((resolve, reject) => out.end(text, (e) => (e ? reject(e) : resolve())));
  return size;
}
