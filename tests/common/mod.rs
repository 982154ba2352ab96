//! The harness of the table-driven rule cases (`tests/rules*.rs`): each
//! case is an incident and the exact findings one rule must give for it
//! (subject, status, and the JSON Pointers of the missing or failing
//! elements, in order). Messages must be rendered, never bare keys.

#![allow(dead_code)] // each test file uses part of it

use conduct_engine::{Engine, Status, Verdict};
use serde_json::Value;

pub struct Case {
    pub name: &'static str,
    pub incident: Value,
    pub rule: &'static str,
    /// (subject, status, missing paths in order)
    pub expect: Vec<(&'static str, Status, Vec<&'static str>)>,
}

pub fn run(cases: Vec<Case>) {
    run_on(&Engine::new().unwrap(), cases)
}

pub fn run_on(engine: &Engine, cases: Vec<Case>) {
    let mut failures = Vec::new();
    for case in &cases {
        let verdict: Verdict = match engine.evaluate_json(&case.incident.to_string()) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: error {e}", case.name));
                continue;
            }
        };
        let got: Vec<(String, Status, Vec<String>)> = verdict
            .findings
            .iter()
            .filter(|f| f.rule == case.rule)
            .map(|f| {
                assert!(
                    !f.message.is_empty() && !f.message.starts_with(case.rule),
                    "{}: message key not rendered: {}",
                    case.name,
                    f.message
                );
                for m in &f.missing {
                    assert!(
                        !m.message.contains("{") && !m.message.starts_with(case.rule),
                        "{}: {}",
                        case.name,
                        m.message
                    );
                }
                (
                    f.subject.clone(),
                    f.status,
                    f.missing.iter().map(|m| m.path.clone()).collect(),
                )
            })
            .collect();
        let want: Vec<(String, Status, Vec<String>)> = case
            .expect
            .iter()
            .map(|(s, st, m)| {
                (
                    s.to_string(),
                    *st,
                    m.iter().map(|p| p.to_string()).collect(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{}:\n   want {want:?}\n    got {got:?}", case.name));
        }
        let worst = verdict.findings.iter().map(|f| f.status).max().unwrap();
        assert_eq!(
            verdict.outcome, worst,
            "{}: outcome is the worst status",
            case.name
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
