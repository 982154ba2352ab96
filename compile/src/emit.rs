//! Emitting: the IR as Rust source for `src/run/compiled.rs` to include.
//!
//! Every rule and function becomes one Rust function, commented with the
//! Rego it comes from. A statement that fails jumps to a label: `continue
//! 'lN` to the next item of the innermost loop, or `break 'bN` out of a body
//! with no loop. Values read from the input or from other values are
//! borrowed (`&Val`); values built here are owned (`Val`). The runtime the
//! code calls is `src/run/rt.rs`.

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// What the emitted module needs besides the program: record shapes for
/// objects the input model defines, so that its field names get ids too.
#[derive(Debug, Default, Clone)]
pub struct Extra {
    /// Key sets to make record shapes for, each under a name.
    pub shapes: Vec<(String, Vec<String>)>,
}

pub fn emit(program: &Program, sources: &[(String, String)], extra: &Extra) -> String {
    let mut e = Emitter {
        program,
        sources,
        out: String::new(),
        indent: 0,
        fields: BTreeSet::new(),
        shapes: BTreeMap::new(),
        consts: Vec::new(),
        const_names: BTreeMap::new(),
        next: 0,
        kinds: BTreeMap::new(),
        last_comment: None,
        names: fn_names(program),
    };
    for (_, keys) in &extra.shapes {
        e.shape(keys);
    }
    let mut body = String::new();
    for (i, rule) in program.rules.iter().enumerate() {
        e.rule(RuleId(i), rule);
        body.push_str(&std::mem::take(&mut e.out));
    }
    for (i, function) in program.functions.iter().enumerate() {
        e.function(FuncId(i), function);
        body.push_str(&std::mem::take(&mut e.out));
    }
    e.header(extra);
    let mut out = std::mem::take(&mut e.out);
    out.push_str(&body);
    out.push_str(&e.entries());
    out
}

/// How an operand can be used in Rust.
#[derive(Debug, Clone)]
enum Op {
    /// An expression of type `&Val`.
    Ref(String),
    /// A local of type `Val` that may be read again.
    Owned(String),
    /// A temporary of type `Val`, read once: it can be moved.
    Temp(String),
    /// A constant `Val` expression without allocation (`Val::Int(3)`).
    Const(String),
}

impl Op {
    /// As `&Val`.
    fn r(&self) -> String {
        match self {
            Op::Ref(x) => x.clone(),
            Op::Owned(x) | Op::Temp(x) | Op::Const(x) => format!("&{x}"),
        }
    }

    /// As the receiver of a method call on `Val`.
    fn recv(&self) -> String {
        match self {
            Op::Ref(x) if x.starts_with('&') => format!("({x})"),
            Op::Ref(x) | Op::Owned(x) | Op::Temp(x) => x.clone(),
            Op::Const(x) => format!("({x})"),
        }
    }

    /// As an owned `Val` (copies go through `Val::dup`, kept out of line:
    /// there are hundreds).
    fn owned(&self) -> String {
        match self {
            Op::Ref(x) => format!("Val::dup({x})"),
            Op::Owned(x) => format!("{x}.dup()"),
            Op::Temp(x) | Op::Const(x) => x.clone(),
        }
    }
}

struct Emitter<'p> {
    program: &'p Program,
    sources: &'p [(String, String)],
    out: String,
    indent: usize,
    fields: BTreeSet<String>,
    /// Record shapes by their sorted keys, with their names.
    shapes: BTreeMap<Vec<String>, String>,
    /// Constants needing allocation: (name, builder expression).
    consts: Vec<(String, String)>,
    const_names: BTreeMap<String, String>,
    next: usize,
    /// Whether each local of the function being emitted is a `&Val`.
    kinds: BTreeMap<Local, (String, bool)>,
    last_comment: Option<(String, u32)>,
    /// The Rust function of each rule and of each Rego function.
    names: FnNames,
}

impl<'p> Emitter<'p> {
    fn line(&mut self, text: impl AsRef<str>) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    /// The Rego source line at `loc`, trimmed, for a comment.
    fn source_line(&self, loc: &Loc) -> String {
        self.sources
            .iter()
            .find(|(path, _)| *path == loc.file)
            .and_then(|(_, text)| text.lines().nth(loc.line.saturating_sub(1) as usize))
            .map(|l| l.trim().to_string())
            .unwrap_or_default()
    }

    /// A comment quoting the Rego at `loc`, unless the last one did.
    fn comment(&mut self, loc: &Loc) {
        let at = (loc.file.clone(), loc.line);
        if self.last_comment.as_ref() == Some(&at) {
            return;
        }
        let text = self.source_line(loc);
        self.line(format!("// {}:{}: {}", loc.file, loc.line, text));
        self.last_comment = Some(at);
    }

    fn field(&mut self, name: &str) -> String {
        self.fields.insert(name.to_string());
        format!("f::{}", const_name(name))
    }

    fn shape(&mut self, keys: &[String]) -> String {
        let mut sorted = keys.to_vec();
        sorted.sort();
        for k in &sorted {
            self.fields.insert(k.clone());
        }
        let n = self.shapes.len();
        self.shapes
            .entry(sorted)
            .or_insert_with(|| format!("SHAPE_{n}"))
            .clone()
    }

    // --- Constants --------------------------------------------------------

    /// A constant as an operand: scalars inline, the rest from the table of
    /// constants the runtime builds once per thread from JSON text.
    fn constant(&mut self, c: &Const) -> Op {
        match c {
            Const::Null => Op::Const("Val::Null".into()),
            Const::Bool(b) => Op::Const(format!("Val::Bool({b})")),
            Const::Int(i) => Op::Const(format!("Val::Int({i})")),
            Const::Float(f) => Op::Const(format!("Val::Float({f:?})")),
            _ => {
                let json = const_json(c);
                let index = match self.const_names.get(&json) {
                    Some(i) => i.clone(),
                    None => {
                        let i = self.consts.len().to_string();
                        self.consts.push((i.clone(), json.clone()));
                        self.const_names.insert(json, i.clone());
                        i
                    }
                };
                Op::Ref(format!("&cx.k[{index}]"))
            }
        }
    }

    // --- Rules and functions ------------------------------------------------

    fn rule_fn(&self, id: RuleId) -> String {
        self.names.rules[id.0].clone()
    }

    fn function_fn(&self, id: FuncId) -> String {
        self.names.functions[id.0].clone()
    }

    fn rule(&mut self, id: RuleId, rule: &Rule) {
        let name = self.rule_fn(id);
        self.kinds.clear();
        self.next = 0;
        self.last_comment = None;
        self.line(format!(
            "/// `{}` ({}), {}.",
            rule.path,
            rule.loc,
            match rule.kind {
                RuleKind::Complete => "a rule",
                RuleKind::PartialSet => "a partial set",
                RuleKind::PartialObject => "a partial object",
            }
        ));
        let cell = format!("r{}", id.0);
        match rule.kind {
            RuleKind::Complete => {
                self.line(format!(
                    "fn {name}<'c>(cx: &'c Cx) -> Res<Option<&'c Val>> {{"
                ));
                self.line(format!("    cx.cache.{cell}.complete(|| {name}_eval(cx))"));
                self.line("}");
                self.line("");
                self.line("#[inline(never)]");
                self.line(format!("fn {name}_eval(cx: &Cx) -> Res<Option<Val>> {{"));
                self.indent += 1;
                if let [chain] = rule.defs.as_slice() {
                    if single_solution(chain) {
                        self.direct_chain(chain, &rule.locals);
                        self.line("Ok(None)");
                        self.indent -= 1;
                        self.line("}");
                        self.line("");
                        return;
                    }
                }
                self.line(format!("let mut out = One::new({:?});", rule.path));
                for chain in &rule.defs {
                    self.chain(chain, "out.merge(got)?;", &rule.locals);
                }
                self.line("Ok(out.value())");
            }
            RuleKind::PartialSet | RuleKind::PartialObject => {
                self.line(format!("fn {name}<'c>(cx: &'c Cx) -> Res<&'c Val> {{"));
                self.line(format!("    cx.cache.{cell}.partial(|| {name}_eval(cx))"));
                self.line("}");
                self.line("");
                self.line("#[inline(never)]");
                self.line(format!("fn {name}_eval(cx: &Cx) -> Res<Val> {{"));
                self.indent += 1;
                if rule.kind == RuleKind::PartialSet {
                    self.line("let mut out = SetOut::new();");
                } else {
                    self.line(format!("let mut out = ObjOut::new({:?});", rule.path));
                }
                for chain in &rule.defs {
                    for link in &chain.links {
                        self.comment(&link.loc);
                        let label = self.fresh("'b");
                        self.line(format!("{label}: {{"));
                        self.indent += 1;
                        let opened =
                            self.block(&link.body, &format!("break {label}"), &rule.locals);
                        let fail = opened.1.clone();
                        match &link.head {
                            Head::Member(m) => {
                                let op = self.expr(m, &fail, &rule.locals);
                                self.line(format!("out.add({});", op.owned()));
                            }
                            Head::Entry(k, v) => {
                                let k = self.expr(k, &fail, &rule.locals);
                                let v = self.expr(v, &fail, &rule.locals);
                                self.line(format!("out.add({}, {})?;", k.owned(), v.owned()));
                            }
                            Head::Value(_) => unreachable!("partial rules have members or entries"),
                        }
                        self.close(opened.0);
                        self.indent -= 1;
                        self.line("}");
                    }
                }
                self.line("out.finish()");
            }
        }
        self.indent -= 1;
        self.line("}");
        self.line("");
    }

    fn function(&mut self, id: FuncId, function: &Function) {
        let name = self.function_fn(id);
        self.kinds.clear();
        self.next = 0;
        self.last_comment = None;
        let params: Vec<String> = (0..function.arity).map(|i| format!("a{i}: &Val")).collect();
        self.line(format!("/// `{}` ({}).", function.path, function.loc));
        self.line("#[inline(never)]");
        self.line(format!(
            "fn {name}(cx: &Cx, {}) -> Res<Option<Val>> {{",
            params.join(", ")
        ));
        self.indent += 1;
        // One definition that can hold only once (no loop in its bodies):
        // its value is returned as soon as a branch holds.
        if let [def] = function.defs.as_slice() {
            if single_solution(&def.chain) {
                self.params(def, &function.locals);
                self.direct_chain(&def.chain, &function.locals);
                self.line("Ok(None)");
                self.indent -= 1;
                self.line("}");
                self.line("");
                return;
            }
        }
        self.line(format!("let mut out = Results::new({:?});", function.path));
        for def in &function.defs {
            self.comment(&def.chain.links[0].loc);
            self.line("out.add((|| -> Res<Option<Val>> {");
            self.indent += 1;
            self.params(def, &function.locals);
            if single_solution(&def.chain) {
                self.direct_chain(&def.chain, &function.locals);
                self.line("Ok(None)");
            } else {
                self.line(format!("let mut got = One::new({:?});", function.path));
                self.chain(&def.chain, "", &function.locals);
                self.line("Ok(got.value())");
            }
            self.indent -= 1;
            self.line("})());");
        }
        self.line("out.finish()");
        self.indent -= 1;
        self.line("}");
        self.line("");
    }

    fn params(&mut self, def: &FuncDef, locals: &Locals) {
        for (i, param) in def.params.iter().enumerate() {
            if let Some(local) = param {
                let var = local_name(locals, *local);
                self.line(format!("let {var}: &Val = a{i};"));
                self.kinds.insert(*local, (var, true));
            }
        }
    }

    /// A definition that can hold only once: each branch in turn, returning
    /// `Ok(Some(value))` from the first that holds.
    fn direct_chain(&mut self, chain: &Chain, locals: &Locals) {
        for (i, link) in chain.links.iter().enumerate() {
            if i > 0 {
                self.line("// else");
            }
            self.comment(&link.loc);
            let label = self.fresh("'b");
            self.line(format!("{label}: {{"));
            self.indent += 1;
            let (opened, fail) = self.block(&link.body, &format!("break {label}"), locals);
            debug_assert_eq!(opened, 0, "a single-solution body opens no loop");
            let Head::Value(v) = &link.head else {
                unreachable!("complete rules and functions have values")
            };
            let op = self.expr(v, &fail, locals);
            self.line(format!("return Ok(Some({}));", op.owned()));
            self.indent -= 1;
            self.line("}");
        }
    }

    /// One definition with its else branches, into `got` (a `One`); then
    /// `after` (with `got` finished).
    fn chain(&mut self, chain: &Chain, after: &str, locals: &Locals) {
        let wrap = !after.is_empty();
        if wrap {
            self.line("{");
            self.indent += 1;
            self.line(format!("let mut got = One::new({:?});", "definition"));
        }
        let chain_label = self.fresh("'c");
        let many = chain.links.len() > 1;
        if many {
            self.line(format!("{chain_label}: {{"));
            self.indent += 1;
        }
        for (i, link) in chain.links.iter().enumerate() {
            if i > 0 {
                self.line(format!("if got.found() {{ break {chain_label}; }}"));
                self.line("// else");
            }
            self.comment(&link.loc);
            let label = self.fresh("'b");
            self.line(format!("{label}: {{"));
            self.indent += 1;
            let opened = self.block(&link.body, &format!("break {label}"), locals);
            let Head::Value(v) = &link.head else {
                unreachable!("complete rules and functions have values")
            };
            let op = self.expr(v, &opened.1, locals);
            self.line(format!("got.add({})?;", op.owned()));
            self.close(opened.0);
            self.indent -= 1;
            self.line("}");
        }
        if many {
            self.indent -= 1;
            self.line("}");
        }
        if wrap {
            self.line(after);
            self.indent -= 1;
            self.line("}");
        }
    }

    /// Emits a block's statements; returns how many loops it opened (to be
    /// closed by [`Emitter::close`] after the caller's final statements) and
    /// the failure action in force at its end.
    fn block(&mut self, block: &Block, fail: &str, locals: &Locals) -> (usize, String) {
        let mut fail = fail.to_string();
        let mut opened = 0;
        for stmt in &block.stmts {
            match stmt {
                Stmt::Scan {
                    key,
                    value,
                    source,
                    loc,
                } => {
                    self.comment(loc);
                    let src = self.expr(source, &fail, locals);
                    let label = self.fresh("'l");
                    let k = key.map(|k| self.bind(k, locals, false));
                    let v = value.map(|v| self.bind(v, locals, true));
                    let head = match (&k, &v) {
                        (Some(k), Some(v)) => format!("({k}, {v}) in entries_of({})", src.r()),
                        (Some(k), None) => format!("{k} in keys_of({})", src.r()),
                        (None, Some(v)) => format!("{v} in values_of({})", src.r()),
                        (None, None) => format!("_ in values_of({})", src.r()),
                    };
                    self.line(format!("{label}: for {head} {{"));
                    self.indent += 1;
                    opened += 1;
                    fail = format!("continue {label}");
                }
                Stmt::Let { local, value, loc } => {
                    self.comment(loc);
                    let op = self.expr(value, &fail, locals);
                    let name = local_name(locals, *local);
                    match op {
                        Op::Ref(x) => {
                            self.line(format!("let {name}: &Val = {x};"));
                            self.kinds.insert(*local, (name, true));
                        }
                        Op::Owned(x) => {
                            self.line(format!("let {name}: Val = {x}.dup();"));
                            self.kinds.insert(*local, (name, false));
                        }
                        Op::Temp(x) => {
                            self.line(format!("let {name}: Val = {x};"));
                            self.kinds.insert(*local, (name, false));
                        }
                        Op::Const(x) => {
                            self.line(format!("let {name}: Val = {x};"));
                            self.kinds.insert(*local, (name, false));
                        }
                    }
                }
                Stmt::Check { cond, loc } => {
                    self.comment(loc);
                    let test = self.condition(cond, &fail, locals);
                    self.line(format!("if !({test}) {{ {fail}; }}"));
                }
                Stmt::Not { cond, loc } => {
                    self.comment(loc);
                    let label = self.fresh("'n");
                    let held = self.fresh("held");
                    self.line(format!("let {held} = {label}: {{"));
                    self.indent += 1;
                    let test = self.condition(cond, &format!("break {label} false"), locals);
                    self.line(test);
                    self.indent -= 1;
                    self.line("};");
                    self.line(format!("if {held} {{ {fail}; }}"));
                }
            }
        }
        (opened, fail)
    }

    fn close(&mut self, loops: usize) {
        for _ in 0..loops {
            self.indent -= 1;
            self.line("}");
        }
    }

    fn bind(&mut self, local: Local, locals: &Locals, borrowed: bool) -> String {
        let name = local_name(locals, local);
        self.kinds.insert(local, (name.clone(), borrowed));
        name
    }

    /// A Rust `bool` expression: whether `cond` holds (defined and not
    /// false), after emitting what it needs (failing when undefined).
    fn condition(&mut self, cond: &Expr, fail: &str, locals: &Locals) -> String {
        match cond {
            Expr::Compare(op, a, b) => {
                let a = self.expr(a, fail, locals);
                let b = self.expr(b, fail, locals);
                compare(*op, &a.r(), &b.r())
            }
            _ => {
                let op = self.expr(cond, fail, locals);
                format!("{}.holds()", op.recv())
            }
        }
    }

    /// Emits what computing `e` needs and returns how to use its value; when
    /// `e` is undefined, the emitted code does `fail`.
    fn expr(&mut self, e: &Expr, fail: &str, locals: &Locals) -> Op {
        match e {
            Expr::Local(l) => match self.kinds.get(l) {
                Some((name, true)) => Op::Ref(name.clone()),
                Some((name, false)) => Op::Owned(name.clone()),
                None => panic!("local {} read before it is bound", local_name(locals, *l)),
            },
            Expr::Const(c) => self.constant(c),
            Expr::Input => Op::Ref("cx.input".into()),
            Expr::Config => Op::Ref("cx.config".into()),
            Expr::Rule(id) => {
                let t = self.fresh("t");
                let f = self.rule_fn(*id);
                match self.program.rules[id.0].kind {
                    RuleKind::Complete => {
                        self.line(format!("let Some({t}) = {f}(cx)? else {{ {fail}; }};"))
                    }
                    _ => self.line(format!("let {t} = {f}(cx)?;")),
                }
                Op::Ref(t)
            }
            Expr::Call(id, args) => {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| self.expr(a, fail, locals).r())
                    .collect();
                let t = self.fresh("t");
                let f = self.function_fn(*id);
                self.line(format!(
                    "let Some({t}) = {f}(cx, {})? else {{ {fail}; }};",
                    args.join(", ")
                ));
                Op::Temp(t)
            }
            Expr::Builtin(b, args) => {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| self.expr(a, fail, locals).r())
                    .collect();
                let t = self.fresh("t");
                let args = match b {
                    // The delimiter, then the parts as a slice.
                    Builtin::ConcatParts => format!("{}, &[{}]", args[0], args[1..].join(", ")),
                    _ => args.join(", "),
                };
                self.line(format!(
                    "let Some({t}) = builtins::{}({args}) else {{ {fail}; }};",
                    b.runtime_name(),
                ));
                Op::Temp(t)
            }
            Expr::Field(base, name) => {
                let base = self.expr(base, fail, locals);
                let field = self.field(name);
                let t = self.fresh("t");
                self.line(format!(
                    "let Some({t}) = {}.get({field}) else {{ {fail}; }};",
                    base.recv()
                ));
                Op::Ref(t)
            }
            Expr::Index(base, index) => {
                let base = self.expr(base, fail, locals);
                let index = self.expr(index, fail, locals);
                let t = self.fresh("t");
                self.line(format!(
                    "let Some({t}) = {}.index({}) else {{ {fail}; }};",
                    base.recv(),
                    index.r()
                ));
                Op::Ref(t)
            }
            Expr::Array(items) | Expr::Set(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| self.expr(i, fail, locals).owned())
                    .collect();
                let t = self.fresh("t");
                let make = if matches!(e, Expr::Array(_)) {
                    "array"
                } else {
                    "set"
                };
                self.line(format!(
                    "let {t} = Val::{make}(vec![{}]);",
                    items.join(", ")
                ));
                Op::Temp(t)
            }
            Expr::Record(entries) => {
                let mut sorted: Vec<&(String, Expr)> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                let keys: Vec<String> = sorted.iter().map(|(k, _)| k.clone()).collect();
                let shape = self.shape(&keys);
                let values: Vec<String> = sorted
                    .iter()
                    .map(|(_, v)| format!("Some({})", self.expr(v, fail, locals).owned()))
                    .collect();
                let t = self.fresh("t");
                self.line(format!("let {t} = rec({shape}, [{}]);", values.join(", ")));
                Op::Temp(t)
            }
            Expr::Object(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| {
                        let k = self.expr(k, fail, locals).owned();
                        let v = self.expr(v, fail, locals).owned();
                        format!("({k}, {v})")
                    })
                    .collect();
                let t = self.fresh("t");
                self.line(format!(
                    "let {t} = Val::object(vec![{}]);",
                    entries.join(", ")
                ));
                Op::Temp(t)
            }
            Expr::Compr(c) => self.comprehension(c, locals),
            Expr::Compare(op, a, b) => {
                let a = self.expr(a, fail, locals);
                let b = self.expr(b, fail, locals);
                let t = self.fresh("t");
                self.line(format!(
                    "let {t} = Val::Bool({});",
                    compare(*op, &a.r(), &b.r())
                ));
                Op::Temp(t)
            }
            Expr::Arith(op, a, b) => {
                let a = self.expr(a, fail, locals);
                let b = self.expr(b, fail, locals);
                let f = match op {
                    ArithOp::Add => "add",
                    ArithOp::Sub => "sub",
                    ArithOp::Mul => "mul",
                    ArithOp::Div => "div",
                    ArithOp::Mod => "rem",
                };
                let t = self.fresh("t");
                self.line(format!(
                    "let Some({t}) = arith::{f}({}, {}) else {{ {fail}; }};",
                    a.r(),
                    b.r()
                ));
                Op::Temp(t)
            }
            Expr::Member {
                key,
                value,
                collection,
            } => {
                // `in` is never undefined: an undefined side makes it false.
                let key = key.as_ref().map(|k| self.optional(k, locals));
                let value = self.optional(value, locals);
                let collection = self.optional(collection, locals);
                let t = self.fresh("t");
                match key {
                    Some(k) => self.line(format!(
                        "let {t} = Val::Bool(member_kv({k}.as_ref(), {value}.as_ref(), {collection}.as_ref()));"
                    )),
                    None => self.line(format!(
                        "let {t} = Val::Bool(member({value}.as_ref(), {collection}.as_ref()));"
                    )),
                }
                Op::Temp(t)
            }
        }
    }

    /// `e` as an `Option<Val>` local: `None` when undefined.
    fn optional(&mut self, e: &Expr, locals: &Locals) -> String {
        let t = self.fresh("o");
        let label = self.fresh("'o");
        self.line(format!("let {t}: Option<Val> = {label}: {{"));
        self.indent += 1;
        let op = self.expr(e, &format!("break {label} None"), locals);
        self.line(format!("Some({})", op.owned()));
        self.indent -= 1;
        self.line("};");
        t
    }

    fn comprehension(&mut self, c: &Compr, locals: &Locals) -> Op {
        let t = self.fresh("t");
        let acc = match c.kind {
            ComprKind::Array => "ArrOut::new()".to_string(),
            ComprKind::Set => "SetOut::new()".to_string(),
            ComprKind::Object => "ObjOut::new(\"an object comprehension\")".to_string(),
        };
        let acc_name = self.fresh("acc");
        self.line(format!("let mut {acc_name} = {acc};"));
        let label = self.fresh("'c");
        self.line(format!("{label}: {{"));
        self.indent += 1;
        let (opened, fail) = self.block(&c.body, &format!("break {label}"), locals);
        let term = self.expr(&c.term, &fail, locals);
        match &c.value {
            Some(v) => {
                let v = self.expr(v, &fail, locals);
                self.line(format!("{acc_name}.add({}, {})?;", term.owned(), v.owned()));
            }
            None => self.line(format!("{acc_name}.add({});", term.owned())),
        }
        self.close(opened);
        self.indent -= 1;
        self.line("}");
        match c.kind {
            ComprKind::Object => self.line(format!("let {t} = {acc_name}.finish()?;")),
            _ => self.line(format!("let {t} = {acc_name}.finish()?;")),
        }
        Op::Temp(t)
    }

    // --- The module around the functions ------------------------------------

    fn header(&mut self, extra: &Extra) {
        let fields: Vec<String> = self.fields.iter().cloned().collect();
        let mut h = String::new();
        let _ = writeln!(
            h,
            "// @generated by conduct-compile from the Rego under policies/. Do not edit:\n\
             // build.rs writes this file on every build. To read it, see README.md\n\
             // (\"Reading the compiled catalogue\").\n"
        );
        let _ = writeln!(
            h,
            "/// Every field name the rules or the input model use, sorted, so that"
        );
        let _ = writeln!(h, "/// field ids order as their names do.");
        let _ = writeln!(h, "pub const FIELD_COUNT: usize = {};", fields.len());
        let _ = writeln!(h, "pub static FIELD_NAMES: [&str; FIELD_COUNT] = [");
        for f in &fields {
            let _ = writeln!(h, "    {f:?},");
        }
        let _ = writeln!(h, "];\n");
        let _ = writeln!(
            h,
            "/// The id of a field name (a `match` the compiler turns into a few comparisons)."
        );
        let _ = writeln!(h, "pub fn field_of(name: &str) -> Option<Field> {{");
        let _ = writeln!(h, "    Some(match name {{");
        for (i, f) in fields.iter().enumerate() {
            let _ = writeln!(h, "        {f:?} => Field({i}),");
        }
        let _ = writeln!(h, "        _ => return None,\n    }})\n}}\n");
        let _ = writeln!(h, "/// Field ids by name.");
        let _ = writeln!(h, "#[allow(dead_code)]");
        let _ = writeln!(h, "pub mod f {{");
        let _ = writeln!(h, "    use super::Field;");
        for (i, f) in fields.iter().enumerate() {
            let _ = writeln!(h, "    pub const {}: Field = Field({i});", const_name(f));
        }
        let _ = writeln!(h, "}}\n");
        let _ = writeln!(
            h,
            "/// Record shapes: the keys of objects known when this was generated."
        );
        let mut shapes: Vec<(&Vec<String>, &String)> = self.shapes.iter().collect();
        shapes.sort_by_key(|(_, name)| name[6..].parse::<usize>().unwrap_or(0));
        let _ = writeln!(h, "pub static SHAPES: [RecShape; {}] = [", shapes.len());
        for (keys, _) in &shapes {
            let ids: Vec<String> = keys
                .iter()
                .map(|k| format!("f::{}", const_name(k)))
                .collect();
            let _ = writeln!(h, "    RecShape {{ fields: &[{}] }},", ids.join(", "));
        }
        let _ = writeln!(h, "];");
        for (i, (_, name)) in shapes.iter().enumerate() {
            let _ = writeln!(h, "pub const {name}: Shape = Shape({i});");
        }
        let _ = writeln!(h);
        let _ = writeln!(
            h,
            "/// The input model's objects, by the names build.rs gave them."
        );
        let _ = writeln!(h, "pub fn input_shape(name: &str) -> Option<Shape> {{");
        let _ = writeln!(h, "    match name {{");
        for (name, keys) in &extra.shapes {
            let mut sorted = keys.clone();
            sorted.sort();
            let shape = &self.shapes[&sorted];
            let _ = writeln!(h, "        {name:?} => Some({shape}),");
        }
        let _ = writeln!(h, "        _ => None,\n    }}\n}}\n");
        let _ = writeln!(
            h,
            "/// The constants that need memory (strings, arrays, sets, objects), as one JSON"
        );
        let _ = writeln!(
            h,
            "/// array (a set is written `{{\"set!\": [...]}}`): the runtime builds them once per"
        );
        let _ = writeln!(h, "/// thread, and the code reads them as `cx.k[i]`.");
        let list: Vec<&str> = self.consts.iter().map(|(_, json)| json.as_str()).collect();
        let _ = writeln!(h, "pub const CONSTANT_COUNT: usize = {};", list.len());
        let _ = writeln!(
            h,
            "pub static CONSTANTS: &str = {:?};\n",
            format!("[{}]", list.join(","))
        );
        let _ = writeln!(
            h,
            "/// Each rule's value, computed at most once per evaluation."
        );
        let _ = writeln!(h, "#[derive(Default)]");
        let _ = writeln!(h, "pub struct Cache {{");
        for i in 0..self.program.rules.len() {
            let _ = writeln!(h, "    r{i}: Memo,");
        }
        let _ = writeln!(h, "}}\n");
        self.out = h;
    }

    fn entries(&self) -> String {
        let mut h = String::new();
        let _ = writeln!(h, "/// The entry points: each checkable rule's findings.");
        let _ = writeln!(
            h,
            "pub static ENTRIES: [&str; {}] = [",
            self.program.entries.len()
        );
        for (path, _) in &self.program.entries {
            let _ = writeln!(h, "    {path:?},");
        }
        let _ = writeln!(h, "];\n");
        let _ = writeln!(
            h,
            "/// What entry point `entry` produces (`None`: undefined)."
        );
        let _ = writeln!(
            h,
            "pub fn run_entry(cx: &Cx, entry: usize) -> Res<Option<Val>> {{"
        );
        let _ = writeln!(h, "    match entry {{");
        for (i, (_, id)) in self.program.entries.iter().enumerate() {
            match id {
                Some(id) => {
                    let f = self.rule_fn(*id);
                    match self.program.rules[id.0].kind {
                        RuleKind::Complete => {
                            let _ = writeln!(h, "        {i} => Ok({f}(cx)?.cloned()),");
                        }
                        _ => {
                            let _ = writeln!(h, "        {i} => Ok(Some({f}(cx)?.clone())),");
                        }
                    }
                }
                None => {
                    let _ = writeln!(h, "        {i} => Ok(None),");
                }
            }
        }
        let _ = writeln!(h, "        _ => Ok(None),\n    }}\n}}");
        h
    }
}

/// A constant as JSON text (a set as `{"set!": [...]}`).
fn const_json(c: &Const) -> String {
    let string = |s: &str| {
        let mut out = String::from("\"");
        for ch in s.chars() {
            match ch {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    match c {
        Const::Null => "null".into(),
        Const::Bool(b) => b.to_string(),
        Const::Int(i) => i.to_string(),
        Const::Float(f) => format!("{f:?}"),
        Const::Str(s) => string(s),
        Const::Array(items) => format!(
            "[{}]",
            items.iter().map(const_json).collect::<Vec<_>>().join(",")
        ),
        Const::Set(items) => format!(
            "{{\"set!\":[{}]}}",
            items.iter().map(const_json).collect::<Vec<_>>().join(",")
        ),
        Const::Object(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}:{}", string(k), const_json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// Whether a definition can hold at most once: no branch iterates (a
/// comprehension iterates inside one value, which is fine).
fn single_solution(chain: &Chain) -> bool {
    chain
        .links
        .iter()
        .all(|l| !l.body.stmts.iter().any(|s| matches!(s, Stmt::Scan { .. })))
}

fn compare(op: CmpOp, a: &str, b: &str) -> String {
    match op {
        CmpOp::Eq => format!("{a} == {b}"),
        CmpOp::Ne => format!("{a} != {b}"),
        CmpOp::Lt => format!("cmp({a}, {b}).is_lt()"),
        CmpOp::Le => format!("cmp({a}, {b}).is_le()"),
        CmpOp::Gt => format!("cmp({a}, {b}).is_gt()"),
        CmpOp::Ge => format!("cmp({a}, {b}).is_ge()"),
    }
}

fn local_name(locals: &Locals, l: Local) -> String {
    let name: String = locals.names[l]
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{name}_{l}")
}

/// A field name as a Rust constant name: `partiesNotifiedAt` →
/// `PARTIES_NOTIFIED_AT`. Names that would collide get their index.
pub fn const_name(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push('_');
            prev_lower = false;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    // Keep the mapping one to one: mark names whose spelling the
    // upper-casing loses (`aB` and `a_b` both give `A_B`; `ab` and `AB`
    // both give `AB`), that is, names it does not give back.
    if camel_of(&out) != name {
        let hash = name
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        out.push_str(&format!("_{hash:08X}"));
    }
    out
}

struct FnNames {
    rules: Vec<String>,
    functions: Vec<String>,
}

/// A Rust name for each rule (`rule_…`, and `rule_…_eval` beside it) and
/// each Rego function (`fn_…`), from its path. Where two would spell the
/// same (`data.p.a_b` and `data.p.a.b`; the rule `data.p.q_eval` and the
/// helper of `data.p.q`), the later in planning order takes a number.
fn fn_names(program: &Program) -> FnNames {
    let mut taken = BTreeSet::new();
    let mut unique = |base: String, helper: bool| {
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) || (helper && taken.contains(&format!("{name}_eval"))) {
            n += 1;
            name = format!("{base}_{n}");
        }
        if helper {
            taken.insert(format!("{name}_eval"));
        }
        taken.insert(name.clone());
        name
    };
    let rules = program
        .rules
        .iter()
        .map(|r| unique(format!("rule_{}", short_name(&r.path)), true))
        .collect();
    let functions = program
        .functions
        .iter()
        .map(|f| unique(format!("fn_{}", short_name(&f.path)), false))
        .collect();
    FnNames { rules, functions }
}

/// The name [`const_name`] came from when it lost nothing: lower case, with
/// each `_` turned into an upper-case next letter (`PARTIES_AT` →
/// `partiesAt`); a leading `_` (before a digit) is dropped.
fn camel_of(constant: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in constant.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// `data.conduct.rules.b12.findings` → `b12_findings`.
fn short_name(path: &str) -> String {
    let p = path
        .strip_prefix("data.conduct.rules.")
        .or_else(|| path.strip_prefix("data.conduct."))
        .or_else(|| path.strip_prefix("data."))
        .unwrap_or(path);
    p.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}
