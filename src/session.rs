//! Incremental re-evaluation, for forms that ask for a verdict on every
//! keystroke.
//!
//! A [`Session`] holds one incident and the findings of every rule. A change
//! to one field re-runs only the rules whose declared `inputs` (METADATA
//! JSON Pointer patterns) the change can touch; the other rules' findings
//! stand. The verdict is the same as a full evaluation of the changed
//! incident gives (`tests/sessions.rs` checks this on every table case and
//! on generated incidents with random changes).
//!
//! ```
//! use conduct_engine::{Engine, Status};
//! let engine = Engine::new().unwrap();
//! let mut session = engine.session(r#"{
//!     "schemaVersion": "1",
//!     "actions": [{ "id": "a1", "consent": { "prior": false } }]
//! }"#).unwrap();
//! assert_eq!(session.verdict().outcome, Status::Violation);
//! let verdict = session.update_json("/actions/0/consent/prior", "true").unwrap();
//! assert_eq!(verdict.outcome, Status::NotApplicable);
//! assert_eq!(session.last_rerun(), ["B12"]);
//! ```

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{incident, pointer, read};
use crate::render::verdict::{Finding, Verdict};
use crate::run::value::Val;
use serde_json::Value;
use std::borrow::Borrow;

/// One incident under edit, with the findings of every evaluated rule.
///
/// `E` is how the session holds its engine: `&Engine` from
/// [`Engine::session`], or an owning handle (`Rc<Engine>`, `Arc<Engine>`).
/// The engine's rule set, configuration and limits are those at creation.
#[derive(Debug, Clone)]
pub struct Session<E: Borrow<Engine>> {
    engine: E,
    incident: Value,
    /// The incident as the rules read it.
    value: Val,
    locale: String,
    /// The findings of each rule the engine evaluates
    /// ([`Engine::evaluated_rules`], fixed for the engine's lifetime), in
    /// catalogue order.
    findings: Vec<Vec<Finding>>,
    /// Ids of the rules the last change re-ran.
    last_rerun: Vec<String>,
}

/// What a change does at its pointer.
enum Change {
    Set(Value),
    Remove,
}

impl Engine {
    /// A session over the incident given as JSON text, judged in the
    /// engine's locale. See [`Session`].
    pub fn session(&self, incident_json: &str) -> Result<Session<&Engine>> {
        Session::new(self, incident_json, None)
    }
}

impl<E: Borrow<Engine>> Session<E> {
    /// Parses, validates and fully evaluates `incident_json`; messages are in
    /// `locale` (else the engine's).
    pub fn new(engine: E, incident_json: &str, locale: Option<&str>) -> Result<Session<E>> {
        let e = engine.borrow();
        let locale = match locale {
            Some(l) => {
                e.check_locale(l)?;
                l.to_string()
            }
            None => e.locale().to_string(),
        };
        let incident = read::json(incident_json, &e.limits())?;
        incident::validate(&incident)?;
        let value = read::incident_value(&incident);
        let findings = render(e, &value, e.evaluated(), &locale)?;
        let last_rerun = e.evaluated_rules().map(|r| r.id.clone()).collect();
        Ok(Session {
            engine,
            incident,
            value,
            locale,
            findings,
            last_rerun,
        })
    }

    /// The verdict on the incident as it stands.
    pub fn verdict(&self) -> Verdict {
        let findings = self.findings.iter().flatten().cloned().collect();
        self.engine.borrow().verdict_of(&self.value, findings)
    }

    /// The incident as it stands.
    pub fn incident(&self) -> &Value {
        &self.incident
    }

    /// Ids of the rules the last change (or the first evaluation) ran.
    pub fn last_rerun(&self) -> &[String] {
        &self.last_rerun
    }

    /// Sets the value at `pointer` (JSON Pointer) to `value_json` and returns
    /// the new verdict. An object member is added or replaced; an array item
    /// is replaced, or appended at index `length` or `-`; `""` replaces the
    /// whole incident. A change that leaves the incident invalid is refused
    /// with the validation errors, and the session stays as it was.
    pub fn update_json(&mut self, pointer: &str, value_json: &str) -> Result<Verdict> {
        // The pointer first: a value's errors are re-rooted under it.
        let tokens = parse_pointer(pointer)?;
        let value =
            read::json(value_json, &self.engine.borrow().limits()).map_err(|e| e.under(pointer))?;
        self.change(pointer, &tokens, Change::Set(value))
    }

    /// As [`Session::update_json`], with the value already parsed.
    pub fn update(&mut self, pointer: &str, value: Value) -> Result<Verdict> {
        self.change(pointer, &parse_pointer(pointer)?, Change::Set(value))
    }

    /// Removes the object member or array item at `pointer` (later items
    /// move up) and returns the new verdict.
    pub fn remove(&mut self, pointer: &str) -> Result<Verdict> {
        self.change(pointer, &parse_pointer(pointer)?, Change::Remove)
    }

    fn change(&mut self, at: &str, tokens: &[String], change: Change) -> Result<Verdict> {
        // Values share their parts, so the copy costs only the path changed;
        // on any error below the session keeps the incident it had.
        let mut changed = self.incident.clone();
        let tokens = apply(&mut changed, tokens, change).map_err(|message| {
            Error::at(
                ErrorCode::InvalidIncident,
                at,
                format!("cannot change {at:?}: {message}"),
            )
        })?;
        let engine = self.engine.borrow();
        engine.limits().check_value(&changed)?;
        incident::validate(&changed)?;
        let value = read::incident_value(&changed);

        let affected: Vec<usize> = engine
            .evaluated()
            .iter()
            .copied()
            .filter(|&i| engine.rule_at(i).reads(&tokens))
            .collect();
        let rerun = render(engine, &value, &affected, &self.locale)?;
        // Both lists are in catalogue order: match the re-run rules up.
        let mut rerun = affected.iter().zip(rerun).peekable();
        for (rule, findings) in engine.evaluated().iter().zip(&mut self.findings) {
            if let Some((_, new)) = rerun.next_if(|(r, _)| *r == rule) {
                *findings = new;
            }
        }
        self.last_rerun = affected
            .iter()
            .map(|&i| engine.rule_at(i).id.clone())
            .collect();
        self.incident = changed;
        self.value = value;
        Ok(self.verdict())
    }
}

/// The findings of each of the catalogue's rules `which` on `incident`, in
/// `locale`.
fn render(
    engine: &Engine,
    incident: &Val,
    which: &[usize],
    locale: &str,
) -> Result<Vec<Vec<Finding>>> {
    let produced = engine.run_rules(incident, which)?;
    let renderer = engine.renderer(locale);
    which
        .iter()
        .zip(&produced)
        .map(|(&i, produced)| renderer.rule(engine.rule_at(i), produced.as_ref()))
        .collect()
}

/// The tokens of `at`, or an error when it is not a JSON Pointer. The error
/// has no `path`: the text given names no place in the incident.
pub(crate) fn parse_pointer(at: &str) -> Result<Vec<String>> {
    pointer::tokens(at).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidIncident,
            format!(
                "{at:?} is not a JSON Pointer: it must be empty or start with \"/\", and `~` must be followed by 0 or 1"
            ),
        )
    })
}

/// Applies `change` at the pointer `tokens` inside `root`. Returns the
/// tokens of the place changed, with `-` resolved to an index.
fn apply(
    root: &mut Value,
    tokens: &[String],
    change: Change,
) -> std::result::Result<Vec<String>, String> {
    let Some((last, parents)) = tokens.split_last() else {
        return match change {
            Change::Set(value) => {
                *root = value;
                Ok(Vec::new())
            }
            Change::Remove => Err("the incident itself cannot be removed".into()),
        };
    };
    let mut node = root;
    for (depth, token) in parents.iter().enumerate() {
        let here = || format!("/{}", parents[..=depth].join("/"));
        node = match node {
            Value::Object(map) => map
                .get_mut(token.as_str())
                .ok_or_else(|| format!("{} does not exist", here()))?,
            Value::Array(items) => {
                let len = items.len();
                index(token).and_then(|i| items.get_mut(i)).ok_or_else(|| {
                    format!("{} is not an index of an array of {len} items", here())
                })?
            }
            _ => {
                return Err(format!(
                    "{} is inside a value that is not a container",
                    here()
                ))
            }
        };
    }
    let mut resolved = tokens.to_vec();
    match node {
        Value::Object(map) => match change {
            Change::Set(value) => {
                map.insert(last.clone(), value);
            }
            Change::Remove => {
                map.remove(last.as_str())
                    .ok_or_else(|| format!("there is no member {last:?} to remove"))?;
            }
        },
        Value::Array(items) => {
            let len = items.len();
            let i = if last == "-" { Some(len) } else { index(last) };
            match (change, i) {
                (Change::Set(value), Some(i)) if i < len => items[i] = value,
                (Change::Set(value), Some(i)) if i == len => items.push(value),
                (Change::Remove, Some(i)) if i < len => {
                    items.remove(i);
                }
                _ => {
                    return Err(format!(
                        "{last:?} is not an index of an array of {len} items"
                    ))
                }
            }
            *resolved.last_mut().expect("tokens are not empty") = i.unwrap_or(len).to_string();
        }
        _ => return Err("its parent is not an object or an array".into()),
    }
    Ok(resolved)
}

/// An array index token: digits, without leading zeros.
fn index(token: &str) -> Option<usize> {
    let canonical = token == "0" || (!token.starts_with('0') && !token.is_empty());
    if canonical && token.bytes().all(|b| b.is_ascii_digit()) {
        token.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    fn tokens(p: &str) -> Vec<String> {
        pointer::tokens(p).unwrap()
    }

    #[test]
    fn sets_adds_appends_and_removes() {
        let mut v = value(r#"{"a": [1, 2], "b": {"c": 1}}"#);
        apply(&mut v, &tokens("/b/c"), Change::Set(value("2"))).unwrap();
        apply(&mut v, &tokens("/b/d"), Change::Set(value("3"))).unwrap();
        let at = apply(&mut v, &tokens("/a/-"), Change::Set(value("9"))).unwrap();
        assert_eq!(at, ["a", "2"]);
        apply(&mut v, &tokens("/a/0"), Change::Remove).unwrap();
        assert_eq!(v, value(r#"{"a": [2, 9], "b": {"c": 2, "d": 3}}"#));
    }

    #[test]
    fn refuses_places_that_do_not_exist() {
        let mut v = value(r#"{"a": [1], "s": "x"}"#);
        for (p, change) in [
            ("/x/y", Change::Set(value("1"))),
            ("/a/2", Change::Set(value("1"))),
            ("/a/01", Change::Set(value("1"))),
            ("/a/1", Change::Remove),
            ("/s/0", Change::Set(value("1"))),
            ("/missing", Change::Remove),
            ("", Change::Remove),
        ] {
            assert!(apply(&mut v, &tokens(p), change).is_err(), "{p}");
        }
        assert_eq!(v, value(r#"{"a": [1], "s": "x"}"#));
    }

    #[test]
    fn leaves_shared_copies_alone() {
        let before = value(r#"{"a": {"b": 1}}"#);
        let mut after = before.clone();
        apply(&mut after, &tokens("/a/b"), Change::Set(value("2"))).unwrap();
        assert_eq!(before, value(r#"{"a": {"b": 1}}"#));
    }
}
