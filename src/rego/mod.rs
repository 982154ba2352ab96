//! The Rego runtime side (feature `rego`): regorus's VM and interpreter
//! running a rule set from its Rego files. It serves partner rules (beside
//! the compiled catalogue), rule sets given as files, plain Rego evaluation
//! (`query`), the Rego test runner (`policy_test`), and the reference runs
//! the compiled catalogue is checked against.

pub mod load_cost;
pub mod module;
pub mod partner;
pub mod policy_test;
pub mod query;
pub mod running;

#[cfg(test)]
mod contract_tests;

use crate::error::{Error, ErrorCode, Result, SourceLocation};
use crate::options::Backend;
use crate::rules::builtin;
use crate::rules::catalogue::{self, gather_module, RuleInfo, RuleKind, GATHER_RULE};
use crate::rules::digest;
use crate::run::value::Val;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::DeserializationResult;
use regorus::rvm::vm::VmError;
use regorus::rvm::{Program, RegoVM};
use regorus::Value;
use running::Running;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

/// One Rego source file of a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    pub path: String,
    pub source: String,
}

/// The built-in policy files.
pub fn builtin_files() -> Vec<PolicyFile> {
    builtin::POLICIES
        .iter()
        .map(|(path, source)| PolicyFile {
            path: path.to_string(),
            source: source.to_string(),
        })
        .collect()
}

/// The shared library partner rules may import (`policies/lib/`).
fn library_files() -> Vec<PolicyFile> {
    builtin_files()
        .into_iter()
        .filter(|f| f.path.starts_with("policies/lib/"))
        .collect()
}

/// The catalogue entries of `files`, in clause order.
pub fn read_catalogue(files: &[PolicyFile]) -> Result<Vec<RuleInfo>> {
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

/// The hash of a rule set's files, for its digest.
pub fn files_hash(files: &[PolicyFile]) -> digest::Hash {
    digest::files(files.iter().map(|f| (f.path.as_str(), f.source.as_str())))
}

/// The hash of the built-in files with `partner` files added.
pub fn files_hash_with_builtin(partner: &[PolicyFile]) -> digest::Hash {
    let mut all = builtin_files();
    all.extend(partner.iter().cloned());
    files_hash(&all)
}

/// A rule set run by regorus: the VM where its compiler accepts the Rego,
/// else the interpreter.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Every file loaded (for partner rule sets: the library and the
    /// partner's files).
    files: Arc<Vec<PolicyFile>>,
    /// The files that are the partner's own.
    partner: usize,
    /// The rules these files define (the gathering module names them).
    rules: Vec<RuleInfo>,
    /// The base document rules see: `data.conduct.config`.
    data: Value,
    /// Where each of the partner's rules is defined, by its package.
    origins: Arc<HashMap<String, Origin>>,
    interpreter: OnceCell<regorus::Engine>,
    /// `None`: run on the interpreter.
    vm: Option<Vm>,
}

impl Rules {
    /// The built-in rules (plus `partner` files) on the VM, from the
    /// bytecode build.rs compiled when there are no partner files, or on the
    /// interpreter.
    pub fn builtin(
        partner: Vec<PolicyFile>,
        rules: &[RuleInfo],
        config_json: &str,
        max_instructions: usize,
        vm: bool,
    ) -> Result<Rules> {
        let mut files = builtin_files();
        let count = partner.len();
        files.extend(partner);
        let data = config_data(config_json)?;
        let machine = match (vm, count) {
            (false, _) => None,
            (true, 0) => Some(Vm::load(builtin::PROGRAM, data.clone(), max_instructions)?),
            (true, _) => Some(Vm::compile(
                &mut engine_for(&files, rules, &data)?.0,
                rules,
                data.clone(),
                max_instructions,
            )?),
        };
        Ok(Rules {
            origins: origins(&files[files.len() - count..]),
            files: Arc::new(files),
            partner: count,
            rules: rules.to_vec(),
            data,
            interpreter: OnceCell::new(),
            vm: machine,
        })
    }

    /// Partner files with the shared library, for the `rules` they define.
    /// They must compile for the VM, so that the instruction budget bounds
    /// them.
    pub fn partner(
        partner: Vec<PolicyFile>,
        rules: &[RuleInfo],
        config_json: &str,
        max_instructions: usize,
    ) -> Result<Rules> {
        let mut files = library_files();
        let count = partner.len();
        files.extend(partner);
        let data = config_data(config_json)?;
        let (mut rego, packages) = engine_for(&files, rules, &data)?;
        // The contract was checked on each parsed module before; this is
        // regorus's own word on where the partner's modules went.
        for package in &packages[files.len() - count..] {
            if !package.starts_with(&format!("data.{}", partner::NAMESPACE)) {
                return Err(Error::policy(format!(
                    "a partner module loaded as `{package}`, outside the partner namespace"
                )));
            }
        }
        let vm = Vm::compile(&mut rego, rules, data.clone(), max_instructions).map_err(|e| {
            Error::policy(format!(
                "partner rules must compile for the VM, which bounds their run time: {}",
                e.message
            ))
        })?;
        Ok(Rules {
            origins: origins(&files[files.len() - count..]),
            files: Arc::new(files),
            partner: count,
            rules: rules.to_vec(),
            data,
            interpreter: OnceCell::from(rego),
            vm: Some(vm),
        })
    }

    /// A rule set made of `files` alone: the VM where it compiles, else the
    /// interpreter.
    pub fn compile(
        files: Vec<PolicyFile>,
        rules: &[RuleInfo],
        config_json: &str,
        max_instructions: usize,
    ) -> Result<Rules> {
        let data = config_data(config_json)?;
        let rego = engine_for(&files, rules, &data)?.0;
        // Fail here rather than on some later incident.
        prepared(&rego)?;
        let vm = Vm::compile(&mut rego.clone(), rules, data.clone(), max_instructions).ok();
        let count = files.len();
        Ok(Rules {
            origins: origins(&files),
            files: Arc::new(files),
            partner: count,
            rules: rules.to_vec(),
            data,
            interpreter: OnceCell::from(rego),
            vm,
        })
    }

    /// The same rules on the interpreter.
    pub fn on_interpreter(mut self) -> Rules {
        self.vm = None;
        self
    }

    pub fn backend(&self) -> Backend {
        match self.vm {
            Some(_) => Backend::Vm,
            None => Backend::Interpreter,
        }
    }

    /// Every file loaded.
    pub fn files(&self) -> Vec<PolicyFile> {
        (*self.files).clone()
    }

    /// The files that are the partner's own (the last ones loaded).
    pub fn partner_files(&self) -> Vec<PolicyFile> {
        self.files[self.files.len() - self.partner..].to_vec()
    }

    pub fn set_max_instructions(&mut self, n: usize) {
        if let Some(vm) = &self.vm {
            vm.machine.borrow_mut().set_max_instructions(n);
            vm.max_instructions.set(n);
        }
    }

    /// What each of `rules` produces for a valid `incident`, in order.
    pub fn run(&self, incident: &Val, rules: &[&RuleInfo]) -> Result<Vec<Option<Val>>> {
        let input = Value::from_json_str(&incident.to_json())
            .map_err(|e| Error::policy(format!("the incident cannot be read by regorus: {e}")))?;
        // A panic inside regorus becomes a typed error where panics unwind
        // (native builds); Wasm aborts, which is why partner rules and
        // evaluateRego refuse the builtins known to panic.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &self.vm {
            Some(vm) => vm.run(input, rules, &self.origins),
            None => {
                let mut rego = self.interpreter()?.clone();
                rego.set_input(input);
                let gathered = rego
                    .eval_rule(GATHER_RULE.to_string())
                    .map_err(|e| Error::policy(clean_error(&e.to_string())))?;
                Ok(rules
                    .iter()
                    .map(|r| gathered[r.id.as_str()].clone())
                    .collect())
            }
        }));
        let produced =
            run.map_err(|_| Error::policy("a policy crashed the Rego engine (a regorus panic)"))??;
        Ok(produced.iter().map(from_rego).collect())
    }

    /// The prepared interpreter, built on first use.
    fn interpreter(&self) -> Result<&regorus::Engine> {
        if self.interpreter.get().is_none() {
            let rego = engine_for(&self.files, &self.rules, &self.data)?.0;
            prepared(&rego)?;
            let _ = self.interpreter.set(rego);
        }
        Ok(self.interpreter.get().expect("set above"))
    }
}

/// Where a partner rule is defined: the file that holds its `findings` and
/// the line they start on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u32,
}

/// The origin of each rule `files` define, by the rule's package (the
/// first file that defines `findings` in a package is its origin).
fn origins(files: &[PolicyFile]) -> Arc<HashMap<String, Origin>> {
    let mut map = HashMap::new();
    for file in files {
        let package = file
            .source
            .lines()
            .find_map(|l| l.trim().strip_prefix("package "))
            .map(|p| p.split('#').next().unwrap_or_default().trim().to_string());
        let findings = file.source.lines().position(|l| {
            let l = l.trim_start();
            l.starts_with("findings ") || l.starts_with("findings[") || l.starts_with("findings:")
        });
        if let (Some(package), Some(at)) = (package, findings) {
            map.entry(package).or_insert(Origin {
                file: file.path.clone(),
                line: at as u32 + 1,
            });
        }
    }
    Arc::new(map)
}

/// `{"conduct": {"config": …}}`: the base document.
fn config_data(config_json: &str) -> Result<Value> {
    Value::from_json_str(&format!(r#"{{"conduct":{{"config":{config_json}}}}}"#))
        .map_err(|e| Error::policy(e.to_string()))
}

/// A regorus engine loaded with `files`, the gathering module for `rules`
/// and `data`; with the package each file went to (`data.conduct.lib`).
fn engine_for(
    files: &[PolicyFile],
    rules: &[RuleInfo],
    data: &Value,
) -> Result<(regorus::Engine, Vec<String>)> {
    let mut rego = regorus::Engine::new();
    let mut packages = Vec::with_capacity(files.len());
    for file in files {
        let _loading = running::during(Running::Loading { file: &file.path });
        packages.push(
            rego.add_policy(file.path.clone(), file.source.clone())
                .map_err(|e| module::rego_error(&file.path, &e.to_string()))?,
        );
    }
    rego.add_policy("<gather>".into(), gather_module(rules))
        .map_err(|e| Error::policy(format!("cannot gather the rules' findings: {e}")))?;
    rego.add_data(data.clone())
        .map_err(|e| Error::policy(e.to_string()))?;
    Ok((rego, packages))
}

/// Evaluates once, so that clones start prepared and a policy that cannot
/// evaluate fails on loading rather than on some later incident.
fn prepared(rego: &regorus::Engine) -> Result<()> {
    let mut rego = rego.clone();
    rego.set_input(Value::from_json_str(r#"{"schemaVersion":"1"}"#).expect("literal JSON"));
    rego.eval_rule(GATHER_RULE.to_string())
        .map(|_| ())
        .map_err(|e| Error::policy(clean_error(&e.to_string())))
}

/// The rule set compiled for the VM, with one machine reused across
/// evaluations (`RefCell`: an engine evaluates one incident at a time).
/// The program has one entry point per checkable rule, so that any subset
/// of the rules can run.
struct Vm {
    program: Arc<Program>,
    data: Value,
    machine: RefCell<RegoVM>,
    max_instructions: Cell<usize>,
    /// Entry point index by the Rego package of its rule.
    entries: HashMap<String, usize>,
}

impl Vm {
    fn compile(
        rego: &mut regorus::Engine,
        rules: &[RuleInfo],
        data: Value,
        max_instructions: usize,
    ) -> Result<Vm> {
        let gather: Arc<str> = GATHER_RULE.into();
        let policy = rego
            .compile_with_entrypoint(&gather)
            .map_err(|e| Error::policy(clean_error(&e.to_string())))?;
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
    fn run(
        &self,
        input: Value,
        rules: &[&RuleInfo],
        origins: &HashMap<String, Origin>,
    ) -> Result<Vec<Value>> {
        let mut vm = self.machine.borrow_mut();
        vm.set_input(input);
        let mut out = Vec::with_capacity(rules.len());
        for rule in rules {
            let Some(&entry) = self.entries.get(&rule.package) else {
                out.push(Value::Undefined);
                continue;
            };
            let origin = origins.get(&rule.package);
            let _running = running::during(Running::Rule {
                id: &rule.id,
                file: origin.map_or("", |o| o.file.as_str()),
                line: origin.map_or(0, |o| o.line),
            });
            let findings = vm
                .execute_entry_point_by_index(entry)
                .map_err(|e| {
                    let mut error = match e {
                        VmError::InstructionLimitExceeded { limit, .. } => Error::new(
                            ErrorCode::LimitExceeded,
                            format!(
                                "{} stopped after {limit} instructions (the evaluation budget, \
                                 limits.maxInstructions); a very large incident may need a higher one",
                                rule_named(rule, origin)
                            ),
                        ),
                        other => Error::policy(format!("{}: {other}", rule_named(rule, origin))),
                    };
                    error.location = origin.map(|o| SourceLocation {
                        file: o.file.clone(),
                        line: o.line,
                        column: 1,
                    });
                    error
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

/// "rule ACME1 (acme/soc.rego:17)": a rule as errors name it, with the file
/// and line where its findings start.
fn rule_named(rule: &RuleInfo, origin: Option<&Origin>) -> String {
    match origin {
        Some(o) => format!("rule {} ({}:{})", rule.id, o.file, o.line),
        None => format!("rule {}", rule.id),
    }
}

/// A regorus value as a rule value. Sets keep regorus's order, so that a
/// difference between its order and ours shows in a verdict instead of
/// being sorted away (and debug builds check the two agree).
pub(crate) fn from_rego(v: &Value) -> Option<Val> {
    use regorus::Value as R;
    Some(match v {
        R::Undefined => return None,
        R::Null => Val::Null,
        R::Bool(b) => Val::Bool(*b),
        R::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Val::Int(i),
            (None, Some(f)) => Val::float(f),
            _ => Val::Null,
        },
        R::String(s) => Val::str(s),
        R::Array(items) => Val::array(items.iter().filter_map(from_rego).collect()),
        R::Set(items) => {
            let items: Vec<Val> = items.iter().filter_map(from_rego).collect();
            debug_assert!(
                items
                    .windows(2)
                    .all(|w| crate::run::value::cmp(&w[0], &w[1]).is_lt()),
                "regorus orders this set differently: {items:?}"
            );
            Val::Set(items.into())
        }
        R::Object(map) => Val::object(
            map.iter()
                .filter_map(|(k, v)| Some((from_rego(k)?, from_rego(v)?)))
                .collect(),
        ),
    })
}

/// regorus errors start with a newline and `-->` location lines; keep the
/// parts a person needs, on one line.
pub(crate) fn clean_error(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
