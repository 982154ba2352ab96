//! Arbitrary bytes through parsing and validation: no panic, every problem
//! and error has a documented code, a message and a JSON Pointer, and
//! `validate_json` agrees with `parse` + `incident::problems`/`validate`.

#![no_main]

use conduct_engine::model::incident;
use conduct_engine_fuzz::{check_error, check_problem, ENGINE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    ENGINE.with(|engine| {
        let problems = engine.validate_json(&text);
        for p in &problems {
            check_problem(p);
        }
        match engine.parse(&text) {
            Ok(value) => {
                assert_eq!(incident::problems(&value), problems);
                match incident::validate(&value) {
                    Ok(()) => assert!(problems.is_empty()),
                    Err(e) => {
                        check_error(&e);
                        assert_eq!(e.problems.len(), problems.len());
                    }
                }
            }
            Err(e) => {
                check_error(&e);
                assert_eq!(problems.len(), 1, "a parse error is one problem");
                assert_eq!(problems[0].code, e.code);
            }
        }
    });
});
