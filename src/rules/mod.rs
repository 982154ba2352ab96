//! The rule set around the rules themselves: the catalogue (what each rule
//! is, from its METADATA), the configuration rules read, the messages
//! findings are written in, the labels that name the incident's fields in
//! words, and the digest that identifies it all.

pub mod builtin;
pub mod catalogue;
pub mod config;
pub(crate) mod digest;
pub mod labels;
pub mod messages;
