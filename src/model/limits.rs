//! Limits on what one evaluation accepts and does, so that hostile input
//! neither exhausts memory or stack nor runs without end. Every limit gives
//! `limit_exceeded` with the pointer of the offending value, and the engine
//! keeps working afterwards.

use crate::error::{Error, ErrorCode, Result};
use crate::model::pointer;
use serde_json::Value;

/// serde_json's own recursion limit: the parser stops deeper input before it
/// can overflow the stack (a 10,000-deep array included), whatever
/// `max_depth` says.
pub const PARSER_DEPTH: usize = 128;

/// Limits on input and evaluation, each with a safe default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest incident accepted, in bytes of JSON (default 1 MiB).
    pub max_input_bytes: usize,
    /// Deepest nesting of arrays and objects (default 64; at most 128).
    pub max_depth: usize,
    /// Longest string, in bytes (default 64 KiB).
    pub max_string_bytes: usize,
    /// Most items in one array or fields in one object (default 10,000).
    pub max_items: usize,
    /// Most bytecode instructions one partner rule may run on one incident
    /// on the VM: a budget that stops a runaway policy without reading any
    /// clock (the compiled built-in rules need none: their loops run over
    /// the incident, whose size the other limits bound).
    pub max_instructions: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 1 << 20,
            max_depth: 64,
            max_string_bytes: 64 << 10,
            max_items: 10_000,
            max_instructions: 500_000,
        }
    }
}

impl Limits {
    /// Checks the size of the JSON text before it is parsed.
    pub fn check_text(&self, json: &str) -> Result<()> {
        if json.len() > self.max_input_bytes {
            return Err(exceeded(
                "",
                format!(
                    "the incident is {} bytes; the limit is {} bytes",
                    json.len(),
                    self.max_input_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Checks depth, string lengths and collection sizes of a parsed value.
    pub fn check_value(&self, value: &Value) -> Result<()> {
        let mut path = String::new();
        self.walk(value, 0, &mut path)
    }

    fn walk(&self, value: &Value, depth: usize, path: &mut String) -> Result<()> {
        match value {
            Value::String(s) if s.len() > self.max_string_bytes => Err(exceeded(
                path,
                format!(
                    "a string of {} bytes; the limit is {} bytes",
                    s.len(),
                    self.max_string_bytes
                ),
            )),
            Value::Array(items) => {
                self.check_container(items.len(), depth, path)?;
                let len = path.len();
                for (i, item) in items.iter().enumerate() {
                    pointer::push_index(path, i);
                    self.walk(item, depth + 1, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Object(fields) => {
                self.check_container(fields.len(), depth, path)?;
                let len = path.len();
                for (name, item) in fields.iter() {
                    if name.len() > self.max_string_bytes {
                        return Err(exceeded(
                            path,
                            format!(
                                "a field name of {} bytes; the limit is {} bytes",
                                name.len(),
                                self.max_string_bytes
                            ),
                        ));
                    }
                    pointer::push(path, name);
                    self.walk(item, depth + 1, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn check_container(&self, len: usize, depth: usize, path: &str) -> Result<()> {
        if depth >= self.max_depth {
            return Err(exceeded(
                path,
                format!("nested deeper than {} levels", self.max_depth),
            ));
        }
        if len > self.max_items {
            return Err(exceeded(
                path,
                format!("{len} items; the limit is {}", self.max_items),
            ));
        }
        Ok(())
    }
}

pub(crate) fn exceeded(path: &str, message: String) -> Error {
    Error::at(ErrorCode::LimitExceeded, path, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn each_limit_names_the_offending_place() {
        let limits = Limits {
            max_depth: 3,
            max_string_bytes: 5,
            max_items: 2,
            ..Limits::default()
        };
        let cases = [
            (r#"{"a": {"b": {"c": {}}}}"#, "/a/b/c"),
            (r#"{"a": ["ok", "toolong"]}"#, "/a/1"),
            (r#"{"a": [1, 2, 3]}"#, "/a"),
            (r#"{"a": 1, "b": 2, "c": 3}"#, ""),
        ];
        for (json, path) in cases {
            let e = limits.check_value(&value(json)).unwrap_err();
            assert_eq!(
                (e.code, e.path.as_deref()),
                (ErrorCode::LimitExceeded, Some(path)),
                "{json}"
            );
        }
        assert!(limits.check_value(&value(r#"{"a": ["ok"]}"#)).is_ok());
    }
}
