//! Table-driven cases for B5, B6, B7 and B11, in the style of `rules.rs`:
//! each row is an incident and the exact findings one rule must give for it
//! (status, subject, and the JSON Pointers of the missing or failing
//! elements).

use conduct_engine::{Config, Engine, Status};
use serde_json::{json, Value};

mod common;

use common::{run, run_on, Case};

use Status::*;

fn with_actions(actions: Value) -> Value {
    json!({"schemaVersion": "1", "actions": actions})
}

#[test]
fn b5_no_intentional_risk() {
    let risk = |r: Value| with_actions(json!([{"id": "a1", "risk": r}]));
    run(vec![
        Case {
            name: "every exposed party asked for it: compliant",
            rule: "B5",
            incident: risk(
                json!({"exposedParties": ["Acme", "Acme Labs"], "intentional": true, "explicitlyRequestedBy": [" acme labs", "ACME"]}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "a client accepting risk for its customers: violation",
            rule: "B5",
            incident: risk(
                json!({"exposedParties": ["Acme", "Acme customers"], "intentional": true, "explicitlyRequestedBy": ["Acme"]}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/risk/exposedParties"],
            )],
        },
        Case {
            name: "intentional not recorded: incomplete",
            rule: "B5",
            incident: risk(json!({"exposedParties": ["Acme customers"]})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/risk/intentional"],
            )],
        },
        Case {
            name: "who asked not recorded: incomplete",
            rule: "B5",
            incident: risk(json!({"exposedParties": ["Acme"], "intentional": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/risk/explicitlyRequestedBy"],
            )],
        },
        Case {
            name: "intentional null (did not happen): compliant",
            rule: "B5",
            incident: risk(json!({"exposedParties": ["Acme customers"], "intentional": null})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "requests null (nobody asked): violation",
            rule: "B5",
            incident: risk(
                json!({"exposedParties": ["Acme"], "intentional": true, "explicitlyRequestedBy": null}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/risk/exposedParties"],
            )],
        },
        Case {
            name: "several actions: a finding for each risk, in order",
            rule: "B5",
            incident: with_actions(json!([
                {"risk": {"intentional": false, "exposedParties": ["Acme"]}},
                {"id": "no risk"},
                {"risk": {"intentional": true, "exposedParties": ["Beta"], "explicitlyRequestedBy": []}},
                {"risk": null}
            ])),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                (
                    "/actions/2",
                    Violation,
                    vec!["/actions/2/risk/exposedParties"],
                ),
            ],
        },
        Case {
            name: "a party that is not exposed asked for it: violation",
            rule: "B5",
            incident: risk(
                json!({"exposedParties": ["Acme customers"], "intentional": true, "explicitlyRequestedBy": ["Acme"]}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/risk/exposedParties"],
            )],
        },
        Case {
            name: "taken on purpose, nobody exposed ([] or null): compliant",
            rule: "B5",
            incident: with_actions(json!([
                {"risk": {"intentional": true, "exposedParties": []}},
                {"risk": {"intentional": true, "exposedParties": null}}
            ])),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                ("/actions/1", Compliant, vec![]),
            ],
        },
        Case {
            name: "taken on purpose, who was exposed not recorded: incomplete there",
            rule: "B5",
            incident: risk(json!({"intentional": true, "explicitlyRequestedBy": ["Acme"]})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/risk/exposedParties"],
            )],
        },
        Case {
            name: "no risk anywhere: not applicable",
            rule: "B5",
            incident: with_actions(json!([{"id": "a1", "risk": null}])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

#[test]
fn b6_prevent_damage() {
    let damage = |d: Value| with_actions(json!([{"id": "a1", "damage": d}]));
    run(vec![
        Case {
            name: "foreseeable, preventable, attempted: compliant",
            rule: "B6",
            incident: damage(
                json!({"foreseeable": true, "preventable": true, "preventionAttempted": true}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "foreseeable, preventable, no attempt: violation",
            rule: "B6",
            incident: damage(
                json!({"foreseeable": true, "preventable": true, "preventionAttempted": false}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/damage/preventionAttempted"],
            )],
        },
        Case {
            name: "attempt null (never tried): violation",
            rule: "B6",
            incident: damage(
                json!({"foreseeable": true, "preventable": true, "preventionAttempted": null}),
            ),
            expect: vec![(
                "/actions/0",
                Violation,
                vec!["/actions/0/damage/preventionAttempted"],
            )],
        },
        Case {
            name: "attempt not recorded: incomplete",
            rule: "B6",
            incident: damage(json!({"foreseeable": true, "preventable": true})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/damage/preventionAttempted"],
            )],
        },
        Case {
            name: "foresight and prevention not recorded: incomplete at both",
            rule: "B6",
            incident: damage(json!({"description": "the only backup would be overwritten"})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec![
                    "/actions/0/damage/foreseeable",
                    "/actions/0/damage/preventable",
                ],
            )],
        },
        Case {
            name: "not preventable, no attempt: compliant",
            rule: "B6",
            incident: damage(
                json!({"foreseeable": true, "preventable": false, "preventionAttempted": false}),
            ),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "foreseeable null, preventable not recorded: compliant",
            rule: "B6",
            incident: damage(json!({"foreseeable": null})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "unforeseeable, prevention not recorded: compliant",
            rule: "B6",
            incident: damage(json!({"foreseeable": false, "preventionAttempted": false})),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "foreseeable, preventability not recorded: incomplete there only",
            rule: "B6",
            incident: damage(json!({"foreseeable": true, "preventionAttempted": false})),
            expect: vec![(
                "/actions/0",
                Incomplete,
                vec!["/actions/0/damage/preventable"],
            )],
        },
        Case {
            name: "no damage: not applicable",
            rule: "B6",
            incident: with_actions(json!([{"id": "a1"}, {"damage": null}])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
}

#[test]
fn b7_keep_skills_current() {
    let trained = |last: Value, actions: Value| json!({"schemaVersion": "1", "member": {"lastTraining": last}, "actions": actions});
    run(vec![
        Case {
            name: "trained a year before: compliant",
            rule: "B7",
            incident: trained(json!("2025-11-20"), json!([{"at": "2026-11-20"}])),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "exactly three years later: compliant",
            rule: "B7",
            incident: trained(json!("2023-11-20"), json!([{"at": "2026-11-20T17:30:00Z"}])),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "three years and a day later: violation",
            rule: "B7",
            incident: trained(json!("2023-11-20"), json!([{"at": "2026-11-21"}])),
            expect: vec![("/actions/0", Violation, vec!["/member/lastTraining"])],
        },
        Case {
            name: "no day for the action or incident: incomplete",
            rule: "B7",
            incident: trained(json!("2023-11-20"), json!([{"id": "a1"}])),
            expect: vec![("/actions/0", Incomplete, vec!["/actions/0/at"])],
        },
        Case {
            name: "the incident's day stands in: one finding per action",
            rule: "B7",
            incident: json!({"schemaVersion": "1", "occurredAt": "2026-11-21", "member": {"lastTraining": "2023-11-20"},
                "actions": [{"at": "2026-11-20"}, {"id": "undated"}]}),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                ("/actions/1", Violation, vec!["/member/lastTraining"]),
            ],
        },
        Case {
            name: "trained on 29 February: current until 28 February",
            rule: "B7",
            incident: trained(
                json!("2024-02-29"),
                json!([{"at": "2027-02-28"}, {"at": "2027-03-01"}]),
            ),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                ("/actions/1", Violation, vec!["/member/lastTraining"]),
            ],
        },
        Case {
            name: "last training not recorded: not applicable",
            rule: "B7",
            incident: json!({"schemaVersion": "1", "member": {"name": "Jo"}, "actions": [{"at": "2026-11-20"}]}),
            expect: vec![("", NotApplicable, vec![])],
        },
        Case {
            name: "never trained (null): a violation for every action, dated or not",
            rule: "B7",
            incident: trained(Value::Null, json!([{"at": "2026-11-20"}, {"id": "undated"}])),
            expect: vec![
                ("/actions/0", Violation, vec!["/member/lastTraining"]),
                ("/actions/1", Violation, vec!["/member/lastTraining"]),
            ],
        },
        Case {
            name: "trained the day after the action: incomplete at lastTraining",
            rule: "B7",
            incident: trained(json!("2026-11-21"), json!([{"at": "2026-11-20T23:00:00Z"}])),
            expect: vec![("/actions/0", Incomplete, vec!["/member/lastTraining"])],
        },
        Case {
            name: "trained on the day of the action: compliant",
            rule: "B7",
            incident: trained(json!("2026-11-20T18:00:00Z"), json!([{"at": "2026-11-20"}])),
            expect: vec![("/actions/0", Compliant, vec![])],
        },
        Case {
            name: "a training between two actions: incomplete for the earlier, compliant for the later",
            rule: "B7",
            incident: trained(
                json!("2026-06-01"),
                json!([{"at": "2026-01-01"}, {"at": "2026-11-20"}]),
            ),
            expect: vec![
                ("/actions/0", Incomplete, vec!["/member/lastTraining"]),
                ("/actions/1", Compliant, vec![]),
            ],
        },
        Case {
            name: "never trained, no actions: not applicable",
            rule: "B7",
            incident: trained(Value::Null, json!([])),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
    let five_years =
        Engine::with_config(Config::with_overrides(r#"{"trainingValidYears": 5}"#).unwrap())
            .unwrap();
    run_on(
        &five_years,
        vec![Case {
            name: "five years configured: three years and a day is compliant",
            rule: "B7",
            incident: trained(
                json!("2023-11-20"),
                json!([{"at": "2026-11-21"}, {"at": "2028-11-21"}]),
            ),
            expect: vec![
                ("/actions/0", Compliant, vec![]),
                ("/actions/1", Violation, vec!["/member/lastTraining"]),
            ],
        }],
    );
}

#[test]
fn b11_report_deficiencies() {
    let found = |d: Value| json!({"schemaVersion": "1", "deficienciesFound": [d]});
    let explained =
        "Reporting would have meant admitting access the owner had threatened to prosecute.";
    run(vec![
        Case {
            name: "reported: compliant",
            rule: "B11",
            incident: found(json!({"owner": "Acme", "reportedToOwner": true})),
            expect: vec![("/deficienciesFound/0", Compliant, vec![])],
        },
        Case {
            name: "not reported, no risk stated: violation",
            rule: "B11",
            incident: found(json!({"owner": "Acme", "reportedToOwner": false})),
            expect: vec![(
                "/deficienciesFound/0",
                Violation,
                vec!["/deficienciesFound/0/reportedToOwner"],
            )],
        },
        Case {
            name: "never reported (null), a reasonable risk: violation",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": null, "reportingRisk": "reasonable", "riskExplanation": explained}),
            ),
            expect: vec![(
                "/deficienciesFound/0",
                Violation,
                vec!["/deficienciesFound/0/reportedToOwner"],
            )],
        },
        Case {
            name: "whether reported not recorded: incomplete",
            rule: "B11",
            incident: found(json!({"owner": "Acme"})),
            expect: vec![(
                "/deficienciesFound/0",
                Incomplete,
                vec!["/deficienciesFound/0/reportedToOwner"],
            )],
        },
        Case {
            name: "unreasonable risk, explained: compliant",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": false, "reportingRisk": "unreasonable", "riskExplanation": explained}),
            ),
            expect: vec![("/deficienciesFound/0", Compliant, vec![])],
        },
        Case {
            name: "unreasonable risk, placeholder explanation: incomplete",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": false, "reportingRisk": "unreasonable", "riskExplanation": "see above"}),
            ),
            expect: vec![(
                "/deficienciesFound/0",
                Incomplete,
                vec!["/deficienciesFound/0/riskExplanation"],
            )],
        },
        Case {
            name: "no deadline by default: a late report is compliant",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": true, "learnedAt": "2025-01-01", "reportedAt": "2026-11-20"}),
            ),
            expect: vec![("/deficienciesFound/0", Compliant, vec![])],
        },
        Case {
            name: "a day of reporting, whether reported not recorded: compliant (the date is evidence)",
            rule: "B11",
            incident: found(json!({"owner": "Acme", "reportedAt": "2026-11-20"})),
            expect: vec![("/deficienciesFound/0", Compliant, vec![])],
        },
        Case {
            name: "a day of reporting, but recorded as not reported: violation (the boolean decides)",
            rule: "B11",
            incident: found(json!({"reportedToOwner": false, "reportedAt": "2026-11-20"})),
            expect: vec![(
                "/deficienciesFound/0",
                Violation,
                vec!["/deficienciesFound/0/reportedToOwner"],
            )],
        },
        Case {
            name: "never reported (reportedAt null), no risk: violation at reportedAt",
            rule: "B11",
            incident: found(json!({"owner": "Acme", "reportedAt": null})),
            expect: vec![(
                "/deficienciesFound/0",
                Violation,
                vec!["/deficienciesFound/0/reportedAt"],
            )],
        },
        Case {
            name: "reported the day before it was learned of: the dates disagree, incomplete",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": true, "learnedAt": "2026-11-10", "reportedAt": "2026-11-09"}),
            ),
            expect: vec![(
                "/deficienciesFound/0",
                Incomplete,
                vec!["/deficienciesFound/0/reportedAt"],
            )],
        },
        Case {
            name: "reported the day it was learned of: compliant",
            rule: "B11",
            incident: found(json!({"learnedAt": "2026-11-10T20:00:00Z", "reportedAt": "2026-11-10"})),
            expect: vec![("/deficienciesFound/0", Compliant, vec![])],
        },
        Case {
            name: "unreasonable risk, explanation one character short (an emoji counts once): incomplete",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": false, "reportingRisk": "unreasonable", "riskExplanation": "Eighteen character🙂"}),
            ),
            expect: vec![(
                "/deficienciesFound/0",
                Incomplete,
                vec!["/deficienciesFound/0/riskExplanation"],
            )],
        },
        Case {
            name: "unreasonable risk, explanation of exactly 20 characters with an emoji: compliant",
            rule: "B11",
            incident: found(
                json!({"reportedToOwner": false, "reportingRisk": "unreasonable", "riskExplanation": "Nineteen characters🙂"}),
            ),
            expect: vec![("/deficienciesFound/0", Compliant, vec![])],
        },
        Case {
            name: "no deficiencies: not applicable",
            rule: "B11",
            incident: json!({"schemaVersion": "1", "actions": [{"id": "a1"}]}),
            expect: vec![("", NotApplicable, vec![])],
        },
    ]);
    let fourteen_days =
        Engine::with_config(Config::with_overrides(r#"{"deficiencyReportDays": 14}"#).unwrap())
            .unwrap();
    run_on(
        &fourteen_days,
        vec![Case {
            name: "14-day deadline: day 14 in time, day 15 late, undated not judged",
            rule: "B11",
            incident: json!({"schemaVersion": "1", "deficienciesFound": [
                {"reportedToOwner": true, "learnedAt": "2026-11-01", "reportedAt": "2026-11-15"},
                {"reportedToOwner": true, "learnedAt": "2026-11-01", "reportedAt": "2026-11-16T09:00:00Z"},
                {"reportedToOwner": true, "reportedAt": "2026-12-31"},
                {"learnedAt": "2026-11-01", "reportedAt": "2026-10-31"}
            ]}),
            expect: vec![
                ("/deficienciesFound/0", Compliant, vec![]),
                (
                    "/deficienciesFound/1",
                    Violation,
                    vec!["/deficienciesFound/1/reportedAt"],
                ),
                ("/deficienciesFound/2", Compliant, vec![]),
                (
                    "/deficienciesFound/3",
                    Incomplete,
                    vec!["/deficienciesFound/3/reportedAt"],
                ),
            ],
        }],
    );
}
