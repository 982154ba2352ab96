//! Reading an incident: JSON text in, within the limits and valid against
//! the model, and out as the value the rules read.

use crate::error::{Error, ErrorCode, Result};
use crate::model::incident;
use crate::model::limits::{self, Limits, PARSER_DEPTH};
use crate::run::builtins::number_of;
use crate::run::value::Val;
use serde_json::Value as Json;

/// Parses JSON text within `limits` (size before parsing; depth, strings
/// and item counts after). Not validated against the model.
pub fn json(text: &str, limits: &Limits) -> Result<Json> {
    limits.check_text(text)?;
    let value = serde_json::from_str::<Json>(text).map_err(|e| {
        let message = e.to_string();
        if message.contains("recursion limit") {
            limits::exceeded(
                "",
                format!("the incident is nested more than {PARSER_DEPTH} levels deep"),
            )
        } else {
            Error::at(
                ErrorCode::InvalidJson,
                "",
                format!("not valid JSON: {message}"),
            )
        }
    })?;
    limits.check_value(&value)?;
    Ok(value)
}

/// Reads and validates an incident.
pub fn incident(text: &str, limits: &Limits) -> Result<Val> {
    let json = json(text, limits)?;
    incident::validate(&json)?;
    Ok(value(&json))
}

/// A JSON value as a rule value.
pub fn value(json: &Json) -> Val {
    match json {
        Json::Null => Val::Null,
        Json::Bool(b) => Val::Bool(*b),
        Json::Number(n) => number_of(n),
        Json::String(s) => Val::str(s),
        Json::Array(items) => Val::array(items.iter().map(value).collect()),
        Json::Object(map) => {
            // serde_json's map is ordered by key, as objects are here.
            let entries: Vec<(Val, Val)> =
                map.iter().map(|(k, v)| (Val::str(k), value(v))).collect();
            Val::Obj(entries.into())
        }
    }
}

/// A rule value as JSON (sets become arrays).
pub fn to_json(v: &Val) -> Json {
    serde_json::from_str(&v.to_json()).expect("a value writes valid JSON")
}
