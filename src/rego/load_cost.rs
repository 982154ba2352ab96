//! A bound on what loading a Rego source costs, checked before regorus
//! parses it.
//!
//! Loading is not under the instruction budget: regorus parses a module,
//! then its scheduler analyses every rule body, and that analysis copies the
//! body's table of local variables once per statement. A body of `n`
//! statements that each bind a variable costs about `n²`: 8,000 of them
//! (118 KB of source) took 5 s to load in the partner sandbox, and a 1 MiB
//! file would take minutes, in `addPolicy` and `evaluateRego` alike.
//!
//! So each bracketed block (`{ … }`, and `[ … ]` or `( … )`, which may hold
//! a comprehension's body) is measured from the text: its statements (lines
//! or `;`-separated parts with something on them) times the names in it
//! (identifier tokens, nested blocks included), an upper bound of that
//! analysis. A block over [`MAX_BLOCK_COST`], or a source whose blocks add up
//! to more than [`MAX_SOURCE_COST`], is refused with `limit_exceeded` naming
//! the file, line and column of the block. Rules as people write them stay
//! far below: the costliest block of the built-in catalogue costs 410 (in
//! `policies/lib/conduct.rego`), the costliest file 1,249 (B12).

use crate::error::{Error, ErrorCode, Result, SourceLocation};

/// Statements × names one block may have: about 0.1 s of analysis in the
/// partner sandbox.
pub const MAX_BLOCK_COST: u64 = 250_000;
/// Statements × names all blocks of one source may add up to.
pub const MAX_SOURCE_COST: u64 = 1_000_000;

/// One open bracket: the block being measured.
struct Frame {
    line: u32,
    column: u32,
    statements: u64,
    names: u64,
    /// Something since the last separator: the current statement counts.
    open_statement: bool,
}

/// Refuses `source` if analysing it could cost more than the bounds allow.
pub fn check(path: &str, source: &str) -> Result<()> {
    check_with(path, source, MAX_BLOCK_COST, MAX_SOURCE_COST)
}

fn check_with(path: &str, source: &str, max_block: u64, max_source: u64) -> Result<()> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut total: u64 = 0;
    let (mut line, mut column) = (1u32, 0u32);
    let mut chars = source.chars().peekable();
    let mut in_string: Option<char> = None;
    let mut in_name = false;
    while let Some(c) = chars.next() {
        column += 1;
        let starts_name = in_string.is_none() && (c.is_alphabetic() || c == '_') && !in_name;
        in_name = in_string.is_none() && (c.is_alphanumeric() || c == '_');
        if starts_name {
            if let Some(top) = stack.last_mut() {
                top.names += 1;
                top.open_statement = true;
            }
            continue;
        }
        match (in_string, c) {
            (_, '\n') => {
                if in_string == Some('"') {
                    in_string = None;
                }
                separate(&mut stack);
                line += 1;
                column = 0;
            }
            (Some('"'), '\\') => {
                chars.next();
                column += 1;
            }
            (Some(q), c) if c == q => in_string = None,
            (Some(_), _) => {}
            (None, '"' | '`') => {
                in_string = Some(c);
                mark(&mut stack);
            }
            (None, '#') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        separate(&mut stack);
                        line += 1;
                        column = 0;
                        break;
                    }
                }
            }
            (None, ';') => separate(&mut stack),
            (None, '(' | '[' | '{') => {
                mark(&mut stack);
                stack.push(Frame {
                    line,
                    column,
                    statements: 0,
                    names: 0,
                    open_statement: false,
                });
            }
            (None, ')' | ']' | '}') => {
                let Some(mut frame) = stack.pop() else {
                    continue; // unbalanced: the parser reports it
                };
                if frame.open_statement {
                    frame.statements += 1;
                }
                let cost = frame.statements.max(1) * frame.names;
                total += cost;
                if cost > max_block || total > max_source {
                    return Err(too_costly(path, &frame, cost, total));
                }
                if let Some(parent) = stack.last_mut() {
                    parent.names += frame.names;
                }
            }
            (None, c) if !c.is_whitespace() => mark(&mut stack),
            _ => {}
        }
    }
    Ok(())
}

/// A separator (newline or `;`): a block's statement ends if it had content.
fn separate(stack: &mut [Frame]) {
    if let Some(top) = stack.last_mut() {
        if top.open_statement {
            top.statements += 1;
            top.open_statement = false;
        }
    }
}

fn mark(stack: &mut [Frame]) {
    if let Some(top) = stack.last_mut() {
        top.open_statement = true;
    }
}

fn too_costly(path: &str, frame: &Frame, cost: u64, total: u64) -> Error {
    let message = if cost > MAX_BLOCK_COST {
        format!(
            "{path}:{}:{}: this block has {} statements over {} names, too many to analyse \
             ({cost} > {MAX_BLOCK_COST}); split it into smaller rules or functions",
            frame.line, frame.column, frame.statements, frame.names
        )
    } else {
        format!(
            "{path}:{}:{}: the file's blocks have too many statements over too many names to analyse \
             ({total} > {MAX_SOURCE_COST}); split it into smaller files",
            frame.line, frame.column
        )
    };
    let mut e = Error::new(ErrorCode::LimitExceeded, message);
    e.location = Some(SourceLocation {
        file: path.to_string(),
        line: frame.line,
        column: frame.column,
    });
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(n: usize) -> String {
        let stmts: Vec<String> = (0..n).map(|i| format!("\tv{i} := {i}")).collect();
        format!("package q\n\nx if {{\n{}\n}}\n", stmts.join("\n"))
    }

    #[test]
    fn long_bodies_are_refused_with_their_place() {
        assert!(check("q.rego", &body(300)).is_ok());
        let e = check("q.rego", &body(2000)).unwrap_err();
        assert_eq!(e.code, ErrorCode::LimitExceeded);
        let at = e.location.unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("q.rego", 3, 6));
        assert!(e.message.contains("2000 statements"), "{}", e.message);
    }

    #[test]
    fn semicolons_separate_statements_and_strings_hold_no_names() {
        let stmts: Vec<String> = (0..2000).map(|i| format!("v{i} := {i}")).collect();
        let one_line = format!("package q\nx if {{ {} }}\n", stmts.join("; "));
        assert!(check("q.rego", &one_line).is_err());
        let strings: Vec<String> = (0..2000).map(|i| format!("\"v{i} := {i}\"")).collect();
        let data = format!("package q\nx := {{\n{}\n}}\n", strings.join(",\n"));
        assert!(check("q.rego", &data).is_ok());
    }

    #[test]
    fn many_blocks_add_up() {
        let block: Vec<String> = (0..300).map(|i| format!("\tv{i} := {i}")).collect();
        let rules: Vec<String> = (0..60)
            .map(|r| format!("r{r} if {{\n{}\n}}", block.join("\n")))
            .collect();
        let e = check(
            "many.rego",
            &format!("package q\n\n{}\n", rules.join("\n\n")),
        )
        .unwrap_err();
        assert!(e.message.contains("smaller files"), "{}", e.message);
    }

    #[test]
    fn the_built_in_rules_are_far_below_the_bounds() {
        for file in crate::rego::builtin_files() {
            check(&file.path, &file.source).unwrap();
        }
    }
}
