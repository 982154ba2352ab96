//! The Rego builtins the compiled catalogue may call, each as regorus 0.14.1
//! implements it (`src/builtins/*.rs` there). regorus evaluates the
//! catalogue with lenient builtins (the default of its VM, and of its
//! engine's interpreter): a builtin given the wrong kind of value is
//! undefined, not an error. So here each returns `None` then. The
//! translator refuses calls to any other builtin.

use super::value::{cmp, Val};

fn number(v: &Val) -> Option<()> {
    matches!(v, Val::Int(_) | Val::Float(_)).then_some(())
}

pub fn array_concat(a: &Val, b: &Val) -> Option<Val> {
    let (Val::Arr(x), Val::Arr(y)) = (a, b) else {
        return None;
    };
    let mut items = Vec::with_capacity(x.len() + y.len());
    items.extend(x.iter().cloned());
    items.extend(y.iter().cloned());
    Some(Val::array(items))
}

/// `concat(delimiter, strings)`: an array or set of strings, joined.
pub fn concat(delimiter: &Val, items: &Val) -> Option<Val> {
    let delimiter = delimiter.as_str()?;
    let (Val::Arr(list) | Val::Set(list)) = items else {
        return None;
    };
    let mut out = String::new();
    for (i, item) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(delimiter);
        }
        out.push_str(item.as_str()?);
    }
    Some(Val::str(&out))
}

/// `concat(delimiter, [parts…])` with the parts given one by one (the
/// translator's form of an array written out in place).
pub fn concat_parts(delimiter: &Val, parts: &[&Val]) -> Option<Val> {
    let delimiter = delimiter.as_str()?;
    let mut out = String::with_capacity(32);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(delimiter);
        }
        out.push_str(part.as_str()?);
    }
    Some(Val::str(&out))
}

/// `count`: items, elements or entries; a string's length in UTF-16 code
/// units, as regorus counts (OPA counts code points).
pub fn count(v: &Val) -> Option<Val> {
    match v {
        Val::Str(s) => Some(Val::num(s.encode_utf16().count())),
        other => other.len().map(Val::num),
    }
}

/// `count(split(s, ""))` without the array: the characters (code points)
/// of a string, undefined for anything else.
pub fn count_chars(v: &Val) -> Option<Val> {
    Some(Val::num(v.as_str()?.chars().count()))
}

pub fn endswith(a: &Val, b: &Val) -> Option<Val> {
    Some(Val::Bool(a.as_str()?.ends_with(b.as_str()?)))
}

pub fn startswith(a: &Val, b: &Val) -> Option<Val> {
    Some(Val::Bool(a.as_str()?.starts_with(b.as_str()?)))
}

pub fn floor(v: &Val) -> Option<Val> {
    number(v)?;
    Some(match v {
        Val::Float(f) => Val::float(f.floor()),
        other => other.clone(),
    })
}

/// `format_int(n, base)`: the whole part of `n` in base 2, 8, 10 or 16.
pub fn format_int(n: &Val, base: &Val) -> Option<Val> {
    number(n)?;
    let (sign, magnitude) = match n {
        Val::Int(i) => (if *i < 0 { "-" } else { "" }, i.unsigned_abs() as f64),
        Val::Float(f) => (if *f < 0.0 { "-" } else { "" }, f.abs().floor()),
        _ => return None,
    };
    if magnitude >= 18_446_744_073_709_551_616.0 {
        return None;
    }
    let whole = magnitude as u64;
    let digits = match base {
        Val::Int(2) => format!("{whole:b}"),
        Val::Int(8) => format!("{whole:o}"),
        Val::Int(10) => format!("{whole}"),
        Val::Int(16) => format!("{whole:x}"),
        _ => return None,
    };
    Some(Val::str(&format!("{sign}{digits}")))
}

pub fn is_array(v: &Val) -> Option<Val> {
    Some(Val::Bool(matches!(v, Val::Arr(_))))
}

pub fn is_boolean(v: &Val) -> Option<Val> {
    Some(Val::Bool(matches!(v, Val::Bool(_))))
}

pub fn is_null(v: &Val) -> Option<Val> {
    Some(Val::Bool(matches!(v, Val::Null)))
}

pub fn is_number(v: &Val) -> Option<Val> {
    Some(Val::Bool(matches!(v, Val::Int(_) | Val::Float(_))))
}

pub fn is_object(v: &Val) -> Option<Val> {
    Some(Val::Bool(v.is_object()))
}

pub fn is_set(v: &Val) -> Option<Val> {
    Some(Val::Bool(matches!(v, Val::Set(_))))
}

pub fn is_string(v: &Val) -> Option<Val> {
    Some(Val::Bool(matches!(v, Val::Str(_))))
}

pub fn lower(v: &Val) -> Option<Val> {
    let s = v.as_str()?;
    // Most text is ASCII and already lower case: no copy then.
    if s.is_ascii() {
        return Some(if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Val::str(&s.to_ascii_lowercase())
        } else {
            v.clone()
        });
    }
    let lowered = s.to_lowercase();
    Some(if lowered == s {
        v.clone()
    } else {
        Val::str(&lowered)
    })
}

pub fn upper(v: &Val) -> Option<Val> {
    Some(Val::str(&v.as_str()?.to_uppercase()))
}

/// The greatest item; undefined for an empty collection.
pub fn max(v: &Val) -> Option<Val> {
    let (Val::Arr(items) | Val::Set(items)) = v else {
        return None;
    };
    items.iter().max_by(|a, b| cmp(a, b)).cloned()
}

/// The least item; undefined for an empty collection.
pub fn min(v: &Val) -> Option<Val> {
    let (Val::Arr(items) | Val::Set(items)) = v else {
        return None;
    };
    items.iter().min_by(|a, b| cmp(a, b)).cloned()
}

/// `object.get(obj, key, default)`; an array key is a path into `obj`.
pub fn object_get(obj: &Val, key: &Val, default: &Val) -> Option<Val> {
    if !obj.is_object() {
        return None;
    }
    Some(match key {
        Val::Arr(path) => {
            let mut v = obj;
            for step in path.iter() {
                match v.index(step) {
                    Some(next) => v = next,
                    None => return Some(default.clone()),
                }
            }
            v.clone()
        }
        key => obj.index(key).unwrap_or(default).clone(),
    })
}

/// `split(s, delimiter)`; an empty delimiter splits into characters.
pub fn split(s: &Val, delimiter: &Val) -> Option<Val> {
    let (s, delimiter) = (s.as_str()?, delimiter.as_str()?);
    let parts: Vec<Val> = if delimiter.is_empty() {
        s.chars()
            .map(|c| Val::str(c.encode_utf8(&mut [0; 4])))
            .collect()
    } else {
        s.split(delimiter).map(Val::str).collect()
    };
    Some(Val::array(parts))
}

/// `substring(s, offset, length)` in characters; a negative length takes
/// the rest; a negative offset is undefined.
pub fn substring(s: &Val, offset: &Val, length: &Val) -> Option<Val> {
    let text = s.as_str()?;
    number(offset)?;
    number(length)?;
    let whole = |v: &Val| match v {
        Val::Int(i) => Some(*i),
        _ => None,
    };
    Some(match (whole(offset), whole(length)) {
        (Some(o), _) if o < 0 => return None,
        (Some(o), Some(l)) => {
            let take = if l < 0 { text.len() } else { l as usize };
            if text.is_ascii() {
                // Characters are bytes: slice, and share the text when the
                // slice is all of it (`substring(date, 0, 10)`).
                let start = (o as usize).min(text.len());
                let end = start.saturating_add(take).min(text.len());
                if start == 0 && end == text.len() {
                    return Some(s.clone());
                }
                return Some(Val::str(&text[start..end]));
            }
            Val::str(&text.chars().skip(o as usize).take(take).collect::<String>())
        }
        _ => Val::str(""),
    })
}

/// `to_number`: null and booleans as 0/1, numbers as they are, strings
/// read as JSON numbers.
pub fn to_number(v: &Val) -> Option<Val> {
    Some(match v {
        Val::Null | Val::Bool(false) => Val::Int(0),
        Val::Bool(true) => Val::Int(1),
        Val::Int(_) | Val::Float(_) => v.clone(),
        Val::Str(s) => match serde_json::from_str::<serde_json::Value>(s) {
            Ok(serde_json::Value::Number(n)) => number_of(&n),
            _ => return None,
        },
        _ => return None,
    })
}

/// A JSON number as a value.
pub fn number_of(n: &serde_json::Number) -> Val {
    match (n.as_i64(), n.as_f64()) {
        (Some(i), _) => Val::Int(i),
        (None, Some(f)) => Val::float(f),
        (None, None) => Val::Null,
    }
}

pub fn trim_space(v: &Val) -> Option<Val> {
    let s = v.as_str()?;
    let t = s.trim();
    Some(if t.len() == s.len() {
        v.clone()
    } else {
        Val::str(t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Val {
        Val::str(x)
    }

    #[test]
    fn behave_as_regorus_does() {
        assert_eq!(count(&s("a😀")), Some(Val::Int(3)));
        assert_eq!(count_chars(&s("a😀")), Some(Val::Int(2)));
        assert_eq!(
            count(&split(&s("a😀"), &s("")).unwrap()),
            count_chars(&s("a😀"))
        );
        assert_eq!(count(&Val::Null), None);
        assert_eq!(
            substring(&s("2026-11-20"), &Val::Int(5), &Val::Int(2)),
            Some(s("11"))
        );
        assert_eq!(substring(&s("x"), &Val::Int(-1), &Val::Int(1)), None);
        assert_eq!(to_number(&s("10999")), Some(Val::Int(10999)));
        assert_eq!(to_number(&s("x")), None);
        assert_eq!(
            format_int(&Val::Float(-12.7), &Val::Int(10)),
            Some(s("-12"))
        );
        assert_eq!(max(&Val::array(vec![])), None);
        assert_eq!(trim_space(&s("  a b \n")), Some(s("a b")));
        assert_eq!(
            concat(&s("."), &Val::array(vec![s("B12"), s("incomplete")])),
            Some(s("B12.incomplete"))
        );
        assert_eq!(lower(&Val::Int(1)), None);
    }

    /// The ASCII shortcuts of `lower` and `substring` give what the
    /// character-by-character way gives.
    #[test]
    fn shortcuts_agree_with_the_general_way() {
        let texts = [
            "",
            "abc",
            "ABC",
            "Mixed Case 123",
            "2026-11-30",
            "ÉCOLE",
            "a😀b",
            "ǅ",
        ];
        for t in texts {
            assert_eq!(lower(&s(t)), Some(s(&t.to_lowercase())), "{t}");
            let n = t.chars().count() as i64;
            for o in 0..=n + 1 {
                for l in -1..=n + 1 {
                    let take = if l < 0 { t.len() } else { l as usize };
                    let want: String = t.chars().skip(o as usize).take(take).collect();
                    assert_eq!(
                        substring(&s(t), &Val::Int(o), &Val::Int(l)),
                        Some(s(&want)),
                        "substring({t:?}, {o}, {l})"
                    );
                }
            }
        }
    }
}
