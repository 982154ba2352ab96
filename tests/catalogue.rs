//! The catalogue stays in step with the files in `policies/`.

use conduct_engine::engine::BUILTIN_POLICIES;
use conduct_engine::{Engine, RuleKind};
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
    let built_in: Vec<&str> = BUILTIN_POLICIES.iter().map(|(p, _)| *p).collect();
    for path in rego.iter().filter(|p| !p.ends_with("_test.rego")) {
        assert!(
            built_in.contains(&path.as_str()),
            "{path} is not listed in BUILTIN_POLICIES"
        );
        if !path.starts_with("policies/lib/") {
            let test = path.replace(".rego", "_test.rego");
            assert!(rego.contains(&test), "{path} has no {test} beside it");
        }
    }
    for path in &built_in {
        assert!(
            rego.iter().any(|p| p == path),
            "{path} is listed but does not exist"
        );
    }
}

#[test]
fn catalogue_entries_are_complete_and_in_clause_order() {
    let engine = Engine::new().unwrap();
    let ids: Vec<&str> = engine.rules().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["B2", "B3", "B4", "B12"]);
    for r in engine.rules() {
        assert_eq!(r.package, format!("conduct.rules.{}", r.id.to_lowercase()));
        assert_eq!(r.kind, RuleKind::Checkable);
        assert!(r.explanation.len() > 100, "{}: explanation too thin", r.id);
        assert!(
            !r.inputs.is_empty() && r.inputs.iter().all(|p| p.starts_with('/')),
            "{}",
            r.id
        );
    }
}

#[test]
fn ruleset_digest_is_stable_and_sensitive_to_policies() {
    let a = Engine::new().unwrap();
    let b = Engine::new().unwrap();
    assert_eq!(a.ruleset(), b.ruleset());
    assert!(a.ruleset().digest.starts_with("sha256:") && a.ruleset().digest.len() == 7 + 64);
}
