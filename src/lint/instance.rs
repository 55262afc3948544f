//! A sound structural check of a JSON value (a default or an example) against
//! the schema it claims to follow: types, enums, required and forbidden
//! properties, nested values, compositions and `$ref`s. It only reports what
//! every JSON Schema validator would also reject; what it cannot judge
//! (formats, patterns, bounds, `not`, conditionals) it accepts.

use std::cell::Cell;

use serde_json::{Map, Value};

use crate::diag::push_pointer;
use crate::lint::walk::ref_pointer;

/// Nesting beyond this is accepted unchecked.
const MAX_DEPTH: usize = 64;
/// Schema visits per check; a check that runs out accepts the value rather
/// than report half-done findings (many nested `anyOf`s can be exponential).
const BUDGET: usize = 200_000;

/// One way a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// JSON pointer inside the value (`""` for the value itself).
    pub at: String,
    pub problem: String,
}

/// Checks `value` against the schema object `schema`. With `root_enum` false
/// an `enum` on the schema itself is not checked (a rule of its own covers it).
pub fn check(
    doc: &Value,
    schema: &Map<String, Value>,
    value: &Value,
    root_enum: bool,
) -> Vec<Mismatch> {
    let c = Checker {
        doc,
        root_enum,
        budget: Cell::new(BUDGET),
    };
    let mut out = Vec::new();
    c.map(schema, value, "", 0, true, true, &mut out);
    if c.budget.get() == 0 {
        return Vec::new();
    }
    out
}

struct Checker<'a> {
    doc: &'a Value,
    root_enum: bool,
    budget: Cell<usize>,
}

impl Checker<'_> {
    #[allow(clippy::too_many_arguments)]
    fn value(
        &self,
        schema: &Value,
        v: &Value,
        at: &str,
        depth: usize,
        root: bool,
        strict: bool,
        out: &mut Vec<Mismatch>,
    ) {
        // Boolean schemas (3.1): `true` accepts anything; `false` is left to validators.
        if let Value::Object(m) = schema {
            self.map(m, v, at, depth, root, strict, out);
        }
    }

    /// `root`: the value is the one the check started with (for `root_enum`).
    /// `strict`: `additionalProperties: false` applies; off for a part of a
    /// composition, which the spec's author usually means to merge.
    #[allow(clippy::too_many_arguments)]
    fn map(
        &self,
        s: &Map<String, Value>,
        v: &Value,
        at: &str,
        depth: usize,
        root: bool,
        strict: bool,
        out: &mut Vec<Mismatch>,
    ) {
        let left = self.budget.get();
        if depth > MAX_DEPTH || left == 0 {
            return;
        }
        self.budget.set(left - 1);
        let mut push = |at: &str, problem: String| {
            out.push(Mismatch {
                at: at.to_string(),
                problem,
            })
        };

        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            // specsmith reads `nullable: true` next to a `$ref` as nullable
            // (3.0 tools mostly do), so `null` passes here.
            if v.is_null() && is_nullable(s) {
                return;
            }
            // Checking against the target alone stays sound whether the
            // siblings are ignored (3.0) or add constraints (3.1).
            if let Some(target) = ref_pointer(r).and_then(|p| crate::diag::lookup(self.doc, &p)) {
                self.value(target, v, at, depth + 1, root, strict, out);
            }
            return;
        }

        let types = schema_types(s);
        let nullable = is_nullable(s);
        if v.is_null() {
            if nullable {
                return;
            }
            if !types.is_empty() {
                push(
                    at,
                    format!(
                        "`null` is not allowed (type {}): use a value, or make the schema nullable",
                        types.join(" or ")
                    ),
                );
                return;
            }
        } else if !types.is_empty() && !types.iter().any(|t| type_matches(t, v)) {
            push(
                at,
                format!("expected {}, found {}", types.join(" or "), describe(v)),
            );
            return;
        }

        if !root || self.root_enum {
            if let Some(Value::Array(values)) = s.get("enum") {
                if !values.iter().any(|x| json_eq(x, v)) {
                    push(
                        at,
                        format!(
                            "{} is not one of the enum values {}",
                            short(v),
                            list(values)
                        ),
                    );
                }
            }
            if let Some(c) = s.get("const") {
                if !json_eq(c, v) {
                    push(at, format!("{} is not the constant {}", short(v), short(c)));
                }
            }
        }

        match v {
            Value::Object(obj) => self.object(s, obj, at, depth, strict, out),
            Value::Array(items) => self.array(s, items, at, depth, out),
            _ => {}
        }

        self.compositions(s, v, at, depth, root, out);
    }

    /// Required properties, and each property against its schema.
    fn object(
        &self,
        s: &Map<String, Value>,
        obj: &Map<String, Value>,
        at: &str,
        depth: usize,
        strict: bool,
        out: &mut Vec<Mismatch>,
    ) {
        let mut push = |at: &str, problem: String| {
            out.push(Mismatch {
                at: at.to_string(),
                problem,
            })
        };
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = s.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if obj.contains_key(name) {
                    continue;
                }
                // readOnly properties are absent from requests and
                // writeOnly ones from responses: either may be missing.
                let prop = props
                    .and_then(|p| p.get(name))
                    .map(|p| crate::lint::walk::deref(self.doc, p));
                if prop.is_some_and(|p| is_true(p, "readOnly") || is_true(p, "writeOnly")) {
                    continue;
                }
                push(at, format!("required property `{name}` is missing"));
            }
        }
        let composed = ["allOf", "anyOf", "oneOf"]
            .iter()
            .any(|k| s.contains_key(*k));
        let patterns = s.contains_key("patternProperties");
        for (k, child) in obj {
            let cat = push_pointer(at, k);
            if let Some(ps) = props.and_then(|p| p.get(k)) {
                self.value(ps, child, &cat, depth + 1, false, true, out);
                continue;
            }
            if patterns {
                continue;
            }
            match s.get("additionalProperties") {
                Some(Value::Bool(false)) if strict && !composed => out.push(Mismatch {
                    at: cat,
                    problem: format!("property `{k}` is not allowed (the schema has `additionalProperties: false`)"),
                }),
                Some(Value::Object(m)) => self.map(m, child, &cat, depth + 1, false, true, out),
                _ => {}
            }
        }
    }

    /// Each item against `prefixItems` or `items`.
    fn array(
        &self,
        s: &Map<String, Value>,
        items: &[Value],
        at: &str,
        depth: usize,
        out: &mut Vec<Mismatch>,
    ) {
        let prefix = s.get("prefixItems").and_then(Value::as_array);
        for (i, item) in items.iter().enumerate() {
            let iat = push_pointer(at, &i.to_string());
            // Items past `prefixItems` follow `items`.
            if let Some(ps) = prefix.and_then(|p| p.get(i)).or_else(|| s.get("items")) {
                self.value(ps, item, &iat, depth + 1, false, true, out);
            }
        }
    }

    /// `allOf`: every part; `oneOf` / `anyOf`: the alternative a discriminator
    /// picks, else some alternative.
    fn compositions(
        &self,
        s: &Map<String, Value>,
        v: &Value,
        at: &str,
        depth: usize,
        root: bool,
        out: &mut Vec<Mismatch>,
    ) {
        if let Some(Value::Array(parts)) = s.get("allOf") {
            for part in parts {
                self.value(part, v, at, depth + 1, root, false, out);
            }
        }
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(alts)) = s.get(key) else {
                continue;
            };
            if alts.is_empty() {
                continue;
            }
            if let Some(alt) = self.discriminated(s, alts, v) {
                self.value(alt, v, at, depth + 1, root, false, out);
                continue;
            }
            let mut first: Option<Vec<Mismatch>> = None;
            let matched = alts.iter().any(|alt| {
                let mut o = Vec::new();
                self.value(alt, v, at, depth + 1, root, false, &mut o);
                if o.is_empty() {
                    return true;
                }
                first.get_or_insert(o);
                false
            });
            if !matched {
                let why = first
                    .and_then(|f| f.into_iter().next())
                    .map(|m| {
                        if m.at == at {
                            m.problem
                        } else {
                            format!("at `{}`: {}", m.at, m.problem)
                        }
                    })
                    .unwrap_or_default();
                out.push(Mismatch {
                    at: at.to_string(),
                    problem: format!(
                        "matches none of the {} `{key}` alternatives (the first: {why})",
                        alts.len()
                    ),
                });
            }
        }
    }

    /// The alternative a discriminator picks for `v`, when it picks one.
    fn discriminated<'s>(
        &self,
        s: &Map<String, Value>,
        alts: &'s [Value],
        v: &Value,
    ) -> Option<&'s Value> {
        let d = s.get("discriminator")?;
        let prop = d.get("propertyName")?.as_str()?;
        let tag = v.get(prop)?.as_str()?;
        let target = d
            .get("mapping")
            .and_then(|m| m.get(tag))
            .and_then(Value::as_str)
            .map(|t| {
                if t.starts_with('#') {
                    t.to_string()
                } else {
                    format!("#/components/schemas/{t}")
                }
            });
        alts.iter().find(|a| {
            let Some(r) = a.get("$ref").and_then(Value::as_str) else {
                return false;
            };
            match &target {
                Some(t) => r == t,
                None => r.rsplit('/').next() == Some(tag),
            }
        })
    }
}

/// The types a schema allows (`type: T` or 3.1 `type: [T, …]`).
pub fn schema_types(s: &Map<String, Value>) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Does the schema allow `null` (3.0 `nullable: true` or 3.1 `"null"` type)?
pub fn is_nullable(s: &Map<String, Value>) -> bool {
    s.get("nullable") == Some(&Value::Bool(true)) || schema_types(s).contains(&"null")
}

fn is_true(v: &Value, key: &str) -> bool {
    v.get(key) == Some(&Value::Bool(true))
}

/// Does a JSON value have the JSON Schema type `t`? Unknown type names match
/// anything (`invalid-type` reports them).
pub fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => is_integer(v),
        _ => true,
    }
}

/// JSON Schema integers include `1.0`.
pub fn is_integer(v: &Value) -> bool {
    match v {
        Value::Number(n) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

/// The JSON Schema type name of a value.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) if is_integer(v) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Object(_) | Value::Array(_) => format!("an {}", type_name(v)),
        _ => format!("{} {}", type_name(v), short(v)),
    }
}

/// A value as short inline code.
pub fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("`{cut}...`")
    } else {
        format!("`{text}`")
    }
}

fn list(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().take(6).map(Value::to_string).collect();
    let more = if values.len() > 6 { ", ..." } else { "" };
    format!("[{}{more}]", shown.join(", "))
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, a)| y.get(k).is_some_and(|b| json_eq(a, b)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(doc: Value, schema: Value, value: Value) -> Vec<String> {
        let Value::Object(s) = schema else {
            panic!("schema")
        };
        check(&doc, &s, &value, true)
            .into_iter()
            .map(|m| format!("{}: {}", m.at, m.problem))
            .collect()
    }

    #[test]
    fn types_nest_and_follow_refs() {
        let doc = json!({"components": {"schemas": {"N": {"type": "integer"}}}});
        let schema = json!({"type": "object", "properties": {"a": {"type": "array", "items": {"$ref": "#/components/schemas/N"}}}});
        assert_eq!(
            run(doc, schema, json!({"a": [1, "x", 2.0]})),
            vec!["/a/1: expected integer, found string `\"x\"`"]
        );
    }

    #[test]
    fn required_and_closed_objects() {
        let schema = json!({"type": "object", "required": ["id", "ro"], "additionalProperties": false,
            "properties": {"id": {"type": "string"}, "ro": {"type": "string", "readOnly": true}}});
        assert_eq!(
            run(json!({}), schema, json!({"extra": 1})),
            vec![": required property `id` is missing", "/extra: property `extra` is not allowed (the schema has `additionalProperties: false`)"]
        );
    }

    #[test]
    fn nullable_enum_and_unions() {
        assert!(run(
            json!({}),
            json!({"type": "string", "nullable": true, "enum": ["a"]}),
            json!(null)
        )
        .is_empty());
        assert!(run(json!({}), json!({"type": ["string", "null"]}), json!(null)).is_empty());
        assert_eq!(
            run(json!({}), json!({"enum": ["a", "b"]}), json!("c")),
            vec![": `\"c\"` is not one of the enum values [\"a\", \"b\"]"]
        );
        let union = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        assert!(run(json!({}), union.clone(), json!(3)).is_empty());
        assert_eq!(run(json!({}), union, json!(true)).len(), 1);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(!json_eq(&json!(1), &json!("1")));
        assert!(is_integer(&json!(2.0)));
    }
}
