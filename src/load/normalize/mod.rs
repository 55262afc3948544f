//! Brings OpenAPI 3.1 (and quirky 3.0) documents to the one canonical form that
//! `openapiv3` reads: `type: [T, "null"]` → nullable T, `const` → one-value
//! enum, numeric exclusive bounds → 3.0 flags, `$ref` siblings kept through a
//! one-element `allOf`, out-of-range numbers clamped, and JSON Schema keywords
//! that `openapiv3` has no place for kept as `x-specsmith-kw-*` extensions.//!
//! This module walks the document; [`schema`] normalises each schema it
//! meets, and [`refs`] first inlines references into the middle of a
//! component.

mod copy;
mod refs;
mod schema;

pub use copy::normalized_copy;
pub(crate) use refs::is_deep_ref;

use serde_json::{Map, Value};

use crate::diag::push_pointer;
use crate::load::METHODS;
use refs::inline_deep_refs;
use schema::schema;

/// What the normaliser found out on its way.
#[derive(Default)]
pub struct Notes {
    /// (pointer, rule id, message) for things the normaliser changed in a way
    /// a user should know about.
    pub changes: Vec<(String, &'static str, String)>,
    /// Schemas nested a multiple of [`CHECKPOINT`] levels below their
    /// outermost schema, each listed before the schemas inside it.
    pub deep_schemas: Vec<String>,
}

impl Notes {
    fn push(&mut self, change: (String, &'static str, String)) {
        self.changes.push(change)
    }
}

/// Every this many levels of schema nesting, a schema is one the loader
/// reads on its own before the whole document (see [`Notes::deep_schemas`]):
/// a schema that does not fit costs `openapiv3` time exponential in how far
/// below the node being read the misfit lies, and reading the deep ones first,
/// innermost first, keeps that distance below this.
pub const CHECKPOINT: usize = 6;

/// Prefix under which unsupported JSON Schema keywords are kept.
pub const KEPT_KEYWORD_PREFIX: &str = "x-specsmith-kw-";

/// Where a `type` list of several primitive types (`[string, integer]`) is
/// kept, without `null` (which became `nullable`); the lowering reads it as a
/// union of those types.
pub const TYPES_MARKER: &str = "x-specsmith-types";

pub fn normalize(doc: &mut Value, is_31: bool, notes: &mut Notes) {
    inline_deep_refs(doc);
    if is_31 {
        default_responses(doc);
    }
    let Value::Object(root) = doc else { return };
    add_required_members(root);
    let keys: Vec<String> = root.keys().cloned().collect();
    for k in keys {
        let p = push_pointer("", &k);
        match k.as_str() {
            "components" => {
                if let Some(Value::Object(components)) = root.get_mut("components") {
                    let kinds: Vec<String> = components.keys().cloned().collect();
                    for kind in kinds {
                        let kp = push_pointer(&p, &kind);
                        let Some(Value::Object(section)) = components.get_mut(&kind) else {
                            continue;
                        };
                        let names: Vec<String> = section.keys().cloned().collect();
                        for name in names {
                            let np = push_pointer(&kp, &name);
                            let Some(v) = section.get_mut(&name) else {
                                continue;
                            };
                            if kind == "schemas" {
                                schema(v, &np, is_31, notes, 0);
                            } else if kind == "securitySchemes" {
                                security_scheme(v, &np, notes);
                            } else {
                                generic(v, &np, is_31, notes, 0);
                            }
                        }
                        if kind == "securitySchemes" {
                            section.retain(|_, v| !v.is_null());
                        }
                    }
                }
            }
            "jsonSchemaDialect" => {}
            _ => {
                if let Some(v) = root.get_mut(&k) {
                    generic(v, &p, is_31, notes, 0);
                }
            }
        }
    }
}

/// `paths` and `info`, which `openapiv3` requires, when the document has
/// none (an empty map, a blank title and version).
fn add_required_members(root: &mut Map<String, Value>) {
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    if !root.contains_key("info") {
        root.insert(
            "info".into(),
            serde_json::json!({"title": "", "version": ""}),
        );
    }
}

/// OpenAPI 3.1 made an operation's `responses` optional; `openapiv3` (3.0)
/// requires it, so an operation without one gets an empty map.
fn default_responses(doc: &mut Value) {
    let mut items: Vec<&mut Value> = Vec::new();
    let Value::Object(root) = doc else { return };
    for (key, section) in root.iter_mut() {
        match (key.as_str(), section) {
            ("paths" | "webhooks", Value::Object(m)) => items.extend(m.values_mut()),
            ("components", Value::Object(c)) => {
                if let Some(Value::Object(m)) = c.get_mut("pathItems") {
                    items.extend(m.values_mut());
                }
            }
            _ => {}
        }
    }
    items.into_iter().for_each(add_responses);
}

/// An empty `responses` for each operation of a path item that has none
/// (see [`default_responses`]).
fn add_responses(item: &mut Value) {
    let Value::Object(item) = item else { return };
    for m in METHODS {
        if let Some(Value::Object(op)) = item.get_mut(m) {
            op.entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
}

fn security_scheme(v: &mut Value, p: &str, notes: &mut Notes) {
    let ty = v.get("type").and_then(Value::as_str).unwrap_or("");
    if !matches!(ty, "apiKey" | "http" | "oauth2" | "openIdConnect") && v.get("$ref").is_none() {
        notes.push((p.to_string(), "unsupported-security-scheme", format!("security scheme type `{ty}` is not supported by specsmith's generators; it is left out")));
        *v = Value::Null;
    }
}

/// Walks non-schema parts of the document, normalising every schema it meets.
fn generic(v: &mut Value, p: &str, is_31: bool, notes: &mut Notes, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            // A parameter or header with neither schema nor content gets an empty schema.
            if map.contains_key("in")
                && map.contains_key("name")
                && !map.contains_key("schema")
                && !map.contains_key("content")
                && !map.contains_key("$ref")
            {
                map.insert("schema".into(), Value::Object(Map::new()));
            }
            // Normalising a member changes only that member's value.
            for (k, child) in map.iter_mut() {
                if is_data_key(k) {
                    continue;
                }
                let cp = push_pointer(p, k);
                // A JSON Schema boolean (`schema: false`) is a schema too.
                if k == "schema" && (child.is_object() || child.is_boolean()) {
                    schema(child, &cp, is_31, notes, 0);
                } else {
                    generic(child, &cp, is_31, notes, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                generic(
                    child,
                    &push_pointer(p, &i.to_string()),
                    is_31,
                    notes,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Example values and extensions are data: a `$ref` in them is not a
/// reference, and an object in them is not a schema.
fn is_data_key(key: &str) -> bool {
    key == "example" || key == "examples" || key.starts_with("x-")
}

#[cfg(test)]
mod tests;
