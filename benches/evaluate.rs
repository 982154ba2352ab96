//! Native evaluation speed, with JSON parsing of the same incident as the
//! baseline measured in the same run (report ratios, not raw times).
//!
//! cargo bench --bench evaluate

use conduct_engine::Engine;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const TYPICAL: &str = include_str!("typical-incident.json");

fn evaluate(c: &mut Criterion) {
    let engine = Engine::new().unwrap();
    let mut g = c.benchmark_group("typical incident (B2, B3, B4, B12)");
    g.bench_function("baseline: serde_json parse", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(TYPICAL)).unwrap())
    });
    g.bench_function("evaluate_json", |b| {
        b.iter(|| engine.evaluate_json(black_box(TYPICAL)).unwrap())
    });
    g.bench_function("evaluate_json + to_json", |b| {
        b.iter(|| engine.evaluate_json(black_box(TYPICAL)).unwrap().to_json())
    });
    g.finish();
    c.bench_function("engine construction (cold)", |b| {
        b.iter(|| Engine::new().unwrap())
    });
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
