//! The label catalogues (`policies/labels/*.json`): a human name for every
//! field the incident model defines, keyed by JSON Pointer pattern (`*` for
//! an array index), for each element a B12 finding names (`element:…`) and
//! for each status (`status:…`). Forms title their fields from them and
//! messages use them instead of identifiers, so every locale must cover
//! exactly the same keys: every field pattern of the model, no more.

use conduct_engine::model::incident::{Shape, INCIDENT};
use std::collections::BTreeMap;

mod common;

const LOCALES: [&str; 2] = ["en", "nl"];

fn catalogue(locale: &str) -> BTreeMap<String, String> {
    let path = format!(
        "{}/policies/labels/{locale}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not an object of strings: {e}"))
}

/// Every pointer pattern the model defines: each field, and each array's
/// items, in declaration order (`extensions` is free-form: no deeper).
fn field_patterns() -> Vec<String> {
    fn walk(shape: &Shape, at: &str, out: &mut Vec<String>) {
        match shape {
            Shape::Array(item) => {
                let items = format!("{at}/*");
                out.push(items.clone());
                walk(item, &items, out);
            }
            Shape::Object(fields) => {
                for f in fields.iter() {
                    let path = format!("{at}/{}", f.name);
                    out.push(path.clone());
                    walk(&f.shape, &path, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&INCIDENT, "", &mut out);
    out
}

fn other_keys() -> Vec<String> {
    let elements = ["legal", "ethical", "beneficial", "minimal", "evidence"];
    let statuses = ["violation", "incomplete", "compliant", "not_applicable"];
    elements
        .iter()
        .map(|e| format!("element:{e}"))
        .chain(statuses.iter().map(|s| format!("status:{s}")))
        .collect()
}

#[test]
fn every_locale_labels_every_field_of_the_model_and_nothing_else() {
    let mut want: Vec<String> = field_patterns();
    want.extend(other_keys());
    want.sort();
    for locale in LOCALES {
        let labels = catalogue(locale);
        let have: Vec<String> = labels.keys().cloned().collect();
        let missing: Vec<&String> = want.iter().filter(|k| !labels.contains_key(*k)).collect();
        let unknown: Vec<&String> = have.iter().filter(|k| !want.contains(k)).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "labels/{locale}.json: missing {missing:?}; not in the model {unknown:?}"
        );
    }
}

#[test]
fn the_locales_have_the_same_keys() {
    let english = catalogue("en");
    for locale in LOCALES {
        let other = catalogue(locale);
        assert_eq!(
            english.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>(),
            "labels/{locale}.json and labels/en.json differ in keys"
        );
    }
}

/// A label is a lower-case noun phrase that fits inside a sentence: not
/// empty, no identifier, no leading capital (names such as "B12" aside).
#[test]
fn labels_read_as_words_inside_a_sentence() {
    for locale in LOCALES {
        for (key, label) in catalogue(locale) {
            let first = label.chars().next();
            assert!(
                first.is_some_and(|c| c.is_lowercase()),
                "labels/{locale}.json {key}: \"{label}\" must start lower-case"
            );
            assert!(
                label.trim() == label && !label.ends_with('.'),
                "labels/{locale}.json {key}: \"{label}\" is not a bare noun phrase"
            );
            let camel = label
                .chars()
                .zip(label.chars().skip(1))
                .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
            assert!(
                !camel && !label.contains('_') && !label.contains('/'),
                "labels/{locale}.json {key}: \"{label}\" looks like an identifier"
            );
            if let Some(why) = common::unreadable(locale, &label) {
                panic!("labels/{locale}.json {key}: \"{label}\": {why}");
            }
        }
    }
}

/// Every JSON Pointer a table case's finding can point at has a label: the
/// patterns the rules use exist in the model (checked here on the rules'
/// declared inputs, which name the fields they read).
#[test]
fn the_rules_inputs_have_labels() {
    let labels = catalogue("en");
    let engine = conduct_engine::Engine::new().unwrap();
    for rule in engine.rules() {
        for input in &rule.inputs {
            assert!(
                labels.contains_key(input),
                "{}: input {input} has no label",
                rule.id
            );
        }
    }
}

// ---------------------------------------------------------------- the API

use conduct_engine::{Engine, EngineOptions, ErrorCode};

fn engine_with(options: &str) -> Engine {
    Engine::with_options(EngineOptions::from_json(options).unwrap()).unwrap()
}

/// `Engine::labels` gives each locale's catalogue as it stands in the file:
/// exactly its keys, its words.
#[test]
fn the_engine_gives_each_catalogue_as_it_stands() {
    let engine = Engine::new().unwrap();
    for locale in LOCALES {
        assert_eq!(
            engine.labels(locale).unwrap(),
            catalogue(locale),
            "{locale}"
        );
    }
    let e = engine.labels("fr").unwrap_err();
    assert_eq!(
        (e.code, e.path.as_deref()),
        (ErrorCode::InvalidConfig, Some("/locale"))
    );
}

/// Configuration replaces built-in labels and adds its own (for a field
/// under /extensions/, a new element, a partner's locale); a locale without
/// a label of its own reads English.
#[test]
fn configuration_overrides_and_extends_labels() {
    let engine = engine_with(
        r#"{"config": {
            "messages": {"fr": {"B12.compliant": "Justifiée."}},
            "labels": {
                "nl": {"/actions/*/justification/legal/basis": "wetsartikel", "/extensions/acme/ticket": "ticketnummer"},
                "en": {"element:acme": "Acme check"},
                "fr": {"/actions/*/justification/legal/basis": "base légale", "status:violation": "infraction"}
            }
        }}"#,
    );
    let nl = engine.labels("nl").unwrap();
    assert_eq!(nl["/actions/*/justification/legal/basis"], "wetsartikel");
    assert_eq!(nl["/extensions/acme/ticket"], "ticketnummer");
    assert_eq!(nl["element:acme"], "Acme check", "nl falls back to English");
    assert_eq!(
        nl["/actions/*/consent/prior"],
        catalogue("nl")["/actions/*/consent/prior"]
    );
    assert_eq!(nl.len(), catalogue("nl").len() + 2);
    let fr = engine.labels("fr").unwrap();
    assert_eq!(fr["status:violation"], "infraction");
    assert_eq!(
        fr["/actions/*/consent/prior"],
        catalogue("en")["/actions/*/consent/prior"]
    );
    let en = engine.labels("en").unwrap();
    assert_eq!(en["/actions/*/justification/legal/basis"], "legal basis");
    assert!(!en.contains_key("/extensions/acme/ticket"));
}

/// Bad label configuration is an `invalid_config` error that points at the
/// bad entry, every one of them.
#[test]
fn bad_label_configuration_points_at_the_entry() {
    let cases = [
        (r#"{"labels": []}"#, vec!["/config/labels"]),
        (r#"{"labels": {"nl": "x"}}"#, vec!["/config/labels/nl"]),
        (
            r#"{"labels": {"nl": {"/actions/*/id": 1}}}"#,
            vec!["/config/labels/nl/~1actions~1*~1id"],
        ),
        (
            r#"{"labels": {"fr": {"/actions/*/id": "x"}}}"#,
            vec!["/config/labels/fr"],
        ),
        (
            r#"{"labels": {"nl": {"/actions/*/justification/legal/bassis": "x", "/extensions/acme/0": "x", "legal": "x", "status:fine": "x", "/actions/*/id": " "}}}"#,
            vec![
                "/config/labels/nl/~1actions~1*~1id",
                "/config/labels/nl/~1actions~1*~1justification~1legal~1bassis",
                "/config/labels/nl/~1extensions~1acme~10",
                "/config/labels/nl/legal",
                "/config/labels/nl/status:fine",
            ],
        ),
    ];
    for (config, want) in cases {
        let options = format!(r#"{{"config": {config}}}"#);
        let e = EngineOptions::from_json(&options)
            .and_then(Engine::with_options)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig, "{config}");
        let mut got: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
        if got.is_empty() {
            got = vec![e.path.as_deref().unwrap()];
        }
        got.sort_unstable();
        let mut want = want;
        want.sort_unstable();
        assert_eq!(got, want, "{config}: {e}");
    }
}

/// Every gap of a verdict carries its field's label in the verdict's
/// locale, the same on the tree path, the direct JSON path and in a
/// session, and configuration's labels reach it.
#[test]
fn gaps_carry_their_fields_label() {
    let incident = r#"{"schemaVersion": "1", "actions": [{"consent": {"prior": false},
        "justification": {"legal": {"claimed": true, "basis": "n/a", "explanation": "The policy invites tests of the form."}}}]}"#;
    let labelled = engine_with(
        r#"{"config": {"labels": {"nl": {"/actions/*/justification/legal/basis": "wetsartikel"}}}}"#,
    );
    for (engine, nl_basis) in [
        (
            Engine::new().unwrap(),
            catalogue("nl")["/actions/*/justification/legal/basis"].clone(),
        ),
        (labelled, "wetsartikel".to_string()),
    ] {
        for locale in LOCALES {
            let verdict = engine.evaluate_json_in(incident, locale).unwrap();
            let b12 = verdict.findings.iter().find(|f| f.rule == "B12").unwrap();
            let labels: Vec<(&str, &str)> = b12
                .missing
                .iter()
                .map(|m| (m.path.as_str(), m.label.as_str()))
                .collect();
            let basis = if locale == "nl" {
                nl_basis.as_str()
            } else {
                "legal basis"
            };
            let words = engine.labels(locale).unwrap();
            assert_eq!(
                labels,
                [
                    ("/actions/0/justification/legal/basis", basis),
                    (
                        "/actions/0/justification/ethical",
                        words["/actions/*/justification/ethical"].as_str()
                    ),
                    (
                        "/actions/0/justification/beneficial",
                        words["/actions/*/justification/beneficial"].as_str()
                    ),
                    (
                        "/actions/0/justification/minimal",
                        words["/actions/*/justification/minimal"].as_str()
                    ),
                ],
                "{locale}"
            );
            let options = conduct_engine::CallOptions {
                locale: Some(locale.into()),
            };
            assert_eq!(
                engine.evaluate_to_json(incident, &options).unwrap(),
                verdict.to_json()
            );
            let session = conduct_engine::Session::new(&engine, incident, Some(locale)).unwrap();
            assert_eq!(session.verdict().to_json(), verdict.to_json());
            assert!(verdict
                .to_json()
                .contains(&format!("\"label\":\"{basis}\"")));
        }
    }
}

/// Labels are part of what the digest identifies: the same words, the same
/// digest; other words, another.
#[test]
fn the_digest_covers_the_labels() {
    let base = Engine::new().unwrap().ruleset().digest.clone();
    let same = engine_with(r#"{"config": {"labels": {}}}"#)
        .ruleset()
        .digest
        .clone();
    let other = engine_with(r#"{"config": {"labels": {"nl": {"/actions/*/id": "kenmerk"}}}}"#)
        .ruleset()
        .digest
        .clone();
    assert_eq!(same, base);
    assert_ne!(other, base);
}
