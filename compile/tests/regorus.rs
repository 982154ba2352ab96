//! The translator's reasons, checked on regorus itself (the engine the
//! compiled catalogue must agree with): where it refuses a construct
//! because regorus refuses it or reads it its own way, and where it reads
//! `=` as regorus does. If a new regorus changes one of these, the
//! translator's choice needs another look.

fn eval(rego: &str, input: &str) -> Result<String, String> {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy("p.rego".into(), rego.into())
        .map_err(|e| e.to_string())?;
    engine.set_input(regorus::Value::from_json_str(input).unwrap());
    engine
        .eval_rule("data.p.q".into())
        .map(|v| v.to_json_str().unwrap())
        .map_err(|e| e.to_string())
}

const UNDEFINED: &str = "\"<undefined>\"";

#[test]
fn regorus_refuses_unary_minus_before_anything_but_a_number() {
    for rego in ["package p\nq := -input.x\n", "package p\nq := - -1\n"] {
        let err = eval(rego, r#"{"x": 1}"#).unwrap_err();
        assert!(
            err.contains("unary - can only be used with numeric literals"),
            "{err}"
        );
    }
    assert_eq!(eval("package p\nq := - 1\n", "{}").unwrap(), "-1");
}

#[test]
fn regorus_refuses_some_over_a_bound_variable() {
    for rego in [
        "package p\nq := x if { x := 1; some x; input.a[x] }\n",
        "package p\nq := x if { x := 1; some x in [7] }\n",
    ] {
        let err = eval(rego, r#"{"a": [5, 6]}"#).unwrap_err();
        assert!(err.contains("used before definition"), "{err}");
    }
}

#[test]
fn regorus_reads_some_over_a_rule_name_as_the_rule() {
    // OPA declares a new `r` (and the rule holds with r = 0); regorus
    // indexes with the rule's value 1, so r == 0 fails.
    let rego = "package p\nr := 1\nq if { some r; input.a[r]; r == 0 }\n";
    assert_eq!(eval(rego, r#"{"a": [5, 6]}"#).unwrap(), UNDEFINED);
}

#[test]
fn regorus_binds_a_repeated_parameter_to_the_last_argument() {
    // OPA requires f's arguments to be equal, so f(1, 2) is undefined.
    let rego = "package p\nf(x, x) := x\nq := f(1, 2)\n";
    assert_eq!(eval(rego, "{}").unwrap(), "2");
}

#[test]
fn regorus_compares_when_a_rule_or_input_is_unified() {
    let input = r#"{"a": 2}"#;
    for rego in [
        "package p\nr := 1\nq if r = 2\n",
        "package p\nimport data.p.r as s\nr := 1\nq if s = 2\n",
        "package p\nq if input = {\"a\": 1}\n",
    ] {
        assert_eq!(eval(rego, input).unwrap(), UNDEFINED, "{rego}");
    }
    assert_eq!(
        eval("package p\nr := 2\nq if r = 2\n", input).unwrap(),
        "true"
    );
}
