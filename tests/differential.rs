//! The VM must judge exactly as the interpreter does: every example and
//! 10,000 generated incidents give byte-identical verdicts on both.

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
fn vm_and_interpreter_agree() {
    let vm = Engine::new().unwrap();
    assert_eq!(
        vm.backend(),
        Backend::Vm,
        "the built-in rule set must run on the VM"
    );
    let interpreter = vm.clone().on_interpreter();
    // The same policies compiled now rather than by build.rs.
    let files = conduct_engine::engine::BUILTIN_POLICIES
        .iter()
        .map(|(p, s)| conduct_engine::PolicyFile {
            path: p.to_string(),
            source: s.to_string(),
        })
        .collect();
    let compiled_now = Engine::from_policies(
        files,
        conduct_engine::messages::Messages::built_in().unwrap(),
        Default::default(),
    )
    .unwrap();
    assert_eq!(compiled_now.backend(), Backend::Vm);
    assert_eq!(compiled_now.ruleset(), vm.ruleset());
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
        let a = vm.evaluate_json(input).map(|v| v.to_json());
        let b = interpreter.evaluate_json(input).map(|v| v.to_json());
        assert_eq!(a, b, "VM and interpreter disagree on {input}");
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
fn the_instruction_budget_stops_evaluation_and_the_engine_recovers() {
    let incident = include_str!("../benches/typical-incident.json");
    let mut engine = Engine::new().unwrap();
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
