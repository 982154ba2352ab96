//! The built-in catalogue, translated from its Rego into Rust by build.rs
//! (with `compile/`): one function per rule and per Rego function, an entry
//! point per checkable rule's `findings`. README.md ("Reading the compiled
//! catalogue") says how to print the generated code.

use crate::run::rt::{Res, Val};
use std::cell::Cell;

/// The generated code, kept in a module of its own so that the lints it is
/// not written for stay out of the rest of the crate.
#[allow(
    unused_labels,
    unreachable_code,
    unused_variables,
    unused_mut,
    dead_code,
    clippy::all,
    clippy::pedantic
)]
mod generated {
    use super::Cx;
    use crate::run::rt::*;
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

pub use generated::{f, field_of, input_shape, ENTRIES, FIELD_COUNT, FIELD_NAMES, SHAPES};
use generated::{run_entry, Cache, CONSTANTS, CONSTANT_COUNT};

/// One evaluation's context: what the rules read, the constants they use,
/// and each rule's value once computed.
pub struct Cx<'a> {
    pub input: &'a Val,
    /// `data.conduct.config`.
    pub config: &'a Val,
    /// The constants, by index (an array, so that reading one needs no
    /// bounds check).
    pub k: &'static [Val; CONSTANT_COUNT],
    pub cache: Cache,
}

/// What each entry point in `entries` produces for `input` (`None`: nothing,
/// or no entry point).
pub fn run(input: &Val, config: &Val, entries: &[Option<usize>]) -> Res<Vec<Option<Val>>> {
    let cx = Cx {
        input,
        config,
        k: consts(),
        cache: Cache::default(),
    };
    entries
        .iter()
        .map(|e| match e {
            Some(i) => run_entry(&cx, *i),
            None => Ok(None),
        })
        .collect()
}

/// The entry point of the rule in Rego package `package`, if compiled.
pub fn entry(package: &str) -> Option<usize> {
    ENTRIES.iter().position(|e| {
        e.strip_prefix("data.")
            .and_then(|e| e.strip_suffix(".findings"))
            == Some(package)
    })
}

/// The constants, built once per thread (values share memory within one
/// thread only).
fn consts() -> &'static [Val; CONSTANT_COUNT] {
    thread_local! {
        static CONSTS: Cell<Option<&'static [Val; CONSTANT_COUNT]>> = const { Cell::new(None) };
    }
    CONSTS.with(|c| match c.get() {
        Some(k) => k,
        None => {
            let all: Box<[Val; CONSTANT_COUNT]> = crate::run::rt::constants(CONSTANTS)
                .into_boxed_slice()
                .try_into()
                .expect("as many constants as the generated code counts");
            let k: &'static [Val; CONSTANT_COUNT] = Box::leak(all);
            c.set(Some(k));
            k
        }
    })
}
