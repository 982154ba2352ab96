//! conduct-engine: judges incident descriptions against a code of conduct
//! written as Rego rules.
//!
//! The core is plain Rust and knows nothing of JavaScript; `wasm.rs` is the
//! thin face wasm-bindgen exports to browsers and Node.js.
//!
//! ```
//! let engine = conduct_engine::Engine::new().unwrap();
//! let verdict = engine.evaluate_json(r#"{"schemaVersion": "1", "actions": []}"#).unwrap();
//! println!("{}", verdict.to_json());
//! ```

pub mod catalogue;
pub mod config;
mod dates;
pub(crate) mod digest;
pub mod engine;
pub mod error;
pub mod incident;
pub mod limits;
pub mod messages;
pub mod options;
pub mod partner;
pub mod pointer;
pub mod policy_test;
pub mod rego;
pub mod session;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use catalogue::{RuleInfo, RuleKind, Section, Severity};
pub use config::Config;
pub use engine::{Backend, Engine, PolicyFile, Stats};
pub use error::{Error, ErrorCode, Problem, Result};
pub use limits::Limits;
pub use options::{CallOptions, EngineOptions, RuleFilter};
pub use partner::PolicyBundle;
pub use session::Session;
pub use verdict::{Finding, Missing, RulesetInfo, Status, Verdict};
