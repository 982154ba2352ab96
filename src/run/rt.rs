//! What compiled rules call: the evaluation context's parts, accumulators
//! for sets, arrays, objects and single values, iteration, `in`, and the
//! arithmetic and builtins (each as regorus evaluates it, including which
//! mistakes are errors).

pub use super::value::{cmp, rec, Field, RecShape, Shape, Val};

/// An array of `items` (one allocation).
#[inline]
pub fn arr<const N: usize>(items: [Val; N]) -> Val {
    Val::Arr(std::rc::Rc::from(items))
}

/// The constants of the generated code, from their JSON text: an array of
/// values, a set written `{"set!": [...]}`.
pub fn constants(json: &str) -> Vec<Val> {
    fn value(j: &serde_json::Value) -> Val {
        match j {
            serde_json::Value::Object(map) if map.len() == 1 && map.contains_key("set!") => {
                let items = map["set!"]
                    .as_array()
                    .map(|a| a.iter().map(value).collect())
                    .unwrap_or_default();
                Val::set(items)
            }
            serde_json::Value::Object(map) => {
                Val::object(map.iter().map(|(k, v)| (Val::str(k), value(v))).collect())
            }
            serde_json::Value::Array(items) => Val::array(items.iter().map(value).collect()),
            serde_json::Value::Null => Val::Null,
            serde_json::Value::Bool(b) => Val::Bool(*b),
            serde_json::Value::Number(n) => super::builtins::number_of(n),
            serde_json::Value::String(text) => Val::str(text),
        }
    }
    let list: serde_json::Value =
        serde_json::from_str(json).expect("the generated constants are JSON");
    list.as_array()
        .expect("an array")
        .iter()
        .map(value)
        .collect()
}
use std::cell::OnceCell;

/// A failure while rules run: a rule that broke one of Rego's own rules
/// (two values for one complete rule, one key with two values). Boxed, so
/// that the results every generated call passes back stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub message: Box<str>,
}

impl Fault {
    #[cold]
    pub fn new(message: impl Into<String>) -> Fault {
        Fault {
            message: message.into().into_boxed_str(),
        }
    }
}

pub type Res<T> = Result<T, Fault>;

/// A rule's value within one evaluation, computed on first use.
#[derive(Default)]
pub struct Memo(OnceCell<Option<Val>>);

impl Memo {
    /// A complete rule's value (`None`: undefined).
    pub fn complete(&self, eval: impl FnOnce() -> Res<Option<Val>>) -> Res<Option<&Val>> {
        if let Some(v) = self.0.get() {
            return Ok(v.as_ref());
        }
        let v = eval()?;
        Ok(self.0.get_or_init(|| v).as_ref())
    }

    /// A partial rule's value: always defined (possibly empty).
    pub fn partial(&self, eval: impl FnOnce() -> Res<Val>) -> Res<&Val> {
        if let Some(Some(v)) = self.0.get() {
            return Ok(v);
        }
        let v = eval()?;
        Ok(self
            .0
            .get_or_init(|| Some(v))
            .as_ref()
            .expect("set just now"))
    }
}

/// The members of a set being built.
#[derive(Default)]
pub struct SetOut(Vec<Val>);

impl SetOut {
    pub fn new() -> SetOut {
        SetOut(Vec::new())
    }

    pub fn add(&mut self, v: Val) {
        self.0.push(v);
    }

    pub fn finish(self) -> Res<Val> {
        Ok(Val::set(self.0))
    }
}

/// The items of an array being built.
#[derive(Default)]
pub struct ArrOut(Vec<Val>);

impl ArrOut {
    pub fn new() -> ArrOut {
        ArrOut(Vec::new())
    }

    pub fn add(&mut self, v: Val) {
        self.0.push(v);
    }

    pub fn finish(self) -> Res<Val> {
        Ok(Val::array(self.0))
    }
}

/// The entries of an object being built: one value per key.
pub struct ObjOut {
    what: &'static str,
    entries: Vec<(Val, Val)>,
}

impl ObjOut {
    pub fn new(what: &'static str) -> ObjOut {
        ObjOut {
            what,
            entries: Vec::new(),
        }
    }

    pub fn add(&mut self, k: Val, v: Val) -> Res<()> {
        self.entries.push((k, v));
        Ok(())
    }

    pub fn finish(mut self) -> Res<Val> {
        self.entries.sort_by(|a, b| cmp(&a.0, &b.0));
        let mut out: Vec<(Val, Val)> = Vec::with_capacity(self.entries.len());
        for (k, v) in self.entries {
            match out.last() {
                Some((last, existing)) if *last == k => {
                    if *existing != v {
                        return Err(Fault::new(format!(
                            "{}: the key {} has two values",
                            self.what,
                            k.to_json()
                        )));
                    }
                }
                _ => out.push((k, v)),
            }
        }
        Ok(Val::Obj(out.into()))
    }
}

/// The value of a complete rule or function definition: all that hold
/// must agree.
pub struct One {
    what: &'static str,
    value: Option<Val>,
}

impl One {
    pub fn new(what: &'static str) -> One {
        One { what, value: None }
    }

    #[inline]
    pub fn add(&mut self, v: Val) -> Res<()> {
        match &self.value {
            None => {
                self.value = Some(v);
                Ok(())
            }
            Some(existing) if *existing == v => Ok(()),
            Some(_) => Err(Fault::new(format!(
                "{}: complete rules should not produce multiple outputs",
                self.what
            ))),
        }
    }

    #[inline]
    pub fn found(&self) -> bool {
        self.value.is_some()
    }

    /// Another definition's value into this one.
    #[inline]
    pub fn merge(&mut self, other: One) -> Res<()> {
        match other.value {
            Some(v) => self.add(v),
            None => Ok(()),
        }
    }

    #[inline]
    pub fn value(self) -> Option<Val> {
        self.value
    }
}

/// A function's definitions: those that hold must agree; an error in one is
/// reported only when none holds (as regorus does).
pub struct Results {
    what: &'static str,
    value: Option<Val>,
    error: Option<Fault>,
    conflict: bool,
}

impl Results {
    pub fn new(what: &'static str) -> Results {
        Results {
            what,
            value: None,
            error: None,
            conflict: false,
        }
    }

    #[inline]
    pub fn add(&mut self, r: Res<Option<Val>>) {
        match r {
            Ok(None) => {}
            Ok(Some(v)) => match &self.value {
                None => self.value = Some(v),
                Some(existing) => self.conflict |= *existing != v,
            },
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    #[inline]
    pub fn finish(self) -> Res<Option<Val>> {
        if self.conflict {
            return Err(Fault::new(format!(
                "{}: functions must not produce multiple outputs for same inputs",
                self.what
            )));
        }
        match (self.value, self.error) {
            (Some(v), _) => Ok(Some(v)),
            (None, Some(e)) => Err(e),
            (None, None) => Ok(None),
        }
    }
}

// --- Iteration ------------------------------------------------------------

/// The items of a collection, for `some … in` and iterating references.
pub enum Items<'a> {
    Arr(std::iter::Enumerate<std::slice::Iter<'a, Val>>),
    Set(std::slice::Iter<'a, Val>),
    Map(super::value::Entries<'a>),
}

impl<'a> Iterator for Items<'a> {
    type Item = (Val, &'a Val);

    #[inline(never)]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Items::Arr(it) => it.next().map(|(i, v)| (Val::num(i), v)),
            Items::Set(it) => it.next().map(|v| (v.clone(), v)),
            Items::Map(it) => it.next().map(|(k, v)| (k.to_val(), v)),
        }
    }
}

/// The values alone (no key is made).
pub enum Values<'a> {
    Slice(std::slice::Iter<'a, Val>),
    Map(super::value::Entries<'a>),
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a Val;

    #[inline(never)]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Values::Slice(it) => it.next(),
            Values::Map(it) => it.next().map(|(_, v)| v),
        }
    }
}

/// `some k, v in coll`: index and item, element and element, key and value.
/// Anything else has no items.
pub fn entries_of(coll: &Val) -> Items<'_> {
    match coll {
        Val::Arr(items) => Items::Arr(items.iter().enumerate()),
        Val::Set(items) => Items::Set(items.iter()),
        Val::Obj(_) | Val::Rec(..) => Items::Map(coll.entries()),
        _ => Items::Set([].iter()),
    }
}

/// `some v in coll`.
pub fn values_of(coll: &Val) -> Values<'_> {
    match coll {
        Val::Arr(items) | Val::Set(items) => Values::Slice(items.iter()),
        Val::Obj(_) | Val::Rec(..) => Values::Map(coll.entries()),
        _ => Values::Slice([].iter()),
    }
}

/// `coll[k]` with `k` unbound: the keys alone.
pub fn keys_of(coll: &Val) -> impl Iterator<Item = Val> + '_ {
    entries_of(coll).map(|(k, _)| k)
}

// --- Membership -----------------------------------------------------------

/// `value in coll`: false when either is undefined or `coll` is no
/// collection.
pub fn member(value: Option<&Val>, coll: Option<&Val>) -> bool {
    let (Some(value), Some(coll)) = (value, coll) else {
        return false;
    };
    match coll {
        Val::Arr(items) => items.iter().any(|i| i == value),
        Val::Set(_) => coll.index(value).is_some(),
        Val::Obj(_) | Val::Rec(..) => values_of(coll).any(|v| v == value),
        _ => false,
    }
}

/// `key, value in coll`.
pub fn member_kv(key: Option<&Val>, value: Option<&Val>, coll: Option<&Val>) -> bool {
    let (Some(key), Some(value), Some(coll)) = (key, value, coll) else {
        return false;
    };
    match coll {
        Val::Arr(_) | Val::Obj(_) | Val::Rec(..) => coll.index(key) == Some(value),
        _ => false,
    }
}

// --- Arithmetic -------------------------------------------------------------

/// Arithmetic as regorus's VM does it with lenient builtins: numbers only
/// (`-` also takes two sets), and what it cannot do (a wrong kind of
/// value, dividing by zero) is undefined.
pub mod arith {
    use super::Val;

    fn float(v: &Val) -> f64 {
        match v {
            Val::Int(i) => *i as f64,
            Val::Float(f) => *f,
            _ => f64::NAN,
        }
    }

    fn numbers(a: &Val, b: &Val) -> Option<()> {
        let is_number = |v: &Val| matches!(v, Val::Int(_) | Val::Float(_));
        (is_number(a) && is_number(b)).then_some(())
    }

    /// An exact result, else its float.
    fn whole(exact: Option<i64>, f: impl FnOnce() -> f64) -> Val {
        match exact {
            Some(i) => Val::Int(i),
            None => Val::float(f()),
        }
    }

    pub fn add(a: &Val, b: &Val) -> Option<Val> {
        numbers(a, b)?;
        Some(match (a, b) {
            (Val::Int(x), Val::Int(y)) => whole(x.checked_add(*y), || *x as f64 + *y as f64),
            _ => Val::float(float(a) + float(b)),
        })
    }

    pub fn sub(a: &Val, b: &Val) -> Option<Val> {
        if let (Val::Set(x), Val::Set(y)) = (a, b) {
            let rest: Vec<Val> = x
                .iter()
                .filter(|v| y.binary_search_by(|e| super::cmp(e, v)).is_err())
                .cloned()
                .collect();
            return Some(Val::Set(rest.into()));
        }
        numbers(a, b)?;
        Some(match (a, b) {
            (Val::Int(x), Val::Int(y)) => whole(x.checked_sub(*y), || *x as f64 - *y as f64),
            _ => Val::float(float(a) - float(b)),
        })
    }

    pub fn mul(a: &Val, b: &Val) -> Option<Val> {
        numbers(a, b)?;
        Some(match (a, b) {
            (Val::Int(x), Val::Int(y)) => whole(x.checked_mul(*y), || *x as f64 * *y as f64),
            _ => Val::float(float(a) * float(b)),
        })
    }

    /// Exact when it divides, else a float.
    pub fn div(a: &Val, b: &Val) -> Option<Val> {
        numbers(a, b)?;
        if float(b) == 0.0 {
            return None;
        }
        Some(match (a, b) {
            (Val::Int(x), Val::Int(y)) if x.checked_rem(*y) == Some(0) => Val::Int(x / y),
            _ => Val::float(float(a) / float(b)),
        })
    }

    /// Remainder of whole numbers, truncated (as Go's and OPA's `%`).
    pub fn rem(a: &Val, b: &Val) -> Option<Val> {
        match (a, b) {
            (Val::Int(_), Val::Int(0)) => None,
            (Val::Int(x), Val::Int(y)) => Some(Val::Int(x.checked_rem(*y).unwrap_or(0))),
            _ => None,
        }
    }
}

pub use super::builtins;
