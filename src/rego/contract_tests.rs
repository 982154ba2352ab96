//! The partner contract against files written to slip past it. Each file
//! goes through `Engine::add_policies`, the way partners add rules; a
//! refusal must be a located `policy_error`, and the engine must judge
//! exactly as before (the same verdict bytes as an engine nothing was tried
//! on).

use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::rego::partner::PolicyBundle;

const METADATA: &str = "# METADATA
# title: A partner's rule
# description: Written for these tests.
# custom:
#   id: X1
#   slug: x
#   section: behaviour
#   severity: major
#   inputs:
#     - /actions/*/consent
";

/// A typical incident's verdict, as bytes.
fn verdict(engine: &Engine) -> String {
    engine
        .evaluate_to_json(
            include_str!("../../benches/typical-incident.json"),
            &Default::default(),
        )
        .unwrap()
}

/// Adds `source` (behind the METADATA block) to a fresh engine and returns
/// the refusal, checking that it is typed and located and that the engine
/// is unchanged.
fn refused(name: &str, source: &str) -> Error {
    let mut engine = Engine::new().unwrap();
    let before = verdict(&engine);
    let file = format!("{METADATA}{source}");
    let e = engine
        .add_policies(PolicyBundle::single("partner/x.rego", &file))
        .expect_err(name);
    assert_eq!(e.code, ErrorCode::PolicyError, "{name}: {e}");
    let at = e
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("{name}: no location: {e}"));
    assert_eq!(at.file, "partner/x.rego", "{name}");
    assert!(at.line >= 1 && at.column >= 1, "{name}: {at:?}");
    assert!(e.message.len() <= 1000, "{name}: a bounded message");
    assert_eq!(
        verdict(&engine),
        before,
        "{name}: the engine judges as before"
    );
    assert_eq!(verdict(&engine), verdict(&Engine::new().unwrap()), "{name}");
    assert_eq!(
        engine.rules().len(),
        Engine::new().unwrap().rules().len(),
        "{name}"
    );
    e
}

/// The line of the file `source` ends up in, counting the METADATA block.
fn line(n: u32) -> u32 {
    METADATA.lines().count() as u32 + n
}

fn accepted(name: &str, source: &str) -> Engine {
    let mut engine = Engine::new().unwrap();
    let file = format!("{METADATA}{source}");
    engine
        .add_policies(PolicyBundle::single("partner/x.rego", &file))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    engine
}

const FINDING: &str =
    r#"findings contains {"subject": [], "status": "compliant", "key": "x"} if true"#;

#[test]
fn the_package_is_read_from_the_parsed_module() {
    let decoy = "x := `\npackage conduct.partner.decoy\n`\n";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a tab before a built-in package, a raw-string decoy",
            format!("package\tconduct.rules.b12\n{decoy}{FINDING}\n"),
            "outside",
        ),
        (
            "a newline before the path",
            format!("package\nconduct.rules.b12\n{FINDING}\n"),
            "outside",
        ),
        (
            "a comment between keyword and path",
            format!("package # package conduct.partner.x\n  conduct.rules.b12\n{FINDING}\n"),
            "outside",
        ),
        (
            "a string decoy on a line of its own",
            format!(
                "package conduct.rules.b12\nx := \"\\npackage conduct.partner.x\"\n{FINDING}\n"
            ),
            "outside",
        ),
        (
            "the partner namespace alone",
            format!("package conduct.partner\n{FINDING}\n"),
            "outside",
        ),
        (
            "a namespace that only starts alike",
            format!("package conduct.partnerx.y\n{FINDING}\n"),
            "outside",
        ),
        (
            "brackets in the package path",
            format!("package conduct[\"rules\"].b12\n{FINDING}\n"),
            "",
        ),
        (
            "a partner package with a quoted step",
            format!("package conduct.partner[\"x\\\"y\"]\n{FINDING}\n"),
            "",
        ),
        (
            "the shared library's package",
            "package conduct.lib\nfoo := 1\n".to_string(),
            "outside",
        ),
        (
            "the gathering package",
            "package conduct.engine\nfoo := 1\n".to_string(),
            "outside",
        ),
        (
            "a look-alike letter (Cyrillic o)",
            format!("package c\u{043e}nduct.partner.x\n{FINDING}\n"),
            "",
        ),
        (
            "a look-alike letter in the partner's own step",
            format!("package conduct.partner.\u{0445}\n{FINDING}\n"),
            "",
        ),
        (
            "a full-width dot",
            format!("package conduct\u{ff0e}partner.x\n{FINDING}\n"),
            "",
        ),
    ];
    for (name, source, mention) in &cases {
        let e = refused(name, source);
        assert!(e.message.contains(mention), "{name}: {}", e.message);
    }
}

#[test]
fn the_flagship_bypass_adds_no_finding_to_b12() {
    // The attack of 2026-11-30: a partner file that defines B12's package
    // behind a tab, with a decoy `package` line in a raw string.
    let source = format!(
        "package\tconduct.rules.b12\n\nx := `\npackage conduct.partner.x\n`\n\n{}\n",
        r#"findings contains {"subject": [], "status": "compliant", "key": "b12.compliant"} if true"#
    );
    let e = refused("flagship", &source);
    assert_eq!(e.location.unwrap().line, line(1));
}

#[test]
fn data_outside_the_library_is_closed() {
    let p = "package conduct.partner.x\n";
    let cases: Vec<(&str, String)> = vec![
        (
            "import of a built-in rule",
            format!("{p}import data.conduct.rules.b12 as b\n{FINDING}\n"),
        ),
        (
            "import of the whole namespace",
            format!("{p}import data.conduct as c\nr := c.rules.b12.findings\n"),
        ),
        (
            "import of data itself",
            format!("{p}import data\nr := data.conduct.rules\n"),
        ),
        (
            "import of the gathering rule",
            format!("{p}import data.conduct.engine\n"),
        ),
        (
            "a plain reference",
            format!("{p}r := data.conduct.rules.b12.findings\n"),
        ),
        (
            "strings as brackets",
            format!("{p}r := data[\"conduct\"][\"rules\"]\n"),
        ),
        (
            "a raw string as a bracket",
            format!("{p}r := data.conduct[`rules`].b12\n"),
        ),
        (
            "a computed step",
            format!("{p}r := data.conduct[k] if k := \"rules\"\n"),
        ),
        (
            "a computed step built by concat",
            format!("{p}r := data.conduct[concat(\"\", [\"ru\", \"les\"])]\n"),
        ),
        ("data as a value", format!("{p}r := data\n")),
        ("data walked", format!("{p}r := [p | walk(data, [p, _])]\n")),
        (
            "data in object.get",
            format!("{p}r := object.get(data, [\"conduct\", \"rules\"], 0)\n"),
        ),
        (
            "the gathering rule",
            format!("{p}r := data.conduct.engine.findings\n"),
        ),
        (
            "a with on a built-in rule",
            format!("{p}r := 1 if {{ true with data.conduct.rules.b12.findings as set() }}\n"),
        ),
        (
            "a with replacing data",
            format!("{p}r := 1 if {{ true with data as {{}} }}\n"),
        ),
        (
            "inside every",
            format!("{p}r if {{ every k, v in data.conduct.rules {{ v }} }}\n"),
        ),
        (
            "inside a comprehension",
            format!("{p}r := [f | some f in data.conduct.rules.b12.findings]\n"),
        ),
        (
            "inside an object comprehension key",
            format!("{p}r := {{k: 1 | some k, _ in data.conduct.rules}}\n"),
        ),
        (
            "inside a some-in",
            format!("{p}r if {{ some x in data.conduct.rules.b12.findings; x }}\n"),
        ),
        (
            "inside not",
            format!("{p}r if {{ not data.conduct.rules.b12.findings }}\n"),
        ),
        (
            "in a function argument default",
            format!("{p}f(x) := data.conduct.rules if x\n"),
        ),
        (
            "in a default rule",
            format!("{p}default r := data.conduct.rules\n"),
        ),
        (
            "in a rule head key",
            format!("{p}r[data.conduct.rules.b12] := 1\n"),
        ),
        (
            "in a set head",
            format!("{p}r contains data.conduct.rules.b12.findings if true\n"),
        ),
        (
            "in an else value",
            format!("{p}r := 1 if false else := data.conduct.rules\n"),
        ),
        (
            "as an index",
            format!("{p}r := input[data.conduct.rules.b12.x]\n"),
        ),
        (
            "in a membership",
            format!("{p}r if {{ \"x\" in data.conduct.rules }}\n"),
        ),
        (
            "in arithmetic",
            format!("{p}r := 1 + count(data.conduct.rules)\n"),
        ),
        (
            "a call into a built-in rule's function",
            format!("{p}r := data.conduct.rules.b12.judge({{}})\n"),
        ),
        (
            "a with whose value is a built-in rule",
            format!("{p}r := 1 if {{ true with input as data.conduct.rules.b12.findings }}\n"),
        ),
    ];
    for (name, source) in &cases {
        let e = refused(name, source);
        assert!(
            e.message.contains("not open to partner rules"),
            "{name}: {}",
            e.message
        );
    }
}

#[test]
fn the_library_the_configuration_and_the_partner_namespace_stay_open() {
    let p = "package conduct.partner.x\n";
    let cases: Vec<(&str, String)> = vec![
        (
            "the library by import",
            format!("{p}import data.conduct.lib\nr := lib.characters(\"abc\")\n"),
        ),
        (
            "the library by alias",
            format!("{p}import data.conduct.lib as helpers\nr := helpers.characters(\"abc\")\n"),
        ),
        (
            "the library in full",
            format!("{p}r := data.conduct.lib.characters(\"abc\")\n"),
        ),
        (
            "the library with a computed step",
            format!("{p}r := data.conduct.lib[k] if k := \"config\"\n"),
        ),
        (
            "the configuration",
            format!("{p}r := data.conduct.config.minExplanationLength\n"),
        ),
        (
            "its own package",
            format!("{p}a := 1\nr := data.conduct.partner.x.a\n"),
        ),
        (
            "with input",
            format!("{p}r := y if {{ y := input.x with input as {{\"x\": 1}} }}\n"),
        ),
        (
            "a mention in a string",
            format!("{p}r := \"data.conduct.rules.b12 http.send strings.count\"\n"),
        ),
        (
            "a mention in a comment",
            format!("{p}# data.conduct.rules.b12 http.send(x)\nr := 1\n"),
        ),
        (
            "a name that only starts like a builtin",
            format!("{p}counter := 1\nhttp_sender := 2\n"),
        ),
    ];
    for (name, source) in &cases {
        accepted(name, source);
    }
}

#[test]
fn no_rule_or_alias_shadows_a_builtin() {
    let p = "package conduct.partner.x\n";
    let cases: Vec<(&str, String)> = vec![
        ("a function named count", format!("{p}count(x) := 0\n")),
        ("a rule named count", format!("{p}count := 0\n")),
        ("a default for a builtin name", format!("{p}default count := 0\n")),
        ("a dotted builtin", format!("{p}json.marshal(x) := \"{{}}\"\n")),
        ("a builtin namespace", format!("{p}strings := {{}}\n")),
        ("a namespace this build leaves out", format!("{p}time.now_ns := 0\n")),
        ("a rule named input", format!("{p}input := {{}}\n")),
        ("print", format!("{p}print(x) := x\n")),
        ("an alias named like a builtin", format!("{p}import data.conduct.lib as count\n")),
        ("an alias over a namespace", format!("{p}import data.conduct.partner.x.mine as strings\nr := strings.count(\"aa\", \"\")\n")),
        ("an alias named input", format!("{p}import data.conduct.lib as input\n")),
    ];
    for (name, source) in &cases {
        let e = refused(name, source);
        assert!(e.message.contains("shadow"), "{name}: {}", e.message);
    }
}

#[test]
fn refused_builtins_are_found_wherever_they_are_named() {
    let p = "package conduct.partner.x\n";
    let cases: Vec<(&str, String, &str, u32)> = vec![
        (
            "a call",
            format!("{p}r := http.send({{}})\n"),
            "http.send",
            2,
        ),
        (
            "brackets",
            format!("{p}r := http[\"send\"]({{}})\n"),
            "http.send",
            2,
        ),
        (
            "a with replacement",
            format!("{p}r := y if {{ y := count([1]) with count as http.send }}\n"),
            "http.send",
            2,
        ),
        (
            "in a comprehension",
            format!("{p}r := [x | x := rand.intn(\"k\", 6)]\n"),
            "rand.intn",
            2,
        ),
        (
            "the clock",
            format!("{p}\n\nr := time.now_ns()\n"),
            "time.now_ns",
            4,
        ),
        (
            "a crashing builtin",
            format!("{p}r := strings.count(\"aa\", \"\")\n"),
            "strings.count",
            2,
        ),
        (
            "a crashing builtin as a with",
            format!("{p}r := y if {{ y := count(\"aa\") with count as strings.count }}\n"),
            "strings.count",
            2,
        ),
        (
            "unbounded work in one call",
            format!("{p}r := strings.replace_n({{\"a\": \"b\"}}, \"aaa\")\n"),
            "strings.replace_n",
            2,
        ),
        (
            "after a decoy in a string",
            format!("{p}s := \"safe\"\nr := opa.runtime()\n"),
            "opa.runtime",
            3,
        ),
    ];
    for (name, source, builtin, at) in &cases {
        let e = refused(name, source);
        assert!(e.message.contains(builtin), "{name}: {}", e.message);
        assert_eq!(e.location.unwrap().line, line(*at), "{name}");
    }
    // Randomness where the bundle opts in.
    let mut engine = Engine::new().unwrap();
    let source = format!("{METADATA}{p}r := rand.intn(\"k\", 6)\n");
    engine
        .add_policies(PolicyBundle {
            allow_randomness: true,
            ..PolicyBundle::single("partner/x.rego", &source)
        })
        .unwrap();
}

#[test]
fn rule_ids_cannot_write_into_the_gathering_module() {
    for id in [
        "X\": data.conduct.rules.b12.findings, \"Y",
        "X Y",
        "1X",
        "",
        "X.Y",
        "\u{0425}1",
    ] {
        let source = format!(
            "# METADATA\n# title: t\n# description: d\n# custom:\n#   id: {id}\n#   slug: x\n#   section: behaviour\n#   severity: major\n#   inputs:\n#     - /actions\npackage conduct.partner.x\n{FINDING}\n"
        );
        let mut engine = Engine::new().unwrap();
        let before = verdict(&engine);
        let e = engine
            .add_policies(PolicyBundle::single("partner/x.rego", &source))
            .expect_err(id);
        assert_eq!(e.code, ErrorCode::PolicyError, "{id}: {e}");
        assert_eq!(verdict(&engine), before);
    }
}

#[test]
fn a_rule_that_keeps_the_contract_judges_from_its_parsed_package() {
    // The METADATA block and a decoy `package` line in a raw string: the
    // rule's entry point comes from the module's real package.
    let source = format!(
        "package conduct.partner.real\nx := `\npackage conduct.partner.decoy\n`\n{}\n",
        r#"findings contains {"subject": [], "status": "compliant", "key": "X1.compliant"} if true"#
    );
    let mut engine = Engine::new().unwrap();
    let file = format!("{METADATA}{source}");
    let mut bundle = PolicyBundle::single("partner/x.rego", &file);
    bundle.messages.insert(
        "en".into(),
        [("X1.compliant".to_string(), "Fine.".to_string())].into(),
    );
    assert_eq!(engine.add_policies(bundle).unwrap(), vec!["X1".to_string()]);
    let info = engine
        .rules()
        .iter()
        .find(|r| r.id == "X1")
        .unwrap()
        .clone();
    assert_eq!(info.package, "conduct.partner.real");
    let v: serde_json::Value = serde_json::from_str(&verdict(&engine)).unwrap();
    let mine: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "X1")
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["status"], "compliant");
}

#[test]
fn a_long_chain_is_stopped_before_the_parser_and_a_short_one_is_read() {
    // regorus caps lines at 1,024 columns, but a sum may run over many lines
    // and regorus reads it recursively: it is refused before parsing.
    let terms = format!("\n{}", " + 1".repeat(100)).repeat(2_000);
    let source =
        format!("{METADATA}package conduct.partner.x\nr := 1{terms} + count(data.conduct.rules)\n");
    let mut engine = Engine::new().unwrap();
    let e = engine
        .add_policies(PolicyBundle::single("partner/x.rego", &source))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::LimitExceeded, "{e}");
    assert_eq!(verdict(&engine), verdict(&Engine::new().unwrap()));
    // Within the limit, the reference at the end of the sum is found.
    let terms = "\n + 1".repeat(100);
    let e = refused(
        "a reference at the end of a sum",
        &format!("package conduct.partner.x\nr := 1{terms} + count(data.conduct.rules)\n"),
    );
    assert_eq!(e.location.unwrap().line, line(102));
}

#[test]
fn evaluate_rego_refuses_a_crashing_builtin_on_the_parsed_query() {
    use crate::rego::query::eval_query_json as evaluate;
    let ask = |modules: serde_json::Value, query: &str| {
        evaluate(&serde_json::json!({ "modules": modules, "query": query }).to_string())
    };
    // Named in a string or a comment: no call, so it runs.
    assert!(ask(serde_json::json!([]), "x := \"strings.count\"").is_ok());
    let m = serde_json::json!([{ "path": "m.rego", "source": "package m\n# strings.count(x, \"\")\nr := 1\n" }]);
    assert!(ask(m, "data.m.r == 1").is_ok());
    // Called, in the query or a module, or swapped in by `with`.
    for (modules, query, file, named) in [
        (
            serde_json::json!([]),
            "x := strings.count(\"aa\", \"\")",
            "<query.rego>",
            "strings.count",
        ),
        (
            serde_json::json!([]),
            "x := count(\"aa\") with count as strings.count",
            "<query.rego>",
            "strings.count",
        ),
        (
            serde_json::json!([{ "path": "m.rego", "source": "package m\n\nr := strings[\"count\"](\"aa\", \"\")\n" }]),
            "data.m.r",
            "m.rego",
            "strings.count",
        ),
        (
            serde_json::json!([{ "path": "m.rego", "source": "package m\n\nr := strings.replace_n({\"a\": \"b\"}, \"aaa\")\n" }]),
            "data.m.r",
            "m.rego",
            "strings.replace_n",
        ),
    ] {
        let e = ask(modules, query).expect_err(query);
        assert_eq!(e.code, ErrorCode::PolicyError, "{e}");
        assert_eq!(e.location.as_ref().unwrap().file, file, "{e}");
        assert!(e.message.contains(named), "{e}");
        assert!(e.message.contains("is refused: "), "{e}");
    }
}
