//! The label catalogues (`policies/labels/*.json`): a human name for every
//! field the incident model defines, keyed by JSON Pointer pattern (`*` for
//! an array index), for each element a B12 finding names (`element:…`) and
//! for each status (`status:…`). Forms title their fields from them and
//! messages use them instead of identifiers, so every locale must cover
//! exactly the same keys: every field pattern of the model, no more.

use conduct_engine::model::incident::{Shape, INCIDENT};
use std::collections::BTreeMap;

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
