//! `Options::portable_not`: refuse the negations that OPA and regorus
//! evaluate differently (docs/rego-portability.md, rule 1), and accept them
//! when it is off.

mod common;

use common::sources;
use conduct_compile::{compile, Extra, Options};

const PORTABLE: Options = Options { portable_not: true };
const LAX: Options = Options {
    portable_not: false,
};

fn translate(rego: &str, options: Options) -> Result<String, conduct_compile::Error> {
    compile(
        &sources(&[("p.rego", rego)]),
        &["data.p.q".to_string()],
        options,
        &Extra::default(),
    )
}

#[test]
fn the_default_is_off() {
    assert!(!Options::default().portable_not);
}

/// Bodies with a negation OPA evaluates differently, the part the error
/// must quote, and the message it must give.
const DIFFERS: &[(&str, &str, &str)] = &[
    // OPA evaluates `x.y` before the `not`.
    ("not is_string(input.x)", "`input.x`", "whose argument"),
    (
        "not lower(input.names[0]) == \"a\"",
        "`lower(input.names[0])`",
        "with the call",
    ),
    // A call nested in the argument.
    (
        "x := input.x\n\tnot is_string(lower(x))",
        "`lower(x)`",
        "whose argument",
    ),
    // A call inside a negated comparison or membership.
    (
        "x := input.x\n\tnot count(x) == 1",
        "`count(x)`",
        "with the call",
    ),
    (
        "x := input.x\n\tnot lower(x) in {\"a\"}",
        "`lower(x)`",
        "with the call",
    ),
    // A call in an index.
    (
        "x := input.x\n\tnot input.m[lower(x)]",
        "`lower(x)`",
        "with the call",
    ),
    // A rule as the argument: OPA evaluates the reference to it first.
    ("not is_string(r)", "`r`", "whose argument"),
    // An operation as the argument.
    (
        "x := input.x\n\tnot is_string(x + 1)",
        "`x + 1`",
        "whose argument",
    ),
    // A composite with a reference in it.
    ("not is_array([1, input.x])", "`input.x`", "whose argument"),
];

/// Negations both engines evaluate alike.
const SAME: &[&str] = &[
    "not r",
    "not input.x == true",
    "not input.m[\"k\"]",
    "x := input.x\n\tnot is_string(x)",
    "x := input.x\n\tnot startswith(x, \"a\")",
    "not is_object(input)",
    "x := input.x\n\tnot is_array([x, 1, {\"k\": x}])",
    "x := input.x\n\tnot [y | some y in x; is_string(lower(y))] == []",
    "x := input.x\n\tnot x in {\"a\"}",
    "xs := [y | some y in input.ys; not is_string(y)]",
];

fn module(body: &str) -> String {
    format!("package p\n\nr := input.r\n\nq if {{\n\t{body}\n}}\n")
}

#[test]
fn portable_not_refuses_what_opa_evaluates_differently_and_says_where() {
    for (body, quoted, message) in DIFFERS {
        let rego = module(body);
        let err = translate(&rego, PORTABLE).expect_err(body);
        let line = rego.lines().position(|l| l.contains("not ")).unwrap() as u32 + 1;
        let loc = err.loc.as_ref().expect("a location");
        assert_eq!((loc.file.as_str(), loc.line), ("p.rego", line), "{body}");
        assert_eq!(err.rule.as_deref(), Some("data.p.q"), "{body}");
        assert!(err.message.contains(quoted), "{body}: {}", err.message);
        assert!(err.message.contains(message), "{body}: {}", err.message);
        assert!(err.message.contains("OPA"), "{body}: {}", err.message);
        // Off, the same Rego translates (with regorus's meaning).
        translate(&rego, LAX).unwrap_or_else(|e| panic!("{body}: {e}"));
    }
}

#[test]
fn portable_not_accepts_negations_that_mean_the_same() {
    for body in SAME {
        let rego = module(body);
        let portable = translate(&rego, PORTABLE).unwrap_or_else(|e| panic!("{body}: {e}"));
        // The option refuses; it never changes the translation.
        assert!(translate(&rego, LAX).unwrap() == portable, "{body}");
    }
}

#[test]
fn portable_not_looks_inside_comprehensions_and_functions() {
    for rego in [
        "package p\nq := [y | some y in input.ys; not is_string(y.name)]\n",
        "package p\nq := f(input)\nf(x) := 1 if not is_string(x.name)\n",
    ] {
        let err = translate(rego, PORTABLE).expect_err(rego);
        assert!(err.message.contains("`y.name`") || err.message.contains("`x.name`"));
        assert!(translate(rego, LAX).is_ok());
    }
}
