//! What Rego code runs at this moment, for a host that loses the stack to a
//! trap.
//!
//! In WebAssembly a stack overflow, or the abort that follows a refused
//! allocation, ends the call at once: nothing unwinds, so no Rust code can
//! say afterwards which partner rule was running. The code that runs
//! partner Rego therefore notes what it starts (a file it loads, a rule, a
//! query) and notes [`Running::Nothing`] when it is done. The partner
//! sandbox (`src/sandbox.rs`) installs a hook that copies each note into
//! memory its host reads after a trap. Without a hook (native builds, the
//! Rego test runner) a note costs one atomic load.

use std::sync::OnceLock;

/// What partner code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Running<'a> {
    /// No partner code (the compiled catalogue, rendering, reading input).
    Nothing,
    /// A file being parsed and compiled.
    Loading { file: &'a str },
    /// A partner rule: its id, the file that defines its findings and the
    /// line where they start.
    Rule {
        id: &'a str,
        file: &'a str,
        line: u32,
    },
    /// A query of `evaluateRego`.
    Query { query: &'a str },
}

static HOOK: OnceLock<fn(Running<'_>)> = OnceLock::new();

/// Installs the hook that learns what runs. Only the first call counts.
pub fn set_hook(hook: fn(Running<'_>)) {
    let _ = HOOK.set(hook);
}

/// Notes what starts running.
#[inline]
pub(crate) fn note(what: Running<'_>) {
    if let Some(hook) = HOOK.get() {
        hook(what);
    }
}

/// Notes `what` for as long as the guard lives, then [`Running::Nothing`]
/// (also when an error returns early).
pub(crate) fn during(what: Running<'_>) -> Done {
    note(what);
    Done
}

/// See [`during`].
pub(crate) struct Done;

impl Drop for Done {
    fn drop(&mut self) {
        note(Running::Nothing);
    }
}
