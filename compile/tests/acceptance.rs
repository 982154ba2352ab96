//! What the translator accepts: small modules in the supported subset plan
//! and translate, the plan keeps the meaning the runtime relies on, and the
//! Rust it writes is the same bytes for the same Rego.

mod common;

use common::{catalogue, program, rule, rust};
use conduct_compile::ir::{Builtin, CmpOp, Const, Expr, Head, Stmt};
use conduct_compile::{compile, Extra, Options};

/// One module per construct of the subset; each defines `data.p.q`.
const SUBSET: &[(&str, &str)] = &[
    ("constant rule", "package p\nq := {\"a\": [1, 2.5, null, true], \"b\": {\"x\"}}\n"),
    ("rule with a body", "package p\nq if {\n\tinput.x == 1\n\tinput.y != \"a\"\n}\n"),
    ("else chain", "package p\nq := \"big\" if input.n > 10\nelse := \"small\" if input.n >= 0\nelse := \"negative\"\n"),
    ("partial set", "package p\nq contains x if {\n\tsome x in input.xs\n\tx > 1\n}\n"),
    (
        "partial object with the value true",
        "package p\nq := r\nr[x] if {\n\tsome x in input.xs\n}\n",
    ),
    ("partial object with its value bound in the body", "package p\nq := r\nr[k] := v if {\n\tsome k, x in input.m\n\tv := x + 1\n}\n"),
    ("iteration by an index declared with some", "package p\nq contains [i, x] if {\n\tsome i\n\tx := input.xs[i]\n}\n"),
    ("iteration with _", "package p\nq if input.xs[_] == 3\n"),
    ("nested iteration", "package p\nq contains e if {\n\tsome i, j\n\te := input.xs[i].ys[j]\n}\n"),
    ("array, set and object comprehensions", "package p\nq := [a, s, o] if {\n\ta := [x | some x in input.xs]\n\ts := {x | some x in input.xs; x > 0}\n\to := {k: v | some k, v in input.m}\n}\n"),
    ("membership", "package p\nq if {\n\t\"a\" in input.xs\n\t\"k\", 1 in input.m\n\tnot \"z\" in input.xs\n}\n"),
    ("arithmetic", "package p\nq := ((input.a + 1) * 2 - input.b / 4) % 3\n"),
    ("negative literals", "package p\nq := [-1, - 2, -2.5]\n"),
    ("builtins", "package p\nq := [count(input.xs), lower(input.s), upper(input.s), trim_space(input.s), substring(input.s, 0, 2), object.get(input, \"k\", 0), array.concat([1], [2]), format_int(10, 2), to_number(\"1\"), floor(1.5), max([1]), min([1]), split(input.s, \",\"), startswith(input.s, \"a\"), endswith(input.s, \"a\")]\n"),
    ("type tests", "package p\nq if {\n\tis_string(input.s)\n\tis_number(input.n)\n\tis_array(input.a)\n\tis_object(input.o)\n\tis_set({1})\n\tis_boolean(true)\n\tis_null(null)\n}\n"),
    ("characters counted with split", "package p\nq := count(split(input.s, \"\"))\n"),
    ("concat of an array written out", "package p\nq := concat(\"/\", [\"a\", input.s])\n"),
    ("functions, several definitions and else", "package p\nq := [f(1), g(input.x)]\nf(x) := x + 1\ng(x) := \"s\" if is_string(x)\ng(x) := \"n\" if is_number(x)\nh(x) := 1 if x > 1 else := 0\n"),
    ("function with _ as a parameter", "package p\nq := f(1, 2)\nf(_, y) := y\n"),
    ("negation of a rule and a comparison", "package p\nr if input.x\nq if {\n\tnot r\n\tnot input.y == true\n}\n"),
    ("unification binding a variable", "package p\nq := x if {\n\tx = input.x\n\tx = 1\n}\n"),
    ("the has-key idiom", "package p\nq if _ = input.m[\"k\"]\n"),
    ("object with non-string constant keys (built at run time)", "package p\nq := {1: \"a\", \"b\": input.x}\n"),
    ("duplicate keys (the last wins, as in regorus)", "package p\nq := {\"a\": 1, \"a\": 2}\n"),
    ("rule in the own package by name", "package p\nr := 1\nq := r + data.p.r\n"),
    ("configuration", "package p\nq := data.conduct.config.minExplanationLength\n"),
    ("some in over a rule's set", "package p\ns contains 1\nq contains x if some x in s\n"),
    ("comprehension sees the body's variables", "package p\nq := [y | some y in input.ys; y > x] if x := input.x\n"),
    ("a variable shadows a rule with :=", "package p\nr := 1\nq := r if r := 2\n"),
];

#[test]
fn every_construct_of_the_subset_translates() {
    let mut problems = Vec::new();
    for (construct, rego) in SUBSET {
        match rust(&[("p.rego", rego)], &["data.p.q"]) {
            Ok(code) => {
                // The entry point is wired to a generated rule function.
                if !code.contains("    \"data.p.q\",\n") || !code.contains("0 => Ok(") {
                    problems.push(format!("{construct}: data.p.q is not an entry point"));
                }
            }
            Err(e) => problems.push(format!("{construct}: {e}")),
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn imports_functions_and_configuration_resolve_across_files() {
    let lib = "package conduct.lib\n\nconfig := data.conduct.config\n\nrecorded(obj, key) if obj[key] != null\n\nlimit := config.limit\n";
    let rule_file = "package conduct.rules.x\n\nimport data.conduct.lib\n\nfindings contains \"late\" if {\n\tlib.recorded(input, \"at\")\n\tinput.days > lib.limit\n\tinput.days > lib.config.limit\n}\n";
    let program = program(
        &[("lib.rego", lib), ("x.rego", rule_file)],
        &["data.conduct.rules.x.findings"],
    )
    .unwrap();
    let mut rules: Vec<&str> = program.rules.iter().map(|r| r.path.as_str()).collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "data.conduct.lib.config",
            "data.conduct.lib.limit",
            "data.conduct.rules.x.findings"
        ]
    );
    let functions: Vec<&str> = program.functions.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(functions, ["data.conduct.lib.recorded"]);
    // `data.conduct.config` is the configuration, not a rule.
    let config = rule(&program, "data.conduct.lib.config");
    assert!(matches!(
        &config.defs[0].links[0].head,
        Head::Value(Expr::Config)
    ));
}

#[test]
fn only_what_the_entry_points_reach_is_planned() {
    let rego = "package p\nq := r\nr := 1\nunused := 2\n";
    let program = program(&[("p.rego", rego)], &["data.p.q", "data.p.none"]).unwrap();
    let rules: Vec<&str> = program.rules.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(rules, ["data.p.q", "data.p.r"]);
    // Entry points keep their order (the runtime runs them by index); one
    // that no module defines produces nothing.
    assert_eq!(program.entries.len(), 2);
    assert_eq!(program.entries[0].0, "data.p.q");
    assert!(program.entries[0].1.is_some());
    assert_eq!(program.entries[1].0, "data.p.none");
    assert!(program.entries[1].1.is_none());
    let code = rust(&[("p.rego", rego)], &["data.p.q", "data.p.none"]).unwrap();
    assert!(code.contains("        1 => Ok(None),\n"), "{code}");
}

/// The statements of the first body of `path` in `rego`.
fn body(rego: &str, path: &str) -> Vec<Stmt> {
    let mut program = program(&[("p.rego", rego)], &[path]).unwrap();
    let at = program.rules.iter().position(|r| r.path == path).unwrap();
    let rule = program.rules.swap_remove(at);
    let link = rule
        .defs
        .into_iter()
        .next()
        .unwrap()
        .links
        .into_iter()
        .next()
        .unwrap();
    link.body.stmts
}

#[test]
fn characters_and_joins_are_counted_without_building_arrays() {
    let head = |rego: &str| {
        let program = program(&[("p.rego", rego)], &["data.p.q"]).unwrap();
        match &rule(&program, "data.p.q").defs[0].links[0].head {
            Head::Value(e) => e.clone(),
            other => panic!("{other:?}"),
        }
    };
    assert!(matches!(
        head("package p\nq := count(split(input.s, \"\"))\n"),
        Expr::Builtin(Builtin::CountChars, args) if args.len() == 1
    ));
    // Split on anything else is a real split.
    assert!(matches!(
        head("package p\nq := count(split(input.s, \",\"))\n"),
        Expr::Builtin(Builtin::Count, _)
    ));
    assert!(matches!(
        head("package p\nq := concat(\"/\", [\"a\", input.s])\n"),
        Expr::Builtin(Builtin::ConcatParts, args) if args.len() == 3
    ));
    // An array that is not written out is joined as it is.
    assert!(matches!(
        head("package p\nq := concat(\"/\", input.parts)\n"),
        Expr::Builtin(Builtin::Concat, _)
    ));
}

#[test]
fn iteration_becomes_a_scan_before_its_use() {
    let stmts = body(
        "package p\nq contains x if {\n\tsome i\n\tx := input.xs[i]\n}\n",
        "data.p.q",
    );
    assert!(
        matches!(
            stmts.as_slice(),
            [
                Stmt::Scan {
                    key: Some(_),
                    value: Some(_),
                    source: Expr::Field(..),
                    ..
                },
                Stmt::Let { .. }
            ]
        ),
        "{stmts:?}"
    );
}

#[test]
fn same_rego_gives_the_same_bytes() {
    let files = [
        ("lib.rego", "package conduct.lib\nf(x) := {\"k\": x, \"n\": [1, 2]}\nr contains y if some y in input.ys\n"),
        ("x.rego", "package conduct.rules.x\nimport data.conduct.lib\nfindings contains lib.f(y) if {\n\tsome y in lib.r\n\tnot y in {\"a\", \"b\"}\n}\n"),
    ];
    let entries = ["data.conduct.rules.x.findings"];
    let first = rust(&files, &entries).unwrap();
    // Each call builds fresh hash maps (with fresh seeds): a map's order
    // must not leak into the output.
    for _ in 0..5 {
        assert!(rust(&files, &entries).unwrap() == first);
    }
}

#[test]
fn the_catalogue_translates_to_the_same_bytes_whatever_the_file_order() {
    // Rules and functions are emitted in the order the entry points reach
    // them, not in file order. (Definitions of one rule split over several
    // files follow the file order: build.rs sorts the paths.)
    let (files, entries) = catalogue();
    assert!(entries.len() >= 10, "{entries:?}");
    let translate = |files: &[(String, String)]| {
        compile(files, &entries, Options::default(), &Extra::default())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let sorted = translate(&files);
    assert_eq!(translate(&files), sorted);
    let mut reversed = files.clone();
    reversed.reverse();
    assert!(translate(&reversed) == sorted);
    let mut rotated = files.clone();
    rotated.rotate_left(files.len() / 2);
    assert!(translate(&rotated) == sorted);
}

#[test]
fn the_catalogue_output_points_back_at_its_rego() {
    // The generated code says where each function comes from, and quotes
    // the lines it translates.
    let (files, entries) = catalogue();
    let code = compile(&files, &entries, Options::default(), &Extra::default()).unwrap();
    let (path, text) = files
        .iter()
        .find(|(p, _)| p.ends_with("b12_act_without_consent.rego"))
        .expect("B12 is in the catalogue");
    let line = text
        .lines()
        .position(|l| l.starts_with("findings contains"))
        .unwrap()
        + 1;
    assert!(
        code.contains(&format!(
            "/// `data.conduct.rules.b12.findings` ({path}:{line}:1), a partial set."
        )),
        "no doc comment for B12's findings"
    );
    assert!(code.contains(&format!("// {path}:{line}: findings contains")));
}

#[test]
fn unification_with_a_rule_input_or_import_compares() {
    // `=` binds only an unbound variable; with a rule, an import or `input`
    // on its left it compares, as regorus and OPA read it.
    for (what, rego) in [
        ("a rule", "package p\nr := 1\nq if r = 2\n"),
        (
            "an import",
            "package p\nimport data.p.r as s\nr := 1\nq if s = 2\n",
        ),
        ("input", "package p\nq if input = {\"a\": 1}\n"),
    ] {
        let stmts = body(rego, "data.p.q");
        assert!(
            matches!(
                stmts.as_slice(),
                [Stmt::Check { cond: Expr::Compare(CmpOp::Eq, lhs, _), .. }]
                    if matches!(**lhs, Expr::Rule(_) | Expr::Input)
            ),
            "{what}: {stmts:?}"
        );
    }
    // An unbound variable is bound, and compared once bound.
    let stmts = body("package p\nq := x if {\n\tx = 2\n\tx = 2\n}\n", "data.p.q");
    assert!(
        matches!(
            stmts.as_slice(),
            [
                Stmt::Let { value: Expr::Const(Const::Int(2)), .. },
                Stmt::Check { cond: Expr::Compare(CmpOp::Eq, lhs, _), .. },
            ] if matches!(**lhs, Expr::Local(_))
        ),
        "{stmts:?}"
    );
}

#[test]
fn a_minus_sign_before_a_number_is_part_of_the_constant() {
    let program = program(
        &[("p.rego", "package p\nq := [-1, - 2, -2.5, - 0.5]\n")],
        &["data.p.q"],
    )
    .unwrap();
    let Head::Value(Expr::Const(Const::Array(items))) =
        &rule(&program, "data.p.q").defs[0].links[0].head
    else {
        panic!("not a constant")
    };
    assert_eq!(
        items,
        &[
            Const::Int(-1),
            Const::Int(-2),
            Const::Float(-2.5),
            Const::Float(-0.5)
        ]
    );
}
