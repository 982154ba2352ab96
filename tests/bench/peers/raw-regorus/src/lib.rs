//! A bare regorus interpreter for the peer benchmark: load Rego modules and a
//! data document once, then evaluate one rule per input, JSON text in and out.

use regorus::Engine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct RawRegorus {
    engine: Engine,
    rule: String,
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl RawRegorus {
    /// `paths[i]` names `sources[i]`; `rule` is the rule every `evaluate` reads
    /// (e.g. `data.bench.findings`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        paths: Vec<String>,
        sources: Vec<String>,
        data_json: &str,
        rule: String,
    ) -> Result<RawRegorus, JsError> {
        if paths.len() != sources.len() {
            return Err(JsError::new("paths and sources differ in length"));
        }
        let mut engine = Engine::new();
        for (path, source) in paths.into_iter().zip(sources) {
            engine.add_policy(path, source).map_err(js_error)?;
        }
        engine.add_data_json(data_json).map_err(js_error)?;
        Ok(RawRegorus { engine, rule })
    }

    /// The rule's value for this input, as compact JSON.
    pub fn evaluate(&mut self, input_json: &str) -> Result<String, JsError> {
        self.engine.set_input_json(input_json).map_err(js_error)?;
        let value = self.engine.eval_rule(self.rule.clone()).map_err(js_error)?;
        serde_json::to_string(&value).map_err(js_error)
    }
}
