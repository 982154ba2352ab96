//! The harness of the table-driven rule cases (`tests/rules*.rs`): each
//! case is an incident and the exact findings one rule must give for it
//! (subject, status, and the JSON Pointers of the missing or failing
//! elements, in order). Messages must be rendered, never bare keys.
//!
//! Every case also checks the other ways to the same verdict: regorus's VM
//! and interpreter must agree with the compiled catalogue byte for byte, and
//! a session walked field by field from the previous case's incident to
//! this one must agree with a full evaluation after every change. And every
//! message of every finding, and the label of every gap, in English and in
//! Dutch, must read as words: no placeholder left unfilled, no field name
//! (camelCase, or in Dutch any raw field or element name), no JSON value,
//! no "day(s)" hedge; and each gap's label is its field's in the label
//! catalogue.

#![allow(dead_code)] // each test file uses part of it

pub mod generate;

use conduct_engine::{Engine, Status, Verdict};
use serde_json::Value;

pub struct Case {
    pub name: &'static str,
    pub incident: Value,
    pub rule: &'static str,
    /// (subject, status, missing paths in order)
    pub expect: Vec<(&'static str, Status, Vec<&'static str>)>,
}

pub fn run(cases: Vec<Case>) {
    run_on(&Engine::new().unwrap(), cases)
}

pub fn run_on(engine: &Engine, cases: Vec<Case>) {
    let vm = engine.clone().on_vm();
    let interpreter = engine.clone().on_interpreter();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut previous = serde_json::json!({"schemaVersion": "1"});
    for case in &cases {
        let text = case.incident.to_string();
        let compiled = engine.evaluate_json(&text).map(|v| v.to_json());
        assert_eq!(
            compiled,
            engine.evaluate_to_json(&text, &Default::default()),
            "{}: the verdict written straight to JSON differs from the Verdict's JSON",
            case.name
        );
        assert_eq!(
            compiled,
            interpreter.evaluate_json(&text).map(|v| v.to_json()),
            "{}: the compiled catalogue and the interpreter disagree",
            case.name
        );
        assert_eq!(
            compiled,
            vm.evaluate_json(&text).map(|v| v.to_json()),
            "{}: the compiled catalogue and the VM disagree",
            case.name
        );
        if engine.evaluate_json(&text).is_ok() {
            walk_session(engine, &previous, &case.incident);
            previous = case.incident.clone();
            for locale in LOCALES {
                let verdict = engine.evaluate_json_in(&text, locale).unwrap();
                for text in messages(&verdict) {
                    checked += 1;
                    if let Some(why) = unreadable(locale, text) {
                        failures.push(format!("{} ({locale}): {why}: {text}", case.name));
                    }
                }
                let labels = engine.labels(locale).unwrap();
                for m in verdict.findings.iter().flat_map(|f| &f.missing) {
                    checked += 1;
                    let want = labels.get(&pattern(&m.path));
                    if want != Some(&m.label) {
                        failures.push(format!(
                            "{} ({locale}): the gap at {} is labelled \"{}\", not the label of its field ({want:?})",
                            case.name, m.path, m.label
                        ));
                    }
                    if let Some(why) = unreadable(locale, &m.label) {
                        failures.push(format!(
                            "{} ({locale}): label {why}: {}",
                            case.name, m.label
                        ));
                    }
                }
            }
        }
        let verdict: Verdict = match engine.evaluate_json(&case.incident.to_string()) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: error {e}", case.name));
                continue;
            }
        };
        let got: Vec<(String, Status, Vec<String>)> = verdict
            .findings
            .iter()
            .filter(|f| f.rule == case.rule)
            .map(|f| {
                assert!(
                    !f.message.is_empty() && !f.message.starts_with(case.rule),
                    "{}: message key not rendered: {}",
                    case.name,
                    f.message
                );
                for m in &f.missing {
                    assert!(
                        !m.message.contains("{") && !m.message.starts_with(case.rule),
                        "{}: {}",
                        case.name,
                        m.message
                    );
                }
                (
                    f.subject.clone(),
                    f.status,
                    f.missing.iter().map(|m| m.path.clone()).collect(),
                )
            })
            .collect();
        let want: Vec<(String, Status, Vec<String>)> = case
            .expect
            .iter()
            .map(|(s, st, m)| {
                (
                    s.to_string(),
                    *st,
                    m.iter().map(|p| p.to_string()).collect(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{}:\n   want {want:?}\n    got {got:?}", case.name));
        }
        let worst = verdict.findings.iter().map(|f| f.status).max().unwrap();
        assert_eq!(
            verdict.outcome, worst,
            "{}: outcome is the worst status",
            case.name
        );
    }
    eprintln!(
        "{} cases; {checked} messages and labels read in {}",
        cases.len(),
        LOCALES.join(" and ")
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The built-in locales, each checked on every case.
pub const LOCALES: [&str; 2] = ["en", "nl"];

/// Every message of a verdict: each finding's and each of its gaps'.
pub fn messages(verdict: &Verdict) -> Vec<&str> {
    verdict
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.message).chain(f.missing.iter().map(|m| &m.message)))
        .map(String::as_str)
        .collect()
}

/// The pointer pattern of a JSON Pointer into an incident: each array
/// index written `*`, as the label catalogues key their fields.
pub fn pattern(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|t| {
            if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                t
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The one-word field names of the incident model (`honoured`, `owner`,
/// `prior`…): English words, which in a Dutch text are raw identifiers.
fn field_words() -> &'static std::collections::BTreeSet<String> {
    static WORDS: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        Engine::new()
            .unwrap()
            .labels("en")
            .unwrap()
            .keys()
            .filter(|k| k.starts_with('/'))
            .flat_map(|k| k.split('/').map(str::to_string).collect::<Vec<_>>())
            .filter(|t| t.len() > 1 && t.chars().all(|c| c.is_ascii_lowercase()))
            .collect()
    })
}

/// Why a message (or a label) does not read as words in `locale`, if it
/// does not: a placeholder left unfilled, a plural hedge, a message key, an
/// identifier (camelCase, snake_case, a JSON value), or in Dutch a raw
/// element or field name or an English status word.
pub fn unreadable(locale: &str, text: &str) -> Option<String> {
    if text.contains('{') || text.contains('}') {
        return Some("a placeholder left unfilled".into());
    }
    if text.contains("(s)") || text.contains("(en)") {
        return Some("a plural hedge".into());
    }
    if let Some(word) = text
        .split(|c: char| c.is_whitespace() || c == '"' || c == ',' || c == '(' || c == ')')
        .find(|w| w.contains('_'))
    {
        return Some(format!("an identifier ({word})"));
    }
    if let Some(key) = text.split_whitespace().next().filter(|w| {
        w.len() > 2 && w.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) && w.contains('.')
    }) {
        return Some(format!("a message key ({key})"));
    }
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
        let camel = word
            .chars()
            .zip(word.chars().skip(1))
            .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
        if camel {
            return Some(format!("a field name ({word})"));
        }
        if ["true", "false", "null"].contains(&word) {
            return Some(format!("a JSON value ({word})"));
        }
        // The four elements of B12 are English words; in Dutch they are
        // raw element names. So are the model's one-word field names, and
        // English status words.
        if locale == "nl"
            && ["legal", "ethical", "beneficial", "minimal", "evidence"].contains(&word)
        {
            return Some(format!("an element name ({word})"));
        }
        if locale == "nl" && field_words().contains(word) {
            return Some(format!("a field name ({word})"));
        }
        if locale == "nl" && ["violation", "incomplete", "compliant", "applicable"].contains(&word)
        {
            return Some(format!("an English status word ({word})"));
        }
    }
    None
}

/// One change a session can make.
pub enum Change {
    Set(String, Value),
    Remove(String),
}

/// The changes, one field at a time, that turn `from` into `to`.
pub fn changes(from: &Value, to: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    diff(from, to, String::new(), &mut out);
    out
}

fn diff(from: &Value, to: &Value, at: String, out: &mut Vec<Change>) {
    let child = |key: &str| format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().filter(|k| !b.contains_key(*k)) {
                out.push(Change::Remove(child(key)));
            }
            for (key, value) in b {
                match a.get(key) {
                    Some(old) => diff(old, value, child(key), out),
                    None => out.push(Change::Set(child(key), value.clone())),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (old, new)) in a.iter().zip(b).enumerate() {
                diff(old, new, format!("{at}/{i}"), out);
            }
            for value in b.iter().skip(a.len()) {
                out.push(Change::Set(format!("{at}/-"), value.clone()));
            }
            for i in (b.len()..a.len()).rev() {
                out.push(Change::Remove(format!("{at}/{i}")));
            }
        }
        _ if from != to => out.push(Change::Set(at, to.clone())),
        _ => {}
    }
}

/// Opens a session on `from` and changes it field by field into `to`,
/// asserting after every change that the session's verdict is a full
/// evaluation's, and that a refused change leaves the session as it was.
/// Returns how many changes were made and how many rule runs they needed.
pub fn walk_session(engine: &Engine, from: &Value, to: &Value) -> (usize, usize) {
    let mut session = engine.session(&from.to_string()).unwrap();
    let (mut made, mut reruns) = (0, 0);
    for change in changes(from, to) {
        let before = session.verdict().to_json();
        let (at, result) = match &change {
            Change::Set(at, value) => (at, session.update_json(at, &value.to_string())),
            Change::Remove(at) => (at, session.remove(at)),
        };
        let current = session.incident();
        let full = engine.evaluate(&current).unwrap().to_json();
        // The findings a session keeps as JSON, and the size it keeps count
        // of, are those of the incident as it stands.
        let text = session.incident_json();
        assert_eq!(session.incident_bytes(), text.len(), "after changing {at}");
        assert_eq!(
            session.verdict_json(),
            engine
                .evaluate_to_json(&text, &conduct_engine::CallOptions::default())
                .unwrap(),
            "the session's verdict JSON after changing {at}"
        );
        match result {
            Ok(verdict) => {
                made += 1;
                reruns += session.last_rerun().len();
                assert_eq!(
                    verdict.to_json(),
                    full,
                    "the session's verdict after changing {at} (rules re-run: {:?}) differs from a full evaluation of {}",
                    session.last_rerun(),
                    current
                );
            }
            Err(_) => assert_eq!(before, full, "a refused change at {at} changed the session"),
        }
    }
    let end = engine.evaluate_json(&to.to_string()).unwrap().to_json();
    assert_eq!(
        session.verdict().to_json(),
        end,
        "the walk did not reach {to}"
    );
    (made, reruns)
}
