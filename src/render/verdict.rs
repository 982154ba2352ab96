//! What an evaluation returns.

use crate::rules::catalogue::Severity;
use serde::Serialize;

/// The status of one finding, ordered from best to worst so that an
/// incident's outcome is simply the maximum over its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The rule does not apply to this part of the incident.
    NotApplicable,
    /// The rule applies and holds.
    Compliant,
    /// The rule applies but a required element is missing or too weak to judge.
    Incomplete,
    /// The facts given break the rule.
    Violation,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "not_applicable" => Status::NotApplicable,
            "compliant" => Status::Compliant,
            "incomplete" => Status::Incomplete,
            "violation" => Status::Violation,
            _ => return None,
        })
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Status::NotApplicable => "not_applicable",
            Status::Compliant => "compliant",
            Status::Incomplete => "incomplete",
            Status::Violation => "violation",
        }
    }
}

/// The rule set a verdict was reached with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RulesetInfo {
    pub name: String,
    pub version: String,
    /// `sha256:` over the policies, messages and effective configuration: two
    /// engines with the same digest judge every incident the same way.
    pub digest: String,
}

/// One missing or failing element of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// The element's name (for B12: `legal`, `ethical`, `beneficial`, `minimal`).
    pub element: String,
    /// JSON Pointer of the input field to fill in or correct.
    pub path: String,
    /// What that field is called, in the verdict's locale (the label of its
    /// pointer pattern: `/actions/*/justification/legal/basis` is "legal
    /// basis"), for a form to name the field it marks.
    pub label: String,
    pub message: String,
}

/// What one rule concluded about one part of the incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub status: Status,
    pub severity: Severity,
    /// JSON Pointer of the part of the incident the finding is about
    /// (`""` for the incident as a whole).
    pub subject: String,
    pub message: String,
    pub clause: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Missing>,
}

/// The judgement of one incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The incident's `id`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// The worst status over all findings.
    pub outcome: Status,
    pub ruleset: RulesetInfo,
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// The verdict as compact JSON: the same incident and rule set always
    /// give the same bytes.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a verdict always serialises")
    }
}
