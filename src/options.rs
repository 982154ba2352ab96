//! Options given to the engine, per engine and per call, read from JSON so
//! that every face (Rust, JS, CLI) checks them the same way.

use crate::error::{Error, ErrorCode, Result};
use crate::model::limits::{Limits, PARSER_DEPTH};
use crate::model::pointer;
use crate::rules::catalogue::{RuleInfo, RuleKind, Section, Severity};
use crate::rules::config::Config;
use serde_json::{Map, Value as Json};

/// What runs the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// The built-in catalogue, translated into Rust when the crate was
    /// built: no Rego runtime involved.
    Compiled,
    /// regorus's bytecode VM (feature `rego`).
    Vm,
    /// regorus's tree-walking interpreter, the reference (feature `rego`).
    Interpreter,
}

/// `new ConductEngine({ config, locale })`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngineOptions {
    pub config: Config,
    /// The locale of messages when a call names none (default `en`).
    pub locale: Option<String>,
    /// Limits on input and evaluation; unnamed ones keep their defaults.
    pub limits: Limits,
    /// What runs the built-in rules: the compiled catalogue (`None`, the
    /// default), or regorus's VM or interpreter, which only a build with the
    /// `rego` feature has: for comparisons and checks, not for speed.
    pub backend: Option<Backend>,
}

impl EngineOptions {
    /// Reads `{"config": {...}, "locale": "nl"}`; `null` gives the defaults.
    /// Errors point into the options object (`/config/minExplanationLength`).
    pub fn from_json(json: &str) -> Result<EngineOptions> {
        let Some(map) = object(json, "options")? else {
            return Ok(EngineOptions::default());
        };
        let mut options = EngineOptions::default();
        for (key, value) in &map {
            match key.as_str() {
                "config" if value.is_null() => {}
                "config" => {
                    options.config = Config::with_overrides(&value.to_string())
                        .map_err(|e| e.under("/config"))?;
                }
                "locale" => options.locale = Some(locale(value)?),
                "limits" => options.limits = limits(value)?,
                "backend" => options.backend = Some(backend(value)?),
                _ => return Err(unknown(key, &["config", "locale", "limits", "backend"])),
            }
        }
        Ok(options)
    }
}

fn backend(value: &Json) -> Result<Backend> {
    let chosen = match value.as_str() {
        Some("compiled") => Backend::Compiled,
        Some("vm") => Backend::Vm,
        Some("interpreter") => Backend::Interpreter,
        _ => {
            return Err(Error::at(
                ErrorCode::InvalidConfig,
                "/backend",
                "backend must be \"compiled\", \"vm\" or \"interpreter\"",
            ))
        }
    };
    if chosen != Backend::Compiled && !cfg!(feature = "rego") {
        return Err(Error::at(
            ErrorCode::InvalidConfig,
            "/backend",
            "this build has no Rego runtime: the VM and the interpreter are in conduct-engine/rego",
        ));
    }
    Ok(chosen)
}

/// Options of one evaluation: `engine.evaluate(incident, { locale })`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub locale: Option<String>,
}

impl CallOptions {
    pub fn from_json(json: &str) -> Result<CallOptions> {
        let Some(map) = object(json, "call options")? else {
            return Ok(CallOptions::default());
        };
        let mut options = CallOptions::default();
        for (key, value) in &map {
            match key.as_str() {
                "locale" => options.locale = Some(locale(value)?),
                _ => return Err(unknown(key, &["locale"])),
            }
        }
        Ok(options)
    }
}

/// Which catalogue entries to list: `engine.rules({ id, severity, section,
/// kind, locale })`. Each criterion takes one value or a list; entries must
/// match every criterion given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFilter {
    pub ids: Vec<String>,
    pub severities: Vec<Severity>,
    pub sections: Vec<Section>,
    pub kinds: Vec<RuleKind>,
    pub locale: Option<String>,
}

impl RuleFilter {
    pub fn from_json(json: &str) -> Result<RuleFilter> {
        let Some(map) = object(json, "rule filter")? else {
            return Ok(RuleFilter::default());
        };
        let mut filter = RuleFilter::default();
        for (key, value) in &map {
            let path = pointer::child("", key);
            match key.as_str() {
                "id" => filter.ids = strings(value, &path)?,
                "severity" => {
                    filter.severities = parsed(
                        value,
                        &path,
                        Severity::parse,
                        "advisory, minor, major or critical",
                    )?
                }
                "section" => {
                    filter.sections =
                        parsed(value, &path, Section::parse, "principle or behaviour")?
                }
                "kind" => {
                    filter.kinds = parsed(value, &path, RuleKind::parse, "checkable or guidance")?
                }
                "locale" => filter.locale = Some(locale(value)?),
                _ => {
                    return Err(unknown(
                        key,
                        &["id", "severity", "section", "kind", "locale"],
                    ))
                }
            }
        }
        Ok(filter)
    }

    pub fn matches(&self, rule: &RuleInfo) -> bool {
        (self.ids.is_empty() || self.ids.iter().any(|id| id.eq_ignore_ascii_case(&rule.id)))
            && (self.severities.is_empty() || self.severities.contains(&rule.severity))
            && (self.sections.is_empty() || self.sections.contains(&rule.section))
            && (self.kinds.is_empty() || self.kinds.contains(&rule.kind))
    }
}

fn bad(path: &str, message: impl Into<String>) -> Error {
    Error::at(ErrorCode::InvalidConfig, path, message)
}

/// The JSON object of options, or `None` for `null`.
fn object(json: &str, what: &str) -> Result<Option<Map<String, Json>>> {
    match serde_json::from_str::<Json>(json) {
        Ok(Json::Null) => Ok(None),
        Ok(Json::Object(map)) => Ok(Some(map)),
        Ok(_) => Err(bad("", format!("{what} must be an object"))),
        Err(e) => Err(bad("", format!("{what} are not valid JSON: {e}"))),
    }
}

fn unknown(key: &str, expected: &[&str]) -> Error {
    bad(
        &pointer::child("", key),
        format!(
            "unknown option \"{key}\"; expected one of: {}",
            expected.join(", ")
        ),
    )
}

fn locale(value: &Json) -> Result<String> {
    match value.as_str() {
        Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(bad(
            "/locale",
            "locale must be a language tag such as \"en\" or \"nl\"",
        )),
    }
}

/// `{"maxInputBytes": …, "maxDepth": …, "maxStringBytes": …, "maxItems": …,
/// "maxInstructions": …}`, each a positive whole number.
fn limits(value: &Json) -> Result<Limits> {
    let Json::Object(map) = value else {
        return Err(bad("/limits", "limits must be an object"));
    };
    let mut limits = Limits::default();
    for (key, v) in map {
        let path = pointer::child("/limits", key);
        let (slot, max) = match key.as_str() {
            "maxInputBytes" => (&mut limits.max_input_bytes, 1usize << 30),
            "maxDepth" => (&mut limits.max_depth, PARSER_DEPTH),
            "maxStringBytes" => (&mut limits.max_string_bytes, 1 << 30),
            "maxItems" => (&mut limits.max_items, 1 << 24),
            "maxInstructions" => (&mut limits.max_instructions, usize::MAX),
            _ => {
                return Err(bad(
                    &path,
                    format!("unknown limit \"{key}\"; expected one of: maxInputBytes, maxDepth, maxStringBytes, maxItems, maxInstructions"),
                ))
            }
        };
        match v.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) if n >= 1 && n <= max => *slot = n,
            _ => {
                return Err(bad(
                    &path,
                    format!("{key} must be a whole number from 1 to {max}"),
                ))
            }
        }
    }
    Ok(limits)
}

fn strings(value: &Json, path: &str) -> Result<Vec<String>> {
    let items: Vec<&Json> = match value {
        Json::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    items
        .into_iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| bad(path, "must be a string or a list of strings"))
        })
        .collect()
}

fn parsed<T>(
    value: &Json,
    path: &str,
    parse: fn(&str) -> Option<T>,
    expected: &str,
) -> Result<Vec<T>> {
    strings(value, path)?
        .iter()
        .map(|s| parse(s).ok_or_else(|| bad(path, format!("\"{s}\" is not one of: {expected}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_options_point_into_the_options_object() {
        let o =
            EngineOptions::from_json(r#"{"locale": "nl", "config": {"minExplanationLength": 5}}"#)
                .unwrap();
        assert_eq!(o.locale.as_deref(), Some("nl"));
        assert_eq!(o.config.min_explanation_length, 5);
        let e =
            EngineOptions::from_json(r#"{"config": {"minExplanationLength": "5"}}"#).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("/config/minExplanationLength"));
        let e = EngineOptions::from_json(r#"{"locael": "nl"}"#).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("/locael"));
        assert_eq!(
            EngineOptions::from_json("null").unwrap(),
            EngineOptions::default()
        );
    }

    #[test]
    fn filters_take_one_value_or_a_list() {
        let f =
            RuleFilter::from_json(r#"{"severity": ["major", "critical"], "section": "principle"}"#)
                .unwrap();
        assert_eq!(f.severities, vec![Severity::Major, Severity::Critical]);
        assert_eq!(f.sections, vec![Section::Principle]);
        let e = RuleFilter::from_json(r#"{"severity": "huge"}"#).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_deref()),
            (ErrorCode::InvalidConfig, Some("/severity"))
        );
    }
}
