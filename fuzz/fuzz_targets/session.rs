//! Arbitrary changes to a session over the typical incident: the first line
//! is a JSON Pointer (a leading `-` asks to remove there), the rest the new
//! value as JSON text. No panic; an accepted change gives exactly the verdict
//! a full evaluation of the changed incident gives; a refused one is a
//! documented error and leaves the session's verdict as it was.

#![no_main]

use conduct_engine_fuzz::{check_error, check_verdict, ENGINE};
use libfuzzer_sys::fuzz_target;

const TYPICAL: &str = include_str!("../../benches/typical-incident.json");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (pointer, value) = text.split_once('\n').unwrap_or((&text, "null"));
    ENGINE.with(|engine| {
        let mut session = engine
            .session(TYPICAL)
            .expect("the typical incident is valid");
        let before = session.verdict().to_json();
        let result = match pointer.strip_prefix('-') {
            Some(at) => session.remove(at),
            None => session.update_json(pointer, value),
        };
        match result {
            Ok(verdict) => {
                let text = check_verdict(&verdict);
                let full = engine
                    .evaluate(session.incident())
                    .expect("a session holds only valid incidents");
                assert_eq!(text, full.to_json(), "session and full evaluation differ");
            }
            Err(e) => {
                check_error(&e);
                assert_eq!(
                    session.verdict().to_json(),
                    before,
                    "a refused change stuck"
                );
            }
        }
    });
});
