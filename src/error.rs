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
    /// problems are kept.
    pub fn bounded(mut self) -> Self {
        const MAX: usize = 1000;
        let clip = |s: &mut String| {
            if s.len() > MAX {
                let mut end = MAX - 3;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.truncate(end);
                s.push('…');
            }
        };
        clip(&mut self.message);
        if let Some(p) = &mut self.path {
            clip(p);
        }
        self.problems.truncate(100);
        for p in &mut self.problems {
            clip(&mut p.message);
            clip(&mut p.path);
        }
        self
    }

    pub(crate) fn policy(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::PolicyError, message)
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
