//! Prepares the built-in rule set at build time, so that an engine starts
//! without reading any Rego:
//!
//! - `catalogue.rs`: the policies translated into Rust by `compile/` (the
//!   crate `conduct-compile`), included by `src/run/compiled.rs`;
//! - `builtin.rs`: the catalogue read from the policies' METADATA, as data,
//!   and the hashes of the policies and messages for the rule set's digest
//!   (`src/rules/builtin.rs` includes it);
//! - with the `rego` feature, `builtin_policies.rs` (the Rego sources,
//!   embedded) and `builtin.rvm` (regorus VM bytecode, one entry point per
//!   checkable rule), for the VM and the interpreter the compiled rules are
//!   checked against.
//!
//! `CONDUCT_WRITE_COMPILED=<file> cargo build` also writes `catalogue.rs` to
//! `<file>`, for reading.

#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;

#[allow(dead_code)]
#[path = "src/model/pointer.rs"]
mod pointer;

#[allow(dead_code)]
#[path = "src/model/dates.rs"]
mod dates;

#[allow(dead_code)]
#[path = "src/model/incident.rs"]
mod incident;

#[allow(dead_code)]
#[path = "src/rules/catalogue.rs"]
mod catalogue;

#[allow(dead_code)]
#[path = "src/rules/digest.rs"]
mod digest;

// The paths those files use inside the crate.
mod model {
    pub(crate) use super::{dates, pointer};
}
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn rego_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rego_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rego")
            && !path.to_string_lossy().ends_with("_test.rego")
        {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=src/rules/catalogue.rs");
    println!("cargo:rerun-if-env-changed=CONDUCT_WRITE_COMPILED");

    let mut paths = Vec::new();
    rego_files(&root.join("policies"), &mut paths);
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut rules = Vec::new();
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(path).unwrap();
        if let Some(rule) =
            catalogue::read_rule(&relative, &source).unwrap_or_else(|e| panic!("{e}"))
        {
            rules.push(rule);
        }
        sources.push((relative, source));
    }
    rules.sort_by(|a, b| a.order_key().cmp(&b.order_key()));

    write_builtin(&root, &out, &sources, &rules);
    // The JSON Schema of the incident model, as text (so that the shipped
    // module carries the text, not the code that builds it).
    std::fs::write(
        out.join("incident.schema.json"),
        incident::json_schema().to_string(),
    )
    .unwrap();
    translate(&out, &sources, &rules);
    if std::env::var_os("CARGO_FEATURE_REGO").is_some() {
        write_policies(&out, &paths, &root);
        compile_for_vm(&root, &out, &sources, &rules);
    }
}

/// The entry points: each checkable rule's `findings`.
fn entries(rules: &[catalogue::RuleInfo]) -> Vec<String> {
    rules
        .iter()
        .filter(|r| r.kind == catalogue::RuleKind::Checkable)
        .map(|r| r.entry_point())
        .collect()
}

/// `catalogue.rs`: the policies as Rust. A construct the translator does not
/// support stops the build, naming the file, line and rule.
fn translate(out: &Path, sources: &[(String, String)], rules: &[catalogue::RuleInfo]) {
    // The catalogue must mean the same in OPA as here: no negated call on
    // what may be undefined (docs/rego-portability.md).
    let options = conduct_compile::Options { portable_not: true };
    // Record shapes for every object of the incident model, named by the
    // JSON Pointer pattern where it sits (src/model/read.rs reads into them).
    let mut extra = conduct_compile::Extra::default();
    input_shapes(&incident::INCIDENT, String::new(), &mut extra.shapes);
    let rust = conduct_compile::compile(sources, &entries(rules), options, &extra)
        .unwrap_or_else(|e| panic!("the built-in policies cannot be compiled to Rust:\n  {e}"));
    std::fs::write(out.join("catalogue.rs"), &rust).unwrap();
    if let Some(copy) = std::env::var_os("CONDUCT_WRITE_COMPILED") {
        std::fs::write(&copy, &rust).unwrap_or_else(|e| {
            panic!(
                "CONDUCT_WRITE_COMPILED={}: {e}",
                PathBuf::from(&copy).display()
            )
        });
    }
}

/// Every object shape of the incident model, by pointer pattern (`*` for
/// an array's items).
fn input_shapes(shape: &incident::Shape, at: String, out: &mut Vec<(String, Vec<String>)>) {
    match shape {
        incident::Shape::Object(fields) => {
            out.push((
                at.clone(),
                fields.iter().map(|f| f.name.to_string()).collect(),
            ));
            for f in fields.iter() {
                input_shapes(&f.shape, format!("{at}/{}", f.name), out);
            }
        }
        incident::Shape::Array(item) => input_shapes(item, format!("{at}/*"), out),
        _ => {}
    }
}

/// `builtin.rs`: the hashes for the digest (see src/rules/digest.rs) and the
/// catalogue as data.
fn write_builtin(
    root: &Path,
    out: &Path,
    sources: &[(String, String)],
    rules: &[catalogue::RuleInfo],
) {
    let files = digest::files(sources.iter().map(|(p, s)| (p.as_str(), s.as_str())));
    // The messages' canonical form: src/rules/messages.rs's `canonical()`.
    let mut locales = std::collections::BTreeMap::new();
    for locale in ["en", "nl"] {
        let path = root.join(format!("policies/messages/{locale}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let texts: std::collections::BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        locales.insert(locale, texts);
    }
    let messages = digest::text(&serde_json::to_string(&locales).unwrap());
    // The labels, the same way: src/rules/labels.rs's `canonical()`.
    let mut labels = std::collections::BTreeMap::new();
    for locale in ["en", "nl"] {
        let path = root.join(format!("policies/labels/{locale}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let texts: std::collections::BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: not an object of strings: {e}", path.display()));
        labels.insert(locale, texts);
    }
    let labels_hash = digest::text(&serde_json::to_string(&labels).unwrap());
    let mut code = String::new();
    let _ = writeln!(code, "/// The hash of the built-in policy files.");
    let _ = writeln!(
        code,
        "pub(crate) const FILES_HASH: crate::rules::digest::Hash = {files:?};"
    );
    let _ = writeln!(code, "/// The hash of the built-in messages.");
    let _ = writeln!(
        code,
        "pub(crate) const MESSAGES_HASH: crate::rules::digest::Hash = {messages:?};"
    );
    let _ = writeln!(code, "/// The hash of the built-in labels.");
    let _ = writeln!(
        code,
        "pub(crate) const LABELS_HASH: crate::rules::digest::Hash = {labels_hash:?};"
    );
    let _ = writeln!(
        code,
        "\n/// The built-in labels by locale, each sorted by key (byte order)."
    );
    let _ = writeln!(
        code,
        "pub(crate) static LABELS: &[(&str, &[(&str, &str)])] = &["
    );
    for (locale, texts) in &labels {
        let _ = writeln!(code, "    ({locale:?}, &[");
        for (key, label) in texts {
            let _ = writeln!(code, "        ({key:?}, {label:?}),");
        }
        let _ = writeln!(code, "    ]),");
    }
    let _ = writeln!(code, "];");
    let _ = writeln!(
        code,
        "\n/// The built-in catalogue, in clause order, as data."
    );
    let _ = writeln!(code, "static CATALOGUE: &[Entry] = &[");
    for r in rules {
        let inputs: Vec<String> = r.inputs.iter().map(|i| format!("{i:?}")).collect();
        let _ = writeln!(
            code,
            "    Entry {{ id: {:?}, slug: {:?}, title: {:?}, section: Section::{:?}, clause: {:?}, severity: Severity::{:?}, kind: RuleKind::{:?}, inputs: &[{}], explanation: {:?}, package: {:?} }},",
            r.id, r.slug, r.title, r.section, r.clause, r.severity, r.kind, inputs.join(", "), r.explanation, r.package
        );
    }
    let _ = writeln!(code, "];");
    std::fs::write(out.join("builtin.rs"), code).unwrap();
}

/// `builtin_policies.rs`: the policy sources, embedded, in path order.
fn write_policies(out: &Path, paths: &[PathBuf], root: &Path) {
    let mut list = String::from("&[\n");
    for path in paths {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            list,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    list.push(']');
    std::fs::write(out.join("builtin_policies.rs"), list).unwrap();
}

/// `builtin.rvm`: the policies compiled to regorus VM bytecode.
fn compile_for_vm(
    root: &Path,
    out: &Path,
    sources: &[(String, String)],
    rules: &[catalogue::RuleInfo],
) {
    let mut rego = regorus::Engine::new();
    for (path, source) in sources {
        rego.add_policy(path.clone(), source.clone())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    rego.add_policy("<gather>".into(), catalogue::gather_module(rules))
        .unwrap();
    // The configuration is data set on the VM at run time; the compiler only
    // needs to know that `data.conduct.config` is data, not a rule.
    let config = std::fs::read_to_string(root.join("policies/config/default.json")).unwrap();
    println!("cargo:rerun-if-changed=policies/config/default.json");
    let data =
        regorus::Value::from_json_str(&format!(r#"{{"conduct":{{"config":{config}}}}}"#)).unwrap();
    rego.add_data(data).unwrap();
    let gather: std::sync::Arc<str> = catalogue::GATHER_RULE.into();
    let policy = rego
        .compile_with_entrypoint(&gather)
        .unwrap_or_else(|e| panic!("{e}"));
    let entries = entries(rules);
    let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
    let program =
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&policy, &entries)
            .unwrap_or_else(|e| panic!("the built-in rules do not compile for the VM: {e:?}"));
    std::fs::write(out.join("builtin.rvm"), program.serialize_binary().unwrap()).unwrap();
}
