//! The names the generated Rust gives rules, functions and field ids are
//! unique: two Rego names that spell the same in Rust must not produce two
//! definitions of one Rust item (which rustc would report far from the
//! Rego that caused it).

mod common;

use common::rust;
use conduct_compile::const_name;
use std::collections::BTreeSet;

/// The names of the functions the module defines at its top level, in
/// order.
fn functions(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| l.strip_prefix("fn "))
        .map(|l| l.split(['(', '<']).next().unwrap().to_string())
        .collect()
}

fn assert_unique(names: &[String]) {
    let set: BTreeSet<&String> = names.iter().collect();
    assert_eq!(set.len(), names.len(), "a name is defined twice: {names:?}");
}

#[test]
fn rules_and_functions_whose_paths_spell_alike_get_distinct_functions() {
    let p = "package p\n\
             a_b := 1\n\
             r := 2\n\
             r_eval := 3\n\
             f_g(x) := x\n\
             q := [a_b, a.b, r, r_eval, f_g(1), f.g(2)]\n";
    let a = "package p.a\nb := 4\n";
    let f = "package p.f\ng(x) := x\n";
    let code = rust(
        &[("p.rego", p), ("a.rego", a), ("f.rego", f)],
        &["data.p.q"],
    )
    .unwrap();
    let names = functions(&code);
    // Each rule has a function and its `_eval`; each Rego function one.
    assert_eq!(names.len(), 2 * 5 + 2, "{names:?}");
    assert_unique(&names);
    // Each calls the one it means: five distinct rules, two functions.
    let called = called(&code);
    for name in &names {
        if !name.ends_with("_eval") && name != "rule_p_q" {
            assert!(called.contains(name), "{name} is never called: {called:?}");
        }
    }
}

/// The generated functions called somewhere (`rule_…(`, `fn_…(`).
fn called(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices('(') {
        let before = &code[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &before[start..];
        let is_definition = before[..start].ends_with("fn ");
        if (name.starts_with("rule_") || name.starts_with("fn_")) && !is_definition {
            out.insert(name.to_string());
        }
    }
    out
}

#[test]
fn field_names_that_differ_in_case_get_distinct_ids() {
    let fields = [
        "ab", "AB", "Ab", "aB", "a_b", "aBC", "aBc", "a1B", "x-y", "xY",
    ];
    let reads: Vec<String> = fields.iter().map(|f| format!("input[{f:?}]")).collect();
    let rego = format!("package p\nq := [{}]\n", reads.join(", "));
    let code = rust(&[("p.rego", &rego)], &["data.p.q"]).unwrap();
    let module = code
        .split("pub mod f {")
        .nth(1)
        .and_then(|m| m.split("\n}\n").next())
        .expect("the module of field ids");
    let ids: Vec<String> = module
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), fields.len(), "{ids:?}");
    assert_unique(&ids);
}

#[test]
fn plain_field_names_keep_readable_ids() {
    // The engine names these ids in its own code (`f::ID`, `f::STATUS`).
    assert_eq!(const_name("id"), "ID");
    assert_eq!(const_name("status"), "STATUS");
    assert_eq!(const_name("partiesNotifiedAt"), "PARTIES_NOTIFIED_AT");
    assert_eq!(const_name("a1B"), "A1_B");
    assert_eq!(const_name("1a"), "_1A");
    // Names the upper-casing cannot give back are marked.
    for lossy in ["AB", "Ab", "a_b", "aBC", "x-y", "_x", "a__b"] {
        let id = const_name(lossy);
        assert!(
            id.len() > 9 && id.as_bytes()[id.len() - 9] == b'_',
            "{lossy}: {id}"
        );
    }
}
