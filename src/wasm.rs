//! The WebAssembly face of the default npm entry (wasm-bindgen): the
//! compiled catalogue behind a plain interface of JSON text in and out.
//! `pkg-template/lib/api.js` builds the public JavaScript API on it: it
//! checks receivers and arguments, turns JavaScript values into JSON text,
//! and makes errors `ConductError`s. Nothing here decides a verdict.
//!
//! Every text argument arrives as a `JsValue` and is checked here too (the
//! glue does not check types), so that no call can read the wrong memory
//! even when made directly.

use crate::{CallOptions, Engine, EngineOptions, Error, ErrorCode, RuleFilter, Session};
use js_sys::{Array, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// An engine (internal: use `ConductEngine` from the package).
#[wasm_bindgen]
pub struct WasmEngine {
    /// Shared with the sessions opened on it.
    inner: Rc<Engine>,
}

#[wasm_bindgen]
impl WasmEngine {
    /// `options`: JSON text of `{ config, locale, limits }`, or empty.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<WasmEngine, JsValue> {
        let options = text(&options, "options")?;
        let options = EngineOptions::from_json(or_null(&options)).map_err(to_js_error)?;
        let inner = Engine::with_options(options).map_err(to_js_error)?;
        Ok(WasmEngine {
            inner: Rc::new(inner),
        })
    }

    /// The verdict on an incident (JSON text in and out).
    pub fn evaluate(&self, incident: JsValue, options: JsValue) -> Result<String, JsValue> {
        let incident = text(&incident, "incident")?;
        let options = call_options(&options)?;
        self.inner
            .evaluate_to_json(&incident, &options)
            .map_err(to_js_error)
    }

    /// The problems that keep an incident from being valid, as JSON text.
    pub fn validate(&self, incident: JsValue) -> Result<String, JsValue> {
        let incident = text(&incident, "incident")?;
        Ok(json(&self.inner.validate_json(&incident)))
    }

    /// The catalogue matching a filter, as JSON text.
    pub fn rules(&self, filter: JsValue) -> Result<String, JsValue> {
        let filter = text(&filter, "filter")?;
        let filter = RuleFilter::from_json(or_null(&filter)).map_err(to_js_error)?;
        Ok(json(
            &self.inner.rules_matching(&filter).map_err(to_js_error)?,
        ))
    }

    /// The labels of a locale (`options`: JSON text of `{ locale }`, or
    /// empty), as JSON text of an object by key.
    pub fn labels(&self, options: JsValue) -> Result<String, JsValue> {
        let options = call_options(&options)?;
        Ok(json(
            &self.inner.labels_with(&options).map_err(to_js_error)?,
        ))
    }

    /// `{ locale, locales, ruleset, config, stats }` as JSON text.
    pub fn describe(&self) -> String {
        let e = &self.inner;
        json(&serde_json::json!({
            "locale": e.locale(),
            "locales": e.locales(),
            "ruleset": e.ruleset(),
            "config": e.config(),
            "stats": e.stats(),
        }))
    }

    /// A session over an incident (JSON text).
    pub fn session(&self, incident: JsValue, options: JsValue) -> Result<WasmSession, JsValue> {
        let incident = text(&incident, "incident")?;
        let options = call_options(&options)?;
        let inner = Session::new(self.inner.clone(), &incident, options.locale.as_deref())
            .map_err(to_js_error)?;
        Ok(WasmSession { inner })
    }
}

/// A session (internal: use `engine.session()` from the package).
#[wasm_bindgen]
pub struct WasmSession {
    inner: Session<Rc<Engine>>,
}

#[wasm_bindgen]
impl WasmSession {
    /// Sets the value at `pointer` to the JSON text `value`; what changed
    /// (see [`WasmSession::delta`]).
    pub fn update(&mut self, pointer: JsValue, value: JsValue) -> Result<String, JsValue> {
        let pointer = text(&pointer, "pointer")?;
        let value = text(&value, "value")?;
        self.inner
            .change_json(&pointer, &value)
            .map_err(to_js_error)?;
        Ok(self.inner.delta_json())
    }

    /// Removes the member or item at `pointer`; what changed.
    pub fn remove(&mut self, pointer: JsValue) -> Result<String, JsValue> {
        let pointer = text(&pointer, "pointer")?;
        self.inner.remove_only(&pointer).map_err(to_js_error)?;
        Ok(self.inner.delta_json())
    }

    /// The outcome, the incident's id, the rules the last change (or the
    /// opening) ran, and the findings of those whose findings changed, by
    /// their position among the evaluated rules, as JSON text: the
    /// JavaScript side keeps the others' findings.
    pub fn delta(&self) -> String {
        self.inner.delta_json()
    }

    pub fn incident(&self) -> String {
        self.inner.incident_json()
    }
}

/// The built-in rule set's name, version and digest, and the engine version,
/// as JSON text.
#[wasm_bindgen]
pub fn version() -> Result<String, JsValue> {
    let engine = Engine::new().map_err(to_js_error)?;
    let info = engine.ruleset();
    Ok(json(&serde_json::json!({
        "name": info.name,
        "version": info.version,
        "digest": info.digest,
        "engine": env!("CARGO_PKG_VERSION"),
    })))
}

/// The JSON Schema (draft 2020-12) of the incident model, as JSON text.
#[wasm_bindgen(js_name = incidentSchema)]
pub fn incident_schema() -> String {
    crate::model::INCIDENT_SCHEMA.to_string()
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("values serialise")
}

fn or_null(s: &str) -> &str {
    if s.is_empty() {
        "null"
    } else {
        s
    }
}

/// A text argument: anything but a string is a typed error.
fn text(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        to_js_error(Error::new(
            ErrorCode::InvalidArgument,
            format!("{name} must be a string"),
        ))
    })
}

fn call_options(options: &JsValue) -> Result<CallOptions, JsValue> {
    let options = text(options, "options")?;
    CallOptions::from_json(or_null(&options)).map_err(to_js_error)
}

/// A JS `Error` named `ConductError` with `code`, `path`, `problems` and,
/// for Rego source, `location`.
fn to_js_error(e: Error) -> JsValue {
    let e = e.bounded();
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
