// The adapter the three non-Rego peers (JsonLogic, json-rules-engine, Cedar)
// share, and the table that turns what they report back into findings.
//
// Those languages judge one flat record at a time, so the adapter cuts an
// incident into one record per subject our Rego rules judge (per action for
// B12, per action and required qualification for B2, per conflict for B3,
// per disclosure for B4) and states the facts in a form all three can read:
//
//   - every JSON value the rules distinguish becomes a kind: 'absent' (no such
//     key), 'null', 'true', 'false', 'string', 'number', 'array', 'object'.
//     Cedar has no null, and the rules tell absent ("not recorded") from null
//     ("did not happen");
//   - every text becomes { kind, norm: trimmed and lower-cased, len: trimmed
//     length in code points }: Cedar and json-rules-engine cannot trim,
//     lower-case or measure text. Whether a text is a placeholder or too short
//     is still decided by each peer's rules, against the configuration;
//   - dates become numbers (2026-11-20 → 20261120): Cedar compares only numbers;
//   - questions that compare one list against another (beneficiaries against
//     the member's names, parties against those told, required against held
//     qualifications, evidence items against the placeholders) become counts:
//     JsonLogic cannot see outside the item while it iterates a list, and
//     Cedar and json-rules-engine cannot iterate at all.
//
// The adapter decides no status; the peers' rules do. It runs inside every
// timed evaluation of those peers, and the benchmark also times it alone.

export const RULES = ['B2', 'B3', 'B4', 'B12'];
export const ELEMENTS = ['legal', 'ethical', 'beneficial', 'minimal'];

/** The kind of a JSON value; `undefined` (a key not there) is 'absent'. */
export function kind(v) {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (Array.isArray(v)) return 'array';
  return typeof v; // 'string' | 'number' | 'object'
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const recorded = (v) => v !== undefined && v !== null;
const norm = (s) => s.trim().toLowerCase();

function text(v) {
  if (typeof v !== 'string') return { kind: kind(v), norm: '', len: 0 };
  const t = v.trim();
  // The rules count characters as code points (lib.characters), as OPA does.
  return { kind: 'string', norm: t.toLowerCase(), len: [...t].length };
}

/** An ISO date's first ten characters as a number that orders like the text. */
const dayNumber = (s) => Number(s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10));

/** The day an action took place (its own date, else the incident's), or 0. */
function actionDay(incident, action) {
  if (isObject(action) && recorded(action.at)) return dayNumber(action.at);
  if (recorded(incident.occurredAt)) return dayNumber(incident.occurredAt);
  return 0;
}

function element(v) {
  return { kind: kind(v), claimed: kind(isObject(v) ? v.claimed : undefined), explanation: text(isObject(v) ? v.explanation : undefined) };
}

/** Items of an array (or values of an object), as Rego's `some x in v` sees them. */
const items = (v) => (Array.isArray(v) ? v : isObject(v) ? Object.values(v) : []);

/** How many of `list`'s items `test` holds for. */
function count(list, test) {
  let n = 0;
  for (const x of list) if (test(x)) n++;
  return n;
}

/**
 * The records of one incident, each `{ rule, subject, ...facts }`; `subject`
 * is the JSON Pointer of what it judges. `config` is the effective configuration.
 */
export function facts(incident, config) {
  const out = [];
  const actions = Array.isArray(incident.actions) ? incident.actions : [];
  const member = isObject(incident.member) ? incident.member : {};
  const selfNames = new Set(config.selfReferences);
  if (typeof member.name === 'string' && member.name.trim() !== '') selfNames.add(norm(member.name));
  const placeholders = new Set(config.placeholderPhrases);

  // B2: the member's qualification names, as b02_qualified.rego reads them:
  // a name the configuration does not recognise stands as '' and matches nothing.
  const quals = Array.isArray(member.qualifications) ? member.qualifications : [];
  const recognised = config.recognisedQualifications;
  const held = [];
  for (const q of quals) {
    if (!isObject(q) || typeof q.name !== 'string') continue; // undefined in Rego: not in the list
    const n = norm(q.name);
    held.push(recognised.length === 0 || recognised.includes(n) ? n : '');
  }
  let firstActionDay = 0;
  for (const a of actions) {
    const d = actionDay(incident, a);
    if (d !== 0 && (firstActionDay === 0 || d < firstActionDay)) firstActionDay = d;
  }

  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    const subject = `/actions/${i}`;
    if (!isObject(a)) continue;

    // B12: one record per action.
    const consent = a.consent;
    const j = isObject(a.justification) ? a.justification : {};
    const ben = isObject(j.beneficial) ? j.beneficial : {};
    const names = items(ben.beneficiaries);
    out.push({
      rule: 'B12',
      subject,
      consent: kind(consent),
      prior: kind(isObject(consent) ? consent.prior : undefined),
      justification: kind(a.justification),
      legal: { ...element(j.legal), basis: text(isObject(j.legal) ? j.legal.basis : undefined) },
      ethical: element(j.ethical),
      beneficial: {
        ...element(j.beneficial),
        beneficiaries: kind(ben.beneficiaries),
        named: names.length,
        others: count(names, (b) => typeof b !== 'string' || !selfNames.has(norm(b))),
      },
      minimal: {
        ...element(j.minimal),
        beyondNeed: kind(isObject(j.minimal) ? j.minimal.beyondNeed : undefined),
        dataRetained: kind(isObject(j.minimal) ? j.minimal.dataRetained : undefined),
      },
      weakEvidence: count(items(j.evidence), (e) => typeof e !== 'string' || e.trim() === '' || placeholders.has(norm(e))),
    });

    // B2: one record per required qualification.
    const required = Array.isArray(a.requiredQualifications) ? a.requiredQualifications : [];
    const day = actionDay(incident, a);
    for (const label of required) {
      const name = typeof label === 'string' ? norm(label) : '';
      let copies = 0;
      let undated = 0;
      let latest = 0;
      for (let k = 0; k < held.length; k++) {
        if (held[k] !== name) continue;
        copies++;
        const until = isObject(quals[k]) ? quals[k].validUntil : undefined;
        if (recorded(until)) latest = Math.max(latest, dayNumber(until));
        else undated++;
      }
      out.push({
        rule: 'B2',
        subject,
        label,
        qualifications: kind(member.qualifications),
        copies,
        undated,
        latest,
        day,
        dayKnown: day !== 0,
      });
    }

    // B4: one record per disclosure.
    if (isObject(a.disclosure)) {
      const d = a.disclosure;
      out.push({
        rule: 'B4',
        subject: `${subject}/disclosure`,
        classification: kind(d.classification),
        classificationValue: typeof d.classification === 'string' ? d.classification : '',
        ownerConsent: kind(d.ownerConsent),
      });
    }
  }

  // B3: one record per conflict of interest.
  const conflicts = Array.isArray(incident.conflictsOfInterest) ? incident.conflictsOfInterest : [];
  for (let i = 0; i < conflicts.length; i++) {
    const conflict = isObject(conflicts[i]) ? conflicts[i] : {};
    const told = new Set();
    for (const p of items(conflict.declaredTo)) if (typeof p === 'string') told.add(norm(p));
    const parties = Array.isArray(conflict.parties) ? conflict.parties : [];
    out.push({
      rule: 'B3',
      subject: `/conflictsOfInterest/${i}`,
      declared: kind(conflict.declared),
      declaredTo: kind(conflict.declaredTo),
      untold: recorded(conflict.declaredTo) ? count(parties, (p) => typeof p !== 'string' || !told.has(norm(p))) : 0,
      declaredAt: kind(conflict.declaredAt),
      declaredAtDay: recorded(conflict.declaredAt) ? dayNumber(conflict.declaredAt) : 0,
      firstActionDay,
    });
  }
  return out;
}

// ---------------------------------------------------------------- gaps

// Every gap a peer's rules can report, by id: the status it amounts to and
// the elements it names (as the `element` of a finding's `missing` entry;
// '$label' is the record's qualification). The ids are ours; the statuses
// and elements are those of the Rego rules.
export const GAPS = {
  'B12.consented': { status: 'not_applicable', elements: [] },
  'B12.consent_unrecorded': { status: 'incomplete', elements: ['consent'] },
  'B12.no_justification': { status: 'violation', elements: ELEMENTS },
  ...Object.fromEntries(
    ELEMENTS.flatMap((e) => [
      [`B12.${e}.not_given`, { status: 'incomplete', elements: [e] }],
      [`B12.${e}.denied`, { status: 'violation', elements: [e] }],
      [`B12.${e}.unclaimed`, { status: 'incomplete', elements: [e] }],
      [`B12.${e}.explanation`, { status: 'incomplete', elements: [e] }],
    ]),
  ),
  'B12.legal.basis': { status: 'incomplete', elements: ['legal'] },
  'B12.beneficial.none_named': { status: 'incomplete', elements: ['beneficial'] },
  'B12.beneficial.only_member': { status: 'violation', elements: ['beneficial'] },
  'B12.minimal.beyond_need': { status: 'violation', elements: ['minimal'] },
  'B12.minimal.data_retained': { status: 'violation', elements: ['minimal'] },
  'B12.evidence': { status: 'incomplete', elements: ['evidence'] },
  'B2.qualifications_unrecorded': { status: 'incomplete', elements: ['qualifications'] },
  'B2.not_held': { status: 'violation', elements: ['$label'] },
  'B2.lapsed': { status: 'violation', elements: ['$label'] },
  'B2.day_unrecorded': { status: 'incomplete', elements: ['$label'] },
  'B3.declared_unrecorded': { status: 'incomplete', elements: ['declared'] },
  'B3.undeclared': { status: 'violation', elements: ['declared'] },
  'B3.parties_not_told': { status: 'violation', elements: ['declaredTo'] },
  'B3.declared_late': { status: 'violation', elements: ['declaredAt'] },
  'B4.classification_unrecorded': { status: 'incomplete', elements: ['classification'] },
  'B4.consent_unrecorded': { status: 'incomplete', elements: ['ownerConsent'] },
  'B4.no_consent': { status: 'violation', elements: ['ownerConsent'] },
};

export const RANK = { not_applicable: 0, compliant: 1, incomplete: 2, violation: 3 };

/**
 * Findings from the gap ids each record's rules reported: one per subject,
 * `{ rule, subject, status, gaps }`, its status the worst of its gaps
 * (compliant with none), as lib.status_of does in Rego.
 */
export function collect(records, gapIds) {
  const bySubject = new Map();
  for (let n = 0; n < records.length; n++) {
    const r = records[n];
    const key = `${r.rule} ${r.subject}`;
    let f = bySubject.get(key);
    if (!f) bySubject.set(key, (f = { rule: r.rule, subject: r.subject, status: 'compliant', gaps: [], label: [] }));
    for (const id of gapIds[n]) {
      const gap = GAPS[id];
      if (!gap) throw new Error(`unknown gap id ${id}`);
      if (f.gaps.length === 0 || RANK[gap.status] > RANK[f.status]) f.status = gap.status;
      f.gaps.push(id);
      f.label.push(r.label);
    }
  }
  return [...bySubject.values()];
}

/** The elements a collected finding names (what the comparison reads). */
export function elementsOf(finding) {
  return finding.gaps.flatMap((id, n) => GAPS[id].elements.map((e) => (e === '$label' ? finding.label[n] : e)));
}
