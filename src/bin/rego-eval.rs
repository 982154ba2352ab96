//! The native side of the Rego conformance runner (`tests/conformance/run.mjs`).
//!
//! Reads one `conduct_engine::rego::query::eval_query_json` request per line on stdin
//! and writes one line per request on stdout: `{"ok": <query results>}` or
//! `{"error": {"code": …, "message": …}}`, the same function the Wasm
//! package's `evaluateRego` calls.

use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match conduct_engine::rego::query::eval_query_json(&line) {
            Ok(results) => writeln!(out, "{{\"ok\":{results}}}")?,
            Err(e) => {
                let error = serde_json::json!({ "code": e.code.as_str(), "message": e.message });
                writeln!(out, "{}", serde_json::json!({ "error": error }))?;
            }
        }
        out.flush()?;
    }
    Ok(())
}
