//! Prints the Rust for the policies under a directory (every
//! `data.conduct.rules.*.findings` rule is an entry point).
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "policies".into());
    let mut files = Vec::new();
    collect(std::path::Path::new(&dir), &mut files);
    files.sort();
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let entries: Vec<String> = sources
        .iter()
        .filter_map(|(_, s)| {
            let pkg = s.lines().find_map(|l| l.strip_prefix("package "))?.trim();
            (pkg.starts_with("conduct.rules.") && s.contains("findings contains"))
                .then(|| format!("data.{pkg}.findings"))
        })
        .collect();
    match conduct_compile::compile(&sources, &entries, Default::default(), &Default::default()) {
        Ok(rust) => print!("{rust}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rego")
            && !p.to_string_lossy().ends_with("_test.rego")
        {
            out.push(p);
        }
    }
}
