//! The built-in rule set as build.rs prepared it: its catalogue as data
//! (read from the policies' METADATA at build time), its labels as sorted
//! tables, the hashes of its policies, messages and labels for the digest
//! and, with the `rego` feature, its Rego sources and their VM bytecode.

use crate::rules::catalogue::{RuleInfo, RuleKind, Section, Severity};

// `FILES_HASH`, `MESSAGES_HASH`, `LABELS_HASH`, `LABELS` and `CATALOGUE`,
// written by build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// One catalogue entry as build.rs writes it.
struct Entry {
    id: &'static str,
    slug: &'static str,
    title: &'static str,
    section: Section,
    clause: &'static str,
    severity: Severity,
    kind: RuleKind,
    inputs: &'static [&'static str],
    explanation: &'static str,
    package: &'static str,
}

/// The built-in catalogue, in clause order.
pub(crate) fn catalogue() -> Vec<RuleInfo> {
    CATALOGUE
        .iter()
        .map(|e| RuleInfo {
            id: e.id.into(),
            slug: e.slug.into(),
            title: e.title.into(),
            section: e.section,
            clause: e.clause.into(),
            severity: e.severity,
            kind: e.kind,
            inputs: e.inputs.iter().map(|i| i.to_string()).collect(),
            explanation: e.explanation.into(),
            enabled: true,
            package: e.package.into(),
        })
        .collect()
}

/// The built-in policy files, embedded (non-test `.rego` under `policies/`).
#[cfg(feature = "rego")]
pub const POLICIES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// The built-in rule set compiled to regorus VM bytecode by build.rs.
#[cfg(feature = "rego")]
pub const PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.rvm"));
