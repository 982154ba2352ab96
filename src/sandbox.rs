//! The face of the partner-rules build (`conduct-engine/rego`): a
//! WebAssembly module for `wasm32-wasip1` that holds one engine, with a
//! plain ABI of JSON text in and out (no wasm-bindgen), so that the
//! JavaScript host can give every partner engine an instance of its own and
//! throw it away after anything goes wrong (`pkg-template/rego/host.js`).
//!
//! What keeps a hostile rule inside its instance:
//!
//! - the stack comes first in memory (`--stack-first`), so an overflow
//!   traps instead of overwriting data;
//! - a counting allocator refuses memory past a cap the host sets, and the
//!   refusal traps (Rust aborts on a failed allocation);
//! - a panic records its message before it traps;
//! - the VM's instruction budget bounds partner rules, and the interpreter
//!   (`evaluateRego`) reads a clock the host makes tick once per reading, so
//!   its time limit is a deterministic budget of work.
//!
//! After a trap the host reads [`TRAP`] (its address is known from
//! `ce_trap_info`) to say what happened, then discards the instance.
//!
//! Calls: the host writes argument texts with `ce_alloc`, calls
//! `ce_call(op, a, a_len, b, b_len, c, c_len)`, and reads the answer from
//! `ce_result` (`[ptr, len]`): `{"ok": …}` or `{"error": {code, message,
//! path, problems, location}}`.

use crate::error::{Error, ErrorCode};
use crate::rego::partner::PolicyBundle;
use crate::rego::running::{self, Running};
use crate::{CallOptions, Engine, EngineOptions, RuleFilter, Session};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why the last call trapped, for the host to read after the trap, and
/// what partner code was running (see [`crate::rego::running`]).
///
/// The host reads it at fixed offsets (`pkg-template/rego/host.js`,
/// `readTrapInfo`): keep the two in step.
#[repr(C)]
pub struct TrapInfo {
    /// 0: nothing recorded; 1: memory cap (or the module's ceiling); 2: panic.
    pub reason: u32,
    /// The memory cap in bytes when reason is 1.
    pub cap: u32,
    /// The panic message (UTF-8, `len` bytes), without its source location.
    pub len: u32,
    pub message: [u8; 512],
    /// What ran: 0 nothing, 1 loading `file`, 2 the rule `name` of `file`
    /// (its findings start on `line`), 3 the query `name`.
    pub running: u32,
    pub line: u32,
    pub name_len: u32,
    pub name: [u8; 128],
    pub file_len: u32,
    pub file: [u8; 256],
}

static mut TRAP: TrapInfo = TrapInfo {
    reason: 0,
    cap: 0,
    len: 0,
    message: [0; 512],
    running: 0,
    line: 0,
    name_len: 0,
    name: [0; 128],
    file_len: 0,
    file: [0; 256],
};

/// Copies as much of `text` as fits into `to`, cut at a character boundary;
/// returns the length copied.
fn copy_clipped(text: &str, to: &mut [u8]) -> u32 {
    let mut n = text.len().min(to.len());
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    to[..n].copy_from_slice(&text.as_bytes()[..n]);
    n as u32
}

/// The hook [`crate::rego::running`] calls: records what runs in [`TRAP`].
fn note_running(what: Running<'_>) {
    let (kind, name, file, line) = match what {
        Running::Nothing => (0, "", "", 0),
        Running::Loading { file } => (1, "", file, 0),
        Running::Rule { id, file, line } => (2, id, file, line),
        Running::Query { query } => (3, query, "", 0),
    };
    // SAFETY: one thread; the host reads this only after a trap.
    unsafe {
        let trap = &raw mut TRAP;
        (*trap).running = kind;
        (*trap).line = line;
        (*trap).name_len = copy_clipped(name, &mut (*trap).name);
        (*trap).file_len = copy_clipped(file, &mut (*trap).file);
    }
}

/// The allocator: the system's, refusing to go past the cap.
struct Capped;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// 64 MiB until the host says otherwise.
static CAP: AtomicUsize = AtomicUsize::new(64 << 20);

unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.counted(layout.size(), || System.alloc(layout))
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.counted(layout.size(), || System.alloc_zeroed(layout))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grow = new_size.saturating_sub(layout.size());
        if grow > 0 && !self.take(grow) {
            return std::ptr::null_mut();
        }
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() {
            IN_USE.fetch_sub(grow, Ordering::Relaxed);
            out_of_memory();
        } else if new_size < layout.size() {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        p
    }
}

impl Capped {
    /// `allocate`s `size` bytes, counted against the cap: null past it (and
    /// when the module's memory is exhausted), with the reason recorded.
    #[inline]
    fn counted(&self, size: usize, allocate: impl FnOnce() -> *mut u8) -> *mut u8 {
        if !self.take(size) {
            return std::ptr::null_mut();
        }
        let p = allocate();
        if p.is_null() {
            IN_USE.fetch_sub(size, Ordering::Relaxed);
            out_of_memory();
        }
        p
    }

    /// Counts `size` more bytes in use, unless that passes the cap; then it
    /// records why the coming abort happens.
    fn take(&self, size: usize) -> bool {
        let cap = CAP.load(Ordering::Relaxed);
        let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
        if now > cap {
            IN_USE.fetch_sub(size, Ordering::Relaxed);
            out_of_memory();
            return false;
        }
        true
    }
}

/// Records why the coming abort happens: memory was refused, by the cap or
/// (below it, when fragmentation needs more) by the module's own ceiling.
fn out_of_memory() {
    // SAFETY: one thread; the host reads this only after a trap.
    unsafe {
        let trap = &raw mut TRAP;
        (*trap).reason = 1;
        (*trap).cap = CAP.load(Ordering::Relaxed).min(u32::MAX as usize) as u32;
    }
}

#[global_allocator]
static ALLOCATOR: Capped = Capped;

/// The address of [`TRAP`], asked for once after instantiation (the host
/// then reads it directly, even after a trap). Installs the hooks that fill
/// it: the panic hook and [`running`]'s.
#[no_mangle]
pub extern "C" fn ce_trap_info() -> *const TrapInfo {
    std::panic::set_hook(Box::new(|info| {
        // The message alone: where in regorus's source it panicked means
        // nothing to a rule's author.
        let payload = info.payload();
        let text = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic without a message");
        if text == "capacity overflow" {
            // A collection asked for more bytes than the address space has:
            // a memory bomb the cap never saw coming.
            out_of_memory();
            return;
        }
        // SAFETY: one thread; the host reads this only after the trap.
        unsafe {
            let trap = &raw mut TRAP;
            (*trap).reason = 2;
            (*trap).len = copy_clipped(text, &mut (*trap).message);
        }
    }));
    running::set_hook(note_running);
    &raw const TRAP
}

/// The size of the stack in bytes: it sits below all data (`--stack-first`),
/// so an overflow runs off the bottom of memory and traps.
#[no_mangle]
pub extern "C" fn ce_stack_bytes() -> u32 {
    extern "C" {
        // Defined by wasm-ld: the ends of the stack.
        static __stack_low: u8;
        static __stack_high: u8;
    }
    // Only the addresses are taken, which needs no `unsafe`.
    (&raw const __stack_high) as u32 - (&raw const __stack_low) as u32
}

/// Sets the memory cap, in bytes.
#[no_mangle]
pub extern "C" fn ce_set_memory_cap(bytes: u32) {
    CAP.store(bytes as usize, Ordering::Relaxed);
}

/// Bytes in use now (for the host's statistics).
#[no_mangle]
pub extern "C" fn ce_memory_in_use() -> u32 {
    IN_USE.load(Ordering::Relaxed).min(u32::MAX as usize) as u32
}

/// Memory for an argument of `len` bytes, owned by the host until it passes
/// it to `ce_call`, which frees it.
#[no_mangle]
pub extern "C" fn ce_alloc(len: u32) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len as usize);
    let p = buf.as_mut_ptr();
    std::mem::forget(buf);
    p
}

/// The answer of the last call: `[ptr, len]` of its JSON text.
static mut RESULT: [u32; 2] = [0, 0];
thread_local! {
    static ANSWER: RefCell<String> = const { RefCell::new(String::new()) };
    static STATE: RefCell<State> = RefCell::new(State::default());
}

#[no_mangle]
pub extern "C" fn ce_result() -> *const [u32; 2] {
    &raw const RESULT
}

/// The engine this instance holds and its open sessions.
#[derive(Default)]
struct State {
    engine: Option<Rc<Engine>>,
    sessions: BTreeMap<u32, Session<Rc<Engine>>>,
    next_session: u32,
}

/// What the host can ask.
#[derive(Clone, Copy)]
enum Op {
    /// `(options)`: the engine.
    Construct = 0,
    /// `(bundle)`: adds partner rules; the rule ids added.
    AddPolicies = 1,
    /// `(incident, options)`: the verdict.
    Evaluate = 2,
    /// `(incident)`: the problems.
    Validate = 3,
    /// `(filter)`: the catalogue.
    Rules = 4,
    /// `()`: locale, locales, ruleset, config, stats.
    Describe = 5,
    /// `(request, budget)`: plain Rego.
    EvaluateRego = 6,
    /// `(incident, options)`: a session's id (its findings: `SessionDelta`).
    SessionOpen = 7,
    /// `(id, pointer, value)`: what a change changed, as a session delta
    /// (`value` empty: a removal): only the re-run rules' findings cross.
    SessionUpdate = 8,
    /// `(id)`: the incident as it stands.
    SessionIncident = 9,
    /// `(id)`: closes a session.
    SessionClose = 10,
    /// `()`: the built-in rule set's name, version and digest, and the
    /// engine's version.
    Version = 12,
    /// `()`: the JSON Schema of the incident model.
    Schema = 13,
    /// `(options)`: the labels of `{ locale }`.
    Labels = 14,
    /// `(id)`: a session's delta since it opened or last changed.
    SessionDelta = 15,
}

impl Op {
    fn of(n: u32) -> Option<Op> {
        use Op::*;
        [
            Construct,
            AddPolicies,
            Evaluate,
            Validate,
            Rules,
            Describe,
            EvaluateRego,
            SessionOpen,
            SessionUpdate,
            SessionIncident,
            SessionClose,
            Version,
            Schema,
            Labels,
            SessionDelta,
        ]
        .into_iter()
        .find(|op| *op as u32 == n)
    }
}

/// Takes back an argument the host wrote with `ce_alloc`.
///
/// SAFETY: `ptr` came from `ce_alloc(len)` and was filled by the host.
unsafe fn argument(ptr: *mut u8, len: u32) -> String {
    if ptr.is_null() {
        return String::new();
    }
    let bytes = Vec::from_raw_parts(ptr, len as usize, len as usize);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Runs one call. Returns 0 and `{"ok": …}`, or 1 and `{"error": …}`.
///
/// # Safety
///
/// Each `(ptr, len)` came from `ce_alloc(len)` (or is null), filled by the
/// host, and is not used by it again.
#[no_mangle]
pub unsafe extern "C" fn ce_call(
    op: u32,
    a: *mut u8,
    a_len: u32,
    b: *mut u8,
    b_len: u32,
    c: *mut u8,
    c_len: u32,
) -> u32 {
    // SAFETY: one thread; nothing else holds the record during a call.
    unsafe {
        let trap = &raw mut TRAP;
        (*trap).reason = 0;
        (*trap).len = 0;
    }
    running::note(Running::Nothing);
    let (a, b, c) = (argument(a, a_len), argument(b, b_len), argument(c, c_len));
    let result = match Op::of(op) {
        Some(op) => STATE.with(|state| run(&mut state.borrow_mut(), op, &a, &b, &c)),
        None => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("no operation {op}"),
        )),
    };
    let (status, text) = match result {
        Ok(json) => (0, format!("{{\"ok\":{json}}}")),
        Err(e) => (
            1,
            format!(
                "{{\"error\":{}}}",
                serde_json::to_string(&e.bounded()).expect("errors serialise")
            ),
        ),
    };
    ANSWER.with(|answer| {
        let mut answer = answer.borrow_mut();
        *answer = text;
        // SAFETY: one thread; the host reads this after the call returns.
        unsafe {
            let result = &raw mut RESULT;
            (*result)[0] = answer.as_ptr() as u32;
            (*result)[1] = answer.len() as u32;
        }
    });
    status
}

fn engine(state: &State) -> Result<&Rc<Engine>, Error> {
    state
        .engine
        .as_ref()
        .ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "construct the engine first"))
}

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("values serialise")
}

fn run(state: &mut State, op: Op, a: &str, b: &str, c: &str) -> Result<String, Error> {
    match op {
        Op::Construct => {
            let options = EngineOptions::from_json(or_null(a))?;
            state.engine = Some(Rc::new(Engine::with_options(options)?));
            state.sessions.clear();
            Ok("null".into())
        }
        Op::AddPolicies => {
            let bundle = PolicyBundle::from_json(a)?;
            let engine = state.engine.as_mut().ok_or_else(|| {
                Error::new(ErrorCode::InvalidArgument, "construct the engine first")
            })?;
            // Open sessions keep the rules they started with.
            let ids = Rc::make_mut(engine).add_policies(bundle)?;
            Ok(to_json(&ids))
        }
        Op::Evaluate => {
            let options = CallOptions::from_json(or_null(b))?;
            engine(state)?.evaluate_to_json(a, &options)
        }
        Op::Validate => Ok(to_json(&engine(state)?.validate_json(a))),
        Op::Rules => {
            let filter = RuleFilter::from_json(or_null(a))?;
            Ok(to_json(&engine(state)?.rules_matching(&filter)?))
        }
        Op::Describe => {
            let e = engine(state)?;
            Ok(to_json(&serde_json::json!({
                "locale": e.locale(),
                "locales": e.locales(),
                "ruleset": e.ruleset(),
                "config": e.config(),
                "stats": e.stats(),
            })))
        }
        Op::EvaluateRego => {
            let budget = b
                .parse()
                .unwrap_or(crate::Limits::default().max_instructions);
            crate::rego::query::eval_query_json_within(a, budget)
        }
        Op::SessionOpen => {
            let options = CallOptions::from_json(or_null(b))?;
            let e = engine(state)?.clone();
            let session = Session::new(e, a, options.locale.as_deref())?;
            let id = state.next_session;
            state.next_session += 1;
            state.sessions.insert(id, session);
            Ok(format!("{{\"session\":{id}}}"))
        }
        Op::SessionUpdate => {
            let session = session(state, a)?;
            if c.is_empty() {
                session.remove_only(b)?;
            } else {
                session.change_json(b, c)?;
            }
            Ok(session.delta_json())
        }
        Op::SessionDelta => Ok(session(state, a)?.delta_json()),
        Op::SessionIncident => Ok(session(state, a)?.incident().to_string()),
        Op::Version => {
            let engine = Engine::new()?;
            let info = engine.ruleset();
            Ok(to_json(&serde_json::json!({
                "name": info.name,
                "version": info.version,
                "digest": info.digest,
                "engine": env!("CARGO_PKG_VERSION"),
            })))
        }
        Op::Schema => Ok(crate::model::INCIDENT_SCHEMA.to_string()),
        Op::Labels => {
            let options = CallOptions::from_json(or_null(a))?;
            Ok(to_json(&engine(state)?.labels_with(&options)?))
        }
        Op::SessionClose => {
            let id: u32 = a.parse().map_err(|_| bad_session(a))?;
            state.sessions.remove(&id);
            Ok("null".into())
        }
    }
}

fn session<'s>(state: &'s mut State, id: &str) -> Result<&'s mut Session<Rc<Engine>>, Error> {
    let n: u32 = id.parse().map_err(|_| bad_session(id))?;
    state.sessions.get_mut(&n).ok_or_else(|| bad_session(id))
}

fn bad_session(id: &str) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!("no open session {id:?}"),
    )
}

fn or_null(s: &str) -> &str {
    if s.is_empty() {
        "null"
    } else {
        s
    }
}
