//! Bad input gives a typed error with a JSON Pointer, never a panic, and the
//! engine keeps working afterwards.

use conduct_engine::{Config, Engine, ErrorCode, Limits, Status};
use serde_json::json;

fn error_of(engine: &Engine, input: &str) -> conduct_engine::Error {
    engine.evaluate_json(input).expect_err(input)
}

#[test]
fn bad_incidents_give_typed_errors_with_pointers() {
    let engine = Engine::new().unwrap();
    let cases: Vec<(String, ErrorCode, &str)> = vec![
        ("{".into(), ErrorCode::InvalidJson, ""),
        ("".into(), ErrorCode::InvalidJson, ""),
        ("[1, 2]".into(), ErrorCode::InvalidIncident, ""),
        ("\"text\"".into(), ErrorCode::InvalidIncident, ""),
        ("null".into(), ErrorCode::InvalidIncident, ""),
        ("{}".into(), ErrorCode::InvalidIncident, "/schemaVersion"),
        (json!({"schemaVersion": 1}).to_string(), ErrorCode::InvalidIncident, "/schemaVersion"),
        (json!({"schemaVersion": "9"}).to_string(), ErrorCode::UnsupportedSchemaVersion, "/schemaVersion"),
        (json!({"schemaVersion": "1", "actoins": []}).to_string(), ErrorCode::InvalidIncident, "/actoins"),
        (json!({"schemaVersion": "1", "actions": {}}).to_string(), ErrorCode::InvalidIncident, "/actions"),
        (json!({"schemaVersion": "1", "actions": [{"consent": {"prior": "yes"}}]}).to_string(), ErrorCode::InvalidIncident, "/actions/0/consent/prior"),
        (json!({"schemaVersion": "1", "actions": [{}, {"justification": {"legal": {"claimed": 1}}}]}).to_string(), ErrorCode::InvalidIncident, "/actions/1/justification/legal/claimed"),
        (json!({"schemaVersion": "1", "actions": [{"requiredQualifications": ["a", 2]}]}).to_string(), ErrorCode::InvalidIncident, "/actions/0/requiredQualifications/1"),
        (json!({"schemaVersion": "1", "actions": [{"at": "20 Nov 2026"}]}).to_string(), ErrorCode::InvalidIncident, "/actions/0/at"),
        (json!({"schemaVersion": "1", "actions": [{"disclosure": {"classification": "secret"}}]}).to_string(), ErrorCode::InvalidIncident, "/actions/0/disclosure/classification"),
        (json!({"schemaVersion": "1", "conflictsOfInterest": [{"declared": "no"}]}).to_string(), ErrorCode::InvalidIncident, "/conflictsOfInterest/0/declared"),
        (json!({"schemaVersion": "1", "member": {"qualifications": [{"validUntil": "2026-01-01"}]}}).to_string(), ErrorCode::InvalidIncident, "/member/qualifications/0/name"),
        (json!({"schemaVersion": "1", "actions": [{"a/b~c": 1}]}).to_string(), ErrorCode::InvalidIncident, "/actions/0/a~1b~0c"),
        (json!({"schemaVersion": "1", "actions": [{}, null]}).to_string(), ErrorCode::InvalidIncident, "/actions/1"),
        (format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), ErrorCode::LimitExceeded, ""),
        (format!(r#"{{"schemaVersion":"1","extensions":{}{}}}"#, "{\"a\":".repeat(200), "}".repeat(200)), ErrorCode::LimitExceeded, ""),
    ];
    for (input, code, path) in &cases {
        let e = error_of(&engine, input);
        assert_eq!(
            (e.code, e.path.as_deref()),
            (*code, Some(*path)),
            "{}: {e}",
            &input[..input.len().min(80)]
        );
        assert!(!e.message.is_empty());
        // The same engine still judges a good incident afterwards.
        let v = engine
            .evaluate_json(r#"{"schemaVersion":"1","actions":[{"consent":{"prior":false}}]}"#)
            .unwrap();
        assert_eq!(v.outcome, Status::Violation);
    }
}

#[test]
fn an_unknown_schema_version_heads_the_problems() {
    let engine = Engine::new().unwrap();
    for input in [
        r#"{"schemaVersion":"2","actions":5}"#,
        r#"{"schemaVersion":"2","zzz":5}"#,
    ] {
        let e = error_of(&engine, input);
        assert_eq!(
            (e.code, e.path.as_deref()),
            (ErrorCode::UnsupportedSchemaVersion, Some("/schemaVersion")),
            "{input}"
        );
    }
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let engine = Engine::new().unwrap();
    let input = json!({"schemaVersion": "1", "bogus": true,
        "actions": [{"consent": {"prior": "yes"}}, {"at": "yesterday", "justification": []}]});
    let e = error_of(&engine, &input.to_string());
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/actions/0/consent/prior",
            "/actions/1/at",
            "/actions/1/justification",
            "/bogus"
        ]
    );
    assert_eq!(engine.validate_json(&input.to_string()).len(), 4);
    assert!(engine.validate_json(r#"{"schemaVersion":"1"}"#).is_empty());
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let mut engine = Engine::new().unwrap();
    engine.set_limits(Limits {
        max_input_bytes: 100,
        ..Limits::default()
    });
    let big = json!({"schemaVersion": "1", "extensions": {"note": "x".repeat(200)}}).to_string();
    assert_eq!(error_of(&engine, &big).code, ErrorCode::LimitExceeded);
}

#[test]
fn bad_config_names_the_key() {
    let cases = [
        (r#"{"minExplanationLength": -1}"#, "/minExplanationLength"),
        (r#"{"minExplanationLength": "20"}"#, "/minExplanationLength"),
        (r#"{"placeholderPhrases": "n/a"}"#, "/placeholderPhrases"),
        (
            r#"{"placeholderPhrases": ["n/a", 3]}"#,
            "/placeholderPhrases/1",
        ),
        (r#"{"minExplanationLenght": 20}"#, "/minExplanationLenght"),
        (r#"[]"#, ""),
        (r#"{"#, ""),
    ];
    for (config, path) in cases {
        let e = Config::with_overrides(config).expect_err(config);
        assert_eq!(
            (e.code, e.path.as_deref()),
            (ErrorCode::InvalidConfig, Some(path)),
            "{config}: {e}"
        );
    }
}

#[test]
fn config_changes_verdicts_and_digest() {
    let strict =
        Engine::with_config(Config::with_overrides(r#"{"minExplanationLength": 200}"#).unwrap())
            .unwrap();
    let default = Engine::new().unwrap();
    assert_ne!(strict.ruleset().digest, default.ruleset().digest);
    let incident = json!({"schemaVersion": "1", "actions": [{"consent": {"prior": false}, "justification": {
        "legal": {"claimed": true, "basis": "a contract clause", "explanation": "The contract allows checks of this kind."},
        "ethical": {"claimed": true, "explanation": "The flaw put customers at real risk."},
        "beneficial": {"claimed": true, "beneficiaries": ["Acme"], "explanation": "Acme learns of the flaw in time to fix it."},
        "minimal": {"claimed": true, "explanation": "One request, nothing read or kept afterwards."}}}]}).to_string();
    assert_eq!(
        default.evaluate_json(&incident).unwrap().outcome,
        Status::Compliant
    );
    let v = strict.evaluate_json(&incident).unwrap();
    assert_eq!(v.outcome, Status::Incomplete);
    assert_eq!(
        v.findings
            .iter()
            .find(|f| f.rule == "B12")
            .unwrap()
            .missing
            .len(),
        4
    );
}

#[test]
fn verdicts_are_deterministic_bytes() {
    let engine = Engine::new().unwrap();
    let incident = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/01-pentest-without-consent.json"
    ))
    .unwrap();
    let a = engine.evaluate_json(&incident).unwrap().to_json();
    let b = engine.clone().evaluate_json(&incident).unwrap().to_json();
    let c = Engine::new()
        .unwrap()
        .evaluate_json(&incident)
        .unwrap()
        .to_json();
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn the_default_configuration_file_names_every_key_the_engine_has() {
    // Tools that read policies/config/default.json as data.conduct.config
    // (OPA, raw regorus) must see the same configuration the engine uses.
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../policies/config/default.json")).unwrap();
    let effective: serde_json::Value = serde_json::from_str(&Config::default().to_json()).unwrap();
    assert_eq!(file, effective);
}
