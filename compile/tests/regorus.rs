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
