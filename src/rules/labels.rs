//! Labels: a human name, per locale, for every field of the incident model
//! (keyed by JSON Pointer pattern, `*` for an array index:
//! `/actions/*/justification/legal/basis`), for each element a finding
//! names (`element:legal`) and for each status (`status:violation`).
//!
//! They live beside the messages (`policies/labels/*.json`), so that a form
//! titles its fields from the same source the verdict's words come from:
//! every `missing[]` entry of a verdict carries the label of its field, and
//! [`crate::Engine::labels`] gives the whole table. Configuration adds
//! labels (for a partner's own fields under `/extensions/…`, or a locale of
//! its own) or replaces built-in ones.
//!
//! build.rs embeds the built-in tables sorted by key, so looking a label up
//! is a binary search that compares a verdict's pointer with the patterns in
//! place: no string is built per lookup, and nothing is parsed when an
//! engine starts.

use crate::error::{ErrorCode, Problem};
use crate::model::pointer;
use crate::render::verdict::Status;
use crate::rules::builtin::{LABELS, LABELS_HASH};
use crate::rules::digest::{self, Hash};
use crate::rules::messages::BASE_LOCALE;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A table of labels, sorted by key in byte order.
type Table<K> = [(K, K)];

/// The built-in labels and those configuration adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// Added or replaced by configuration, by locale; each sorted by key.
    extra: BTreeMap<String, Vec<(String, String)>>,
}

/// The labels of one locale, resolved once per rendering: the tables a
/// lookup searches, in order (the locale's configured and built-in labels,
/// then English ones).
#[derive(Debug, Clone, Copy)]
pub struct LocaleLabels<'l> {
    extra: &'l Table<String>,
    own: &'static Table<&'static str>,
    extra_base: &'l Table<String>,
    base: &'static Table<&'static str>,
}

fn built_in(locale: &str) -> &'static Table<&'static str> {
    LABELS
        .iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, t)| *t)
        .unwrap_or(&[])
}

impl Labels {
    /// The built-in labels with `extra` (by locale, then key) added: the
    /// caller has checked them ([`check`]).
    pub fn with_extra(extra: &BTreeMap<String, BTreeMap<String, String>>) -> Labels {
        Labels {
            extra: extra
                .iter()
                .filter(|(_, texts)| !texts.is_empty())
                .map(|(locale, texts)| {
                    // A BTreeMap iterates in key order: the table is sorted.
                    let table = texts.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    (locale.clone(), table)
                })
                .collect(),
        }
    }

    /// The labels `locale` reads, English where it has none.
    pub fn locale(&self, locale: &str) -> LocaleLabels<'_> {
        let extra = |l: &str| self.extra.get(l).map(Vec::as_slice).unwrap_or(&[]);
        LocaleLabels {
            extra: extra(locale),
            own: built_in(locale),
            extra_base: extra(BASE_LOCALE),
            base: built_in(BASE_LOCALE),
        }
    }

    /// Every label `locale` reads, by key: the built-in keys, and those
    /// configuration adds.
    pub fn all(&self, locale: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut layer = |table: &mut dyn Iterator<Item = (&str, &str)>| {
            for (k, v) in table {
                out.insert(k.to_string(), v.to_string());
            }
        };
        let r = self.locale(locale);
        layer(&mut r.base.iter().copied());
        layer(&mut r.extra_base.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if locale != BASE_LOCALE {
            layer(&mut r.own.iter().copied());
            layer(&mut r.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        out
    }

    /// The hash of the labels, for the rule set's digest.
    pub(crate) fn hash(&self) -> Hash {
        if self.extra.is_empty() {
            return LABELS_HASH;
        }
        let mut text = String::with_capacity(1024);
        for b in LABELS_HASH {
            text.push_str(&format!("{b:02x}"));
        }
        text.push_str(&serde_json::to_string(&self.extra).expect("labels serialise"));
        digest::text(&text)
    }
}

impl<'l> LocaleLabels<'l> {
    /// The first table (in lookup order) with a key `probe` finds.
    fn find(&self, probe: impl Fn(&str) -> Ordering) -> Option<&'l str> {
        fn search<'t, K: AsRef<str>>(
            table: &'t Table<K>,
            probe: &impl Fn(&str) -> Ordering,
        ) -> Option<&'t str> {
            if table.is_empty() {
                return None;
            }
            table
                .binary_search_by(|(k, _)| probe(k.as_ref()))
                .ok()
                .map(|i| table[i].1.as_ref())
        }
        search(self.extra, &probe)
            .or_else(|| search(self.own, &probe))
            .or_else(|| search(self.extra_base, &probe))
            .or_else(|| search(self.base, &probe))
    }

    /// The label of the field at `pointer` (a JSON Pointer into an
    /// incident: its array indices match `*`).
    pub fn field(&self, pointer: &str) -> Option<&'l str> {
        // The pattern written once into a buffer on the stack, so that each
        // comparison of the search is a plain byte comparison; a pointer too
        // long for it is compared as it is walked.
        let mut buf = [0u8; 160];
        match write_pattern(pointer, &mut buf) {
            Some(n) => {
                let pattern = &buf[..n];
                self.find(|key| key.as_bytes().cmp(pattern))
            }
            None => self.find(|key| key.bytes().cmp(pattern_bytes(pointer))),
        }
    }

    /// The label of an element a finding names (`element:<name>`).
    pub fn element(&self, name: &str) -> Option<&'l str> {
        self.find(|key| key.bytes().cmp("element:".bytes().chain(name.bytes())))
    }

    /// A status in words.
    pub fn status(&self, status: Status) -> &'l str {
        let name = status.as_str();
        self.find(|key| key.bytes().cmp("status:".bytes().chain(name.bytes())))
            .unwrap_or(name)
    }

    /// The label of a gap: its field's, else its element's, else the
    /// element's name as the rule gave it (a partner rule's field outside
    /// the model that configuration labels nowhere).
    pub fn gap<'a>(&self, element: &'a str, pointer: &str) -> &'a str
    where
        'l: 'a,
    {
        self.field(pointer)
            .or_else(|| self.element(element))
            .unwrap_or(element)
    }
}

/// Whether a pointer token is an array index (matched by `*`).
fn is_index(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// Writes `pointer` as a pattern (each array index `*`) into `buf`; its
/// length, or `None` when it does not fit.
fn write_pattern(pointer: &str, buf: &mut [u8]) -> Option<usize> {
    let bytes = pointer.as_bytes();
    if bytes.len() > buf.len() {
        return None;
    }
    let mut n = 0;
    // Where the current token starts in `buf`, and whether it is all digits.
    let (mut start, mut digits) = (0, false);
    for &b in bytes {
        if b == b'/' {
            if digits {
                buf[start] = b'*';
                n = start + 1;
            }
            buf[n] = b'/';
            n += 1;
            start = n;
            digits = false;
        } else {
            digits = b.is_ascii_digit() && (digits || n == start);
            buf[n] = b;
            n += 1;
        }
    }
    if digits {
        buf[start] = b'*';
        n = start + 1;
    }
    Some(n)
}

/// The bytes of `pointer` as a pattern: each array index becomes `*`.
fn pattern_bytes(pointer: &str) -> impl Iterator<Item = u8> + '_ {
    pointer.split('/').enumerate().flat_map(|(i, token)| {
        let sep = (i > 0).then_some(b'/');
        let token = if is_index(token) { "*" } else { token };
        sep.into_iter().chain(token.bytes())
    })
}

/// The problems of labels given by configuration, `{locale: {key: label}}`
/// (already known to be strings), under `path`. A locale must be one the
/// engine has messages in (`locales`); a key must be a pointer pattern of
/// the incident model or under `/extensions/`, `element:<name>` or
/// `status:<status>`; a label must say something.
pub fn check(
    extra: &BTreeMap<String, BTreeMap<String, String>>,
    locales: &[&str],
    path: &str,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (locale, texts) in extra {
        let here = pointer::child(path, locale);
        if !locales.contains(&locale.as_str()) {
            problems.push(Problem {
                code: ErrorCode::InvalidConfig,
                path: here,
                message: format!(
                    "labels/{locale}: no messages in this locale (add them under messages first); locales: {}",
                    locales.join(", ")
                ),
            });
            continue;
        }
        for (key, label) in texts {
            let why = key_problem(key).or_else(|| {
                (label.trim().is_empty()).then(|| "a label must not be empty".to_string())
            });
            if let Some(why) = why {
                problems.push(Problem {
                    code: ErrorCode::InvalidConfig,
                    path: pointer::child(&here, key),
                    message: format!("labels/{locale}/{key}: {why}"),
                });
            }
        }
    }
    problems
}

/// Why `key` cannot be a label key, if it cannot.
fn key_problem(key: &str) -> Option<String> {
    if key.starts_with('/') {
        if built_in(BASE_LOCALE)
            .binary_search_by(|(k, _)| k.cmp(&key))
            .is_ok()
        {
            return None;
        }
        let tokens = pointer::tokens(key)?;
        return if tokens.first().map(String::as_str) != Some("extensions") || tokens.len() < 2 {
            Some("no field of the incident model has this pattern; label a field of the model (with * for an array index) or one under /extensions/".into())
        } else if tokens.iter().any(|t| t.is_empty() || is_index(t)) {
            Some("a pattern has no empty token and writes an array index as *".into())
        } else {
            None
        };
    }
    if let Some(name) = key.strip_prefix("element:") {
        return name
            .trim()
            .is_empty()
            .then(|| "element: needs the element's name".into());
    }
    if let Some(status) = key.strip_prefix("status:") {
        return Status::parse(status).is_none().then(|| {
            "no such status; expected status:violation, status:incomplete, status:compliant or status:not_applicable".into()
        });
    }
    Some("not a label key: expected a JSON Pointer pattern (/actions/*/consent/prior), element:<name> or status:<status>".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extra(locale: &str, pairs: &[(&str, &str)]) -> BTreeMap<String, BTreeMap<String, String>> {
        BTreeMap::from([(
            locale.to_string(),
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )])
    }

    #[test]
    fn writes_patterns_as_it_walks_them() {
        for pointer in [
            "",
            "/",
            "/a",
            "/0",
            "/actions/12/x/3",
            "/a1/01/-/x0/",
            "//7//",
        ] {
            let mut buf = [0u8; 64];
            let n = write_pattern(pointer, &mut buf).unwrap();
            let walked: Vec<u8> = pattern_bytes(pointer).collect();
            assert_eq!(&buf[..n], walked.as_slice(), "{pointer}");
        }
        assert_eq!(write_pattern("/abc", &mut [0u8; 3]), None);
    }

    #[test]
    fn the_built_in_tables_are_sorted() {
        for (locale, table) in LABELS {
            assert!(
                table.windows(2).all(|w| w[0].0 < w[1].0),
                "labels/{locale} is not sorted: lookups would miss"
            );
        }
    }

    #[test]
    fn a_pointer_finds_its_pattern() {
        let labels = Labels::default();
        let en = labels.locale("en");
        let nl = labels.locale("nl");
        let basis = "/actions/12/justification/legal/basis";
        assert_eq!(en.field(basis), Some("legal basis"));
        assert_ne!(nl.field(basis), en.field(basis));
        assert!(nl.field(basis).is_some());
        assert_eq!(
            en.field("/actions/0/justification/evidence/3"),
            Some("item of evidence")
        );
        assert_eq!(en.field("/actions/x/justification/legal/basis"), None);
        assert_eq!(en.field("/actions/0/justification/legal/basi"), None);
        assert_eq!(en.field("/actions/0/justification/legal/basis/0"), None);
        let long = format!("/extensions/{}", "x".repeat(200));
        assert_eq!(en.field(&long), None);
        let more = extra("en", &[(long.as_str(), "a long one")]);
        assert_eq!(
            Labels::with_extra(&more).locale("en").field(&long),
            Some("a long one")
        );
        assert_eq!(en.element("ethical"), Some("ethics"));
        assert_eq!(en.status(Status::NotApplicable), "not applicable");
        assert_eq!(en.gap("acme", "/extensions/acme"), "acme");
    }

    #[test]
    fn configuration_overrides_then_falls_back_to_english() {
        let mut more = extra(
            "nl",
            &[
                ("/actions/*/justification/legal/basis", "wetsartikel"),
                ("/extensions/acme/ticket", "ticketnummer"),
            ],
        );
        more.insert(
            "fr".into(),
            BTreeMap::from([("status:violation".into(), "infraction".into())]),
        );
        let labels = Labels::with_extra(&more);
        let nl = labels.locale("nl");
        assert_eq!(
            nl.field("/actions/3/justification/legal/basis"),
            Some("wetsartikel")
        );
        assert_eq!(nl.field("/extensions/acme/ticket"), Some("ticketnummer"));
        let fr = labels.locale("fr");
        assert_eq!(fr.status(Status::Violation), "infraction");
        assert_eq!(
            fr.field("/actions/0/consent/prior"),
            Some("consent given beforehand")
        );
        let all = labels.all("nl");
        assert_eq!(all["/actions/*/justification/legal/basis"], "wetsartikel");
        assert_eq!(all.len(), Labels::default().all("nl").len() + 1);
        assert_ne!(labels.hash(), Labels::default().hash());
    }

    #[test]
    fn checks_locales_keys_and_labels() {
        let bad = extra(
            "nl",
            &[
                ("/actions/*/justification/legal/bassis", "x"),
                ("/extensions/acme/0", "x"),
                ("/extensions/acme/*", "x"),
                ("status:fine", "x"),
                ("element:", "x"),
                ("legal", "x"),
                ("/actions/*/consent", " "),
            ],
        );
        let problems = check(&bad, &["en", "nl"], "/labels");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/labels/nl/~1actions~1*~1consent",
                "/labels/nl/~1actions~1*~1justification~1legal~1bassis",
                "/labels/nl/~1extensions~1acme~10",
                "/labels/nl/element:",
                "/labels/nl/legal",
                "/labels/nl/status:fine",
            ]
        );
        let unknown = check(&extra("fr", &[]), &["en", "nl"], "/labels");
        assert_eq!(unknown[0].path, "/labels/fr");
        assert!(problems.iter().all(|p| p.code == ErrorCode::InvalidConfig));
    }
}
