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

use crate::run::compiled::{FIELD_COUNT, FIELD_NAMES, SHAPES};
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

/// A record shape known when the Rust was generated: an index into
/// [`SHAPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape(pub u16);

impl Shape {
    #[inline]
    pub fn get(self) -> &'static RecShape {
        &SHAPES[self.0 as usize]
    }

    /// The slot of `field`, if records of this shape have it.
    #[inline]
    pub fn slot(self, field: Field) -> Option<usize> {
        self.get().slot(field)
    }
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

/// A record's values, one slot per key of its shape, `None` where the
/// object lacks that key.
pub type Slots = Rc<[Option<Val>]>;

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
    /// An object whose keys were known when the Rust was generated.
    Rec(Shape, Slots),
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
        matches!(self, Val::Obj(_) | Val::Rec(..))
    }

    /// A literal's condition: anything defined but `false` holds.
    #[inline]
    pub fn holds(&self) -> bool {
        !matches!(self, Val::Bool(false))
    }

    /// The value of `field`, when this is an object that has it. (Kept out
    /// of line: generated code reads fields in hundreds of places.)
    #[inline(never)]
    pub fn get(&self, field: Field) -> Option<&Val> {
        match self {
            Val::Rec(shape, slots) => shape.slot(field).and_then(|i| slots[i].as_ref()),
            Val::Obj(o) => find(o, field.name()),
            _ => None,
        }
    }

    /// A copy (kept out of line for the generated code's many copies).
    #[inline(never)]
    pub fn dup(&self) -> Val {
        self.clone()
    }

    /// `self[index]`: an object's value, an array's item, or a set's element.
    #[inline(never)]
    pub fn index(&self, index: &Val) -> Option<&Val> {
        match (self, index) {
            (Val::Rec(shape, slots), Val::Str(name)) => {
                let field = Field::of(name)?;
                shape.slot(field).and_then(|i| slots[i].as_ref())
            }
            (Val::Rec(..), _) => None,
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
            Val::Rec(shape, slots) => Entries::Rec(shape.get(), slots, 0),
            Val::Obj(o) => Entries::Obj(o.iter()),
            _ => Entries::None,
        }
    }

    /// Number of items, entries or elements (strings: see builtins::count).
    pub fn len(&self) -> Option<usize> {
        match self {
            Val::Arr(a) | Val::Set(a) => Some(a.len()),
            Val::Obj(o) => Some(o.len()),
            Val::Rec(_, slots) => Some(slots.iter().filter(|s| s.is_some()).count()),
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
            Val::Obj(_) | Val::Rec(..) => 6,
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
            Val::Obj(_) | Val::Rec(..) => {
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
    Rec(&'static RecShape, &'a [Option<Val>], usize),
    Obj(std::slice::Iter<'a, (Val, Val)>),
    None,
}

impl<'a> Iterator for Entries<'a> {
    type Item = (Key<'a>, &'a Val);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Entries::Rec(shape, slots, i) => {
                while *i < slots.len() {
                    let slot = *i;
                    *i += 1;
                    if let Some(v) = &slots[slot] {
                        return Some((Key::Field(shape.fields[slot]), v));
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
        (Val::Obj(_) | Val::Rec(..), Val::Obj(_) | Val::Rec(..)) => {
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

impl Val {
    /// The same value written the same way: same kinds all the way down
    /// (`1` and `1.0`, equal to Rego, are not identical), so anything
    /// rendered from one would be rendered alike from the other.
    pub fn identical(&self, other: &Val) -> bool {
        fn all(a: &[Val], b: &[Val]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.identical(y))
        }
        match (self, other) {
            (Val::Null, Val::Null) => true,
            (Val::Bool(x), Val::Bool(y)) => x == y,
            (Val::Int(x), Val::Int(y)) => x == y,
            (Val::Float(x), Val::Float(y)) => x.to_bits() == y.to_bits(),
            (Val::Str(x), Val::Str(y)) => x == y,
            (Val::Arr(x), Val::Arr(y)) | (Val::Set(x), Val::Set(y)) => {
                Rc::ptr_eq(x, y) || all(x, y)
            }
            (Val::Obj(x), Val::Obj(y)) => {
                Rc::ptr_eq(x, y)
                    || x.len() == y.len()
                        && x.iter()
                            .zip(y.iter())
                            .all(|((k, v), (l, w))| k.identical(l) && v.identical(w))
            }
            (Val::Rec(s, x), Val::Rec(t, y)) => {
                s == t
                    && (Rc::ptr_eq(x, y)
                        || x.len() == y.len()
                            && x.iter().zip(y.iter()).all(|(a, b)| match (a, b) {
                                (None, None) => true,
                                (Some(a), Some(b)) => a.identical(b),
                                _ => false,
                            }))
            }
            _ => false,
        }
    }
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

/// A record of `shape` from its slot values (in the shape's key order).
pub fn rec_from(shape: Shape, slots: impl IntoIterator<Item = Option<Val>>) -> Val {
    Val::Rec(shape, slots.into_iter().collect())
}

/// A record of `shape` with `slots` (in the shape's key order).
#[inline]
pub fn rec<const N: usize>(shape: Shape, slots: [Option<Val>; N]) -> Val {
    Val::Rec(shape, Rc::from(slots))
}

/// JSON string escaping as serde_json writes it.
pub fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    push_json_escaped(s, out);
    out.push('"');
}

/// The position of the first byte JSON strings treat specially (`"`, `\\`,
/// a control character), eight bytes at a time.
#[inline]
pub fn find_json_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `w` is zero: the high bit of that byte in the result.
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let special = (w.wrapping_sub(ONES * 0x20) & !w & HIGHS)
            | zero(w ^ (ONES * b'"' as u64))
            | zero(w ^ (ONES * b'\\' as u64));
        if special != 0 {
            return Some(i + (special.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|p| i + p)
}

/// The inside of a JSON string, escaped as serde_json escapes it.
pub fn push_json_escaped(s: &str, out: &mut String) {
    let Some(first) = find_json_special(s.as_bytes()) else {
        out.push_str(s);
        return;
    };
    /// The escape of each byte that needs one: `u` for `\u00XX`.
    static ESCAPE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = b'u';
            b += 1;
        }
        t[0x08] = b'b';
        t[0x09] = b't';
        t[0x0a] = b'n';
        t[0x0c] = b'f';
        t[0x0d] = b'r';
        t[b'"' as usize] = b'"';
        t[b'\\' as usize] = b'\\';
        t
    };
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let e = ESCAPE[b as usize];
        if e == 0 {
            continue;
        }
        out.push_str(&s[start..i]);
        if e == b'u' {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push('\\');
            out.push(e as char);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// A float as regorus writes it (Rust's decimal form, read back and written
/// by serde_json): a whole number that fits 64 bits as an integer, anything
/// else in serde_json's shortest form (1e21, 0.5).
fn write_float(f: f64, out: &mut String) {
    if f.fract() == 0.0 && f.abs() < 18_446_744_073_709_551_616.0 {
        let _ = write!(out, "{}", f as i128);
        return;
    }
    match serde_json::Number::from_f64(f) {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.push_str("null"),
    }
}

// Every field id the generated code hands out must be in range.
const _: () = assert!(FIELD_COUNT <= u16::MAX as usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_is_stricter_than_rego_equality() {
        let one = Val::Int(1);
        let one_point_zero = Val::Float(1.0);
        assert!(one == one_point_zero, "Rego: 1 == 1.0");
        assert!(
            !one.identical(&one_point_zero),
            "but they are written apart"
        );
        let a = Val::array(vec![Val::str("x"), Val::Int(2)]);
        let b = Val::array(vec![Val::str("x"), Val::Int(2)]);
        assert!(a.identical(&b));
        assert!(!a.identical(&Val::array(vec![Val::str("x"), Val::Float(2.0)])));
        assert!(!a.identical(&Val::set(vec![Val::str("x"), Val::Int(2)])));
        let o = Val::object(vec![(Val::str("k"), Val::Null)]);
        assert!(o.identical(&Val::object(vec![(Val::str("k"), Val::Null)])));
        assert!(!o.identical(&Val::object(vec![(Val::str("k"), Val::Bool(false))])));
    }

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
    fn finds_the_first_special_byte() {
        for (text, want) in [
            ("", None),
            ("plain text, long enough for words", None),
            ("é☃😀 and more than eight bytes", None),
            ("0123456789\"", Some(10)),
            ("01234567\\", Some(8)),
            ("0\u{1f}", Some(1)),
            ("abcdefgh\n", Some(8)),
        ] {
            assert_eq!(find_json_special(text.as_bytes()), want, "{text:?}");
        }
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
