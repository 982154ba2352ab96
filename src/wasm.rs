//! The JavaScript face of the default entry: a thin layer over
//! [`crate::Engine`] (the compiled catalogue, no Rego runtime) that moves
//! values across the boundary and turns errors into JS `Error` objects. It
//! decides nothing about verdicts. Partner rules have an entry of their own
//! (`src/sandbox.rs`).
//!
//! Incidents cross as JSON text (`JSON.stringify` in JS, one parse in Wasm),
//! which a prototype measured at about half the cost of walking the JS object
//! field by field; verdicts come back the same way.

use crate::{CallOptions, Engine, EngineOptions, Error, ErrorCode, Problem, RuleFilter, Session};
use js_sys::{Array, Object, Reflect, JSON};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
import type { Incident, Verdict, RuleInfo, RulesetInfo, EngineOptions, EvaluateOptions, RuleFilter, ValidationProblem, EffectiveConfig, EngineStats } from '../types.js';
export * from '../types.js';
"#;

/// Evaluates incidents against the built-in code of conduct.
#[wasm_bindgen(js_name = ConductEngine)]
pub struct ConductEngine {
    /// Shared with the sessions opened on it; changing the rule set copies
    /// it, so open sessions keep the rules they started with.
    inner: Rc<Engine>,
}

#[wasm_bindgen(js_class = ConductEngine)]
impl ConductEngine {
    /// `new ConductEngine({ config, locale })`: the built-in rule set, with
    /// `config` overriding thresholds and `locale` choosing the language of
    /// messages. Throws a `ConductError` for invalid options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "EngineOptions")] options: Option<JsValue>,
    ) -> Result<ConductEngine, JsValue> {
        let options = EngineOptions::from_json(&options_json(options).map_err(to_js_error)?)
            .map_err(to_js_error)?;
        let inner = Engine::with_options(options).map_err(to_js_error)?;
        Ok(ConductEngine {
            inner: Rc::new(inner),
        })
    }

    /// Judges one incident (a plain object) and returns its verdict.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Incident")] incident: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = call_options(options).map_err(to_js_error)?;
        let json = stringify(&incident).map_err(to_js_error)?;
        let verdict = self
            .inner
            .evaluate_json_with(&json, &options)
            .map_err(to_js_error)?;
        JSON::parse(&verdict.to_json())
    }

    /// Judges an incident given as JSON text and returns the verdict as JSON
    /// text: the cheapest path for batch jobs that read and write JSON anyway.
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] incident_json: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let text = json_text(&incident_json).map_err(to_js_error)?;
        let options = call_options(options).map_err(to_js_error)?;
        self.inner
            .evaluate_json_with(&text, &options)
            .map(|v| v.to_json())
            .map_err(to_js_error)
    }

    /// A session over one incident, for forms: each `update(pointer, value)`
    /// re-runs only the rules that read the changed field and returns the
    /// whole verdict, the same as `evaluate` would give.
    pub fn session(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Incident")] incident: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
    ) -> Result<ConductSession, JsValue> {
        let options = call_options(options).map_err(to_js_error)?;
        let json = stringify(&incident).map_err(to_js_error)?;
        let inner = Session::new(self.inner.clone(), &json, options.locale.as_deref())
            .map_err(to_js_error)?;
        Ok(ConductSession { inner })
    }

    /// How the engine runs (`backend`, the rules an evaluation runs, the
    /// instruction budget) and how much it has done (evaluations, rule runs).
    #[wasm_bindgen(unchecked_return_type = "EngineStats")]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.stats())
    }

    /// What runs the rules: `"compiled"` (the catalogue translated into
    /// Rust when the package was built).
    pub fn backend(&self) -> String {
        match self.inner.backend() {
            crate::Backend::Compiled => "compiled".into(),
            crate::Backend::Vm => "vm".into(),
            crate::Backend::Interpreter => "interpreter".into(),
        }
    }

    /// Every problem that keeps `incident` from being valid (empty if none).
    #[wasm_bindgen(unchecked_return_type = "ValidationProblem[]")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] incident: JsValue,
    ) -> Result<JsValue, JsValue> {
        let problems = match stringify(&incident) {
            Ok(json) => self.inner.validate_json(&json),
            Err(e) => vec![Problem {
                code: e.code,
                path: e.path.unwrap_or_default(),
                message: e.message,
            }],
        };
        JSON::parse(
            &serde_json::to_string(&problems).map_err(|e| JsValue::from_str(&e.to_string()))?,
        )
    }

    /// The catalogue of loaded rules with their metadata, in clause order;
    /// `filter` narrows it by id, severity, section or kind, and picks the
    /// locale of titles and explanations.
    #[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
    pub fn rules(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RuleFilter")] filter: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let filter = RuleFilter::from_json(&options_json(filter).map_err(to_js_error)?)
            .map_err(to_js_error)?;
        to_js(&self.inner.rules_matching(&filter).map_err(to_js_error)?)
    }

    /// The locales messages are available in.
    pub fn locales(&self) -> Vec<String> {
        self.inner.locales()
    }

    /// The locale of messages when a call names none.
    #[wasm_bindgen(getter)]
    pub fn locale(&self) -> String {
        self.inner.locale().to_string()
    }

    /// The rule set's name, version and digest.
    #[wasm_bindgen(getter, unchecked_return_type = "RulesetInfo")]
    pub fn ruleset(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.ruleset())
    }

    /// The effective configuration (defaults with the overrides applied).
    #[wasm_bindgen(getter, unchecked_return_type = "EffectiveConfig")]
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.config())
    }
}

/// One incident under edit: `engine.session(incident)`.
#[wasm_bindgen(js_name = ConductSession)]
pub struct ConductSession {
    inner: Session<Rc<Engine>>,
}

#[wasm_bindgen(js_class = ConductSession)]
impl ConductSession {
    /// Sets the value at `pointer` (a JSON Pointer such as
    /// `/actions/0/justification/legal/explanation`; `/actions/-` appends)
    /// and returns the new verdict. A change that would make the incident
    /// invalid throws a `ConductError` and leaves the session as it was.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn update(
        &mut self,
        pointer: &str,
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    ) -> Result<JsValue, JsValue> {
        crate::session::parse_pointer(pointer).map_err(to_js_error)?;
        if value.is_undefined() {
            return Err(to_js_error(Error::at(
                ErrorCode::InvalidIncident,
                pointer,
                "the new value is undefined: call remove(pointer) to take a field out",
            )));
        }
        let json = stringify(&value).map_err(|e| to_js_error(e.under(pointer)))?;
        let verdict = self
            .inner
            .update_json(pointer, &json)
            .map_err(to_js_error)?;
        JSON::parse(&verdict.to_json())
    }

    /// Removes the object member or array item at `pointer` and returns the
    /// new verdict.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn remove(&mut self, pointer: &str) -> Result<JsValue, JsValue> {
        let verdict = self.inner.remove(pointer).map_err(to_js_error)?;
        JSON::parse(&verdict.to_json())
    }

    /// The verdict on the incident as it stands.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn verdict(&self) -> Result<JsValue, JsValue> {
        JSON::parse(&self.inner.verdict().to_json())
    }

    /// The incident as it stands (a copy).
    #[wasm_bindgen(unchecked_return_type = "Incident")]
    pub fn incident(&self) -> Result<JsValue, JsValue> {
        JSON::parse(&self.inner.incident().to_string())
    }

    /// Ids of the rules the last change (or the first evaluation) re-ran.
    #[wasm_bindgen(getter, js_name = lastRerun)]
    pub fn last_rerun(&self) -> Vec<String> {
        self.inner.last_rerun().to_vec()
    }
}

/// The built-in rule set's name, version and digest, and the engine version.
#[wasm_bindgen(unchecked_return_type = "RulesetInfo & { engine: string }")]
pub fn version() -> Result<JsValue, JsValue> {
    thread_local! {
        // Building an engine parses and compiles the rule set: do it once.
        static BUILT_IN: std::cell::OnceCell<crate::RulesetInfo> = const { std::cell::OnceCell::new() };
    }
    let info = BUILT_IN.with(|cell| -> Result<crate::RulesetInfo, JsValue> {
        if let Some(info) = cell.get() {
            return Ok(info.clone());
        }
        let info = Engine::new().map_err(to_js_error)?.ruleset().clone();
        Ok(cell.get_or_init(|| info).clone())
    })?;
    let value = serde_json::json!({
        "name": info.name,
        "version": info.version,
        "digest": info.digest,
        "engine": env!("CARGO_PKG_VERSION"),
    });
    JSON::parse(&value.to_string())
}

/// JSON text given as a JS value: anything but a string is a typed error
/// (wasm-bindgen's own string conversion does not check).
fn json_text(value: &JsValue) -> Result<String, Error> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    // A String object (`new String(text)`) reads as its text.
    if value.is_instance_of::<js_sys::JsString>() {
        if let Some(text) = value.unchecked_ref::<Object>().to_string().as_string() {
            return Ok(text);
        }
    }
    Err(Error::at(
        ErrorCode::InvalidJson,
        "",
        format!("expected JSON text (a string), not {}", js_kind(value)),
    ))
}

/// The JSON Schema (draft 2020-12) of the incident model this engine
/// validates against; also shipped as `conduct-engine/schema/incident.json`.
#[wasm_bindgen(js_name = incidentSchema, unchecked_return_type = "Record<string, unknown>")]
pub fn incident_schema() -> Result<JsValue, JsValue> {
    JSON::parse(&crate::model::incident::json_schema().to_string())
}

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    JSON::parse(&json)
}

/// `JSON.stringify`, with the cases it cannot serve turned into typed errors.
fn stringify(value: &JsValue) -> Result<String, Error> {
    if value.is_undefined() || value.is_function() || value.is_symbol() {
        return Err(Error::at(
            ErrorCode::InvalidIncident,
            "",
            format!("an incident must be a JSON object, not {}", js_kind(value)),
        ));
    }
    match JSON::stringify(value) {
        Ok(s) => Ok(String::from(s)),
        // A RangeError here is the JS stack running out: nesting, not bad JSON.
        Err(e) if e.is_instance_of::<js_sys::RangeError>() => Err(Error::at(
            ErrorCode::LimitExceeded,
            "",
            format!(
                "the incident is nested too deeply to be read: {}",
                js_message(&e)
            ),
        )),
        Err(e) => Err(Error::at(
            ErrorCode::InvalidJson,
            "",
            format!("the incident cannot be written as JSON: {}", js_message(&e)),
        )),
    }
}

/// Options objects cross as JSON text, like incidents; `undefined` and
/// `null` mean "none".
fn options_json(options: Option<JsValue>) -> Result<String, Error> {
    match options {
        None => Ok("null".into()),
        Some(v) if v.is_undefined() || v.is_null() => Ok("null".into()),
        Some(v) if !v.is_object() => Err(Error::at(
            ErrorCode::InvalidConfig,
            "",
            "options must be an object",
        )),
        Some(v) => JSON::stringify(&v)
            .map(String::from)
            .map_err(|e| Error::at(ErrorCode::InvalidConfig, "", js_message(&e))),
    }
}

fn call_options(options: Option<JsValue>) -> Result<CallOptions, Error> {
    CallOptions::from_json(&options_json(options)?)
}

fn js_kind(value: &JsValue) -> String {
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "unknown error".into())
}

/// A JS `Error` named `ConductError` with `code`, `path` and, when there were
/// several, `problems` (each `{code, path, message}`).
fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("ConductError");
    let obj: &JsValue = err.as_ref();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(obj, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code.as_str()));
    set(
        "path",
        e.path
            .as_deref()
            .map(JsValue::from_str)
            .unwrap_or(JsValue::NULL),
    );
    let problems = Array::new();
    for p in &e.problems {
        let item = Object::new();
        let _ = Reflect::set(&item, &"code".into(), &p.code.as_str().into());
        let _ = Reflect::set(&item, &"path".into(), &p.path.as_str().into());
        let _ = Reflect::set(&item, &"message".into(), &p.message.as_str().into());
        problems.push(&item);
    }
    set("problems", problems.into());
    if let Some(at) = &e.location {
        let location = Object::new();
        let _ = Reflect::set(&location, &"file".into(), &at.file.as_str().into());
        let _ = Reflect::set(&location, &"line".into(), &at.line.into());
        let _ = Reflect::set(&location, &"column".into(), &at.column.into());
        set("location", location.into());
    }
    err.into()
}
