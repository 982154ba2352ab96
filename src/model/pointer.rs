//! JSON Pointers (RFC 6901): the one place that builds them.

use std::cmp::Ordering;
use std::fmt::Write;

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Appends an array index to a pointer.
pub fn push_index(pointer: &mut String, index: usize) {
    let _ = write!(pointer, "/{index}");
}

/// `pointer` with one more token.
pub fn child(pointer: &str, token: &str) -> String {
    let mut p = pointer.to_string();
    push(&mut p, token);
    p
}

/// `pointer` with one more array index.
pub fn index(pointer: &str, i: usize) -> String {
    let mut p = pointer.to_string();
    push_index(&mut p, i);
    p
}

/// One reference token with its escapes undone (`~1` is `/`, `~0` is `~`).
pub fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// The reference tokens of a JSON Pointer (`""` has none), or `None` when
/// it is not one: a pointer is empty or starts with `/`, and `~` only
/// escapes `0` or `1`.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|t| {
            let bad_escape = t
                .match_indices('~')
                .any(|(i, _)| !matches!(t.as_bytes().get(i + 1), Some(b'0' | b'1')));
            (!bad_escape).then(|| unescape(t).into_owned())
        })
        .collect()
}

/// Orders pointers token by token, numbers by value, so that `/actions/2`
/// comes before `/actions/10` (plain string order would not).
pub fn compare(a: &str, b: &str) -> Ordering {
    let mut ta = a.split('/');
    let mut tb = b.split('/');
    loop {
        match (ta.next(), tb.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_reserved_characters() {
        let mut p = String::new();
        push(&mut p, "a/b~c");
        push_index(&mut p, 3);
        assert_eq!(p, "/a~1b~0c/3");
    }

    #[test]
    fn splits_and_unescapes_tokens() {
        assert_eq!(tokens(""), Some(vec![]));
        assert_eq!(tokens("/a~1b~0c/3").unwrap(), vec!["a/b~c", "3"]);
        assert_eq!(tokens("/"), Some(vec![String::new()]));
        assert_eq!(tokens("a/b"), None);
        assert_eq!(tokens("/a~2"), None);
        assert_eq!(tokens("/a~"), None);
    }

    #[test]
    fn orders_indices_numerically() {
        assert_eq!(compare("/actions/2", "/actions/10"), Ordering::Less);
        assert_eq!(compare("", "/actions"), Ordering::Less);
        assert_eq!(compare("/b", "/a/1"), Ordering::Greater);
    }
}
