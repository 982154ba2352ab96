//! Compiles the built-in rule set at build time, so an engine starts without
//! parsing or compiling any Rego (the slowest part of start-up in Wasm, where
//! that code runs cold):
//!
//! - `builtin_policies.rs`: every non-test `.rego` file under `policies/`,
//!   embedded, in path order (the directory is the one list of them);
//! - `builtin.rvm`: those policies compiled to regorus VM bytecode, with one
//!   entry point per checkable rule;
//! - `builtin_hashes.rs`: the hashes of those policies and of the built-in
//!   messages, for the rule set's digest (src/digest.rs).

#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;

#[allow(dead_code)]
#[path = "src/catalogue.rs"]
mod catalogue;

#[allow(dead_code)]
#[path = "src/pointer.rs"]
mod pointer;

#[allow(dead_code)]
#[path = "src/digest.rs"]
mod digest;

use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// `builtin_hashes.rs`: the hashes of the built-in policies and messages
/// that go into every built-in engine's digest (see src/digest.rs), so that
/// constructing an engine hashes only its configuration.
fn write_hashes(root: &Path, out: &Path, sources: &[(String, String)]) {
    let files = digest::files(sources.iter().map(|(p, s)| (p.as_str(), s.as_str())));
    // The messages' canonical form: src/messages.rs's `canonical()`.
    let mut locales = std::collections::BTreeMap::new();
    for locale in ["en", "nl"] {
        let path = root.join(format!("policies/messages/{locale}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let texts: std::collections::BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        locales.insert(locale, texts);
    }
    let messages = digest::text(&serde_json::to_string(&locales).unwrap());
    std::fs::write(
        out.join("builtin_hashes.rs"),
        format!(
            "/// The hash of the built-in policy files.\npub(crate) const BUILTIN_FILES_HASH: crate::digest::Hash = {files:?};\n\
             /// The hash of the built-in messages.\npub(crate) const BUILTIN_MESSAGES_HASH: crate::digest::Hash = {messages:?};\n"
        ),
    )
    .unwrap();
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=src/catalogue.rs");

    let mut files = Vec::new();
    rego_files(&root.join("policies"), &mut files);
    let mut list = String::from("/// The built-in rule set: every non-test `.rego` file under `policies/`.\npub const BUILTIN_POLICIES: &[(&str, &str)] = &[\n");
    let mut rego = regorus::Engine::new();
    let mut rules = Vec::new();
    let mut sources = Vec::new();
    for path in &files {
        let relative = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        println!("cargo:rerun-if-changed={}", path.display());
        list.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
        let source = std::fs::read_to_string(path).unwrap();
        sources.push((relative.clone(), source.clone()));
        rego.add_policy(relative.clone(), source.clone())
            .unwrap_or_else(|e| panic!("{relative}: {e}"));
        if let Some(rule) =
            catalogue::read_rule(&relative, &source).unwrap_or_else(|e| panic!("{e}"))
        {
            rules.push(rule);
        }
    }
    list.push_str("];\n");
    std::fs::write(out.join("builtin_policies.rs"), list).unwrap();
    write_hashes(&root, &out, &sources);

    rules.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    rego.add_policy("<gather>".into(), catalogue::gather_module(&rules))
        .unwrap();
    // The configuration is data set on the VM at run time; the compiler only
    // needs to know that `data.conduct.config` is data, not a rule.
    let config = std::fs::read_to_string(root.join("policies/config/default.json")).unwrap();
    println!("cargo:rerun-if-changed=policies/config/default.json");
    let data =
        regorus::Value::from_json_str(&format!(r#"{{"conduct":{{"config":{config}}}}}"#)).unwrap();
    rego.add_data(data).unwrap();
    let entry: Arc<str> = catalogue::GATHER_RULE.into();
    let policy = rego
        .compile_with_entrypoint(&entry)
        .unwrap_or_else(|e| panic!("{e}"));
    // One entry point per checkable rule, so that an engine can run any
    // subset: the rules configuration leaves on, or those a change can alter.
    let entries: Vec<String> = rules
        .iter()
        .filter(|r| r.kind == catalogue::RuleKind::Checkable)
        .map(|r| r.entry_point())
        .collect();
    let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
    let program =
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&policy, &entries)
            .unwrap_or_else(|e| panic!("the built-in rules do not compile for the VM: {e:?}"));
    let bytes = program.serialize_binary().unwrap();
    std::fs::write(out.join("builtin.rvm"), bytes).unwrap();
}
