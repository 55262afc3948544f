//! The validation keywords of a schema, read from the normalised document:
//! what a value must satisfy beyond its type.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Lowerer, CONST_MARKER};
use crate::ir::{BoxedConstraints, Constraints, TypeRef};

/// Kept keywords that only document: a change to them changes no value's
/// validity nor its meaning.
pub const DOCUMENTATION_KEYWORDS: &[&str] = &[
    "examples",
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$defs",
    "definitions",
];

/// Kept keywords that validate nothing but say how a string's content is
/// encoded (`base64`) and what it holds: a change to them changes what a
/// reader must do with the text, so compat compares them, while the code
/// generators keep such strings as text.
pub const CONTENT_KEYWORDS: &[&str] = &["contentMediaType", "contentEncoding"];

/// The keywords [`constraints_of`] reads, found in one pass over a
/// schema's keys (a lookup per keyword would hash each).
const READ: [&str; 16] = [
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    CONST_MARKER,
    "enum",
    "items",
];

/// The value of `keyword` (one of [`READ`]) as the pass found it.
fn read<'v>(found: &[Option<&'v Value>; READ.len()], keyword: &str) -> Option<&'v Value> {
    READ.iter()
        .position(|r| *r == keyword)
        .and_then(|i| found[i])
}

/// The validation keywords of the schema at `v` in the normalised document.
/// `const` was normalised to a one-value enum, marked `x-specsmith-const`.
pub(super) fn constraints_of(v: Option<&Value>) -> Constraints {
    let Some(Value::Object(m)) = v else {
        return Constraints::default();
    };
    let mut found: [Option<&Value>; READ.len()] = Default::default();
    let mut keywords = BTreeMap::new();
    for (k, val) in m {
        if let Some(i) = READ.iter().position(|r| *r == k.as_str()) {
            found[i] = Some(val);
        }
        let name = match k.strip_prefix(crate::load::KEPT_KEYWORD_PREFIX) {
            Some(name) => name,
            None if k == "not" => k.as_str(),
            None => continue,
        };
        if !DOCUMENTATION_KEYWORDS.contains(&name) {
            keywords.insert(name.to_string(), val.clone());
        }
    }
    let found = &found;
    let uint = |k: &str| read(found, k).and_then(Value::as_u64);
    let num = |k: &str| read(found, k).and_then(Value::as_f64);
    let flag = |k: &str| read(found, k).and_then(Value::as_bool).unwrap_or(false);
    let items = match read(found, "items") {
        Some(i @ Value::Object(im)) if !im.contains_key("$ref") => {
            Some(Box::new(constraints_of(Some(i)))).filter(|c| !c.is_empty())
        }
        _ => None,
    };
    Constraints {
        pattern: read(found, "pattern")
            .and_then(Value::as_str)
            .map(str::to_string),
        min_length: uint("minLength"),
        max_length: uint("maxLength"),
        minimum: num("minimum"),
        maximum: num("maximum"),
        exclusive_minimum: flag("exclusiveMinimum") && read(found, "minimum").is_some(),
        exclusive_maximum: flag("exclusiveMaximum") && read(found, "maximum").is_some(),
        multiple_of: num("multipleOf"),
        min_items: uint("minItems"),
        max_items: uint("maxItems"),
        unique_items: flag("uniqueItems"),
        min_properties: uint("minProperties"),
        max_properties: uint("maxProperties"),
        const_value: flag(CONST_MARKER)
            .then(|| read(found, "enum").and_then(|e| e.get(0)).cloned())
            .flatten(),
        keywords,
        items,
    }
}

impl Constraints {
    /// Fills in what `self` does not say from `outer` (the schema around a
    /// sole `allOf` part).
    pub(super) fn adopt(&mut self, outer: Constraints) {
        let Constraints {
            pattern,
            min_length,
            max_length,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            min_items,
            max_items,
            unique_items,
            min_properties,
            max_properties,
            const_value,
            keywords,
            items,
        } = outer;
        if pattern.is_some() {
            self.pattern = pattern;
        }
        macro_rules! take {
            ($($f:ident),*) => {$(if $f.is_some() { self.$f = $f; })*};
        }
        take!(
            min_length,
            max_length,
            min_items,
            max_items,
            min_properties,
            max_properties
        );
        take!(multiple_of, const_value, items);
        if minimum.is_some() {
            self.minimum = minimum;
            self.exclusive_minimum = exclusive_minimum;
        }
        if maximum.is_some() {
            self.maximum = maximum;
            self.exclusive_maximum = exclusive_maximum;
        }
        self.unique_items |= unique_items;
        self.keywords.extend(keywords);
    }
}

impl Lowerer<'_> {
    /// The constraints written at a place (property, parameter, header,
    /// body), unless the place's schema became a named type of its own,
    /// which then carries them.
    pub(super) fn place_constraints(&self, pointer: &str, ty: &TypeRef) -> BoxedConstraints {
        if let TypeRef::Named(n) = ty.non_null() {
            if self.types.get(n).is_some_and(|t| t.pointer == pointer) {
                return BoxedConstraints::default();
            }
        }
        constraints_of(self.node(pointer)).into()
    }
}
