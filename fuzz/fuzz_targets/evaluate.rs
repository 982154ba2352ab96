//! Arbitrary bytes as JSON text through `evaluate_json`: no panic; a verdict
//! has the worst finding as its outcome and the same bytes on a second
//! evaluation; an error has a documented code and a message.

#![no_main]

use conduct_engine_fuzz::{check_error, check_verdict, ENGINE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    ENGINE.with(|engine| match engine.evaluate_json(&text) {
        Ok(verdict) => {
            let first = check_verdict(&verdict);
            let again = engine
                .evaluate_json(&text)
                .expect("judged once, then refused");
            assert_eq!(first, again.to_json(), "a second evaluation differs");
        }
        Err(e) => {
            check_error(&e);
            let again = engine
                .evaluate_json(&text)
                .expect_err("refused once, then judged");
            assert_eq!(e, again, "a second evaluation errs differently");
        }
    });
});
