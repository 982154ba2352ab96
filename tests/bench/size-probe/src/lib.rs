//! See Cargo.toml. Exported through wasm-bindgen, like conduct-engine, so the
//! probe carries the same glue and the optimiser keeps what it reaches.

use wasm_bindgen::prelude::*;

/// Parses `source`, evaluates `rule` over `input` (JSON text) with the
/// interpreter and, with the `rvm` feature, also through the VM from
/// bytecode that went through the binary format; returns the results as JSON.
#[cfg(not(feature = "vm-only"))]
#[wasm_bindgen]
pub fn probe(path: &str, source: &str, rule: &str, input: &str) -> Result<String, String> {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy(path.to_string(), source.to_string())
        .map_err(|e| e.to_string())?;
    engine
        .add_data(regorus::Value::from_json_str("{}").map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let input = regorus::Value::from_json_str(input).map_err(|e| e.to_string())?;
    engine.set_input(input.clone());
    let interpreted = engine.eval_rule(rule.to_string()).map_err(|e| e.to_string())?;
    #[cfg(feature = "rvm")]
    let out = vec![interpreted, vm(&mut engine, rule, input)?];
    #[cfg(not(feature = "rvm"))]
    let out = vec![interpreted];
    serde_json::to_string(&out).map_err(|e| e.to_string())
}

#[cfg(all(feature = "rvm", not(feature = "vm-only")))]
fn vm(
    engine: &mut regorus::Engine,
    rule: &str,
    input: regorus::Value,
) -> Result<regorus::Value, String> {
    use regorus::languages::rego::compiler::Compiler;

    let entry: regorus::Rc<str> = rule.into();
    let policy = engine
        .compile_with_entrypoint(&entry)
        .map_err(|e| e.to_string())?;
    let program = Compiler::compile_from_policy(&policy, &[rule]).map_err(|e| format!("{e:?}"))?;
    let bytes = program.serialize_binary()?;
    run_bytecode(&bytes, rule, input)
}

/// The `vm-only` probe: what a build that ships only precompiled bytecode
/// (no `addPolicy`, no Rego queries) needs from regorus: load bytecode and
/// run it. Nothing here reaches the parser, the interpreter or the compiler,
/// so LTO can drop what they do not share with the VM.
#[cfg(feature = "vm-only")]
#[wasm_bindgen]
pub fn probe(bytecode: &[u8], rule: &str, input: &str) -> Result<String, String> {
    let input = regorus::Value::from_json_str(input).map_err(|e| e.to_string())?;
    let out = run_bytecode(bytecode, rule, input)?;
    serde_json::to_string(&out).map_err(|e| e.to_string())
}

#[cfg(feature = "rvm")]
fn run_bytecode(bytes: &[u8], rule: &str, input: regorus::Value) -> Result<regorus::Value, String> {
    use regorus::rvm::program::DeserializationResult;
    use regorus::rvm::{Program, RegoVM};
    use std::sync::Arc;

    let program = match Program::deserialize_binary(bytes)? {
        DeserializationResult::Complete(p) => p,
        DeserializationResult::Partial(_) => return Err("partial program".into()),
    };
    let mut machine = RegoVM::new();
    machine.load_program(Arc::new(program));
    machine
        .set_data(regorus::Value::from_json_str("{}").map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    machine.set_max_instructions(500_000);
    machine.set_input(input);
    machine
        .execute_entry_point_by_name(rule)
        .map_err(|e| e.to_string())
}
