//! How a schema is shaped, whichever `openapiv3` variant holds it: the one
//! reading of a schema's type, formats and composition that the lowering
//! matches on.

use indexmap::IndexMap;
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use crate::ir::{EnumRepr, IntFormat, NumberFormat, Primitive, StringFormat};

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(super) enum RefOr<'s> {
    Ref(&'s str),
    Item(&'s oa::Schema),
}

pub(super) fn ro_box(r: &ReferenceOr<Box<oa::Schema>>) -> RefOr<'_> {
    match r {
        ReferenceOr::Reference { reference } => RefOr::Ref(reference),
        ReferenceOr::Item(s) => RefOr::Item(s),
    }
}

pub(super) fn ro(r: &ReferenceOr<oa::Schema>) -> RefOr<'_> {
    match r {
        ReferenceOr::Reference { reference } => RefOr::Ref(reference),
        ReferenceOr::Item(s) => RefOr::Item(s),
    }
}

pub(super) type Props = IndexMap<String, ReferenceOr<Box<oa::Schema>>>;

/// The shape of a schema, whichever `openapiv3` variant holds it.
pub(super) enum Shape<'s> {
    Object {
        props: &'s Props,
        required: &'s [String],
        additional: Option<&'s oa::AdditionalProperties>,
    },
    Array {
        items: Option<&'s ReferenceOr<Box<oa::Schema>>>,
    },
    Enum {
        repr: EnumRepr,
        values: EnumValues<'s>,
    },
    Prim(Primitive),
    /// `type: [string, integer]`: a value of any of these types.
    Types(Vec<Primitive>),
    OneOf(&'s [ReferenceOr<oa::Schema>]),
    AnyOf(&'s [ReferenceOr<oa::Schema>]),
    AllOf {
        parts: &'s [ReferenceOr<oa::Schema>],
        own: Option<(&'s Props, &'s [String])>,
    },
    Any,
}

/// An enum's values as the schema holds them (null where the list has
/// `null`), read only when the enum becomes a type: a shape is asked for
/// far more often.
#[derive(Clone, Copy)]
pub(super) enum EnumValues<'s> {
    Strings(&'s [Option<String>]),
    Integers(&'s [Option<i64>]),
    Json(&'s [Value]),
}

impl EnumValues<'_> {
    pub(super) fn to_values(self) -> Vec<Value> {
        match self {
            EnumValues::Strings(vs) => vs
                .iter()
                .map(|v| v.clone().map(Value::String).unwrap_or(Value::Null))
                .collect(),
            EnumValues::Integers(vs) => vs
                .iter()
                .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                .collect(),
            EnumValues::Json(vs) => vs.to_vec(),
        }
    }
}

fn string_format(f: &oa::VariantOrUnknownOrEmpty<oa::StringFormat>) -> StringFormat {
    match f {
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Date) => StringFormat::Date,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::DateTime) => StringFormat::DateTime,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Byte) => StringFormat::Byte,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Binary) => StringFormat::Binary,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Password) => StringFormat::Plain,
        oa::VariantOrUnknownOrEmpty::Unknown(s) => string_format_name(s),
        oa::VariantOrUnknownOrEmpty::Empty => StringFormat::Plain,
    }
}

fn string_format_name(s: &str) -> StringFormat {
    match s {
        "date" => StringFormat::Date,
        "date-time" => StringFormat::DateTime,
        "byte" => StringFormat::Byte,
        "binary" => StringFormat::Binary,
        "password" | "" => StringFormat::Plain,
        "uuid" => StringFormat::Uuid,
        "uri" | "url" => StringFormat::Uri,
        "email" => StringFormat::Email,
        other => StringFormat::Other(other.to_string()),
    }
}

fn int_format(name: Option<&str>) -> IntFormat {
    match name {
        Some("int32") | Some("int16") | Some("int8") | Some("uint8") | Some("uint16") => {
            IntFormat::Int32
        }
        Some("int64") | Some("uint32") => IntFormat::Int64,
        _ => IntFormat::Unspecified,
    }
}

fn number_format(name: Option<&str>) -> NumberFormat {
    match name {
        Some("float") => NumberFormat::Float,
        Some("double") => NumberFormat::Double,
        _ => NumberFormat::Unspecified,
    }
}

/// The primitive a JSON Schema type name stands for, with `format` applied
/// where it belongs to that type (`int64` to an integer, `uuid` to a string).
fn primitive_named(name: &str, format: Option<&str>) -> Option<Primitive> {
    let numeric = int_format(format) != IntFormat::Unspecified
        || number_format(format) != NumberFormat::Unspecified;
    Some(match name {
        "string" if numeric => Primitive::String(StringFormat::Plain),
        "string" => Primitive::String(
            format
                .map(string_format_name)
                .unwrap_or(StringFormat::Plain),
        ),
        "integer" => Primitive::Integer(int_format(format)),
        "number" => Primitive::Number(number_format(format)),
        "boolean" => Primitive::Boolean,
        _ => return None,
    })
}

pub(super) fn shape(s: &oa::Schema) -> Shape<'_> {
    use oa::{SchemaKind as K, Type as T};
    match &s.schema_kind {
        K::Type(T::String(st)) => {
            // `enum: [null]` lists no string: the values are the format's.
            if st.enumeration.iter().all(Option::is_none) {
                Shape::Prim(Primitive::String(string_format(&st.format)))
            } else {
                Shape::Enum {
                    repr: EnumRepr::String,
                    values: EnumValues::Strings(&st.enumeration),
                }
            }
        }
        K::Type(T::Integer(it)) => {
            if it.enumeration.iter().all(Option::is_none) {
                let f = match &it.format {
                    oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => IntFormat::Int32,
                    oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int64) => IntFormat::Int64,
                    oa::VariantOrUnknownOrEmpty::Unknown(u) => int_format(Some(u)),
                    oa::VariantOrUnknownOrEmpty::Empty => IntFormat::Unspecified,
                };
                Shape::Prim(Primitive::Integer(f))
            } else {
                Shape::Enum {
                    repr: EnumRepr::Integer,
                    values: EnumValues::Integers(&it.enumeration),
                }
            }
        }
        K::Type(T::Number(nt)) => Shape::Prim(Primitive::Number(match &nt.format {
            oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Float) => NumberFormat::Float,
            oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Double) => NumberFormat::Double,
            _ => NumberFormat::Unspecified,
        })),
        K::Type(T::Boolean(_)) => Shape::Prim(Primitive::Boolean),
        K::Type(T::Object(ot)) => Shape::Object {
            props: &ot.properties,
            required: &ot.required,
            additional: ot.additional_properties.as_ref(),
        },
        K::Type(T::Array(at)) => Shape::Array {
            items: at.items.as_ref(),
        },
        K::OneOf { one_of } => Shape::OneOf(one_of),
        K::AnyOf { any_of } => Shape::AnyOf(any_of),
        K::AllOf { all_of } => Shape::AllOf {
            parts: all_of,
            own: None,
        },
        K::Not { .. } => Shape::Any,
        K::Any(a) => {
            if !a.all_of.is_empty() {
                let own =
                    (!a.properties.is_empty()).then_some((&a.properties, a.required.as_slice()));
                Shape::AllOf {
                    parts: &a.all_of,
                    own,
                }
            } else if !a.one_of.is_empty() {
                Shape::OneOf(&a.one_of)
            } else if !a.any_of.is_empty() {
                Shape::AnyOf(&a.any_of)
            // `type: array` beside stray `properties` is still an array.
            } else if a.typ.as_deref() != Some("array")
                && (!a.properties.is_empty()
                    || a.typ.as_deref() == Some("object")
                    || a.additional_properties.is_some())
            {
                Shape::Object {
                    props: &a.properties,
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                }
            } else if a.items.is_some() || a.typ.as_deref() == Some("array") {
                Shape::Array {
                    items: a.items.as_ref(),
                }
            } else if a.enumeration.iter().any(|v| !v.is_null()) {
                // An enum of null alone (`enum: [null]`, the "always null"
                // of many 3.0 specs) is no enum: it falls through to the type.
                let all_int = a.enumeration.iter().all(|v| v.is_i64() || v.is_null());
                let all_str = a.enumeration.iter().all(|v| v.is_string() || v.is_null());
                if all_str {
                    Shape::Enum {
                        repr: EnumRepr::String,
                        values: EnumValues::Json(&a.enumeration),
                    }
                } else if all_int && a.typ.as_deref() != Some("number") {
                    Shape::Enum {
                        repr: EnumRepr::Integer,
                        values: EnumValues::Json(&a.enumeration),
                    }
                } else {
                    Shape::Any
                }
            } else if let (None, Some(Value::Array(types))) = (
                a.typ.as_deref(),
                s.schema_data.extensions.get(crate::load::TYPES_MARKER),
            ) {
                Shape::Types(
                    types
                        .iter()
                        .filter_map(|t| primitive_named(t.as_str()?, a.format.as_deref()))
                        .collect(),
                )
            } else {
                match a.typ.as_deref() {
                    Some("string") => Shape::Prim(Primitive::String(
                        a.format
                            .as_deref()
                            .map(string_format_name)
                            .unwrap_or(StringFormat::Plain),
                    )),
                    Some("integer") => {
                        Shape::Prim(Primitive::Integer(int_format(a.format.as_deref())))
                    }
                    Some("number") => {
                        Shape::Prim(Primitive::Number(number_format(a.format.as_deref())))
                    }
                    Some("boolean") => Shape::Prim(Primitive::Boolean),
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// The one inline part of an `allOf` that has nothing of its own beside it,
/// when that part is not an object with properties (which the allOf merge
/// handles) or another allOf. A 3.1 `oneOf: [{type: integer}, {type: "null"}]`
/// is normalised to `{nullable: true, allOf: [{type: integer}]}`: that is a
/// nullable integer, not an object.
pub(super) fn sole_inline_part(s: &oa::Schema) -> Option<&oa::Schema> {
    let Shape::AllOf {
        parts: [ReferenceOr::Item(part)],
        own: None,
    } = shape(s)
    else {
        return None;
    };
    match shape(part) {
        Shape::AllOf { .. } => None,
        Shape::Object { props, .. } if !props.is_empty() => None,
        _ => Some(part),
    }
}
