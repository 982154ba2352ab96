//! Reading an incident: JSON text in, within the limits and valid against
//! the model, and out as the value the rules read, its objects as records.
//!
//! There are two ways, and they must agree:
//!
//! - the **direct** reader walks the text once, guided by the model: it
//!   checks types, dates, enums, unknown and required fields and the limits
//!   as it reads, and builds records straight away. It only says yes or no.
//! - the **reference** way parses into `serde_json::Value`, checks the limits
//!   and validates (`incident.rs`), reporting every problem with its
//!   pointer. It runs when the direct reader declines, so errors are always
//!   the reference's.
//!
//! `tests/reading.rs` and the `parse_validate` fuzz target hold the two to
//! each other.

use crate::error::{Error, ErrorCode, Result};
use crate::model::dates;
use crate::model::incident::{self, Field as Member, Shape, INCIDENT, SCHEMA_VERSIONS};
use crate::model::limits::{self, Limits, PARSER_DEPTH};
use crate::run::builtins::number_of;
use crate::run::compiled::input_shape;
use crate::run::value::{rec_from, Field, Shape as RecordShape, Val};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Parses JSON text within `limits` (size before parsing; depth, strings
/// and item counts after). Not validated against the model.
pub fn json(text: &str, limits: &Limits) -> Result<Json> {
    limits.check_text(text)?;
    let value = serde_json::from_str::<Json>(text).map_err(|e| {
        let message = e.to_string();
        if message.contains("recursion limit") {
            limits::exceeded(
                "",
                format!("the incident is nested more than {PARSER_DEPTH} levels deep"),
            )
        } else {
            Error::at(
                ErrorCode::InvalidJson,
                "",
                format!("not valid JSON: {message}"),
            )
        }
    })?;
    limits.check_value(&value)?;
    Ok(value)
}

/// Reads and validates an incident.
pub fn incident(text: &str, limits: &Limits) -> Result<Val> {
    if let Some(v) = direct(text, &INCIDENT, limits) {
        return Ok(v);
    }
    let json = json(text, limits)?;
    incident::validate(&json)?;
    // Valid, though the direct reader declined (a key given twice, say).
    Ok(shaped(&json, &INCIDENT))
}

/// A valid incident given as JSON, as the rules read it.
pub fn incident_value(json: &Json) -> Val {
    shaped(json, &INCIDENT)
}

/// `text` read as a value of `shape` within `limits` (at `depth` levels
/// below the incident's root), or `None` if anything about it is irregular.
pub fn direct(text: &str, shape: &Shape, limits: &Limits) -> Option<Val> {
    direct_at(text, shape, false, limits, 0)
}

/// As [`direct`], for a value that sits `depth` levels down, where `null`
/// may stand if `nullable`.
pub fn direct_at(
    text: &str,
    shape: &Shape,
    nullable: bool,
    limits: &Limits,
    depth: usize,
) -> Option<Val> {
    if text.len() > limits.max_input_bytes {
        return None;
    }
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        i: 0,
        limits,
        items: Vec::new(),
        slots: Vec::new(),
    };
    let v = r.value(shape, nullable, depth)?;
    r.ws();
    (r.i == r.b.len()).then_some(v)
}

/// A JSON value as a rule value, its objects as records where `shape` says
/// which they are.
pub fn shaped(json: &Json, shape: &Shape) -> Val {
    match (shape, json) {
        (Shape::Object(members), Json::Object(map)) => match object_shape(members) {
            Some(os) if members.len() <= 64 => {
                let mut slots: Vec<Option<Val>> = vec![None; os.rec.get().fields.len()];
                for (name, v) in map {
                    match members.iter().position(|m| m.name == name) {
                        Some(m) => slots[os.slots[m]] = Some(shaped(v, &members[m].shape)),
                        None => return value(json),
                    }
                }
                rec_from(os.rec, slots)
            }
            _ => value(json),
        },
        (Shape::Array(item), Json::Array(items)) => {
            Val::array(items.iter().map(|v| shaped(v, item)).collect())
        }
        _ => value(json),
    }
}

/// A JSON value as a rule value, objects as plain objects.
pub fn value(json: &Json) -> Val {
    match json {
        Json::Null => Val::Null,
        Json::Bool(b) => Val::Bool(*b),
        Json::Number(n) => number_of(n),
        Json::String(s) => Val::str(s),
        Json::Array(items) => Val::array(items.iter().map(value).collect()),
        Json::Object(map) => {
            // serde_json's map is ordered by key, as objects are here.
            let entries: Vec<(Val, Val)> =
                map.iter().map(|(k, v)| (Val::str(k), value(v))).collect();
            Val::Obj(entries.into())
        }
    }
}

/// A rule value as JSON (sets become arrays).
pub fn to_json(v: &Val) -> Json {
    serde_json::from_str(&v.to_json()).expect("a value writes valid JSON")
}

/// An object of the model with its record shape: which slot each member
/// (in the model's order) fills.
struct ObjectShape {
    members: usize,
    rec: RecordShape,
    slots: Vec<usize>,
}

/// The record shape of the model's object with `members`.
fn object_shape(members: &'static [Member]) -> Option<&'static ObjectShape> {
    static SHAPES: OnceLock<Vec<ObjectShape>> = OnceLock::new();
    let shapes = SHAPES.get_or_init(|| {
        let mut out = Vec::new();
        collect_shapes(&INCIDENT, String::new(), &mut out);
        out
    });
    shapes
        .iter()
        .find(|s| s.members == members.as_ptr() as usize)
}

fn collect_shapes(shape: &Shape, at: String, out: &mut Vec<ObjectShape>) {
    match shape {
        Shape::Object(members) => {
            if let Some(rec) = input_shape(&at) {
                let slots = members
                    .iter()
                    .map(|m| {
                        let id = Field::of(m.name).expect("build.rs named every model field");
                        rec.slot(id).expect("the shape has every member")
                    })
                    .collect();
                out.push(ObjectShape {
                    members: members.as_ptr() as usize,
                    rec,
                    slots,
                });
            }
            for m in members.iter() {
                collect_shapes(&m.shape, format!("{at}/{}", m.name), out);
            }
        }
        Shape::Array(item) => collect_shapes(item, format!("{at}/*"), out),
        _ => {}
    }
}

/// The direct reader: a JSON scanner that builds values as the model says,
/// and gives up (`None`) at the first thing it does not expect.
struct Reader<'a> {
    /// The text, and its bytes (the same memory).
    text: &'a str,
    b: &'a [u8],
    i: usize,
    limits: &'a Limits,
    /// Items of the arrays being read, innermost last: one buffer for all,
    /// so an array costs one allocation (its own), not two.
    items: Vec<Val>,
    /// Fields of the records being read, the same way.
    slots: Vec<Option<Val>>,
}

impl<'a> Reader<'a> {
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.b[self.i..]
            .starts_with(word)
            .then(|| self.i += word.len())
    }

    fn value(&mut self, shape: &Shape, nullable: bool, depth: usize) -> Option<Val> {
        let c = self.peek()?;
        if c == b'n' {
            self.literal(b"null")?;
            return (nullable || matches!(shape, Shape::Any)).then_some(Val::Null);
        }
        match shape {
            Shape::Any => self.any(depth),
            Shape::Bool => match c {
                b't' => self.literal(b"true").map(|_| Val::Bool(true)),
                b'f' => self.literal(b"false").map(|_| Val::Bool(false)),
                _ => None,
            },
            Shape::String => self.text().map(|s| Val::str(&s)),
            Shape::Date => {
                let s = self.text()?;
                dates::day_number(&s)?;
                Some(Val::str(&s))
            }
            Shape::Enum(allowed) => {
                let s = self.text()?;
                allowed.contains(&s.as_ref()).then(|| Val::str(&s))
            }
            Shape::Array(item) => {
                self.open(b'[', depth)?;
                let base = self.items.len();
                if self.peek()? != b']' {
                    loop {
                        // An item may not be null.
                        let v = self.value(item, false, depth + 1)?;
                        self.items.push(v);
                        if self.items.len() - base > self.limits.max_items {
                            return None;
                        }
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => break,
                            _ => return None,
                        }
                    }
                }
                self.i += 1;
                Some(Val::Arr(self.items.drain(base..).collect()))
            }
            Shape::Object(members) if members.len() <= 64 => {
                let os = object_shape(members)?;
                self.open(b'{', depth)?;
                let base = self.slots.len();
                self.slots.resize(base + os.rec.get().fields.len(), None);
                let mut seen = 0u64;
                let mut count = 0;
                if self.peek()? != b'}' {
                    loop {
                        let key = self.text()?;
                        self.eat(b':')?;
                        let m = members.iter().position(|m| m.name == key)?;
                        if seen & (1 << m) != 0 {
                            return None; // a key given twice: the reference decides
                        }
                        seen |= 1 << m;
                        count += 1;
                        let v = self.value(&members[m].shape, !members[m].required, depth + 1)?;
                        self.slots[base + os.slots[m]] = Some(v);
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => break,
                            _ => return None,
                        }
                    }
                }
                self.i += 1;
                if count > self.limits.max_items {
                    return None;
                }
                for (m, member) in members.iter().enumerate() {
                    if member.required && seen & (1 << m) == 0 {
                        return None;
                    }
                }
                // The one value the model fixes: the schema version.
                if depth == 0 {
                    let version = self.slots[base + os.slots[0]].as_ref()?.as_str()?;
                    if members[0].name != "schemaVersion" || !SCHEMA_VERSIONS.contains(&version) {
                        return None;
                    }
                }
                Some(rec_from(os.rec, self.slots.drain(base..)))
            }
            Shape::Object(_) => None,
        }
    }

    /// The opening bracket of a container at `depth`.
    fn open(&mut self, bracket: u8, depth: usize) -> Option<()> {
        if depth >= self.limits.max_depth || depth >= PARSER_DEPTH - 1 {
            return None;
        }
        self.eat(bracket)
    }

    /// Any JSON value (the free-form `extensions`).
    fn any(&mut self, depth: usize) -> Option<Val> {
        match self.peek()? {
            b't' => self.literal(b"true").map(|_| Val::Bool(true)),
            b'f' => self.literal(b"false").map(|_| Val::Bool(false)),
            b'n' => self.literal(b"null").map(|_| Val::Null),
            b'"' => self.text().map(|s| Val::str(&s)),
            b'[' => {
                self.open(b'[', depth)?;
                let mut items = Vec::new();
                if self.peek()? != b']' {
                    loop {
                        items.push(self.any(depth + 1)?);
                        if items.len() > self.limits.max_items {
                            return None;
                        }
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => break,
                            _ => return None,
                        }
                    }
                }
                self.i += 1;
                Some(Val::array(items))
            }
            b'{' => {
                self.open(b'{', depth)?;
                let mut entries: Vec<(Val, Val)> = Vec::new();
                if self.peek()? != b'}' {
                    loop {
                        let key = self.text()?;
                        self.eat(b':')?;
                        let v = self.any(depth + 1)?;
                        entries.push((Val::str(&key), v));
                        if entries.len() > self.limits.max_items {
                            return None;
                        }
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => break,
                            _ => return None,
                        }
                    }
                }
                self.i += 1;
                let n = entries.len();
                let v = Val::object(entries);
                // A key given twice: the reference decides.
                (v.len() == Some(n)).then_some(v)
            }
            _ => self.number(),
        }
    }

    /// A number, read exactly as serde_json reads it.
    fn number(&mut self) -> Option<Val> {
        let start = self.i;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.b.get(self.i) {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        let n: serde_json::Number = serde_json::from_str(text).ok()?;
        Some(number_of(&n))
    }

    /// A string, within the string limit; `None` for anything but a valid
    /// JSON string.
    fn text(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        self.i += 1;
        let start = self.i;
        // Up to the closing quote; a backslash or a control character
        // leaves the fast path.
        let end = start + crate::run::value::find_json_special(&self.b[start..])?;
        self.i = end;
        if self.b[end] != b'"' {
            return if self.b[end] == b'\\' {
                self.escaped(start)
            } else {
                None
            };
        }
        self.i += 1;
        // Quotes are ASCII, so both ends sit on character boundaries.
        let s = &self.text[start..end];
        (s.len() <= self.limits.max_string_bytes).then_some(Cow::Borrowed(s))
    }

    /// The rest of a string that has escapes, from `start`.
    fn escaped(&mut self, start: usize) -> Option<Cow<'a, str>> {
        let mut out: Vec<u8> = self.b[start..self.i].to_vec();
        loop {
            match *self.b.get(self.i)? {
                b'"' => break,
                b'\\' => {
                    self.i += 1;
                    let e = *self.b.get(self.i)?;
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut c = self.hex4()?;
                            if (0xD800..0xDC00).contains(&c) {
                                // A high surrogate must be followed by a low one.
                                if self.b.get(self.i..self.i + 2)? != b"\\u" {
                                    return None;
                                }
                                self.i += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                            } else if (0xDC00..0xE000).contains(&c) {
                                return None;
                            }
                            let ch = char::from_u32(c)?;
                            out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                        _ => return None,
                    }
                }
                0..=0x1f => return None,
                b => {
                    out.push(b);
                    self.i += 1;
                }
            }
        }
        self.i += 1;
        let s = String::from_utf8(out).ok()?;
        (s.len() <= self.limits.max_string_bytes).then_some(Cow::Owned(s))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Option<Val>, Option<Val>) {
        let limits = Limits::default();
        let reference = json(text, &limits)
            .ok()
            .filter(|j| incident::problems(j).is_empty())
            .map(|j| shaped(&j, &INCIDENT));
        (direct(text, &INCIDENT, &limits), reference)
    }

    #[test]
    fn reads_what_the_reference_accepts_and_nothing_else() {
        let typical = include_str!("../../benches/typical-incident.json");
        let (d, r) = both(typical);
        assert!(d.is_some());
        assert_eq!(d, r);
        for text in [
            r#"{"schemaVersion": "1", "actions": null, "extensions": {"a": [1, 2.5, -3e2, "x\u00e9\ud83d\ude00"]}}"#,
            r#"{"schemaVersion": "2"}"#,
            r#"{"schemaVersion": "1", "actions": [null]}"#,
            r#"{"schemaVersion": "1", "unknown": 1}"#,
            r#"{"schemaVersion": "1", "occurredAt": "2026-02-30"}"#,
            r#"{"schemaVersion": "1", "id": "a", "id": "b"}"#,
            r#"{"schemaVersion": "1"} x"#,
            r#"{"actions": []}"#,
            r#"{"schemaVersion": "1", "id": "\ud800"}"#,
            r#"[]"#,
        ] {
            let (d, r) = both(text);
            if d.is_some() {
                assert_eq!(d, r, "{text}");
            }
            if r.is_none() {
                assert!(d.is_none(), "{text}");
            }
        }
    }
}
