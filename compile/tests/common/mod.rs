//! Helpers shared by the translator's tests.
#![allow(dead_code)] // each test file uses some of them

use conduct_compile::{compile, ir, plan, Error, Extra, Options};
use std::path::{Path, PathBuf};

/// `(path, text)` pairs, as `compile` takes them.
pub fn sources(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn entries(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| e.to_string()).collect()
}

/// The Rust for `files`, from `entry_points`.
pub fn rust(files: &[(&str, &str)], entry_points: &[&str]) -> Result<String, Error> {
    compile(
        &sources(files),
        &entries(entry_points),
        Options::default(),
        &Extra::default(),
    )
}

/// The planned program for `files`, from `entry_points`.
pub fn program(files: &[(&str, &str)], entry_points: &[&str]) -> Result<ir::Program, Error> {
    plan(&sources(files), &entries(entry_points), Options::default())
}

/// The planned rule at `path`.
pub fn rule<'p>(program: &'p ir::Program, path: &str) -> &'p ir::Rule {
    program
        .rules
        .iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("{path} is not planned"))
}

/// The built-in catalogue's policy files (not the tests), sorted by path
/// as build.rs reads them, and its entry points: every rule package's
/// `findings`.
pub fn catalogue() -> (Vec<(String, String)>, Vec<String>) {
    fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, out);
            } else if path.extension().is_some_and(|x| x == "rego")
                && !path.to_string_lossy().ends_with("_test.rego")
            {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    collect(&root.join("policies"), &mut paths);
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let relative = p.strip_prefix(&root).unwrap().to_string_lossy().to_string();
            (relative, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let entry_points = files
        .iter()
        .filter_map(|(_, text)| {
            let package = text
                .lines()
                .find_map(|l| l.strip_prefix("package "))?
                .trim();
            (package.starts_with("conduct.rules.") && text.contains("findings contains"))
                .then(|| format!("data.{package}.findings"))
        })
        .collect();
    (files, entry_points)
}
