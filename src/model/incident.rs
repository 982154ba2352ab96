//! The incident model (version 1) and its validation.
//!
//! The model is declared once, as a tree of [`Shape`]s, and every incident is
//! checked against it before any rule sees it: a wrong type on any path is a
//! typed error with that path's JSON Pointer, never a rule that silently reads
//! "compliant". Validation reports every problem, not only the first.

use crate::error::{Error, ErrorCode, Problem, Result};
use crate::model::pointer;
use serde_json::Value;

/// The `schemaVersion` values this engine understands.
pub const SCHEMA_VERSIONS: &[&str] = &["1"];

/// What a value in the incident must look like.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Free-form (only `extensions`).
    Any,
    Bool,
    String,
    /// An ISO 8601 date (`2026-11-20`) or date-time (`2026-11-20T10:00:00Z`).
    Date,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    Array(&'static Shape),
    /// An object with known fields; any other field is an error.
    Object(&'static [Field]),
}

/// One field of an object shape. Every field may be absent ("not recorded")
/// unless `required`; every field but the required ones may be `null`
/// ("did not happen"), which rules read differently from absent. Array
/// items may not be `null`.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

const STRINGS: Shape = Shape::Array(&Shape::String);

/// Classification of disclosed information, least to most protected.
pub const CLASSIFICATIONS: &[&str] = &[
    "public",
    "internal",
    "confidential",
    "personal",
    "sensitive",
];

const ELEMENT_COMMON: [Field; 2] = [
    opt("claimed", Shape::Bool),
    opt("explanation", Shape::String),
];

const JUSTIFICATION: Shape = Shape::Object(&[
    opt(
        "legal",
        Shape::Object(&[
            ELEMENT_COMMON[0],
            ELEMENT_COMMON[1],
            opt("basis", Shape::String),
        ]),
    ),
    opt("ethical", Shape::Object(&ELEMENT_COMMON)),
    opt(
        "beneficial",
        Shape::Object(&[
            ELEMENT_COMMON[0],
            ELEMENT_COMMON[1],
            opt("beneficiaries", STRINGS),
        ]),
    ),
    opt(
        "minimal",
        Shape::Object(&[
            ELEMENT_COMMON[0],
            ELEMENT_COMMON[1],
            opt("dataRetained", Shape::Bool),
            opt("beyondNeed", Shape::Bool),
        ]),
    ),
    opt("evidence", STRINGS),
]);

const ACTION: Shape = Shape::Object(&[
    opt("id", Shape::String),
    opt("kind", Shape::String),
    opt("description", Shape::String),
    opt("at", Shape::Date),
    opt("affectedParties", STRINGS),
    opt("requiredQualifications", STRINGS),
    opt(
        "consent",
        Shape::Object(&[opt("prior", Shape::Bool), opt("grantedBy", Shape::String)]),
    ),
    opt("justification", JUSTIFICATION),
    opt(
        "disclosure",
        Shape::Object(&[
            opt("classification", Shape::Enum(CLASSIFICATIONS)),
            opt("owner", Shape::String),
            opt("recipients", STRINGS),
            opt("ownerConsent", Shape::Bool),
        ]),
    ),
    opt(
        "advice",
        Shape::Object(&[
            opt("informationCorrect", Shape::Bool),
            opt("informationCurrent", Shape::Bool),
            opt("informationComplete", Shape::Bool),
            opt("doubtsDisclosed", Shape::Bool),
            opt("limitationsStated", Shape::Bool),
            opt("opposingFactorsIncluded", Shape::Bool),
        ]),
    ),
    opt(
        "judgement",
        Shape::Object(&[
            opt("sufficientKnowledge", Shape::Bool),
            opt("insufficiencyDisclosed", Shape::Bool),
            opt("personalStake", Shape::Bool),
            opt("stakeDeclared", Shape::Bool),
            opt("stakeAccepted", Shape::Bool),
        ]),
    ),
    opt(
        "damage",
        Shape::Object(&[
            opt("description", Shape::String),
            opt("foreseeable", Shape::Bool),
            opt("preventable", Shape::Bool),
            opt("preventionAttempted", Shape::Bool),
        ]),
    ),
    // The member stated something they knew to be untrue (P6).
    opt("knowinglyUntrue", Shape::Bool),
    opt(
        "risk",
        Shape::Object(&[
            opt("exposedParties", STRINGS),
            opt("intentional", Shape::Bool),
            opt("explicitlyRequestedBy", STRINGS),
        ]),
    ),
    opt(
        "request",
        Shape::Object(&[
            opt("description", Shape::String),
            opt("clearlyUnlawfulOrUnethical", Shape::Bool),
            opt("consultedSenior", Shape::Bool),
            opt("legalAdviceSought", Shape::Bool),
            opt("complied", Shape::Bool),
        ]),
    ),
]);

/// The whole incident, version 1. A `static`, so that each of its objects has
/// one address (src/model/read.rs finds their record shapes by it).
pub static INCIDENT: Shape = Shape::Object(&[
    req("schemaVersion", Shape::String),
    opt("id", Shape::String),
    opt("occurredAt", Shape::Date),
    opt(
        "member",
        Shape::Object(&[
            opt("name", Shape::String),
            opt(
                "qualifications",
                Shape::Array(&Shape::Object(&[
                    req("name", Shape::String),
                    opt("validUntil", Shape::Date),
                ])),
            ),
            opt("lastTraining", Shape::Date),
        ]),
    ),
    opt("actions", Shape::Array(&ACTION)),
    opt(
        "agreements",
        Shape::Array(&Shape::Object(&[
            opt("id", Shape::String),
            opt("description", Shape::String),
            opt("with", STRINGS),
            opt("kind", Shape::Enum(&["explicit", "implicit"])),
            opt("honoured", Shape::Bool),
            // The member could not keep their part without breaking the
            // agreement itself or the law (P3's case).
            opt("conflictsWithLaw", Shape::Bool),
            opt("discoveredAt", Shape::Date),
            opt("partiesNotifiedAt", Shape::Date),
        ])),
    ),
    opt(
        "promises",
        Shape::Array(&Shape::Object(&[
            opt("id", Shape::String),
            opt("description", Shape::String),
            opt("to", Shape::String),
            opt("delivered", Shape::Bool),
            opt("obstacleKnownAt", Shape::Date),
            opt("communicatedAt", Shape::Date),
        ])),
    ),
    opt(
        "conflictsOfInterest",
        Shape::Array(&Shape::Object(&[
            opt("id", Shape::String),
            opt("description", Shape::String),
            opt("parties", STRINGS),
            opt("declared", Shape::Bool),
            opt("declaredTo", STRINGS),
            opt("declaredAt", Shape::Date),
        ])),
    ),
    opt(
        "deficienciesFound",
        Shape::Array(&Shape::Object(&[
            opt("id", Shape::String),
            opt("description", Shape::String),
            opt("owner", Shape::String),
            opt("learnedAt", Shape::Date),
            opt("reportedToOwner", Shape::Bool),
            opt("reportedAt", Shape::Date),
            opt(
                "reportingRisk",
                Shape::Enum(&["none", "reasonable", "unreasonable"]),
            ),
            opt("riskExplanation", Shape::String),
        ])),
    ),
    opt("extensions", Shape::Any),
]);

/// The model as a JSON Schema (draft 2020-12), generated from the same
/// [`Shape`] tree the validator walks, so the two cannot disagree.
pub fn json_schema() -> serde_json::Value {
    let mut root = schema_of(&INCIDENT, false);
    let obj = root.as_object_mut().expect("the incident is an object");
    obj.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    obj.insert("$id".into(), "urn:conduct-engine:incident:1".into());
    obj.insert("title".into(), "conduct-engine incident, version 1".into());
    obj.insert(
        "description".into(),
        "What one member did (actions) and the standing facts around it. Absent fields mean \"not recorded\", null means \"did not happen\"; unknown fields are errors, except inside `extensions`.".into(),
    );
    // Only version "1" is understood; other versions are their own error.
    obj["properties"]["schemaVersion"] =
        serde_json::json!({"type": "string", "const": SCHEMA_VERSIONS[0]});
    root
}

fn schema_of(shape: &Shape, nullable: bool) -> serde_json::Value {
    use serde_json::json;
    let (mut schema, ty) = match shape {
        Shape::Any => return json!({}),
        Shape::Bool => (json!({}), "boolean"),
        Shape::String => (json!({}), "string"),
        Shape::Date => (
            json!({
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$",
                "description": "An ISO 8601 date, or a date-time of which only the date counts"
            }),
            "string",
        ),
        Shape::Enum(values) => (json!({"enum": values}), "string"),
        Shape::Array(item) => (json!({"items": schema_of(item, false)}), "array"),
        Shape::Object(fields) => {
            let properties: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|f| (f.name.to_string(), schema_of(&f.shape, !f.required)))
                .collect();
            let required: Vec<&str> = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            let mut o = json!({"properties": properties, "additionalProperties": false});
            if !required.is_empty() {
                o["required"] = json!(required);
            }
            (o, "object")
        }
    };
    schema["type"] = if nullable {
        json!([ty, "null"])
    } else {
        json!(ty)
    };
    if let (true, Shape::Enum(values)) = (nullable, shape) {
        let mut with_null: Vec<serde_json::Value> = values.iter().map(|v| json!(v)).collect();
        with_null.push(serde_json::Value::Null);
        schema["enum"] = json!(with_null);
    }
    schema
}

/// Checks an incident against the model. Returns every problem found, in
/// document order; an empty list means the incident is valid.
pub fn problems(incident: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    if !matches!(incident, Value::Object(_)) {
        out.push(Problem {
            code: ErrorCode::InvalidIncident,
            path: String::new(),
            message: format!(
                "an incident must be a JSON object, not {}",
                kind_of(incident)
            ),
        });
        return out;
    }
    check(incident, &INCIDENT, &mut String::new(), false, &mut out);
    // An unknown version is its own error: the rest of the model may not apply.
    if let Value::Object(fields) = incident {
        if let Some(Value::String(v)) = fields.get("schemaVersion") {
            if !SCHEMA_VERSIONS.contains(&v.as_str()) {
                out.retain(|p| p.path != "/schemaVersion");
                out.insert(
                    0,
                    Problem {
                        code: ErrorCode::UnsupportedSchemaVersion,
                        path: "/schemaVersion".into(),
                        message: format!(
                            "schemaVersion \"{v}\" is not supported; this engine reads version {}",
                            SCHEMA_VERSIONS.join(", ")
                        ),
                    },
                );
            }
        }
    }
    out
}

/// Validates an incident, folding all problems into one [`Error`].
pub fn validate(incident: &Value) -> Result<()> {
    let found = problems(incident);
    if found.is_empty() {
        Ok(())
    } else {
        Err(Error::from_problems(found))
    }
}

fn problem(out: &mut Vec<Problem>, path: &str, message: String) {
    out.push(Problem {
        code: ErrorCode::InvalidIncident,
        path: path.to_string(),
        message,
    });
}

fn check(value: &Value, shape: &Shape, path: &mut String, nullable: bool, out: &mut Vec<Problem>) {
    if nullable && matches!(value, Value::Null) {
        return;
    }
    match (shape, value) {
        (Shape::Any, _) | (Shape::Bool, Value::Bool(_)) | (Shape::String, Value::String(_)) => {}
        (Shape::Date, Value::String(s)) => {
            if crate::model::dates::day_number(s).is_none() {
                problem(
                    out,
                    path,
                    format!("\"{}\" is not an ISO 8601 date (YYYY-MM-DD)", clip(s)),
                );
            }
        }
        (Shape::Enum(allowed), Value::String(s)) => {
            if !allowed.contains(&s.as_str()) {
                problem(
                    out,
                    path,
                    format!("\"{}\" is not one of: {}", clip(s), allowed.join(", ")),
                );
            }
        }
        (Shape::Array(item), Value::Array(items)) => {
            let len = path.len();
            for (i, v) in items.iter().enumerate() {
                pointer::push_index(path, i);
                // A null item stands for nothing: an error, not a silent skip.
                check(v, item, path, false, out);
                path.truncate(len);
            }
        }
        (Shape::Object(fields), Value::Object(map)) => {
            let len = path.len();
            for field in fields.iter() {
                if field.required && !map.contains_key(field.name) {
                    pointer::push(path, field.name);
                    problem(out, path, format!("\"{}\" is required", field.name));
                    path.truncate(len);
                }
            }
            for (name, v) in map.iter() {
                let name = name.as_str();
                pointer::push(path, name);
                match fields.iter().find(|f| f.name == name) {
                    Some(field) => check(v, &field.shape, path, !field.required, out),
                    None => problem(
                        out,
                        path,
                        format!(
                            "unknown field \"{}\"; expected one of: {}",
                            clip(name),
                            fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                        ),
                    ),
                }
                path.truncate(len);
            }
        }
        (expected, found) => problem(
            out,
            path,
            format!("expected {}, found {}", describe(expected), kind_of(found)),
        ),
    }
}

fn describe(shape: &Shape) -> &'static str {
    match shape {
        Shape::Any => "any value",
        Shape::Bool => "a boolean",
        Shape::String => "a string",
        Shape::Date => "an ISO 8601 date string",
        Shape::Enum(_) => "a string",
        Shape::Array(_) => "an array",
        Shape::Object(_) => "an object",
    }
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Keeps echoed user text short in messages.
fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
