//! Planning: from regorus's AST to the IR, for every rule and function the
//! entry points reach.
//!
//! The planner resolves names (locals, `input`, `data.conduct.config`,
//! rules and functions through packages and imports), checks that every
//! variable is bound before it is read, turns references that iterate
//! (`claimable[i][e]` with `i` and `e` declared by `some`) into scans, and
//! refuses, naming the file, line, rule and construct, anything outside the
//! subset the runtime implements.

use crate::front::{loc, GroupKind, Index};
use crate::ir::*;
use crate::Error;
use regorus::unstable::{
    self as ast, ArithOp as AstArith, AssignOp, BoolOp, Expr as AstExpr, Literal, Query, Ref,
    RuleHead,
};
use regorus::Value;
use std::collections::{BTreeMap, HashMap};

/// What the planner enforces beyond the subset.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Refuse `not f(x.y)`: OPA fails the body when `x.y` is undefined,
    /// regorus makes the `not` hold, so such Rego means different things in
    /// the two.
    pub portable_not: bool,
}

/// The document the configuration lives at.
const CONFIG_PATH: &[&str] = &["conduct", "config"];

pub fn plan(index: &Index, entries: &[String], options: Options) -> Result<Program, Error> {
    let mut planner = Planner {
        index,
        options,
        rules: Vec::new(),
        functions: Vec::new(),
        rule_ids: HashMap::new(),
        func_ids: HashMap::new(),
        pending: Vec::new(),
    };
    let mut program = Program::default();
    for entry in entries {
        let id = match index.groups.get(entry) {
            Some(g) if g.kind == GroupKind::PartialSet || g.kind == GroupKind::Complete => {
                Some(planner.rule_id(entry))
            }
            Some(g) => {
                return Err(Error {
                    loc: Some(loc(g.defs[0].1.span())),
                    rule: Some(entry.clone()),
                    message: "an entry point must be a rule or a partial set, not a function or a partial object".into(),
                })
            }
            None => None,
        };
        program.entries.push((entry.clone(), id));
    }
    while let Some(job) = planner.pending.pop() {
        match job {
            Job::Rule(id, path) => {
                let rule = planner.plan_rule(&path)?;
                planner.rules[id.0] = Some(rule);
            }
            Job::Function(id, path) => {
                let function = planner.plan_function(&path)?;
                planner.functions[id.0] = Some(function);
            }
        }
    }
    program.rules = planner
        .rules
        .into_iter()
        .map(|r| r.expect("planned"))
        .collect();
    program.functions = planner
        .functions
        .into_iter()
        .map(|f| f.expect("planned"))
        .collect();
    check_no_recursion(&program)?;
    Ok(program)
}

enum Job {
    Rule(RuleId, String),
    Function(FuncId, String),
}

struct Planner<'a> {
    index: &'a Index,
    options: Options,
    rules: Vec<Option<Rule>>,
    functions: Vec<Option<Function>>,
    rule_ids: HashMap<String, RuleId>,
    func_ids: HashMap<String, FuncId>,
    pending: Vec<Job>,
}

/// What a body knows about its variables.
#[derive(Clone, Default)]
struct Scope {
    bound: BTreeMap<String, Local>,
    /// Declared by `some x` and not bound yet: a reference `coll[x]` binds
    /// them by iterating.
    declared: Vec<String>,
}

/// Where the code being planned lives.
struct Site<'p> {
    module: usize,
    rule: &'p str,
}

impl<'a> Planner<'a> {
    fn rule_id(&mut self, path: &str) -> RuleId {
        if let Some(id) = self.rule_ids.get(path) {
            return *id;
        }
        let id = RuleId(self.rules.len());
        self.rules.push(None);
        self.rule_ids.insert(path.to_string(), id);
        self.pending.push(Job::Rule(id, path.to_string()));
        id
    }

    fn func_id(&mut self, path: &str) -> FuncId {
        if let Some(id) = self.func_ids.get(path) {
            return *id;
        }
        let id = FuncId(self.functions.len());
        self.functions.push(None);
        self.func_ids.insert(path.to_string(), id);
        self.pending.push(Job::Function(id, path.to_string()));
        id
    }

    fn plan_rule(&mut self, path: &str) -> Result<Rule, Error> {
        let group = &self.index.groups[path];
        let kind = match group.kind {
            GroupKind::Complete => RuleKind::Complete,
            GroupKind::PartialSet => RuleKind::PartialSet,
            GroupKind::PartialObject => RuleKind::PartialObject,
            GroupKind::Function(_) => unreachable!("functions are planned as functions"),
        };
        let mut locals = Locals::default();
        let mut defs = Vec::new();
        let first = loc(group.defs[0].1.span());
        for (module, rule) in group.defs.clone() {
            let site = Site { module, rule: path };
            let ast::Rule::Spec { head, bodies, .. } = rule.as_ref() else {
                unreachable!("default rules are refused when indexing")
            };
            defs.extend(self.plan_chains(&site, head, bodies, &Scope::default(), &mut locals)?);
        }
        Ok(Rule {
            path: path.to_string(),
            kind,
            defs,
            locals,
            loc: first,
        })
    }

    fn plan_function(&mut self, path: &str) -> Result<Function, Error> {
        let group = &self.index.groups[path];
        let GroupKind::Function(arity) = group.kind else {
            unreachable!("rules are planned as rules")
        };
        let mut locals = Locals::default();
        let mut defs = Vec::new();
        let first = loc(group.defs[0].1.span());
        for (module, rule) in group.defs.clone() {
            let site = Site { module, rule: path };
            let ast::Rule::Spec { head, bodies, .. } = rule.as_ref() else {
                unreachable!("default rules are refused when indexing")
            };
            let RuleHead::Func { args, .. } = head else {
                unreachable!("a function group holds functions")
            };
            let mut scope = Scope::default();
            let mut params = Vec::new();
            for arg in args {
                match arg.as_ref() {
                    AstExpr::Var { span, .. } if span.text() == "_" => params.push(None),
                    AstExpr::Var { span, .. } if scope.bound.contains_key(span.text()) => {
                        // OPA requires the arguments to be equal; regorus
                        // binds the name to the last one.
                        return Err(self.refuse(
                            &site,
                            span,
                            "a function parameter named twice (OPA and regorus read it differently)",
                        ));
                    }
                    AstExpr::Var { span, .. } => {
                        let local = locals.add(span.text());
                        scope.bound.insert(span.text().to_string(), local);
                        params.push(Some(local));
                    }
                    other => {
                        return Err(self.refuse(
                            &site,
                            other.span(),
                            "a function parameter that is not a plain variable",
                        ))
                    }
                }
            }
            for chain in self.plan_chains(&site, head, bodies, &scope, &mut locals)? {
                defs.push(FuncDef {
                    params: params.clone(),
                    chain,
                });
            }
        }
        Ok(Function {
            path: path.to_string(),
            arity,
            defs,
            locals,
            loc: first,
        })
    }

    /// The else-chains of one definition. Bodies not introduced by `else`
    /// start chains of their own (independent definitions).
    fn plan_chains(
        &mut self,
        site: &Site,
        head: &RuleHead,
        bodies: &[ast::RuleBody],
        outer: &Scope,
        locals: &mut Locals,
    ) -> Result<Vec<Chain>, Error> {
        let head_span = match head {
            RuleHead::Compr { span, .. }
            | RuleHead::Set { span, .. }
            | RuleHead::Func { span, .. } => span,
        };
        let mut chains: Vec<Chain> = Vec::new();
        let bodies_or_none: Vec<Option<&ast::RuleBody>> = if bodies.is_empty() {
            vec![None]
        } else {
            bodies.iter().map(Some).collect()
        };
        for (i, body) in bodies_or_none.into_iter().enumerate() {
            let is_else = body.is_some_and(|b| b.is_else);
            let mut scope = outer.clone();
            let mut block = Block::default();
            if let Some(body) = body {
                self.plan_query(site, &body.query, &mut scope, locals, &mut block)?;
            }
            // The value: an else branch's own, else the head's.
            let assigned = match (body.and_then(|b| b.assign.as_ref()), is_else) {
                (Some(assign), true) => Some(&assign.value),
                (_, true) => None,
                _ => match head {
                    RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                        assign.as_ref().map(|a| &a.value)
                    }
                    RuleHead::Set { .. } => None,
                },
            };
            let partial = match head {
                RuleHead::Set { .. } => true,
                RuleHead::Compr { refr, .. } => matches!(refr.as_ref(), AstExpr::RefBrack { .. }),
                RuleHead::Func { .. } => false,
            };
            if is_else && partial {
                return Err(self.refuse(site, head_span, "`else` on a partial rule"));
            }
            let mut pre = Vec::new();
            let head = match head {
                RuleHead::Set { refr, key, .. } => {
                    let member = match (key, refr.as_ref()) {
                        (Some(key), _) => key,
                        (None, AstExpr::RefBrack { index, .. }) => index,
                        _ => unreachable!("checked when indexing"),
                    };
                    Head::Member(self.expr(site, member, &mut scope, locals, &mut pre)?)
                }
                RuleHead::Compr { refr, .. } => {
                    let value = match assigned {
                        Some(v) => self.expr(site, v, &mut scope, locals, &mut pre)?,
                        None => Expr::Const(Const::Bool(true)),
                    };
                    match refr.as_ref() {
                        AstExpr::RefBrack { index, .. } => {
                            let key = self.expr(site, index, &mut scope, locals, &mut pre)?;
                            Head::Entry(key, value)
                        }
                        _ => Head::Value(value),
                    }
                }
                RuleHead::Func { .. } => Head::Value(match assigned {
                    Some(v) => self.expr(site, v, &mut scope, locals, &mut pre)?,
                    None => Expr::Const(Const::Bool(true)),
                }),
            };
            if !pre.is_empty() {
                return Err(self.refuse(
                    site,
                    head_span,
                    "a rule head that iterates (bind its variables in the body)",
                ));
            }
            let link = Link {
                body: block,
                head,
                loc: loc(body.map(|b| &b.span).unwrap_or(head_span)),
            };
            match chains.last_mut() {
                Some(chain) if is_else && i > 0 => chain.links.push(link),
                _ => chains.push(Chain { links: vec![link] }),
            }
        }
        Ok(chains)
    }

    fn plan_query(
        &mut self,
        site: &Site,
        query: &Ref<Query>,
        scope: &mut Scope,
        locals: &mut Locals,
        block: &mut Block,
    ) -> Result<(), Error> {
        for stmt in &query.stmts {
            if let Some(with) = stmt.with_mods.first() {
                return Err(self.refuse(site, &with.span, "`with`"));
            }
            match &stmt.literal {
                Literal::SomeVars { vars, .. } => {
                    for var in vars {
                        self.check_declarable(site, var, scope)?;
                        let name = var.text().to_string();
                        if name != "_" && !scope.declared.contains(&name) {
                            scope.declared.push(name);
                        }
                    }
                }
                Literal::SomeIn {
                    span,
                    key,
                    value,
                    collection,
                } => {
                    let source = self.expr(site, collection, scope, locals, &mut block.stmts)?;
                    let key = match key {
                        Some(k) => self.bind_var(site, k, scope, locals)?,
                        None => None,
                    };
                    let value = self.bind_var(site, value, scope, locals)?;
                    block.stmts.push(Stmt::Scan {
                        key,
                        value,
                        source,
                        loc: loc(span),
                    });
                }
                Literal::Expr { span, expr } => {
                    self.plan_literal(site, span, expr, scope, locals, block)?;
                }
                Literal::NotExpr { span, expr } => {
                    if self.options.portable_not {
                        self.check_portable_not(site, expr, scope)?;
                    }
                    let mut pre = Vec::new();
                    let cond = self.expr(site, expr, scope, locals, &mut pre)?;
                    if !pre.is_empty() {
                        return Err(self.refuse(
                            site,
                            span,
                            "`not` over an expression that iterates (its variables must be bound)",
                        ));
                    }
                    block.stmts.push(Stmt::Not {
                        cond,
                        loc: loc(span),
                    });
                }
                Literal::Every { span, .. } => return Err(self.refuse(
                    site,
                    span,
                    "`every` (write it as a counted comprehension: count([x | …; not ok(x)]) == 0)",
                )),
            }
        }
        Ok(())
    }

    /// A literal that is an expression: an assignment, a unification with
    /// `_`, or a condition.
    fn plan_literal(
        &mut self,
        site: &Site,
        span: &ast::Span,
        expr: &Ref<AstExpr>,
        scope: &mut Scope,
        locals: &mut Locals,
        block: &mut Block,
    ) -> Result<(), Error> {
        if let AstExpr::AssignExpr { op, lhs, rhs, .. } = expr.as_ref() {
            let AstExpr::Var {
                span: name_span, ..
            } = lhs.as_ref()
            else {
                return Err(self.refuse(site, lhs.span(), "destructuring assignment"));
            };
            let name = name_span.text();
            let bound = scope.bound.get(name).copied();
            if *op == AssignOp::Eq && bound.is_none() && self.names_data(site, scope, name) {
                // `r = 2` with `r` a rule (or `input`, or an import) compares:
                // only an unbound variable is bound by `=`.
                let lhs = self.expr(site, lhs, scope, locals, &mut block.stmts)?;
                let rhs = self.expr(site, rhs, scope, locals, &mut block.stmts)?;
                block.stmts.push(Stmt::Check {
                    cond: Expr::Compare(CmpOp::Eq, Box::new(lhs), Box::new(rhs)),
                    loc: loc(span),
                });
                return Ok(());
            }
            let value = self.expr(site, rhs, scope, locals, &mut block.stmts)?;
            match (op, bound) {
                (AssignOp::Eq, Some(local)) if name != "_" => {
                    // Unification of two bound values is a comparison.
                    block.stmts.push(Stmt::Check {
                        cond: Expr::Compare(
                            CmpOp::Eq,
                            Box::new(Expr::Local(local)),
                            Box::new(value),
                        ),
                        loc: loc(span),
                    });
                }
                (AssignOp::ColEq, Some(_)) if name != "_" => {
                    return Err(self.refuse(site, name_span, "assigning a variable twice"));
                }
                _ => {
                    let local = locals.add(if name == "_" { "defined" } else { name });
                    if name != "_" {
                        scope.declared.retain(|d| d != name);
                        scope.bound.insert(name.to_string(), local);
                    }
                    block.stmts.push(Stmt::Let {
                        local,
                        value,
                        loc: loc(span),
                    });
                }
            }
            return Ok(());
        }
        let cond = self.expr(site, expr, scope, locals, &mut block.stmts)?;
        block.stmts.push(Stmt::Check {
            cond,
            loc: loc(span),
        });
        Ok(())
    }

    /// A variable a `some … in` binds (`None` for `_`).
    fn bind_var(
        &mut self,
        site: &Site,
        expr: &Ref<AstExpr>,
        scope: &mut Scope,
        locals: &mut Locals,
    ) -> Result<Option<Local>, Error> {
        match expr.as_ref() {
            AstExpr::Var { span, .. } if span.text() == "_" => Ok(None),
            AstExpr::Var { span, .. } => {
                self.check_declarable(site, span, scope)?;
                let name = span.text();
                let local = locals.add(name);
                scope.declared.retain(|d| d != name);
                scope.bound.insert(name.to_string(), local);
                Ok(Some(local))
            }
            other => Err(self.refuse(
                site,
                other.span(),
                "a pattern in `some … in` (use plain variables)",
            )),
        }
    }

    /// Lowers an expression. Statements it needs first (scans of
    /// references that iterate) are appended to `pre`.
    fn expr(
        &mut self,
        site: &Site,
        expr: &Ref<AstExpr>,
        scope: &mut Scope,
        locals: &mut Locals,
        pre: &mut Vec<Stmt>,
    ) -> Result<Expr, Error> {
        Ok(match expr.as_ref() {
            AstExpr::String { value, .. } | AstExpr::RawString { value, .. } => {
                Expr::Const(Const::Str(string_of(value)))
            }
            AstExpr::Number { span, .. } => Expr::Const(number(site, span, self)?),
            AstExpr::Bool { value, .. } => Expr::Const(Const::Bool(*value == Value::Bool(true))),
            AstExpr::Null { .. } => Expr::Const(Const::Null),
            AstExpr::Var { span, .. } => self.var(site, span, scope)?,
            AstExpr::Array { items, .. } => {
                let items = self.exprs(site, items, scope, locals, pre)?;
                match constants(&items) {
                    Some(c) => Expr::Const(Const::Array(c)),
                    None => Expr::Array(items),
                }
            }
            AstExpr::Set { items, .. } => {
                let items = self.exprs(site, items, scope, locals, pre)?;
                match constants(&items) {
                    Some(c) => Expr::Const(Const::Set(c)),
                    None => Expr::Set(items),
                }
            }
            AstExpr::Object { fields, .. } => {
                let mut entries = Vec::new();
                for (_, k, v) in fields {
                    let k = self.expr(site, k, scope, locals, pre)?;
                    let v = self.expr(site, v, scope, locals, pre)?;
                    entries.push((k, v));
                }
                let all_named = entries
                    .iter()
                    .all(|(k, _)| matches!(k, Expr::Const(Const::Str(_))));
                let mut names: Vec<&str> = entries
                    .iter()
                    .filter_map(|(k, _)| match k {
                        Expr::Const(Const::Str(s)) => Some(s.as_str()),
                        _ => None,
                    })
                    .collect();
                names.sort();
                let unique = names.windows(2).all(|w| w[0] != w[1]);
                if all_named && unique {
                    let named: Vec<(String, Expr)> = entries
                        .into_iter()
                        .map(|(k, v)| match k {
                            Expr::Const(Const::Str(s)) => (s, v),
                            _ => unreachable!("all keys are constant strings"),
                        })
                        .collect();
                    let values: Vec<Expr> = named.iter().map(|(_, v)| v.clone()).collect();
                    match constants(&values) {
                        Some(c) => Expr::Const(Const::Object(
                            named.into_iter().map(|(k, _)| k).zip(c).collect(),
                        )),
                        None => Expr::Record(named),
                    }
                } else {
                    Expr::Object(entries)
                }
            }
            AstExpr::ArrayCompr { term, query, .. } => {
                self.compr(site, ComprKind::Array, term, None, query, scope, locals)?
            }
            AstExpr::SetCompr { term, query, .. } => {
                self.compr(site, ComprKind::Set, term, None, query, scope, locals)?
            }
            AstExpr::ObjectCompr {
                key, value, query, ..
            } => self.compr(
                site,
                ComprKind::Object,
                key,
                Some(value),
                query,
                scope,
                locals,
            )?,
            AstExpr::Call {
                span, fcn, params, ..
            } => self.call(site, span, fcn, params, scope, locals, pre)?,
            // regorus (VM and interpreter) accepts `-` only before a number
            // literal; a literal that has its own sign is refused too.
            AstExpr::UnaryExpr { span, expr, .. } => match expr.as_ref() {
                AstExpr::Number { span: n, .. } if !n.text().starts_with('-') => {
                    match number(site, n, self)? {
                        Const::Int(i) => Expr::Const(Const::Int(-i)),
                        Const::Float(f) => Expr::Const(Const::Float(-f)),
                        _ => unreachable!("numbers are ints or floats"),
                    }
                }
                _ => {
                    return Err(self.refuse(
                        site,
                        span,
                        "unary `-` before anything but a number literal (write `0 - x`)",
                    ))
                }
            },
            AstExpr::RefDot { .. } | AstExpr::RefBrack { .. } => {
                self.reference(site, expr, scope, locals, pre)?
            }
            AstExpr::BinExpr { span, .. } => {
                return Err(self.refuse(site, span, "set union or intersection (`|`, `&`)"))
            }
            AstExpr::BoolExpr { op, lhs, rhs, .. } => {
                let lhs = self.expr(site, lhs, scope, locals, pre)?;
                let rhs = self.expr(site, rhs, scope, locals, pre)?;
                let op = match op {
                    BoolOp::Eq => CmpOp::Eq,
                    BoolOp::Ne => CmpOp::Ne,
                    BoolOp::Lt => CmpOp::Lt,
                    BoolOp::Le => CmpOp::Le,
                    BoolOp::Gt => CmpOp::Gt,
                    BoolOp::Ge => CmpOp::Ge,
                };
                Expr::Compare(op, Box::new(lhs), Box::new(rhs))
            }
            AstExpr::ArithExpr { op, lhs, rhs, .. } => {
                let lhs = self.expr(site, lhs, scope, locals, pre)?;
                let rhs = self.expr(site, rhs, scope, locals, pre)?;
                let op = match op {
                    AstArith::Add => ArithOp::Add,
                    AstArith::Sub => ArithOp::Sub,
                    AstArith::Mul => ArithOp::Mul,
                    AstArith::Div => ArithOp::Div,
                    AstArith::Mod => ArithOp::Mod,
                };
                Expr::Arith(op, Box::new(lhs), Box::new(rhs))
            }
            AstExpr::AssignExpr { span, .. } => {
                return Err(self.refuse(site, span, "an assignment inside an expression"))
            }
            AstExpr::Membership {
                key,
                value,
                collection,
                ..
            } => {
                let key = match key {
                    Some(k) => Some(Box::new(self.expr(site, k, scope, locals, pre)?)),
                    None => None,
                };
                Expr::Member {
                    key,
                    value: Box::new(self.expr(site, value, scope, locals, pre)?),
                    collection: Box::new(self.expr(site, collection, scope, locals, pre)?),
                }
            }
            #[allow(unreachable_patterns)]
            other => return Err(self.refuse(site, other.span(), "this expression")),
        })
    }

    fn exprs(
        &mut self,
        site: &Site,
        items: &[Ref<AstExpr>],
        scope: &mut Scope,
        locals: &mut Locals,
        pre: &mut Vec<Stmt>,
    ) -> Result<Vec<Expr>, Error> {
        items
            .iter()
            .map(|i| self.expr(site, i, scope, locals, pre))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn compr(
        &mut self,
        site: &Site,
        kind: ComprKind,
        term: &Ref<AstExpr>,
        value: Option<&Ref<AstExpr>>,
        query: &Ref<Query>,
        outer: &Scope,
        locals: &mut Locals,
    ) -> Result<Expr, Error> {
        // The comprehension sees the variables bound outside it; what it
        // declares or binds stays inside.
        let mut scope = Scope {
            bound: outer.bound.clone(),
            declared: Vec::new(),
        };
        let mut body = Block::default();
        self.plan_query(site, query, &mut scope, locals, &mut body)?;
        let term = self.expr(site, term, &mut scope, locals, &mut body.stmts)?;
        let value = match value {
            Some(v) => Some(self.expr(site, v, &mut scope, locals, &mut body.stmts)?),
            None => None,
        };
        Ok(Expr::Compr(Box::new(Compr {
            kind,
            body: std::rc::Rc::new(body),
            term,
            value,
        })))
    }

    /// A variable in an expression: a local, `input`, or a rule.
    fn var(&mut self, site: &Site, span: &ast::Span, scope: &Scope) -> Result<Expr, Error> {
        let name = span.text();
        if let Some(local) = scope.bound.get(name) {
            return Ok(Expr::Local(*local));
        }
        if name == "_" {
            return Err(self.refuse(site, span, "`_` as a value"));
        }
        if scope.declared.iter().any(|d| d == name) {
            return Err(self.error(
                site,
                span,
                format!("`{name}` is read before it is bound (bind it with `some {name} in …` or by indexing a collection with it)"),
            ));
        }
        match name {
            "input" => Ok(Expr::Input),
            "data" => Err(self.refuse(site, span, "`data` as a whole")),
            _ => {
                if self.names_data(site, scope, name) {
                    self.data_path(site, span, self.root_path(site, name), &[])
                } else {
                    Err(self.error(
                        site,
                        span,
                        format!("`{name}` is not bound here: declare it with `some {name}` and bind it, or assign it with `:=` first"),
                    ))
                }
            }
        }
    }

    /// Whether `name`, not bound or declared here, stands for a document:
    /// `input`, `data`, an import alias or a rule of the module's package.
    fn names_data(&self, site: &Site, scope: &Scope, name: &str) -> bool {
        if scope.bound.contains_key(name) || scope.declared.iter().any(|d| d == name) {
            return false;
        }
        let module = &self.index.modules[site.module];
        name == "input"
            || name == "data"
            || module.imports.contains_key(name)
            || self
                .index
                .groups
                .contains_key(&format!("data.{}.{name}", module.package))
    }

    /// `some x` (alone or with `in`) may not reuse a name already bound here
    /// (regorus refuses it, or reads the old value) nor one that names a
    /// document (regorus reads the document, OPA declares a new local).
    fn check_declarable(&self, site: &Site, var: &ast::Span, scope: &Scope) -> Result<(), Error> {
        let name = var.text();
        if name == "_" {
            return Ok(());
        }
        if scope.bound.contains_key(name) {
            return Err(self.refuse(
                site,
                var,
                &format!("declaring `{name}` with `some` where it is already bound"),
            ));
        }
        if self.names_data(site, scope, name) {
            return Err(self.refuse(
                site,
                var,
                &format!("declaring `{name}` with `some` where it names a rule, an import or `input` (regorus and OPA disagree on it)"),
            ));
        }
        Ok(())
    }

    /// The path under `data` a name in this module stands for: an import
    /// alias, or a rule of the module's own package.
    fn root_path(&self, site: &Site, name: &str) -> Vec<String> {
        let module = &self.index.modules[site.module];
        if let Some(path) = module.imports.get(name) {
            return path.clone();
        }
        let mut path: Vec<String> = module.package.split('.').map(str::to_string).collect();
        path.push(name.to_string());
        path
    }

    /// A constant path under `data` (`conduct.lib.config`, then `steps`
    /// that follow it), resolved to a rule or to the configuration.
    fn data_path(
        &mut self,
        site: &Site,
        span: &ast::Span,
        path: Vec<String>,
        steps: &[String],
    ) -> Result<Expr, Error> {
        let full: Vec<&str> = path
            .iter()
            .map(String::as_str)
            .chain(steps.iter().map(String::as_str))
            .collect();
        for n in 1..=full.len() {
            let prefix = &full[..n];
            let rest = &full[n..];
            if prefix == CONFIG_PATH {
                return Ok(fields(Expr::Config, rest));
            }
            let name = format!("data.{}", prefix.join("."));
            if let Some(group) = self.index.groups.get(&name) {
                if let GroupKind::Function(_) = group.kind {
                    return Err(self.error(
                        site,
                        span,
                        format!("{name} is a function: call it with arguments"),
                    ));
                }
                let id = self.rule_id(&name);
                return Ok(fields(Expr::Rule(id), rest));
            }
        }
        Err(self.error(
            site,
            span,
            format!(
                "`data.{}` names no rule, function or configuration value",
                full.join(".")
            ),
        ))
    }

    /// A reference: `base.field`, `base[index]`, chained.
    fn reference(
        &mut self,
        site: &Site,
        expr: &Ref<AstExpr>,
        scope: &mut Scope,
        locals: &mut Locals,
        pre: &mut Vec<Stmt>,
    ) -> Result<Expr, Error> {
        // Flatten the chain: root first, then each step.
        let mut steps: Vec<&Ref<AstExpr>> = Vec::new();
        let mut root = expr;
        while let AstExpr::RefDot { refr, .. } | AstExpr::RefBrack { refr, .. } = root.as_ref() {
            steps.push(root);
            root = refr;
        }
        steps.reverse();

        // A root that names data (an import alias, a rule of this package,
        // `data`) takes as many constant steps as it needs to reach a rule.
        let mut base: Option<Expr> = None;
        let mut next = 0;
        if let AstExpr::Var { span, .. } = root.as_ref() {
            let name = span.text();
            let is_local = scope.bound.contains_key(name);
            if !is_local
                && name != "input"
                && !scope.declared.iter().any(|d| d == name)
                && name != "_"
            {
                let mut path = if name == "data" {
                    Vec::new()
                } else {
                    self.root_path(site, name)
                };
                // Constant steps, up to the first that is not.
                let mut constant = Vec::new();
                for step in &steps {
                    match constant_step(step) {
                        Some(s) => constant.push(s),
                        None => break,
                    }
                }
                // Find the shortest prefix that is a rule or the config.
                let mut resolved = None;
                for n in 0..=constant.len() {
                    let mut candidate = path.clone();
                    candidate.extend(constant[..n].iter().cloned());
                    if candidate.as_slice() == CONFIG_PATH {
                        resolved = Some((Expr::Config, n));
                        break;
                    }
                    let full = format!("data.{}", candidate.join("."));
                    if let Some(group) = self.index.groups.get(&full) {
                        if let GroupKind::Function(_) = group.kind {
                            return Err(self.error(
                                site,
                                span,
                                format!("{full} is a function: call it with arguments"),
                            ));
                        }
                        resolved = Some((Expr::Rule(self.rule_id(&full)), n));
                        break;
                    }
                }
                match resolved {
                    Some((e, n)) => {
                        base = Some(e);
                        next = n;
                    }
                    None => {
                        path.extend(constant);
                        return Err(self.error(
                            site,
                            span,
                            format!(
                                "`data.{}` names no rule or configuration value",
                                path.join(".")
                            ),
                        ));
                    }
                }
            }
        }
        let mut base = match base {
            Some(b) => b,
            None => self.expr(site, root, scope, locals, pre)?,
        };
        for step in &steps[next..] {
            base = match step.as_ref() {
                AstExpr::RefDot { field, .. } => Expr::Field(
                    Box::new(base),
                    field
                        .1
                        .as_string()
                        .map(|s| s.to_string())
                        .unwrap_or_else(|_| field.0.text().to_string()),
                ),
                AstExpr::RefBrack { index, .. } => match index.as_ref() {
                    AstExpr::String { value, .. } | AstExpr::RawString { value, .. } => {
                        Expr::Field(Box::new(base), string_of(value))
                    }
                    AstExpr::Var { span, .. }
                        if span.text() == "_"
                            || scope.declared.iter().any(|d| d == span.text()) =>
                    {
                        // Iteration: bind the index variable by scanning.
                        let name = span.text();
                        let key = if name == "_" {
                            None
                        } else {
                            let local = locals.add(name);
                            scope.declared.retain(|d| d != name);
                            scope.bound.insert(name.to_string(), local);
                            Some(local)
                        };
                        let item =
                            locals.add(&format!("{}_item", if name == "_" { "any" } else { name }));
                        pre.push(Stmt::Scan {
                            key,
                            value: Some(item),
                            source: base,
                            loc: loc(span),
                        });
                        Expr::Local(item)
                    }
                    _ => {
                        let index = self.expr(site, index, scope, locals, pre)?;
                        Expr::Index(Box::new(base), Box::new(index))
                    }
                },
                _ => unreachable!("steps are references"),
            };
        }
        Ok(base)
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        site: &Site,
        span: &ast::Span,
        fcn: &Ref<AstExpr>,
        params: &[Ref<AstExpr>],
        scope: &mut Scope,
        locals: &mut Locals,
        pre: &mut Vec<Stmt>,
    ) -> Result<Expr, Error> {
        let not_named =
            || self.refuse(site, span, "calling something that is not a named function");
        let name = dotted(fcn).ok_or_else(not_named)?;
        // A user function: through an import alias or in this package; a
        // name that starts with a variable (`x.f(1)`) names neither.
        let first = name.split('.').next().unwrap_or_default();
        if scope.bound.contains_key(first) || scope.declared.iter().any(|d| d == first) {
            return Err(not_named());
        }
        let args = self.exprs(site, params, scope, locals, pre)?;
        let module = &self.index.modules[site.module];
        let user_path = if let Some(path) = module.imports.get(first) {
            let rest: Vec<&str> = name.split('.').skip(1).collect();
            Some(format!("data.{}.{}", path.join("."), rest.join(".")))
        } else if name.starts_with("data.") {
            Some(name.clone())
        } else {
            Some(format!("data.{}.{}", module.package, name))
        };
        if let Some(path) = user_path {
            if let Some(group) = self.index.groups.get(&path) {
                let GroupKind::Function(arity) = group.kind else {
                    return Err(self.error(
                        site,
                        span,
                        format!("{path} is a rule, not a function"),
                    ));
                };
                if arity != args.len() {
                    return Err(self.error(
                        site,
                        span,
                        format!("{path} takes {arity} arguments, not {}", args.len()),
                    ));
                }
                return Ok(Expr::Call(self.func_id(&path), args));
            }
        }
        match Builtin::named(&name) {
            // `count(split(s, ""))` is how Rego counts characters the same way
            // in OPA and regorus; count them without building the array.
            Some((Builtin::Count, 1)) if matches!(args.as_slice(), [Expr::Builtin(Builtin::Split, a)] if matches!(&a[1], Expr::Const(Const::Str(d)) if d.is_empty())) =>
            {
                let Expr::Builtin(_, mut split) = args.into_iter().next().expect("one argument")
                else {
                    unreachable!("matched above")
                };
                split.truncate(1);
                Ok(Expr::Builtin(Builtin::CountChars, split))
            }
            // `concat(d, [a, b, c])` (how keys are built): join the parts
            // without building the array.
            Some((Builtin::Concat, 2)) if matches!(args.as_slice(), [_, Expr::Array(_)]) => {
                let mut args = args.into_iter();
                let delimiter = args.next().expect("two arguments");
                let Some(Expr::Array(parts)) = args.next() else {
                    unreachable!("matched above")
                };
                let mut all = vec![delimiter];
                all.extend(parts);
                Ok(Expr::Builtin(Builtin::ConcatParts, all))
            }
            Some((builtin, arity)) if arity == args.len() => Ok(Expr::Builtin(builtin, args)),
            Some((_, arity)) => Err(self.error(
                site,
                span,
                format!("`{name}` takes {arity} arguments, not {}", args.len()),
            )),
            None => Err(self.refuse(site, span, &format!("the builtin `{name}`"))),
        }
    }

    /// OPA evaluates every call inside a negated expression, except the
    /// whole expression, before the `not`, and so every argument of a call
    /// that is a reference, a call or an operation; when one of them is
    /// undefined the whole body fails. regorus evaluates the `not` as
    /// written, and it holds. Refuse such `not`s, so that the catalogue
    /// means the same in both (docs/rego-portability.md, rule 1): a call
    /// only as the whole negated expression, with arguments that are
    /// defined (locals, `input`, literals, comprehensions).
    fn check_portable_not(
        &self,
        site: &Site,
        expr: &Ref<AstExpr>,
        scope: &Scope,
    ) -> Result<(), Error> {
        if let AstExpr::Call { params, .. } = expr.as_ref() {
            for param in params {
                if let Some(arg) = maybe_undefined(param, scope) {
                    return Err(self.error(
                        site,
                        arg.span(),
                        format!(
                            "`not` over a call whose argument `{}` may be undefined: OPA then fails the whole body, regorus makes the `not` hold. Bind the value first, or pass its parent and key",
                            arg.span().text()
                        ),
                    ));
                }
            }
        } else if let Some(call) = first_call(expr) {
            return Err(self.error(
                site,
                call.span(),
                format!(
                    "`not` over an expression with the call `{}` inside: OPA evaluates the call first and fails the whole body when it is undefined, regorus makes the `not` hold. Bind its value first, or negate a rule",
                    call.span().text()
                ),
            ));
        }
        Ok(())
    }

    fn refuse(&self, site: &Site, span: &ast::Span, what: &str) -> Error {
        self.error(
            site,
            span,
            format!("{what} is not supported by the compiler"),
        )
    }

    fn error(&self, site: &Site, span: &ast::Span, message: String) -> Error {
        Error {
            loc: Some(loc(span)),
            rule: Some(site.rule.to_string()),
            message,
        }
    }
}

/// `base` followed by field steps.
fn fields(base: Expr, rest: &[&str]) -> Expr {
    rest.iter()
        .fold(base, |b, f| Expr::Field(Box::new(b), f.to_string()))
}

/// A reference step that is a constant field name.
fn constant_step(step: &Ref<AstExpr>) -> Option<String> {
    match step.as_ref() {
        AstExpr::RefDot { field, .. } => Some(field.0.text().to_string()),
        AstExpr::RefBrack { index, .. } => match index.as_ref() {
            AstExpr::String { value, .. } | AstExpr::RawString { value, .. } => {
                Some(string_of(value))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The first part of a call's argument that may be undefined when the
/// call runs: a reference (a field, an index, a rule or an import), a call
/// or an operation. Locals, `input`, literals and comprehensions are
/// defined.
fn maybe_undefined<'e>(expr: &'e Ref<AstExpr>, scope: &Scope) -> Option<&'e Ref<AstExpr>> {
    match expr.as_ref() {
        AstExpr::Var { span, .. } => {
            let name = span.text();
            (!(scope.bound.contains_key(name) || name == "input")).then_some(expr)
        }
        AstExpr::String { .. }
        | AstExpr::RawString { .. }
        | AstExpr::Number { .. }
        | AstExpr::Bool { .. }
        | AstExpr::Null { .. }
        | AstExpr::UnaryExpr { .. }
        | AstExpr::ArrayCompr { .. }
        | AstExpr::SetCompr { .. }
        | AstExpr::ObjectCompr { .. } => None,
        AstExpr::Array { items, .. } | AstExpr::Set { items, .. } => {
            items.iter().find_map(|i| maybe_undefined(i, scope))
        }
        AstExpr::Object { fields, .. } => fields
            .iter()
            .find_map(|(_, k, v)| maybe_undefined(k, scope).or_else(|| maybe_undefined(v, scope))),
        _ => Some(expr),
    }
}

/// The first call inside `expr`, outside comprehensions (whose bodies OPA
/// leaves in place).
fn first_call(expr: &Ref<AstExpr>) -> Option<&Ref<AstExpr>> {
    match expr.as_ref() {
        AstExpr::Call { .. } => Some(expr),
        AstExpr::RefDot { refr, .. } => first_call(refr),
        AstExpr::RefBrack { refr, index, .. } => first_call(refr).or_else(|| first_call(index)),
        AstExpr::Array { items, .. } | AstExpr::Set { items, .. } => {
            items.iter().find_map(first_call)
        }
        AstExpr::Object { fields, .. } => fields
            .iter()
            .find_map(|(_, k, v)| first_call(k).or_else(|| first_call(v))),
        AstExpr::ArithExpr { lhs, rhs, .. }
        | AstExpr::BoolExpr { lhs, rhs, .. }
        | AstExpr::BinExpr { lhs, rhs, .. } => first_call(lhs).or_else(|| first_call(rhs)),
        AstExpr::Membership {
            key,
            value,
            collection,
            ..
        } => key
            .as_ref()
            .and_then(first_call)
            .or_else(|| first_call(value))
            .or_else(|| first_call(collection)),
        AstExpr::UnaryExpr { expr, .. } => first_call(expr),
        _ => None,
    }
}

/// `count`, `object.get`, `lib.finding`: a call's function name.
fn dotted(expr: &Ref<AstExpr>) -> Option<String> {
    match expr.as_ref() {
        AstExpr::Var { span, .. } => Some(span.text().to_string()),
        AstExpr::RefDot { refr, field, .. } => {
            Some(format!("{}.{}", dotted(refr)?, field.0.text()))
        }
        _ => None,
    }
}

fn string_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        other => other.to_string(),
    }
}

fn number(site: &Site, span: &ast::Span, planner: &Planner) -> Result<Const, Error> {
    let text = span.text();
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Const::Int(i));
    }
    match text.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => Ok(Const::Int(f as i64)),
        Ok(f) => Ok(Const::Float(f)),
        Err(_) => Err(planner.error(site, span, format!("cannot read the number `{text}`"))),
    }
}

/// The constants among `items`, if all are constants.
fn constants(items: &[Expr]) -> Option<Vec<Const>> {
    items
        .iter()
        .map(|e| match e {
            Expr::Const(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

/// Rego forbids recursion; so does the compiler, naming the cycle.
fn check_no_recursion(program: &Program) -> Result<(), Error> {
    #[derive(Clone, Copy, PartialEq)]
    enum Node {
        Rule(RuleId),
        Function(FuncId),
    }
    fn deps_of_expr(e: &Expr, out: &mut Vec<Node>) {
        match e {
            Expr::Rule(id) => out.push(Node::Rule(*id)),
            Expr::Call(id, args) => {
                out.push(Node::Function(*id));
                args.iter().for_each(|a| deps_of_expr(a, out));
            }
            Expr::Builtin(_, args) | Expr::Array(args) | Expr::Set(args) => {
                args.iter().for_each(|a| deps_of_expr(a, out))
            }
            Expr::Field(b, _) => deps_of_expr(b, out),
            Expr::Index(a, b) | Expr::Compare(_, a, b) | Expr::Arith(_, a, b) => {
                deps_of_expr(a, out);
                deps_of_expr(b, out);
            }
            Expr::Record(entries) => entries.iter().for_each(|(_, v)| deps_of_expr(v, out)),
            Expr::Object(entries) => entries.iter().for_each(|(k, v)| {
                deps_of_expr(k, out);
                deps_of_expr(v, out);
            }),
            Expr::Compr(c) => {
                deps_of_block(&c.body, out);
                deps_of_expr(&c.term, out);
                if let Some(v) = &c.value {
                    deps_of_expr(v, out);
                }
            }
            Expr::Member {
                key,
                value,
                collection,
            } => {
                if let Some(k) = key {
                    deps_of_expr(k, out);
                }
                deps_of_expr(value, out);
                deps_of_expr(collection, out);
            }
            Expr::Local(_) | Expr::Const(_) | Expr::Input | Expr::Config => {}
        }
    }
    fn deps_of_block(b: &Block, out: &mut Vec<Node>) {
        for s in &b.stmts {
            match s {
                Stmt::Scan { source, .. } => deps_of_expr(source, out),
                Stmt::Let { value, .. } => deps_of_expr(value, out),
                Stmt::Check { cond, .. } | Stmt::Not { cond, .. } => deps_of_expr(cond, out),
            }
        }
    }
    fn deps_of_chain(c: &Chain, out: &mut Vec<Node>) {
        for link in &c.links {
            deps_of_block(&link.body, out);
            match &link.head {
                Head::Value(e) | Head::Member(e) => deps_of_expr(e, out),
                Head::Entry(k, v) => {
                    deps_of_expr(k, out);
                    deps_of_expr(v, out);
                }
            }
        }
    }
    let deps = |n: Node| {
        let mut out = Vec::new();
        match n {
            Node::Rule(id) => program.rules[id.0]
                .defs
                .iter()
                .for_each(|c| deps_of_chain(c, &mut out)),
            Node::Function(id) => program.functions[id.0]
                .defs
                .iter()
                .for_each(|d| deps_of_chain(&d.chain, &mut out)),
        }
        out
    };
    let name = |n: Node| match n {
        Node::Rule(id) => program.rules[id.0].path.clone(),
        Node::Function(id) => program.functions[id.0].path.clone(),
    };
    let locate = |n: Node| match n {
        Node::Rule(id) => program.rules[id.0].loc.clone(),
        Node::Function(id) => program.functions[id.0].loc.clone(),
    };
    // Depth-first, with the path kept to name a cycle.
    fn visit(
        n: Node,
        path: &mut Vec<Node>,
        done: &mut Vec<Node>,
        deps: &dyn Fn(Node) -> Vec<Node>,
        name: &dyn Fn(Node) -> String,
        locate: &dyn Fn(Node) -> Loc,
    ) -> Result<(), Error> {
        if done.contains(&n) {
            return Ok(());
        }
        if let Some(at) = path.iter().position(|p| *p == n) {
            let cycle: Vec<String> = path[at..]
                .iter()
                .map(|p| name(*p))
                .chain([name(n)])
                .collect();
            return Err(Error {
                loc: Some(locate(n)),
                rule: Some(name(n)),
                message: format!("recursion is not allowed in Rego: {}", cycle.join(" → ")),
            });
        }
        path.push(n);
        for d in deps(n) {
            visit(d, path, done, deps, name, locate)?;
        }
        path.pop();
        done.push(n);
        Ok(())
    }
    let mut done = Vec::new();
    for i in 0..program.rules.len() {
        visit(
            Node::Rule(RuleId(i)),
            &mut Vec::new(),
            &mut done,
            &deps,
            &name,
            &locate,
        )?;
    }
    for i in 0..program.functions.len() {
        visit(
            Node::Function(FuncId(i)),
            &mut Vec::new(),
            &mut done,
            &deps,
            &name,
            &locate,
        )?;
    }
    Ok(())
}
