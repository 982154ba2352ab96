// B2, B3, B4 and B12 as Cedar policies. Each record (facts.mjs) is one
// authorisation request: principal Member::"m", action Action::"<rule id>",
// resource Record::"r" whose attributes are the record's facts, and an empty
// context. One `permit` lets everything through; each gap is a `forbid` whose
// policy id is the gap's id, so a denial's reasons are exactly the gaps
// found, and an allow means none.
//
// The configuration the rules read (placeholder phrases, minimum length) is
// written into the policies when they are made: passing it as request context
// instead made every request about 20% slower, all of it spent converting
// the context.

import { ELEMENTS } from './facts.mjs';

const forbid = (rule, when) => `forbid (principal, action == Action::"${rule}", resource) when { ${when} };`;

const recorded = (a) => `(${a} != "absent" && ${a} != "null")`;

const withoutPriorConsent = `(resource.consent == "null" || resource.prior == "null" || resource.prior == "false")`;
const justified = `(${withoutPriorConsent} && resource.justification == "object")`;
const claimable = (e) => `${justified} && resource.${e}.kind == "object" && resource.${e}.claimed != "false"`;

function b12(config) {
  const placeholders = `[${config.placeholderPhrases.map((p) => JSON.stringify(p)).join(', ')}]`;
  const weakName = (t) => `(${t}.kind != "string" || ${t}.len == 0 || ${placeholders}.contains(${t}.norm))`;
  const weakExplanation = (t) => `(${weakName(t)} || ${t}.len < ${config.minExplanationLength})`;
  return {
    'B12.consented': forbid('B12', `resource.prior == "true"`),
    'B12.consent_unrecorded': forbid('B12', `resource.consent == "absent" || (resource.consent == "object" && resource.prior == "absent")`),
    'B12.no_justification': forbid('B12', `${withoutPriorConsent} && resource.justification != "object"`),
    ...Object.fromEntries(
      ELEMENTS.flatMap((e) => [
        [`B12.${e}.not_given`, forbid('B12', `${justified} && resource.${e}.kind != "object"`)],
        [`B12.${e}.denied`, forbid('B12', `${justified} && resource.${e}.claimed == "false"`)],
        [`B12.${e}.unclaimed`, forbid('B12', `${claimable(e)} && resource.${e}.claimed != "true"`)],
        [`B12.${e}.explanation`, forbid('B12', `${claimable(e)} && ${weakExplanation(`resource.${e}.explanation`)}`)],
      ]),
    ),
    'B12.legal.basis': forbid('B12', `${claimable('legal')} && ${weakName('resource.legal.basis')}`),
    'B12.beneficial.none_named': forbid(
      'B12',
      `${claimable('beneficial')} && (resource.beneficial.beneficiaries == "absent" || resource.beneficial.beneficiaries == "null" || resource.beneficial.named == 0)`,
    ),
    'B12.beneficial.only_member': forbid('B12', `${claimable('beneficial')} && resource.beneficial.named > 0 && resource.beneficial.others == 0`),
    'B12.minimal.beyond_need': forbid('B12', `${claimable('minimal')} && resource.minimal.beyondNeed == "true"`),
    'B12.minimal.data_retained': forbid('B12', `${claimable('minimal')} && resource.minimal.dataRetained == "true"`),
    'B12.evidence': forbid('B12', `${justified} && resource.weakEvidence > 0`),
  };
}

const held = `resource.copies > 0 && resource.undated == 0`;
const B2 = {
  'B2.qualifications_unrecorded': forbid('B2', `!${recorded('resource.qualifications')}`),
  'B2.not_held': forbid('B2', `${recorded('resource.qualifications')} && resource.copies == 0`),
  'B2.lapsed': forbid('B2', `${held} && resource.dayKnown && resource.latest < resource.day`),
  'B2.day_unrecorded': forbid('B2', `${held} && !resource.dayKnown`),
};

const B3 = {
  'B3.declared_unrecorded': forbid('B3', `resource.declared == "absent"`),
  'B3.undeclared': forbid('B3', `resource.declared != "absent" && resource.declared != "true"`),
  'B3.parties_not_told': forbid('B3', `resource.declared == "true" && ${recorded('resource.declaredTo')} && resource.untold > 0`),
  'B3.declared_late': forbid(
    'B3',
    `resource.declared == "true" && ${recorded('resource.declaredAt')} && resource.firstActionDay > 0 && resource.declaredAtDay > resource.firstActionDay`,
  ),
};

const isProtected = `["confidential", "personal", "sensitive"].contains(resource.classificationValue)`;
const B4 = {
  'B4.classification_unrecorded': forbid('B4', `!${recorded('resource.classification')}`),
  'B4.consent_unrecorded': forbid('B4', `${isProtected} && resource.ownerConsent == "absent"`),
  'B4.no_consent': forbid('B4', `${isProtected} && resource.ownerConsent != "absent" && resource.ownerConsent != "true"`),
};

/** Policy id → Cedar text for this configuration; `allow` is the permit, every other id a gap. */
export function policies(config) {
  return { allow: 'permit (principal, action, resource);', ...b12(config), ...B2, ...B3, ...B4 };
}
