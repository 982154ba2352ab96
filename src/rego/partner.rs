//! Partners' own rules: the contract they must keep and the sandbox they run
//! in.
//!
//! The contract:
//! - every module's package lies under `conduct.partner.` (so no partner can
//!   replace or extend a built-in package);
//! - a rule module has a METADATA block like the built-in rules (see
//!   [`crate::rules::catalogue`]) whose `id` clashes with no other rule;
//! - a rule's `findings` has the built-in shape (`subject`, `status`, `key`,
//!   `params`, `missing`), checked when it first produces findings;
//! - messages for its keys come with the bundle (`messages`), by locale.
//!
//! The sandbox: no network, no clock, no randomness (unless the bundle opts
//! in to randomness); every partner rule runs on the VM under the engine's
//! instruction budget, so a runaway rule stops with `limit_exceeded`.

use crate::error::{Error, ErrorCode, Result, SourceLocation};
use crate::rego::PolicyFile;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The package prefix partner modules must use.
pub const NAMESPACE: &str = "conduct.partner.";

/// What `addPolicies` takes: `{"files": [{"path", "source"}], "messages":
/// {"en": {key: text}}, "allowRandomness": false}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PolicyBundle {
    pub files: Vec<BundleFile>,
    #[serde(default)]
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub allow_randomness: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleFile {
    pub path: String,
    pub source: String,
}

impl PolicyBundle {
    pub fn from_json(json: &str) -> Result<PolicyBundle> {
        serde_json::from_str(json).map_err(|e| {
            Error::at(
                ErrorCode::InvalidJson,
                "",
                format!("not a policy bundle: {e}"),
            )
        })
    }

    /// One file.
    pub fn single(path: &str, source: &str) -> PolicyBundle {
        PolicyBundle {
            files: vec![BundleFile {
                path: path.to_string(),
                source: source.to_string(),
            }],
            ..PolicyBundle::default()
        }
    }

    /// Checks the package namespace and the sandbox, file by file.
    pub(crate) fn checked_files(&self) -> Result<Vec<PolicyFile>> {
        if self.files.is_empty() {
            return Err(Error::policy("the bundle has no files"));
        }
        self.files
            .iter()
            .map(|f| check_file(f, self.allow_randomness))
            .collect()
    }
}

/// Builtins a partner rule may not call: they would make verdicts depend on
/// the network, the clock or chance. Most are not even built in; naming them
/// here gives a clear error either way.
const FORBIDDEN: &[(&str, &str)] = &[
    ("http.send", "network access"),
    ("net.lookup_ip_addr", "network access"),
    ("time.now_ns", "the wall clock"),
    ("opa.runtime", "the runtime environment"),
    ("uuid.rfc4122", "randomness"),
    // Not about determinism: regorus 0.14.1 panics on an empty needle
    // ("window size must be non-zero"), which would abort a Wasm instance.
    (
        "strings.count",
        "a builtin that crashes regorus 0.14.1 on an empty needle",
    ),
];

/// The first builtin in `code` that would crash the engine, if any.
pub(crate) fn crashing_builtin(code: &str) -> Option<&'static str> {
    ["strings.count"]
        .into_iter()
        .find(|b| without_comments(code).contains(b))
}

/// The largest partner source file, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;
/// The deepest nesting of brackets in a partner source: far beyond what a
/// rule needs, and well within what the parser's recursion survives.
pub const MAX_SOURCE_DEPTH: usize = 64;

/// Refuses a source too large, or nested too deeply for the parser to read
/// it safely, before anything parses it.
pub fn check_source(path: &str, source: &str) -> Result<()> {
    let too = |line: u32, column: u32, message: String| {
        let mut e = Error::new(
            ErrorCode::LimitExceeded,
            format!("{path}:{line}:{column}: {message}"),
        );
        e.location = Some(SourceLocation {
            file: path.to_string(),
            line,
            column,
        });
        e
    };
    if source.len() > MAX_SOURCE_BYTES {
        return Err(too(
            1,
            1,
            format!(
                "the file is {} bytes; partner sources may have at most {MAX_SOURCE_BYTES}",
                source.len()
            ),
        ));
    }
    let (mut depth, mut line, mut column) = (0usize, 1u32, 0u32);
    let mut chars = source.chars();
    let mut in_string: Option<char> = None;
    while let Some(c) = chars.next() {
        column += 1;
        match (in_string, c) {
            (_, '\n') => {
                line += 1;
                column = 0;
                if in_string == Some('"') {
                    in_string = None; // a broken string: the parser reports it
                }
            }
            (Some('"'), '\\') => {
                chars.next();
                column += 1;
            }
            (Some(q), c) if c == q => in_string = None,
            (Some(_), _) => {}
            (None, '"' | '`') => in_string = Some(c),
            (None, '#') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        column = 0;
                        break;
                    }
                }
            }
            (None, '(' | '[' | '{') => {
                depth += 1;
                if depth > MAX_SOURCE_DEPTH {
                    return Err(too(
                        line,
                        column,
                        format!("nested more than {MAX_SOURCE_DEPTH} brackets deep"),
                    ));
                }
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    super::load_cost::check(path, source)
}

fn check_file(file: &BundleFile, allow_randomness: bool) -> Result<PolicyFile> {
    check_source(&file.path, &file.source)?;
    let code = without_comments(&file.source);
    let package = code
        .lines()
        .find_map(|l| l.trim().strip_prefix("package "))
        .map(str::trim)
        .ok_or_else(|| located(file, 1, 1, "no `package` line".into()))?;
    if !package.starts_with(NAMESPACE) || package.len() == NAMESPACE.len() {
        let line = line_of(&file.source, "package ");
        return Err(located(
            file,
            line,
            1,
            format!(
                "package `{package}` is outside `{NAMESPACE}*`, the namespace of partner rules"
            ),
        ));
    }
    let mut forbidden: Vec<(&str, &str)> = FORBIDDEN.to_vec();
    if !allow_randomness {
        forbidden.push(("rand.intn", "randomness (allow it with allowRandomness)"));
    }
    for (builtin, what) in forbidden {
        if code.contains(builtin) {
            let line = line_of(&file.source, builtin);
            let why = if builtin == "strings.count" {
                what.to_string()
            } else {
                format!("verdicts may not depend on {what}")
            };
            return Err(located(
                file,
                line,
                1,
                format!("`{builtin}` is not allowed in partner rules: {why}"),
            ));
        }
    }
    Ok(PolicyFile {
        path: file.path.clone(),
        source: file.source.clone(),
    })
}

/// The source with `#` comments blanked, so that a mention in a comment is
/// not mistaken for a call (Rego strings cannot hold an unescaped `#`-free
/// builtin call, so a crude cut is enough for this purpose).
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|l| match l.find('#') {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn line_of(source: &str, needle: &str) -> u32 {
    source
        .lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i as u32 + 1)
}

fn located(file: &BundleFile, line: u32, column: u32, message: String) -> Error {
    let mut e = Error::policy(format!("{}:{line}:{column}: {message}", file.path));
    e.location = Some(SourceLocation {
        file: file.path.clone(),
        line,
        column,
    });
    e
}

/// regorus reports where a module fails to parse as `--> file:line:col`;
/// turn that into a located error with a one-line message.
pub(crate) fn rego_error(file: &str, text: &str) -> Error {
    let location = text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let column = parts.next()?.trim().parse().ok()?;
        let line = parts.next()?.trim().parse().ok()?;
        Some(SourceLocation {
            file: parts.next()?.to_string(),
            line,
            column,
        })
    });
    let what = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or_else(|| text.trim());
    let mut e = match &location {
        Some(at) => Error::policy(format!("{}:{}:{}: {what}", at.file, at.line, at.column)),
        None => Error::policy(format!("{file}: {what}")),
    };
    e.location = location;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_and_sandbox_are_enforced() {
        let outside =
            PolicyBundle::single("a.rego", "package conduct.rules.b12\nfindings := set()");
        let e = outside.checked_files().unwrap_err();
        assert!(e.message.contains("outside"), "{}", e.message);
        assert_eq!(e.location.unwrap().line, 1);
        let net = PolicyBundle::single("a.rego", "package conduct.partner.x\n\nr := http.send({})");
        assert_eq!(net.checked_files().unwrap_err().location.unwrap().line, 3);
        let dice = PolicyBundle::single(
            "a.rego",
            "package conduct.partner.x\nr := rand.intn(\"k\", 6)",
        );
        assert!(dice.checked_files().is_err());
        let allowed = PolicyBundle {
            allow_randomness: true,
            ..dice
        };
        assert!(allowed.checked_files().is_ok());
        let comment = PolicyBundle::single(
            "a.rego",
            "package conduct.partner.x\n# never call http.send here\nr := 1",
        );
        assert!(comment.checked_files().is_ok());
    }

    #[test]
    fn rego_errors_keep_their_location() {
        let e = rego_error(
            "a.rego",
            "\n--> a.rego:3:7\n  |\n3 | x := \n  |      ^\nerror: unexpected token",
        );
        let at = e.location.unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("a.rego", 3, 7));
        assert!(
            e.message.starts_with("a.rego:3:7: unexpected token"),
            "{}",
            e.message
        );
    }
}
