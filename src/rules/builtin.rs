//! The built-in rule set as build.rs prepared it: its catalogue as data
//! (read from the policies' METADATA at build time), the hashes of its
//! policies and messages for the digest and, with the `rego` feature, its
//! Rego sources and their VM bytecode.

use crate::rules::catalogue::{RuleInfo, RuleKind, Section, Severity};

// `FILES_HASH`, `MESSAGES_HASH` and `catalogue()`, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in policy files, embedded (non-test `.rego` under `policies/`).
#[cfg(feature = "rego")]
pub const POLICIES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// The built-in rule set compiled to regorus VM bytecode by build.rs.
#[cfg(feature = "rego")]
pub const PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.rvm"));
