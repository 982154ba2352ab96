//! Table-driven cases for every checkable rule: each row is an incident and
//! the exact findings one rule must give for it (status, subject, and the
//! JSON Pointers of the missing or failing elements).

use conduct_engine::Status;
use serde_json::{json, Value};

mod common;

use common::{run, Case};

fn good() -> Value {
    json!({
        "legal": {"claimed": true, "basis": "Acme's responsible-disclosure policy", "explanation": "The policy invites tests of the public login form."},
        "ethical": {"claimed": true, "explanation": "Customer data was exposed and nobody else knew of it."},
        "beneficial": {"claimed": true, "beneficiaries": ["Acme", "Acme customers"], "explanation": "Acme can fix the flaw before anyone abuses it."},
        "minimal": {"claimed": true, "explanation": "One request showed the flaw; no records were read.", "dataRetained": false, "beyondNeed": false},
        "evidence": ["request log excerpt"]
    })
}

/// `good()` with `value` set at `pointer` (inside the justification).
fn good_with(pointer: &str, value: Value) -> Value {
    let mut j = good();
    *j.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = value;
    j
}

fn good_without(element: &str) -> Value {
    let mut j = good();
    j.as_object_mut().unwrap().remove(element);
    j
}

fn unconsented(justification: Value) -> Value {
    json!({"schemaVersion": "1", "actions": [{"id": "a1", "consent": {"prior": false}, "justification": justification}]})
}

use Status::*;

#[test]
fn b12_act_without_consent() {
    let all_four = vec![
        "/actions/0/justification/legal",
        "/actions/0/justification/ethical",
        "/actions/0/justification/beneficial",
        "/actions/0/justification/minimal",
    ];
    run(vec![
        Case {
            name: "prior consent: not applicable",
            rule: "B12",
            incident: json!({"schemaVersion": "1", "actions": [{"consent": {"prior": true, "grantedBy": "Acme"}, "justification": null}]}),
            expect: vec![("/actions/0", NotApplicable, vec![])],
        },
        Case {
            name: "no consent, no justification: violation listing all four",
            rule: "B12",
            incident: json!({"schemaVersion": "1", "actions": [{"consent": {"prior": false}}]}),
            expect: vec![("/actions/0", Violation, all_four.clone())],
        },
        Case {
            name: "justification null: violation listing all four",
            rule: "B12",
            incident: unconsented(Value::Null),
            expect: vec![("/actions/0", Violation, all_four.clone())],
        },
        Case {
            name: "consent never given (null): treated as no consent",
            rule: "B12",
            incident: json!({"schemaVersion": "1", "actions": [{"consent": {"prior": null}}]}),
            expect: vec![("/actions/0", Violation, all_four.clone())],
        },
        Case {
            name: "consent not recorded: incomplete at consent/prior",
            rule: "B12",
            incident: json!({"schemaVersion": "1", "actions": [{"id": "a1"}]}),
            expect: vec![("/actions/0", Incomplete, vec!["/actions/0/consent/prior"])],
        },
        Case {
            name: "all four of substance: compliant",
            rule: "B12",
            incident: unconsented(good()),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "one element missing: incomplete naming it",
            rule: "B12",
            incident: unconsented(good_without("ethical")),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/ethical"],
            )],
        },
        Case {
            name: "element unclaimed: incomplete at claimed",
            rule: "B12",
            incident: unconsented(good_with("/minimal/claimed", Value::Null)),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/minimal/claimed"],
            )],
        },
        Case {
            name: "empty explanation: incomplete",
            rule: "B12",
            incident: unconsented(good_with("/legal/explanation", json!("   "))),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/legal/explanation"],
            )],
        },
        Case {
            name: "placeholder 'n/a': incomplete",
            rule: "B12",
            incident: unconsented(good_with("/ethical/explanation", json!("N/A"))),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/ethical/explanation"],
            )],
        },
        Case {
            name: "placeholder 'see above': incomplete",
            rule: "B12",
            incident: unconsented(good_with("/beneficial/explanation", json!("See above."))),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/beneficial/explanation"],
            )],
        },
        Case {
            name: "explanation below the minimum length: incomplete",
            rule: "B12",
            incident: unconsented(good_with("/minimal/explanation", json!("Only one request"))),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/minimal/explanation"],
            )],
        },
        Case {
            name: "explanation at exactly the minimum length: compliant",
            rule: "B12",
            incident: unconsented(good_with(
                "/minimal/explanation",
                json!("  Only one request!!!!  "),
            )),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "20 characters with an emoji (21 UTF-16 units): compliant, as in OPA",
            rule: "B12",
            incident: unconsented(good_with(
                "/ethical/explanation",
                json!("Nineteen characters🙂"),
            )),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "19 characters with an emoji (20 UTF-16 units): too short, incomplete",
            rule: "B12",
            incident: unconsented(good_with(
                "/ethical/explanation",
                json!("Eighteen character🙂"),
            )),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/ethical/explanation"],
            )],
        },
        Case {
            name: "legal basis missing: incomplete at basis",
            rule: "B12",
            incident: unconsented(good_with("/legal/basis", Value::Null)),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/legal/basis"],
            )],
        },
        Case {
            name: "several weak elements: each listed with its own pointer",
            rule: "B12",
            incident: unconsented({
                let mut j = good_with("/legal/explanation", json!("tbd"));
                j["ethical"]["explanation"] = json!("");
                j["beneficial"]["beneficiaries"] = json!([]);
                j
            }),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec![
                    "/actions/0/justification/legal/explanation",
                    "/actions/0/justification/ethical/explanation",
                    "/actions/0/justification/beneficial/beneficiaries",
                ],
            )],
        },
        Case {
            name: "element explicitly denied: violation naming it",
            rule: "B12",
            incident: unconsented(good_with("/legal/claimed", json!(false))),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/justification/legal/claimed"],
            )],
        },
        Case {
            name: "member the only beneficiary: violation",
            rule: "B12",
            incident: json!({"schemaVersion": "1", "member": {"name": "Jo de Vries"},
                "actions": [{"consent": {"prior": false}, "justification": good_with("/beneficial/beneficiaries", json!(["Jo de Vries", "myself"]))}]}),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/justification/beneficial/beneficiaries"],
            )],
        },
        Case {
            name: "data taken beyond need: violation",
            rule: "B12",
            incident: unconsented(good_with("/minimal/beyondNeed", json!(true))),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/justification/minimal/beyondNeed"],
            )],
        },
        Case {
            name: "data kept afterwards: violation",
            rule: "B12",
            incident: unconsented(good_with("/minimal/dataRetained", json!(true))),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/justification/minimal/dataRetained"],
            )],
        },
        Case {
            name: "violation and incomplete together: violation listing both",
            rule: "B12",
            incident: unconsented({
                let mut j = good_with("/ethical/claimed", json!(false));
                j["minimal"]["explanation"] = json!("n/a");
                j
            }),
            expect: vec![(
                "/actions/0",
                Violation,
                vec![
                    "/actions/0/justification/ethical/claimed",
                    "/actions/0/justification/minimal/explanation",
                ],
            )],
        },
        Case {
            name: "placeholder evidence item: incomplete at the item",
            rule: "B12",
            incident: unconsented(good_with("/evidence", json!(["request log", "-"]))),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/justification/evidence/1"],
            )],
        },
        Case {
            name: "two elements denied: violation at both claims",
            rule: "B12",
            incident: unconsented({
                let mut j = good_with("/legal/claimed", json!(false));
                j["beneficial"]["claimed"] = json!(false);
                j
            }),
            expect: vec![(
                "/actions/0",
                Violation,
                vec![
                    "/actions/0/justification/legal/claimed",
                    "/actions/0/justification/beneficial/claimed",
                ],
            )],
        },
        Case {
            name: "minimal: taken beyond need and kept: violation at both facts, in that order",
            rule: "B12",
            incident: unconsented({
                let mut j = good_with("/minimal/beyondNeed", json!(true));
                j["minimal"]["dataRetained"] = json!(true);
                j
            }),
            expect: vec![(
                "/actions/0",
                Violation,
                vec![
                    "/actions/0/justification/minimal/beyondNeed",
                    "/actions/0/justification/minimal/dataRetained",
                ],
            )],
        },
        Case {
            name: "several actions: one finding each, in document order",
            rule: "B12",
            incident: json!({"schemaVersion": "1", "actions": [
                {"consent": {"prior": true}}, {"consent": {"prior": false}, "justification": good()},
                {"consent": {"prior": false}}, {}, {}, {}, {}, {}, {}, {}, {"consent": {"prior": true}}]}),
            expect: {
                let mut e = vec![
                    ("/actions/0", NotApplicable, vec![]),
                    ("/actions/1", Compliant, vec![]),
                ];
                e.push((
                    "/actions/2",
                    Violation,
                    vec![
                        "/actions/2/justification/legal",
                        "/actions/2/justification/ethical",
                        "/actions/2/justification/beneficial",
                        "/actions/2/justification/minimal",
                    ],
                ));
                for (s, m) in [
                    ("/actions/3", "/actions/3/consent/prior"),
                    ("/actions/4", "/actions/4/consent/prior"),
                    ("/actions/5", "/actions/5/consent/prior"),
                    ("/actions/6", "/actions/6/consent/prior"),
                    ("/actions/7", "/actions/7/consent/prior"),
                    ("/actions/8", "/actions/8/consent/prior"),
                    ("/actions/9", "/actions/9/consent/prior"),
                ] {
                    e.push((s, Incomplete, vec![m]));
                }
                e.push(("/actions/10", NotApplicable, vec![]));
                e
            },
        },
        Case {
            name: "no actions: one not-applicable finding for the incident",
            rule: "B12",
            incident: json!({"schemaVersion": "1"}),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

#[test]
fn b2_qualified() {
    let member = json!({"qualifications": [{"name": "ethical-hacking", "validUntil": "2027-06-30"}, {"name": "ISO 27001 auditor"}]});
    let with = |action: Value| json!({"schemaVersion": "1", "occurredAt": "2026-11-20", "member": member, "actions": [action]});
    run(vec![
        Case {
            name: "held and valid: compliant",
            rule: "B2",
            incident: with(
                json!({"requiredQualifications": ["Ethical-Hacking", "iso 27001 auditor"]}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "valid until the very day: compliant",
            rule: "B2",
            incident: with(
                json!({"at": "2027-06-30", "requiredQualifications": ["ethical-hacking"]}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "lapsed the day before: violation at validUntil",
            rule: "B2",
            incident: with(
                json!({"at": "2027-07-01", "requiredQualifications": ["ethical-hacking"]}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/member/qualifications/0/validUntil"],
            )],
        },
        Case {
            name: "not held: violation at the requirement",
            rule: "B2",
            incident: with(json!({"requiredQualifications": ["ethical-hacking", "forensics"]})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/requiredQualifications/1"],
            )],
        },
        Case {
            name: "qualifications not recorded: incomplete",
            rule: "B2",
            incident: json!({"schemaVersion": "1", "actions": [{"requiredQualifications": ["forensics"]}]}),
            expect: vec![("/actions/0", Incomplete, vec!["/member/qualifications"])],
        },
        Case {
            name: "a lapsed copy beside an undated one: compliant",
            rule: "B2",
            incident: json!({"schemaVersion": "1", "occurredAt": "2027-06-30",
                "member": {"qualifications": [{"name": "forensics"}, {"name": "Forensics", "validUntil": "2026-11-20"}]},
                "actions": [{"requiredQualifications": ["forensics"]}]}),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "a dated qualification, no day for the action: incomplete at the action's day",
            rule: "B2",
            incident: json!({"schemaVersion": "1", "member": member, "actions": [{"requiredQualifications": ["ethical-hacking"]}]}),
            expect: vec![("/actions/0", Incomplete, vec!["/actions/0/at"])],
        },
        Case {
            name: "one requirement not held, another lapsed: violation at both",
            rule: "B2",
            incident: with(
                json!({"at": "2027-07-01", "requiredQualifications": ["forensics", "Ethical-Hacking"]}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec![
                    "/actions/0/requiredQualifications/0",
                    "/member/qualifications/0/validUntil",
                ],
            )],
        },
        Case {
            name: "two lapsed copies: violation at the one that lapsed last",
            rule: "B2",
            incident: json!({"schemaVersion": "1", "occurredAt": "2027-01-01",
                "member": {"qualifications": [{"name": "forensics", "validUntil": "2026-12-31"}, {"name": "Forensics", "validUntil": "2026-06-30"}]},
                "actions": [{"requiredQualifications": ["forensics"]}]}),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/member/qualifications/0/validUntil"],
            )],
        },
        Case {
            name: "no requirements named: not applicable",
            rule: "B2",
            incident: with(json!({"kind": "advice"})),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

#[test]
fn b3_conflict_of_interest() {
    let with = |c: Value| json!({"schemaVersion": "1", "actions": [{"at": "2026-11-10"}], "conflictsOfInterest": [c]});
    run(vec![
        Case {
            name: "declared to all before acting: compliant",
            rule: "B3",
            incident: with(
                json!({"parties": ["Acme", "Beta"], "declared": true, "declaredTo": ["Acme", "Beta"], "declaredAt": "2026-11-10"}),
            ),
            expect: vec![("/conflictsOfInterest/0", Compliant, vec![])],
        },
        Case {
            name: "not declared: violation",
            rule: "B3",
            incident: with(json!({"parties": ["Acme"], "declared": false})),
            expect: vec![(
                "/conflictsOfInterest/0",
                Violation,
                vec!["/conflictsOfInterest/0/declared"],
            )],
        },
        Case {
            name: "declaration not recorded: incomplete",
            rule: "B3",
            incident: with(json!({"parties": ["Acme"]})),
            expect: vec![(
                "/conflictsOfInterest/0",
                Incomplete,
                vec!["/conflictsOfInterest/0/declared"],
            )],
        },
        Case {
            name: "declared after acting: violation",
            rule: "B3",
            incident: with(json!({"declared": true, "declaredAt": "2026-11-11"})),
            expect: vec![(
                "/conflictsOfInterest/0",
                Violation,
                vec!["/conflictsOfInterest/0/declaredAt"],
            )],
        },
        Case {
            name: "a party left untold: violation",
            rule: "B3",
            incident: with(
                json!({"parties": ["Acme", "Beta"], "declared": true, "declaredTo": ["Acme"]}),
            ),
            expect: vec![(
                "/conflictsOfInterest/0",
                Violation,
                vec!["/conflictsOfInterest/0/declaredTo"],
            )],
        },
        Case {
            name: "declared on the day the member first acted: compliant",
            rule: "B3",
            incident: with(
                json!({"parties": ["Acme"], "declared": true, "declaredAt": "2026-11-10T18:00:00Z"}),
            ),
            expect: vec![("/conflictsOfInterest/0", Compliant, vec![])],
        },
        Case {
            name: "never declared (null): violation",
            rule: "B3",
            incident: with(json!({"parties": ["Acme"], "declared": null})),
            expect: vec![(
                "/conflictsOfInterest/0",
                Violation,
                vec!["/conflictsOfInterest/0/declared"],
            )],
        },
        Case {
            name: "a party left untold and declared late: violation at both",
            rule: "B3",
            incident: with(
                json!({"parties": ["Acme", "Beta"], "declared": true, "declaredTo": [" acme "], "declaredAt": "2026-11-12"}),
            ),
            expect: vec![(
                "/conflictsOfInterest/0",
                Violation,
                vec![
                    "/conflictsOfInterest/0/declaredTo",
                    "/conflictsOfInterest/0/declaredAt",
                ],
            )],
        },
        Case {
            name: "declared, no day anywhere to compare with: compliant",
            rule: "B3",
            incident: json!({"schemaVersion": "1", "actions": [{"id": "a1"}],
                "conflictsOfInterest": [{"declared": true, "declaredAt": "2026-11-12"}]}),
            expect: vec![("/conflictsOfInterest/0", Compliant, vec![])],
        },
        Case {
            name: "no conflicts section: not applicable",
            rule: "B3",
            incident: json!({"schemaVersion": "1"}),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

#[test]
fn b4_confidentiality() {
    let with = |d: Value| json!({"schemaVersion": "1", "actions": [{"disclosure": d}]});
    run(vec![
        Case {
            name: "confidential without consent: violation",
            rule: "B4",
            incident: with(
                json!({"classification": "confidential", "owner": "Acme", "recipients": ["press"], "ownerConsent": false}),
            ),
            expect: vec![(
                "/actions/0/disclosure",
                Violation,
                vec!["/actions/0/disclosure/ownerConsent"],
            )],
        },
        Case {
            name: "personal with consent: compliant",
            rule: "B4",
            incident: with(json!({"classification": "personal", "ownerConsent": true})),
            expect: vec![("/actions/0/disclosure", Compliant, vec![])],
        },
        Case {
            name: "public: compliant without consent",
            rule: "B4",
            incident: with(json!({"classification": "public", "ownerConsent": false})),
            expect: vec![("/actions/0/disclosure", Compliant, vec![])],
        },
        Case {
            name: "sensitive, consent not recorded: incomplete",
            rule: "B4",
            incident: with(json!({"classification": "sensitive"})),
            expect: vec![(
                "/actions/0/disclosure",
                Incomplete,
                vec!["/actions/0/disclosure/ownerConsent"],
            )],
        },
        Case {
            name: "classification not recorded: incomplete",
            rule: "B4",
            incident: with(json!({"ownerConsent": false})),
            expect: vec![(
                "/actions/0/disclosure",
                Incomplete,
                vec!["/actions/0/disclosure/classification"],
            )],
        },
        Case {
            name: "internal: compliant without consent",
            rule: "B4",
            incident: with(json!({"classification": "internal", "ownerConsent": null})),
            expect: vec![("/actions/0/disclosure", Compliant, vec![])],
        },
        Case {
            name: "sensitive, consent never given (null), owner unnamed: violation",
            rule: "B4",
            incident: with(json!({"classification": "sensitive", "ownerConsent": null})),
            expect: vec![(
                "/actions/0/disclosure",
                Violation,
                vec!["/actions/0/disclosure/ownerConsent"],
            )],
        },
        Case {
            name: "classification null (not recorded), consent given: incomplete",
            rule: "B4",
            incident: with(json!({"classification": null, "ownerConsent": true})),
            expect: vec![(
                "/actions/0/disclosure",
                Incomplete,
                vec!["/actions/0/disclosure/classification"],
            )],
        },
        Case {
            name: "nothing disclosed: not applicable",
            rule: "B4",
            incident: with(Value::Null),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}
