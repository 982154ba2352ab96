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
use crate::rules::messages::Messages;
use crate::run::value::{Key, Val};
use std::collections::BTreeMap;
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
        let mut findings = Vec::new();
        self.read_findings(rule, produced, &mut findings)?;
        if findings.is_empty() {
            findings.push(self.finding(
                rule,
                Status::NotApplicable,
                String::new(),
                "finding.not_applicable",
                BTreeMap::new(),
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
            let field = |name: &str| item.index(&Val::str(name));
            let status = match field("status") {
                Some(Val::Str(s)) => {
                    Status::parse(s).ok_or_else(|| broken(format!("unknown status `{s}`")))?
                }
                _ => return Err(broken("a finding has no `status` string".into())),
            };
            let subject = match field("subject") {
                Some(v) => to_pointer(v)
                    .ok_or_else(|| broken("`subject` must be a list of path tokens".into()))?,
                None => String::new(),
            };
            let key = match field("key") {
                Some(Val::Str(s)) => s.to_string(),
                None => format!("{}.{}", rule.id, status.as_str()),
                Some(_) => return Err(broken("`key` must be a string".into())),
            };
            let params = read_params(field("params"))
                .ok_or_else(|| broken("`params` must be an object".into()))?;
            let mut missing = Vec::new();
            match field("missing") {
                None => {}
                Some(Val::Set(items) | Val::Arr(items)) => {
                    self.read_missing(items, &mut missing).map_err(broken)?
                }
                Some(_) => return Err(broken("`missing` must be a list".into())),
            }
            out.push(self.finding(rule, status, subject, &key, params, missing));
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
            let field = |name: &str| item.index(&Val::str(name));
            let Some(Val::Str(element)) = field("element") else {
                return Err("a missing element needs an `element` string".into());
            };
            let path = field("path")
                .and_then(to_pointer)
                .ok_or("a missing element needs a `path` list of tokens")?;
            let Some(Val::Str(key)) = field("key") else {
                return Err("a missing element needs a message `key`".into());
            };
            let mut params = read_params(field("params")).ok_or("`params` must be an object")?;
            params
                .entry("element".into())
                .or_insert_with(|| element.to_string());
            out.push(Missing {
                element: element.to_string(),
                path,
                message: self.messages.render(&self.locale, key, &params),
            });
        }
        Ok(())
    }

    fn finding(
        &self,
        rule: &RuleInfo,
        status: Status,
        subject: String,
        key: &str,
        mut params: BTreeMap<String, String>,
        missing: Vec<Missing>,
    ) -> Finding {
        params
            .entry("rule".into())
            .or_insert_with(|| rule.id.clone());
        params
            .entry("count".into())
            .or_insert_with(|| missing.len().to_string());
        if !missing.is_empty() {
            let mut unique: Vec<&str> = missing.iter().map(|m| m.element.as_str()).collect();
            unique.dedup();
            params
                .entry("elements".into())
                .or_insert_with(|| unique.join(", "));
        }
        Finding {
            rule: rule.id.clone(),
            title: self.messages.rule_text(&self.locale, rule, "title"),
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

fn read_params(v: Option<&Val>) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    match v {
        None => {}
        Some(obj) if obj.is_object() => {
            for (k, v) in obj.entries() {
                let k = match k {
                    Key::Field(f) => f.name().to_string(),
                    Key::Val(Val::Str(s)) => s.to_string(),
                    Key::Val(_) => return None,
                };
                out.insert(k, param_text(v));
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
