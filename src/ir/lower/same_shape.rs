//! When two inline schemas are one shape: the schema as written, without the
//! keywords that only say how a value is serialised as XML. An inline schema
//! under `application/xml` beside the same one under `application/json`
//! lowers to one type.

use serde_json::{Map, Value};

/// Keywords whose value is a map of schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value is one schema (`items` may also be a list).
const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// The schema `v` with every `xml` keyword removed, for comparing shapes.
/// A property that happens to be called `xml` is kept: only keywords in
/// schema position are removed.
pub(super) fn shape_key(v: &Value) -> Value {
    let Value::Object(m) = v else {
        return v.clone();
    };
    let mut out = Map::new();
    for (k, val) in m {
        let kept = match k.as_str() {
            "xml" => continue,
            k if SCHEMA_MAPS.contains(&k) => match val {
                Value::Object(props) => Value::Object(
                    props
                        .iter()
                        .map(|(name, s)| (name.clone(), shape_key(s)))
                        .collect(),
                ),
                other => other.clone(),
            },
            k if SCHEMA_LISTS.contains(&k) || SCHEMA_ONE.contains(&k) => match val {
                Value::Array(items) => Value::Array(items.iter().map(shape_key).collect()),
                other => shape_key(other),
            },
            _ => val.clone(),
        };
        out.insert(k.clone(), kept);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn xml_keywords_are_not_part_of_the_shape() {
        let json = json!({"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}}});
        let xml = json!({"type": "object", "xml": {"name": "root"}, "properties": {"data": {"type": "array", "xml": {"wrapped": true}, "items": {"type": "string", "xml": {"name": "item"}}}}});
        assert_eq!(shape_key(&json), shape_key(&xml));
    }

    #[test]
    fn a_property_named_xml_is_part_of_the_shape() {
        let with = json!({"properties": {"xml": {"type": "string"}}});
        let without = json!({"properties": {}});
        assert_ne!(shape_key(&with), shape_key(&without));
    }
}
