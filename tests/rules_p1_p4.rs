//! Table-driven cases for the principles P1–P4: each row is an incident and
//! the exact findings one rule must give for it (status, subject, and the
//! JSON Pointers of the missing or failing elements).

use conduct_engine::{Engine, Status};
use serde_json::{json, Value};

mod common;

use common::{run, Case};

use Status::*;

fn actions(list: Value) -> Value {
    json!({"schemaVersion": "1", "actions": list})
}

fn agreements(list: Value) -> Value {
    json!({"schemaVersion": "1", "agreements": list})
}

#[test]
fn p1_fair_judge() {
    let judged = |j: Value| actions(json!([{"id": "a1", "kind": "judgement", "judgement": j}]));
    run(vec![
        Case {
            name: "knew enough: compliant",
            rule: "P1",
            incident: judged(json!({"sufficientKnowledge": true, "personalStake": false})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "knew too little and said so: compliant",
            rule: "P1",
            incident: judged(json!({"sufficientKnowledge": false, "insufficiencyDisclosed": true})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "knew too little and kept quiet: violation",
            rule: "P1",
            incident: judged(
                json!({"sufficientKnowledge": false, "insufficiencyDisclosed": false}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/judgement/insufficiencyDisclosed"],
            )],
        },
        Case {
            name: "disclosure null (never told): violation",
            rule: "P1",
            incident: judged(json!({"sufficientKnowledge": false, "insufficiencyDisclosed": null})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/judgement/insufficiencyDisclosed"],
            )],
        },
        Case {
            name: "disclosure absent (not recorded): incomplete",
            rule: "P1",
            incident: judged(json!({"sufficientKnowledge": false})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/judgement/insufficiencyDisclosed"],
            )],
        },
        Case {
            name: "knowledge not recorded: incomplete",
            rule: "P1",
            incident: judged(json!({"personalStake": false})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/judgement/sufficientKnowledge"],
            )],
        },
        Case {
            name: "no judgement section: not applicable",
            rule: "P1",
            incident: actions(json!([{"id": "a1"}, {"judgement": null}])),
            expect: vec![("", NotApplicable, vec![])],
        },
        Case {
            name: "several actions: one finding per judgement, in document order",
            rule: "P1",
            incident: actions(json!([
                {"judgement": {"sufficientKnowledge": false, "insufficiencyDisclosed": false}},
                {"id": "no judgement"},
                {"judgement": {"sufficientKnowledge": true}},
                {"judgement": {}}
            ])),
            expect: vec![
                (
                    "/actions/0",
                    Violation,
                    vec!["/actions/0/judgement/insufficiencyDisclosed"],
                ),
                ("/actions/2", Compliant, vec![]),
                (
                    "/actions/3",
                    Incomplete,
                    vec!["/actions/3/judgement/sufficientKnowledge"],
                ),
            ],
        },
    ]);
}

#[test]
fn p2_honour_agreements() {
    let one = |a: Value| agreements(json!([a]));
    run(vec![
        Case {
            name: "honoured: compliant",
            rule: "P2",
            incident: one(
                json!({"id": "ag1", "with": ["Acme"], "kind": "explicit", "honoured": true}),
            ),
            expect: vec![("/agreements/0", Compliant, vec![])],
        },
        Case {
            name: "not honoured, keeping it lawful: violation",
            rule: "P2",
            incident: one(
                json!({"with": ["Acme"], "kind": "implicit", "honoured": false, "conflictsWithLaw": false}),
            ),
            expect: vec![("/agreements/0", Violation, vec!["/agreements/0/honoured"])],
        },
        Case {
            name: "not honoured, whether keeping it was lawful not recorded: incomplete there",
            rule: "P2",
            incident: one(json!({"with": ["Acme"], "honoured": false})),
            expect: vec![(
                "/agreements/0",
                Incomplete,
                vec!["/agreements/0/conflictsWithLaw"],
            )],
        },
        Case {
            name: "not honoured, no conflict with the law (null): violation",
            rule: "P2",
            incident: one(json!({"honoured": false, "conflictsWithLaw": null})),
            expect: vec![("/agreements/0", Violation, vec!["/agreements/0/honoured"])],
        },
        Case {
            name: "honoured, the law not recorded: compliant (nothing to excuse)",
            rule: "P2",
            incident: one(json!({"honoured": true})),
            expect: vec![("/agreements/0", Compliant, vec![])],
        },
        Case {
            name: "honoured null (never): violation",
            rule: "P2",
            incident: one(json!({"honoured": null, "conflictsWithLaw": false})),
            expect: vec![("/agreements/0", Violation, vec!["/agreements/0/honoured"])],
        },
        Case {
            name: "honoured not recorded: incomplete",
            rule: "P2",
            incident: one(json!({"with": ["Acme"]})),
            expect: vec![("/agreements/0", Incomplete, vec!["/agreements/0/honoured"])],
        },
        Case {
            name: "could not be kept lawfully: compliant (P3's case)",
            rule: "P2",
            incident: one(json!({"honoured": false, "conflictsWithLaw": true})),
            expect: vec![("/agreements/0", Compliant, vec![])],
        },
        Case {
            name: "no agreements: not applicable",
            rule: "P2",
            incident: json!({"schemaVersion": "1"}),
            expect: vec![("", NotApplicable, vec![])],
        },
        Case {
            name: "several agreements: one finding each, in document order",
            rule: "P2",
            incident: agreements(json!([
                {"honoured": true}, {"honoured": null, "conflictsWithLaw": false}, {"honoured": false},
                {"conflictsWithLaw": true}, {}
            ])),
            expect: vec![
                ("/agreements/0", Compliant, vec![]),
                ("/agreements/1", Violation, vec!["/agreements/1/honoured"]),
                (
                    "/agreements/2",
                    Incomplete,
                    vec!["/agreements/2/conflictsWithLaw"],
                ),
                ("/agreements/3", Compliant, vec![]),
                ("/agreements/4", Incomplete, vec!["/agreements/4/honoured"]),
            ],
        },
    ]);
}

#[test]
fn p3_unlawful_agreement_notice() {
    let unlawful = |fields: Value| {
        let mut a =
            json!({"id": "ag1", "with": ["Acme"], "honoured": false, "conflictsWithLaw": true});
        for (k, v) in fields.as_object().unwrap() {
            a[k] = v.clone();
        }
        agreements(json!([a]))
    };
    run(vec![
        Case {
            name: "told within days: compliant",
            rule: "P3",
            incident: unlawful(
                json!({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-03"}),
            ),
            expect: vec![("/agreements/0", Compliant, vec![])],
        },
        Case {
            name: "told on day 14: compliant (inclusive)",
            rule: "P3",
            incident: unlawful(
                json!({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-15"}),
            ),
            expect: vec![("/agreements/0", Compliant, vec![])],
        },
        Case {
            name: "told on day 15: violation at partiesNotifiedAt",
            rule: "P3",
            incident: unlawful(
                json!({"discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-16"}),
            ),
            expect: vec![(
                "/agreements/0",
                Violation,
                vec!["/agreements/0/partiesNotifiedAt"],
            )],
        },
        Case {
            name: "day 14 and day 15 across a year end, with date-times",
            rule: "P3",
            incident: agreements(json!([
                {"conflictsWithLaw": true, "discoveredAt": "2026-12-25T09:00:00Z", "partiesNotifiedAt": "2027-01-08T23:00:00Z"},
                {"conflictsWithLaw": true, "discoveredAt": "2026-12-25", "partiesNotifiedAt": "2027-01-09"}
            ])),
            expect: vec![
                ("/agreements/0", Compliant, vec![]),
                (
                    "/agreements/1",
                    Violation,
                    vec!["/agreements/1/partiesNotifiedAt"],
                ),
            ],
        },
        Case {
            name: "never told (null): violation",
            rule: "P3",
            incident: unlawful(json!({"discoveredAt": "2026-11-01", "partiesNotifiedAt": null})),
            expect: vec![(
                "/agreements/0",
                Violation,
                vec!["/agreements/0/partiesNotifiedAt"],
            )],
        },
        Case {
            name: "notice not recorded (absent): incomplete",
            rule: "P3",
            incident: unlawful(json!({"discoveredAt": "2026-11-01"})),
            expect: vec![(
                "/agreements/0",
                Incomplete,
                vec!["/agreements/0/partiesNotifiedAt"],
            )],
        },
        Case {
            name: "neither date recorded: incomplete at both",
            rule: "P3",
            incident: unlawful(json!({})),
            expect: vec![(
                "/agreements/0",
                Incomplete,
                vec![
                    "/agreements/0/discoveredAt",
                    "/agreements/0/partiesNotifiedAt",
                ],
            )],
        },
        Case {
            name: "kept, or could be kept lawfully: compliant; lawfulness not recorded: incomplete",
            rule: "P3",
            incident: agreements(json!([
                {"honoured": true},
                {"honoured": false, "conflictsWithLaw": false},
                {"conflictsWithLaw": null},
                {"honoured": false},
                {"honoured": null}
            ])),
            expect: vec![
                ("/agreements/0", Compliant, vec![]),
                ("/agreements/1", Compliant, vec![]),
                ("/agreements/2", Compliant, vec![]),
                (
                    "/agreements/3",
                    Incomplete,
                    vec!["/agreements/3/conflictsWithLaw"],
                ),
                (
                    "/agreements/4",
                    Incomplete,
                    vec!["/agreements/4/conflictsWithLaw"],
                ),
            ],
        },
        Case {
            name: "told the day before the discovery: the dates disagree, incomplete at partiesNotifiedAt",
            rule: "P3",
            incident: unlawful(
                json!({"discoveredAt": "2026-11-10", "partiesNotifiedAt": "2026-11-09"}),
            ),
            expect: vec![(
                "/agreements/0",
                Incomplete,
                vec!["/agreements/0/partiesNotifiedAt"],
            )],
        },
        Case {
            name: "told on the day of the discovery (day 0): compliant",
            rule: "P3",
            incident: unlawful(
                json!({"discoveredAt": "2026-11-10T17:00:00Z", "partiesNotifiedAt": "2026-11-10T09:00:00Z"}),
            ),
            expect: vec![("/agreements/0", Compliant, vec![])],
        },
        Case {
            name: "told a year before the discovery, across a year end: incomplete",
            rule: "P3",
            incident: unlawful(
                json!({"discoveredAt": "2027-01-02", "partiesNotifiedAt": "2025-12-31"}),
            ),
            expect: vec![(
                "/agreements/0",
                Incomplete,
                vec!["/agreements/0/partiesNotifiedAt"],
            )],
        },
        Case {
            name: "no agreements: not applicable",
            rule: "P3",
            incident: json!({"schemaVersion": "1"}),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

#[test]
fn p4_advice_accuracy() {
    let advised = |a: Value| actions(json!([{"id": "a1", "kind": "advice", "advice": a}]));
    let sound = |extra: Value| {
        let mut a = json!({"informationCorrect": true, "informationCurrent": true, "informationComplete": true});
        for (k, v) in extra.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    };
    run(vec![
        Case {
            name: "correct, current and complete: compliant",
            rule: "P4",
            incident: advised(sound(json!({"limitationsStated": true}))),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "sound information, nothing disclosed: compliant (nothing to disclose)",
            rule: "P4",
            incident: advised(sound(json!({"doubtsDisclosed": false}))),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "one doubt disclosed, other qualities not recorded: compliant",
            rule: "P4",
            incident: advised(json!({"informationComplete": false, "doubtsDisclosed": true})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "doubt disclosed: compliant",
            rule: "P4",
            incident: advised(sound(
                json!({"informationCurrent": false, "doubtsDisclosed": true}),
            )),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "doubt undisclosed: violation at doubtsDisclosed",
            rule: "P4",
            incident: advised(sound(
                json!({"informationComplete": false, "doubtsDisclosed": false}),
            )),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/advice/doubtsDisclosed"],
            )],
        },
        Case {
            name: "null quality and null disclosure: violation",
            rule: "P4",
            incident: advised(sound(
                json!({"informationCorrect": null, "doubtsDisclosed": null}),
            )),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/advice/doubtsDisclosed"],
            )],
        },
        Case {
            name: "doubt, disclosure not recorded: incomplete at doubtsDisclosed",
            rule: "P4",
            incident: advised(sound(json!({"informationCorrect": false}))),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/advice/doubtsDisclosed"],
            )],
        },
        Case {
            name: "qualities not recorded: incomplete at each",
            rule: "P4",
            incident: advised(json!({"informationCurrent": true, "doubtsDisclosed": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec![
                    "/actions/0/advice/informationCorrect",
                    "/actions/0/advice/informationComplete",
                ],
            )],
        },
        Case {
            name: "no advice given: not applicable",
            rule: "P4",
            incident: actions(json!([{"id": "a1"}, {"advice": null}])),
            expect: vec![("", NotApplicable, vec![])],
        },
        Case {
            name: "several actions: one finding per advice, in document order",
            rule: "P4",
            incident: actions(json!([
                {"advice": sound(json!({}))},
                {"id": "no advice"},
                {"advice": sound(json!({"informationCorrect": false, "informationCurrent": false, "doubtsDisclosed": false}))},
                {"advice": {}}
            ])),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                (
                    "/actions/2",
                    Violation,
                    vec!["/actions/2/advice/doubtsDisclosed"],
                ),
                (
                    "/actions/3",
                    Incomplete,
                    vec![
                        "/actions/3/advice/informationCorrect",
                        "/actions/3/advice/informationCurrent",
                        "/actions/3/advice/informationComplete",
                    ],
                ),
            ],
        },
    ]);
}

/// Every message a finding of P1–P4 shows is rendered, with no placeholder
/// left unfilled.
#[test]
fn p1_p4_messages_are_filled() {
    let engine = Engine::new().unwrap();
    let incident = json!({"schemaVersion": "1",
    "actions": [
        {"judgement": {"sufficientKnowledge": false, "insufficiencyDisclosed": true}},
        {"advice": {"informationCorrect": false, "informationCurrent": null, "informationComplete": true, "doubtsDisclosed": false}},
        {"advice": {"informationCorrect": false}}
    ],
    "agreements": [
        {"conflictsWithLaw": true, "discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-05"},
        {"conflictsWithLaw": true, "discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-30"},
        {"conflictsWithLaw": true, "discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-11-02"},
        {"conflictsWithLaw": true, "discoveredAt": "2026-11-01", "partiesNotifiedAt": "2026-10-30"}
    ]});
    let verdict = engine.evaluate_json(&incident.to_string()).unwrap();
    let mut texts: Vec<&str> = Vec::new();
    for f in verdict
        .findings
        .iter()
        .filter(|f| ["P1", "P2", "P3", "P4"].contains(&f.rule.as_str()))
    {
        let key_prefix = format!("{}.", f.rule);
        for t in std::iter::once(&f.message).chain(f.missing.iter().map(|m| &m.message)) {
            assert!(
                !t.contains('{') && !t.starts_with(&key_prefix),
                "unrendered: {t}"
            );
            texts.push(t);
        }
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("4 days after") && t.contains("14 days")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("1 day after")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("2026-10-30") && t.contains("2026-11-01")),
        "the message names the two dates that disagree: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("2026-11-30") && t.contains("29 days")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("doubted whether the information was correct, current or complete")),
        "{texts:?}"
    );
}
