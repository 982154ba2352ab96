//! The rule catalogue: what each rule is, read from the `# METADATA` block
//! that stands above its `package` line.
//!
//! regorus cannot evaluate `rego.metadata.*`, so the engine reads the block
//! itself. The block is OPA's annotation format (YAML in comments), so OPA
//! tooling reads the same text; we accept the plain subset our policies use:
//! `key: value` pairs, one nested `custom:` map, and `- item` lists.
//!
//! ```rego
//! # METADATA
//! # title: Acting without prior consent is justified
//! # description: Why the rule exists, in our own words.
//! # custom:
//! #   id: B12
//! #   slug: act-without-consent
//! #   section: behaviour
//! #   severity: critical
//! #   inputs:
//! #     - /actions/*/consent/prior
//! package conduct.rules.b12
//! ```

use crate::error::{Error, ErrorCode, Result};
use crate::model::pointer;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which list of the code a clause comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// "Principles to guide your decisions and actions" (P1–P8).
    Principle,
    /// "Behaviour to display" (B1–B13).
    Behaviour,
}

impl Section {
    pub fn parse(s: &str) -> Option<Section> {
        match s {
            "principle" => Some(Section::Principle),
            "behaviour" => Some(Section::Behaviour),
            _ => None,
        }
    }
}

/// How much a breach of the rule weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Advisory,
    Minor,
    Major,
    Critical,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Advisory => "advisory",
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "advisory" => Severity::Advisory,
            "minor" => Severity::Minor,
            "major" => Severity::Major,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

/// Whether a rule produces findings or is shown for guidance only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Checkable,
    Guidance,
}

impl RuleKind {
    pub fn parse(s: &str) -> Option<RuleKind> {
        match s {
            "checkable" => Some(RuleKind::Checkable),
            "guidance" => Some(RuleKind::Guidance),
            _ => None,
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// The clause id (P1–P8, B1–B13): stable, never renamed.
    pub id: String,
    pub slug: String,
    pub title: String,
    pub section: Section,
    /// The clause of the code of conduct the rule encodes.
    pub clause: String,
    pub severity: Severity,
    pub kind: RuleKind,
    /// JSON Pointer patterns (`*` for any array index) of the input the rule reads.
    pub inputs: Vec<String>,
    /// What the rule checks and why, in our own words.
    pub explanation: String,
    /// False when configuration switched the rule off: it then gives no findings.
    pub enabled: bool,
    /// The Rego package that holds the rule.
    #[serde(skip)]
    pub package: String,
}

impl RuleInfo {
    /// Catalogue order: principles before behaviour, then by clause number.
    pub fn order_key(&self) -> (Section, u32, &str) {
        let n = self.id.trim_start_matches(|c: char| !c.is_ascii_digit());
        (self.section, n.parse().unwrap_or(u32::MAX), &self.id)
    }

    /// The Rego rule that holds this rule's findings: its VM entry point.
    pub fn entry_point(&self) -> String {
        format!("data.{}.findings", self.package)
    }

    /// Whether a change at `changed` (a JSON Pointer's tokens) can alter what
    /// the rule reads: a declared input pattern lies under the change or the
    /// change lies under it. A rule that declares no inputs reads everything.
    pub fn reads(&self, changed: &[String]) -> bool {
        self.inputs.is_empty()
            || self.inputs.iter().any(|pattern| {
                pattern.split('/').skip(1).zip(changed).all(|(want, got)| {
                    want == "*"
                        || if want.contains('~') {
                            pointer::unescape(want) == *got
                        } else {
                            want == got
                        }
                })
            })
    }
}

/// Every checkable rule's findings by id: what the interpreter evaluates, in
/// one evaluation. (The VM runs each rule's own entry point instead.)
pub const GATHER_RULE: &str = "data.conduct.engine.findings";

/// A module that collects every checkable rule's findings in one object, so
/// that one interpreter evaluation serves the whole catalogue.
pub fn gather_module(rules: &[RuleInfo]) -> String {
    let mut src = String::from("package conduct.engine\n\nfindings := {\n");
    for r in rules.iter().filter(|r| r.kind == RuleKind::Checkable) {
        src.push_str(&format!(
            "\t\"{}\": {{f | some f in data.{}.findings}},\n",
            r.id, r.package
        ));
    }
    src.push_str("}\n");
    src
}

/// A parsed metadata value: a scalar, a list, or the nested `custom` map.
#[derive(Debug, Clone, PartialEq)]
enum Meta {
    Scalar(String),
    List(Vec<String>),
    Map(BTreeMap<String, Meta>),
}

/// Reads the catalogue entry of the policy `source` (loaded from `path`).
/// Returns `Ok(None)` for a module without a METADATA block naming an `id`
/// (a helper library, for instance).
pub fn read_rule(path: &str, source: &str) -> Result<Option<RuleInfo>> {
    let Some(block) = metadata_block(source) else {
        return Ok(None);
    };
    let fields = parse_block(&block).map_err(|m| bad(path, m))?;
    let Some(Meta::Map(custom)) = fields.get("custom") else {
        return Ok(None);
    };
    let Some(Meta::Scalar(id)) = custom.get("id") else {
        return Ok(None);
    };
    let text = |map: &BTreeMap<String, Meta>, key: &str| -> Result<String> {
        match map.get(key) {
            Some(Meta::Scalar(s)) if !s.is_empty() => Ok(s.clone()),
            _ => Err(bad(path, format!("metadata needs a non-empty `{key}`"))),
        }
    };
    let section = text(custom, "section")?;
    let section = Section::parse(&section)
        .ok_or_else(|| bad(path, format!("unknown section `{section}`")))?;
    let severity = text(custom, "severity")?;
    let severity = Severity::parse(&severity)
        .ok_or_else(|| bad(path, format!("unknown severity `{severity}`")))?;
    let kind = match custom.get("checkable") {
        None => RuleKind::Checkable,
        Some(Meta::Scalar(s)) if s == "true" => RuleKind::Checkable,
        Some(Meta::Scalar(s)) if s == "false" => RuleKind::Guidance,
        Some(_) => return Err(bad(path, "`checkable` must be true or false")),
    };
    let inputs = match custom.get("inputs") {
        Some(Meta::List(items)) => items.clone(),
        None if kind == RuleKind::Guidance => Vec::new(),
        _ => {
            return Err(bad(
                path,
                "metadata needs an `inputs` list of JSON Pointer patterns",
            ))
        }
    };
    if let Some(p) = inputs.iter().find(|p| !p.starts_with('/')) {
        return Err(bad(
            path,
            format!("input `{p}` is not a JSON Pointer pattern"),
        ));
    }
    let package = package_of(source).ok_or_else(|| bad(path, "no `package` line"))?;
    Ok(Some(RuleInfo {
        id: id.clone(),
        slug: text(custom, "slug")?,
        title: text(&fields, "title")?,
        section,
        clause: custom
            .get("clause")
            .and_then(|m| match m {
                Meta::Scalar(s) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.clone()),
        severity,
        kind,
        inputs,
        explanation: text(&fields, "description")?,
        enabled: true,
        package,
    }))
}

fn bad(path: &str, message: impl Into<String>) -> Error {
    Error::new(
        ErrorCode::PolicyError,
        format!("{path}: {}", message.into()),
    )
}

/// The comment lines after `# METADATA`, without their `#` and one space.
fn metadata_block(source: &str) -> Option<Vec<&str>> {
    let mut lines = source.lines().map(str::trim_end);
    lines.find(|l| l.trim() == "# METADATA")?;
    Some(
        lines
            .map_while(|l| l.trim_start().strip_prefix('#'))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect(),
    )
}

fn package_of(source: &str) -> Option<String> {
    source.lines().find_map(|l| {
        l.trim()
            .strip_prefix("package ")
            .map(|p| p.trim().to_string())
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Parses the YAML subset described in the module documentation.
fn parse_block(lines: &[&str]) -> std::result::Result<BTreeMap<String, Meta>, String> {
    let mut top = BTreeMap::new();
    let mut i = 0;
    parse_map(lines, &mut i, 0, &mut top)?;
    if i < lines.len() {
        return Err(format!("cannot read metadata line `{}`", lines[i].trim()));
    }
    Ok(top)
}

fn parse_map(
    lines: &[&str],
    i: &mut usize,
    indent: usize,
    out: &mut BTreeMap<String, Meta>,
) -> std::result::Result<(), String> {
    while *i < lines.len() {
        let line = lines[*i];
        if line.trim().is_empty() {
            *i += 1;
            continue;
        }
        if indent_of(line) < indent {
            return Ok(());
        }
        if indent_of(line) > indent {
            return Err(format!("unexpected indentation at `{}`", line.trim()));
        }
        let (key, rest) = line
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("expected `key: value`, found `{}`", line.trim()))?;
        let key = key.trim().to_string();
        let rest = rest.trim();
        *i += 1;
        let value = if !rest.is_empty() {
            // A plain scalar may continue on more-indented lines.
            let mut text = unquote(rest);
            while *i < lines.len()
                && indent_of(lines[*i]) > indent
                && !lines[*i].trim().starts_with("- ")
                && !lines[*i].trim().is_empty()
            {
                text.push(' ');
                text.push_str(lines[*i].trim());
                *i += 1;
            }
            Meta::Scalar(text)
        } else if *i < lines.len() && lines[*i].trim_start().starts_with("- ") {
            let mut items = Vec::new();
            while *i < lines.len() && lines[*i].trim_start().starts_with("- ") {
                items.push(unquote(lines[*i].trim_start()[2..].trim()));
                *i += 1;
            }
            Meta::List(items)
        } else if *i < lines.len() && indent_of(lines[*i]) > indent {
            let mut nested = BTreeMap::new();
            parse_map(lines, i, indent_of(lines[*i]), &mut nested)?;
            Meta::Map(nested)
        } else {
            Meta::Scalar(String::new())
        };
        if out.insert(key.clone(), value).is_some() {
            return Err(format!("`{key}` is given twice"));
        }
    }
    Ok(())
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "# METADATA\n# title: A title\n# description: First line\n#   and more.\n# custom:\n#   id: B12\n#   slug: act\n#   section: behaviour\n#   severity: critical\n#   inputs:\n#     - /actions/*/consent\n#     - \"/actions/*/justification\"\npackage conduct.rules.b12\n";

    #[test]
    fn reads_the_metadata_block() {
        let r = read_rule("b12.rego", RULE).unwrap().unwrap();
        assert_eq!(r.id, "B12");
        assert_eq!(r.clause, "B12");
        assert_eq!(r.explanation, "First line and more.");
        assert_eq!(
            r.inputs,
            vec!["/actions/*/consent", "/actions/*/justification"]
        );
        assert_eq!(r.package, "conduct.rules.b12");
        assert_eq!(r.severity, Severity::Critical);
    }

    #[test]
    fn names_what_is_wrong() {
        let broken = RULE.replace("critical", "catastrophic");
        let e = read_rule("b12.rego", &broken).unwrap_err();
        assert!(e.message.contains("catastrophic"), "{}", e.message);
        let no_inputs = RULE.replace(
            "#   inputs:\n#     - /actions/*/consent\n#     - \"/actions/*/justification\"\n",
            "",
        );
        assert!(read_rule("b12.rego", &no_inputs)
            .unwrap_err()
            .message
            .contains("inputs"));
    }

    #[test]
    fn a_library_has_no_entry() {
        assert_eq!(
            read_rule("lib.rego", "package conduct.lib\n").unwrap(),
            None
        );
    }
}
