//! The incident: its model, how it is read and validated, the limits on it,
//! and the JSON Pointers that name its parts.

pub(crate) mod dates;
pub mod incident;
pub mod limits;
pub mod pointer;
pub mod read;
