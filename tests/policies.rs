//! Runs the Rego unit tests (`policies/**/*_test.rego`) against the
//! built-in policies and the default configuration.

use conduct_engine::rules::builtin::POLICIES;
use conduct_engine::{rego::policy_test, Config, PolicyFile};
use std::path::Path;

fn rego_files(dir: &Path, out: &mut Vec<PolicyFile>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rego_files(&path, out);
        } else if path.to_string_lossy().ends_with("_test.rego") {
            out.push(PolicyFile {
                path: path.to_string_lossy().into_owned(),
                source: std::fs::read_to_string(&path).unwrap(),
            });
        }
    }
}

#[test]
fn rego_unit_tests_pass() {
    let policies: Vec<PolicyFile> = POLICIES
        .iter()
        .map(|(p, s)| PolicyFile {
            path: p.to_string(),
            source: s.to_string(),
        })
        .collect();
    let mut tests = Vec::new();
    rego_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/policies")),
        &mut tests,
    );
    assert!(
        tests.len() >= 4,
        "expected a test module beside each rule, found {}",
        tests.len()
    );

    let data = regorus::Value::from_json_str(&format!(
        r#"{{"conduct":{{"config":{}}}}}"#,
        Config::default().to_json()
    ))
    .unwrap();
    let outcomes = policy_test::run(&policies, &tests, &data);
    let mut failed = 0;
    for o in &outcomes {
        match &o.failure {
            None => println!("ok   {}", o.name),
            Some(why) => {
                failed += 1;
                println!("FAIL {}: {why}", o.name)
            }
        }
    }
    println!(
        "rego: {} passed, {} failed",
        outcomes.len() - failed,
        failed
    );
    assert!(
        outcomes.len() >= 20,
        "too few Rego tests ran: {}",
        outcomes.len()
    );
    assert_eq!(failed, 0, "{failed} Rego test(s) failed");
}
