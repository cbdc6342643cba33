//! Stage one: the text to a typed catalog file. The fast path is one typed parse; only when it
//! fails does a generic parse look at every item on its own, so that *all* type problems are
//! reported, not the first.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Format;
use crate::catalog::file::{CatalogFile, KeyKindDef, PermissionDef};
use crate::catalog::locate::{line_col, DocPath};

/// Why the text is not a catalog file.
pub(super) enum Failure {
    /// Not JSON / TOML at all, at this position.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but items of the wrong shape, each at its path.
    Problems(Vec<(DocPath, String)>),
}

pub(super) fn parse(text: &str, format: Format) -> Result<CatalogFile, Failure> {
    let typed = match format {
        Format::Json => serde_json::from_str::<CatalogFile>(text).ok(),
        Format::Toml => toml::from_str::<CatalogFile>(text).ok(),
    };
    if let Some(file) = typed {
        return Ok(file);
    }
    let generic = generic(text, format)?;
    let problems = type_problems(&generic);
    if problems.is_empty() {
        // The generic route accepted what the typed one refused: report the typed error.
        let message = match format {
            Format::Json => serde_json::from_str::<CatalogFile>(text)
                .err()
                .map(|e| e.to_string()),
            Format::Toml => toml::from_str::<CatalogFile>(text)
                .err()
                .map(|e| e.message().to_owned()),
        }
        .unwrap_or_else(|| "the catalog could not be read".to_owned());
        return Err(Failure::Syntax {
            line: 1,
            column: 1,
            message,
        });
    }
    Err(Failure::Problems(problems))
}

/// The text as a generic JSON value, or where its syntax breaks.
fn generic(text: &str, format: Format) -> Result<Value, Failure> {
    match format {
        Format::Json => serde_json::from_str::<Value>(text).map_err(|e| Failure::Syntax {
            line: e.line().max(1),
            column: e.column().max(1),
            message: format!("invalid JSON: {}", strip_position(&e.to_string())),
        }),
        Format::Toml => match toml::from_str::<toml::Value>(text) {
            Ok(v) => Ok(serde_json::to_value(v).unwrap_or(Value::Null)),
            Err(e) => {
                let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
                Err(Failure::Syntax {
                    line,
                    column,
                    message: format!("invalid TOML: {}", e.message()),
                })
            }
        },
    }
}

/// serde_json appends " at line L column C"; the diagnostic already says where.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

/// Type problems of a generic document, each item on its own, so all are found.
fn type_problems(doc: &Value) -> Vec<(DocPath, String)> {
    use crate::catalog::file::{GroupDef, PresetDef, ScopeDef, Source};
    let root = DocPath::root();
    let Value::Object(map) = doc else {
        return vec![(root, "a catalog must be an object (a table in TOML)".into())];
    };
    let mut problems = Vec::new();
    fn each<T: DeserializeOwned>(
        map: &serde_json::Map<String, Value>,
        field: &str,
        problems: &mut Vec<(DocPath, String)>,
    ) {
        if let Some(Value::Array(items)) = map.get(field) {
            for (i, item) in items.iter().enumerate() {
                if let Err(e) = serde_path_to_error::deserialize::<_, T>(item) {
                    let mut path = DocPath::root().key(field).index(i);
                    for seg in e.path().iter() {
                        path = match seg {
                            serde_path_to_error::Segment::Seq { index } => path.index(*index),
                            serde_path_to_error::Segment::Map { key } => path.key(key),
                            serde_path_to_error::Segment::Enum { variant } => path.key(variant),
                            serde_path_to_error::Segment::Unknown => path,
                        };
                    }
                    problems.push((path, e.into_inner().to_string()));
                }
            }
        }
    }
    each::<ScopeDef>(map, "scopes", &mut problems);
    each::<PermissionDef>(map, "permissions", &mut problems);
    each::<KeyKindDef>(map, "key_kinds", &mut problems);
    each::<PresetDef>(map, "presets", &mut problems);
    each::<GroupDef>(map, "groups", &mut problems);
    each::<Source>(map, "sources", &mut problems);
    // The root on its own, with well-formed item arrays emptied (their items were checked).
    let mut shell = map.clone();
    for field in [
        "scopes",
        "permissions",
        "key_kinds",
        "presets",
        "groups",
        "sources",
    ] {
        if let Some(Value::Array(items)) = shell.get_mut(field) {
            items.clear();
        }
    }
    if let Err(e) = serde_path_to_error::deserialize::<_, CatalogFile>(Value::Object(shell)) {
        let mut path = root;
        for seg in e.path().iter() {
            if let serde_path_to_error::Segment::Map { key } = seg {
                path = path.key(key);
            }
        }
        problems.push((path, e.into_inner().to_string()));
    }
    problems
}
