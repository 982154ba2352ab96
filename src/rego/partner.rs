//! Partners' own rules: the contract they must keep and the sandbox they run
//! in.
//!
//! The contract:
//! - every module's package lies under `conduct.partner.` (so no partner can
//!   replace or extend a built-in package);
//! - a rule module has a METADATA block like the built-in rules (see
//!   [`crate::rules::catalogue`]) whose `id` clashes with no other rule;
//! - a rule's `findings` has the built-in shape (`subject`, `status`, `key`,
//!   `params`, `missing`), checked when it first produces findings;
//! - messages for its keys come with the bundle (`messages`), by locale.
//!
//! The sandbox: no network, no clock, no randomness (unless the bundle opts
//! in to randomness); every partner rule runs on the VM under the engine's
//! instruction budget, so a runaway rule stops with `limit_exceeded`.

use crate::error::{Error, ErrorCode, Result, SourceLocation};
use crate::rego::module::{At, Reference};
use crate::rego::PolicyFile;
use crate::rules::catalogue::RuleInfo;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The package prefix partner modules must use.
pub const NAMESPACE: &str = "conduct.partner.";

/// What `addPolicies` takes: `{"files": [{"path", "source"}], "messages":
/// {"en": {key: text}}, "allowRandomness": false}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PolicyBundle {
    pub files: Vec<BundleFile>,
    #[serde(default)]
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub allow_randomness: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleFile {
    pub path: String,
    pub source: String,
}

impl PolicyBundle {
    pub fn from_json(json: &str) -> Result<PolicyBundle> {
        // JSON of another shape is a wrong argument; text that is not JSON
        // at all is not JSON.
        serde_json::from_str(json).map_err(|e| {
            let code = match e.classify() {
                serde_json::error::Category::Data => ErrorCode::InvalidArgument,
                _ => ErrorCode::InvalidJson,
            };
            Error::at(
                code,
                "",
                format!(
                    "not a policy bundle ({{ files: [{{ path, source }}], messages?, allowRandomness? }}): {e}"
                ),
            )
        })
    }

    /// One file.
    pub fn single(path: &str, source: &str) -> PolicyBundle {
        PolicyBundle {
            files: vec![BundleFile {
                path: path.to_string(),
                source: source.to_string(),
            }],
            ..PolicyBundle::default()
        }
    }

    /// Checks every file against the contract and the sandbox, on the
    /// parsed module (see [`check_file`]).
    pub(crate) fn checked_files(&self) -> Result<Vec<CheckedFile>> {
        if self.files.is_empty() {
            return Err(Error::policy("the bundle has no files"));
        }
        self.files
            .iter()
            .map(|f| {
                // Parsing for the check is loading too: a trap names the file.
                let _loading =
                    super::running::during(super::running::Running::Loading { file: &f.path });
                check_file(f, self.allow_randomness)
            })
            .collect()
    }
}

/// A partner file that keeps the contract, with what was read from it.
#[derive(Debug, Clone)]
pub(crate) struct CheckedFile {
    pub file: PolicyFile,
    /// Its catalogue entry when it has a METADATA block naming a rule; its
    /// `package` is the parsed module's.
    pub rule: Option<RuleInfo>,
    /// Whether the module defines a `findings` rule.
    pub defines_findings: bool,
}

/// Builtins a partner rule may not call or name: they would make verdicts
/// depend on the network, the clock or chance. Most are not even built in;
/// naming them here gives a clear error either way.
const FORBIDDEN: &[(&str, &str)] = &[
    ("http.send", "network access"),
    ("net.lookup_ip_addr", "network access"),
    ("time.now_ns", "the wall clock"),
    ("opa.runtime", "the runtime environment"),
    ("uuid.rfc4122", "randomness"),
];

/// Builtins refused in every Rego we run (partner rules and `evaluateRego`),
/// with the reason: they can take the Wasm instance down or hold it longer
/// than any limit can see, whatever the rule's intent.
pub(crate) const UNSAFE: &[(&str, &str)] = &[
    // regorus 0.14.1 panics on an empty needle ("window size must be
    // non-zero"), which would abort the instance.
    (
        "strings.count",
        "regorus 0.14.1 can panic in it, which would abort the WebAssembly instance",
    ),
    // One instruction that applies every pattern to the whole string: a
    // thousand patterns over a 2 MB string ran 22 s in the sandbox, past
    // the instruction budget, which counts it once. `replace` does one
    // pattern per call, so the budget sees each.
    (
        "strings.replace_n",
        "one call does unbounded work the instruction budget cannot see; use `replace` once per pattern",
    ),
];

/// The parts of the built-in rule set a partner rule may read: the shared
/// library (`policies/lib/conduct.rego`, documented for partners), the
/// configuration it reads, and the partner namespace itself.
const OPEN: &[&[&str]] = &[
    &["conduct", "lib"],
    &["conduct", "config"],
    &["conduct", "partner"],
];

/// Namespaces of OPA builtins this build leaves out: a partner rule may not
/// shadow them either, so that the same file means the same in OPA.
const OPA_NAMESPACES: &[&str] = &[
    "base64",
    "base64url",
    "crypto",
    "glob",
    "graph",
    "graphql",
    "hex",
    "http",
    "io",
    "json",
    "jwt",
    "net",
    "opa",
    "providers",
    "rand",
    "regex",
    "rego",
    "semver",
    "strings",
    "time",
    "units",
    "urlquery",
    "uuid",
    "yaml",
    "print",
    "trace",
    "walk",
];

/// Whether a rule or import named `name` would shadow a builtin (`count`),
/// a builtin namespace (`strings`, which would capture `strings.count(…)`),
/// or a root document.
fn shadows(name: &str) -> bool {
    name == "data"
        || name == "input"
        || OPA_NAMESPACES.contains(&name)
        || regorus::unstable::BUILTINS
            .keys()
            .any(|b| b.split('.').next() == Some(name))
}

/// Whether `id` can be a partner rule id: it names the rule in verdicts,
/// message keys (`ID.key`) and the module that gathers the rules' findings.
fn plain_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn plain_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The longest path of a partner file, in bytes: it names the file in
/// messages and locations.
pub const MAX_PATH_BYTES: usize = 1024;
/// The largest partner source file, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;
/// The deepest nesting of brackets in a partner source: far beyond what a
/// rule needs, and well within what the parser's recursion survives.
pub const MAX_SOURCE_DEPTH: usize = 64;
/// The longest chain of operators, reference steps and brackets along one
/// path through an expression (`1 + 1 + …`, `input.a.b.…`, `- - 1`). regorus
/// builds such chains without its nesting limit and then walks them
/// recursively; 300 steps overflow a 2 MiB stack in a debug build. The
/// built-in policies and their tests need at most 28.
pub const MAX_SOURCE_CHAIN: usize = 128;

/// Refuses a source too large, nested too deeply or with an expression
/// chained too long for regorus to read it safely, before anything parses
/// it. This is a count over tokens, not a reading of the Rego: what the
/// source means is checked on the parsed module ([`check_file`]).
pub fn check_source(path: &str, source: &str) -> Result<()> {
    check_source_within(path, source, MAX_SOURCE_CHAIN)
}

fn check_source_within(path: &str, source: &str, max_chain: usize) -> Result<()> {
    let too = |line: u32, column: u32, message: String| {
        let mut e = Error::new(
            ErrorCode::LimitExceeded,
            format!("{path}:{line}:{column}: {message}"),
        );
        e.location = Some(SourceLocation {
            file: path.to_string(),
            line,
            column,
        });
        e
    };
    if source.len() > MAX_SOURCE_BYTES {
        return Err(too(
            1,
            1,
            format!(
                "the file is {} bytes; partner sources may have at most {MAX_SOURCE_BYTES}",
                source.len()
            ),
        ));
    }
    let is_op = |c: char| "+-*/%&|<>=!".contains(c);
    let (mut line, mut column) = (1u32, 0u32);
    let mut chars = source.chars();
    let mut in_string: Option<char> = None;
    // The chain length where each open bracket opened, and the current one.
    let mut opened: Vec<usize> = Vec::new();
    let mut chain = 0usize;
    let (mut last, mut previous) = (' ', ' ');
    let mut after_newline = false;
    while let Some(c) = chars.next() {
        column += 1;
        let before = std::mem::replace(&mut previous, c);
        match (in_string, c) {
            (_, '\n') => {
                line += 1;
                column = 0;
                if in_string == Some('"') {
                    in_string = None; // a broken string: the parser reports it
                }
                if in_string.is_none() {
                    after_newline = true;
                }
                continue;
            }
            (Some('"'), '\\') => {
                chars.next();
                column += 1;
                previous = ' ';
                continue;
            }
            (Some(q), c) if c == q => {
                in_string = None;
                continue;
            }
            (Some(_), _) => continue,
            (None, '#') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        column = 0;
                        after_newline = true;
                        break;
                    }
                }
                previous = ' ';
                continue;
            }
            (None, c) if c.is_whitespace() => continue,
            _ => {}
        }
        // A new line starts a new expression unless an operator joins it
        // to the one before.
        if std::mem::take(&mut after_newline) && !is_op(c) && !is_op(last) {
            chain = opened.last().copied().unwrap_or(0);
        }
        last = c;
        match c {
            '"' | '`' => in_string = Some(c),
            '(' | '[' | '{' => {
                opened.push(chain);
                chain += 1;
                if opened.len() > MAX_SOURCE_DEPTH {
                    return Err(too(
                        line,
                        column,
                        format!("nested more than {MAX_SOURCE_DEPTH} brackets deep"),
                    ));
                }
            }
            ')' | ']' | '}' => chain = opened.pop().map_or(0, |n| n + 1),
            ',' | ';' => chain = opened.last().copied().unwrap_or(0),
            '.' => chain += 1,
            c if is_op(c) && !is_op(before) => chain += 1,
            _ => {}
        }
        if chain > max_chain {
            return Err(too(
                line,
                column,
                format!(
                    "an expression chains more than {max_chain} operators, reference steps and brackets"
                ),
            ));
        }
    }
    super::load_cost::check(path, source)
}

/// Checks one file on its parsed module (regorus's parser, as the engine
/// will load it):
///
/// - its package is `conduct.partner.<name>…`, plain names only, so that it
///   defines rules in the partner namespace alone and cannot define or
///   extend a built-in package;
/// - it imports and references nothing of `data` but the shared library
///   (`data.conduct.lib`), the configuration (`data.conduct.config`) and the
///   partner namespace, with every step up to there known when the module
///   is read (`data.conduct[x]` could be anything);
/// - no rule and no import alias shadows a builtin, a builtin namespace,
///   `data` or `input`;
/// - it calls and names no refused builtin (see [`FORBIDDEN`]), also not as
///   the replacement in a `with`;
/// - a METADATA block names a rule with a plain id.
fn check_file(file: &BundleFile, allow_randomness: bool) -> Result<CheckedFile> {
    if file.path.len() > MAX_PATH_BYTES || file.path.chars().any(char::is_control) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "a partner file's path is a name for messages: at most {MAX_PATH_BYTES} bytes, no control characters (`{}`)",
                crate::error::clip(&file.path.escape_debug().to_string(), 80)
            ),
        ));
    }
    check_source(&file.path, &file.source)?;
    let module = super::module::parse(&file.path, &file.source, false)?;
    let reading = super::module::read(&module);
    let refuse = |at: At, message: String| located(file, at.line, at.column, message);

    let names: Option<Vec<&str>> = reading.package.iter().map(|p| p.as_deref()).collect();
    let package = match names {
        Some(names) if names.iter().all(|n| plain_name(n)) => names.join("."),
        _ => {
            return Err(refuse(
                reading.package_at,
                "the package path must be plain names (`package conduct.partner.acme`)".into(),
            ))
        }
    };
    if !package.starts_with(NAMESPACE) {
        return Err(refuse(
            reading.package_at,
            format!(
                "package `{package}` is outside `{NAMESPACE}*`, the namespace of partner rules"
            ),
        ));
    }

    for (import, name) in &reading.imports {
        match import.root.as_str() {
            "future" | "rego" => continue,
            "data" => check_data(import).map_err(|m| refuse(import.at, m))?,
            "input" => {}
            other => {
                return Err(refuse(
                    import.at,
                    format!("`import {other}…` imports neither `data` nor `input`"),
                ))
            }
        }
        if shadows(name) {
            return Err(refuse(
                import.at,
                format!(
                    "the import alias `{name}` would shadow a builtin or root document of that name"
                ),
            ));
        }
    }

    let mut defines_findings = false;
    for (name, at) in &reading.rules {
        if shadows(name) {
            return Err(refuse(
                *at,
                format!("the rule `{name}` would shadow a builtin or root document of that name"),
            ));
        }
        defines_findings |= name == "findings";
    }

    let mut refused: Vec<(At, String)> = Vec::new();
    for r in reading.references.iter().filter(|r| r.root == "data") {
        if let Err(m) = check_data(r) {
            refused.push((r.at, m));
        }
    }
    let mut forbidden: Vec<(&str, &str)> = FORBIDDEN.iter().chain(UNSAFE).copied().collect();
    if !allow_randomness {
        forbidden.push(("rand.intn", "randomness (allow it with allowRandomness)"));
    }
    let names: Vec<&str> = forbidden.iter().map(|(b, _)| *b).collect();
    if let Some((builtin, at)) = super::module::first_mention(&reading.references, &names) {
        let what = forbidden
            .iter()
            .find(|(b, _)| *b == builtin)
            .map_or("", |(_, w)| w);
        let why = if UNSAFE.iter().any(|(b, _)| *b == builtin) {
            what.to_string()
        } else {
            format!("verdicts may not depend on {what}")
        };
        refused.push((
            at,
            format!("`{builtin}` is not allowed in partner rules: {why}"),
        ));
    }
    if let Some((at, message)) = refused.into_iter().min_by_key(|(at, _)| *at) {
        return Err(refuse(at, message));
    }

    let mut rule = crate::rules::catalogue::read_rule(&file.path, &file.source)?;
    if let Some(rule) = &mut rule {
        if !plain_id(&rule.id) {
            return Err(located(
                file,
                1,
                1,
                format!(
                    "the rule id `{}` must be a letter followed by letters, digits, `_` or `-` (at most 64)",
                    crate::error::clip(&rule.id, 80)
                ),
            ));
        }
        rule.package = package;
    }
    Ok(CheckedFile {
        file: PolicyFile {
            path: file.path.clone(),
            source: file.source.clone(),
        },
        rule,
        defines_findings,
    })
}

/// Whether a reference rooted at `data` stays within what partner rules
/// may read ([`OPEN`]); the reason if not.
fn check_data(r: &Reference) -> std::result::Result<(), String> {
    let path = r.static_path();
    if OPEN.iter().any(|open| path.starts_with(open)) {
        return Ok(());
    }
    let shown = if r.computed() {
        format!("{}[…]", r.dotted())
    } else {
        r.dotted()
    };
    Err(format!(
        "`{}` is not open to partner rules: they may read `data.conduct.lib` (the shared library), \
         `data.conduct.config` and `data.conduct.partner.…`, each spelled out up to there",
        crate::error::clip(&shown, 120)
    ))
}

fn located(file: &BundleFile, line: u32, column: u32, message: String) -> Error {
    let mut e = Error::policy(format!("{}:{line}:{column}: {message}", file.path));
    e.location = Some(SourceLocation {
        file: file.path.clone(),
        line,
        column,
    });
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_and_sandbox_are_enforced() {
        let outside =
            PolicyBundle::single("a.rego", "package conduct.rules.b12\nfindings := set()");
        let e = outside.checked_files().unwrap_err();
        assert!(e.message.contains("outside"), "{}", e.message);
        assert_eq!(e.location.unwrap().line, 1);
        let net = PolicyBundle::single("a.rego", "package conduct.partner.x\n\nr := http.send({})");
        assert_eq!(net.checked_files().unwrap_err().location.unwrap().line, 3);
        let dice = PolicyBundle::single(
            "a.rego",
            "package conduct.partner.x\nr := rand.intn(\"k\", 6)",
        );
        assert!(dice.checked_files().is_err());
        let allowed = PolicyBundle {
            allow_randomness: true,
            ..dice
        };
        assert!(allowed.checked_files().is_ok());
        let comment = PolicyBundle::single(
            "a.rego",
            "package conduct.partner.x\n# never call http.send here\nr := 1",
        );
        assert!(comment.checked_files().is_ok());
    }

    #[test]
    fn the_source_limits_leave_room_for_real_rules_and_stop_long_chains() {
        // The least chain limit every built-in policy (tests included) keeps.
        let files = crate::rego::builtin_files();
        let needed = (1..=MAX_SOURCE_CHAIN)
            .find(|&n| {
                files
                    .iter()
                    .all(|f| check_source_within(&f.path, &f.source, n).is_ok())
            })
            .expect("the built-in policies keep the limit");
        assert!(
            needed * 4 <= MAX_SOURCE_CHAIN,
            "the heaviest built-in rule needs {needed}"
        );
        let long = [
            (
                "a sum",
                format!("package x\nr := 1{}\n", " + 1".repeat(129)),
            ),
            (
                "a sum over lines",
                format!("package x\nr := 1{}\n", "\n + 1".repeat(129)),
            ),
            (
                "a reference",
                format!("package x\nr := input{}\n", ".a".repeat(129)),
            ),
            (
                "brackets in a row",
                format!("package x\nr := input{}\n", "[0]".repeat(129)),
            ),
            (
                "negations",
                format!("package x\nr := {}1\n", "- ".repeat(129)),
            ),
            (
                "nested sums",
                format!(
                    "package x\nr := {}1{}\n",
                    "(1 + 1 + 1 + ".repeat(40),
                    ")".repeat(40)
                ),
            ),
        ];
        for (name, source) in &long {
            let e = check_source("x.rego", source).expect_err(name);
            assert_eq!(e.code, ErrorCode::LimitExceeded, "{name}");
            assert_eq!(
                e.location.unwrap().line,
                if name.contains("lines") { 130 } else { 2 },
                "{name}"
            );
        }
        // Many short expressions, in a body and at the top, are fine (a
        // body of 100: longer ones meet the load-cost bound, `load_cost`).
        let body = format!(
            "package x\nr if {{\n{}}}\n",
            "\tinput.a.b.c == 1 + 2\n".repeat(100)
        );
        assert!(check_source("x.rego", &body).is_ok());
        let top = format!(
            "package x\n{}",
            "r contains x if { x := [1, 2, 3][_] + 4 }\n".repeat(500)
        );
        assert!(check_source("x.rego", &top).is_ok());
        // Characters in strings and comments count for nothing.
        let quoted = format!(
            "package x\nr := \"{}\" # {}\n",
            "+.".repeat(400),
            "-.".repeat(400)
        );
        assert!(check_source("x.rego", &quoted).is_ok());
    }

    #[test]
    fn rego_errors_keep_their_location() {
        use crate::rego::module::rego_error;
        let e = rego_error(
            "a.rego",
            "\n--> a.rego:3:7\n  |\n3 | x := \n  |      ^\nerror: unexpected token",
        );
        let at = e.location.unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("a.rego", 3, 7));
        assert!(
            e.message.starts_with("a.rego:3:7: unexpected token"),
            "{}",
            e.message
        );
    }
}
