//! A Rego module read with regorus's own parser, for what it declares (its
//! package, imports and rule names) and what it reaches (every reference and
//! call, wherever it stands: rule heads and bodies, comprehensions, `with`
//! modifiers, `every`, default values, imports).
//!
//! The partner contract ([`super::partner`]) and the refusal of builtins
//! that crash regorus ([`super::query`]) are decided on this reading, never
//! on the source text: comments, strings, whitespace and spelling variants
//! (`data["conduct"].rules`) mean nothing to it, because the parser has
//! already removed or normalised them.
//!
//! The walk keeps its own stack instead of recursing, so that a long chain
//! (`a.b.c.…` or `1 + 1 + …`, which no bracket limit catches) cannot
//! overflow the native stack.

use crate::error::{Error, Result, SourceLocation};
use regorus::unstable::{
    Expr, Literal, LiteralStmt, Module, Parser, Query, Ref, Rule, RuleHead, Source, Span,
};

/// A place in a source file (lines and columns count from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    pub line: u32,
    pub column: u32,
}

impl At {
    fn of(span: &Span) -> At {
        At {
            line: span.line,
            column: span.col,
        }
    }
}

/// One step of a reference after its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A field known when the module is read: `.rules`, `["rules"]`, `[0]`.
    Field(String),
    /// A field computed when the rule runs: `[x]`, `[concat("", […])]`.
    Computed,
}

/// A reference as the parser sees it: a root variable (`data`, `input`, a
/// rule, an import alias, a builtin namespace such as `http`) and its steps.
/// `f(x).y` has no root variable: its root is the call, walked separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub root: String,
    pub steps: Vec<Step>,
    pub at: At,
    /// Whether the reference names the function of a call.
    pub called: bool,
}

impl Reference {
    /// The leading fields known when the module is read.
    pub fn static_path(&self) -> Vec<&str> {
        self.steps
            .iter()
            .map_while(|s| match s {
                Step::Field(f) => Some(f.as_str()),
                Step::Computed => None,
            })
            .collect()
    }

    /// Whether some step is computed when the rule runs.
    pub fn computed(&self) -> bool {
        self.steps.contains(&Step::Computed)
    }

    /// `root.a.b` for the leading known fields.
    pub fn dotted(&self) -> String {
        let mut s = self.root.clone();
        for f in self.static_path() {
            s.push('.');
            s.push_str(f);
        }
        s
    }
}

/// What a module declares and reaches.
#[derive(Debug)]
pub struct Reading {
    /// The package path without `data` (`conduct.partner.acme`); a step
    /// that is not a plain name is kept as `None`.
    pub package: Vec<Option<String>>,
    pub package_at: At,
    /// Each import: its reference (root `data`, `input`, `future`, `rego`),
    /// the name it binds, and where.
    pub imports: Vec<(Reference, String)>,
    /// Each rule's name (the first step of its head) and where it stands.
    pub rules: Vec<(String, At)>,
    /// Every reference in rule heads and bodies, in no particular order.
    pub references: Vec<Reference>,
}

/// Parses `source` as regorus's engine does (Rego v1 unless `rego_v0`).
pub fn parse(path: &str, source: &str, rego_v0: bool) -> Result<Module> {
    let source = Source::from_contents(path.to_string(), source.to_string())
        .map_err(|e| rego_error(path, &e.to_string()))?;
    let mut parser = Parser::new(&source).map_err(|e| rego_error(path, &e.to_string()))?;
    if !rego_v0 {
        parser
            .enable_rego_v1()
            .map_err(|e| rego_error(path, &e.to_string()))?;
    }
    parser.parse().map_err(|e| rego_error(path, &e.to_string()))
}

/// Parses a query (`evaluateRego`'s) as regorus's engine does.
pub fn parse_query(query: &str, rego_v0: bool) -> Result<Ref<Query>> {
    const FILE: &str = "<query.rego>";
    let err = |e: String| rego_error(FILE, &e);
    let source = Source::from_contents(FILE.to_string(), query.to_string())
        .map_err(|e| err(e.to_string()))?;
    let mut parser = Parser::new(&source).map_err(|e| err(e.to_string()))?;
    if !rego_v0 {
        parser.enable_rego_v1().map_err(|e| err(e.to_string()))?;
    }
    parser.parse_user_query().map_err(|e| err(e.to_string()))
}

/// Reads a parsed module.
pub fn read(module: &Module) -> Reading {
    let (package_root, package_steps, package_at) = chain(&module.package.refr);
    let mut package = Vec::new();
    // regorus gives the package without `data`; a module may still spell it.
    match package_root {
        Root::Var(v) if v == "data" => {}
        Root::Var(v) => package.push(Some(v)),
        Root::Expr(_) => package.push(None),
    }
    package.extend(package_steps.into_iter().map(|s| match s {
        ChainStep::Field(f) => Some(f),
        ChainStep::Index(_) => None,
    }));

    let mut walk = Walk::default();
    let mut imports = Vec::new();
    for import in &module.imports {
        let reference = walk.reference(&import.refr, false);
        let name = match &import.r#as {
            Some(alias) => alias.text().to_string(),
            None => reference
                .static_path()
                .last()
                .map_or(reference.root.clone(), |s| s.to_string()),
        };
        imports.push((reference, name));
    }
    // Import references are not rule references: keep them apart.
    walk.references.clear();

    let mut rules = Vec::new();
    for rule in &module.policy {
        match rule.as_ref() {
            Rule::Spec { head, bodies, .. } => {
                let (refr, extra): (&Ref<Expr>, Vec<&Ref<Expr>>) = match head {
                    RuleHead::Compr { refr, assign, .. } => {
                        (refr, assign.iter().map(|a| &a.value).collect())
                    }
                    RuleHead::Set { refr, key, .. } => (refr, key.iter().collect()),
                    RuleHead::Func {
                        refr, args, assign, ..
                    } => (
                        refr,
                        args.iter().chain(assign.iter().map(|a| &a.value)).collect(),
                    ),
                };
                rules.push(walk.head(refr));
                walk.exprs.extend(extra);
                for body in bodies {
                    if let Some(a) = &body.assign {
                        walk.exprs.push(&a.value);
                    }
                    walk.queries.push(&body.query);
                }
            }
            Rule::Default {
                refr, args, value, ..
            } => {
                rules.push(walk.head(refr));
                walk.exprs.extend(args.iter());
                walk.exprs.push(value);
            }
        }
        walk.run();
    }
    Reading {
        package,
        package_at,
        imports,
        rules,
        references: walk.references,
    }
}

/// Every reference in a query.
pub fn query_references(query: &Query) -> Vec<Reference> {
    let mut walk = Walk::default();
    walk.queries.push(query);
    walk.run();
    walk.references
}

enum Root<'a> {
    Var(String),
    Expr(&'a Ref<Expr>),
}

enum ChainStep<'a> {
    Field(String),
    Index(&'a Ref<Expr>),
}

/// A reference chain from its outermost node: its root, its steps in order,
/// and where it starts.
fn chain(outer: &Ref<Expr>) -> (Root<'_>, Vec<ChainStep<'_>>, At) {
    let mut steps = Vec::new();
    let mut node = outer;
    loop {
        match node.as_ref() {
            Expr::RefDot { refr, field, .. } => {
                steps.push(ChainStep::Field(text_of(&field.1, &field.0)));
                node = refr;
            }
            Expr::RefBrack { refr, index, .. } => {
                steps.push(match index.as_ref() {
                    Expr::String { value, .. } | Expr::RawString { value, .. } => {
                        ChainStep::Field(text_of(value, index.span()))
                    }
                    Expr::Number { span, .. }
                    | Expr::Bool { span, .. }
                    | Expr::Null { span, .. } => ChainStep::Field(span.text().to_string()),
                    _ => ChainStep::Index(index),
                });
                node = refr;
            }
            Expr::Var { span, .. } => {
                steps.reverse();
                return (Root::Var(span.text().to_string()), steps, At::of(span));
            }
            _ => {
                steps.reverse();
                return (Root::Expr(node), steps, At::of(node.span()));
            }
        }
    }
}

fn text_of(value: &regorus::Value, span: &Span) -> String {
    match value {
        regorus::Value::String(s) => s.to_string(),
        _ => span.text().to_string(),
    }
}

/// The work list of a walk over expressions and queries.
#[derive(Default)]
struct Walk<'a> {
    exprs: Vec<&'a Ref<Expr>>,
    queries: Vec<&'a Query>,
    references: Vec<Reference>,
}

impl<'a> Walk<'a> {
    /// Records the reference whose outermost node is `outer` and queues its
    /// computed steps and a non-variable root.
    fn reference(&mut self, outer: &'a Ref<Expr>, called: bool) -> Reference {
        let (root, steps, at) = chain(outer);
        let root = match root {
            Root::Var(v) => v,
            Root::Expr(e) => {
                self.exprs.push(e);
                String::new()
            }
        };
        let steps = steps
            .into_iter()
            .map(|s| match s {
                ChainStep::Field(f) => Step::Field(f),
                ChainStep::Index(e) => {
                    self.exprs.push(e);
                    Step::Computed
                }
            })
            .collect();
        let r = Reference {
            root,
            steps,
            at,
            called,
        };
        self.references.push(r.clone());
        r
    }

    /// A rule head: its name, and the computed steps of its reference
    /// (`p[x]`) queued.
    fn head(&mut self, refr: &'a Ref<Expr>) -> (String, At) {
        let (root, steps, at) = chain(refr);
        for s in steps {
            if let ChainStep::Index(e) = s {
                self.exprs.push(e);
            }
        }
        match root {
            Root::Var(v) => (v, at),
            Root::Expr(e) => {
                self.exprs.push(e);
                (String::new(), at)
            }
        }
    }

    fn run(&mut self) {
        loop {
            if let Some(q) = self.queries.pop() {
                for stmt in &q.stmts {
                    self.statement(stmt);
                }
                continue;
            }
            let Some(e) = self.exprs.pop() else { break };
            self.expr(e);
        }
    }

    fn statement(&mut self, stmt: &'a LiteralStmt) {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                self.exprs.extend(key.iter());
                self.exprs.push(value);
                self.exprs.push(collection);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => self.exprs.push(expr),
            Literal::Every { domain, query, .. } => {
                self.exprs.push(domain);
                self.queries.push(query);
            }
        }
        for w in &stmt.with_mods {
            self.exprs.push(&w.refr);
            self.exprs.push(&w.r#as);
        }
    }

    fn expr(&mut self, e: &'a Ref<Expr>) {
        match e.as_ref() {
            Expr::Var { .. } | Expr::RefDot { .. } | Expr::RefBrack { .. } => {
                self.reference(e, false);
            }
            Expr::String { .. }
            | Expr::RawString { .. }
            | Expr::Number { .. }
            | Expr::Bool { .. }
            | Expr::Null { .. } => {}
            Expr::Array { items, .. } | Expr::Set { items, .. } => self.exprs.extend(items),
            Expr::Object { fields, .. } => {
                for (_, k, v) in fields {
                    self.exprs.push(k);
                    self.exprs.push(v);
                }
            }
            Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
                self.exprs.push(term);
                self.queries.push(query);
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                self.exprs.push(key);
                self.exprs.push(value);
                self.queries.push(query);
            }
            Expr::Call { fcn, params, .. } => {
                match fcn.as_ref() {
                    Expr::Var { .. } | Expr::RefDot { .. } | Expr::RefBrack { .. } => {
                        self.reference(fcn, true);
                    }
                    _ => self.exprs.push(fcn),
                }
                self.exprs.extend(params);
            }
            Expr::UnaryExpr { expr, .. } => self.exprs.push(expr),
            Expr::BinExpr { lhs, rhs, .. }
            | Expr::BoolExpr { lhs, rhs, .. }
            | Expr::ArithExpr { lhs, rhs, .. }
            | Expr::AssignExpr { lhs, rhs, .. } => {
                self.exprs.push(lhs);
                self.exprs.push(rhs);
            }
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => {
                self.exprs.extend(key.iter());
                self.exprs.push(value);
                self.exprs.push(collection);
            }
        }
    }
}

/// The first of `references` (in source order) that names one of
/// `builtins`, as a call, a `with` target or replacement, or any other
/// mention; with the builtin it names.
pub fn first_mention<'b>(references: &[Reference], builtins: &[&'b str]) -> Option<(&'b str, At)> {
    references
        .iter()
        .filter_map(|r| {
            let name = r.dotted();
            builtins
                .iter()
                .find(|b| names(&name, b))
                .map(|b| (*b, r.at))
        })
        .min_by_key(|(_, at)| *at)
}

/// Whether the dotted reference `name` is `builtin` or reaches into it.
pub fn names(name: &str, builtin: &str) -> bool {
    name == builtin
        || (name.len() > builtin.len()
            && name.starts_with(builtin)
            && name.as_bytes()[builtin.len()] == b'.')
}

/// regorus reports where a module fails to parse as `--> file:line:col`;
/// turn that into a located error with a one-line message.
pub(crate) fn rego_error(file: &str, text: &str) -> Error {
    let location = text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let column = parts.next()?.trim().parse().ok()?;
        let line = parts.next()?.trim().parse().ok()?;
        Some(SourceLocation {
            file: parts.next()?.to_string(),
            line,
            column,
        })
    });
    let what = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or_else(|| text.trim());
    let mut e = match &location {
        Some(at) => Error::policy(format!("{}:{}:{}: {what}", at.file, at.line, at.column)),
        None => Error::policy(format!("{file}: {what}")),
    };
    e.location = location;
    e
}
