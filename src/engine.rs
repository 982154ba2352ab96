//! The engine: loads the rule set into regorus and turns an incident into a
//! [`Verdict`].

use crate::catalogue::{self, gather_module, RuleInfo, RuleKind, GATHER_RULE};
use crate::config::Config;
use crate::digest;
use crate::error::{Error, ErrorCode, Problem, Result};
use crate::incident;
use crate::limits::{Limits, PARSER_DEPTH};
use crate::messages::{Messages, BASE_LOCALE};
use crate::options::{CallOptions, EngineOptions, RuleFilter};
use crate::partner::PolicyBundle;
use crate::pointer;
use crate::verdict::{Finding, Missing, RulesetInfo, Status, Verdict};
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::DeserializationResult;
use regorus::rvm::vm::VmError;
use regorus::rvm::{Program, RegoVM};
use regorus::Value;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One Rego source file of a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    pub path: String,
    pub source: String,
}

// `BUILTIN_POLICIES`, written by build.rs from the files under `policies/`.
include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

// `BUILTIN_FILES_HASH` and `BUILTIN_MESSAGES_HASH`, hashed by build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin_hashes.rs"));

/// The built-in rule set compiled to VM bytecode by build.rs.
const BUILTIN_PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.rvm"));

/// Name of the built-in rule set.
pub const RULESET_NAME: &str = "seco-code-of-conduct";

/// Which regorus evaluator runs the rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// The bytecode VM (RVM): compiled once at load, several times faster.
    Vm,
    /// The tree-walking interpreter: the fallback for Rego the VM's compiler
    /// does not accept.
    Interpreter,
}

/// How an engine runs and how much it has done: `engine.stats()`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub backend: Backend,
    /// Entries in the catalogue, guidance included.
    pub rules: usize,
    /// The checkable rules configuration leaves on: what an evaluation runs.
    pub evaluated_rules: Vec<String>,
    /// Instructions one rule may run on one incident (VM only).
    pub instruction_budget: usize,
    /// Incidents judged, by full evaluations and session changes alike.
    pub evaluations: u64,
    /// Single rule runs over all evaluations: with sessions, fewer than
    /// `evaluations` × `evaluatedRules`.
    pub rule_runs: u64,
}

/// The rule set compiled for the VM, with one machine reused across
/// evaluations (`RefCell`: an engine evaluates one incident at a time).
/// The program has one entry point per checkable rule, so that any subset of
/// the rules can run: those the configuration leaves on, or those a change
/// to an incident can alter.
struct Vm {
    program: Arc<Program>,
    data: Value,
    machine: RefCell<RegoVM>,
    max_instructions: Cell<usize>,
    /// Entry point index by the Rego package of its rule.
    entries: HashMap<String, usize>,
}

impl Vm {
    /// Compiles the policies loaded in `rego` for the VM.
    fn compile(
        rego: &mut regorus::Engine,
        rules: &[RuleInfo],
        data: Value,
        max_instructions: usize,
    ) -> Result<Vm> {
        let gather: Arc<str> = GATHER_RULE.into();
        let policy = rego
            .compile_with_entrypoint(&gather)
            .map_err(|e| Error::policy(clean_rego_error(&e.to_string())))?;
        // A rule module that defines no `findings` gets no entry point: it
        // produces nothing, as it would on the interpreter.
        let entries: Vec<String> = rules
            .iter()
            .filter(|r| r.kind == RuleKind::Checkable)
            .map(RuleInfo::entry_point)
            .filter(|entry| policy.get_rules().contains_key(entry))
            .collect();
        let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
        let program = Compiler::compile_from_policy(&policy, &entries)
            .map_err(|e| Error::policy(format!("{e:?}")))?;
        Vm::new(program, data, max_instructions)
    }

    /// Loads bytecode compiled earlier (by build.rs for the built-in rules).
    fn load(bytes: &[u8], data: Value, max_instructions: usize) -> Result<Vm> {
        match Program::deserialize_binary(bytes).map_err(Error::policy)? {
            DeserializationResult::Complete(program) => {
                Vm::new(Arc::new(program), data, max_instructions)
            }
            DeserializationResult::Partial(_) => Err(Error::policy(
                "the compiled rule set is from another regorus version",
            )),
        }
    }

    fn new(program: Arc<Program>, data: Value, max_instructions: usize) -> Result<Vm> {
        let machine = Vm::machine(&program, &data, max_instructions)?;
        let entries = machine
            .get_entry_point_names()
            .into_iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let package = name.strip_prefix("data.")?.strip_suffix(".findings")?;
                Some((package.to_string(), i))
            })
            .collect();
        Ok(Vm {
            program,
            data,
            machine: RefCell::new(machine),
            max_instructions: Cell::new(max_instructions),
            entries,
        })
    }

    fn machine(program: &Arc<Program>, data: &Value, max_instructions: usize) -> Result<RegoVM> {
        let mut vm = RegoVM::new();
        vm.load_program(program.clone());
        vm.set_data(data.clone())
            .map_err(|e| Error::policy(e.to_string()))?;
        vm.set_max_instructions(max_instructions);
        Ok(vm)
    }

    /// The findings of each of `rules`, in order. The instruction budget
    /// applies to each rule's run.
    fn run(&self, input: Value, rules: &[&RuleInfo]) -> Result<Vec<Value>> {
        let mut vm = self.machine.borrow_mut();
        vm.set_input(input);
        let mut out = Vec::with_capacity(rules.len());
        for rule in rules {
            let Some(&entry) = self.entries.get(&rule.package) else {
                out.push(Value::Undefined);
                continue;
            };
            let findings = vm
                .execute_entry_point_by_index(entry)
                .map_err(|e| match e {
                    VmError::InstructionLimitExceeded { limit, .. } => Error::new(
                        ErrorCode::LimitExceeded,
                        format!(
                            "rule {} stopped after {limit} instructions (the evaluation budget); \
                             a very large incident may need a higher limits.maxInstructions",
                            rule.id
                        ),
                    ),
                    other => Error::policy(other.to_string()),
                })?;
            out.push(findings);
        }
        Ok(out)
    }
}

impl Clone for Vm {
    fn clone(&self) -> Self {
        Vm::new(
            self.program.clone(),
            self.data.clone(),
            self.max_instructions.get(),
        )
        .expect("the same program and data loaded before")
    }
}

impl std::fmt::Debug for Vm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vm { .. }")
    }
}

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
    /// The policy sources, for the interpreter (built when first needed).
    files: Arc<Vec<PolicyFile>>,
    /// The base document rules see: `data.conduct.config`.
    data: Value,
    interpreter: OnceCell<regorus::Engine>,
    /// `None` when the rule set runs on the interpreter.
    vm: Option<Vm>,
    rules: Vec<RuleInfo>,
    messages: Messages,
    config: Config,
    ruleset: RulesetInfo,
    limits: Limits,
    /// The locale of messages when a call names none.
    locale: String,
    /// Counts for [`Engine::stats`]: evaluations, rule runs.
    counts: Cell<(u64, u64)>,
}

impl Engine {
    /// The built-in rule set with the default configuration.
    pub fn new() -> Result<Engine> {
        Engine::with_config(Config::default())
    }

    /// The built-in rule set with `options` (configuration and locale).
    pub fn with_options(options: EngineOptions) -> Result<Engine> {
        // Configuration errors point into the options object.
        let mut engine = Engine::with_config(options.config).map_err(|e| match e.code {
            ErrorCode::InvalidConfig => e.under("/config"),
            _ => e,
        })?;
        if let Some(locale) = options.locale {
            engine.set_locale(&locale)?;
        }
        engine.set_limits(options.limits);
        Ok(engine)
    }

    /// The catalogue entries that match `filter`, in its locale (else the
    /// engine's).
    pub fn rules_matching(&self, filter: &RuleFilter) -> Result<Vec<RuleInfo>> {
        let locale = filter.locale.as_deref().unwrap_or(&self.locale);
        self.check_locale(locale)?;
        Ok(self
            .rules_in(locale)
            .into_iter()
            .filter(|r| filter.matches(r))
            .collect())
    }

    /// As [`Engine::evaluate_json`], with per-call options.
    pub fn evaluate_json_with(&self, json: &str, options: &CallOptions) -> Result<Verdict> {
        match &options.locale {
            Some(locale) => self.evaluate_json_in(json, locale),
            None => self.evaluate_json(json),
        }
    }

    /// The built-in rule set with `config`. Starts from the bytecode build.rs
    /// compiled, so no Rego is parsed here.
    pub fn with_config(config: Config) -> Result<Engine> {
        let files = builtin_files();
        let rules = read_catalogue(&files)?;
        let data = config_data(&config)?;
        let limits = Limits::default();
        let vm = Vm::load(BUILTIN_PROGRAM, data.clone(), limits.max_instructions)?;
        Engine::assemble(
            files,
            BUILTIN_FILES_HASH,
            rules,
            data,
            Some(vm),
            OnceCell::new(),
            Messages::built_in()?,
            config,
        )
    }

    /// A rule set made of `files`: helper modules and rule modules, each rule
    /// module with a METADATA block (see [`crate::catalogue`]). Compiled for
    /// the VM where its compiler accepts the Rego, else run on the interpreter.
    pub fn from_policies(
        files: Vec<PolicyFile>,
        messages: Messages,
        config: Config,
    ) -> Result<Engine> {
        let rules = read_catalogue(&files)?;
        let data = config_data(&config)?;
        let rego = interpreter_for(&files, &rules, &data)?;
        let vm = Vm::compile(
            &mut rego.clone(),
            &rules,
            data.clone(),
            Limits::default().max_instructions,
        )
        .ok();
        let hash = files_hash(&files);
        Engine::assemble(
            files,
            hash,
            rules,
            data,
            vm,
            OnceCell::from(rego),
            messages,
            config,
        )
    }

    // Private: the one place every constructor's parts come together.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        files: Vec<PolicyFile>,
        files_hash: digest::Hash,
        mut rules: Vec<RuleInfo>,
        data: Value,
        vm: Option<Vm>,
        interpreter: OnceCell<regorus::Engine>,
        mut messages: Messages,
        config: Config,
    ) -> Result<Engine> {
        apply_settings(&config, &mut rules, &mut messages)?;
        let ruleset = RulesetInfo {
            name: RULESET_NAME.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            digest: digest::ruleset(&files_hash, &messages.hash(), &config.to_json()),
        };
        Ok(Engine {
            files: Arc::new(files),
            data,
            interpreter,
            vm,
            rules,
            messages,
            config,
            ruleset,
            limits: Limits::default(),
            locale: BASE_LOCALE.to_string(),
            counts: Cell::new((0, 0)),
        })
    }

    /// Adds partners' rules (see [`crate::partner`] for the contract and
    /// the sandbox) and returns the ids of the rules added. The bundle must
    /// compile for the VM, so that the instruction budget bounds it. On any
    /// error the engine is left as it was.
    pub fn add_policies(&mut self, bundle: PolicyBundle) -> Result<Vec<String>> {
        let added = bundle.checked_files()?;
        let mut files: Vec<PolicyFile> = (*self.files).clone();
        for file in &added {
            if files.iter().any(|f| f.path == file.path) {
                return Err(Error::policy(format!(
                    "{}: a policy with this path is already loaded",
                    file.path
                )));
            }
        }
        let mut new_rules = Vec::new();
        for file in &added {
            match catalogue::read_rule(&file.path, &file.source)? {
                Some(rule) => new_rules.push(rule),
                // A module that produces findings must say which rule it is.
                None if defines_findings(&file.source) => {
                    return Err(Error::policy(format!(
                        "{}: defines `findings` but has no METADATA block naming its rule (id, title, section, severity, inputs)",
                        file.path
                    )))
                }
                None => {}
            }
        }
        for rule in &new_rules {
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(Error::policy(format!(
                    "rule id {} is already in the catalogue: partner rules need ids of their own",
                    rule.id
                )));
            }
        }
        files.extend(added);
        let mut rules = read_catalogue(&files)?;
        apply_rule_settings(&self.config, &mut rules, true)?;

        let mut rego = regorus::Engine::new();
        for file in &files {
            rego.add_policy(file.path.clone(), file.source.clone())
                .map_err(|e| crate::partner::rego_error(&file.path, &e.to_string()))?;
        }
        rego.add_policy("<gather>".into(), gather_module(&rules))
            .map_err(|e| Error::policy(format!("cannot gather the rules' findings: {e}")))?;
        rego.add_data(self.data.clone())
            .map_err(|e| Error::policy(e.to_string()))?;
        let vm = Vm::compile(
            &mut rego.clone(),
            &rules,
            self.data.clone(),
            self.limits.max_instructions,
        )
        .map_err(|e| {
            Error::policy(format!(
                "partner rules must compile for the VM, which bounds their run time: {}",
                e.message
            ))
        })?;

        let mut messages = self.messages.clone();
        check_message_keys(&bundle.messages, &rules, &messages, "/messages", |key| {
            new_rules
                .iter()
                .any(|r| key.starts_with(&format!("{}.", r.id)))
        })?;
        messages.extend(&bundle.messages);

        let ids = new_rules.iter().map(|r| r.id.clone()).collect();
        self.ruleset.digest = digest::ruleset(
            &files_hash(&files),
            &messages.hash(),
            &self.config.to_json(),
        );
        self.files = Arc::new(files);
        self.interpreter = OnceCell::from(rego);
        self.vm = Some(vm);
        self.rules = rules;
        self.messages = messages;
        Ok(ids)
    }

    /// The prepared interpreter, built on first use.
    fn interpreter(&self) -> Result<&regorus::Engine> {
        if self.interpreter.get().is_none() {
            let rego = interpreter_for(&self.files, &self.rules, &self.data)?;
            let _ = self.interpreter.set(rego);
        }
        Ok(self.interpreter.get().expect("set above"))
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

    /// How this engine runs and how much it has done.
    pub fn stats(&self) -> Stats {
        let (evaluations, rule_runs) = self.counts.get();
        Stats {
            backend: self.backend(),
            rules: self.rules.len(),
            evaluated_rules: self
                .evaluated_rules()
                .iter()
                .map(|r| r.id.clone())
                .collect(),
            instruction_budget: self.limits.max_instructions,
            evaluations,
            rule_runs,
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
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.rules_in(&self.locale)
    }

    /// The catalogue with titles and explanations in `locale` (English where
    /// the locale has none).
    pub fn rules_in(&self, locale: &str) -> Vec<RuleInfo> {
        self.rules
            .iter()
            .map(|r| RuleInfo {
                title: self.rule_text(locale, r, "title"),
                explanation: self.rule_text(locale, r, "explanation"),
                ..r.clone()
            })
            .collect()
    }

    fn rule_text(&self, locale: &str, rule: &RuleInfo, what: &str) -> String {
        let key = format!("rule.{}.{what}", rule.id);
        match self.messages.text(locale, &key) {
            Some(t) => t.to_string(),
            None if what == "title" => rule.title.clone(),
            None => rule.explanation.clone(),
        }
    }

    /// Sets the locale of messages for calls that name none.
    pub fn set_locale(&mut self, locale: &str) -> Result<()> {
        self.check_locale(locale)?;
        self.locale = locale.to_string();
        Ok(())
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The locales this engine can speak.
    pub fn locales(&self) -> Vec<String> {
        self.messages.locales().map(str::to_string).collect()
    }

    pub(crate) fn check_locale(&self, locale: &str) -> Result<()> {
        if self.messages.has_locale(locale) {
            Ok(())
        } else {
            Err(Error::at(
                ErrorCode::InvalidConfig,
                "/locale",
                format!(
                    "no messages in locale \"{locale}\"; available: {}",
                    self.locales().join(", ")
                ),
            ))
        }
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
        self.evaluate_in(&incident, &self.locale)
    }

    /// As [`Engine::evaluate_json`], with messages in `locale`.
    pub fn evaluate_json_in(&self, json: &str, locale: &str) -> Result<Verdict> {
        self.check_locale(locale)?;
        let incident = self.parse(json)?;
        self.evaluate_in(&incident, locale)
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
        self.limits.check_text(json)?;
        let value = serde_json::from_str::<Value>(json).map_err(|e| {
            let text = e.to_string();
            if text.contains("recursion limit") {
                crate::limits::exceeded(
                    "",
                    format!("the incident is nested more than {PARSER_DEPTH} levels deep"),
                )
            } else {
                Error::at(
                    ErrorCode::InvalidJson,
                    "",
                    format!("not valid JSON: {text}"),
                )
            }
        })?;
        self.limits.check_value(&value)?;
        Ok(value)
    }

    /// Validates and evaluates an incident.
    pub fn evaluate(&self, incident: &Value) -> Result<Verdict> {
        self.limits.check_value(incident)?;
        self.evaluate_in(incident, &self.locale)
    }

    fn evaluate_in(&self, incident: &Value, locale: &str) -> Result<Verdict> {
        incident::validate(incident)?;
        let rules = self.evaluated_rules();
        let produced = self.run_rules(incident, &rules)?;
        let mut findings = Vec::new();
        for (rule, produced) in rules.iter().zip(&produced) {
            findings.extend(self.render_rule(rule, produced, locale)?);
        }
        Ok(self.verdict_of(incident, findings))
    }

    /// The rules an evaluation runs: the checkable ones configuration leaves
    /// on, in catalogue order.
    pub(crate) fn evaluated_rules(&self) -> Vec<&RuleInfo> {
        self.rules
            .iter()
            .filter(|r| r.kind == RuleKind::Checkable && r.enabled)
            .collect()
    }

    /// What each of `rules` produces for a valid `incident`, in order.
    pub(crate) fn run_rules(&self, incident: &Value, rules: &[&RuleInfo]) -> Result<Vec<Value>> {
        // A panic inside regorus becomes a typed error where panics unwind
        // (native builds); Wasm aborts, which is why partner rules and
        // evaluateRego refuse the builtins known to panic.
        let (evaluations, runs) = self.counts.get();
        self.counts
            .set((evaluations + 1, runs + rules.len() as u64));
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &self.vm {
            Some(vm) => vm.run(incident.clone(), rules),
            None => {
                // The reference path: one evaluation of every rule.
                let mut rego = self.interpreter()?.clone();
                rego.set_input(incident.clone());
                let gathered = rego
                    .eval_rule(GATHER_RULE.to_string())
                    .map_err(|e| Error::policy(clean_rego_error(&e.to_string())))?;
                Ok(rules
                    .iter()
                    .map(|r| gathered[r.id.as_str()].clone())
                    .collect())
            }
        }));
        run.map_err(|_| Error::policy("a policy crashed the Rego engine (a regorus panic)"))?
    }

    /// The findings of one rule, from what it produced, in subject order.
    /// A rule that produced none is reported not applicable, so that every
    /// checkable rule is accounted for in every verdict.
    pub(crate) fn render_rule(
        &self,
        rule: &RuleInfo,
        produced: &Value,
        locale: &str,
    ) -> Result<Vec<Finding>> {
        let mut findings = Vec::new();
        self.read_findings(rule, produced, locale, &mut findings)?;
        if findings.is_empty() {
            findings.push(self.finding(
                locale,
                rule,
                Status::NotApplicable,
                String::new(),
                "finding.not_applicable",
                &BTreeMap::new(),
                Vec::new(),
            ));
        }
        findings.sort_by(|a, b| pointer::compare(&a.subject, &b.subject));
        Ok(findings)
    }

    /// The verdict on `incident` made of `findings`.
    pub(crate) fn verdict_of(&self, incident: &Value, findings: Vec<Finding>) -> Verdict {
        let outcome = findings
            .iter()
            .map(|f| f.status)
            .max()
            .unwrap_or(Status::NotApplicable);
        let id = match &incident["id"] {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        };
        Verdict {
            incident: id,
            outcome,
            ruleset: self.ruleset.clone(),
            findings,
        }
    }

    /// Reads the findings a rule produced, checking the rule contract.
    fn read_findings(
        &self,
        rule: &RuleInfo,
        produced: &Value,
        locale: &str,
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
                    .read_missing(items.iter(), locale, &mut missing)
                    .map_err(broken)?,
                Some(Value::Array(items)) => self
                    .read_missing(items.iter(), locale, &mut missing)
                    .map_err(broken)?,
                Some(_) => return Err(broken("`missing` must be a list".into())),
            }
            out.push(self.finding(locale, rule, status, subject, &key, &params, missing));
        }
        Ok(())
    }

    fn read_missing<'a>(
        &self,
        items: impl Iterator<Item = &'a Value>,
        locale: &str,
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
                message: self.messages.render(locale, key, &params),
            });
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        locale: &str,
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
            title: self.rule_text(locale, rule, "title"),
            status,
            severity: rule.severity,
            subject,
            message: self.messages.render(locale, key, &params),
            clause: rule.clause.clone(),
            missing,
        }
    }
}

/// Applies the configuration's per-rule settings and extra message texts,
/// refusing any that name a rule or message key the catalogue lacks.
fn apply_settings(config: &Config, rules: &mut [RuleInfo], messages: &mut Messages) -> Result<()> {
    apply_rule_settings(config, rules, false)?;
    check_message_keys(&config.messages, rules, messages, "/messages", |_| false)?;
    messages.extend(&config.messages);
    Ok(())
}

/// Switches rules off and re-weighs them as configured. With `lenient`,
/// settings for rules not (yet) in the catalogue are ignored rather than
/// refused.
fn apply_rule_settings(config: &Config, rules: &mut [RuleInfo], lenient: bool) -> Result<()> {
    let mut problems = Vec::new();
    for (id, settings) in &config.rules {
        match rules.iter_mut().find(|r| &r.id == id) {
            Some(rule) => {
                rule.enabled = settings.enabled;
                if let Some(severity) = settings.severity {
                    rule.severity = severity;
                }
            }
            None if lenient => {}
            None => problems.push(Problem {
                code: ErrorCode::InvalidConfig,
                path: pointer::child("/rules", id),
                message: format!("rules: no rule \"{id}\" in the catalogue"),
            }),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::from_problems(problems))
    }
}

/// Every key in `texts` must be a built-in message key, a catalogue text of
/// a known rule (`rule.<ID>.title` / `.explanation`), or one `also_known`
/// accepts.
fn check_message_keys(
    texts: &BTreeMap<String, BTreeMap<String, String>>,
    rules: &[RuleInfo],
    messages: &Messages,
    path: &str,
    also_known: impl Fn(&str) -> bool,
) -> Result<()> {
    let mut problems = Vec::new();
    for (locale, texts) in texts {
        for key in texts.keys() {
            let rule_text = key
                .strip_prefix("rule.")
                .and_then(|k| k.rsplit_once('.'))
                .is_some_and(|(id, what)| {
                    rules.iter().any(|r| r.id == id) && (what == "title" || what == "explanation")
                });
            if !rule_text && !also_known(key) && messages.text(BASE_LOCALE, key).is_none() {
                problems.push(Problem {
                    code: ErrorCode::InvalidConfig,
                    path: pointer::child(&pointer::child(path, locale), key),
                    message: format!("messages/{locale}: no message key \"{key}\""),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::from_problems(problems))
    }
}

fn defines_findings(source: &str) -> bool {
    source.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("findings ") || l.starts_with("findings[") || l.starts_with("findings:")
    })
}

fn builtin_files() -> Vec<PolicyFile> {
    BUILTIN_POLICIES
        .iter()
        .map(|(path, source)| PolicyFile {
            path: path.to_string(),
            source: source.to_string(),
        })
        .collect()
}

/// The catalogue entries of `files`, in clause order.
fn read_catalogue(files: &[PolicyFile]) -> Result<Vec<RuleInfo>> {
    let mut rules: Vec<RuleInfo> = Vec::new();
    for file in files {
        if let Some(rule) = catalogue::read_rule(&file.path, &file.source)? {
            if rules.iter().any(|r| r.id == rule.id) {
                return Err(Error::policy(format!(
                    "{}: rule id {} is defined twice",
                    file.path, rule.id
                )));
            }
            rules.push(rule);
        }
    }
    rules.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    Ok(rules)
}

fn config_data(config: &Config) -> Result<Value> {
    Value::from_json_str(&format!(
        r#"{{"conduct":{{"config":{}}}}}"#,
        config.to_json()
    ))
    .map_err(|e| Error::policy(e.to_string()))
}

/// An interpreter loaded with `files`, the gathering module and `data`,
/// evaluated once so that clones start prepared and a policy that cannot
/// evaluate fails here rather than on some later incident.
fn interpreter_for(
    files: &[PolicyFile],
    rules: &[RuleInfo],
    data: &Value,
) -> Result<regorus::Engine> {
    let mut rego = regorus::Engine::new();
    for file in files {
        rego.add_policy(file.path.clone(), file.source.clone())
            .map_err(|e| {
                Error::policy(format!(
                    "{}: {}",
                    file.path,
                    clean_rego_error(&e.to_string())
                ))
            })?;
    }
    rego.add_policy("<gather>".into(), gather_module(rules))
        .map_err(|e| Error::policy(format!("cannot gather the rules' findings: {e}")))?;
    rego.add_data(data.clone())
        .map_err(|e| Error::policy(e.to_string()))?;
    rego.set_input(Value::from_json_str(r#"{"schemaVersion":"1"}"#).expect("literal JSON"));
    rego.eval_rule(GATHER_RULE.to_string())
        .map_err(|e| Error::policy(clean_rego_error(&e.to_string())))?;
    Ok(rego)
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

fn files_hash(files: &[PolicyFile]) -> digest::Hash {
    digest::files(files.iter().map(|f| (f.path.as_str(), f.source.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashes_build_rs_made_are_those_of_the_embedded_files_and_messages() {
        assert_eq!(BUILTIN_FILES_HASH, files_hash(&builtin_files()));
        let messages = Messages::built_in().unwrap();
        assert_eq!(messages.hash(), digest::text(&messages.canonical()));
    }

    #[test]
    fn the_digest_follows_every_part() {
        let base = Engine::new().unwrap().ruleset().digest.clone();
        let stricter = Config::with_overrides(r#"{"minExplanationLength": 40}"#).unwrap();
        let worded =
            Config::with_overrides(r#"{"messages": {"en": {"B12.compliant": "Fine."}}}"#).unwrap();
        let mut partner = Engine::new().unwrap();
        partner
            .add_policies(PolicyBundle::single(
                "acme/x.rego",
                "package conduct.partner.helpers\n\nx := 1\n",
            ))
            .unwrap();
        let digests = [
            base.clone(),
            Engine::with_config(stricter)
                .unwrap()
                .ruleset()
                .digest
                .clone(),
            Engine::with_config(worded)
                .unwrap()
                .ruleset()
                .digest
                .clone(),
            partner.ruleset().digest.clone(),
        ];
        let distinct: std::collections::BTreeSet<_> = digests.iter().collect();
        assert_eq!(distinct.len(), digests.len(), "{digests:?}");
        assert_eq!(Engine::new().unwrap().ruleset().digest, base);
    }
}
