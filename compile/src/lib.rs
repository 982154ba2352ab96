//! conduct-compile: translates conduct-engine's Rego catalogue into Rust, at
//! build time.
//!
//! ```text
//! Rego files ──front──▶ regorus AST, indexed by rule path
//!            ──plan───▶ IR: one function per rule and Rego function, names
//!                       resolved, bodies as blocks of statements (ir.rs)
//!            ──emit───▶ Rust source, include!d by src/run/compiled.rs
//! ```
//!
//! The output runs on the runtime in `src/run/` (values with regorus's
//! semantics, its builtins). The translator accepts a subset of Rego and
//! refuses everything else with the file, line, rule and construct named;
//! there is no fallback for a rule it cannot translate.

mod emit;
mod front;
pub mod ir;
mod plan;

pub use emit::{const_name, Extra};
pub use plan::Options;

use std::fmt;

/// Why the Rego could not be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub loc: Option<ir::Loc>,
    /// The rule or function being translated, `data.<package>.<name>`.
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.loc {
            write!(f, "{loc}: ")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, "in {rule}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Plans `sources` (`(path, text)` pairs) from `entries` (rule paths such
/// as `data.conduct.rules.b12.findings`): the IR, for tests and tools.
pub fn plan(
    sources: &[(String, String)],
    entries: &[String],
    options: Options,
) -> Result<ir::Program, Error> {
    let index = front::index(sources)?;
    plan::plan(&index, entries, options)
}

/// Translates `sources` into Rust: every rule and function the `entries`
/// reach, and record shapes for `extra`'s key sets.
pub fn compile(
    sources: &[(String, String)],
    entries: &[String],
    options: Options,
    extra: &Extra,
) -> Result<String, Error> {
    let program = plan(sources, entries, options)?;
    Ok(emit::emit(&program, sources, extra))
}
