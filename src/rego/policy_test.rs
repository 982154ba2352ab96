//! A small runner for the Rego unit tests beside the policies (regorus has
//! none): every rule named `test_*` in a test module must evaluate to `true`.

use crate::rego::PolicyFile;
use regorus::Value;

/// The result of one Rego test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// `package.test_name`.
    pub name: String,
    /// `None` when the test passed; otherwise why it failed.
    pub failure: Option<String>,
}

/// Runs every `test_*` rule in `tests` against `policies`, with `data` as the
/// base document. A module that fails to parse is reported as one failure.
pub fn run(policies: &[PolicyFile], tests: &[PolicyFile], data: &Value) -> Vec<TestOutcome> {
    let mut base = regorus::Engine::new();
    for p in policies {
        if let Err(e) = base.add_policy(p.path.clone(), p.source.clone()) {
            return vec![TestOutcome {
                name: p.path.clone(),
                failure: Some(format!("does not load: {e}")),
            }];
        }
    }
    if let Err(e) = base.add_data(data.clone()) {
        return vec![TestOutcome {
            name: "data".into(),
            failure: Some(e.to_string()),
        }];
    }
    let mut outcomes = Vec::new();
    for t in tests {
        let mut engine = base.clone();
        let package = match engine.add_policy(t.path.clone(), t.source.clone()) {
            Ok(p) => p,
            Err(e) => {
                outcomes.push(TestOutcome {
                    name: t.path.clone(),
                    failure: Some(format!("does not load: {e}")),
                });
                continue;
            }
        };
        for name in test_names(&t.source) {
            let rule = format!("{package}.{name}");
            let failure = match engine.eval_rule(rule.clone()) {
                Ok(Value::Bool(true)) => None,
                Ok(Value::Undefined) => Some("undefined (a condition did not hold)".to_string()),
                Ok(other) => Some(format!("evaluated to {other}, not true")),
                Err(e) => Some(format!("error: {e}")),
            };
            outcomes.push(TestOutcome {
                name: rule.trim_start_matches("data.").to_string(),
                failure,
            });
        }
    }
    outcomes
}

/// Names of the `test_*` rules a module defines, in order, each once.
fn test_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in source.lines() {
        if let Some(rest) = line.strip_prefix("test_") {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = format!("test_{}", &rest[..end]);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}
