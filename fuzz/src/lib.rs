//! Checks shared by the fuzz targets: what must hold of every error and
//! every verdict, whatever the input.

use conduct_engine::{Engine, Error, Problem, Verdict};

/// The six error codes the README documents.
pub const CODES: [&str; 6] = [
    "invalid_json",
    "invalid_incident",
    "unsupported_schema_version",
    "invalid_config",
    "limit_exceeded",
    "policy_error",
];

thread_local! {
    /// One engine per fuzzing process (libFuzzer runs inputs on one thread),
    /// so that state leaking between evaluations would surface.
    pub static ENGINE: Engine = Engine::new().expect("the built-in rule set loads");
}

/// A JSON Pointer, or "" for the whole input.
fn is_pointer(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    if !path.starts_with('/') {
        return false;
    }
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return false;
        }
    }
    true
}

pub fn check_problem(p: &Problem) {
    let code = p.code.as_str();
    assert!(!code.is_empty() && CODES.contains(&code), "code {code:?}");
    assert!(
        !p.message.is_empty(),
        "{code} at {:?} without a message",
        p.path
    );
    assert!(
        is_pointer(&p.path),
        "{code}: path {:?} is not a JSON Pointer",
        p.path
    );
}

pub fn check_error(e: &Error) {
    let code = e.code.as_str();
    assert!(!code.is_empty() && CODES.contains(&code), "code {code:?}");
    assert!(!e.message.is_empty(), "{code} without a message");
    if let Some(path) = &e.path {
        assert!(
            is_pointer(path),
            "{code}: path {path:?} is not a JSON Pointer"
        );
    }
    for p in &e.problems {
        check_problem(p);
    }
}

/// The outcome is the worst finding; every message is rendered; `to_json`
/// gives the same bytes twice.
pub fn check_verdict(v: &Verdict) -> String {
    let worst = v.findings.iter().map(|f| f.status).max();
    assert_eq!(Some(v.outcome), worst, "outcome is not the worst finding");
    for f in &v.findings {
        assert!(
            !f.message.is_empty(),
            "{} at {:?}: no message",
            f.rule,
            f.subject
        );
        assert!(
            is_pointer(&f.subject),
            "{}: subject {:?}",
            f.rule,
            f.subject
        );
        for m in &f.missing {
            assert!(is_pointer(&m.path), "{}: missing path {:?}", f.rule, m.path);
        }
    }
    let json = v.to_json();
    assert_eq!(json, v.to_json(), "to_json is not stable");
    json
}
