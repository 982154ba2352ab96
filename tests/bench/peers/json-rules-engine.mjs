// B2, B3, B4 and B12 as json-rules-engine rules: one rule per gap (facts.mjs
// GAPS), whose event type is the gap's id. A record's fields are the facts
// (nested ones read with a JSONPath, the engine's own way), and so are the
// configuration's `placeholders` and `minLength`. Conditions are written as
// data, as json-rules-engine users write them; the helpers only shorten them.

import { ELEMENTS } from './facts.mjs';

/** A fact, or a path inside one: 'legal.explanation.len' → fact legal, path $.explanation.len. */
function ref(name) {
  const [fact, ...rest] = name.split('.');
  return rest.length ? { fact, path: `$.${rest.join('.')}` } : { fact };
}
const cond = (name, operator, value) => ({ ...ref(name), operator, value });
const is = (name, value) => cond(name, 'equal', value);
const isnt = (name, value) => cond(name, 'notEqual', value);
const all = (...xs) => ({ all: xs });
const any = (...xs) => ({ any: xs });
const recorded = (name) => all(isnt(name, 'absent'), isnt(name, 'null'));
const rule = (id, conditions) => ({ name: id, conditions: conditions.all || conditions.any ? conditions : all(conditions), event: { type: id } });

const weakName = (t) => any(isnt(`${t}.kind`, 'string'), is(`${t}.len`, 0), cond(`${t}.norm`, 'in', { fact: 'placeholders' }));
const weakExplanation = (t) => any(weakName(t), cond(`${t}.len`, 'lessThan', { fact: 'minLength' }));

const withoutPriorConsent = any(is('consent', 'null'), is('prior', 'null'), is('prior', 'false'));
const justified = all(withoutPriorConsent, is('justification', 'object'));
const claimable = (e) => all(justified, is(`${e}.kind`, 'object'), isnt(`${e}.claimed`, 'false'));

const B12 = [
  rule('B12.consented', is('prior', 'true')),
  rule('B12.consent_unrecorded', any(is('consent', 'absent'), all(is('consent', 'object'), is('prior', 'absent')))),
  rule('B12.no_justification', all(withoutPriorConsent, isnt('justification', 'object'))),
  ...ELEMENTS.flatMap((e) => [
    rule(`B12.${e}.not_given`, all(justified, isnt(`${e}.kind`, 'object'))),
    rule(`B12.${e}.denied`, all(justified, is(`${e}.claimed`, 'false'))),
    rule(`B12.${e}.unclaimed`, all(claimable(e), isnt(`${e}.claimed`, 'true'))),
    rule(`B12.${e}.explanation`, all(claimable(e), weakExplanation(`${e}.explanation`))),
  ]),
  rule('B12.legal.basis', all(claimable('legal'), weakName('legal.basis'))),
  rule('B12.beneficial.none_named', all(claimable('beneficial'), any(is('beneficial.beneficiaries', 'absent'), is('beneficial.beneficiaries', 'null'), is('beneficial.named', 0)))),
  rule('B12.beneficial.only_member', all(claimable('beneficial'), cond('beneficial.named', 'greaterThan', 0), is('beneficial.others', 0))),
  rule('B12.minimal.beyond_need', all(claimable('minimal'), is('minimal.beyondNeed', 'true'))),
  rule('B12.minimal.data_retained', all(claimable('minimal'), is('minimal.dataRetained', 'true'))),
  rule('B12.evidence', all(justified, cond('weakEvidence', 'greaterThan', 0))),
];

const held = cond('copies', 'greaterThan', 0);
const B2 = [
  rule('B2.qualifications_unrecorded', any(is('qualifications', 'absent'), is('qualifications', 'null'))),
  rule('B2.not_held', all(recorded('qualifications'), is('copies', 0))),
  rule('B2.lapsed', all(held, is('undated', 0), is('dayKnown', true), cond('latest', 'lessThan', { fact: 'day' }))),
  rule('B2.day_unrecorded', all(held, is('undated', 0), is('dayKnown', false))),
];

const declared = is('declared', 'true');
const B3 = [
  rule('B3.declared_unrecorded', is('declared', 'absent')),
  rule('B3.undeclared', all(isnt('declared', 'absent'), isnt('declared', 'true'))),
  rule('B3.parties_not_told', all(declared, recorded('declaredTo'), cond('untold', 'greaterThan', 0))),
  rule('B3.declared_late', all(declared, recorded('declaredAt'), cond('firstActionDay', 'greaterThan', 0), cond('declaredAtDay', 'greaterThan', { fact: 'firstActionDay' }))),
];

const isProtected = cond('classificationValue', 'in', ['confidential', 'personal', 'sensitive']);
const B4 = [
  rule('B4.classification_unrecorded', any(is('classification', 'absent'), is('classification', 'null'))),
  rule('B4.consent_unrecorded', all(isProtected, is('ownerConsent', 'absent'))),
  rule('B4.no_consent', all(isProtected, isnt('ownerConsent', 'absent'), isnt('ownerConsent', 'true'))),
];

export const RULE_SETS = { B2, B3, B4, B12 };
