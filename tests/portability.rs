//! The policies mean the same in OPA (Rego's reference implementation) as in
//! regorus: a lint over every built-in policy file for the construct on
//! which they part ways (docs/rego-portability.md).
//!
//! OPA's compiler moves every call, and every reference passed to a call,
//! out of a negated expression before evaluating it: `not f(x.y)` becomes
//! `__local0__ = x.y; not f(__local0__)`, so when `x.y` is undefined the
//! body fails. regorus evaluates the `not` as written and succeeds. The
//! lint allows a call under `not` only as the whole negated expression and
//! only with variables and literals as arguments, which are defined by the
//! time the `not` runs in both engines. Comparisons of references
//! (`not x.y == true`) and negated rules (`not p`) are evaluated in place by
//! both and are allowed.

use conduct_engine::rules::builtin::POLICIES;

/// The negated expressions of a Rego source: the text after each `not` up
/// to the end of its literal (a line, `;`, `|` or a closing bracket).
fn negations(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        let code = strip_strings(code);
        let mut rest = code.as_str();
        while let Some(at) = find_word(rest, "not") {
            let after = &rest[at + 3..];
            let end = literal_end(after);
            out.push((n + 1, after[..end].trim().to_string()));
            rest = &after[end..];
        }
    }
    out
}

/// `word` as a whole word in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| i + from) {
        let before = i == 0 || !is_ident(bytes[i - 1] as char);
        let after = bytes
            .get(i + word.len())
            .map_or(true, |&c| !is_ident(c as char));
        if before && after {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// String literals replaced by `""`, so that their dots and brackets are
/// not read as references.
fn strip_strings(code: &str) -> String {
    let mut out = String::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            out.push_str("\"\"");
            let mut escaped = false;
            for c in chars.by_ref() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => break,
                    _ => escaped = false,
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Where the literal that starts `text` ends: at `;` or `|` or an
/// unmatched closing bracket, else at the end of the line.
fn literal_end(text: &str) -> usize {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return i,
            ')' | ']' | '}' => depth -= 1,
            ';' | '|' if depth == 0 => return i,
            _ => {}
        }
    }
    text.len()
}

/// Why a negated expression may mean something else in OPA, if it may.
fn not_portable(expr: &str) -> Option<&'static str> {
    let Some(open) = expr.find('(') else {
        return None; // a reference, a comparison, a rule: evaluated in place
    };
    let name = &expr[..open];
    let is_call = !name.is_empty()
        && name.chars().all(|c| is_ident(c) || c == '.')
        && expr.ends_with(')')
        && literal_end(&expr[open + 1..]) == expr.len() - open - 2;
    if !is_call {
        return Some("a call inside a negated expression (OPA evaluates it before the `not`)");
    }
    let args = &expr[open + 1..expr.len() - 1];
    if args.contains('.') || args.contains('[') || args.contains('(') {
        return Some("a negated call with a reference or call as argument (OPA evaluates it before the `not`)");
    }
    None
}

#[test]
fn no_policy_negates_a_call_on_what_may_be_undefined() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, source) in POLICIES {
        for (line, expr) in negations(source) {
            checked += 1;
            if let Some(why) = not_portable(&expr) {
                problems.push(format!("{path}:{line}: `not {expr}`: {why}"));
            }
        }
    }
    assert!(
        checked > 20,
        "only {checked} negations found: is the lint reading the policies?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_lint_finds_what_it_is_for() {
    let bad = [
        "d if not is_string(obj[field])",
        "x if { not is_object(action.justification) }",
        "y if not lib.recorded(input.member, \"qualifications\")",
        "z := [p | some p in ps; not lib.normalised(p) in told]",
        "w if { not f(x) == 1 }",
    ];
    for source in bad {
        let found: Vec<_> = negations(source)
            .into_iter()
            .filter(|(_, e)| not_portable(e).is_some())
            .collect();
        assert_eq!(found.len(), 1, "{source}: {found:?}");
    }
    let good = [
        "a if not is_string(value)",
        "b if { not x.y == true }",
        "c := [p | some p in ps; name := lib.normalised(p); not name in told]",
        "d if { not qualifications_recorded }",
        "e if { not lib.absent(obj, \"a.b[0]\") } # not f(x.y) in a comment",
        "f if { not d[k] == true; g(x) }",
    ];
    for source in good {
        for (_, e) in negations(source) {
            assert_eq!(not_portable(&e), None, "{source}: `not {e}`");
        }
    }
}

/// The same lint over any directory of Rego (a partner's rules):
/// `REGO_LINT_DIR=path/to/policies cargo test --test portability`.
#[test]
fn lint_a_directory_named_by_rego_lint_dir() {
    let Some(dir) = std::env::var_os("REGO_LINT_DIR") else {
        return;
    };
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|x| x == "rego") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    files(std::path::Path::new(&dir), &mut paths);
    paths.sort();
    let mut problems = Vec::new();
    for path in &paths {
        let source = std::fs::read_to_string(path).unwrap();
        for (line, expr) in negations(&source) {
            if let Some(why) = not_portable(&expr) {
                problems.push(format!("{}:{line}: `not {expr}`: {why}", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
