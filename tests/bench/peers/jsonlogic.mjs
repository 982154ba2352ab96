// B2, B3, B4 and B12 as JsonLogic, one logic per rule. Each is applied to
// { s: record, c: configuration } (records from facts.mjs) and yields the ids
// of the gaps it finds (facts.mjs GAPS); none means compliant. Built with
// small helpers so that the logic reads like the Rego it mirrors; the result
// is plain JsonLogic data (JSON.stringify(LOGIC) shows it).

import { ELEMENTS } from './facts.mjs';

const v = (path) => ({ var: path });
const is = (path, value) => ({ '===': [v(path), value] });
const isnt = (path, value) => ({ '!==': [v(path), value] });
const and = (...xs) => ({ and: xs });
const or = (...xs) => ({ or: xs });
const recorded = (path) => and(isnt(path, 'absent'), isnt(path, 'null'));
/** [id] when `cond` holds, else []: `merge` of these is the list of gaps. */
const gap = (cond, id) => ({ if: [cond, [id], []] });
const gaps = (...xs) => ({ merge: xs });

// An explanation too thin to demonstrate anything: absent, empty, a
// placeholder, or shorter than the configured minimum.
const weakExplanation = (t) =>
  or(isnt(`${t}.kind`, 'string'), is(`${t}.len`, 0), { in: [v(`${t}.norm`), v('c.placeholderPhrases')] }, {
    '<': [v(`${t}.len`), v('c.minExplanationLength')],
  });
// A name (a legal basis) needs no length, only not to be absent or a placeholder.
const weakName = (t) => or(isnt(`${t}.kind`, 'string'), is(`${t}.len`, 0), { in: [v(`${t}.norm`), v('c.placeholderPhrases')] });

const withoutPriorConsent = or(is('s.consent', 'null'), is('s.prior', 'null'), is('s.prior', 'false'));
const justified = and(withoutPriorConsent, is('s.justification', 'object'));
const claimable = (e) => and(is(`s.${e}.kind`, 'object'), isnt(`s.${e}.claimed`, 'false'));

const B12 = gaps(
  gap(is('s.prior', 'true'), 'B12.consented'),
  gap(or(is('s.consent', 'absent'), and(is('s.consent', 'object'), is('s.prior', 'absent'))), 'B12.consent_unrecorded'),
  gap(and(withoutPriorConsent, isnt('s.justification', 'object')), 'B12.no_justification'),
  {
    if: [
      justified,
      gaps(
        ...ELEMENTS.flatMap((e) => [
          gap(isnt(`s.${e}.kind`, 'object'), `B12.${e}.not_given`),
          gap(is(`s.${e}.claimed`, 'false'), `B12.${e}.denied`),
          gap(and(claimable(e), isnt(`s.${e}.claimed`, 'true')), `B12.${e}.unclaimed`),
          gap(and(claimable(e), weakExplanation(`s.${e}.explanation`)), `B12.${e}.explanation`),
        ]),
        gap(and(claimable('legal'), weakName('s.legal.basis')), 'B12.legal.basis'),
        gap(and(claimable('beneficial'), or(is('s.beneficial.beneficiaries', 'absent'), is('s.beneficial.beneficiaries', 'null'), is('s.beneficial.named', 0))), 'B12.beneficial.none_named'),
        gap(and(claimable('beneficial'), { '>': [v('s.beneficial.named'), 0] }, is('s.beneficial.others', 0)), 'B12.beneficial.only_member'),
        gap(and(claimable('minimal'), is('s.minimal.beyondNeed', 'true')), 'B12.minimal.beyond_need'),
        gap(and(claimable('minimal'), is('s.minimal.dataRetained', 'true')), 'B12.minimal.data_retained'),
        gap({ '>': [v('s.weakEvidence'), 0] }, 'B12.evidence'),
      ),
      [],
    ],
  },
);

const held = { '>': [v('s.copies'), 0] };
const allDated = is('s.undated', 0);
const B2 = gaps(
  gap(or(is('s.qualifications', 'absent'), is('s.qualifications', 'null')), 'B2.qualifications_unrecorded'),
  gap(and(recorded('s.qualifications'), is('s.copies', 0)), 'B2.not_held'),
  gap(and(held, allDated, v('s.dayKnown'), { '<': [v('s.latest'), v('s.day')] }), 'B2.lapsed'),
  gap(and(held, allDated, { '!': v('s.dayKnown') }), 'B2.day_unrecorded'),
);

const B3 = gaps(
  gap(is('s.declared', 'absent'), 'B3.declared_unrecorded'),
  gap(and(isnt('s.declared', 'absent'), isnt('s.declared', 'true')), 'B3.undeclared'),
  gap(and(is('s.declared', 'true'), recorded('s.declaredTo'), { '>': [v('s.untold'), 0] }), 'B3.parties_not_told'),
  gap(
    and(is('s.declared', 'true'), recorded('s.declaredAt'), { '>': [v('s.firstActionDay'), 0] }, { '>': [v('s.declaredAtDay'), v('s.firstActionDay')] }),
    'B3.declared_late',
  ),
);

const isProtected = { in: [v('s.classificationValue'), ['confidential', 'personal', 'sensitive']] };
const B4 = gaps(
  gap(or(is('s.classification', 'absent'), is('s.classification', 'null')), 'B4.classification_unrecorded'),
  gap(and(isProtected, is('s.ownerConsent', 'absent')), 'B4.consent_unrecorded'),
  gap(and(isProtected, isnt('s.ownerConsent', 'absent'), isnt('s.ownerConsent', 'true')), 'B4.no_consent'),
);

export const LOGIC = { B2, B3, B4, B12 };
