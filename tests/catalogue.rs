//! The catalogue stays in step with the code of conduct, the files in
//! `policies/` and the message catalogues.

use conduct_engine::rules::builtin::POLICIES;
use conduct_engine::rules::messages::Messages;
use conduct_engine::{Engine, RuleKind, Section};
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn relative(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// The clause ids of the code of conduct, counted from its two bulleted
/// lists: P1… for the principles, B1… for the behaviour.
fn clauses_of_the_code() -> Vec<String> {
    let seed = std::env::var("CONDUCT_SEED").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/code-of-conduct.txt"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&seed)
        .unwrap_or_else(|e| panic!("the code of conduct at {seed}: {e} (set CONDUCT_SEED)"));
    let mut ids = Vec::new();
    let mut prefix = None;
    let mut n = 0;
    for line in text.lines() {
        if line.starts_with("Principles to guide") {
            (prefix, n) = (Some("P"), 0);
        } else if line.starts_with("Behaviour to display") {
            (prefix, n) = (Some("B"), 0);
        } else if let (Some(p), true) = (prefix, line.trim_start().starts_with('•')) {
            n += 1;
            ids.push(format!("{p}{n}"));
        }
    }
    ids
}

#[test]
fn every_clause_has_exactly_one_entry_and_every_entry_one_clause() {
    let clauses = clauses_of_the_code();
    assert_eq!(
        clauses.len(),
        21,
        "the code has 8 principles and 13 behaviours: {clauses:?}"
    );
    let engine = Engine::new().unwrap();
    let entries: Vec<String> = engine.rules().iter().map(|r| r.clause.clone()).collect();
    // Catalogue order is clause order: P1–P8, then B1–B13.
    assert_eq!(entries, clauses);
    let ids: Vec<String> = engine.rules().iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, clauses, "rule ids are the clause ids");
}

#[test]
fn catalogue_entries_are_complete() {
    let engine = Engine::new().unwrap();
    let guidance = ["B1", "B8", "B9", "B10", "B13"];
    for r in engine.rules() {
        assert_eq!(r.package, format!("conduct.rules.{}", r.id.to_lowercase()));
        let want_section = if r.id.starts_with('P') {
            Section::Principle
        } else {
            Section::Behaviour
        };
        assert_eq!(r.section, want_section, "{}", r.id);
        assert!(r.explanation.len() > 80, "{}: explanation too thin", r.id);
        assert!(!r.slug.is_empty() && !r.title.is_empty(), "{}", r.id);
        if guidance.contains(&r.id.as_str()) {
            assert_eq!(r.kind, RuleKind::Guidance, "{}", r.id);
        } else {
            assert_eq!(r.kind, RuleKind::Checkable, "{}", r.id);
            assert!(
                !r.inputs.is_empty() && r.inputs.iter().all(|p| p.starts_with('/')),
                "{}",
                r.id
            );
        }
    }
}

#[test]
fn guidance_clauses_produce_no_findings() {
    let engine = Engine::new().unwrap();
    for example in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
        let path = example.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let v = engine
                .evaluate_json(&std::fs::read_to_string(&path).unwrap())
                .unwrap();
            for f in &v.findings {
                assert!(
                    !["B1", "B8", "B9", "B10", "B13"].contains(&f.rule.as_str()),
                    "{}: {f:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_message_and_catalogue_text_exists_in_every_built_in_locale() {
    let messages = Messages::built_in().unwrap();
    let english: Vec<&str> = messages.keys("en").collect();
    let locales: Vec<&str> = messages.locales().collect();
    assert!(locales.contains(&"nl"));
    let engine = Engine::new().unwrap();
    for locale in locales {
        let keys: Vec<&str> = messages.keys(locale).collect();
        for key in &english {
            assert!(keys.contains(key), "{locale} lacks \"{key}\"");
        }
        for key in &keys {
            let rule_text = key.starts_with("rule.");
            assert!(
                rule_text || english.contains(key),
                "{locale} has \"{key}\", which English lacks"
            );
        }
        if locale != "en" {
            for r in engine.rules() {
                for what in ["title", "explanation"] {
                    let key = format!("rule.{}.{what}", r.id);
                    assert!(keys.contains(&key.as_str()), "{locale} lacks \"{key}\"");
                }
            }
        }
    }
}

#[test]
fn every_policy_file_is_built_in_and_every_rule_has_tests() {
    let mut files = Vec::new();
    files_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"),
        &mut files,
    );
    let rego: Vec<String> = files
        .iter()
        .map(|p| relative(p))
        .filter(|p| p.ends_with(".rego"))
        .collect();
    let built_in: Vec<&str> = POLICIES.iter().map(|(p, _)| *p).collect();
    for path in rego.iter().filter(|p| !p.ends_with("_test.rego")) {
        assert!(built_in.contains(&path.as_str()), "{path} is not built in");
        let test = path.replace(".rego", "_test.rego");
        assert!(rego.contains(&test), "{path} has no {test} beside it");
    }
}

#[test]
fn ruleset_digest_is_stable_and_follows_configuration() {
    let a = Engine::new().unwrap();
    let b = Engine::new().unwrap();
    assert_eq!(a.ruleset(), b.ruleset());
    assert!(a.ruleset().digest.starts_with("sha256:") && a.ruleset().digest.len() == 7 + 64);
    let other = Engine::with_config(
        conduct_engine::Config::with_overrides(r#"{"promiseNoticeDays": 30}"#).unwrap(),
    )
    .unwrap();
    assert_ne!(a.ruleset().digest, other.ruleset().digest);
}
