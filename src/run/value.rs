//! The values compiled rules compute with: Rego's value model (null, booleans,
//! numbers, strings, arrays, sets, objects), ordered as regorus orders them,
//! so that sets and verdicts come out byte for byte as on its VM and
//! interpreter.
//!
//! One addition makes field access cheap: a **record** is an object whose
//! keys were known when the Rust was generated (the incident model's objects
//! and every object literal with constant keys). Its values sit in slots in
//! key order, so reading `action.consent` is a slot lookup, not a map
//! lookup. A record and a plain object with the same entries are equal and
//! order the same; only their speed differs.
//!
//! Undefined is not a value here: expressions that may be undefined give an
//! `Option`.

use crate::run::compiled::{FIELD_COUNT, FIELD_NAMES};
use std::cmp::Ordering;
use std::fmt::Write as _;
use std::rc::Rc;

/// A field name known at build time: an index into [`FIELD_NAMES`], which is
/// sorted, so that ids order as their names do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Field(pub u16);

impl Field {
    pub fn name(self) -> &'static str {
        FIELD_NAMES[self.0 as usize]
    }

    /// The id of `name`, if it is a known field name.
    #[inline]
    pub fn of(name: &str) -> Option<Field> {
        crate::run::compiled::field_of(name)
    }
}

/// The keys of a record, in ascending order (so in key order).
#[derive(Debug)]
pub struct RecShape {
    pub fields: &'static [Field],
}

impl RecShape {
    /// The slot of `field`, if records of this shape have it.
    #[inline]
    pub fn slot(&self, field: Field) -> Option<usize> {
        // Shapes are small (at most a few dozen keys): a linear scan over
        // sorted u16s beats a binary search here.
        self.fields.iter().position(|&f| f == field)
    }
}

/// A record: the shape's slots, `None` where the object lacks that key.
#[derive(Debug)]
pub struct RecOf<S: ?Sized> {
    pub shape: &'static RecShape,
    pub slots: S,
}

pub type Rec = RecOf<[Option<Val>]>;

/// A Rego value.
#[derive(Debug, Clone)]
pub enum Val {
    Null,
    Bool(bool),
    /// A whole number (regorus keeps integers exact).
    Int(i64),
    /// A number with a fraction, or too large for `Int`.
    Float(f64),
    Str(Rc<str>),
    Arr(Rc<[Val]>),
    /// Sorted, without duplicates.
    Set(Rc<[Val]>),
    /// Sorted by key, keys unique.
    Obj(Rc<[(Val, Val)]>),
    Rec(Rc<Rec>),
}

/// An object key as entries yield it: a record's field name or a value.
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    Field(Field),
    Val(&'a Val),
}

impl Val {
    pub fn str(s: &str) -> Val {
        Val::Str(Rc::from(s))
    }

    pub fn num(n: usize) -> Val {
        Val::Int(n as i64)
    }

    pub fn array(items: Vec<Val>) -> Val {
        Val::Arr(Rc::from(items))
    }

    /// A set of `items`, sorted and deduplicated here.
    pub fn set(mut items: Vec<Val>) -> Val {
        items.sort_by(cmp);
        items.dedup_by(|a, b| cmp(a, b) == Ordering::Equal);
        Val::Set(Rc::from(items))
    }

    /// A float as regorus keeps it: whole values within the exact range of
    /// f64 become integers.
    pub fn float(f: f64) -> Val {
        if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
            Val::Int(f as i64)
        } else {
            Val::Float(f)
        }
    }

    /// An object of `entries`, sorted here; a later duplicate key wins.
    pub fn object(mut entries: Vec<(Val, Val)>) -> Val {
        entries.sort_by(|a, b| cmp(&a.0, &b.0));
        let mut out: Vec<(Val, Val)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if cmp(&last.0, &k) == Ordering::Equal => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Val::Obj(Rc::from(out))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Val::Obj(_) | Val::Rec(_))
    }

    /// A literal's condition: anything defined but `false` holds.
    #[inline]
    pub fn holds(&self) -> bool {
        !matches!(self, Val::Bool(false))
    }

    /// The value of `field`, when this is an object that has it.
    #[inline]
    pub fn get(&self, field: Field) -> Option<&Val> {
        match self {
            Val::Rec(r) => r.shape.slot(field).and_then(|i| r.slots[i].as_ref()),
            Val::Obj(o) => find(o, field.name()),
            _ => None,
        }
    }

    /// `self[index]`: an object's value, an array's item, or a set's element.
    pub fn index(&self, index: &Val) -> Option<&Val> {
        match (self, index) {
            (Val::Rec(r), Val::Str(name)) => {
                let field = Field::of(name)?;
                r.shape.slot(field).and_then(|i| r.slots[i].as_ref())
            }
            (Val::Rec(_), _) => None,
            (Val::Obj(o), Val::Str(name)) => find(o, name),
            (Val::Obj(o), key) => o
                .binary_search_by(|(k, _)| cmp(k, key))
                .ok()
                .map(|i| &o[i].1),
            (Val::Arr(items), Val::Int(i)) => usize::try_from(*i).ok().and_then(|i| items.get(i)),
            (Val::Set(items), item) => items
                .binary_search_by(|e| cmp(e, item))
                .ok()
                .map(|i| &items[i]),
            _ => None,
        }
    }

    /// Entries of an object or record in key order.
    pub fn entries(&self) -> Entries<'_> {
        match self {
            Val::Rec(r) => Entries::Rec(r, 0),
            Val::Obj(o) => Entries::Obj(o.iter()),
            _ => Entries::None,
        }
    }

    /// Number of items, entries or elements (strings: see builtins::count).
    pub fn len(&self) -> Option<usize> {
        match self {
            Val::Arr(a) | Val::Set(a) => Some(a.len()),
            Val::Obj(o) => Some(o.len()),
            Val::Rec(r) => Some(r.slots.iter().filter(|s| s.is_some()).count()),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Rank of the kind in regorus's order of values of different kinds.
    fn rank(&self) -> u8 {
        match self {
            Val::Null => 0,
            Val::Bool(_) => 1,
            Val::Int(_) | Val::Float(_) => 2,
            Val::Str(_) => 3,
            Val::Arr(_) => 4,
            Val::Set(_) => 5,
            Val::Obj(_) | Val::Rec(_) => 6,
        }
    }

    /// Compact JSON, as regorus writes values (objects in key order, sets as
    /// arrays).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    pub fn write_json(&self, out: &mut String) {
        match self {
            Val::Null => out.push_str("null"),
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Val::Float(f) => write_float(*f, out),
            Val::Str(s) => write_json_str(s, out),
            Val::Arr(items) | Val::Set(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            Val::Obj(_) | Val::Rec(_) => {
                out.push('{');
                for (i, (k, v)) in self.entries().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    match k {
                        Key::Field(f) => write_json_str(f.name(), out),
                        Key::Val(Val::Str(s)) => write_json_str(s, out),
                        // JSON keys are strings: other keys are written as
                        // the JSON text of the key, quoted.
                        Key::Val(other) => write_json_str(&other.to_json(), out),
                    }
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// The value at `name` in a sorted object.
fn find<'a>(o: &'a [(Val, Val)], name: &str) -> Option<&'a Val> {
    o.binary_search_by(|(k, _)| match k {
        Val::Str(s) => s.as_ref().cmp(name),
        other => other.rank().cmp(&3),
    })
    .ok()
    .map(|i| &o[i].1)
}

pub enum Entries<'a> {
    Rec(&'a Rec, usize),
    Obj(std::slice::Iter<'a, (Val, Val)>),
    None,
}

impl<'a> Iterator for Entries<'a> {
    type Item = (Key<'a>, &'a Val);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Entries::Rec(r, i) => {
                while *i < r.slots.len() {
                    let slot = *i;
                    *i += 1;
                    if let Some(v) = &r.slots[slot] {
                        return Some((Key::Field(r.shape.fields[slot]), v));
                    }
                }
                None
            }
            Entries::Obj(it) => it.next().map(|(k, v)| (Key::Val(k), v)),
            Entries::None => None,
        }
    }
}

impl Key<'_> {
    /// The key as a value.
    pub fn to_val(self) -> Val {
        match self {
            Key::Field(f) => Val::str(f.name()),
            Key::Val(v) => v.clone(),
        }
    }

    fn cmp(self, other: Key<'_>) -> Ordering {
        match (self, other) {
            (Key::Field(a), Key::Field(b)) => a.cmp(&b),
            (Key::Field(a), Key::Val(b)) => cmp_name(a.name(), b),
            (Key::Val(a), Key::Field(b)) => cmp_name(b.name(), a).reverse(),
            (Key::Val(a), Key::Val(b)) => cmp(a, b),
        }
    }
}

fn cmp_name(name: &str, v: &Val) -> Ordering {
    match v {
        Val::Str(s) => name.cmp(s),
        other => 3.cmp(&other.rank()),
    }
}

/// regorus's order of values: by kind (null, boolean, number, string, array,
/// set, object), then within a kind.
pub fn cmp(a: &Val, b: &Val) -> Ordering {
    match (a, b) {
        (Val::Null, Val::Null) => Ordering::Equal,
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        (Val::Int(x), Val::Int(y)) => x.cmp(y),
        (Val::Int(x), Val::Float(y)) => cmp_int_float(*x, *y),
        (Val::Float(x), Val::Int(y)) => cmp_int_float(*y, *x).reverse(),
        (Val::Float(x), Val::Float(y)) => x.total_cmp(y),
        (Val::Str(x), Val::Str(y)) => x.as_ref().cmp(y.as_ref()),
        (Val::Arr(x), Val::Arr(y)) | (Val::Set(x), Val::Set(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ordering::Equal;
            }
            for (p, q) in x.iter().zip(y.iter()) {
                match cmp(p, q) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        (Val::Obj(_) | Val::Rec(_), Val::Obj(_) | Val::Rec(_)) => {
            let (mut p, mut q) = (a.entries(), b.entries());
            loop {
                match (p.next(), q.next()) {
                    (None, None) => return Ordering::Equal,
                    (None, Some(_)) => return Ordering::Less,
                    (Some(_), None) => return Ordering::Greater,
                    (Some((k1, v1)), Some((k2, v2))) => {
                        match k1.cmp(k2).then_with(|| cmp(v1, v2)) {
                            Ordering::Equal => {}
                            other => return other,
                        }
                    }
                }
            }
        }
        _ => a.rank().cmp(&b.rank()),
    }
}

fn cmp_int_float(i: i64, f: f64) -> Ordering {
    (i as f64).total_cmp(&f).then_with(|| {
        // Equal as floats: compare exactly where i64 exceeds f64's precision.
        if f.abs() < 9_223_372_036_854_775_808.0 {
            i.cmp(&(f as i64))
        } else {
            Ordering::Equal
        }
    })
}

impl PartialEq for Val {
    fn eq(&self, other: &Val) -> bool {
        match (self, other) {
            (Val::Str(x), Val::Str(y)) => x == y,
            (Val::Bool(x), Val::Bool(y)) => x == y,
            (Val::Int(x), Val::Int(y)) => x == y,
            _ => cmp(self, other) == Ordering::Equal,
        }
    }
}

impl Eq for Val {}

impl PartialOrd for Val {
    fn partial_cmp(&self, other: &Val) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Val {
    fn cmp(&self, other: &Val) -> Ordering {
        cmp(self, other)
    }
}

/// Builds a record of `shape` from its slot values, for shapes whose size is
/// known only at run time (records of a known size are built with
/// [`rec`]).
pub fn rec_from(shape: &'static RecShape, slots: impl IntoIterator<Item = Option<Val>>) -> Rc<Rec> {
    let mut it = slots.into_iter();
    macro_rules! sized {
        ($($n:literal)*) => {
            match shape.fields.len() {
                $($n => rec::<$n>(shape, std::array::from_fn(|_| it.next().flatten())),)*
                n => panic!("a record of {n} fields: raise the limit in run/value.rs"),
            }
        };
    }
    sized!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32)
}

/// A record of `shape` with `slots` (in the shape's key order).
#[inline]
pub fn rec<const N: usize>(shape: &'static RecShape, slots: [Option<Val>; N]) -> Rc<Rec> {
    Rc::new(RecOf { shape, slots })
}

/// A record with its slot at `field` replaced (copy on write).
pub fn rec_with(r: &Rc<Rec>, slot: usize, value: Option<Val>) -> Rc<Rec> {
    let mut value = Some(value);
    rec_from(
        r.shape,
        r.slots.iter().enumerate().map(|(i, v)| {
            if i == slot {
                value.take().flatten()
            } else {
                v.clone()
            }
        }),
    )
}

/// JSON string escaping as serde_json writes it.
pub fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A float as regorus writes it: Rust's decimal form read back and written
/// by serde_json (so 1e21 stays 1e21 and 2.0 reads 2).
fn write_float(f: f64, out: &mut String) {
    match f.to_string().parse::<serde_json::Number>() {
        Ok(n) => {
            let _ = write!(out, "{n}");
        }
        Err(_) => out.push_str("null"),
    }
}

// Every field id the generated code hands out must be in range.
const _: () = assert!(FIELD_COUNT <= u16::MAX as usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_values_as_regorus_does() {
        let ordered = [
            Val::Null,
            Val::Bool(false),
            Val::Bool(true),
            Val::Int(-1),
            Val::Float(0.5),
            Val::Int(1),
            Val::str(""),
            Val::str("a"),
            Val::str("b"),
            Val::array(vec![]),
            Val::array(vec![Val::Int(1)]),
            Val::set(vec![]),
            Val::object(vec![]),
            Val::object(vec![(Val::str("a"), Val::Int(1))]),
            Val::object(vec![(Val::str("a"), Val::Int(2))]),
            Val::object(vec![(Val::str("b"), Val::Int(0))]),
        ];
        for pair in ordered.windows(2) {
            assert_eq!(cmp(&pair[0], &pair[1]), Ordering::Less, "{pair:?}");
        }
        assert_eq!(Val::Int(2), Val::Float(2.0));
        assert_eq!(Val::float(4.0), Val::Int(4));
    }

    #[test]
    fn sets_sort_and_deduplicate() {
        let s = Val::set(vec![Val::str("b"), Val::str("a"), Val::str("b")]);
        assert_eq!(s.to_json(), r#"["a","b"]"#);
    }

    #[test]
    fn escapes_as_serde_json() {
        for s in ["plain", "q\"uote\\", "tab\tnl\n\u{1}\u{1f}", "é☃😀"] {
            let mut out = String::new();
            write_json_str(s, &mut out);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
        assert_eq!(Val::Float(0.5).to_json(), "0.5");
        assert_eq!(Val::Float(2.0).to_json(), "2");
        assert_eq!(Val::Float(-2.25).to_json(), "-2.25");
    }
}
