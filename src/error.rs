//! The one error type of the crate. Every failure a caller can see is an
//! [`Error`] with a stable [`ErrorCode`], a message for people and, where the
//! failure is about one place in the input, a JSON Pointer to it.

use serde::Serialize;
use std::fmt;

/// Stable, machine-readable error codes. The strings returned by
/// [`ErrorCode::as_str`] are part of the public contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is not JSON at all (or not representable as JSON).
    InvalidJson,
    /// The input is JSON but does not match the incident model.
    InvalidIncident,
    /// `schemaVersion` names a version this engine does not know.
    UnsupportedSchemaVersion,
    /// The configuration object is malformed or has unknown keys.
    InvalidConfig,
    /// The input is larger or deeper than the engine accepts.
    LimitExceeded,
    /// A policy failed to load or to evaluate, or broke the rule contract.
    PolicyError,
    /// A method or function was called with an argument of the wrong type
    /// (or on an object of the wrong class).
    InvalidArgument,
    /// A method was called on an object already freed.
    Freed,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidIncident => "invalid_incident",
            ErrorCode::UnsupportedSchemaVersion => "unsupported_schema_version",
            ErrorCode::InvalidConfig => "invalid_config",
            ErrorCode::LimitExceeded => "limit_exceeded",
            ErrorCode::PolicyError => "policy_error",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Freed => "freed",
        }
    }
}

/// One problem found in an input, located by a JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: ErrorCode,
    pub path: String,
    pub message: String,
}

/// An error from the engine.
///
/// `path` is the JSON Pointer of the first problem (the empty string means the
/// whole document); `problems` lists every problem found when there were
/// several (validation reports all of them, not just the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// For errors in Rego source: where in which file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
}

/// A place in a policy file (lines and columns count from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl Error {
    /// The error re-rooted under `prefix`: an error in a value given for a
    /// place (the configuration inside the options, a field a session
    /// changes) points at that place.
    pub(crate) fn under(mut self, prefix: &str) -> Error {
        self.path = self.path.map(|p| format!("{prefix}{p}"));
        for p in &mut self.problems {
            p.path = format!("{prefix}{}", p.path);
        }
        self
    }

    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            path: None,
            problems: Vec::new(),
            location: None,
        }
    }

    pub fn at(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            path: Some(path.into()),
            ..Error::new(code, message)
        }
    }

    /// Folds a non-empty list of problems into one error: the first problem
    /// gives the code, path and headline; all are kept in `problems`.
    pub fn from_problems(mut problems: Vec<Problem>) -> Self {
        debug_assert!(!problems.is_empty());
        // An unknown schema version heads the list: the rest may follow from it.
        problems.sort_by(|a, b| {
            (a.code != ErrorCode::UnsupportedSchemaVersion)
                .cmp(&(b.code != ErrorCode::UnsupportedSchemaVersion))
                .then_with(|| crate::model::pointer::compare(&a.path, &b.path))
        });
        let first = problems[0].clone();
        let message = if problems.len() == 1 {
            first.message.clone()
        } else {
            format!(
                "{} (and {} more problem{})",
                first.message,
                problems.len() - 1,
                if problems.len() == 2 { "" } else { "s" }
            )
        };
        Error {
            code: first.code,
            message,
            path: Some(first.path),
            problems,
            location: None,
        }
    }

    /// The error with every message cut to a readable length (an echoed
    /// value can be megabytes long), problems included; at most 100
    /// problems are kept. A pointer too long is cut back to the nearest
    /// ancestor that is short enough, so that it is still a pointer (to a
    /// place that holds the problem).
    pub fn bounded(mut self) -> Self {
        let cut = |s: &mut String| {
            if s.len() > MAX_MESSAGE_BYTES {
                *s = clip(s, MAX_MESSAGE_BYTES);
            }
        };
        cut(&mut self.message);
        if let Some(p) = &mut self.path {
            clip_pointer(p, MAX_MESSAGE_BYTES);
        }
        self.problems.truncate(100);
        for p in &mut self.problems {
            cut(&mut p.message);
            clip_pointer(&mut p.path, MAX_MESSAGE_BYTES);
        }
        if let Some(at) = &mut self.location {
            cut(&mut at.file);
        }
        self
    }

    pub(crate) fn policy(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::PolicyError, message)
    }
}

/// The longest message (and path) an error carries across a boundary, in
/// bytes; longer ones are cut with an ellipsis.
pub const MAX_MESSAGE_BYTES: usize = 1000;

/// `text` cut to at most `max` bytes, ending in `…` when cut (on a character
/// boundary, so the result is still UTF-8 and never longer than `max`).
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Cuts the JSON Pointer `pointer` back to its nearest ancestor of at most
/// `max` bytes (`""`, the whole document, at worst).
fn clip_pointer(pointer: &mut String, max: usize) {
    if pointer.len() > max {
        let end = pointer.as_bytes()[..=max]
            .iter()
            .rposition(|&b| b == b'/')
            .unwrap_or(0);
        pointer.truncate(end);
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{} at '{}': {}", self.code.as_str(), p, self.message),
            None => write!(f, "{}: {}", self.code.as_str(), self.message),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_errors_keep_messages_short_and_pointers_pointers() {
        let long = "é".repeat(5_000);
        let mut e = Error::at(
            ErrorCode::InvalidIncident,
            format!("/extensions/{long}/x"),
            format!("unknown field {long}"),
        );
        e.problems = (0..500)
            .map(|i| Problem {
                code: ErrorCode::InvalidIncident,
                path: format!("/a/{i}/{long}"),
                message: long.clone(),
            })
            .collect();
        let e = e.bounded();
        assert!(e.message.len() <= MAX_MESSAGE_BYTES && e.message.ends_with('…'));
        assert!(e.message.starts_with("unknown field é"));
        assert_eq!(e.path.as_deref(), Some("/extensions"));
        assert_eq!(e.problems.len(), 100);
        assert_eq!(e.problems[7].path, "/a/7");
        assert!(e.problems[7].message.len() <= MAX_MESSAGE_BYTES);
        // Short ones are untouched.
        let short = Error::at(ErrorCode::InvalidIncident, "/id", "bad id").bounded();
        assert_eq!(
            (short.path.as_deref(), short.message.as_str()),
            (Some("/id"), "bad id")
        );
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcdef", 4), "a…");
    }
}
