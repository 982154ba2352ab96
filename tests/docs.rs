//! Generated files stay current: `docs/rules.md` (from the catalogue: the
//! policies' METADATA, the Dutch message catalogue, the labels and the
//! default configuration) and `pkg-template/schema/incident.json` (the incident
//! model's JSON Schema, shipped in the npm package). These tests fail when a
//! file is stale; `make docs` (UPDATE_DOCS=1) rewrites them.

use conduct_engine::{Config, Engine, RuleKind, Section};
use std::fmt::Write;

fn render() -> String {
    let engine = Engine::new().unwrap();
    let english = engine.rules_in("en");
    let dutch = engine.rules_in("nl");
    let en_labels = engine.labels("en").unwrap();
    let nl_labels = engine.labels("nl").unwrap();
    let mut md = String::new();
    let _ = writeln!(md, "# Rule catalogue\n");
    let _ = writeln!(
        md,
        "Generated from `policies/` by `make docs`; do not edit by hand (CI fails when this file is stale).\n\
         Rule set `{}` version {}. Every clause of the code of conduct has one entry; its id is the clause id.\n",
        engine.ruleset().name,
        engine.ruleset().version
    );
    let _ = writeln!(
        md,
        "| id | slug | title | severity | kind |\n| --- | --- | --- | --- | --- |"
    );
    for r in &english {
        let kind = if r.kind == RuleKind::Checkable {
            "checkable"
        } else {
            "guidance"
        };
        let _ = writeln!(
            md,
            "| [{}](#{}) | `{}` | {} | {} | {} |",
            r.id,
            r.id.to_lowercase(),
            r.slug,
            r.title,
            format!("{:?}", r.severity).to_lowercase(),
            kind
        );
    }
    for (section, heading) in [
        (Section::Principle, "Principles"),
        (Section::Behaviour, "Behaviour"),
    ] {
        let _ = writeln!(md, "\n## {heading}");
        for (r, nl) in english
            .iter()
            .zip(&dutch)
            .filter(|(r, _)| r.section == section)
        {
            let _ = writeln!(
                md,
                "\n### {}\n\n**{}** · `{}` · severity {}{}\n",
                r.id,
                r.title,
                r.slug,
                format!("{:?}", r.severity).to_lowercase(),
                if r.kind == RuleKind::Guidance {
                    " · guidance only: no findings"
                } else {
                    ""
                }
            );
            let _ = writeln!(md, "{}\n", r.explanation);
            let _ = writeln!(md, "*{}* — {}\n", nl.title, nl.explanation);
            if !r.inputs.is_empty() {
                let inputs: Vec<String> = r
                    .inputs
                    .iter()
                    .map(|p| format!("{} (`{p}`)", en_labels[p]))
                    .collect();
                let _ = writeln!(md, "Reads: {}", inputs.join(", "));
            }
        }
    }
    let _ = writeln!(
        md,
        "\n## Labels\n\nWhat verdicts and forms call each field of the incident model (`policies/labels/`; \
         `engine.labels({{ locale }})`, and the `label` of every `missing` entry), each element a finding names \
         and each status. `*` stands for any array index. Configuration can replace or add labels \
         (`labels: {{ nl: {{ \"/actions/*/justification/legal/basis\": \"…\" }} }}`).\n"
    );
    let _ = writeln!(md, "| key | English | Dutch |\n| --- | --- | --- |");
    for (key, en) in &en_labels {
        let _ = writeln!(md, "| `{key}` | {en} | {} |", nl_labels[key]);
    }
    let defaults: serde_json::Value = serde_json::from_str(&Config::default().to_json()).unwrap();
    let _ = writeln!(md, "\n## Default configuration\n\nOverride any key with `new ConductEngine({{ config }})` or `Config::with_overrides`; see the README for what each means.\n");
    let _ = writeln!(
        md,
        "```json\n{}\n```",
        serde_json::to_string_pretty(&defaults).unwrap()
    );
    md
}

#[test]
fn docs_rules_md_is_up_to_date() {
    check_generated("docs/rules.md", &render());
}

/// Compares `fresh` with the file at `path` (relative to the crate), or
/// writes it when UPDATE_DOCS is set.
fn check_generated(path: &str, fresh: &str) {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&full, fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        current == fresh,
        "{path} is stale: run `make docs` and commit it"
    );
}

#[test]
fn incident_schema_is_up_to_date() {
    let schema = conduct_engine::model::incident::json_schema();
    check_generated(
        "pkg-template/schema/incident.json",
        &(serde_json::to_string_pretty(&schema).unwrap() + "\n"),
    );
}
