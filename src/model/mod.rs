//! The incident: its model, how it is read and validated, the limits on it,
//! and the JSON Pointers that name its parts.

pub(crate) mod dates;
pub mod incident;
pub mod limits;
pub mod pointer;
pub mod read;

/// The JSON Schema of the incident model ([`incident::json_schema`]) as
/// text, written by build.rs.
pub const INCIDENT_SCHEMA: &str = include_str!(concat!(env!("OUT_DIR"), "/incident.schema.json"));
