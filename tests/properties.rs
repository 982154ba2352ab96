//! Property tests (proptest): whatever the input, the engine answers with a
//! verdict or a typed error, never a panic; every error carries one of the
//! six documented codes and JSON Pointers that locate the problem in the
//! input; a valid incident always gives the same verdict bytes, on the same
//! engine, a clone and a fresh one, and its outcome is its worst finding.
//!
//! 256 cases per property by default; `PROPTEST_CASES=5000 cargo test
//! --release --test properties` searches harder.

use conduct_engine::model::incident::{Shape, INCIDENT};
use conduct_engine::{Engine, Error, ErrorCode, Problem, Status, Verdict};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};

/// The six codes the README documents, as the strings callers see.
const CODES: [&str; 6] = [
    "invalid_json",
    "invalid_incident",
    "unsupported_schema_version",
    "invalid_config",
    "limit_exceeded",
    "policy_error",
];

thread_local! {
    /// One engine for every case of a test, so that state leaking from one
    /// evaluation into the next would show as a difference from a fresh one.
    static ENGINE: Engine = Engine::new().unwrap();
}

// ---------------------------------------------------------------------------
// Arbitrary JSON

/// Every field name of the incident model (read off its declaration), so
/// that arbitrary objects often reach past the first unknown key into deeper
/// validation.
fn field_names() -> Vec<&'static str> {
    fn walk(shape: &'static Shape, out: &mut Vec<&'static str>) {
        match shape {
            Shape::Array(item) => walk(item, out),
            Shape::Object(fields) => {
                for f in fields.iter() {
                    if !out.contains(&f.name) {
                        out.push(f.name);
                    }
                    walk(&f.shape, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&INCIDENT, &mut out);
    out
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ._-]{0,12}",
        2 => "\\PC{0,24}",
        1 => "[/~01a]{0,6}",
        1 => select(&["", "1", "2", "n/a", "see above", "public", "secret", "none",
            "2026-11-20", "2026-02-30", "2026-11-20T10:00:00Z", "2026-11-20T25:00", "9999-99-99",
            "0000-01-01", "self", "Acme"][..]).prop_map(str::to_string),
    ]
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(field_names()).prop_map(str::to_string),
        1 => text(),
    ]
    .boxed()
}

fn json_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        text().prop_map(Value::from),
    ]
    .boxed()
}

/// Any JSON value, at most 6 levels deep and about 64 nodes.
fn json_value() -> BoxedStrategy<Value> {
    json_leaf()
        .prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(key(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Objects that look like incidents: a `schemaVersion` (usually "1") and
/// model field names with arbitrary values.
fn incident_like() -> BoxedStrategy<Value> {
    (
        prop::option::weighted(
            0.9,
            prop_oneof![
                6 => Just(json!("1")),
                1 => select(&["2", "", "1.0"][..]).prop_map(Value::from),
                1 => json_leaf(),
            ],
        ),
        prop::collection::btree_map(key(), json_value(), 0..6),
    )
        .prop_map(|(version, fields)| {
            let mut map: Map<String, Value> = fields.into_iter().collect();
            if let Some(v) = version {
                map.insert("schemaVersion".into(), v);
            }
            Value::Object(map)
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Structurally valid incidents (the ideas of tests/differential.rs's
// generator, as strategies): every field of the model, each present or not,
// `null` where the model allows it, with values chosen to reach every
// branch of the rules.

/// `s` or, one time in ten, `null` ("did not happen").
fn nullable(s: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![9 => s, 1 => Just(Value::Null)].boxed()
}

fn pick(values: Vec<Value>) -> BoxedStrategy<Value> {
    select(values).boxed()
}

fn boolean() -> BoxedStrategy<Value> {
    nullable(any::<bool>().prop_map(Value::from).boxed())
}

fn explanation() -> BoxedStrategy<Value> {
    nullable(
        prop_oneof![
            3 => pick(vec![json!("n/a"), json!(""), json!("  "), json!("see above"), json!("TBD"),
                json!("short"), json!("Exactly twenty chars"),
                json!("A long explanation that clearly says why this was needed.")]),
            1 => text().prop_map(Value::from),
        ]
        .boxed(),
    )
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(&["Acme", "acme", "Beta", "self", "me", "Jo", "jo", "Sam Jansen",
            "ethical-hacking", "Forensics", "auditing"][..]).prop_map(str::to_string),
        1 => text(),
    ]
    .boxed()
}

fn string() -> BoxedStrategy<Value> {
    nullable(name().prop_map(Value::from).boxed())
}

fn date() -> BoxedStrategy<Value> {
    let day =
        (1990i32..2040, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    nullable(
        prop_oneof![
            3 => pick(vec![json!("2026-01-01"), json!("2026-11-01"), json!("2026-11-06"),
                json!("2026-11-15"), json!("2026-11-20"), json!("2026-11-21"), json!("2027-06-30"),
                json!("2024-02-29"), json!("2023-11-20"), json!("2020-01-01")]),
            1 => day.clone().prop_map(Value::from),
            1 => day.prop_map(|d| Value::from(format!("{d}T08:00:00Z"))),
        ]
        .boxed(),
    )
}

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<Value> {
    nullable(select(values).prop_map(Value::from).boxed())
}

/// Where a value stands: a field of an object may be `null` ("did not
/// happen"); an array item or a required field may not.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Field,
    Fixed,
}

/// A value of `shape`, drawn from the pools above so that the rules' branches
/// are reached; every optional field present with probability 0.6.
fn of_shape(shape: &'static Shape, place: Place) -> BoxedStrategy<Value> {
    let field = place == Place::Field;
    match shape {
        Shape::Any => json_value(),
        Shape::Bool if field => boolean(),
        Shape::Bool => any::<bool>().prop_map(Value::from).boxed(),
        Shape::String if field => prop_oneof![explanation(), string()].boxed(),
        Shape::String => name().prop_map(Value::from).boxed(),
        Shape::Date => date()
            .prop_filter("a date, not null", move |v| field || !v.is_null())
            .boxed(),
        Shape::Enum(values) if field => one_of(values),
        Shape::Enum(values) => select(*values).prop_map(Value::from).boxed(),
        Shape::Array(item) => {
            let items = prop::collection::vec(of_shape(item, Place::Fixed), 0..=3)
                .prop_map(Value::Array)
                .boxed();
            if field {
                nullable(items)
            } else {
                items
            }
        }
        Shape::Object(fields) => {
            let object = fields
                .iter()
                .map(|f| -> BoxedStrategy<Option<(String, Value)>> {
                    if f.required {
                        of_shape(&f.shape, Place::Fixed)
                            .prop_map(move |v| Some((f.name.to_string(), v)))
                            .boxed()
                    } else {
                        prop::option::weighted(0.6, of_shape(&f.shape, Place::Field))
                            .prop_map(move |v| v.map(|v| (f.name.to_string(), v)))
                            .boxed()
                    }
                })
                .collect::<Vec<_>>()
                .prop_map(|kvs| Value::Object(kvs.into_iter().flatten().collect()))
                .boxed();
            if field {
                nullable(object)
            } else {
                object
            }
        }
    }
}

/// A structurally valid incident: `Engine::validate_json` finds no problem.
/// Generated from the model's own declaration, so it follows every change.
fn valid_incident() -> BoxedStrategy<Value> {
    of_shape(&INCIDENT, Place::Fixed)
        .prop_map(|mut inc| {
            inc["schemaVersion"] = json!("1");
            inc
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Near-valid incidents: a valid one with a few nodes replaced, added or
// removed, so that errors arise deep inside the model.

#[derive(Debug, Clone)]
enum Edit {
    Replace(Index, Value),
    Insert(Index, String, Value),
    Remove(Index),
}

fn edit() -> BoxedStrategy<Edit> {
    prop_oneof![
        3 => (any::<Index>(), json_value()).prop_map(|(i, v)| Edit::Replace(i, v)),
        2 => (any::<Index>(), key(), json_value()).prop_map(|(i, k, v)| Edit::Insert(i, k, v)),
        1 => any::<Index>().prop_map(Edit::Remove),
    ]
    .boxed()
}

/// Every node of `v` as a path of tokens, the root first.
fn nodes(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                path.push(k.clone());
                nodes(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(i.to_string());
                nodes(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(mut v: &'a mut Value, path: &[String]) -> &'a mut Value {
    for t in path {
        v = match v {
            Value::Object(m) => m.get_mut(t).unwrap(),
            Value::Array(a) => &mut a[t.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    v
}

fn at<'a>(i: &Index, all: &'a [Vec<String>]) -> &'a [String] {
    i.get::<Vec<String>>(all)
}

fn apply(mut v: Value, edits: &[Edit]) -> Value {
    for e in edits {
        let mut all = Vec::new();
        nodes(&v, &mut Vec::new(), &mut all);
        match e {
            Edit::Replace(i, new) => *node_mut(&mut v, at(i, &all)) = new.clone(),
            Edit::Insert(i, k, new) => match node_mut(&mut v, at(i, &all)) {
                Value::Object(m) => {
                    m.insert(k.clone(), new.clone());
                }
                Value::Array(a) => a.push(new.clone()),
                other => *other = new.clone(),
            },
            Edit::Remove(i) => {
                let path = at(i, &all);
                if let Some((last, parent)) = path.split_last() {
                    match node_mut(&mut v, parent) {
                        Value::Object(m) => {
                            m.remove(last);
                        }
                        Value::Array(a) => {
                            a.remove(last.parse::<usize>().unwrap());
                        }
                        _ => unreachable!(),
                    }
                }
            }
        }
    }
    v
}

fn near_valid_incident() -> BoxedStrategy<Value> {
    (valid_incident(), prop::collection::vec(edit(), 1..4))
        .prop_map(|(v, edits)| apply(v, &edits))
        .boxed()
}

// ---------------------------------------------------------------------------
// Texts that are not (quite) JSON.

fn examples() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The byte offset of the `i`th character boundary of `s`.
fn boundary(s: &str, i: &Index) -> usize {
    let bounds: Vec<usize> = s.char_indices().map(|(b, _)| b).chain([s.len()]).collect();
    *i.get(&bounds)
}

/// `{"schemaVersion":"1","extensions":[[[…0…]]]}`, `depth` levels deep.
fn nested(depth: usize, arrays: bool) -> String {
    let (open, close) = if arrays { ("[", "]") } else { ("{\"a\":", "}") };
    format!(
        r#"{{"schemaVersion":"1","extensions":{}0{}}}"#,
        open.repeat(depth),
        close.repeat(depth)
    )
}

fn raw_text() -> BoxedStrategy<String> {
    let junk = "[\\[\\]{}:,\"0-9a-z\\\\]{1,3}";
    prop_oneof![
        // Anything at all.
        2 => "\\PC{0,64}",
        2 => "[\\[\\]{}:,\"0-9a-z \\\\.eE+-]{0,48}",
        // An example cut short, or with a few characters spliced in.
        2 => (select(examples()), any::<Index>())
            .prop_map(|(s, i)| s[..boundary(&s, &i)].to_string()),
        2 => (select(examples()), any::<Index>(), junk).prop_map(|(s, i, junk)| {
            let (head, tail) = s.split_at(boundary(&s, &i));
            format!("{head}{junk}{tail}")
        }),
        // Nesting around the depth limit (128), inside `extensions`.
        1 => (100usize..160, any::<bool>()).prop_map(|(depth, arrays)| nested(depth, arrays)),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// The checks.

/// The reference tokens of a JSON Pointer (RFC 6901), or `None` if it is not
/// one: it must start with `/` and escape only as `~0` and `~1`.
fn tokens(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|t| {
            let mut out = String::new();
            let mut chars = t.chars();
            while let Some(c) = chars.next() {
                match c {
                    '~' => match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    },
                    c => out.push(c),
                }
            }
            Some(out)
        })
        .collect()
}

fn step<'a>(v: &'a Value, token: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => m.get(token),
        Value::Array(a) => {
            let canonical = token == "0" || (!token.starts_with('0') && !token.is_empty());
            if !canonical || !token.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            a.get(token.parse::<usize>().ok()?)
        }
        _ => None,
    }
}

/// `path` is "" (the whole input), or a JSON Pointer that resolves in
/// `input`, or one whose parent resolves to an object lacking its last token
/// (a required field that is missing).
fn check_path(input: Option<&Value>, path: &str, what: &str) -> Result<(), TestCaseError> {
    if path.is_empty() {
        return Ok(());
    }
    let Some(input) = input else {
        return Err(TestCaseError::fail(format!(
            "{what}: path {path:?} into input that is not JSON"
        )));
    };
    let Some(tokens) = tokens(path) else {
        return Err(TestCaseError::fail(format!(
            "{what}: {path:?} is not a JSON Pointer"
        )));
    };
    let (last, parents) = tokens.split_last().expect("non-empty pointer");
    let mut node = input;
    for t in parents {
        node = step(node, t).ok_or_else(|| {
            TestCaseError::fail(format!("{what}: {path:?} does not resolve at {t:?}"))
        })?;
    }
    let resolves = step(node, last).is_some();
    let missing_key = matches!(node, Value::Object(m) if !m.contains_key(last));
    prop_assert!(
        resolves || missing_key,
        "{what}: {path:?} neither resolves nor names a missing key"
    );
    Ok(())
}

fn check_problem(input: Option<&Value>, p: &Problem) -> Result<(), TestCaseError> {
    prop_assert!(
        CODES.contains(&p.code.as_str()),
        "undocumented code {:?}",
        p.code
    );
    prop_assert!(
        !p.message.is_empty(),
        "problem at {:?} without a message",
        p.path
    );
    check_path(input, &p.path, "problem")
}

fn check_error(input: Option<&Value>, e: &Error) -> Result<(), TestCaseError> {
    prop_assert!(
        CODES.contains(&e.code.as_str()),
        "undocumented code {:?}",
        e.code
    );
    // The code callers see in JSON is the documented string.
    prop_assert_eq!(
        serde_json::to_value(e.code).unwrap(),
        json!(e.code.as_str())
    );
    prop_assert!(!e.message.is_empty(), "{:?} without a message", e.code);
    if let Some(path) = &e.path {
        check_path(input, path, "error")?;
    }
    for p in &e.problems {
        check_problem(input, p)?;
    }
    if let Some(first) = e.problems.first() {
        prop_assert_eq!(
            (e.code, e.path.as_deref()),
            (first.code, Some(first.path.as_str()))
        );
    }
    Ok(())
}

fn check_verdict(v: &Verdict) -> Result<(), TestCaseError> {
    prop_assert!(!v.findings.is_empty(), "a verdict without findings");
    let worst = v.findings.iter().map(|f| f.status).max().unwrap();
    prop_assert_eq!(v.outcome, worst, "the outcome is not the worst finding");
    for f in &v.findings {
        prop_assert!(
            !f.message.is_empty(),
            "{} at {:?} without a message",
            f.rule,
            f.subject
        );
        prop_assert!(
            f.subject.is_empty() || tokens(&f.subject).is_some(),
            "subject {:?}",
            f.subject
        );
        for m in &f.missing {
            prop_assert!(
                tokens(&m.path).is_some(),
                "{}: missing path {:?}",
                f.rule,
                m.path
            );
        }
    }
    Ok(())
}

/// Evaluates and validates `text` on `engine` and checks whatever comes back.
fn judge(engine: &Engine, text: &str) -> Result<Option<Verdict>, TestCaseError> {
    // The input as serde_json sees it (None when not JSON or nested too deep).
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let problems = engine.validate_json(text);
    for p in &problems {
        check_problem(parsed.as_ref(), p)?;
    }
    match engine.evaluate_json(text) {
        Ok(v) => {
            prop_assert!(
                problems.is_empty(),
                "a verdict for an input with problems: {problems:?}"
            );
            check_verdict(&v)?;
            Ok(Some(v))
        }
        Err(e) => {
            check_error(parsed.as_ref(), &e)?;
            if parsed.is_some() {
                prop_assert_ne!(e.code, ErrorCode::InvalidJson, "valid JSON refused: {}", e);
            }
            // Validation and evaluation report the same problems.
            prop_assert!(
                !problems.is_empty(),
                "valid input, yet evaluation failed: {}",
                e
            );
            if e.problems.is_empty() {
                prop_assert_eq!(problems.len(), 1);
                prop_assert_eq!(
                    (problems[0].code, problems[0].path.as_str()),
                    (e.code, e.path.as_deref().unwrap_or(""))
                );
            } else {
                let key = |p: &Problem| (p.path.clone(), p.code.as_str(), p.message.clone());
                let mut a: Vec<_> = problems.iter().map(key).collect();
                let mut b: Vec<_> = e.problems.iter().map(key).collect();
                a.sort();
                b.sort();
                prop_assert_eq!(a, b);
            }
            Ok(None)
        }
    }
}

/// A valid incident gets a verdict, and the same bytes every time: twice on
/// the shared engine, on its clone, on a fresh engine, and from the same
/// incident written with other whitespace.
fn deterministic(value: &Value) -> Result<(), TestCaseError> {
    let text = value.to_string();
    ENGINE.with(|engine| {
        let verdict = judge(engine, &text)?
            .ok_or_else(|| TestCaseError::fail(format!("no verdict for valid {text}")))?;
        let first = verdict.to_json();
        prop_assert_eq!(&first, &verdict.to_json(), "to_json is not stable");
        let again = engine.evaluate_json(&text).unwrap().to_json();
        prop_assert_eq!(&first, &again, "second evaluation differs");
        let cloned = engine.clone().evaluate_json(&text).unwrap().to_json();
        prop_assert_eq!(&first, &cloned, "a clone judges differently");
        let fresh = Engine::new()
            .unwrap()
            .evaluate_json(&text)
            .unwrap()
            .to_json();
        prop_assert_eq!(&first, &fresh, "a fresh engine judges differently");
        let pretty = serde_json::to_string_pretty(value).unwrap();
        let reformatted = engine.evaluate_json(&pretty).unwrap().to_json();
        prop_assert_eq!(&first, &reformatted, "whitespace changes the verdict");
        Ok(())
    })
}

// ---------------------------------------------------------------------------

proptest! {
    #[test]
    fn arbitrary_json_gives_a_verdict_or_a_documented_error(v in json_value()) {
        ENGINE.with(|e| judge(e, &v.to_string()))?;
    }

    #[test]
    fn incident_like_objects_give_a_verdict_or_a_documented_error(v in incident_like()) {
        ENGINE.with(|e| judge(e, &v.to_string()))?;
    }

    #[test]
    fn damaged_incidents_give_errors_that_point_into_the_input(v in near_valid_incident()) {
        ENGINE.with(|e| judge(e, &v.to_string()))?;
    }

    #[test]
    fn arbitrary_text_gives_a_verdict_or_a_documented_error(text in raw_text()) {
        ENGINE.with(|e| judge(e, &text))?;
    }

    #[test]
    fn valid_incidents_are_judged_deterministically(v in valid_incident()) {
        deterministic(&v)?;
    }
}

/// The strategy reaches every outcome, or the properties above test too
/// little; and the examples hold the same properties.
#[test]
fn valid_incidents_reach_every_outcome_and_examples_hold() {
    let mut runner = TestRunner::deterministic();
    let strategy = valid_incident();
    let mut seen = std::collections::BTreeSet::new();
    ENGINE.with(|engine| {
        for _ in 0..200 {
            let v = strategy.new_tree(&mut runner).unwrap().current();
            let verdict = engine
                .evaluate_json(&v.to_string())
                .unwrap_or_else(|e| panic!("{e}: {v}"));
            seen.insert(verdict.outcome);
        }
    });
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        [
            Status::NotApplicable,
            Status::Compliant,
            Status::Incomplete,
            Status::Violation
        ]
    );
    for example in examples() {
        let value: Value = serde_json::from_str(&example).unwrap();
        deterministic(&value).unwrap();
    }
}
