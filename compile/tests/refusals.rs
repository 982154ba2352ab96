//! The translator refuses every construct it does not translate, at build
//! time, naming the file and line, the rule and the construct (issue 9: no
//! silent fallback for built-in rules).
//!
//! One row per construct: a minimal module that uses it, with `# <-` at the
//! end of the line the error must point at.

use conduct_compile::{compile, Error, Extra, Options};

struct Case {
    /// What is refused (for the failure message).
    construct: &'static str,
    rego: &'static str,
    /// The rule the error names, `data.<package>.<name>`.
    rule: Option<&'static str>,
    /// A part of the message that names the construct.
    message: &'static str,
}

const FILE: &str = "p.rego";

fn translate(rego: &str, entry: &str, options: Options) -> Result<String, Error> {
    compile(
        &[(FILE.to_string(), rego.to_string())],
        &[entry.to_string()],
        options,
        &Extra::default(),
    )
}

/// The line of the `# <-` marker, counted from 1.
fn marked_line(rego: &str) -> u32 {
    let lines: Vec<usize> = rego
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# <-"))
        .map(|(n, _)| n + 1)
        .collect();
    assert_eq!(lines.len(), 1, "one `# <-` marker expected in:\n{rego}");
    lines[0] as u32
}

/// Checks each case, collecting every mismatch (a panic too) so that one
/// run lists them all.
fn check(cases: &[Case], options: Options) {
    let mut problems = Vec::new();
    for case in cases {
        let line = marked_line(case.rego);
        let result = std::panic::catch_unwind(|| translate(case.rego, "data.p.q", options));
        let err = match result {
            Err(_) => {
                problems.push(format!("{}: the translator panicked", case.construct));
                continue;
            }
            Ok(Ok(_)) => {
                problems.push(format!("{}: translated, not refused", case.construct));
                continue;
            }
            Ok(Err(e)) => e,
        };
        let at = err.loc.as_ref().map(|l| (l.file.as_str(), l.line));
        if at != Some((FILE, line)) {
            problems.push(format!(
                "{}: error at {at:?}, expected {FILE}:{line} ({err})",
                case.construct
            ));
        }
        if err.rule.as_deref() != case.rule {
            problems.push(format!(
                "{}: error names rule {:?}, expected {:?} ({err})",
                case.construct, err.rule, case.rule
            ));
        }
        if !err.message.contains(case.message) {
            problems.push(format!(
                "{}: message {:?} does not contain {:?}",
                case.construct, err.message, case.message
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

const Q: Option<&str> = Some("data.p.q");

#[test]
fn refused_constructs_are_named_with_file_line_and_rule() {
    let cases = [
        // --- Rule heads (front.rs) ---
        Case {
            construct: "default rule",
            rego: "package p\ndefault q := false # <-\nq if input.x\n",
            rule: Q,
            message: "a `default` rule",
        },
        Case {
            construct: "multi-part rule name",
            rego: "package p\nq := 1\na.b := 2 # <-\n",
            rule: Some("data.p.a.b"),
            message: "a rule head with a multi-part name",
        },
        Case {
            construct: "multi-part partial object name",
            rego: "package p\nq := 1\na.b[k] := 2 if some k in input.ks # <-\n",
            rule: Some("data.p.a.b"),
            message: "a rule head with a multi-part name",
        },
        Case {
            construct: "multi-part partial set name",
            rego: "package p\nq := 1\na.b contains 2 # <-\n",
            rule: Some("data.p.a.b"),
            message: "this form of partial set rule head",
        },
        Case {
            construct: "multi-part function name",
            rego: "package p\nq := 1\na.f(x) := x # <-\n",
            rule: Some("data.p.a.f"),
            message: "a function with a multi-part name",
        },
        Case {
            construct: "one name as two kinds of rule",
            rego: "package p\nq := 1\nq contains 2 # <-\n",
            rule: Q,
            message: "defined both as one kind of rule and as another",
        },
        // --- Rules and functions (plan.rs) ---
        Case {
            construct: "entry point that is a partial object",
            rego: "package p\nq[k] := 1 if some k in input.ks # <-\n",
            rule: Q,
            message: "an entry point must be a rule or a partial set",
        },
        Case {
            construct: "entry point that is a function",
            rego: "package p\nq(x) := x # <-\n",
            rule: Q,
            message: "an entry point must be a rule or a partial set",
        },
        Case {
            construct: "`else` on a partial object",
            rego: "package p\nq := r\nr[1] := 2 if input.x else := 3 # <-\n",
            rule: Some("data.p.r"),
            message: "`else` on a partial rule",
        },
        Case {
            construct: "function parameter that is not a variable",
            rego: "package p\nq := f(1)\nf(1) := 2 # <-\n",
            rule: Some("data.p.f"),
            message: "a function parameter that is not a plain variable",
        },
        Case {
            construct: "function parameter named twice",
            rego: "package p\nq := f(1, 2)\nf(x, x) := x # <-\n",
            rule: Some("data.p.f"),
            message: "a function parameter named twice",
        },
        Case {
            construct: "rule head that iterates",
            rego: "package p\nq contains input.xs[_] # <-\n",
            rule: Q,
            message: "a rule head that iterates",
        },
        Case {
            construct: "recursion",
            rego: "package p\nq if r # <-\nr if q\n",
            rule: Q,
            message: "recursion is not allowed in Rego: data.p.q → data.p.r → data.p.q",
        },
        Case {
            construct: "recursive function",
            rego: "package p\nq := f(1)\nf(x) := f(x) # <-\n",
            rule: Some("data.p.f"),
            message: "recursion is not allowed in Rego: data.p.f → data.p.f",
        },
        // --- Bodies ---
        Case {
            construct: "`with`",
            rego: "package p\nq if {\n\tinput.x with input as {\"x\": true} # <-\n}\n",
            rule: Q,
            message: "`with`",
        },
        Case {
            construct: "`every`",
            rego: "package p\nq if {\n\tevery x in input.xs { x > 1 } # <-\n}\n",
            rule: Q,
            message: "`every`",
        },
        Case {
            construct: "`not` over an expression that iterates",
            rego: "package p\nq if {\n\tsome i\n\tnot input.xs[i] # <-\n}\n",
            rule: Q,
            message: "`not` over an expression that iterates",
        },
        Case {
            construct: "destructuring assignment",
            rego: "package p\nq := a if {\n\t[a, b] := input.pair # <-\n}\n",
            rule: Q,
            message: "destructuring assignment",
        },
        Case {
            construct: "unification with a value on the left",
            rego: "package p\nq if {\n\t1 = input.x # <-\n}\n",
            rule: Q,
            message: "destructuring assignment",
        },
        Case {
            construct: "assigning a variable twice",
            rego: "package p\nq := x if {\n\tx := 1\n\tx := 2 # <-\n}\n",
            rule: Q,
            message: "assigning a variable twice",
        },
        Case {
            construct: "`some` over a bound variable",
            rego: "package p\nq := x if {\n\tx := 1\n\tsome x # <-\n\tinput.xs[x]\n}\n",
            rule: Q,
            message: "declaring `x` with `some` where it is already bound",
        },
        Case {
            construct: "`some … in` over a bound variable",
            rego: "package p\nq := x if {\n\tx := 1\n\tsome x in input.xs # <-\n}\n",
            rule: Q,
            message: "declaring `x` with `some` where it is already bound",
        },
        Case {
            construct: "`some … in` binding key and value to one name",
            rego: "package p\nq := x if {\n\tsome x, x in input.xs # <-\n}\n",
            rule: Q,
            message: "declaring `x` with `some` where it is already bound",
        },
        Case {
            construct: "`some` over the name of a rule",
            rego: "package p\nr := 1\nq if {\n\tsome r # <-\n\tinput.xs[r]\n}\n",
            rule: Q,
            message: "declaring `r` with `some` where it names a rule",
        },
        Case {
            construct: "`some` over `input`",
            rego: "package p\nq if {\n\tsome input in [1] # <-\n}\n",
            rule: Q,
            message: "declaring `input` with `some` where it names",
        },
        Case {
            construct: "pattern in `some … in`",
            rego: "package p\nq if {\n\tsome [a, b] in input.pairs # <-\n}\n",
            rule: Q,
            message: "a pattern in `some … in`",
        },
        // --- Expressions ---
        Case {
            construct: "set union",
            rego: "package p\nq := s if {\n\ts := input.a | input.b # <-\n}\n",
            rule: Q,
            message: "set union or intersection",
        },
        Case {
            construct: "set intersection",
            rego: "package p\nq := s if {\n\ts := input.a & input.b # <-\n}\n",
            rule: Q,
            message: "set union or intersection",
        },
        Case {
            construct: "assignment inside an expression",
            rego: "package p\nq if {\n\tnot x := 1 # <-\n}\n",
            rule: Q,
            message: "an assignment inside an expression",
        },
        Case {
            construct: "unary minus before a reference",
            rego: "package p\nq := -input.x # <-\n",
            rule: Q,
            message: "unary `-` before anything but a number literal",
        },
        Case {
            construct: "unary minus before a signed literal",
            rego: "package p\nq := - -9223372036854775808 # <-\n",
            rule: Q,
            message: "unary `-` before anything but a number literal",
        },
        Case {
            construct: "`_` as a value",
            rego: "package p\nq := x if {\n\tx := _ # <-\n}\n",
            rule: Q,
            message: "`_` as a value",
        },
        Case {
            construct: "`data` as a whole",
            rego: "package p\nq := x if {\n\tx := data # <-\n}\n",
            rule: Q,
            message: "`data` as a whole",
        },
        // --- Names ---
        Case {
            construct: "variable read before it is bound",
            rego: "package p\nq := x if {\n\tsome x\n\ty := x # <-\n}\n",
            rule: Q,
            message: "`x` is read before it is bound",
        },
        Case {
            construct: "unbound name",
            rego: "package p\nq := y if {\n\ty := nowhere # <-\n}\n",
            rule: Q,
            message: "`nowhere` is not bound here",
        },
        Case {
            construct: "import of something other than data",
            rego: "package p\nimport input.member # <-\nq := 1\n",
            rule: None,
            message: "import of `input.member` is not supported",
        },
        Case {
            construct: "import that names nothing",
            rego: "package p\nimport data.nothere\nq if nothere # <-\n",
            rule: Q,
            message: "`data.nothere` names no rule, function or configuration value",
        },
        Case {
            construct: "reference under data that names nothing",
            rego: "package p\nq if data.nothere.x # <-\n",
            rule: Q,
            message: "`data.nothere.x` names no rule or configuration value",
        },
        Case {
            construct: "function used as a value",
            rego: "package p\nf(x) := x\nq := y if {\n\ty := f # <-\n}\n",
            rule: Q,
            message: "data.p.f is a function: call it with arguments",
        },
        Case {
            construct: "function used as a reference",
            rego: "package p\nf(x) := x\nq := y if {\n\ty := f.a # <-\n}\n",
            rule: Q,
            message: "data.p.f is a function: call it with arguments",
        },
        // --- Calls ---
        Case {
            construct: "calling a rule",
            rego: "package p\nr := 1\nq if r(1) # <-\n",
            rule: Q,
            message: "data.p.r is a rule, not a function",
        },
        Case {
            construct: "calling through a variable",
            rego: "package p\nq if {\n\tsome x in input.xs\n\tx.f(1) # <-\n}\n",
            rule: Q,
            message: "calling something that is not a named function",
        },
        Case {
            construct: "function with the wrong number of arguments",
            rego: "package p\nf(x) := x\nq := f(1, 2) # <-\n",
            rule: Q,
            message: "data.p.f takes 1 arguments, not 2",
        },
        Case {
            construct: "builtin with the wrong number of arguments",
            rego: "package p\nq := lower(\"A\", \"B\") # <-\n",
            rule: Q,
            message: "`lower` takes 1 arguments, not 2",
        },
        Case {
            // `count(split(s, ""))` is rewritten: the rewrite must not
            // assume the argument is there.
            construct: "`count` with no argument",
            rego: "package p\nq if count() == 0 # <-\n",
            rule: Q,
            message: "`count` takes 1 arguments, not 0",
        },
        Case {
            // `concat(d, [...])` is rewritten likewise.
            construct: "`concat` with one argument",
            rego: "package p\nq := concat(\",\") # <-\n",
            rule: Q,
            message: "`concat` takes 2 arguments, not 1",
        },
        Case {
            construct: "unknown builtin",
            rego: "package p\nq if regex.match(\"a\", input.x) # <-\n",
            rule: Q,
            message: "the builtin `regex.match` is not supported",
        },
    ];
    check(&cases, Options::default());
}

#[test]
fn an_error_reads_file_line_rule_and_construct() {
    // What build.rs prints when the catalogue cannot be translated.
    let err = translate(
        "package p\nq if {\n    input.x with input as {}\n}\n",
        "data.p.q",
        Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "p.rego:3:13: in data.p.q: `with` is not supported by the compiler"
    );
}

#[test]
fn a_file_that_does_not_parse_is_named_with_the_line() {
    let err = translate("package p\nq := ]\n", "data.p.q", Options::default()).unwrap_err();
    assert!(
        err.message.starts_with("p.rego does not parse"),
        "{}",
        err.message
    );
    // regorus's own message points at the place.
    assert!(err.message.contains("p.rego:2:"), "{}", err.message);
}

#[test]
fn an_error_in_a_rule_the_entries_do_not_reach_stops_nothing() {
    // Only what the entry points reach is planned: a refused construct in
    // a rule nothing uses is not an error (heads are still indexed).
    let rego = "package p\nq := 1\nunused if { input.x with input as {} }\n";
    assert!(translate(rego, "data.p.q", Options::default()).is_ok());
    let err = translate(rego, "data.p.unused", Options::default()).unwrap_err();
    assert_eq!(err.rule.as_deref(), Some("data.p.unused"));
}
