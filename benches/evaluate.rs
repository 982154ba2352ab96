//! Native evaluation speed, with JSON parsing of the same incident as the
//! baseline measured in the same run (report ratios, not raw times), and the
//! cost of each rule family so the slowest rules are visible.
//!
//! The compiled catalogue (what the default npm entry runs) and the same
//! catalogue's Rego on regorus's VM (`Engine::on_vm`, what
//! `new ConductEngine({ backend: 'vm' })` runs in `conduct-engine/rego`) are
//! measured side by side in the same run: benchmarks named `vm: …` are the
//! VM's twin of the one without the prefix.
//!
//! cargo bench --bench evaluate

use conduct_engine::{Config, Engine};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const TYPICAL: &str = include_str!("typical-incident.json");
const RICH: &str = include_str!("../examples/08-auditor-supplier-dispute.json");

/// Rule families, by rule id.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "P1-P4 (judgement, agreements, advice accuracy)",
        &["P1", "P2", "P3", "P4"],
    ),
    (
        "P5-P8 (advice completeness, promises, objectivity, requests)",
        &["P5", "P6", "P7", "P8"],
    ),
    (
        "B2-B4 (qualified, conflicts, confidentiality)",
        &["B2", "B3", "B4"],
    ),
    (
        "B5-B7, B11 (risk, damage, skills, deficiencies)",
        &["B5", "B6", "B7", "B11"],
    ),
    ("B12 (acting without consent)", &["B12"]),
];

/// The built-in catalogue, compiled, with only the checkable rules in `on`
/// switched on (the others do not run).
fn engine_with_only(checkable: &[String], on: &[&str]) -> Engine {
    let off: serde_json::Map<String, serde_json::Value> = checkable
        .iter()
        .filter(|id| !on.contains(&id.as_str()))
        .map(|id| (id.clone(), serde_json::json!({ "enabled": false })))
        .collect();
    let config = serde_json::json!({ "rules": off }).to_string();
    Engine::with_config(Config::with_overrides(&config).unwrap()).unwrap()
}

fn evaluate(c: &mut Criterion) {
    let engine = Engine::new().unwrap();
    // The same catalogue's Rego on regorus's VM, from build.rs's bytecode.
    let vm = Engine::new().unwrap().on_vm();
    let mut g = c.benchmark_group("typical incident, full catalogue");
    g.bench_function("baseline: serde_json parse", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(TYPICAL)).unwrap())
    });
    g.bench_function("evaluate_json + to_json", |b| {
        b.iter(|| engine.evaluate_json(black_box(TYPICAL)).unwrap().to_json())
    });
    g.bench_function("vm: evaluate_json + to_json", |b| {
        b.iter(|| vm.evaluate_json(black_box(TYPICAL)).unwrap().to_json())
    });
    // The path the JavaScript face takes: text in, text out, no Verdict.
    let call = conduct_engine::CallOptions::default();
    g.bench_function("evaluate_to_json", |b| {
        b.iter(|| engine.evaluate_to_json(black_box(TYPICAL), &call).unwrap())
    });
    g.bench_function("vm: evaluate_to_json", |b| {
        b.iter(|| vm.evaluate_to_json(black_box(TYPICAL), &call).unwrap())
    });
    // Each step of `evaluate_json + to_json` on its own.
    let limits = conduct_engine::Limits::default();
    g.bench_function("step: read and validate", |b| {
        b.iter(|| conduct_engine::model::read::incident(black_box(TYPICAL), &limits).unwrap())
    });
    let value = conduct_engine::model::read::incident(TYPICAL, &limits).unwrap();
    g.bench_function("step: run the rules", |b| {
        b.iter(|| engine.bench_run_rules(black_box(&value)).unwrap())
    });
    let produced = engine.bench_run_rules(&value).unwrap();
    g.bench_function("step: render findings", |b| {
        b.iter(|| engine.bench_render(&value, black_box(&produced)).unwrap())
    });
    let verdict = engine.evaluate_json(TYPICAL).unwrap();
    g.bench_function("step: write the verdict JSON", |b| {
        b.iter(|| black_box(&verdict).to_json())
    });
    // What labels add to an evaluation: looking up the label of every gap
    // the verdict names (the JSON writer does this once per gap).
    let labels = conduct_engine::rules::labels::Labels::default();
    let gaps: Vec<(&str, &str)> = verdict
        .findings
        .iter()
        .flat_map(|f| &f.missing)
        .map(|m| (m.element.as_str(), m.path.as_str()))
        .collect();
    g.bench_function("step: label every gap", |b| {
        b.iter(|| {
            let nl = labels.locale(black_box("nl"));
            black_box(&gaps)
                .iter()
                .map(|(element, path)| nl.gap(element, path).len())
                .sum::<usize>()
        })
    });
    g.bench_function("evaluate_json + to_json (rich incident)", |b| {
        b.iter(|| engine.evaluate_json(black_box(RICH)).unwrap().to_json())
    });
    g.finish();

    // A form editing one justification field: only B12 re-runs. The field
    // alternates between two texts, so that every update changes it. With
    // `to_json`, like the full evaluation it compares with.
    let mut g = c.benchmark_group("session (typical incident)");
    let texts = [
        "\"n/a\"",
        "\"The published policy invites testing of this form.\"",
    ];
    for (name, on) in [
        ("update one justification field + to_json", &engine),
        ("vm: update one justification field + to_json", &vm),
    ] {
        let mut session = on.session(TYPICAL).unwrap();
        let mut turn = 0;
        g.bench_function(name, |b| {
            b.iter(|| {
                turn ^= 1;
                session
                    .update_json(
                        "/actions/0/justification/legal/explanation",
                        black_box(texts[turn]),
                    )
                    .unwrap()
                    .to_json()
            })
        });
    }
    g.finish();

    // Each rule alone (the others switched off, so they do not run).
    let mut g = c.benchmark_group("per rule (typical incident)");
    let ids: Vec<String> = engine
        .rules()
        .into_iter()
        .filter(|r| r.kind == conduct_engine::RuleKind::Checkable)
        .map(|r| r.id)
        .collect();
    for id in &ids {
        let alone = engine_with_only(&ids, &[id.as_str()]);
        g.bench_function(id.as_str(), |b| {
            b.iter(|| alone.evaluate_json(black_box(TYPICAL)).unwrap())
        });
    }
    g.finish();

    // Each family alone, compiled and on the VM.
    let mut g = c.benchmark_group("per rule family (rich incident)");
    for (name, family) in FAMILIES {
        let compiled = engine_with_only(&ids, family);
        g.bench_function(*name, |b| {
            b.iter(|| compiled.evaluate_json(black_box(RICH)).unwrap())
        });
        let on_vm = compiled.on_vm();
        g.bench_function(format!("vm: {name}"), |b| {
            b.iter(|| on_vm.evaluate_json(black_box(RICH)).unwrap())
        });
    }
    g.finish();

    c.bench_function("engine construction", |b| b.iter(|| Engine::new().unwrap()));
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
