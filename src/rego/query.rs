//! Plain Rego evaluation: any modules, any query. For partners trying out
//! rules before they add them, and for running Rego's conformance cases
//! through exactly the build users get (native or Wasm).

use crate::error::{Error, ErrorCode, Result};
use crate::rego::running::{self, Running};
use regorus::Value;
use serde::Deserialize;

/// `{"modules": [{"path": "x.rego", "source": "package x ..."}], "query":
/// "data.x.allow", "input": …, "data": …, "regoV0": false, "strict": false}`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Request {
    modules: Vec<Module>,
    query: String,
    #[serde(default)]
    input: Option<serde_json::Value>,
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    rego_v0: bool,
    #[serde(default)]
    strict: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Module {
    path: String,
    source: String,
}

/// Work units between two readings of the interpreter's clock.
const CLOCK_INTERVAL: u32 = 64;

/// Evaluates a query as described by `request_json` and returns regorus's
/// query results as JSON (`{"result": [{"expressions": […], "bindings": {…}}]}`;
/// no result is `{}`). Parse and evaluation errors are `policy_error`.
pub fn eval_query_json(request_json: &str) -> Result<String> {
    eval(request_json, None)
}

/// As [`eval_query_json`], stopping with `limit_exceeded` after about
/// `budget` units of the interpreter's work. The interpreter measures work
/// by a clock it reads every [`CLOCK_INTERVAL`] units; the partner build's
/// host (`pkg-template/rego/host.js`) gives it a clock that advances one
/// millisecond per reading, which makes the limit a count of work, the same
/// on every machine. (Natively the clock is the wall clock.)
pub fn eval_query_json_within(request_json: &str, budget: usize) -> Result<String> {
    eval(request_json, Some(budget))
}

fn eval(request_json: &str, budget: Option<usize>) -> Result<String> {
    let request: Request = serde_json::from_str(request_json).map_err(|e| {
        Error::at(
            ErrorCode::InvalidJson,
            "",
            format!("not a Rego query request: {e}"),
        )
    })?;
    let to_value = |v: &serde_json::Value| {
        Value::from_json_str(&v.to_string())
            .map_err(|e| Error::new(ErrorCode::InvalidJson, e.to_string()))
    };
    for module in &request.modules {
        crate::rego::partner::check_source(&module.path, &module.source)?;
    }
    crate::rego::partner::check_source("<query>", &request.query)?;
    // On the parsed modules and query, as regorus will read them: a mention
    // in a comment or a string is no call, and `with count as strings.count`
    // is one.
    use crate::rego::module;
    let unsafe_names: Vec<&str> = crate::rego::partner::UNSAFE
        .iter()
        .map(|(b, _)| *b)
        .collect();
    let mut crash: Option<(String, &str, module::At)> = None;
    for m in &request.modules {
        let parsed = module::parse(&m.path, &m.source, request.rego_v0)?;
        let found = module::first_mention(&module::read(&parsed).references, &unsafe_names);
        crash = crash.or(found.map(|(b, at)| (m.path.clone(), b, at)));
    }
    let query = module::parse_query(&request.query, request.rego_v0)?;
    let found = module::first_mention(&module::query_references(&query), &unsafe_names);
    crash = crash.or(found.map(|(b, at)| ("<query.rego>".to_string(), b, at)));
    if let Some((file, builtin, at)) = crash {
        let why = crate::rego::partner::UNSAFE
            .iter()
            .find(|(b, _)| *b == builtin)
            .map_or("", |(_, why)| *why);
        let mut e = Error::policy(format!(
            "{file}:{}:{}: `{builtin}` is refused: {why}",
            at.line, at.column
        ));
        e.location = Some(crate::error::SourceLocation {
            file,
            line: at.line,
            column: at.column,
        });
        return Err(e);
    }
    let mut engine = regorus::Engine::new();
    if let Some(budget) = budget {
        let ticks = (budget as u64 / u64::from(CLOCK_INTERVAL)).max(1);
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: std::time::Duration::from_millis(ticks),
            check_interval: std::num::NonZeroU32::new(CLOCK_INTERVAL).expect("not zero"),
        });
    }
    engine.set_rego_v0(request.rego_v0);
    engine.set_strict_builtin_errors(request.strict);
    for module in &request.modules {
        let _loading = running::during(Running::Loading { file: &module.path });
        engine
            .add_policy(module.path.clone(), module.source.clone())
            .map_err(|e| Error::policy(e.to_string()))?;
    }
    if let Some(data) = &request.data {
        engine
            .add_data(to_value(data)?)
            .map_err(|e| Error::policy(e.to_string()))?;
    }
    if let Some(input) = &request.input {
        engine.set_input(to_value(input)?);
    }
    let running = running::during(Running::Query {
        query: &request.query,
    });
    let results = engine
        .eval_query(request.query.clone(), false)
        .map_err(|e| match e.downcast_ref::<regorus::LimitError>() {
            Some(regorus::LimitError::TimeLimitExceeded { .. }) => Error::new(
                ErrorCode::LimitExceeded,
                format!(
                    "the query {} stopped after about {} units of work (the evaluation budget, limits.maxInstructions)",
                    quoted(&request.query),
                    budget.unwrap_or_default()
                ),
            ),
            _ => Error::policy(e.to_string()),
        })?;
    drop(running);
    serde_json::to_string(&results)
        .map_err(|e| Error::policy(format!("the result has no JSON form: {e}")))
}

/// A query as messages quote it: in backticks, on one line, cut after 80
/// characters.
pub(crate) fn quoted(query: &str) -> String {
    let line: String = query.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((at, _)) => format!("`{}…`", &line[..at]),
        None => format!("`{line}`"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn evaluates_a_query_over_modules() {
        let out = super::eval_query_json(
            r#"{"modules": [{"path": "t.rego", "source": "package t\nx := input.a + 1"}], "query": "data.t.x", "input": {"a": 41}}"#,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["result"][0]["expressions"][0]["value"], 42);
        let e = super::eval_query_json(
            r#"{"modules": [{"path": "t.rego", "source": "package"}], "query": "1"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::PolicyError);
    }
}
