//! The message catalogue: every text a finding shows, by stable key, per
//! locale.
//!
//! Policies name a key and parameters; this module turns them into words, so
//! rules stay free of prose and a locale is one JSON file. English and Dutch
//! are built in; configuration can add a locale or override single texts.
//! A text missing in a locale falls back to English.

use crate::error::{Error, Result};
use crate::rules::catalogue::RuleInfo;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// The locale every key must exist in, and the fallback for all others.
pub const BASE_LOCALE: &str = "en";

const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../policies/messages/en.json")),
    ("nl", include_str!("../../policies/messages/nl.json")),
];

/// One locale's texts by key. Looked up for every finding: hashed with a
/// cheap hash (the keys are ours, not an attacker's).
type Catalogue = HashMap<String, Template, BuildHasherDefault<KeyHasher>>;

/// A message text, split once into what it says and where its
/// placeholders are.
#[derive(Debug, Clone)]
struct Template {
    text: String,
    pieces: Vec<Piece>,
}

/// A part of a template, as a byte range of its text.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// Text as it stands.
    Text(u32, u32),
    /// `{…}`: a placeholder (the range is inside the braces); it stays as
    /// written when it names no parameter.
    Hole(u32, u32),
}

impl Template {
    fn new(text: String) -> Template {
        let mut pieces = Vec::new();
        let b = text.as_bytes();
        let (mut start, mut i) = (0, 0);
        while i < b.len() {
            if b[i] == b'{' {
                // The first `}` before any other `{` closes it; else the
                // `{` is text.
                if let Some(n) = b[i + 1..].iter().position(|&c| c == b'}' || c == b'{') {
                    if b[i + 1 + n] == b'}' {
                        if start < i {
                            pieces.push(Piece::Text(start as u32, i as u32));
                        }
                        pieces.push(Piece::Hole(i as u32 + 1, (i + 1 + n) as u32));
                        i += n + 2;
                        start = i;
                        continue;
                    }
                }
            }
            i += 1;
        }
        if start < b.len() {
            pieces.push(Piece::Text(start as u32, b.len() as u32));
        }
        Template { text, pieces }
    }
}

/// Reads one locale's texts from JSON.
fn catalogue(json: &str) -> std::result::Result<Catalogue, serde_json::Error> {
    let texts: BTreeMap<String, String> = serde_json::from_str(json)?;
    Ok(texts
        .into_iter()
        .map(|(k, v)| (k, Template::new(v)))
        .collect())
}

/// FNV-1a: fast on short keys such as `B12.legal.not_given`.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Named values a message's placeholders are filled from.
#[derive(Debug, Default, Clone)]
pub struct Params<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Params<'a> {
    pub fn new() -> Params<'a> {
        Params(Vec::new())
    }

    /// Sets `name`, replacing an earlier value.
    pub fn set(&mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) {
        let name = name.into();
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value.into(),
            None => self.0.push((name, value.into())),
        }
    }

    /// Sets `name` unless it is set already.
    pub fn or_set(&mut self, name: &'a str, value: impl FnOnce() -> String) {
        if self.get(name).is_none() {
            self.0.push((Cow::Borrowed(name), Cow::Owned(value())));
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }
}
#[derive(Debug, Clone)]
pub struct Messages {
    locales: BTreeMap<String, Catalogue>,
    /// True while these are exactly the built-in texts, whose hash build.rs
    /// computed (see [`crate::rules::digest`]).
    built_in: bool,
}

impl Messages {
    /// The built-in locales.
    pub fn built_in() -> Result<Messages> {
        let mut locales = BTreeMap::new();
        for (locale, json) in BUILT_IN {
            let catalogue = catalogue(json).map_err(|e| {
                Error::policy(format!(
                    "messages/{locale}.json is not a JSON object of strings: {e}"
                ))
            })?;
            locales.insert(locale.to_string(), catalogue);
        }
        Ok(Messages {
            locales,
            built_in: true,
        })
    }

    /// One locale from JSON text (for tests and custom rule sets).
    pub fn from_json(locale: &str, json: &str) -> Result<Messages> {
        let catalogue = catalogue(json).map_err(|e| {
            Error::policy(format!(
                "message catalogue is not a JSON object of strings: {e}"
            ))
        })?;
        Ok(Messages {
            locales: BTreeMap::from([(locale.to_string(), catalogue)]),
            built_in: false,
        })
    }

    /// Adds texts (a new locale, or overrides of single keys).
    pub fn extend(&mut self, extra: &BTreeMap<String, BTreeMap<String, String>>) {
        self.built_in &= extra.is_empty();
        for (locale, texts) in extra {
            let catalogue = self.locales.entry(locale.clone()).or_default();
            catalogue.extend(
                texts
                    .iter()
                    .map(|(k, v)| (k.clone(), Template::new(v.clone()))),
            );
        }
    }

    pub fn has_locale(&self, locale: &str) -> bool {
        self.locales.contains_key(locale)
    }

    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.locales.keys().map(String::as_str)
    }

    /// The keys of one locale.
    pub fn keys(&self, locale: &str) -> impl Iterator<Item = &str> {
        let mut keys: Vec<&str> = self
            .locales
            .get(locale)
            .into_iter()
            .flat_map(|c| c.keys().map(String::as_str))
            .collect();
        keys.sort_unstable();
        keys.into_iter()
    }

    /// The text for `key` in `locale`, else in English.
    pub fn text(&self, locale: &str, key: &str) -> Option<&str> {
        self.template(locale, key).map(|t| t.text.as_str())
    }

    fn template(&self, locale: &str, key: &str) -> Option<&Template> {
        self.locales
            .get(locale)
            .and_then(|c| c.get(key))
            .or_else(|| self.locales.get(BASE_LOCALE).and_then(|c| c.get(key)))
    }

    /// The text for `key` with `{name}` placeholders filled from `params`.
    /// `{name|one|other}` chooses a word by number: `one` when the parameter
    /// is `1`, else `other` (`{days} {days|day|days}` reads "1 day", "15
    /// days"), so texts need no "day(s)". An unknown key yields the key
    /// itself, so a gap shows rather than hides.
    pub fn render(&self, locale: &str, key: &str, params: &Params) -> String {
        self.render_derived(locale, key, params, &no_derived)
    }

    /// As [`Messages::render`]; a placeholder `params` does not fill is
    /// asked of `derived`, which computes a value only when a text uses it.
    pub fn render_derived<'d>(
        &self,
        locale: &str,
        key: &str,
        params: &Params,
        derived: &dyn Fn(&str) -> Option<Cow<'d, str>>,
    ) -> String {
        let mut out = String::with_capacity(96);
        self.render_with(locale, key, params, derived, &mut |piece| {
            out.push_str(piece)
        });
        out
    }

    /// As [`Messages::render_derived`], written into `out` as a JSON string.
    pub fn render_json<'d>(
        &self,
        out: &mut String,
        locale: &str,
        key: &str,
        params: &Params,
        derived: &dyn Fn(&str) -> Option<Cow<'d, str>>,
    ) {
        out.push('"');
        self.render_with(locale, key, params, derived, &mut |piece| {
            crate::run::value::push_json_escaped(piece, out)
        });
        out.push('"');
    }

    /// The text for `key`, in pieces handed to `push`.
    fn render_with<'d>(
        &self,
        locale: &str,
        key: &str,
        params: &Params,
        derived: &dyn Fn(&str) -> Option<Cow<'d, str>>,
        push: &mut dyn FnMut(&str),
    ) {
        let Some(template) = self.template(locale, key) else {
            return push(key);
        };
        let text = template.text.as_str();
        for piece in &template.pieces {
            match *piece {
                Piece::Text(a, b) => push(&text[a as usize..b as usize]),
                Piece::Hole(a, b) => {
                    let hole = &text[a as usize..b as usize];
                    match fill(hole, params, derived) {
                        Some(value) => push(&value),
                        None => push(&text[a as usize - 1..b as usize + 1]),
                    }
                }
            }
        }
    }

    /// A rule's `title` or `explanation` in `locale`: a text the messages
    /// give as `rule.<ID>.<what>`, else the rule's own (English) one.
    pub fn rule_text(&self, locale: &str, rule: &RuleInfo, what: &str) -> String {
        let key = format!("rule.{}.{what}", rule.id);
        match self.text(locale, &key) {
            Some(t) => t.to_string(),
            None if what == "title" => rule.title.clone(),
            None => rule.explanation.clone(),
        }
    }

    /// Bytes that identify the catalogue, for the rule-set digest: every
    /// text, locales and keys in order.
    pub(crate) fn canonical(&self) -> String {
        let sorted: BTreeMap<&str, BTreeMap<&str, &str>> = self
            .locales
            .iter()
            .map(|(l, c)| {
                (
                    l.as_str(),
                    c.iter()
                        .map(|(k, v)| (k.as_str(), v.text.as_str()))
                        .collect(),
                )
            })
            .collect();
        serde_json::to_string(&sorted).expect("messages serialise")
    }

    /// The hash of [`Messages::canonical`], for the rule set's digest.
    pub(crate) fn hash(&self) -> crate::rules::digest::Hash {
        if self.built_in {
            crate::rules::builtin::MESSAGES_HASH
        } else {
            crate::rules::digest::text(&self.canonical())
        }
    }
}

/// No derived parameters.
fn no_derived(_: &str) -> Option<Cow<'static, str>> {
    None
}

/// The text of one placeholder (`name`, or `name|one|other`), or `None` when
/// it names no parameter.
fn fill<'a, 'd: 'a>(
    placeholder: &'a str,
    params: &'a Params,
    derived: &dyn Fn(&str) -> Option<Cow<'d, str>>,
) -> Option<Cow<'a, str>> {
    let mut parts = placeholder.split('|');
    let name = parts.next()?;
    let value = match params.get(name) {
        Some(v) => Cow::Borrowed(v),
        None => derived(name)?,
    };
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => Some(value),
        (Some(one), Some(other), None) => {
            Some(Cow::Borrowed(if value == "1" { one } else { other }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chooses_the_word_by_number() {
        let m = Messages::from_json(
            "en",
            r#"{"k": "told {days} {days|day|days} late; {x|a|b|c} {nope|a|b}"}"#,
        )
        .unwrap();
        let mut one = Params::new();
        one.set("days", "1");
        one.set("x", "1");
        let mut many = one.clone();
        many.set("days", "15");
        assert_eq!(
            m.render("en", "k", &one),
            "told 1 day late; {x|a|b|c} {nope|a|b}"
        );
        assert_eq!(
            m.render("en", "k", &many),
            "told 15 days late; {x|a|b|c} {nope|a|b}"
        );
    }

    #[test]
    fn fills_known_placeholders_and_keeps_others() {
        let m =
            Messages::from_json("en", r#"{"k": "The {element} is {state} {unknown}."}"#).unwrap();
        let mut p = Params::new();
        p.set("element", "legal");
        p.set("state", "missing");
        assert_eq!(m.render("en", "k", &p), "The legal is missing {unknown}.");
        assert_eq!(m.render("en", "nope", &p), "nope");
    }

    #[test]
    fn falls_back_to_english() {
        let mut m = Messages::from_json("en", r#"{"a": "A", "b": "B"}"#).unwrap();
        m.extend(&BTreeMap::from([(
            "fr".to_string(),
            BTreeMap::from([("a".to_string(), "Á".to_string())]),
        )]));
        assert_eq!(m.text("fr", "a"), Some("Á"));
        assert_eq!(m.text("fr", "b"), Some("B"));
        assert!(m.has_locale("fr"));
    }
}
