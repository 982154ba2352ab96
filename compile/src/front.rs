//! Reading the Rego: parse every file with regorus's parser and index the
//! rules and functions by their full path (`data.<package>.<name>`).

use crate::ir::Loc;
use crate::Error;
use regorus::unstable::{Expr, Module, Parser, Ref, Rule, RuleHead, Source, Span};
use std::collections::BTreeMap;

/// One parsed policy file.
pub struct ModuleInfo {
    /// `conduct.rules.b12`.
    pub package: String,
    /// Import aliases: `lib` → `["conduct", "lib"]` (the path under `data`).
    pub imports: BTreeMap<String, Vec<String>>,
    pub ast: Ref<Module>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Complete,
    PartialSet,
    PartialObject,
    Function(usize),
}

/// Every definition of one rule or function name in one package.
pub struct Group {
    pub kind: GroupKind,
    /// (module index, rule) in source order.
    pub defs: Vec<(usize, Ref<Rule>)>,
}

pub struct Index {
    pub modules: Vec<ModuleInfo>,
    pub groups: BTreeMap<String, Group>,
}

pub fn loc(span: &Span) -> Loc {
    Loc {
        file: span.source.file().to_string(),
        line: span.line,
        col: span.col,
    }
}

/// The dotted path of a package or import reference (`data.conduct.lib`).
fn path_of(refr: &Ref<Expr>) -> Result<Vec<String>, Error> {
    let parts = Parser::get_path_ref_components(refr).map_err(|e| Error {
        loc: Some(loc(refr.span())),
        rule: None,
        message: format!("not a plain path: {e}"),
    })?;
    Ok(parts.iter().map(|s| s.text().to_string()).collect())
}

pub fn index(files: &[(String, String)]) -> Result<Index, Error> {
    let mut modules = Vec::new();
    for (path, text) in files {
        let source = Source::from_contents(path.clone(), text.clone()).map_err(|e| Error {
            loc: None,
            rule: None,
            message: format!("{path}: {e}"),
        })?;
        let parse = || -> anyhow::Result<Module> {
            let mut parser = Parser::new(&source)?;
            parser.enable_rego_v1()?;
            parser.parse()
        };
        let ast = parse().map_err(|e| Error {
            loc: None,
            rule: None,
            message: format!("{path} does not parse: {e}"),
        })?;
        let package = path_of(&ast.package.refr)?;
        // regorus gives the package without `data`.
        let package = package
            .into_iter()
            .skip_while(|p| p == "data")
            .collect::<Vec<_>>()
            .join(".");
        let mut imports = BTreeMap::new();
        for import in &ast.imports {
            let parts = path_of(&import.refr)?;
            let alias = match &import.r#as {
                Some(span) => span.text().to_string(),
                None => parts.last().cloned().unwrap_or_default(),
            };
            match parts.first().map(String::as_str) {
                Some("data") => {
                    imports.insert(alias, parts[1..].to_vec());
                }
                // `import rego.v1` and `import future.keywords…` change syntax
                // only, which the parser already handled.
                Some("rego") | Some("future") => {}
                _ => {
                    return Err(Error {
                        loc: Some(loc(&import.span)),
                        rule: None,
                        message: format!("import of `{}` is not supported", parts.join(".")),
                    })
                }
            }
        }
        modules.push(ModuleInfo {
            package,
            imports,
            ast: Ref::new(ast),
        });
    }

    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (m, module) in modules.iter().enumerate() {
        let package = format!("data.{}", module.package);
        for rule in &module.ast.policy {
            let (name, kind) = head_of(rule).map_err(|e| Error {
                rule: Some(format!("{package}.{}", head_name(rule))),
                ..e
            })?;
            let path = format!("{package}.{name}");
            let group = groups.entry(path.clone()).or_insert_with(|| Group {
                kind,
                defs: Vec::new(),
            });
            if group.kind != kind {
                return Err(Error {
                    loc: Some(loc(rule.span())),
                    rule: Some(path),
                    message: "defined both as one kind of rule and as another (a rule, a partial set, a partial object or a function)".into(),
                });
            }
            group.defs.push((m, rule.clone()));
        }
    }
    Ok(Index { modules, groups })
}

/// The name a rule head gives, as written, without the key of a partial
/// rule (`a.b` for `a.b[x] := 1`): to name the rule in an error.
fn head_name(rule: &Ref<Rule>) -> String {
    let mut refr = match rule.as_ref() {
        Rule::Spec { head, .. } => match head {
            RuleHead::Compr { refr, .. }
            | RuleHead::Set { refr, .. }
            | RuleHead::Func { refr, .. } => refr,
        },
        Rule::Default { refr, .. } => refr,
    };
    while let Expr::RefBrack { refr: inner, .. } = refr.as_ref() {
        refr = inner;
    }
    refr.span().text().to_string()
}

/// The name and kind of the rule a head defines.
fn head_of(rule: &Ref<Rule>) -> Result<(String, GroupKind), Error> {
    let refuse = |span: &Span, what: &str| Error {
        loc: Some(loc(span)),
        rule: None,
        message: format!("{what} is not supported by the compiler"),
    };
    let head = match rule.as_ref() {
        Rule::Spec { head, .. } => head,
        Rule::Default { span, .. } => {
            return Err(refuse(
                span,
                "a `default` rule (write an else branch instead)",
            ))
        }
    };
    let var_name = |e: &Ref<Expr>| match e.as_ref() {
        Expr::Var { span, .. } => Some(span.text().to_string()),
        _ => None,
    };
    match head {
        RuleHead::Compr { refr, span, .. } => match refr.as_ref() {
            Expr::Var { .. } => Ok((var_name(refr).unwrap_or_default(), GroupKind::Complete)),
            Expr::RefBrack { refr: inner, .. } => match var_name(inner) {
                Some(name) => Ok((name, GroupKind::PartialObject)),
                None => Err(refuse(span, "a rule head with a multi-part name")),
            },
            _ => Err(refuse(span, "a rule head with a multi-part name")),
        },
        RuleHead::Set { refr, span, key } => match (refr.as_ref(), key) {
            (Expr::Var { .. }, Some(_)) => {
                Ok((var_name(refr).unwrap_or_default(), GroupKind::PartialSet))
            }
            (Expr::RefBrack { refr: inner, .. }, None) => match var_name(inner) {
                Some(name) => Ok((name, GroupKind::PartialSet)),
                None => Err(refuse(span, "a rule head with a multi-part name")),
            },
            _ => Err(refuse(span, "this form of partial set rule head")),
        },
        RuleHead::Func {
            refr, args, span, ..
        } => match var_name(refr) {
            Some(name) => Ok((name, GroupKind::Function(args.len()))),
            None => Err(refuse(span, "a function with a multi-part name")),
        },
    }
}
