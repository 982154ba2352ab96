//! Configuration: the thresholds and word lists rules read as data.
//!
//! Defaults live in `policies/config/default.json`; partners override any
//! key. Rules see the effective configuration as `data.conduct.config`.

use crate::error::{Error, ErrorCode, Problem, Result};
use crate::model::pointer;
use crate::rules::catalogue::Severity;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

const DEFAULT: &str = include_str!("../../policies/config/default.json");

/// The effective configuration of an engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Fewest characters (after trimming) an explanation needs to count as
    /// one of substance.
    pub min_explanation_length: u64,
    /// Texts that stand in for an explanation without giving one ("n/a",
    /// "see above"); compared case-insensitively, ignoring surrounding space.
    pub placeholder_phrases: Vec<String>,
    /// Names by which an incident may refer to the member themself, e.g. as
    /// the only beneficiary of an action.
    pub self_references: Vec<String>,
    /// Days allowed between discovering that an agreement cannot be kept and
    /// telling the parties (P3, "as soon as you can").
    pub agreement_notice_days: u64,
    /// Days allowed between learning of an obstacle to a promise and telling
    /// the other party (P6, "timely").
    pub promise_notice_days: u64,
    /// Years a member's last training keeps their skills current (B7).
    pub training_valid_years: u64,
    /// Days allowed for reporting a deficiency once learned of (B11); `None`
    /// sets no deadline.
    pub deficiency_report_days: Option<u64>,
    /// The qualification names a platform recognises (B2); a qualification
    /// the member holds under another name does not count. Empty: all count.
    pub recognised_qualifications: Vec<String>,
    /// Per-rule settings by rule id: switch a rule off, or change its severity.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Extra message texts by locale and key: a whole new locale, or single
    /// texts that replace built-in ones.
    #[serde(skip)]
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    /// Extra labels by locale and key (a pointer pattern of the incident
    /// model or under `/extensions/`, `element:<name>`, `status:<status>`):
    /// labels for a partner's own fields or locale, or ones that replace
    /// built-in ones.
    #[serde(skip)]
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
}

/// Settings for one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSettings {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

impl Default for Config {
    fn default() -> Self {
        let defaults: Json = serde_json::from_str(DEFAULT).expect("default config is valid JSON");
        Config::from_overrides_of(None, &defaults).expect("default config is valid")
    }
}

impl Config {
    /// The defaults with the keys of `overrides` (a JSON object) applied.
    ///
    /// ```
    /// use conduct_engine::Config;
    /// let c = Config::with_overrides(r#"{"minExplanationLength": 40}"#).unwrap();
    /// assert_eq!(c.min_explanation_length, 40);
    /// let e = Config::with_overrides(r#"{"minExplanationLenght": 40}"#).unwrap_err();
    /// assert_eq!(e.path.as_deref(), Some("/minExplanationLenght"));
    /// ```
    pub fn with_overrides(overrides_json: &str) -> Result<Config> {
        let overrides: Json = serde_json::from_str(overrides_json).map_err(|e| {
            Error::at(
                ErrorCode::InvalidConfig,
                "",
                format!("configuration is not valid JSON: {e}"),
            )
        })?;
        Config::from_overrides_of(Some(Config::default()), &overrides)
    }

    fn from_overrides_of(base: Option<Config>, overrides: &Json) -> Result<Config> {
        let Json::Object(map) = overrides else {
            return Err(Error::at(
                ErrorCode::InvalidConfig,
                "",
                "configuration must be a JSON object",
            ));
        };
        let mut problems = Vec::new();
        let mut cfg = base.unwrap_or(Config {
            min_explanation_length: 0,
            placeholder_phrases: Vec::new(),
            self_references: Vec::new(),
            agreement_notice_days: 0,
            promise_notice_days: 0,
            training_valid_years: 0,
            deficiency_report_days: None,
            recognised_qualifications: Vec::new(),
            rules: BTreeMap::new(),
            messages: BTreeMap::new(),
            labels: BTreeMap::new(),
        });
        for (key, value) in map {
            let path = pointer::child("", key);
            let result = match key.as_str() {
                "minExplanationLength" => {
                    whole(value, 10_000).map(|n| cfg.min_explanation_length = n)
                }
                "agreementNoticeDays" => {
                    whole(value, 36_500).map(|n| cfg.agreement_notice_days = n)
                }
                "promiseNoticeDays" => whole(value, 36_500).map(|n| cfg.promise_notice_days = n),
                "trainingValidYears" => whole(value, 100).map(|n| cfg.training_valid_years = n),
                "deficiencyReportDays" => match value {
                    Json::Null => {
                        cfg.deficiency_report_days = None;
                        Ok(())
                    }
                    v => whole(v, 36_500).map(|n| cfg.deficiency_report_days = Some(n)),
                },
                "placeholderPhrases" => phrases(value).map(|v| cfg.placeholder_phrases = v),
                "recognisedQualifications" => {
                    phrases(value).map(|v| cfg.recognised_qualifications = v)
                }
                "rules" => rule_settings(value, &path, &mut problems).map(|v| cfg.rules = v),
                "messages" => {
                    texts_by_locale(value, "messages", "message key", &path, &mut problems)
                        .map(|v| cfg.messages = v)
                }
                "labels" => texts_by_locale(value, "labels", "label key", &path, &mut problems)
                    .map(|v| cfg.labels = v),
                "selfReferences" => phrases(value).map(|v| cfg.self_references = v),
                _ => Err((
                    None,
                    format!(
                        "unknown configuration key; expected one of: {}",
                        KEYS.join(", ")
                    ),
                )),
            };
            if let Err((item, message)) = result {
                problems.push(Problem {
                    code: ErrorCode::InvalidConfig,
                    path: match item {
                        Some(i) => pointer::index(&path, i),
                        None => path,
                    },
                    message: format!("{key}: {message}"),
                });
            }
        }
        if problems.is_empty() {
            Ok(cfg)
        } else {
            Err(Error::from_problems(problems))
        }
    }

    /// The configuration as rules see it, in canonical (sorted-key) JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&serde_json::to_value(self).expect("config serialises"))
            .expect("config serialises")
    }
}

const KEYS: &[&str] = &[
    "minExplanationLength",
    "placeholderPhrases",
    "selfReferences",
    "agreementNoticeDays",
    "promiseNoticeDays",
    "trainingValidYears",
    "deficiencyReportDays",
    "recognisedQualifications",
    "rules",
    "messages",
    "labels",
];

/// A bad value: the index of the offending array item, if any, and why.
type Bad = (Option<usize>, String);

/// `{"B7": {"enabled": false}, "P5": {"severity": "major"}}`. Whether the ids
/// exist is checked by the engine, which knows the catalogue.
fn rule_settings(
    value: &Json,
    path: &str,
    problems: &mut Vec<Problem>,
) -> std::result::Result<BTreeMap<String, RuleSettings>, Bad> {
    let Json::Object(map) = value else {
        return Err((None, "must be an object of rule settings by rule id".into()));
    };
    let mut out = BTreeMap::new();
    for (id, settings) in map {
        let here = pointer::child(path, id);
        let mut bad = |at: String, message: String| {
            problems.push(Problem {
                code: ErrorCode::InvalidConfig,
                path: at,
                message: format!("rules/{id}: {message}"),
            })
        };
        let Json::Object(fields) = settings else {
            bad(
                here,
                "must be an object with `enabled` and/or `severity`".into(),
            );
            continue;
        };
        let mut rule = RuleSettings {
            enabled: true,
            severity: None,
        };
        for (key, v) in fields {
            match (key.as_str(), v) {
                ("enabled", Json::Bool(b)) => rule.enabled = *b,
                ("severity", Json::String(s)) => match Severity::parse(s) {
                    Some(sev) => rule.severity = Some(sev),
                    None => bad(
                        pointer::child(&here, key),
                        format!(
                            "unknown severity \"{s}\"; expected advisory, minor, major or critical"
                        ),
                    ),
                },
                ("enabled", _) => bad(pointer::child(&here, key), "must be true or false".into()),
                ("severity", _) => bad(pointer::child(&here, key), "must be a string".into()),
                _ => bad(
                    pointer::child(&here, key),
                    "unknown setting; expected enabled, severity".into(),
                ),
            }
        }
        out.insert(id.clone(), rule);
    }
    Ok(out)
}

/// `{"fr": {"B12.violation": "…"}}` (messages) or `{"nl": {"/actions/*/id":
/// "…"}}` (labels): texts by locale and key. Whether the locales and keys
/// exist is checked by the engine, which knows the built-in ones.
fn texts_by_locale(
    value: &Json,
    what: &str,
    key_name: &str,
    path: &str,
    problems: &mut Vec<Problem>,
) -> std::result::Result<BTreeMap<String, BTreeMap<String, String>>, Bad> {
    let Json::Object(locales) = value else {
        return Err((None, "must be an object of texts by locale".into()));
    };
    let mut out = BTreeMap::new();
    for (locale, texts) in locales {
        let here = pointer::child(path, locale);
        let Json::Object(texts) = texts else {
            problems.push(Problem {
                code: ErrorCode::InvalidConfig,
                path: here,
                message: format!("{what}/{locale}: must be an object of texts by {key_name}"),
            });
            continue;
        };
        let mut catalogue = BTreeMap::new();
        for (key, text) in texts {
            match text.as_str() {
                Some(t) => {
                    catalogue.insert(key.clone(), t.to_string());
                }
                None => problems.push(Problem {
                    code: ErrorCode::InvalidConfig,
                    path: pointer::child(&here, key),
                    message: format!("{what}/{locale}/{key}: must be a string"),
                }),
            }
        }
        out.insert(locale.clone(), catalogue);
    }
    Ok(out)
}

/// A whole number from 0 to `max`.
fn whole(value: &Json, max: u64) -> std::result::Result<u64, Bad> {
    match value.as_u64() {
        Some(n) if n <= max => Ok(n),
        _ => Err((None, format!("must be a whole number from 0 to {max}"))),
    }
}

/// A list of phrases, normalised the way rules compare them.
fn phrases(value: &Json) -> std::result::Result<Vec<String>, Bad> {
    let Json::Array(items) = value else {
        return Err((None, "must be an array of strings".into()));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v.as_str() {
            Some(s) => Ok(normalise_phrase(s)),
            None => Err((Some(i), "every item must be a string".into())),
        })
        .collect()
}

/// Lower case and trimmed: the same normalisation `conduct.lib` applies to
/// the text it compares with these phrases.
pub fn normalise_phrase(s: &str) -> String {
    s.trim().to_lowercase()
}
