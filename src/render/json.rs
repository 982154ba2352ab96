//! A verdict written straight into JSON text from the drafts of its
//! findings: the same bytes `Verdict::to_json()` gives for the same verdict
//! (tests hold the two together), without building the `Finding` strings in
//! between.

use super::{Draft, Renderer};
use crate::render::verdict::{RulesetInfo, Status};
use crate::rules::catalogue::RuleInfo;
use crate::run::value::write_json_str;

/// The findings of a verdict, written as they come; then the verdict
/// around them.
pub struct VerdictWriter {
    findings: String,
    outcome: Status,
    any: bool,
}

impl VerdictWriter {
    pub fn new() -> VerdictWriter {
        VerdictWriter::with_capacity(0)
    }

    /// A writer that expects about `bytes` of findings.
    pub fn with_capacity(bytes: usize) -> VerdictWriter {
        VerdictWriter {
            findings: String::with_capacity(bytes),
            outcome: Status::NotApplicable,
            any: false,
        }
    }

    /// Writes one finding (`title` is the rule's, in the renderer's locale).
    pub fn finding(&mut self, renderer: &Renderer, rule: &RuleInfo, title: &str, draft: &Draft) {
        let out = &mut self.findings;
        self.outcome = self.outcome.max(draft.status);
        if self.any {
            out.push(',');
        }
        self.any = true;
        out.push_str("{\"rule\":");
        write_json_str(&rule.id, out);
        out.push_str(",\"title\":");
        write_json_str(title, out);
        out.push_str(",\"status\":\"");
        out.push_str(draft.status.as_str());
        out.push_str("\",\"severity\":\"");
        out.push_str(rule.severity.as_str());
        out.push_str("\",\"subject\":");
        write_json_str(&draft.subject, out);
        out.push_str(",\"message\":");
        renderer.finding_message_json(out, rule, draft);
        out.push_str(",\"clause\":");
        write_json_str(&rule.clause, out);
        if !draft.missing.is_empty() {
            out.push_str(",\"missing\":[");
            for (i, m) in draft.missing.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"element\":");
                write_json_str(m.element, out);
                out.push_str(",\"path\":");
                write_json_str(&m.path, out);
                out.push_str(",\"label\":");
                write_json_str(renderer.gap_label(m), out);
                out.push_str(",\"message\":");
                renderer.gap_message_json(out, m);
                out.push('}');
            }
            out.push(']');
        }
        out.push('}');
    }

    /// Writes a finding already written as JSON (see [`VerdictWriter::into_findings`]).
    pub fn written(&mut self, json: &str, status: Status) {
        self.outcome = self.outcome.max(status);
        if self.any {
            self.findings.push(',');
        }
        self.any = true;
        self.findings.push_str(json);
    }

    /// The findings written so far, comma-separated, and their worst status.
    pub fn into_findings(self) -> (String, Status) {
        (self.findings, self.outcome)
    }

    /// The verdict's JSON text.
    pub fn finish(self, incident: Option<&str>, ruleset: &RulesetInfo) -> String {
        let mut out = String::with_capacity(self.findings.len() + 256);
        out.push('{');
        if let Some(id) = incident {
            out.push_str("\"incident\":");
            write_json_str(id, &mut out);
            out.push(',');
        }
        out.push_str("\"outcome\":\"");
        out.push_str(self.outcome.as_str());
        out.push_str("\",\"ruleset\":{\"name\":");
        write_json_str(&ruleset.name, &mut out);
        out.push_str(",\"version\":");
        write_json_str(&ruleset.version, &mut out);
        out.push_str(",\"digest\":");
        write_json_str(&ruleset.digest, &mut out);
        out.push_str("},\"findings\":[");
        out.push_str(&self.findings);
        out.push_str("]}");
        out
    }
}

impl Default for VerdictWriter {
    fn default() -> Self {
        VerdictWriter::new()
    }
}
