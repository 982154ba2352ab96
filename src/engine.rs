//! The engine: a rule set (catalogue, configuration, messages, limits) and
//! what runs its rules, turning incidents into [`Verdict`]s.

use crate::error::{Error, ErrorCode, Problem, Result};
use crate::model::limits::Limits;
use crate::model::{incident, read};
use crate::options::{Backend, CallOptions, EngineOptions, RuleFilter};
use crate::render::json::VerdictWriter;
use crate::render::verdict::{Finding, RulesetInfo, Status, Verdict};
use crate::render::{self, Renderer};
use crate::rules::catalogue::{RuleInfo, RuleKind};
use crate::rules::config::Config;
use crate::rules::labels::Labels;
use crate::rules::messages::{Messages, BASE_LOCALE};
use crate::rules::{builtin, digest};
use crate::run::compiled;
use crate::run::value::Val;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Name of the built-in rule set.
pub const RULESET_NAME: &str = "seco-code-of-conduct";

/// How an engine runs and how much it has done: `engine.stats()`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// What runs the built-in rules.
    pub backend: Backend,
    /// Entries in the catalogue, guidance included.
    pub rules: usize,
    /// The checkable rules configuration leaves on: what an evaluation runs.
    pub evaluated_rules: Vec<String>,
    /// Instructions one partner rule may run on one incident (on the VM).
    pub instruction_budget: usize,
    /// Incidents judged, by full evaluations and session changes alike.
    pub evaluations: u64,
    /// Single rule runs over all evaluations: with sessions, fewer than
    /// `evaluations` × `evaluatedRules`.
    pub rule_runs: u64,
}

/// What runs an engine's rules.
#[derive(Debug, Clone)]
enum Runner {
    /// The compiled catalogue, with partner rules on the VM beside it.
    Compiled {
        #[cfg(feature = "rego")]
        partner: Option<crate::rego::Rules>,
    },
    /// Every rule on regorus (a rule set given as Rego files, or the
    /// built-in one run the reference way).
    #[cfg(feature = "rego")]
    Rego(crate::rego::Rules),
}

/// Evaluates incidents against a rule set.
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
    rules: Vec<RuleInfo>,
    /// For each of `rules`, its entry point in the compiled catalogue.
    compiled: Vec<Option<usize>>,
    /// Indices into `rules` of the rules an evaluation runs, in order.
    evaluated: Vec<usize>,
    messages: Messages,
    /// The built-in labels with those configuration adds.
    labels: Labels,
    config: Config,
    /// The configuration as the rules read it (`data.conduct.config`).
    config_json: Arc<str>,
    ruleset: RulesetInfo,
    limits: Limits,
    /// The locale of messages when a call names none.
    locale: String,
    /// Counts for [`Engine::stats`]: evaluations, rule runs.
    counts: Cell<(u64, u64)>,
    runner: Runner,
    /// What every verdict repeats, per locale (see [`Fixed`]).
    fixed: Vec<Fixed>,
}

/// The parts of a verdict that depend only on the rule set and the locale,
/// rendered once: each rule's title, and the whole finding of a rule that
/// found nothing to judge (most rules, on most incidents).
#[derive(Debug, Clone)]
pub(crate) struct Fixed {
    locale: String,
    /// By index into the engine's `rules`.
    titles: Vec<String>,
    /// By index into the engine's `rules`: the `not_applicable` finding as
    /// JSON.
    idle: Vec<String>,
}

impl Engine {
    /// The built-in rule set with the default configuration.
    pub fn new() -> Result<Engine> {
        Engine::with_config(Config::default())
    }

    /// The built-in rule set with `options` (configuration, locale, limits).
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
        #[cfg(feature = "rego")]
        match options.backend {
            Some(Backend::Vm) => engine = engine.on_vm(),
            Some(Backend::Interpreter) => engine = engine.on_interpreter(),
            _ => {}
        }
        Ok(engine)
    }

    /// The built-in rule set with `config`, on the compiled catalogue.
    pub fn with_config(config: Config) -> Result<Engine> {
        Engine::assemble(
            builtin::catalogue(),
            builtin::FILES_HASH,
            Messages::built_in()?,
            config,
            Runner::Compiled {
                #[cfg(feature = "rego")]
                partner: None,
            },
        )
    }

    // The one place every constructor's parts come together.
    fn assemble(
        mut rules: Vec<RuleInfo>,
        files_hash: digest::Hash,
        mut messages: Messages,
        config: Config,
        runner: Runner,
    ) -> Result<Engine> {
        apply_rule_settings(&config, &mut rules, false)?;
        check_message_keys(&config.messages, &rules, &messages, "/messages", |_| false)?;
        messages.extend(&config.messages);
        let locales: Vec<&str> = messages.locales().collect();
        let problems = crate::rules::labels::check(&config.labels, &locales, "/labels");
        if !problems.is_empty() {
            return Err(Error::from_problems(problems));
        }
        let labels = Labels::with_extra(&config.labels);
        let config_json: Arc<str> = config.to_json().into();
        let ruleset = RulesetInfo {
            name: RULESET_NAME.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            digest: digest::ruleset(&files_hash, &messages.hash(), &labels.hash(), &config_json),
        };
        let mut engine = Engine {
            rules,
            compiled: Vec::new(),
            evaluated: Vec::new(),
            messages,
            labels,
            config,
            config_json,
            ruleset,
            limits: Limits::default(),
            locale: BASE_LOCALE.to_string(),
            counts: Cell::new((0, 0)),
            runner,
            fixed: Vec::new(),
        };
        engine.index_rules();
        Ok(engine)
    }

    /// Recomputes which rules run and where each runs.
    fn index_rules(&mut self) {
        self.compiled = self
            .rules
            .iter()
            .map(|r| compiled::entry(&r.package))
            .collect();
        self.evaluated = (0..self.rules.len())
            .filter(|&i| self.rules[i].kind == RuleKind::Checkable && self.rules[i].enabled)
            .collect();
        self.fixed = self
            .messages
            .locales()
            .map(|locale| {
                let renderer = self.renderer(locale);
                let titles: Vec<String> = self
                    .rules
                    .iter()
                    .map(|r| self.messages.rule_text(locale, r, "title"))
                    .collect();
                let idle = self
                    .rules
                    .iter()
                    .zip(&titles)
                    .map(|(rule, title)| {
                        let mut w = VerdictWriter::new();
                        for draft in renderer.drafts(rule, None).expect("no findings, no errors") {
                            w.finding(&renderer, rule, title, &draft);
                        }
                        w.into_findings().0
                    })
                    .collect();
                Fixed {
                    locale: locale.to_string(),
                    titles,
                    idle,
                }
            })
            .collect();
    }

    /// The fixed texts of `locale` (one the engine speaks).
    fn fixed(&self, locale: &str) -> Option<&Fixed> {
        self.fixed.iter().find(|f| f.locale == locale)
    }

    /// Replaces the limits on input and evaluation.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
        #[cfg(feature = "rego")]
        match &mut self.runner {
            Runner::Compiled {
                partner: Some(rules),
            }
            | Runner::Rego(rules) => rules.set_max_instructions(limits.max_instructions),
            Runner::Compiled { partner: None } => {}
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// What runs the built-in rules.
    pub fn backend(&self) -> Backend {
        match &self.runner {
            Runner::Compiled { .. } => Backend::Compiled,
            #[cfg(feature = "rego")]
            Runner::Rego(rules) => rules.backend(),
        }
    }

    /// How this engine runs and how much it has done.
    pub fn stats(&self) -> Stats {
        let (evaluations, rule_runs) = self.counts.get();
        Stats {
            backend: self.backend(),
            rules: self.rules.len(),
            evaluated_rules: self.evaluated_rules().map(|r| r.id.clone()).collect(),
            instruction_budget: self.limits.max_instructions,
            evaluations,
            rule_runs,
        }
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
                title: self.messages.rule_text(locale, r, "title"),
                explanation: self.messages.rule_text(locale, r, "explanation"),
                ..r.clone()
            })
            .collect()
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

    /// Sets the locale of messages for calls that name none.
    pub fn set_locale(&mut self, locale: &str) -> Result<()> {
        self.check_locale(locale)?;
        self.locale = locale.to_string();
        Ok(())
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// Every label `locale` reads (English where it has none), by key: a
    /// human name for each field of the incident model by JSON Pointer
    /// pattern (`/actions/*/justification/legal/basis`), for each element a
    /// finding names (`element:legal`) and each status (`status:violation`),
    /// with those configuration adds. Forms title their fields from it; the
    /// `label` of each of a verdict's `missing` entries comes from it.
    ///
    /// ```
    /// let engine = conduct_engine::Engine::new().unwrap();
    /// let labels = engine.labels("en").unwrap();
    /// assert_eq!(labels["/actions/*/justification/legal/basis"], "legal basis");
    /// assert!(engine.labels("xx").is_err());
    /// ```
    pub fn labels(&self, locale: &str) -> Result<BTreeMap<String, String>> {
        self.check_locale(locale)?;
        Ok(self.labels.all(locale))
    }

    /// As [`Engine::labels`], in the locale `options` names, else the
    /// engine's.
    pub fn labels_with(&self, options: &CallOptions) -> Result<BTreeMap<String, String>> {
        self.labels(options.locale.as_deref().unwrap_or(&self.locale))
    }

    /// The locales this engine can speak.
    pub fn locales(&self) -> Vec<String> {
        self.messages.locales().map(str::to_string).collect()
    }

    pub(crate) fn check_locale(&self, locale: &str) -> Result<()> {
        if self.messages.has_locale(locale) {
            Ok(())
        } else {
            let shown: String = locale.chars().take(40).collect();
            let cut = if shown.len() < locale.len() {
                "…"
            } else {
                ""
            };
            Err(Error::at(
                ErrorCode::InvalidConfig,
                "/locale",
                format!(
                    "no messages in locale \"{shown}{cut}\"; available: {}",
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
        let incident = read::incident(json, &self.limits)?;
        self.judge(&incident, &self.locale)
    }

    /// As [`Engine::evaluate_json`], with messages in `locale`.
    pub fn evaluate_json_in(&self, json: &str, locale: &str) -> Result<Verdict> {
        self.check_locale(locale)?;
        let incident = read::incident(json, &self.limits)?;
        self.judge(&incident, locale)
    }

    /// As [`Engine::evaluate_json`], with per-call options.
    pub fn evaluate_json_with(&self, json: &str, options: &CallOptions) -> Result<Verdict> {
        match &options.locale {
            Some(locale) => self.evaluate_json_in(json, locale),
            None => self.evaluate_json(json),
        }
    }

    /// The verdict on an incident as JSON text, straight from the findings
    /// (the same bytes as `evaluate_json_with(…)?.to_json()`, faster: no
    /// `Finding` is built). What the JavaScript face calls.
    pub fn evaluate_to_json(&self, json: &str, options: &CallOptions) -> Result<String> {
        let locale = match &options.locale {
            Some(l) => {
                self.check_locale(l)?;
                l.as_str()
            }
            None => self.locale.as_str(),
        };
        let incident = read::incident(json, &self.limits)?;
        let produced = self.run_rules(&incident, &self.evaluated)?;
        let renderer = self.renderer(locale);
        let mut writer = VerdictWriter::with_capacity(8192);
        for (&i, produced) in self.evaluated.iter().zip(&produced) {
            self.write_findings(&mut writer, &renderer, i, produced.as_ref())?;
        }
        let id = incident.get(compiled::f::ID).and_then(Val::as_str);
        Ok(writer.finish(id, &self.ruleset))
    }

    /// Writes the findings of catalogue rule `i` from what it produced, in
    /// the renderer's locale (one the engine speaks).
    pub(crate) fn write_findings(
        &self,
        writer: &mut VerdictWriter,
        renderer: &Renderer,
        i: usize,
        produced: Option<&Val>,
    ) -> Result<()> {
        let fixed = self
            .fixed(renderer.locale())
            .expect("renderers speak the engine's locales");
        match produced {
            None => writer.written(&fixed.idle[i], Status::NotApplicable),
            Some(Val::Set(items)) if items.is_empty() => {
                writer.written(&fixed.idle[i], Status::NotApplicable)
            }
            Some(produced) => {
                let rule = &self.rules[i];
                for draft in renderer.drafts(rule, Some(produced))? {
                    writer.finding(renderer, rule, &fixed.titles[i], &draft);
                }
            }
        }
        Ok(())
    }

    /// A verdict's JSON text around findings already written (see
    /// [`VerdictWriter::into_findings`]), for the incident with `id`.
    pub(crate) fn verdict_json<'a>(
        &self,
        id: Option<&str>,
        written: impl IntoIterator<Item = &'a (String, Status)>,
    ) -> String {
        let written = written.into_iter();
        let mut writer = VerdictWriter::with_capacity(8192);
        for (json, status) in written {
            writer.written(json, *status);
        }
        writer.finish(id, &self.ruleset)
    }

    /// Validates and evaluates an incident given as a JSON value.
    pub fn evaluate(&self, incident: &serde_json::Value) -> Result<Verdict> {
        self.limits.check_value(incident)?;
        incident::validate(incident)?;
        self.judge(&read::incident_value(incident), &self.locale)
    }

    /// Every problem that keeps `json` from being a valid incident; empty
    /// when it is one.
    pub fn validate_json(&self, json: &str) -> Vec<Problem> {
        match read::json(json, &self.limits) {
            Ok(incident) => incident::problems(&incident),
            Err(e) => vec![Problem {
                code: e.code,
                path: e.path.unwrap_or_default(),
                message: e.message,
            }],
        }
    }

    /// Judges a valid incident.
    fn judge(&self, incident: &Val, locale: &str) -> Result<Verdict> {
        let produced = self.run_rules(incident, &self.evaluated)?;
        let renderer = self.renderer(locale);
        let mut findings = Vec::new();
        for (&i, produced) in self.evaluated.iter().zip(&produced) {
            findings.extend(renderer.rule(&self.rules[i], produced.as_ref())?);
        }
        Ok(self.verdict_of(incident, findings))
    }

    /// The steps of an evaluation, one by one, for benchmarks: what the rules
    /// produce for a valid incident already read.
    #[doc(hidden)]
    pub fn bench_run_rules(&self, incident: &Val) -> Result<Vec<Option<Val>>> {
        self.run_rules(incident, &self.evaluated)
    }

    /// The findings of what [`Engine::bench_run_rules`] produced.
    #[doc(hidden)]
    pub fn bench_render(&self, incident: &Val, produced: &[Option<Val>]) -> Result<Verdict> {
        let renderer = self.renderer(&self.locale);
        let mut findings = Vec::new();
        for (&i, produced) in self.evaluated.iter().zip(produced) {
            findings.extend(renderer.rule(&self.rules[i], produced.as_ref())?);
        }
        Ok(self.verdict_of(incident, findings))
    }

    /// The rules an evaluation runs: the checkable ones configuration leaves
    /// on, in catalogue order.
    pub(crate) fn evaluated_rules(&self) -> impl Iterator<Item = &RuleInfo> + '_ {
        self.evaluated.iter().map(|&i| &self.rules[i])
    }

    /// Indices (into the catalogue) of the rules an evaluation runs.
    pub(crate) fn evaluated(&self) -> &[usize] {
        &self.evaluated
    }

    pub(crate) fn rule_at(&self, i: usize) -> &RuleInfo {
        &self.rules[i]
    }

    pub(crate) fn renderer(&self, locale: &str) -> Renderer<'_> {
        Renderer::new(&self.messages, &self.labels, locale.to_string())
    }

    /// What each of the catalogue's rules `which` produces for a valid
    /// incident, in order (`None`: nothing).
    pub(crate) fn run_rules(&self, incident: &Val, which: &[usize]) -> Result<Vec<Option<Val>>> {
        let (evaluations, runs) = self.counts.get();
        self.counts
            .set((evaluations + 1, runs + which.len() as u64));
        match &self.runner {
            Runner::Compiled { .. } => {
                let entries: Vec<Option<usize>> = which.iter().map(|&i| self.compiled[i]).collect();
                let config = config_value(&self.config_json);
                #[allow(unused_mut)]
                let mut out = compiled::run(incident, &config, &entries)
                    .map_err(|f| Error::policy(f.message.to_string()))?;
                #[cfg(feature = "rego")]
                if let Runner::Compiled {
                    partner: Some(partner),
                } = &self.runner
                {
                    let mine: Vec<usize> =
                        (0..which.len()).filter(|&k| entries[k].is_none()).collect();
                    if !mine.is_empty() {
                        let rules: Vec<&RuleInfo> =
                            mine.iter().map(|&k| &self.rules[which[k]]).collect();
                        for (k, v) in mine.into_iter().zip(partner.run(incident, &rules)?) {
                            out[k] = v;
                        }
                    }
                }
                Ok(out)
            }
            #[cfg(feature = "rego")]
            Runner::Rego(rules) => {
                let which: Vec<&RuleInfo> = which.iter().map(|&i| &self.rules[i]).collect();
                rules.run(incident, &which)
            }
        }
    }

    /// The verdict on `incident` made of `findings`.
    pub(crate) fn verdict_of(&self, incident: &Val, findings: Vec<Finding>) -> Verdict {
        let id = incident
            .get(compiled::f::ID)
            .and_then(Val::as_str)
            .map(str::to_string);
        render::verdict(self.ruleset.clone(), id, findings)
    }
}

#[cfg(feature = "rego")]
impl Engine {
    /// A rule set made of `files`: helper modules and rule modules, each rule
    /// module with a METADATA block (see [`crate::rules::catalogue`]). Run
    /// on regorus's VM where its compiler accepts the Rego, else on its
    /// interpreter.
    pub fn from_policies(
        files: Vec<crate::rego::PolicyFile>,
        messages: Messages,
        config: Config,
    ) -> Result<Engine> {
        let rules = crate::rego::read_catalogue(&files)?;
        let hash = crate::rego::files_hash(&files);
        let runner = crate::rego::Rules::compile(
            files,
            &rules,
            &config.to_json(),
            Limits::default().max_instructions,
        )?;
        Engine::assemble(rules, hash, messages, config, Runner::Rego(runner))
    }

    /// This engine's rules on regorus's interpreter: the reference the
    /// compiled and VM answers are checked against.
    pub fn on_interpreter(self) -> Engine {
        self.on_rego(false)
    }

    /// This engine's rules on regorus's VM, from the bytecode build.rs
    /// compiled (partner rules included).
    pub fn on_vm(self) -> Engine {
        self.on_rego(true)
    }

    fn on_rego(mut self, vm: bool) -> Engine {
        let partner_files = match &self.runner {
            Runner::Compiled { partner } => partner.as_ref().map(|p| p.partner_files()),
            Runner::Rego(rules) => {
                self.runner = Runner::Rego(if vm {
                    rules.clone()
                } else {
                    rules.clone().on_interpreter()
                });
                return self;
            }
        };
        let rules = crate::rego::Rules::builtin(
            partner_files.unwrap_or_default(),
            &self.rules,
            &self.config_json,
            self.limits.max_instructions,
            vm,
        )
        .expect("the built-in rules load on regorus as they did at build time");
        self.runner = Runner::Rego(rules);
        self
    }

    /// Adds partners' rules (see [`crate::rego::partner`] for the contract
    /// and the sandbox) and returns the ids of the rules added. The bundle
    /// must compile for the VM, so that the instruction budget bounds it.
    /// On any error the engine is left as it was.
    pub fn add_policies(
        &mut self,
        bundle: crate::rego::partner::PolicyBundle,
    ) -> Result<Vec<String>> {
        let checked = bundle.checked_files()?;
        let mut new_rules = Vec::new();
        for file in &checked {
            match &file.rule {
                Some(rule) => new_rules.push(rule.clone()),
                None if file.defines_findings => {
                    return Err(Error::policy(format!(
                        "{}: defines `findings` but has no METADATA block naming its rule (id, title, section, severity, inputs)",
                        file.file.path
                    )))
                }
                None => {}
            }
        }
        let added: Vec<crate::rego::PolicyFile> = checked.into_iter().map(|c| c.file).collect();
        for rule in &new_rules {
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(Error::policy(format!(
                    "rule id {} is already in the catalogue: partner rules need ids of their own",
                    rule.id
                )));
            }
        }
        let mut rules = self.rules.clone();
        rules.extend(new_rules.iter().cloned());
        rules.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        apply_rule_settings(&self.config, &mut rules, true)?;
        let mut messages = self.messages.clone();
        check_message_keys(&bundle.messages, &rules, &messages, "/messages", |key| {
            new_rules
                .iter()
                .any(|r| key.starts_with(&format!("{}.", r.id)))
        })?;
        messages.extend(&bundle.messages);

        let runner = match &self.runner {
            Runner::Compiled { partner } => {
                let mut files = partner
                    .as_ref()
                    .map(|p| p.partner_files())
                    .unwrap_or_default();
                check_paths(&files, &added)?;
                files.extend(added);
                let partner_rules: Vec<RuleInfo> = rules
                    .iter()
                    .filter(|r| compiled::entry(&r.package).is_none())
                    .cloned()
                    .collect();
                let mut p = crate::rego::Rules::partner(
                    files,
                    &partner_rules,
                    &self.config_json,
                    self.limits.max_instructions,
                )?;
                p.set_max_instructions(self.limits.max_instructions);
                Runner::Compiled { partner: Some(p) }
            }
            Runner::Rego(r) => {
                let mut files = r.files();
                check_paths(&files, &added)?;
                files.extend(added);
                let mut all = crate::rego::Rules::compile(
                    files,
                    &rules,
                    &self.config_json,
                    self.limits.max_instructions,
                )?;
                if r.backend() == Backend::Interpreter {
                    all = all.on_interpreter();
                }
                Runner::Rego(all)
            }
        };
        let ids = new_rules.iter().map(|r| r.id.clone()).collect();
        let files_hash = match &runner {
            Runner::Compiled { partner: Some(p) } => {
                crate::rego::files_hash_with_builtin(&p.partner_files())
            }
            Runner::Rego(r) => crate::rego::files_hash(&r.files()),
            Runner::Compiled { partner: None } => builtin::FILES_HASH,
        };
        self.ruleset.digest = digest::ruleset(
            &files_hash,
            &messages.hash(),
            &self.labels.hash(),
            &self.config_json,
        );
        self.runner = runner;
        self.rules = rules;
        self.messages = messages;
        self.index_rules();
        Ok(ids)
    }
}

#[cfg(feature = "rego")]
fn check_paths(files: &[crate::rego::PolicyFile], added: &[crate::rego::PolicyFile]) -> Result<()> {
    for file in added {
        if files.iter().any(|f| f.path == file.path)
            || crate::rego::builtin_files()
                .iter()
                .any(|f| f.path == file.path)
        {
            return Err(Error::policy(format!(
                "{}: a policy with this path is already loaded",
                file.path
            )));
        }
    }
    Ok(())
}

thread_local! {
    /// The configurations rules read, as values, by their JSON: values share
    /// memory within a thread only, so each thread keeps its own copies.
    static CONFIG_VALUES: RefCell<Vec<(Arc<str>, Val)>> = const { RefCell::new(Vec::new()) };
}

/// `data.conduct.config` for `config_json`, built once per thread.
fn config_value(config_json: &Arc<str>) -> Val {
    CONFIG_VALUES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, v)) = cache
            .iter()
            .find(|(json, _)| Arc::ptr_eq(json, config_json) || **json == **config_json)
        {
            return v.clone();
        }
        let json: serde_json::Value =
            serde_json::from_str(config_json).expect("the configuration writes valid JSON");
        let v = read::value(&json);
        // A few engines with different configurations per thread at most.
        if cache.len() >= 8 {
            cache.remove(0);
        }
        cache.push((config_json.clone(), v.clone()));
        v
    })
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
                path: crate::model::pointer::child("/rules", id),
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
    use crate::model::pointer;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashes_build_rs_made_are_those_of_the_embedded_messages() {
        let messages = Messages::built_in().unwrap();
        assert_eq!(messages.hash(), digest::text(&messages.canonical()));
    }

    #[test]
    fn the_digest_follows_every_part() {
        let base = Engine::new().unwrap().ruleset().digest.clone();
        let stricter = Config::with_overrides(r#"{"minExplanationLength": 40}"#).unwrap();
        let worded =
            Config::with_overrides(r#"{"messages": {"en": {"B12.compliant": "Fine."}}}"#).unwrap();
        let labelled = Config::with_overrides(
            r#"{"labels": {"nl": {"/actions/*/justification/legal/basis": "wetsartikel"}}}"#,
        )
        .unwrap();
        let digests = [
            base.clone(),
            Engine::with_config(labelled)
                .unwrap()
                .ruleset()
                .digest
                .clone(),
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
        ];
        let distinct: std::collections::BTreeSet<_> = digests.iter().collect();
        assert_eq!(distinct.len(), digests.len(), "{digests:?}");
        assert_eq!(Engine::new().unwrap().ruleset().digest, base);
    }

    #[cfg(feature = "rego")]
    #[test]
    fn a_partner_bundle_changes_the_digest() {
        let base = Engine::new().unwrap().ruleset().digest.clone();
        let mut partner = Engine::new().unwrap();
        partner
            .add_policies(crate::rego::partner::PolicyBundle::single(
                "acme/x.rego",
                "package conduct.partner.helpers\n\nx := 1\n",
            ))
            .unwrap();
        assert_ne!(partner.ruleset().digest, base);
    }
}
