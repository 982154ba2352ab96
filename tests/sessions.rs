//! Sessions (incremental re-evaluation) judge exactly as a full evaluation
//! does, re-running only the rules a change can alter. The table cases walk
//! sessions too (tests/common); here, generated incidents and the API's
//! edges.

use conduct_engine::{Engine, ErrorCode, Status};
use serde_json::{json, Value};

mod common;

use common::generate::{incident, Gen};
use common::walk_session;

fn typical() -> Value {
    serde_json::from_str(include_str!("../benches/typical-incident.json")).unwrap()
}

/// A full evaluation of the typical incident, as JSON text.
fn typical_verdict(engine: &Engine) -> String {
    engine
        .evaluate_json(&typical().to_string())
        .unwrap()
        .to_json()
}

// Each step re-evaluates the whole incident to compare: `make test` runs
// this in release.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds; make test runs it with --release"
)]
fn sessions_agree_with_full_evaluations_on_generated_incidents() {
    let engine = Engine::new().unwrap();
    let mut g = Gen(0xD1B5_4A32_D192_ED03);
    let mut from = incident(&mut g);
    let (mut changes, mut reruns) = (0, 0);
    for _ in 0..2_000 {
        let to = incident(&mut g);
        let (made, rerun) = walk_session(&engine, &from, &to);
        changes += made;
        reruns += rerun;
        from = to;
    }
    let rules = engine.session("{\"schemaVersion\":\"1\"}").unwrap();
    let all = rules.last_rerun().len();
    assert!(changes > 20_000, "only {changes} changes were tried");
    // Incremental must actually save work on field-sized changes.
    assert!(
        reruns * 2 < changes * all,
        "{reruns} rule runs for {changes} changes of {all} rules each"
    );
}

#[test]
fn a_justification_field_re_runs_only_b12() {
    let engine = Engine::new().unwrap();
    let mut session = engine.session(&typical().to_string()).unwrap();
    let full = session.last_rerun().len();
    assert_eq!(full, 16, "the first evaluation runs every checkable rule");
    let verdict = session
        .update_json("/actions/0/justification/legal/explanation", "\"n/a\"")
        .unwrap();
    assert_eq!(session.last_rerun(), ["B12"]);
    let b12 = verdict.findings.iter().find(|f| f.rule == "B12").unwrap();
    assert_eq!(b12.status, Status::Incomplete);
    assert_eq!(
        b12.missing[0].path,
        "/actions/0/justification/legal/explanation"
    );
}

#[test]
fn appending_and_removing_actions_re_runs_the_rules_that_read_actions() {
    let engine = Engine::new().unwrap();
    let mut session = engine.session(&typical().to_string()).unwrap();
    let n = typical()["actions"].as_array().unwrap().len();
    let v = session
        .update_json("/actions/-", r#"{"consent": {"prior": false}}"#)
        .unwrap();
    let added = format!("/actions/{n}");
    assert!(v
        .findings
        .iter()
        .any(|f| f.rule == "B12" && f.subject == added && f.status == Status::Violation));
    assert!(session.last_rerun().contains(&"B12".to_string()));
    assert!(!session.last_rerun().contains(&"B11".to_string()));
    let v = session.remove(&added).unwrap();
    assert_eq!(v.to_json(), typical_verdict(&engine));
}

#[test]
fn a_refused_change_leaves_the_session_as_it_was() {
    let engine = Engine::new().unwrap();
    let mut session = engine.session(&typical().to_string()).unwrap();
    let before = session.verdict().to_json();
    let cases = [
        ("actions/0", json!(1), "not a JSON Pointer"),
        ("\"x\"/actions/1", json!(1), "not a JSON Pointer"),
        ("/actions/0~2", json!(1), "not a JSON Pointer"),
        ("/nothing/here", json!(1), "does not exist"),
        ("/actions/99", json!({}), "not an index"),
        ("/actions/0/consent/prior", json!("yes"), "boolean"),
        ("/schemaVersion", json!("9"), ""),
        ("/unknownField", json!(1), ""),
    ];
    for (at, value, says) in cases {
        let e = session.update_json(at, &value.to_string()).unwrap_err();
        assert!(
            matches!(
                e.code,
                ErrorCode::InvalidIncident | ErrorCode::UnsupportedSchemaVersion
            ),
            "{at}: {e:?}"
        );
        assert!(e.message.contains(says), "{at}: {}", e.message);
        // An error names the place changed, unless the text given is no
        // JSON Pointer at all.
        let want = conduct_engine::model::pointer::tokens(at).map(|_| at);
        assert!(
            e.path.as_deref().map(|p| p.starts_with(at)) == want.map(|_| true),
            "{at}: {e:?}"
        );
        assert_eq!(
            session.verdict().to_json(),
            before,
            "{at} changed the session"
        );
    }
    let e = session.remove("").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidIncident);
    let e = session.update_json("/id", "{").unwrap_err();
    assert_eq!(
        (e.code, e.path.as_deref()),
        (ErrorCode::InvalidJson, Some("/id"))
    );
    assert_eq!(session.verdict().to_json(), before);
}

#[test]
fn a_session_keeps_to_the_engines_limits_and_locale() {
    let mut engine = Engine::new().unwrap();
    engine.set_locale("nl").unwrap();
    engine.set_limits(conduct_engine::Limits {
        max_string_bytes: 100,
        ..Default::default()
    });
    let mut session = engine.session(&typical().to_string()).unwrap();
    let long = format!("\"{}\"", "x".repeat(101));
    let e = session
        .update_json("/actions/0/justification/legal/explanation", &long)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::LimitExceeded);
    assert_eq!(
        e.path.as_deref(),
        Some("/actions/0/justification/legal/explanation")
    );
    let dutch = engine.evaluate_json(&typical().to_string()).unwrap();
    assert_eq!(session.verdict().to_json(), dutch.to_json());
    let english = conduct_engine::Session::new(&engine, &typical().to_string(), Some("en"))
        .unwrap()
        .verdict();
    assert_ne!(english.findings[0].message, dutch.findings[0].message);
}

#[test]
fn replacing_the_whole_incident_re_runs_everything() {
    let engine = Engine::new().unwrap();
    let mut session = engine.session(r#"{"schemaVersion": "1"}"#).unwrap();
    let v = session.update_json("", &typical().to_string()).unwrap();
    assert_eq!(session.last_rerun().len(), 16);
    assert_eq!(v.to_json(), typical_verdict(&engine));
}

#[test]
fn stats_count_the_rule_runs_sessions_save_and_switched_off_rules_skip() {
    let engine = Engine::new().unwrap();
    let mut session = engine.session(&typical().to_string()).unwrap();
    session
        .update_json("/actions/0/justification/ethical/explanation", "\"tbd\"")
        .unwrap();
    let stats = engine.stats();
    assert_eq!(stats.backend, conduct_engine::Backend::Compiled);
    assert_eq!(stats.rules, 21);
    assert_eq!(stats.evaluated_rules.len(), 16);
    assert_eq!((stats.evaluations, stats.rule_runs), (2, 16 + 1));

    let only_b12 = json!({ "rules": stats.evaluated_rules.iter()
        .filter(|id| *id != "B12")
        .map(|id| (id.clone(), json!({ "enabled": false })))
        .collect::<serde_json::Map<_, _>>() });
    let config = conduct_engine::Config::with_overrides(&only_b12.to_string()).unwrap();
    let engine = Engine::with_config(config).unwrap();
    let verdict = engine.evaluate_json(&typical().to_string()).unwrap();
    assert!(verdict.findings.iter().all(|f| f.rule == "B12"));
    assert_eq!(engine.stats().evaluated_rules, ["B12"]);
    assert_eq!(engine.stats().rule_runs, 1);
}
