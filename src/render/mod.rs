//! From what a rule produced to findings, and from findings to a verdict.
//!
//! Rules report findings as values with the shape `policies/lib/conduct.rego`
//! documents: `{subject, status, key, params, missing}`, where `subject` and
//! each gap's `path` are lists of path tokens and `key` names a message.
//! This module checks that contract (partner rules may break it), turns
//! tokens into JSON Pointers and keys into words.
//!
//! Findings are first read into [`Draft`]s, which borrow what the rules
//! produced. A draft becomes a [`Finding`] (the Rust API), or is written
//! straight into a verdict's JSON text ([`json`]), messages and all, with no
//! string built in between: the path JavaScript callers take.

pub mod json;
pub mod verdict;

use crate::error::{Error, Result};
use crate::model::pointer;
use crate::rules::catalogue::RuleInfo;
use crate::rules::labels::{Labels, LocaleLabels};
use crate::rules::messages::{Messages, Params};
use crate::run::compiled::f;
use crate::run::value::{Key, Val};
use std::borrow::Cow;
use verdict::{Finding, Missing, RulesetInfo, Status, Verdict};

/// Renders findings in one locale.
pub struct Renderer<'e> {
    messages: &'e Messages,
    /// The locale's labels, resolved once for the whole rendering.
    labels: LocaleLabels<'e>,
    locale: String,
}

/// One finding as a rule produced it, checked, not yet in words.
pub struct Draft<'v> {
    pub status: Status,
    /// JSON Pointer of the part of the incident the finding is about.
    pub subject: String,
    pub key: Cow<'v, str>,
    pub params: Params<'v>,
    pub missing: Vec<MissingDraft<'v>>,
}

/// One missing or failing element, not yet in words.
pub struct MissingDraft<'v> {
    pub element: &'v str,
    pub path: String,
    pub key: &'v str,
    pub params: Params<'v>,
}

impl<'e> Renderer<'e> {
    pub fn new(messages: &'e Messages, labels: &'e Labels, locale: String) -> Renderer<'e> {
        Renderer {
            messages,
            labels: labels.locale(&locale),
            locale,
        }
    }

    pub fn messages(&self) -> &'e Messages {
        self.messages
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The labels of this rendering's locale.
    pub fn labels(&self) -> LocaleLabels<'e> {
        self.labels
    }

    /// The findings of one rule, from what it produced, in subject order.
    /// A rule that produced none is reported not applicable, so that every
    /// checkable rule is accounted for in every verdict.
    pub fn rule(&self, rule: &RuleInfo, produced: Option<&Val>) -> Result<Vec<Finding>> {
        let title = self.messages.rule_text(&self.locale, rule, "title");
        Ok(self
            .drafts(rule, produced)?
            .into_iter()
            .map(|d| self.finding(rule, &title, d))
            .collect())
    }

    /// The drafts of one rule's findings, in subject order (a rule that
    /// produced none gets one `not_applicable` draft).
    pub fn drafts<'v>(
        &self,
        rule: &'v RuleInfo,
        produced: Option<&'v Val>,
    ) -> Result<Vec<Draft<'v>>> {
        let mut drafts = read_drafts(rule, produced)?;
        if drafts.is_empty() {
            drafts.push(Draft {
                status: Status::NotApplicable,
                subject: String::new(),
                key: Cow::Borrowed("finding.not_applicable"),
                params: Params::new(),
                missing: Vec::new(),
            });
        }
        drafts.sort_by(|a, b| pointer::compare(&a.subject, &b.subject));
        Ok(drafts)
    }

    /// A finding's message, written into `out` as a JSON string.
    pub fn finding_message_json(&self, out: &mut String, rule: &RuleInfo, draft: &Draft) {
        self.messages
            .render_json(out, &self.locale, &draft.key, &draft.params, &|name| {
                self.finding_param(rule, draft, name)
            });
    }

    /// A gap's message, written into `out` as a JSON string.
    pub fn gap_message_json(&self, out: &mut String, m: &MissingDraft) {
        self.messages
            .render_json(out, &self.locale, m.key, &m.params, &|name| {
                self.gap_param(m, name)
            });
    }

    /// The label of a gap's field, in words.
    pub fn gap_label<'a>(&self, m: &MissingDraft<'a>) -> &'a str
    where
        'e: 'a,
    {
        self.labels.gap(m.element, &m.path)
    }

    /// The parameters the engine gives every finding's message, computed
    /// only when its text asks for one: `rule`, `count` (of gaps), `status`
    /// (in words) and `elements` (the gaps' elements, in words).
    fn finding_param<'a>(
        &self,
        rule: &'a RuleInfo,
        draft: &Draft<'a>,
        name: &str,
    ) -> Option<Cow<'a, str>>
    where
        'e: 'a,
    {
        Some(match name {
            "rule" => Cow::Borrowed(rule.id.as_str()),
            "count" => Cow::Owned(draft.missing.len().to_string()),
            "status" => Cow::Borrowed(self.labels.status(draft.status)),
            "elements" if !draft.missing.is_empty() => {
                let mut words: Vec<&str> = draft
                    .missing
                    .iter()
                    .map(|m| self.element_words(m))
                    .collect();
                words.dedup();
                Cow::Owned(words.join(", "))
            }
            _ => return None,
        })
    }

    /// The parameters the engine gives every gap's message: `element` (the
    /// element, in words) and `label` (its field, in words).
    fn gap_param<'a>(&self, m: &MissingDraft<'a>, name: &str) -> Option<Cow<'a, str>>
    where
        'e: 'a,
    {
        match name {
            "element" => Some(Cow::Borrowed(self.element_words(m))),
            "label" => Some(Cow::Borrowed(self.gap_label(m))),
            _ => None,
        }
    }

    /// A gap's element in words: its own label, else its field's.
    fn element_words<'a>(&self, m: &MissingDraft<'a>) -> &'a str
    where
        'e: 'a,
    {
        self.labels
            .element(m.element)
            .unwrap_or_else(|| self.gap_label(m))
    }

    fn finding(&self, rule: &RuleInfo, title: &str, draft: Draft) -> Finding {
        let missing = draft
            .missing
            .iter()
            .map(|m| Missing {
                element: m.element.to_string(),
                path: m.path.clone(),
                label: self.gap_label(m).to_string(),
                message: self
                    .messages
                    .render_derived(&self.locale, m.key, &m.params, &|name| {
                        self.gap_param(m, name)
                    }),
            })
            .collect();
        let message =
            self.messages
                .render_derived(&self.locale, &draft.key, &draft.params, &|name| {
                    self.finding_param(rule, &draft, name)
                });
        Finding {
            rule: rule.id.clone(),
            title: title.to_string(),
            status: draft.status,
            severity: rule.severity,
            subject: draft.subject,
            message,
            clause: rule.clause.clone(),
            missing,
        }
    }
}

/// Reads the findings a rule produced, checking the rule contract.
fn read_drafts<'v>(rule: &'v RuleInfo, produced: Option<&'v Val>) -> Result<Vec<Draft<'v>>> {
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
    let mut out = Vec::with_capacity(items.len());
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
        let key = match item.get(f::KEY) {
            Some(Val::Str(s)) => Cow::Borrowed(&**s),
            // Without a key: the rule's own for the status.
            None => Cow::Owned(format!("{}.{}", rule.id, status.as_str())),
            Some(_) => return Err(broken("`key` must be a string".into())),
        };
        let params = read_params(item.get(f::PARAMS))
            .ok_or_else(|| broken("`params` must be an object".into()))?;
        let mut missing = Vec::new();
        match item.get(f::MISSING) {
            None => {}
            Some(Val::Set(items) | Val::Arr(items)) => {
                read_missing(items, &mut missing).map_err(broken)?
            }
            Some(_) => return Err(broken("`missing` must be a list".into())),
        }
        out.push(Draft {
            status,
            subject,
            key,
            params,
            missing,
        });
    }
    Ok(out)
}

fn read_missing<'v>(
    items: &'v [Val],
    out: &mut Vec<MissingDraft<'v>>,
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
        let params = read_params(item.get(f::PARAMS)).ok_or("`params` must be an object")?;
        out.push(MissingDraft {
            element,
            path,
            key,
            params,
        });
    }
    Ok(())
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
        Val::Obj(_) | Val::Rec(..) => "an object",
    }
}

/// Path tokens (or a ready pointer string) as a JSON Pointer.
fn to_pointer(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) if s.is_empty() || s.starts_with('/') => Some(s.to_string()),
        Val::Arr(tokens) => {
            let mut p = String::with_capacity(32);
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
                match v {
                    Val::Str(s) => out.set(k, &**s),
                    other => out.set(k, param_text(other)),
                }
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
