//! The compiled catalogue must judge exactly as regorus does, on its VM and
//! on its interpreter: every example and 10,000 generated incidents give
//! byte-identical verdicts on all three (and on bytecode compiled at load
//! time rather than by build.rs).

use conduct_engine::{Backend, Engine, ErrorCode, Limits};
use serde_json::Value;

mod common;

use common::generate::{incident, Gen};

// 10,000 incidents through the interpreter take minutes in a debug build:
// `make test` runs this test in release.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds; make test runs it with --release"
)]
fn compiled_vm_and_interpreter_agree() {
    let compiled = Engine::new().unwrap();
    assert_eq!(
        compiled.backend(),
        Backend::Compiled,
        "the built-in rule set must run compiled"
    );
    let vm = compiled.clone().on_vm();
    assert_eq!(vm.backend(), Backend::Vm);
    let interpreter = compiled.clone().on_interpreter();
    // The same policies compiled now rather than by build.rs.
    let files = conduct_engine::rules::builtin::POLICIES
        .iter()
        .map(|(p, s)| conduct_engine::PolicyFile {
            path: p.to_string(),
            source: s.to_string(),
        })
        .collect();
    let compiled_now = Engine::from_policies(
        files,
        conduct_engine::rules::messages::Messages::built_in().unwrap(),
        Default::default(),
    )
    .unwrap();
    assert_eq!(compiled_now.backend(), Backend::Vm);
    assert_eq!(compiled_now.ruleset(), compiled.ruleset());
    assert_eq!(interpreter.backend(), Backend::Interpreter);

    let mut inputs: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
    let mut g = Gen(0x9E37_79B9_7F4A_7C15);
    inputs.extend((0..10_000).map(|_| incident(&mut g).to_string()));

    let mut statuses = std::collections::BTreeMap::new();
    for input in &inputs {
        let a = compiled.evaluate_json(input).map(|v| v.to_json());
        assert_eq!(
            a,
            compiled.evaluate_to_json(input, &Default::default()),
            "the verdict written straight to JSON differs on {input}"
        );
        let nl = conduct_engine::CallOptions {
            locale: Some("nl".into()),
        };
        assert_eq!(
            compiled.evaluate_json_in(input, "nl").map(|v| v.to_json()),
            compiled.evaluate_to_json(input, &nl),
            "the Dutch verdict written straight to JSON differs on {input}"
        );
        let b = interpreter.evaluate_json(input).map(|v| v.to_json());
        assert_eq!(
            a, b,
            "the compiled catalogue and the interpreter disagree on {input}"
        );
        assert_eq!(
            a,
            vm.evaluate_json(input).map(|v| v.to_json()),
            "the compiled catalogue and the VM disagree on {input}"
        );
        assert_eq!(
            a,
            compiled_now.evaluate_json(input).map(|v| v.to_json()),
            "build-time and load-time bytecode disagree on {input}"
        );
        let v = a.unwrap_or_else(|e| panic!("{e} for {input}"));
        let outcome: Value = serde_json::from_str(&v).unwrap();
        *statuses
            .entry(outcome["outcome"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    // The generator must reach every outcome, or it tests too little.
    assert_eq!(statuses.len(), 4, "outcomes reached: {statuses:?}");
}

#[test]
fn every_checkable_rule_is_compiled() {
    let engine = Engine::new().unwrap();
    let checkable: Vec<String> = engine
        .rules()
        .iter()
        .filter(|r| r.kind == conduct_engine::RuleKind::Checkable)
        .map(|r| format!("data.{}.findings", r.package))
        .collect();
    let compiled: Vec<String> = conduct_engine::run::compiled::ENTRIES
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(compiled, checkable);
    for rule in engine
        .rules()
        .iter()
        .filter(|r| r.kind == conduct_engine::RuleKind::Checkable)
    {
        assert!(
            conduct_engine::run::compiled::entry(&rule.package).is_some(),
            "{} is not compiled",
            rule.id
        );
    }
}

#[test]
fn the_instruction_budget_stops_the_vm_and_the_engine_recovers() {
    let incident = include_str!("../benches/typical-incident.json");
    let mut engine = Engine::new().unwrap().on_vm();
    let expected = engine.evaluate_json(incident).unwrap().to_json();
    engine.set_limits(Limits {
        max_instructions: 200,
        ..Limits::default()
    });
    let e = engine.evaluate_json(incident).unwrap_err();
    assert_eq!(e.code, ErrorCode::LimitExceeded, "{e}");
    engine.set_limits(Limits::default());
    assert_eq!(engine.evaluate_json(incident).unwrap().to_json(), expected);
}
