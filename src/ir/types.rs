//! The types of the IR: named types (objects, enums, unions, aliases), the
//! references to them from fields, parameters and bodies, and the
//! validation keywords that narrow a value further.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::Docs;
use crate::diag::Loc;

/// Where a named type came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeOrigin {
    /// `components/schemas/<name>`.
    Component { name: String },
    /// An inline schema hoisted out of its parent; `path` is the naming path
    /// (for example `CreateSandboxRequest` / `resourceLimits`).
    Hoisted { path: Vec<String> },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NamedType {
    pub name: String,
    pub origin: TypeOrigin,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    pub loc: Loc,
    /// `x-specsmith-name`: the name identifiers are spelled from instead of
    /// `name` (see [`crate::naming`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<String>,
    /// Vendor extensions (`x-…`) on the schema, kept for emitters and docs.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
    /// The validation keywords of the schema itself.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: BoxedConstraints,
    /// JSON pointer to the schema in the normalised document
    /// ([`crate::load::Document::normalized`]), for checking values against it.
    #[serde(skip)]
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Object(ObjectType),
    Enum(EnumType),
    Union(UnionType),
    /// A named schema that is just another type (a string with a format, an
    /// array of something, a nullable reference …).
    Alias {
        target: TypeRef,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ObjectType {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    pub additional: Additional,
    /// Set when allOf could not be merged soundly; says why. The fields then
    /// hold the best-effort merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composition_note: Option<String>,
}

/// What the object says about properties it does not list.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Additional {
    /// Nothing said: extra properties are allowed and untyped.
    Unspecified,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties: <schema>` or `true`.
    Typed(TypeRef),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub docs: Docs,
    /// Validation keywords written at the property (those of a referenced
    /// type are on the type).
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: BoxedConstraints,
    /// `x-specsmith-name` on the property: what its identifier is spelled from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<String>,
    pub loc: Loc,
}

impl Field {
    pub fn nullable(&self) -> bool {
        self.ty.is_nullable()
    }

    /// The text the field's identifier is spelled from: its `x-specsmith-name`,
    /// else its wire name.
    pub fn naming_source(&self) -> &str {
        self.name_hint.as_deref().unwrap_or(&self.name)
    }
}

impl NamedType {
    /// The text the type's identifier is spelled from: its `x-specsmith-name`,
    /// else its IR name.
    pub fn naming_source(&self) -> &str {
        self.name_hint.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnumType {
    pub repr: EnumRepr,
    pub values: Vec<EnumValue>,
    /// Open enums accept values the spec does not list (the default);
    /// a closed enum is marked `x-specsmith-closed-enum: true`.
    pub open: bool,
    /// `null` is one of the allowed values.
    pub nullable: bool,
    /// The schema was a `const`: one value, typed as a literal (TypeScript,
    /// Python) or a one-value type, still decoded tolerantly where `open`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub constant: bool,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnumValue {
    /// The value on the wire (a string or an integer).
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The value's entry in `x-enum-varnames`: what its member is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl EnumValue {
    /// What makes two values of an `enum` the same value: numbers compare
    /// by value (`2` and `2.0` are one), strings by their characters,
    /// everything else by its JSON text. Integers are compared exactly, so
    /// two large ones that round to the same double stay apart. The three
    /// kinds of key start apart: `n:`, `s:`, and JSON text, which never
    /// starts with either.
    pub fn identity(value: &Value) -> String {
        /// 2^53: below it, a double with no fraction is an exact integer.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        match value {
            // Most enums are strings: no JSON escaping to tell them apart.
            Value::String(s) => {
                let mut key = String::with_capacity(s.len() + 2);
                key.push_str("s:");
                key.push_str(s);
                key
            }
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    format!("n:{i}")
                } else if let Some(u) = n.as_u64() {
                    format!("n:{u}")
                } else {
                    match n.as_f64() {
                        Some(f) if f.fract() == 0.0 && f.abs() < EXACT => {
                            format!("n:{}", f as i64)
                        }
                        _ => format!("n:{n}"),
                    }
                }
            }
            other => other.to_string(),
        }
    }

    /// The wire value as text, for naming.
    pub fn as_text(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnionKind {
    OneOf,
    AnyOf,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnionType {
    pub kind: UnionKind,
    pub variants: Vec<TypeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Discriminator {
    /// The property that carries the tag.
    pub property: String,
    /// tag value → IR type name, in a stable order (explicit mapping first,
    /// then implicit names).
    pub mapping: Vec<(String, String)>,
}

/// A reference to a type from a field, parameter, body or another type.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Named(String),
    Primitive(Primitive),
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Any,
    /// The inner type or `null`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// The type without its outer nullability.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    /// Wraps in `Nullable` unless already nullable.
    pub fn nullable(self) -> TypeRef {
        if self.is_nullable() {
            self
        } else {
            TypeRef::Nullable(Box::new(self))
        }
    }

    /// Every named type this reference mentions.
    pub fn named(&self, out: &mut Vec<String>) {
        out.extend(self.name().map(str::to_string));
    }

    /// The named type this reference mentions, if any: a reference wraps at
    /// most one.
    pub fn name(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => i.name(),
            TypeRef::Primitive(_) | TypeRef::Any => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(tag = "type", content = "format", rename_all = "snake_case")]
pub enum Primitive {
    String(StringFormat),
    Integer(IntFormat),
    Number(NumberFormat),
    Boolean,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum StringFormat {
    Plain,
    DateTime,
    Date,
    Uuid,
    Uri,
    Byte,
    Binary,
    Email,
    /// Any other format string, kept verbatim.
    Other(String),
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum IntFormat {
    Int32,
    Int64,
    /// No format: emitters treat it as int64 to be safe.
    Unspecified,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum NumberFormat {
    Float,
    Double,
    Unspecified,
}

/// The validation keywords of one schema as written (not those of a schema it
/// references). The type and format are in the [`TypeRef`]; these narrow the
/// values of that type further.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    /// `const`: the one value allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub const_value: Option<Value>,
    /// JSON Schema keywords the IR does not model (`not`, `if`, `then`,
    /// `else`, `dependentRequired`, `prefixItems`, `patternProperties` …),
    /// verbatim, so a change to them is seen.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub keywords: BTreeMap<String, Value>,
    /// The constraints of inline `items`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// No constraints: what an empty [`BoxedConstraints`] reads as, and what
/// a comparison reads for a side that has none.
pub static NO_CONSTRAINTS: Constraints = Constraints {
    pattern: None,
    min_length: None,
    max_length: None,
    minimum: None,
    maximum: None,
    exclusive_minimum: false,
    exclusive_maximum: false,
    multiple_of: None,
    min_items: None,
    max_items: None,
    unique_items: false,
    min_properties: None,
    max_properties: None,
    const_value: None,
    keywords: BTreeMap::new(),
    items: None,
};

/// The [`Constraints`] of a place (a type, field, parameter, header or
/// body), held on the heap only when there are some: most places have
/// none, and the IR holds tens of thousands of places for a large spec.
/// It reads (and writes) as a `Constraints`.
#[derive(Clone, Default)]
pub struct BoxedConstraints(Option<Box<Constraints>>);

impl From<Constraints> for BoxedConstraints {
    fn from(c: Constraints) -> Self {
        BoxedConstraints((!c.is_empty()).then(|| Box::new(c)))
    }
}

impl std::ops::Deref for BoxedConstraints {
    type Target = Constraints;
    fn deref(&self) -> &Constraints {
        self.0.as_deref().unwrap_or(&NO_CONSTRAINTS)
    }
}

impl std::ops::DerefMut for BoxedConstraints {
    fn deref_mut(&mut self) -> &mut Constraints {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for BoxedConstraints {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for BoxedConstraints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for BoxedConstraints {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::{BoxedConstraints, Constraints, EnumValue};
    use serde_json::json;

    #[test]
    fn boxed_constraints_read_write_compare_and_serialize_as_constraints() {
        let empty = BoxedConstraints::default();
        assert!(empty.is_empty());
        assert_eq!(*empty, Constraints::default());
        // An empty set is not boxed, whichever way it was made.
        assert!(BoxedConstraints::from(Constraints::default()).0.is_none());
        let some = Constraints {
            min_length: Some(3),
            pattern: Some("^a".into()),
            ..Constraints::default()
        };
        let boxed = BoxedConstraints::from(some.clone());
        assert_eq!(boxed.min_length, Some(3));
        assert_eq!(*boxed, some);
        assert_ne!(boxed, empty);
        let json = |v: Result<serde_json::Value, _>| v.unwrap();
        assert_eq!(
            json(serde_json::to_value(&boxed)),
            json(serde_json::to_value(&some))
        );
        assert_eq!(
            json(serde_json::to_value(&empty)),
            json(serde_json::to_value(Constraints::default()))
        );
        // A write boxes; a set written back to empty equals the unboxed one.
        let mut written = BoxedConstraints::default();
        let inner: &mut Constraints = &mut written;
        inner.max_items = Some(1);
        assert_eq!(written.max_items, Some(1));
        assert!(written.0.is_some());
        let inner: &mut Constraints = &mut written;
        inner.max_items = None;
        assert_eq!(written, empty);
    }

    #[test]
    fn enum_identity_compares_numbers_by_value_and_integers_exactly() {
        let id = |v| EnumValue::identity(&v);
        assert_eq!(id(json!(2)), id(json!(2.0)));
        assert_ne!(id(json!(2)), id(json!("2")));
        assert_ne!(id(json!(2)), id(json!(2.5)));
        // Both round to the same double; as integers they differ.
        assert_ne!(
            id(json!(9_007_199_254_740_993_u64)),
            id(json!(9_007_199_254_740_992_u64))
        );
        assert_eq!(id(json!(-3)), id(json!(-3.0)));
        assert_eq!(id(json!("a")), id(json!("a")));
        // Strings keyed by their characters stay apart from every other
        // kind of value, whatever they hold.
        for other in [json!("n:2"), json!("2"), json!("null"), json!("[1]")] {
            assert_ne!(id(json!(2)), id(other.clone()));
            assert_ne!(id(json!(null)), id(other.clone()));
            assert_ne!(id(json!([1])), id(other));
        }
        assert_ne!(id(json!("s:a")), id(json!("a")));
        assert_ne!(id(json!(["a"])), id(json!("a")));
    }
}
