//! The engine: loads the rule set into regorus and turns an incident into a
//! [`Verdict`].

use crate::catalogue::{self, RuleInfo, RuleKind};
use crate::config::Config;
use crate::error::{Error, ErrorCode, Problem, Result};
use crate::incident;
use crate::messages::Messages;
use crate::pointer;
use crate::verdict::{Finding, Missing, RulesetInfo, Status, Verdict};
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::vm::VmError;
use regorus::rvm::{Program, RegoVM};
use regorus::{CompiledPolicy, Value};
use sha2::{Digest, Sha256};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One Rego source file of a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    pub path: String,
    pub source: String,
}

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../", $path)))),*]
    };
}

/// The built-in rule set, embedded at build time. `tests/catalogue.rs`
/// checks that every policy file in `policies/` is listed here.
pub const BUILTIN_POLICIES: &[(&str, &str)] = builtin!(
    "policies/lib/conduct.rego",
    "policies/behaviour/b02_qualified.rego",
    "policies/behaviour/b03_conflict_of_interest.rego",
    "policies/behaviour/b04_confidentiality.rego",
    "policies/behaviour/b12_act_without_consent.rego",
);

/// Name of the built-in rule set.
pub const RULESET_NAME: &str = "seco-code-of-conduct";

/// Limits on what one evaluation accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest incident accepted, in bytes of JSON.
    pub max_input_bytes: usize,
    /// Most bytecode instructions one evaluation may run on the VM: a budget
    /// that stops a runaway policy without reading any clock.
    pub max_instructions: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 1 << 20,
            max_instructions: 5_000_000,
        }
    }
}

/// Which regorus evaluator runs the rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The bytecode VM (RVM): compiled once at load, several times faster.
    Vm,
    /// The tree-walking interpreter: the fallback for Rego the VM's compiler
    /// does not accept.
    Interpreter,
}

/// The rule set compiled for the VM, with one machine reused across
/// evaluations (building a machine per call would cost more than the call).
struct Vm {
    program: Arc<Program>,
    policy: CompiledPolicy,
    data: Value,
    machine: RefCell<RegoVM>,
    max_instructions: Cell<usize>,
}

impl Vm {
    fn new(rego: &mut regorus::Engine, data: Value, max_instructions: usize) -> Result<Vm> {
        let entry: Arc<str> = gather_rule().into();
        let policy = rego
            .compile_with_entrypoint(&entry)
            .map_err(|e| Error::policy(clean_rego_error(&e.to_string())))?;
        let program = Compiler::compile_from_policy(&policy, &[entry.as_ref()])
            .map_err(|e| Error::policy(format!("{e:?}")))?;
        let machine = Vm::machine(&program, &policy, &data, max_instructions)?;
        Ok(Vm {
            program,
            policy,
            data,
            machine: RefCell::new(machine),
            max_instructions: Cell::new(max_instructions),
        })
    }

    fn machine(
        program: &Arc<Program>,
        policy: &CompiledPolicy,
        data: &Value,
        max_instructions: usize,
    ) -> Result<RegoVM> {
        let mut vm = RegoVM::new_with_policy(policy.clone());
        vm.load_program(program.clone());
        vm.set_data(data.clone())
            .map_err(|e| Error::policy(e.to_string()))?;
        vm.set_max_instructions(max_instructions);
        Ok(vm)
    }

    fn run(&self, input: Value) -> Result<Value> {
        let mut vm = self.machine.borrow_mut();
        vm.set_input(input);
        vm.execute_entry_point_by_name(&gather_rule())
            .map_err(|e| match e {
                VmError::InstructionLimitExceeded { limit, .. } => Error::new(
                    ErrorCode::LimitExceeded,
                    format!(
                        "evaluation stopped after {limit} instructions (the evaluation budget)"
                    ),
                ),
                other => Error::policy(other.to_string()),
            })
    }
}

impl Clone for Vm {
    fn clone(&self) -> Self {
        let max = self.max_instructions.get();
        let machine = Vm::machine(&self.program, &self.policy, &self.data, max)
            .expect("the same data loaded before");
        Vm {
            program: self.program.clone(),
            policy: self.policy.clone(),
            data: self.data.clone(),
            machine: RefCell::new(machine),
            max_instructions: Cell::new(max),
        }
    }
}

impl std::fmt::Debug for Vm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vm { .. }")
    }
}

/// Deepest nesting of JSON accepted: serde_json's own recursion limit, which
/// turns a 10,000-deep array into an error instead of a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// The package of the module the engine writes to gather every rule's
/// findings in one evaluation.
const GATHER_PACKAGE: &str = "conduct.engine";

/// Evaluates incidents against a rule set.
///
/// Construction parses and checks the policies once; each evaluation works on
/// a cheap clone of the prepared interpreter, so `evaluate` takes `&self`
/// and no state leaks from one incident to the next.
///
/// ```
/// use conduct_engine::{Engine, Status};
/// let engine = Engine::new().unwrap();
/// let verdict = engine.evaluate_json(r#"{
///     "schemaVersion": "1",
///     "actions": [{ "id": "a1", "consent": { "prior": false } }]
/// }"#).unwrap();
/// assert_eq!(verdict.outcome, Status::Violation);
/// let b12 = verdict.findings.iter().find(|f| f.rule == "B12").unwrap();
/// assert_eq!(b12.missing.len(), 4);
/// assert_eq!(b12.missing[0].path, "/actions/0/justification/legal");
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    rego: regorus::Engine,
    /// `None` when the rule set runs on the interpreter.
    vm: Option<Vm>,
    rules: Vec<RuleInfo>,
    messages: Messages,
    config: Config,
    ruleset: RulesetInfo,
    limits: Limits,
}

impl Engine {
    /// The built-in rule set with the default configuration.
    pub fn new() -> Result<Engine> {
        Engine::with_config(Config::default())
    }

    /// The built-in rule set with `config`.
    pub fn with_config(config: Config) -> Result<Engine> {
        let files = BUILTIN_POLICIES
            .iter()
            .map(|(path, source)| PolicyFile {
                path: path.to_string(),
                source: source.to_string(),
            })
            .collect();
        Engine::from_policies(files, Messages::english()?, config)
    }

    /// A rule set made of `files`: helper modules and rule modules, each rule
    /// module with a METADATA block (see [`crate::catalogue`]).
    pub fn from_policies(
        files: Vec<PolicyFile>,
        messages: Messages,
        config: Config,
    ) -> Result<Engine> {
        let mut rego = regorus::Engine::new();
        let mut rules = Vec::new();
        for file in &files {
            rego.add_policy(file.path.clone(), file.source.clone())
                .map_err(|e| {
                    Error::policy(format!(
                        "{}: {}",
                        file.path,
                        clean_rego_error(&e.to_string())
                    ))
                })?;
            if let Some(rule) = catalogue::read_rule(&file.path, &file.source)? {
                if rules.iter().any(|r: &RuleInfo| r.id == rule.id) {
                    return Err(Error::policy(format!(
                        "{}: rule id {} is defined twice",
                        file.path, rule.id
                    )));
                }
                rules.push(rule);
            }
        }
        rules.sort_by(|a, b| a.order_key().cmp(&b.order_key()));

        rego.add_policy("<gather>".into(), gather_module(&rules))
            .map_err(|e| Error::policy(format!("cannot gather the rules' findings: {e}")))?;
        let data = format!(r#"{{"conduct":{{"config":{}}}}}"#, config.to_json());
        let data = Value::from_json_str(&data).map_err(|e| Error::policy(e.to_string()))?;
        rego.add_data(data.clone())
            .map_err(|e| Error::policy(e.to_string()))?;

        let ruleset = RulesetInfo {
            name: RULESET_NAME.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            digest: digest(&files, &messages, &config),
        };
        let limits = Limits::default();
        // Rego the VM's compiler does not take falls back to the interpreter.
        let vm = Vm::new(&mut rego.clone(), data, limits.max_instructions).ok();
        let mut engine = Engine {
            rego,
            vm,
            rules,
            messages,
            config,
            ruleset,
            limits,
        };
        // Evaluate once so the prepared interpreter is what every clone starts
        // from, and so a policy that cannot evaluate fails here, not later.
        let probe = Value::from_json_str(r#"{"schemaVersion":"1"}"#).expect("literal JSON");
        engine.rego.set_input(probe);
        engine
            .rego
            .eval_rule(gather_rule())
            .map_err(|e| Error::policy(clean_rego_error(&e.to_string())))?;
        Ok(engine)
    }

    /// Replaces the limits on input and evaluation.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
        if let Some(vm) = &self.vm {
            vm.machine
                .borrow_mut()
                .set_max_instructions(limits.max_instructions);
            vm.max_instructions.set(limits.max_instructions);
        }
    }

    /// The evaluator in use.
    pub fn backend(&self) -> Backend {
        if self.vm.is_some() {
            Backend::Vm
        } else {
            Backend::Interpreter
        }
    }

    /// This engine on the interpreter, whatever it used before: the reference
    /// the VM's answers are checked against.
    pub fn on_interpreter(mut self) -> Engine {
        self.vm = None;
        self
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The catalogue, in clause order (P1–P8, then B1–B13).
    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    pub fn ruleset(&self) -> &RulesetInfo {
        &self.ruleset
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Parses, validates and evaluates an incident given as JSON text.
    pub fn evaluate_json(&self, json: &str) -> Result<Verdict> {
        let incident = self.parse(json)?;
        self.evaluate(&incident)
    }

    /// Every problem that keeps `json` from being a valid incident; empty
    /// when it is one.
    pub fn validate_json(&self, json: &str) -> Vec<Problem> {
        match self.parse(json) {
            Ok(incident) => incident::problems(&incident),
            Err(e) => vec![Problem {
                code: e.code,
                path: e.path.unwrap_or_default(),
                message: e.message,
            }],
        }
    }

    /// Parses JSON text into a value, within the engine's limits.
    pub fn parse(&self, json: &str) -> Result<Value> {
        if json.len() > self.limits.max_input_bytes {
            return Err(Error::at(
                ErrorCode::LimitExceeded,
                "",
                format!(
                    "the incident is {} bytes; the limit is {} bytes",
                    json.len(),
                    self.limits.max_input_bytes
                ),
            ));
        }
        serde_json::from_str::<Value>(json).map_err(|e| {
            let text = e.to_string();
            if text.contains("recursion limit") {
                Error::at(
                    ErrorCode::LimitExceeded,
                    "",
                    format!("the incident is nested more than {MAX_DEPTH} levels deep"),
                )
            } else {
                Error::at(
                    ErrorCode::InvalidJson,
                    "",
                    format!("not valid JSON: {text}"),
                )
            }
        })
    }

    /// Validates and evaluates an incident.
    pub fn evaluate(&self, incident: &Value) -> Result<Verdict> {
        incident::validate(incident)?;
        let gathered = match &self.vm {
            Some(vm) => vm.run(incident.clone())?,
            None => {
                let mut rego = self.rego.clone();
                rego.set_input(incident.clone());
                rego.eval_rule(gather_rule())
                    .map_err(|e| Error::policy(clean_rego_error(&e.to_string())))?
            }
        };

        let mut findings = Vec::new();
        for rule in self.rules.iter().filter(|r| r.kind == RuleKind::Checkable) {
            let start = findings.len();
            let produced = match &gathered {
                Value::Object(map) => map.get(&Value::from(rule.id.as_str())),
                _ => None,
            };
            if let Some(produced) = produced {
                self.read_findings(rule, produced, &mut findings)?;
            }
            if findings.len() == start {
                // Nothing in the incident falls under the rule: say so, so that
                // every checkable rule is accounted for in every verdict.
                findings.push(self.finding(
                    rule,
                    Status::NotApplicable,
                    String::new(),
                    "finding.not_applicable",
                    &BTreeMap::new(),
                    Vec::new(),
                ));
            }
            findings[start..].sort_by(|a, b| pointer::compare(&a.subject, &b.subject));
        }
        let outcome = findings
            .iter()
            .map(|f| f.status)
            .max()
            .unwrap_or(Status::NotApplicable);
        let id = match incident {
            Value::Object(map) => match map.get(&Value::from("id")) {
                Some(Value::String(s)) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        };
        Ok(Verdict {
            incident: id,
            outcome,
            ruleset: self.ruleset.clone(),
            findings,
        })
    }

    /// Reads the findings a rule produced, checking the rule contract.
    fn read_findings(
        &self,
        rule: &RuleInfo,
        produced: &Value,
        out: &mut Vec<Finding>,
    ) -> Result<()> {
        let broken = |what: String| {
            Error::policy(format!(
                "rule {} broke the finding contract: {what}",
                rule.id
            ))
        };
        let items: Vec<&Value> = match produced {
            Value::Set(s) => s.iter().collect(),
            Value::Array(a) => a.iter().collect(),
            Value::Undefined => Vec::new(),
            other => {
                return Err(broken(format!(
                    "`findings` is {}, not a set",
                    incident::kind_of(other)
                )))
            }
        };
        for item in items {
            let Value::Object(f) = item else {
                return Err(broken(format!(
                    "a finding is {}, not an object",
                    incident::kind_of(item)
                )));
            };
            let field = |name: &str| f.get(&Value::from(name));
            let status = match field("status") {
                Some(Value::String(s)) => {
                    Status::parse(s).ok_or_else(|| broken(format!("unknown status `{s}`")))?
                }
                _ => return Err(broken("a finding has no `status` string".into())),
            };
            let subject = match field("subject") {
                Some(v) => to_pointer(v)
                    .ok_or_else(|| broken("`subject` must be a list of path tokens".into()))?,
                None => String::new(),
            };
            let key = match field("key") {
                Some(Value::String(s)) => s.to_string(),
                None => format!("{}.{}", rule.id, status.as_str()),
                Some(_) => return Err(broken("`key` must be a string".into())),
            };
            let params = read_params(field("params"))
                .ok_or_else(|| broken("`params` must be an object".into()))?;
            let mut missing = Vec::new();
            match field("missing") {
                None => {}
                Some(Value::Set(items)) => self
                    .read_missing(items.iter(), &mut missing)
                    .map_err(broken)?,
                Some(Value::Array(items)) => self
                    .read_missing(items.iter(), &mut missing)
                    .map_err(broken)?,
                Some(_) => return Err(broken("`missing` must be a list".into())),
            }
            out.push(self.finding(rule, status, subject, &key, &params, missing));
        }
        Ok(())
    }

    fn read_missing<'a>(
        &self,
        items: impl Iterator<Item = &'a Value>,
        out: &mut Vec<Missing>,
    ) -> std::result::Result<(), String> {
        for item in items {
            let Value::Object(m) = item else {
                return Err("a missing element must be an object".into());
            };
            let field = |name: &str| m.get(&Value::from(name));
            let Some(Value::String(element)) = field("element") else {
                return Err("a missing element needs an `element` string".into());
            };
            let path = field("path")
                .and_then(to_pointer)
                .ok_or("a missing element needs a `path` list of tokens")?;
            let Some(Value::String(key)) = field("key") else {
                return Err("a missing element needs a message `key`".into());
            };
            let mut params = read_params(field("params")).ok_or("`params` must be an object")?;
            params
                .entry("element".into())
                .or_insert_with(|| element.to_string());
            out.push(Missing {
                element: element.to_string(),
                path,
                message: self.messages.render(key, &params),
            });
        }
        Ok(())
    }

    fn finding(
        &self,
        rule: &RuleInfo,
        status: Status,
        subject: String,
        key: &str,
        params: &BTreeMap<String, String>,
        missing: Vec<Missing>,
    ) -> Finding {
        let mut params = params.clone();
        params
            .entry("rule".into())
            .or_insert_with(|| rule.id.clone());
        params
            .entry("count".into())
            .or_insert_with(|| missing.len().to_string());
        if !missing.is_empty() {
            let elements: Vec<&str> = missing.iter().map(|m| m.element.as_str()).collect();
            let mut unique = elements.clone();
            unique.dedup();
            params
                .entry("elements".into())
                .or_insert_with(|| unique.join(", "));
        }
        Finding {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            status,
            severity: rule.severity,
            subject,
            message: self.messages.render(key, &params),
            clause: rule.clause.clone(),
            missing,
        }
    }
}

fn gather_rule() -> String {
    format!("data.{GATHER_PACKAGE}.findings")
}

/// A module that collects every checkable rule's findings in one object, so
/// that one evaluation serves the whole catalogue.
fn gather_module(rules: &[RuleInfo]) -> String {
    let mut src = format!("package {GATHER_PACKAGE}\n\nfindings := {{\n");
    for r in rules.iter().filter(|r| r.kind == RuleKind::Checkable) {
        src.push_str(&format!(
            "\t\"{}\": {{f | some f in data.{}.findings}},\n",
            r.id, r.package
        ));
    }
    src.push_str("}\n");
    src
}

/// Path tokens (or a ready pointer string) as a JSON Pointer.
fn to_pointer(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.is_empty() || s.starts_with('/') => Some(s.to_string()),
        Value::Array(tokens) => {
            let mut p = String::new();
            for t in tokens.iter() {
                match t {
                    Value::String(s) => pointer::push(&mut p, s),
                    Value::Number(n) => pointer::push_index(&mut p, n.as_u64()? as usize),
                    _ => return None,
                }
            }
            Some(p)
        }
        _ => None,
    }
}

fn read_params(v: Option<&Value>) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    match v {
        None => {}
        Some(Value::Object(map)) => {
            for (k, v) in map.iter() {
                let Value::String(k) = k else { return None };
                out.insert(k.to_string(), param_text(v));
            }
        }
        Some(_) => return None,
    }
    Some(out)
}

fn param_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Array(items) => items.iter().map(param_text).collect::<Vec<_>>().join(", "),
        Value::Set(items) => items.iter().map(param_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// regorus errors start with a newline and `-->` location lines; keep the
/// parts a person needs, on one line.
fn clean_rego_error(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn digest(files: &[PolicyFile], messages: &Messages, config: &Config) -> String {
    let mut sorted: Vec<&PolicyFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut h = Sha256::new();
    for f in sorted {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update(f.source.as_bytes());
        h.update([0]);
    }
    h.update(messages.canonical().as_bytes());
    h.update([0]);
    h.update(config.to_json().as_bytes());
    let bytes = h.finalize();
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for b in bytes {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}
