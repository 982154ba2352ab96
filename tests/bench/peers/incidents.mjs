// The incidents every contender must judge alike before any is timed: the
// typical incident (the one timed), the examples, the package tests'
// fixtures, and variants of the typical incident that drive each of B2, B3,
// B4 and B12 to compliant, incomplete and violation by each of its paths.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fixtures from '../../node/fixtures.mjs';

const root = path.resolve(fileURLToPath(import.meta.url), '../../../..');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** benches/typical-incident.json: 3 actions touching B2, B3, B4 and B12. */
export const TYPICAL_FILE = path.join(root, 'benches', 'typical-incident.json');
export const typical = () => readJson(TYPICAL_FILE);

/** The typical incident changed by `edit`, which receives it and its first action. */
function variant(edit) {
  const incident = typical();
  edit(incident, incident.actions[0]);
  return incident;
}

const good = {
  legal: { claimed: true, basis: "Acme's responsible-disclosure policy", explanation: 'The policy invites reports of flaws in public services.' },
  ethical: { claimed: true, explanation: 'Customers were exposed, and warning Acme protects them.' },
  beneficial: { claimed: true, beneficiaries: ['Acme Corp', 'Acme customers'], explanation: 'Acme can close the hole before records are stolen.' },
  minimal: { claimed: true, explanation: 'A single request confirmed the flaw; nothing was read.', dataRetained: false, beyondNeed: false },
  evidence: ['request log excerpt'],
};
/** The first action fully justified, then changed by `edit(justification)`. */
const b12 = (edit) =>
  variant((_, a) => {
    a.justification = structuredClone(good);
    edit(a.justification, a);
  });

const VARIANTS = {
  // B2
  'B2 compliant: names differ only in case and space': variant((i, a) => (a.requiredQualifications = [' Ethical-Hacking '])),
  'B2 violation: not held': variant((i) => (i.actions[2].requiredQualifications = ['privacy-officer', 'forensics'])),
  'B2 violation: lapsed before the action': variant((i, a) => (a.at = '2027-07-01')),
  'B2 compliant: valid on its last day': variant((i, a) => (a.at = '2027-06-30T18:00:00Z')),
  'B2 compliant: one of two copies still valid': variant((i, a) => {
    i.member.qualifications.push({ name: 'Ethical-Hacking', validUntil: '2025-01-01' });
    a.at = '2026-01-01';
  }),
  'B2 violation: every copy lapsed': variant((i, a) => {
    i.member.qualifications.push({ name: 'ethical-hacking', validUntil: '2026-01-01' });
    a.at = '2027-08-01';
  }),
  'B2 incomplete: qualifications not recorded': variant((i) => delete i.member.qualifications),
  'B2 incomplete: no day to check a dated qualification': variant((i, a) => {
    delete a.at;
    delete i.occurredAt;
  }),
  // B3
  'B3 incomplete: declaration not recorded': variant((i) => delete i.conflictsOfInterest[0].declared),
  'B3 violation: never declared (null)': variant((i) => (i.conflictsOfInterest[0].declared = null)),
  'B3 violation: declared false': variant((i) => (i.conflictsOfInterest[0].declared = false)),
  'B3 violation: a party not told': variant((i) => {
    i.conflictsOfInterest[0].parties = ['Acme Corp', 'Globex'];
    i.conflictsOfInterest[0].declaredTo = ['acme corp '];
  }),
  'B3 violation: declared after acting': variant((i) => (i.conflictsOfInterest[0].declaredAt = '2026-11-21')),
  'B3 compliant: declared on the day of the first action': variant((i) => (i.conflictsOfInterest[0].declaredAt = '2026-11-20')),
  // B4
  'B4 incomplete: classification not recorded': variant((i) => delete i.actions[1].disclosure.classification),
  'B4 incomplete: owner consent not recorded': variant((i) => delete i.actions[1].disclosure.ownerConsent),
  'B4 violation: owner did not consent': variant((i) => (i.actions[1].disclosure.ownerConsent = false)),
  'B4 violation: owner consent null': variant((i) => {
    i.actions[1].disclosure.classification = 'personal';
    i.actions[1].disclosure.ownerConsent = null;
  }),
  'B4 compliant: public information': variant((i) => {
    i.actions[1].disclosure.classification = 'public';
    i.actions[1].disclosure.ownerConsent = false;
  }),
  // B12
  'B12 compliant: every element of substance': b12(() => {}),
  'B12 violation: no justification': variant((i, a) => delete a.justification),
  'B12 violation: consent null': variant((i, a) => {
    a.consent = null;
    delete a.justification;
  }),
  'B12 incomplete: consent not recorded': variant((i, a) => delete a.consent),
  'B12 incomplete: consent without prior': variant((i, a) => (a.consent = {})),
  'B12 violation: legal denied': b12((j) => (j.legal.claimed = false)),
  'B12 incomplete: ethical unclaimed, minimal not given': b12((j) => {
    delete j.ethical.claimed;
    delete j.minimal;
  }),
  'B12 incomplete: explanation too short': b12((j) => (j.legal.explanation = 'It was allowed')),
  // 19 code points, 21 UTF-16 units: the rules count characters as code
  // points, as OPA does (regorus's count() alone would read 21), so with the
  // minimum of 20 this is one character short.
  'B12 incomplete: an explanation of 19 code points, 21 UTF-16 units': b12((j) => (j.ethical.explanation = '\u{1F512}\u{1F512} warned the owner')),
  'B12 incomplete: explanation a placeholder after trimming': b12((j) => (j.minimal.explanation = '  N/A ')),
  'B12 incomplete: legal basis a placeholder': b12((j) => (j.legal.basis = 'see above')),
  'B12 incomplete: no beneficiaries named': b12((j) => (j.beneficial.beneficiaries = [])),
  'B12 incomplete: evidence a placeholder': b12((j) => (j.evidence = ['tbd', 'request log'])),
  'B12 violation: the member the only beneficiary': b12((j) => (j.beneficial.beneficiaries = ['sam jansen', 'Me'])),
  'B12 violation: data kept and beyond the need': b12((j) => Object.assign(j.minimal, { dataRetained: true, beyondNeed: true })),
  'B12 violation: denied and a placeholder together': b12((j) => {
    j.ethical.claimed = false;
    j.legal.basis = 'n/a';
  }),
  'all four: several gaps at once': b12((j, a) => {
    j.beneficial.beneficiaries = ['Sam Jansen'];
    a.requiredQualifications = ['forensics'];
  }),
};

/** [name, incident] pairs, the typical incident first. */
export function incidents() {
  const examples = fs
    .readdirSync(path.join(root, 'examples'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [`examples/${f}`, readJson(path.join(root, 'examples', f))]);
  const fromFixtures = Object.entries(fixtures)
    .filter(([, fn]) => typeof fn === 'function')
    .map(([name, fn]) => [`fixtures ${name}()`, fn()]);
  return [['typical (benches/typical-incident.json)', typical()], ...examples, ...fromFixtures, ...Object.entries(VARIANTS)];
}
