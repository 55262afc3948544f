//! How each parameter is read and parsed.

use super::*;

pub(super) fn params<'a>(
    types: &Types,
    op: &'a Operation,
    path_names: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<ParamPlan<'a>> {
    let mut out = Vec::new();
    for p in &op.parameters {
        let path_key = match p.location {
            ParamLocation::Path => match path_names.iter().position(|n| *n == p.name) {
                Some(i) => Some(format!("p{i}")),
                None => {
                    diags.push(Diagnostic::new(
                        "server-path-param-missing",
                        Severity::Warning,
                        p.loc.clone(),
                        format!(
                            "rust-server: path parameter `{}` does not appear in `{}`; it is left out of the input",
                            p.name, op.path
                        ),
                    ));
                    continue;
                }
            },
            _ => None,
        };
        let resolved = types.resolve(&p.ty).clone();
        let (value, list) = match &resolved {
            TypeRef::Array(item) => {
                let style = match (p.location, p.style.as_deref(), p.explode) {
                    (
                        ParamLocation::Query | ParamLocation::Cookie,
                        None | Some("form"),
                        None | Some(true),
                    ) => ListStyle::Repeated,
                    (_, None | Some("form") | Some("simple"), _) => ListStyle::Comma,
                    (_, Some(style), _) => {
                        diags.push(unsupported_style(p, style));
                        ListStyle::Comma
                    }
                };
                (param_value(types, item, p, diags), Some(style))
            }
            _ => (param_value(types, &p.ty, p, diags), None),
        };
        let default = if p.required || list.is_some() {
            None
        } else {
            p.default
                .as_ref()
                .and_then(|d| default_expr(types, &p.ty, d))
        };
        out.push(ParamPlan {
            p,
            field: names::value_name(p.naming_source()),
            path_key,
            value,
            list,
            default,
        });
    }
    out
}

pub(super) fn unsupported_style(p: &Parameter, style: &str) -> Diagnostic {
    Diagnostic::new(
        "fidelity-param-style",
        Severity::Warning,
        p.loc.clone(),
        format!(
            "rust-server: `{style}` style of parameter `{}` is not supported; its values are split at commas",
            p.name
        ),
    )
}

/// How one value of a parameter is read.
pub(super) fn param_value(
    types: &Types,
    t: &TypeRef,
    p: &Parameter,
    diags: &mut Vec<Diagnostic>,
) -> ParamValue {
    let resolved = types.resolve(t);
    match resolved {
        TypeRef::Primitive(Primitive::String(f))
            if !matches!(f, StringFormat::Date | StringFormat::DateTime) =>
        {
            ParamValue::Text
        }
        TypeRef::Primitive(prim) => ParamValue::Parsed {
            ty: crate::emit::rust_types::types::primitive_text(prim, Scope::Outside).into_owned(),
            expected: describe_primitive(prim),
        },
        TypeRef::Named(n) => match types.api.get(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                let values = e
                    .values
                    .iter()
                    .map(|v| format!("`{}`", v.as_text()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let expected = match (e.open, e.repr) {
                    (true, EnumRepr::String) => "a string".to_string(),
                    (true, EnumRepr::Integer) => "an integer".to_string(),
                    (false, _) => format!("one of {values}"),
                };
                ParamValue::Parsed {
                    ty: types.path_text(n, Scope::Outside),
                    expected,
                }
            }
            _ => unsupported_param(p, diags),
        },
        _ => unsupported_param(p, diags),
    }
}

pub(super) fn unsupported_param(p: &Parameter, diags: &mut Vec<Diagnostic>) -> ParamValue {
    diags.push(Diagnostic::new(
        "fidelity-param-type",
        Severity::Warning,
        p.loc.clone(),
        format!(
            "rust-server: parameter `{}` has a structured type; the handler receives its raw text",
            p.name
        ),
    ));
    ParamValue::Text
}

/// The expression of a primitive default, if the parameter has one.
pub(super) fn default_expr(types: &Types, t: &TypeRef, d: &serde_json::Value) -> Option<String> {
    match (types.resolve(t), d) {
        (TypeRef::Primitive(Primitive::Integer(_)), serde_json::Value::Number(n)) => {
            n.as_i64().map(|i| i.to_string())
        }
        (TypeRef::Primitive(Primitive::Number(_)), serde_json::Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(|f| proc_macro2::Literal::f64_unsuffixed(f).to_string()),
        (TypeRef::Primitive(Primitive::Boolean), serde_json::Value::Bool(b)) => Some(b.to_string()),
        (TypeRef::Primitive(Primitive::String(f)), serde_json::Value::String(s))
            if !matches!(f, StringFormat::Date | StringFormat::DateTime) =>
        {
            Some(format!(
                "{}.to_owned()",
                crate::emit::rust_types::text::lit(s)
            ))
        }
        _ => None,
    }
}
