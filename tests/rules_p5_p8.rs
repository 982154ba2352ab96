//! Table-driven cases for the principles P5–P8: each row is an incident and
//! the exact findings one rule must give for it (status, subject, and the
//! JSON Pointers of the missing or failing elements).

use conduct_engine::Status;
use serde_json::{json, Value};

mod common;

use common::{run, Case};

use Status::*;

fn actions(list: Value) -> Value {
    json!({"schemaVersion": "1", "actions": list})
}

fn advice(a: Value) -> Value {
    actions(json!([{"id": "a1", "kind": "advice", "advice": a}]))
}

#[test]
fn p5_advice_completeness() {
    run(vec![
        Case {
            name: "opposing factors and limitations: compliant",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": true, "limitationsStated": true})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "opposing factors left out: violation there",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": false, "limitationsStated": true})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/advice/opposingFactorsIncluded"],
            )],
        },
        Case {
            name: "limitations never stated (null): violation there",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": true, "limitationsStated": null})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/advice/limitationsStated"],
            )],
        },
        Case {
            name: "limitations not recorded (absent): incomplete there",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/advice/limitationsStated"],
            )],
        },
        Case {
            name: "both left out (false and null): violation listing both",
            rule: "P5",
            incident: advice(json!({"opposingFactorsIncluded": false, "limitationsStated": null})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec![
                    "/actions/0/advice/opposingFactorsIncluded",
                    "/actions/0/advice/limitationsStated",
                ],
            )],
        },
        Case {
            name: "opposing factors not recorded, limitations stated: incomplete there",
            rule: "P5",
            incident: advice(json!({"limitationsStated": true, "informationCorrect": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/advice/opposingFactorsIncluded"],
            )],
        },
        Case {
            name: "one failed, one unrecorded: violation listing both in code order",
            rule: "P5",
            incident: advice(json!({"limitationsStated": false})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec![
                    "/actions/0/advice/opposingFactorsIncluded",
                    "/actions/0/advice/limitationsStated",
                ],
            )],
        },
        Case {
            name: "several actions: advice judged per action, others skipped",
            rule: "P5",
            incident: actions(json!([
                {"advice": {"opposingFactorsIncluded": true, "limitationsStated": true}},
                {"kind": "task"},
                {"advice": null},
                {"advice": {}}
            ])),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                (
                    "/actions/3",
                    Incomplete,
                    vec![
                        "/actions/3/advice/opposingFactorsIncluded",
                        "/actions/3/advice/limitationsStated",
                    ],
                ),
            ],
        },
        Case {
            name: "no advice: not applicable",
            rule: "P5",
            incident: actions(json!([{"kind": "task"}])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

fn promise(p: Value) -> Value {
    json!({"schemaVersion": "1", "promises": [p]})
}

fn undelivered(known: &str, told: &str) -> Value {
    promise(
        json!({"to": "Acme", "delivered": false, "obstacleKnownAt": known, "communicatedAt": told}),
    )
}

#[test]
fn p6_dependable_partner() {
    run(vec![
        Case {
            name: "delivered: compliant",
            rule: "P6",
            incident: promise(json!({"to": "Acme", "delivered": true})),
            expect: vec![("/promises/0", Compliant, vec![])],
        },
        Case {
            name: "told 14 days after the obstacle: compliant",
            rule: "P6",
            incident: undelivered("2026-11-01", "2026-11-15"),
            expect: vec![("/promises/0", Compliant, vec![])],
        },
        Case {
            name: "told 15 days after the obstacle: violation at communicatedAt",
            rule: "P6",
            incident: undelivered("2026-11-01", "2026-11-16"),
            expect: vec![("/promises/0", Violation, vec!["/promises/0/communicatedAt"])],
        },
        Case {
            name: "14/15 days across a leap day and a date-time",
            rule: "P6",
            incident: json!({"schemaVersion": "1", "promises": [
                {"delivered": null, "obstacleKnownAt": "2028-02-20", "communicatedAt": "2028-03-05T18:00:00Z"},
                {"delivered": false, "obstacleKnownAt": "2028-02-20T09:00:00Z", "communicatedAt": "2028-03-06"}
            ]}),
            expect: vec![
                ("/promises/0", Compliant, vec![]),
                ("/promises/1", Violation, vec!["/promises/1/communicatedAt"]),
            ],
        },
        Case {
            name: "never told (null): violation",
            rule: "P6",
            incident: promise(
                json!({"delivered": false, "obstacleKnownAt": "2026-11-01", "communicatedAt": null}),
            ),
            expect: vec![("/promises/0", Violation, vec!["/promises/0/communicatedAt"])],
        },
        Case {
            name: "notice not recorded (absent): incomplete",
            rule: "P6",
            incident: promise(json!({"delivered": false, "obstacleKnownAt": "2026-11-01"})),
            expect: vec![(
                "/promises/0",
                Incomplete,
                vec!["/promises/0/communicatedAt"],
            )],
        },
        Case {
            name: "neither date recorded: incomplete at both",
            rule: "P6",
            incident: promise(json!({"delivered": false})),
            expect: vec![(
                "/promises/0",
                Incomplete,
                vec!["/promises/0/obstacleKnownAt", "/promises/0/communicatedAt"],
            )],
        },
        Case {
            name: "delivery not recorded: incomplete at delivered",
            rule: "P6",
            incident: promise(json!({"to": "Acme"})),
            expect: vec![("/promises/0", Incomplete, vec!["/promises/0/delivered"])],
        },
        Case {
            name: "told the day before the obstacle was known: the dates disagree, incomplete",
            rule: "P6",
            incident: undelivered("2026-11-10", "2026-11-09T23:59:00Z"),
            expect: vec![(
                "/promises/0",
                Incomplete,
                vec!["/promises/0/communicatedAt"],
            )],
        },
        Case {
            name: "told the day the obstacle became known (day 0): compliant",
            rule: "P6",
            incident: undelivered("2026-11-10", "2026-11-10"),
            expect: vec![("/promises/0", Compliant, vec![])],
        },
        Case {
            name:
                "delivery not recorded, a day of notice in time: compliant (the date is evidence)",
            rule: "P6",
            incident: promise(
                json!({"to": "Acme", "obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-11-15"}),
            ),
            expect: vec![("/promises/0", Compliant, vec![])],
        },
        Case {
            name: "delivery not recorded, a day of notice too late: violation",
            rule: "P6",
            incident: promise(
                json!({"to": "Acme", "obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-11-16"}),
            ),
            expect: vec![("/promises/0", Violation, vec!["/promises/0/communicatedAt"])],
        },
        Case {
            name: "delivered although told late: compliant (the boolean decides)",
            rule: "P6",
            incident: promise(
                json!({"delivered": true, "obstacleKnownAt": "2026-11-01", "communicatedAt": "2026-12-16"}),
            ),
            expect: vec![("/promises/0", Compliant, vec![])],
        },
        Case {
            name: "delivery not recorded, never told (null): incomplete at delivered",
            rule: "P6",
            incident: promise(json!({"obstacleKnownAt": "2026-11-01", "communicatedAt": null})),
            expect: vec![("/promises/0", Incomplete, vec!["/promises/0/delivered"])],
        },
        Case {
            name:
                "knowingly untrue statement: violation per action; false compliant; absent skipped",
            rule: "P6",
            incident: json!({"schemaVersion": "1",
                "actions": [{"knowinglyUntrue": true}, {"kind": "task"}, {"knowinglyUntrue": false}],
                "promises": [{"delivered": true}]}),
            expect: vec![
                ("/actions/0", Violation, vec!["/actions/0/knowinglyUntrue"]),
                ("/actions/2", Compliant, vec![]),
                ("/promises/0", Compliant, vec![]),
            ],
        },
        Case {
            name: "no promises and no statements: not applicable",
            rule: "P6",
            incident: actions(json!([{"kind": "task"}])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

fn judgement(j: Value) -> Value {
    actions(json!([{"id": "a1", "kind": "judgement", "judgement": j}]))
}

#[test]
fn p7_objectivity() {
    run(vec![
        Case {
            name: "no personal stake: compliant",
            rule: "P7",
            incident: judgement(json!({"sufficientKnowledge": true, "personalStake": false})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "stake declared and accepted: compliant",
            rule: "P7",
            incident: judgement(
                json!({"personalStake": true, "stakeDeclared": true, "stakeAccepted": true}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "stake undeclared: violation at stakeDeclared",
            rule: "P7",
            incident: judgement(json!({"personalStake": true, "stakeDeclared": false})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/judgement/stakeDeclared"],
            )],
        },
        Case {
            name: "stake never declared (null): violation",
            rule: "P7",
            incident: judgement(json!({"personalStake": true, "stakeDeclared": null})),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/judgement/stakeDeclared"],
            )],
        },
        Case {
            name: "declared, acceptance not recorded: incomplete at stakeAccepted",
            rule: "P7",
            incident: judgement(json!({"personalStake": true, "stakeDeclared": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/judgement/stakeAccepted"],
            )],
        },
        Case {
            name: "declared, parties refused: violation at stakeAccepted",
            rule: "P7",
            incident: judgement(
                json!({"personalStake": true, "stakeDeclared": true, "stakeAccepted": false}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/judgement/stakeAccepted"],
            )],
        },
        Case {
            name: "stake not recorded: incomplete at personalStake",
            rule: "P7",
            incident: judgement(
                json!({"sufficientKnowledge": false, "insufficiencyDisclosed": true}),
            ),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/judgement/personalStake"],
            )],
        },
        Case {
            name: "several judgements, one finding each",
            rule: "P7",
            incident: actions(json!([
                {"judgement": {"personalStake": true, "stakeDeclared": false}},
                {"judgement": null},
                {"judgement": {"personalStake": null}},
                {"judgement": {"personalStake": true}}
            ])),
            expect: vec![
                (
                    "/actions/0",
                    Violation,
                    vec!["/actions/0/judgement/stakeDeclared"],
                ),
                ("/actions/2", Compliant, vec![]),
                (
                    "/actions/3",
                    Incomplete,
                    vec!["/actions/3/judgement/stakeDeclared"],
                ),
            ],
        },
        Case {
            name: "no judgement: not applicable",
            rule: "P7",
            incident: actions(json!([{"kind": "task", "judgement": null}])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

fn request(r: Value) -> Value {
    actions(json!([{"id": "a1", "request": r}]))
}

#[test]
fn p8_escalate_unlawful_request() {
    run(vec![
        Case {
            name: "refused after consulting a senior: compliant",
            rule: "P8",
            incident: request(
                json!({"clearlyUnlawfulOrUnethical": true, "consultedSenior": true, "complied": false}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "complied: violation at complied",
            rule: "P8",
            incident: request(
                json!({"clearlyUnlawfulOrUnethical": true, "consultedSenior": false, "complied": true}),
            ),
            expect: vec![("/actions/0", Violation, vec!["/actions/0/request/complied"])],
        },
        Case {
            name: "complied after consulting, with legal advice: still a violation",
            rule: "P8",
            incident: request(
                json!({"clearlyUnlawfulOrUnethical": true, "consultedSenior": true, "legalAdviceSought": true, "complied": true}),
            ),
            expect: vec![("/actions/0", Violation, vec!["/actions/0/request/complied"])],
        },
        Case {
            name: "refused without consulting anyone: incomplete at consultedSenior",
            rule: "P8",
            incident: request(
                json!({"clearlyUnlawfulOrUnethical": true, "consultedSenior": null, "complied": false}),
            ),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/request/consultedSenior"],
            )],
        },
        Case {
            name: "compliance not recorded: incomplete at complied",
            rule: "P8",
            incident: request(json!({"clearlyUnlawfulOrUnethical": true, "consultedSenior": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/request/complied"],
            )],
        },
        Case {
            name: "nature of the request not recorded: incomplete",
            rule: "P8",
            incident: request(json!({"complied": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/request/clearlyUnlawfulOrUnethical"],
            )],
        },
        Case {
            name: "not clearly unlawful: compliant (a request, nothing to escalate)",
            rule: "P8",
            incident: request(json!({"clearlyUnlawfulOrUnethical": false, "complied": true})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "not stated to be unlawful (null): compliant",
            rule: "P8",
            incident: request(json!({"clearlyUnlawfulOrUnethical": null})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "refused, consultation not recorded: incomplete at consultedSenior",
            rule: "P8",
            incident: request(json!({"clearlyUnlawfulOrUnethical": true, "complied": false})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/request/consultedSenior"],
            )],
        },
        Case {
            name: "several requests: one finding each, in document order",
            rule: "P8",
            incident: actions(json!([
                {"request": {"clearlyUnlawfulOrUnethical": false}},
                {"kind": "task"},
                {"request": {"clearlyUnlawfulOrUnethical": true, "complied": true}},
                {"request": {"clearlyUnlawfulOrUnethical": true}}
            ])),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                ("/actions/2", Violation, vec!["/actions/2/request/complied"]),
                (
                    "/actions/3",
                    Incomplete,
                    vec![
                        "/actions/3/request/complied",
                        "/actions/3/request/consultedSenior",
                    ],
                ),
            ],
        },
        Case {
            name: "no request: not applicable",
            rule: "P8",
            incident: actions(json!([{"kind": "task"}])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}
