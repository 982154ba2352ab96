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
use crate::model::incident::{Shape, INCIDENT};
use crate::model::limits::{self, Limits};
use crate::model::{incident, pointer, read};
use crate::render::json::VerdictWriter;
use crate::render::verdict::{Status, Verdict};
use crate::run::compiled::f;
use crate::run::value::{write_json_str, Val};
use serde_json::Value;
use std::borrow::Borrow;
use std::rc::Rc;

/// One incident under edit, with the findings of every evaluated rule.
///
/// `E` is how the session holds its engine: `&Engine` from
/// [`Engine::session`], or an owning handle (`Rc<Engine>`, `Arc<Engine>`).
/// The engine's rule set, configuration and limits are those at creation.
///
/// A change is read straight into the incident as the rules see it (values
/// share their parts, so only the path to the change is copied), checked
/// against the engine's limits as a whole incident would be, and only the
/// rules that read the place changed run again; their findings are
/// rewritten as JSON, the others' stand as written.
#[derive(Debug, Clone)]
pub struct Session<E: Borrow<Engine>> {
    engine: E,
    /// The incident as the rules read it.
    value: Val,
    /// Its length as compact JSON: what `maxInputBytes` bounds.
    bytes: usize,
    locale: String,
    /// What each evaluated rule ([`Engine::evaluated_rules`], fixed for the
    /// engine's lifetime) produced, in catalogue order.
    produced: Vec<Option<Val>>,
    /// Each evaluated rule's findings as verdict JSON, and their worst status.
    written: Vec<(String, Status)>,
    /// Positions in `produced` of the rules the last change ran whose
    /// findings came out different: what a delta sends (most keystrokes
    /// change no finding's words).
    changed: Vec<usize>,
    /// The ids of the rules the last change ran.
    last_rerun: Vec<String>,
    /// The rules the last place changed is read by: a form changes the
    /// same field keystroke after keystroke.
    readers: Option<(Vec<String>, Vec<usize>)>,
}

/// What a change does at its pointer.
enum Change<'a> {
    /// Set the value given as JSON text.
    Json(&'a str),
    /// Set a value already parsed.
    Parsed(Value),
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
        let value = read::incident(incident_json, &e.limits())?;
        let all: Vec<usize> = (0..e.evaluated().len()).collect();
        let mut session = Session {
            bytes: json_len(&value),
            engine,
            value,
            locale,
            produced: Vec::new(),
            written: Vec::new(),
            changed: Vec::new(),
            last_rerun: Vec::new(),
            readers: None,
        };
        let (produced, written) = session.run(&all, &session.value)?;
        session.produced = produced;
        session.written = written
            .into_iter()
            .map(|w| w.expect("a new session has nothing to keep: every rule is written"))
            .collect();
        session.set_rerun(&all);
        session.changed = all;
        Ok(session)
    }

    /// The verdict on the incident as it stands.
    pub fn verdict(&self) -> Verdict {
        let engine = self.engine.borrow();
        let renderer = engine.renderer(&self.locale);
        let findings = engine
            .evaluated()
            .iter()
            .zip(&self.produced)
            .flat_map(|(&i, produced)| {
                renderer
                    .rule(engine.rule_at(i), produced.as_ref())
                    .expect("rendered once already")
            })
            .collect();
        engine.verdict_of(&self.value, findings)
    }

    /// The verdict as JSON text: the same bytes as
    /// `engine.evaluate_to_json(&session.incident_json(), …)`, from the
    /// findings already written.
    pub fn verdict_json(&self) -> String {
        self.engine.borrow().verdict_json(self.id(), &self.written)
    }

    /// What the last change altered, as JSON text for the JavaScript face:
    /// `{"outcome", "incident", "rerun": [ids], "findings": {position:
    /// [findings]}}`, positions counting the evaluated rules from 0; only
    /// the rules whose findings changed are in `findings` (after opening,
    /// every rule).
    pub fn delta_json(&self) -> String {
        let outcome = self
            .written
            .iter()
            .map(|(_, s)| *s)
            .max()
            .unwrap_or(Status::NotApplicable);
        let mut out = String::with_capacity(
            256 + self
                .changed
                .iter()
                .map(|&k| self.written[k].0.len())
                .sum::<usize>(),
        );
        out.push_str("{\"outcome\":\"");
        out.push_str(outcome.as_str());
        out.push_str("\",\"incident\":");
        match self.id() {
            Some(id) => write_json_str(id, &mut out),
            None => out.push_str("null"),
        }
        out.push_str(",\"rerun\":[");
        for (n, id) in self.last_rerun.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            write_json_str(id, &mut out);
        }
        out.push_str("],\"findings\":{");
        for (n, &k) in self.changed.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(&k.to_string());
            out.push_str("\":[");
            out.push_str(&self.written[k].0);
            out.push(']');
        }
        out.push_str("}}");
        out
    }

    /// The incident as it stands.
    pub fn incident(&self) -> Value {
        read::to_json(&self.value)
    }

    /// The incident as it stands, as compact JSON text.
    pub fn incident_json(&self) -> String {
        self.value.to_json()
    }

    /// The length of [`Session::incident_json`], kept as changes come:
    /// what the engine's `max_input_bytes` bounds.
    pub fn incident_bytes(&self) -> usize {
        self.bytes
    }

    /// Ids of the rules the last change (or the first evaluation) ran.
    pub fn last_rerun(&self) -> &[String] {
        &self.last_rerun
    }

    /// Sets the value at `pointer` (JSON Pointer) to `value_json` and returns
    /// the new verdict. An object member is added or replaced; an array item
    /// is replaced, or appended at index `length` or `-`; `""` replaces the
    /// whole incident. A change that leaves the incident invalid, or over
    /// the engine's limits, is refused with the reasons, and the session
    /// stays as it was.
    pub fn update_json(&mut self, pointer: &str, value_json: &str) -> Result<Verdict> {
        self.change_json(pointer, value_json)?;
        Ok(self.verdict())
    }

    /// As [`Session::update_json`], without building the verdict (see
    /// [`Session::verdict_json`] and [`Session::delta_json`]).
    pub fn change_json(&mut self, pointer: &str, value_json: &str) -> Result<()> {
        self.change(pointer, Change::Json(value_json))
    }

    /// As [`Session::update_json`], with the value already parsed.
    pub fn update(&mut self, pointer: &str, value: Value) -> Result<Verdict> {
        self.change(pointer, Change::Parsed(value))?;
        Ok(self.verdict())
    }

    /// Removes the object member or array item at `pointer` (later items
    /// move up) and returns the new verdict.
    pub fn remove(&mut self, pointer: &str) -> Result<Verdict> {
        self.change(pointer, Change::Remove)?;
        Ok(self.verdict())
    }

    /// As [`Session::remove`], without building the verdict.
    pub fn remove_only(&mut self, pointer: &str) -> Result<()> {
        self.change(pointer, Change::Remove)
    }

    fn id(&self) -> Option<&str> {
        self.value.get(f::ID).and_then(Val::as_str)
    }

    fn set_rerun(&mut self, rerun: &[usize]) {
        let engine = self.engine.borrow();
        self.last_rerun = rerun
            .iter()
            .map(|&k| engine.rule_at(engine.evaluated()[k]).id.clone())
            .collect();
    }

    /// Runs the evaluated rules at `positions` on `value` and writes the
    /// findings of each whose output is not identical to what it produced
    /// last (`None` for the others: typing in a field mostly leaves a
    /// rule's output as it was).
    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        positions: &[usize],
        value: &Val,
    ) -> Result<(Vec<Option<Val>>, Vec<Option<(String, Status)>>)> {
        let engine = self.engine.borrow();
        let which: Vec<usize> = positions.iter().map(|&k| engine.evaluated()[k]).collect();
        let produced = engine.run_rules(value, &which)?;
        let renderer = engine.renderer(&self.locale);
        let mut written = Vec::with_capacity(which.len());
        for ((&k, &i), p) in positions.iter().zip(&which).zip(&produced) {
            let unchanged = match (p, self.produced.get(k)) {
                (Some(now), Some(Some(before))) => now.identical(before),
                (None, Some(None)) => true,
                _ => false,
            };
            if unchanged {
                written.push(None);
            } else {
                let mut w = VerdictWriter::with_capacity(512);
                engine.write_findings(&mut w, &renderer, i, p.as_ref())?;
                written.push(Some(w.into_findings()));
            }
        }
        Ok((produced, written))
    }

    fn change(&mut self, at: &str, change: Change) -> Result<()> {
        // The pointer first: a value's errors are re-rooted under it.
        let tokens = parse_pointer(at)?;
        let limits = self.engine.borrow().limits();
        let (value, bytes, tokens) = match quick(&self.value, self.bytes, &tokens, &change, &limits)
        {
            Some(done) => done,
            None => checked(&self.value, at, &tokens, change, &limits)?,
        };
        // Which rules read the place changed; on any error below the session
        // keeps what it had.
        let affected = match &self.readers {
            Some((at, rules)) if *at == tokens => rules.clone(),
            _ => {
                let engine = self.engine.borrow();
                let rules: Vec<usize> = (0..engine.evaluated().len())
                    .filter(|&k| engine.rule_at(engine.evaluated()[k]).reads(&tokens))
                    .collect();
                self.readers = Some((tokens.clone(), rules.clone()));
                rules
            }
        };
        let (produced, written) = self.run(&affected, &value)?;
        self.changed.clear();
        for ((&k, p), w) in affected.iter().zip(produced).zip(written) {
            self.produced[k] = p;
            if let Some(w) = w {
                if self.written[k] != w {
                    self.written[k] = w;
                    self.changed.push(k);
                }
            }
        }
        self.value = value;
        self.bytes = bytes;
        self.set_rerun(&affected);
        Ok(())
    }
}

/// The change made the quick way: the new value read straight into the
/// model's shape at `tokens`, set into a copy of `incident` that shares all
/// but the path to it. `None` when anything is out of the ordinary (a
/// value the direct reader declines, a place that does not exist, a
/// required field removed, a limit reached, the schema version or the
/// whole incident replaced): then [`checked`] decides, with its reasons.
/// Gives the new incident, its length as JSON and the tokens changed.
fn quick(
    incident: &Val,
    bytes: usize,
    tokens: &[String],
    change: &Change,
    limits: &Limits,
) -> Option<(Val, usize, Vec<String>)> {
    if tokens.is_empty() || tokens[0] == "schemaVersion" {
        return None;
    }
    let place = place_at(tokens)?;
    let new = match change {
        Change::Json(text) => Some(read::direct_at(
            text,
            &place.shape,
            place.nullable,
            limits,
            tokens.len(),
        )?),
        Change::Parsed(_) => return None,
        Change::Remove if place.required => return None,
        Change::Remove => None,
    };
    let mut value = incident.clone();
    let (resolved, grown) = set_in(&mut value, tokens, new, limits)?;
    let bytes = (bytes as isize + grown) as usize;
    (bytes <= limits.max_input_bytes).then_some((value, bytes, resolved))
}

/// What the model says of one place in an incident.
struct Place {
    shape: Shape,
    /// `null` may stand there.
    nullable: bool,
    /// A member that must be present.
    required: bool,
}

/// The model's word on the place at `tokens`; `None` where the model has
/// no such place.
fn place_at(tokens: &[String]) -> Option<Place> {
    let mut place = Place {
        shape: INCIDENT,
        nullable: false,
        required: true,
    };
    for t in tokens {
        place = match place.shape {
            Shape::Object(members) => {
                let m = members.iter().find(|m| m.name == t)?;
                Place {
                    shape: m.shape,
                    nullable: !m.required,
                    required: m.required,
                }
            }
            Shape::Array(item) => Place {
                shape: *item,
                nullable: false,
                required: false,
            },
            Shape::Any => Place {
                shape: Shape::Any,
                nullable: true,
                required: false,
            },
            _ => return None,
        };
    }
    Some(place)
}

/// Sets (`Some`) or removes (`None`) the value at `tokens` inside `root`,
/// copying only the path to it. Gives the tokens of the place changed
/// (`-` resolved to an index) and how many bytes the incident's JSON
/// grew by; `None` if the place does not exist or a container would hold
/// more than `limits.max_items`.
fn set_in(
    root: &mut Val,
    tokens: &[String],
    new: Option<Val>,
    limits: &Limits,
) -> Option<(Vec<String>, isize)> {
    let (last, parents) = tokens.split_last()?;
    let mut node = root;
    for t in parents {
        node = child_mut(node, t)?;
    }
    let mut resolved = tokens.to_vec();
    let len = |v: &Val| json_len(v) as isize;
    let grown = match node {
        Val::Rec(shape, slots) => {
            let field = crate::run::value::Field::of(last)?;
            let slot = shape.slot(field)?;
            let slots = Rc::make_mut(slots);
            let present = slots.iter().filter(|s| s.is_some()).count() as isize;
            let member = key_len(last) + 1;
            match (&slots[slot], new) {
                (Some(old), Some(v)) => {
                    let d = len(&v) - len(old);
                    slots[slot] = Some(v);
                    d
                }
                (None, Some(v)) => {
                    let d = member + len(&v) + isize::from(present > 0);
                    slots[slot] = Some(v);
                    d
                }
                (Some(old), None) => {
                    let d = member + len(old) + isize::from(present > 1);
                    slots[slot] = None;
                    -d
                }
                (None, None) => return None,
            }
        }
        Val::Arr(items) => {
            let n = items.len();
            let i = if last == "-" { n } else { index(last)? };
            let grown = match new {
                Some(v) if i < n => {
                    let d = len(&v) - len(&items[i]);
                    Rc::make_mut(items)[i] = v;
                    d
                }
                Some(v) if i == n => {
                    if n + 1 > limits.max_items {
                        return None;
                    }
                    let d = len(&v) + isize::from(n > 0);
                    let mut all = items.to_vec();
                    all.push(v);
                    *items = all.into();
                    d
                }
                None if i < n => {
                    let d = len(&items[i]) + isize::from(n > 1);
                    let mut all = items.to_vec();
                    all.remove(i);
                    *items = all.into();
                    -d
                }
                _ => return None,
            };
            *resolved.last_mut().expect("tokens are not empty") = i.to_string();
            grown
        }
        Val::Obj(entries) => {
            let key = Val::str(last);
            let at = entries.binary_search_by(|(k, _)| crate::run::value::cmp(k, &key));
            let n = entries.len();
            let member = key_len(last) + 1;
            let mut all = entries.to_vec();
            let grown = match (at, new) {
                (Ok(i), Some(v)) => {
                    let d = len(&v) - len(&all[i].1);
                    all[i].1 = v;
                    d
                }
                (Err(i), Some(v)) => {
                    if n + 1 > limits.max_items {
                        return None;
                    }
                    let d = member + len(&v) + isize::from(n > 0);
                    all.insert(i, (key, v));
                    d
                }
                (Ok(i), None) => {
                    let d = member + len(&all[i].1) + isize::from(n > 1);
                    all.remove(i);
                    -d
                }
                (Err(_), None) => return None,
            };
            *entries = all.into();
            grown
        }
        _ => return None,
    };
    Some((resolved, grown))
}

/// The value at `token` inside `node`, made unshared so it can change.
fn child_mut<'v>(node: &'v mut Val, token: &str) -> Option<&'v mut Val> {
    match node {
        Val::Rec(shape, slots) => {
            let slot = shape.slot(crate::run::value::Field::of(token)?)?;
            Rc::make_mut(slots)[slot].as_mut()
        }
        Val::Arr(items) => {
            let i = index(token)?;
            Rc::make_mut(items).get_mut(i)
        }
        Val::Obj(entries) => {
            let key = Val::str(token);
            let at = entries
                .binary_search_by(|(k, _)| crate::run::value::cmp(k, &key))
                .ok()?;
            Some(&mut Rc::make_mut(entries)[at].1)
        }
        _ => None,
    }
}

/// The length of `v` as compact JSON.
fn json_len(v: &Val) -> usize {
    v.to_json().len()
}

/// The length of `key` as a JSON string.
fn key_len(key: &str) -> isize {
    let mut s = String::with_capacity(key.len() + 2);
    write_json_str(key, &mut s);
    s.len() as isize
}

/// The change made the careful way: on the incident as JSON, validated as
/// a whole, with every limit checked and every reason given.
fn checked(
    incident: &Val,
    at: &str,
    tokens: &[String],
    change: Change,
    limits: &Limits,
) -> Result<(Val, usize, Vec<String>)> {
    let mut changed = read::to_json(incident);
    let change = match change {
        Change::Json(text) => Edit::Set(read::json(text, limits).map_err(|e| e.under(at))?),
        Change::Parsed(v) => Edit::Set(v),
        Change::Remove => Edit::Remove,
    };
    let tokens = apply(&mut changed, tokens, change).map_err(|message| {
        Error::at(
            ErrorCode::InvalidIncident,
            at,
            format!("cannot change {at:?}: {message}"),
        )
    })?;
    limits.check_value(&changed)?;
    incident::validate(&changed)?;
    let value = read::incident_value(&changed);
    let bytes = json_len(&value);
    if bytes > limits.max_input_bytes {
        return Err(limits::exceeded(
            at,
            format!(
                "after this change the incident would be {bytes} bytes as JSON; the limit is {} bytes",
                limits.max_input_bytes
            ),
        ));
    }
    Ok((value, bytes, tokens))
}

/// A change to the incident as JSON.
enum Edit {
    Set(Value),
    Remove,
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
    change: Edit,
) -> std::result::Result<Vec<String>, String> {
    let Some((last, parents)) = tokens.split_last() else {
        return match change {
            Edit::Set(value) => {
                *root = value;
                Ok(Vec::new())
            }
            Edit::Remove => Err("the incident itself cannot be removed".into()),
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
            Edit::Set(value) => {
                map.insert(last.clone(), value);
            }
            Edit::Remove => {
                map.remove(last.as_str())
                    .ok_or_else(|| format!("there is no member {last:?} to remove"))?;
            }
        },
        Value::Array(items) => {
            let len = items.len();
            let i = if last == "-" { Some(len) } else { index(last) };
            match (change, i) {
                (Edit::Set(value), Some(i)) if i < len => items[i] = value,
                (Edit::Set(value), Some(i)) if i == len => items.push(value),
                (Edit::Remove, Some(i)) if i < len => {
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

    fn typical() -> Val {
        read::incident(
            include_str!("../benches/typical-incident.json"),
            &Limits::default(),
        )
        .unwrap()
    }

    /// Every place in `v`, as tokens, parents first.
    fn places(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        let children: Vec<(String, &Value)> = match v {
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        for (k, child) in children {
            at.push(k);
            places(child, at, out);
            at.pop();
        }
    }

    /// The quick way, where it takes a change, ends where the careful way
    /// does: the same incident, the same length as JSON, the same place.
    #[test]
    fn quick_changes_agree_with_checked_ones() {
        let incident = typical();
        let bytes = json_len(&incident);
        let limits = Limits::default();
        let mut all = Vec::new();
        places(&read::to_json(&incident), &mut Vec::new(), &mut all);
        // Some places that are not there yet.
        all.push(vec!["actions".into(), "-".into()]);
        all.push(vec!["actions".into(), "3".into()]);
        all.push(vec!["extensions".into(), "new".into()]);
        all.push(vec![
            "actions".into(),
            "0".into(),
            "justification".into(),
            "evidence".into(),
        ]);
        let values = [
            "\"n/a\"",
            "\"a justification long enough to count as one\"",
            "null",
            "true",
            "1",
            "[]",
            "{}",
            "[\"x\"]",
            "\"2026-11-30\"",
            r#"{"id": "a9", "consent": {"prior": false}}"#,
        ];
        let (mut quick_ones, mut tried) = (0, 0);
        for tokens in &all {
            let changes = values
                .iter()
                .map(|v| Change::Json(v))
                .chain([Change::Remove]);
            for change in changes {
                tried += 1;
                let Some((value, size, resolved)) =
                    quick(&incident, bytes, tokens, &change, &limits)
                else {
                    continue;
                };
                quick_ones += 1;
                let at: String = tokens.iter().map(|t| format!("/{t}")).collect();
                let (want, want_size, want_tokens) =
                    checked(&incident, &at, tokens, change, &limits).unwrap_or_else(|e| {
                        panic!("{at}: the quick way took a change the careful way refuses: {e:?}")
                    });
                assert_eq!(value.to_json(), want.to_json(), "{at}");
                assert_eq!((size, &resolved), (want_size, &want_tokens), "{at}");
                assert_eq!(size, json_len(&value), "{at}");
            }
        }
        assert!(
            quick_ones * 4 > tried,
            "only {quick_ones} of {tried} changes went the quick way"
        );
        // The changes a form makes most go the quick way.
        let text = Change::Json("\"because\"");
        let at = pointer::tokens("/actions/0/justification/legal/explanation").unwrap();
        assert!(quick(&incident, bytes, &at, &text, &limits).is_some());
        // And those that need the whole incident checked do not.
        for p in ["", "/schemaVersion", "/member/qualifications/0/name"] {
            let at = pointer::tokens(p).unwrap();
            assert!(
                quick(&incident, bytes, &at, &Change::Remove, &limits).is_none(),
                "{p}"
            );
        }
    }

    fn value(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    fn tokens(p: &str) -> Vec<String> {
        pointer::tokens(p).unwrap()
    }

    #[test]
    fn sets_adds_appends_and_removes() {
        let mut v = value(r#"{"a": [1, 2], "b": {"c": 1}}"#);
        apply(&mut v, &tokens("/b/c"), Edit::Set(value("2"))).unwrap();
        apply(&mut v, &tokens("/b/d"), Edit::Set(value("3"))).unwrap();
        let at = apply(&mut v, &tokens("/a/-"), Edit::Set(value("9"))).unwrap();
        assert_eq!(at, ["a", "2"]);
        apply(&mut v, &tokens("/a/0"), Edit::Remove).unwrap();
        assert_eq!(v, value(r#"{"a": [2, 9], "b": {"c": 2, "d": 3}}"#));
    }

    #[test]
    fn refuses_places_that_do_not_exist() {
        let mut v = value(r#"{"a": [1], "s": "x"}"#);
        for (p, change) in [
            ("/x/y", Edit::Set(value("1"))),
            ("/a/2", Edit::Set(value("1"))),
            ("/a/01", Edit::Set(value("1"))),
            ("/a/1", Edit::Remove),
            ("/s/0", Edit::Set(value("1"))),
            ("/missing", Edit::Remove),
            ("", Edit::Remove),
        ] {
            assert!(apply(&mut v, &tokens(p), change).is_err(), "{p}");
        }
        assert_eq!(v, value(r#"{"a": [1], "s": "x"}"#));
    }

    #[test]
    fn leaves_shared_copies_alone() {
        let before = value(r#"{"a": {"b": 1}}"#);
        let mut after = before.clone();
        apply(&mut after, &tokens("/a/b"), Edit::Set(value("2"))).unwrap();
        assert_eq!(before, value(r#"{"a": {"b": 1}}"#));
    }

    #[test]
    fn a_delta_sends_only_the_findings_that_changed() {
        let engine = Engine::new().unwrap();
        let text = include_str!("../benches/typical-incident.json");
        let mut session = engine.session(text).unwrap();
        let opened: serde_json::Value = serde_json::from_str(&session.delta_json()).unwrap();
        assert_eq!(
            opened["findings"].as_object().unwrap().len(),
            engine.evaluated().len(),
            "after opening, every rule's findings"
        );
        let field = "/actions/0/justification/legal/explanation";
        let delta = |s: &Session<&Engine>| -> serde_json::Value {
            serde_json::from_str(&s.delta_json()).unwrap()
        };
        // A short text is placeholder-like: B12's words change.
        session.change_json(field, "\"n/a\"").unwrap();
        let first = delta(&session);
        assert_eq!(first["rerun"], serde_json::json!(["B12"]));
        assert_eq!(first["findings"].as_object().unwrap().len(), 1);
        // The same value again: B12 re-ran, and nothing it says changed.
        session.change_json(field, "\"n/a\"").unwrap();
        let again = delta(&session);
        assert_eq!(again["rerun"], serde_json::json!(["B12"]));
        assert!(again["findings"].as_object().unwrap().is_empty(), "{again}");
        assert_eq!(again["outcome"], first["outcome"]);
        // And the verdict is still the full evaluation's.
        let changed = session.incident_json();
        assert_eq!(
            session.verdict_json(),
            engine
                .evaluate_to_json(&changed, &Default::default())
                .unwrap()
        );
    }
}
