//! From what a rule produced to findings, and from findings to a verdict.
//!
//! Rules report findings as values with the shape `policies/lib/conduct.rego`
//! documents: `{subject, status, key, params, missing}`, where `subject` and
//! each gap's `path` are lists of path tokens and `key` names a message.
//! This module checks that contract (partner rules may break it), turns
//! tokens into JSON Pointers and keys into words.

pub mod verdict;

use crate::error::{Error, Result};
use crate::model::pointer;
use crate::rules::catalogue::RuleInfo;
use crate::rules::messages::{Messages, Params};
use crate::run::compiled::f;
use crate::run::value::{Key, Val};
use verdict::{Finding, Missing, RulesetInfo, Status, Verdict};

/// Renders findings in one locale.
pub struct Renderer<'e> {
    messages: &'e Messages,
    locale: String,
}

impl<'e> Renderer<'e> {
    pub fn new(messages: &'e Messages, locale: String) -> Renderer<'e> {
        Renderer { messages, locale }
    }

    /// The findings of one rule, from what it produced, in subject order.
    /// A rule that produced none is reported not applicable, so that every
    /// checkable rule is accounted for in every verdict.
    pub fn rule(&self, rule: &RuleInfo, produced: Option<&Val>) -> Result<Vec<Finding>> {
        let title = self.messages.rule_text(&self.locale, rule, "title");
        let mut findings = Vec::new();
        self.read_findings(rule, &title, produced, &mut findings)?;
        if findings.is_empty() {
            findings.push(self.finding(
                rule,
                &title,
                Status::NotApplicable,
                String::new(),
                "finding.not_applicable",
                Params::new(),
                Vec::new(),
            ));
        }
        findings.sort_by(|a, b| pointer::compare(&a.subject, &b.subject));
        Ok(findings)
    }

    /// Reads the findings a rule produced, checking the rule contract.
    fn read_findings(
        &self,
        rule: &RuleInfo,
        title: &str,
        produced: Option<&Val>,
        out: &mut Vec<Finding>,
    ) -> Result<()> {
        let broken = |what: String| {
            Error::policy(format!(
                "rule {} broke the finding contract: {what}",
                rule.id
            ))
        };
        let items: &[Val] = match produced {
            None => &[],
            Some(Val::Set(items) | Val::Arr(items)) => items,
            Some(other) => {
                return Err(broken(format!(
                    "`findings` is {}, not a set",
                    kind_of(other)
                )))
            }
        };
        for item in items {
            if !item.is_object() {
                return Err(broken(format!(
                    "a finding is {}, not an object",
                    kind_of(item)
                )));
            }
            let status = match item.get(f::STATUS) {
                Some(Val::Str(s)) => {
                    Status::parse(s).ok_or_else(|| broken(format!("unknown status `{s}`")))?
                }
                _ => return Err(broken("a finding has no `status` string".into())),
            };
            let subject = match item.get(f::SUBJECT) {
                Some(v) => to_pointer(v)
                    .ok_or_else(|| broken("`subject` must be a list of path tokens".into()))?,
                None => String::new(),
            };
            let default_key;
            let key: &str = match item.get(f::KEY) {
                Some(Val::Str(s)) => s,
                None => {
                    default_key = format!("{}.{}", rule.id, status.as_str());
                    &default_key
                }
                Some(_) => return Err(broken("`key` must be a string".into())),
            };
            let params = read_params(item.get(f::PARAMS))
                .ok_or_else(|| broken("`params` must be an object".into()))?;
            let mut missing = Vec::new();
            match item.get(f::MISSING) {
                None => {}
                Some(Val::Set(items) | Val::Arr(items)) => {
                    self.read_missing(items, &mut missing).map_err(broken)?
                }
                Some(_) => return Err(broken("`missing` must be a list".into())),
            }
            out.push(self.finding(rule, title, status, subject, key, params, missing));
        }
        Ok(())
    }

    fn read_missing(
        &self,
        items: &[Val],
        out: &mut Vec<Missing>,
    ) -> std::result::Result<(), String> {
        for item in items {
            if !item.is_object() {
                return Err("a missing element must be an object".into());
            }
            let Some(Val::Str(element)) = item.get(f::ELEMENT) else {
                return Err("a missing element needs an `element` string".into());
            };
            let path = item
                .get(f::PATH)
                .and_then(to_pointer)
                .ok_or("a missing element needs a `path` list of tokens")?;
            let Some(Val::Str(key)) = item.get(f::KEY) else {
                return Err("a missing element needs a message `key`".into());
            };
            let mut params =
                read_params(item.get(f::PARAMS)).ok_or("`params` must be an object")?;
            params.or_set("element", || element.to_string());
            out.push(Missing {
                element: element.to_string(),
                path,
                message: self.messages.render(&self.locale, key, &params),
            });
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        rule: &RuleInfo,
        title: &str,
        status: Status,
        subject: String,
        key: &str,
        mut params: Params,
        missing: Vec<Missing>,
    ) -> Finding {
        params.or_set("rule", || rule.id.clone());
        params.or_set("count", || missing.len().to_string());
        if !missing.is_empty() {
            params.or_set("elements", || {
                let mut unique: Vec<&str> = missing.iter().map(|m| m.element.as_str()).collect();
                unique.dedup();
                unique.join(", ")
            });
        }
        Finding {
            rule: rule.id.clone(),
            title: title.to_string(),
            status,
            severity: rule.severity,
            subject,
            message: self.messages.render(&self.locale, key, &params),
            clause: rule.clause.clone(),
            missing,
        }
    }
}

/// The verdict made of `findings`: its outcome is the worst status.
pub fn verdict(ruleset: RulesetInfo, incident: Option<String>, findings: Vec<Finding>) -> Verdict {
    let outcome = findings
        .iter()
        .map(|f| f.status)
        .max()
        .unwrap_or(Status::NotApplicable);
    Verdict {
        incident,
        outcome,
        ruleset,
        findings,
    }
}

/// "an object", "a string"…: a value's kind, for messages.
pub(crate) fn kind_of(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "a boolean",
        Val::Int(_) | Val::Float(_) => "a number",
        Val::Str(_) => "a string",
        Val::Arr(_) => "an array",
        Val::Set(_) => "a set",
        Val::Obj(_) | Val::Rec(_) => "an object",
    }
}

/// Path tokens (or a ready pointer string) as a JSON Pointer.
fn to_pointer(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) if s.is_empty() || s.starts_with('/') => Some(s.to_string()),
        Val::Arr(tokens) => {
            let mut p = String::new();
            for t in tokens.iter() {
                match t {
                    Val::Str(s) => pointer::push(&mut p, s),
                    Val::Int(n) if *n >= 0 => pointer::push_index(&mut p, *n as usize),
                    _ => return None,
                }
            }
            Some(p)
        }
        _ => None,
    }
}

fn read_params(v: Option<&Val>) -> Option<Params<'_>> {
    let mut out = Params::new();
    match v {
        None => {}
        Some(obj) if obj.is_object() => {
            for (k, v) in obj.entries() {
                let k: &str = match k {
                    Key::Field(f) => f.name(),
                    Key::Val(Val::Str(s)) => s,
                    Key::Val(_) => return None,
                };
                out.set(k, param_text(v));
            }
        }
        Some(_) => return None,
    }
    Some(out)
}

fn param_text(v: &Val) -> String {
    match v {
        Val::Str(s) => s.to_string(),
        Val::Arr(items) | Val::Set(items) => {
            items.iter().map(param_text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_json(),
    }
}
