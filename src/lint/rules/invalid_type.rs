//! `invalid-type`: `type`, `format` and `enum` values that do not fit together.

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{instance, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "invalid-type",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "an unknown `type`, a `format` on the wrong type, or enum values of another type",
    explain: "Checks that a schema's `type` is one of `string`, `number`, `integer`, \
`boolean`, `array`, `object` (and `null` or a list of types in OpenAPI 3.1 only), that a \
well-known `format` sits on a type it applies to (`date-time`, `uuid`, `uri`, `byte` … on \
strings; `int32`, `int64`, `float`, `double` on numbers, or on strings that carry big \
numbers), and that every `enum` value has the schema's type.\n\n\
Tools disagree about what an unknown type means: specsmith treats the schema as untyped, \
other generators fail or guess. A format on the wrong type is silently ignored, so the \
generated field loses the meaning the author intended, and an enum value of the wrong \
type can never validate.\n\n\
Fix: use a JSON Schema type and a format that belongs to it, and quote enum values of \
string enums:\n\n\
```yaml\n\
createdAt:\n  type: string        # not `type: datetime`\n  format: date-time\n\
priority:\n  type: string\n  enum: [\"1\", \"2\"]    # not [1, 2]\n\
```",
};

const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Well-known formats and the types they apply to.
fn format_types(format: &str) -> Option<&'static [&'static str]> {
    const STRING: &[&str] = &["string"];
    const NUMERIC: &[&str] = &["integer", "number", "string"];
    Some(match format {
        "date"
        | "date-time"
        | "time"
        | "duration"
        | "email"
        | "idn-email"
        | "hostname"
        | "idn-hostname"
        | "ipv4"
        | "ipv6"
        | "uri"
        | "uri-reference"
        | "iri"
        | "iri-reference"
        | "uri-template"
        | "uuid"
        | "json-pointer"
        | "relative-json-pointer"
        | "regex"
        | "byte"
        | "binary"
        | "password" => STRING,
        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64"
        | "float" | "double" => NUMERIC,
        _ => return None,
    })
}

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let is_31 = cx.doc.is_31();
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        let Some(ty) = s.get("type") else { continue };
        let tp = push_pointer(p, "type");
        let mut types: Vec<&str> = Vec::new();
        match ty {
            Value::String(t) => {
                if t == "null" && !is_31 {
                    r.report(&tp, "`type: null` exists only in OpenAPI 3.1: in 3.0 write `nullable: true` on the schema that may be null");
                    continue;
                }
                types.push(t);
            }
            Value::Array(list) if is_31 => {
                for (i, t) in list.iter().enumerate() {
                    match t.as_str() {
                        Some(t) => types.push(t),
                        None => r.report(
                            &push_pointer(&tp, &i.to_string()),
                            format!(
                                "{} is not a type name: use one of {}",
                                instance::short(t),
                                TYPES.join(", ")
                            ),
                        ),
                    }
                }
            }
            Value::Array(_) => {
                r.report(&tp, "a list of types exists only in OpenAPI 3.1: in 3.0 use one type (with `nullable: true` for null), or `oneOf`");
                continue;
            }
            other => {
                r.report(
                    &tp,
                    format!(
                        "{} is not a type: use one of {}",
                        instance::short(other),
                        TYPES.join(", ")
                    ),
                );
                continue;
            }
        }
        let mut bad = false;
        for (i, t) in types.iter().enumerate() {
            if TYPES.contains(t) || (*t == "null" && is_31) {
                continue;
            }
            bad = true;
            let at = if ty.is_array() {
                push_pointer(&tp, &i.to_string())
            } else {
                tp.clone()
            };
            let hint = match t.to_ascii_lowercase().as_str() {
                "int" | "long" | "int32" | "int64" => "`type: integer`".to_string(),
                "float" | "double" | "decimal" => "`type: number`".to_string(),
                "bool" => "`type: boolean`".to_string(),
                "date" | "datetime" | "date-time" | "uuid" | "uri" | "str" | "text" => {
                    "`type: string` with a `format`".to_string()
                }
                "list" => "`type: array`".to_string(),
                "map" | "dict" | "json" => "`type: object`".to_string(),
                _ => format!("one of {}", TYPES.join(", ")),
            };
            r.report(&at, format!("`{t}` is not a JSON Schema type: use {hint}"));
        }
        if bad {
            continue;
        }
        let concrete: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        if let Some(format) = s.get("format").and_then(Value::as_str) {
            if let Some(allowed) = format_types(format) {
                if !concrete.is_empty() && !concrete.iter().any(|t| allowed.contains(t)) {
                    r.report(
                        &push_pointer(p, "format"),
                        format!(
                            "`format: {format}` applies to {}, not to {}: change the type, or drop or change the format",
                            allowed.iter().filter(|a| **a != "string" || allowed.len() == 1).copied().collect::<Vec<_>>().join(" and "),
                            concrete.join(" or ")
                        ),
                    );
                }
            }
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            let nullable = instance::is_nullable(s.0);
            let ep = push_pointer(p, "enum");
            for (i, v) in values.iter().enumerate() {
                if v.is_null() && nullable {
                    continue;
                }
                if types.iter().any(|t| instance::type_matches(t, v)) {
                    continue;
                }
                let hint = if v.is_null() {
                    "make the schema nullable, or remove it".to_string()
                } else if types.contains(&"string") && !v.is_object() && !v.is_array() {
                    format!("quote it (`\"{v}\"`)")
                } else {
                    "change the value or the type".to_string()
                };
                r.report(
                    &push_pointer(&ep, &i.to_string()),
                    format!(
                        "enum value {} is {}, but the schema's type is {}: {hint}",
                        instance::short(v),
                        instance::type_name(v),
                        types.join(" or ")
                    ),
                );
            }
        }
    }
}
