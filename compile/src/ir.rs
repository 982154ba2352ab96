//! The translator's intermediate form, between regorus's AST and Rust.
//!
//! Like OPA's planner, it turns Rego's logic into plain control flow: a rule
//! body becomes a [`Block`] of statements run in order; a statement that
//! fails (an undefined value, a false condition) abandons the current
//! iteration of the innermost loop, or the body when there is none. Every
//! name is resolved: a local, the input, the configuration, a rule or a
//! function. Nothing here knows Rust; `emit` does.

use std::fmt;

/// A local variable of one generated function (rule or Rego function).
pub type Local = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncId(pub usize);

/// Where a piece of Rego came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// Everything the entry points reach.
#[derive(Debug, Default)]
pub struct Program {
    pub rules: Vec<Rule>,
    pub functions: Vec<Function>,
    /// Each entry point (`data.<package>.<rule>`) and the rule it names;
    /// `None` when no module defines it (it then produces nothing).
    pub entries: Vec<(String, Option<RuleId>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// `x := v`, `x if …`: one value.
    Complete,
    /// `x contains v if …`: a set.
    PartialSet,
    /// `x[k] := v if …`: an object.
    PartialObject,
}

/// A rule: every definition of one name in one package.
#[derive(Debug)]
pub struct Rule {
    /// `data.<package>.<name>`.
    pub path: String,
    pub kind: RuleKind,
    /// One else-chain per definition, in source order.
    pub defs: Vec<Chain>,
    pub locals: Locals,
    pub loc: Loc,
}

/// A Rego function: every definition of one name in one package.
#[derive(Debug)]
pub struct Function {
    pub path: String,
    pub arity: usize,
    pub defs: Vec<FuncDef>,
    pub locals: Locals,
    pub loc: Loc,
}

#[derive(Debug)]
pub struct FuncDef {
    /// The local each argument binds (`None` for `_`).
    pub params: Vec<Option<Local>>,
    pub chain: Chain,
}

/// A definition with its `else` branches: the first link whose body holds
/// gives the value.
#[derive(Debug)]
pub struct Chain {
    pub links: Vec<Link>,
}

#[derive(Debug)]
pub struct Link {
    pub body: Block,
    pub head: Head,
    pub loc: Loc,
}

/// What a body that holds contributes.
#[derive(Debug)]
pub enum Head {
    /// A complete rule's or a function's value.
    Value(Expr),
    /// A partial set's member.
    Member(Expr),
    /// A partial object's entry.
    Entry(Expr, Expr),
}

/// The names of a generated function's locals, for readable output.
#[derive(Debug, Default, Clone)]
pub struct Locals {
    pub names: Vec<String>,
}

impl Locals {
    pub fn add(&mut self, name: &str) -> Local {
        self.names.push(name.to_string());
        self.names.len() - 1
    }
}

#[derive(Debug, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
}

#[derive(Debug)]
pub enum Stmt {
    /// `for (key, value) in source`: the rest of the block runs once per
    /// item; nothing runs when `source` is undefined or not a collection.
    Scan {
        key: Option<Local>,
        value: Option<Local>,
        source: Expr,
        loc: Loc,
    },
    /// Binds `local`; fails when `value` is undefined.
    Let { local: Local, value: Expr, loc: Loc },
    /// Fails when `cond` is undefined or false.
    Check { cond: Expr, loc: Loc },
    /// Fails when `cond` is defined and not false.
    Not { cond: Expr, loc: Loc },
}

/// An expression; any may be undefined unless its kind says otherwise.
#[derive(Debug, Clone)]
pub enum Expr {
    Local(Local),
    Const(Const),
    Input,
    /// `data.conduct.config`: the engine's configuration.
    Config,
    Rule(RuleId),
    Call(FuncId, Vec<Expr>),
    Builtin(Builtin, Vec<Expr>),
    /// `base.name` (also `base["name"]`).
    Field(Box<Expr>, String),
    /// `base[index]`.
    Index(Box<Expr>, Box<Expr>),
    Array(Vec<Expr>),
    Set(Vec<Expr>),
    /// Keys are constant strings: emitted as a record.
    Record(Vec<(String, Expr)>),
    Object(Vec<(Expr, Expr)>),
    /// Always defined (possibly empty).
    Compr(Box<Compr>),
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `value in collection` / `key, value in collection`: always defined,
    /// false when either side is undefined (as regorus evaluates it).
    Member {
        key: Option<Box<Expr>>,
        value: Box<Expr>,
        collection: Box<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComprKind {
    Array,
    Set,
    Object,
}

#[derive(Debug, Clone)]
pub struct Compr {
    pub kind: ComprKind,
    pub body: BlockRef,
    /// The term (for objects: the key).
    pub term: Expr,
    /// For objects: the value.
    pub value: Option<Expr>,
}

/// A comprehension's body, shared because expressions are cloned.
pub type BlockRef = std::rc::Rc<Block>;

/// A constant: a literal, or a composite of literals.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Const>),
    Set(Vec<Const>),
    /// Keys are strings (an object with other constant keys is an
    /// [`Expr::Object`], built at run time).
    Object(Vec<(String, Const)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// The builtins the translator knows, each implemented in the runtime
/// (`src/run/builtins.rs`) exactly as regorus implements it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    ArrayConcat,
    Concat,
    Count,
    /// `count(split(s, ""))`: the number of characters (code points).
    CountChars,
    /// `concat(delimiter, [part, …])` with the array written out: the
    /// delimiter, then the parts.
    ConcatParts,
    EndsWith,
    Floor,
    FormatInt,
    IsArray,
    IsBoolean,
    IsNull,
    IsNumber,
    IsObject,
    IsSet,
    IsString,
    Lower,
    Max,
    Min,
    ObjectGet,
    Split,
    StartsWith,
    Substring,
    ToNumber,
    TrimSpace,
    Upper,
}

impl Builtin {
    /// The builtin called `name` in Rego, with its arity.
    pub fn named(name: &str) -> Option<(Builtin, usize)> {
        use Builtin::*;
        Some(match name {
            "array.concat" => (ArrayConcat, 2),
            "concat" => (Concat, 2),
            "count" => (Count, 1),
            "endswith" => (EndsWith, 2),
            "floor" => (Floor, 1),
            "format_int" => (FormatInt, 2),
            "is_array" => (IsArray, 1),
            "is_boolean" => (IsBoolean, 1),
            "is_null" => (IsNull, 1),
            "is_number" => (IsNumber, 1),
            "is_object" => (IsObject, 1),
            "is_set" => (IsSet, 1),
            "is_string" => (IsString, 1),
            "lower" => (Lower, 1),
            "max" => (Max, 1),
            "min" => (Min, 1),
            "object.get" => (ObjectGet, 3),
            "split" => (Split, 2),
            "startswith" => (StartsWith, 2),
            "substring" => (Substring, 3),
            "to_number" => (ToNumber, 1),
            "trim_space" => (TrimSpace, 1),
            "upper" => (Upper, 1),
            _ => return None,
        })
    }

    /// The runtime function that implements it.
    pub fn runtime_name(self) -> &'static str {
        use Builtin::*;
        match self {
            ArrayConcat => "array_concat",
            Concat => "concat",
            Count => "count",
            CountChars => "count_chars",
            ConcatParts => "concat_parts",
            EndsWith => "endswith",
            Floor => "floor",
            FormatInt => "format_int",
            IsArray => "is_array",
            IsBoolean => "is_boolean",
            IsNull => "is_null",
            IsNumber => "is_number",
            IsObject => "is_object",
            IsSet => "is_set",
            IsString => "is_string",
            Lower => "lower",
            Max => "max",
            Min => "min",
            ObjectGet => "object_get",
            Split => "split",
            StartsWith => "startswith",
            Substring => "substring",
            ToNumber => "to_number",
            TrimSpace => "trim_space",
            Upper => "upper",
        }
    }
}
