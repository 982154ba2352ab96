//! The message catalogue: every text a finding shows, by stable key.
//!
//! Policies name a key and parameters; this module turns them into words,
//! so rules stay free of prose and a locale is one JSON file.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

const EN: &str = include_str!("../policies/messages/en.json");

#[derive(Debug, Clone)]
pub struct Messages {
    templates: BTreeMap<String, String>,
}

impl Messages {
    /// The built-in English messages.
    pub fn english() -> Result<Messages> {
        Messages::from_json(EN)
    }

    pub fn from_json(json: &str) -> Result<Messages> {
        let templates: BTreeMap<String, String> = serde_json::from_str(json).map_err(|e| {
            Error::policy(format!(
                "message catalogue is not a JSON object of strings: {e}"
            ))
        })?;
        Ok(Messages { templates })
    }

    pub fn has(&self, key: &str) -> bool {
        self.templates.contains_key(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }

    /// The text for `key` with `{name}` placeholders filled from `params`.
    /// An unknown key yields the key itself, so a gap shows rather than hides.
    pub fn render(&self, key: &str, params: &BTreeMap<String, String>) -> String {
        let Some(template) = self.templates.get(key) else {
            return key.to_string();
        };
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if params.contains_key(&after[..close]) => {
                    out.push_str(&params[&after[..close]]);
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Bytes that identify the catalogue, for the rule-set digest.
    pub(crate) fn canonical(&self) -> String {
        serde_json::to_string(&self.templates).expect("messages serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_others() {
        let m = Messages::from_json(r#"{"k": "The {element} is {state} {unknown}."}"#).unwrap();
        let p = BTreeMap::from([
            ("element".to_string(), "legal".to_string()),
            ("state".to_string(), "missing".to_string()),
        ]);
        assert_eq!(m.render("k", &p), "The legal is missing {unknown}.");
        assert_eq!(m.render("nope", &p), "nope");
    }
}
