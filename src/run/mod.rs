//! Running the built-in rules: the catalogue translated into Rust at build
//! time (`compiled`), the values it computes with (`value`), and what the
//! generated code calls (`rt`, `builtins`).

pub mod builtins;
pub mod compiled;
pub mod rt;
pub mod value;
