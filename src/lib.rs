//! conduct-engine: judges incident descriptions against a code of conduct
//! written as Rego rules.
//!
//! The built-in rules are translated from their Rego into Rust when the
//! crate is built (`compile/`, called by `build.rs`), so judging an incident
//! needs no Rego runtime. The `rego` feature (on by default) adds one,
//! regorus: partners' own rules, plain Rego evaluation, and the VM and
//! interpreter that the compiled rules are tested against.
//!
//! The code follows the data:
//!
//! - `model`: the incident (its shape, validation, limits, JSON Pointers);
//! - `rules`: the catalogue, its configuration and its messages;
//! - `run`: the compiled rules and the values they compute with;
//! - `render`: findings to verdicts;
//! - `engine`, `session`: evaluation, whole and incremental;
//! - `rego` (feature `rego`): partner rules and the regorus backends;
//! - `wasm` (wasm32): the thin JavaScript face.
//!
//! ```
//! let engine = conduct_engine::Engine::new().unwrap();
//! let verdict = engine.evaluate_json(r#"{"schemaVersion": "1", "actions": []}"#).unwrap();
//! println!("{}", verdict.to_json());
//! ```

pub mod engine;
pub mod error;
pub mod model;
pub mod options;
#[cfg(feature = "rego")]
pub mod rego;
pub mod render;
pub mod rules;
pub mod run;
pub mod session;

// The default npm entry (wasm-bindgen), and the partner-rules build.
#[cfg(all(target_os = "wasi", feature = "rego"))]
mod sandbox;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod wasm;

pub use engine::{Engine, Stats};
pub use error::{Error, ErrorCode, Problem, Result};
pub use model::limits::Limits;
pub use options::{Backend, CallOptions, EngineOptions, RuleFilter};
#[cfg(feature = "rego")]
pub use rego::{partner::PolicyBundle, PolicyFile};
pub use render::verdict::{Finding, Missing, RulesetInfo, Status, Verdict};
pub use rules::catalogue::{RuleInfo, RuleKind, Section, Severity};
pub use rules::config::Config;
pub use session::Session;
