//! Each client language's spelling of a call ([`Flavor`]): its client
//! options, how it reads the environment, how it names enum members, and
//! the function that writes the whole program or script (one module per
//! language beside this one).

use serde_json::Value;

use super::{json, Flavor, Secret};
use crate::ir::{NumberFormat, Primitive};
use crate::naming::{self, IdentKind, Lang};

pub(super) const FLAVORS: &[Flavor] = &[
    Flavor {
        target: "typescript",
        label: "TypeScript",
        lang: Lang::TypeScript,
        env: |v| format!("process.env.{v}"),
        option: |_, scheme, secret| {
            let option = naming::ident(Lang::TypeScript, IdentKind::Parameter, scheme);
            match secret {
                Secret::Key(v) | Secret::Token(v) => format!("{option}: {v}"),
                Secret::Basic(u, p) => format!("{option}: {{ username: {u}, password: {p} }}"),
            }
        },
        members: None,
        render: super::typescript::render,
    },
    Flavor {
        target: "python",
        label: "Python",
        lang: Lang::Python,
        env: |v| format!("os.environ[\"{v}\"]"),
        option: |_, scheme, secret| {
            let option = naming::ident(Lang::Python, IdentKind::Parameter, scheme);
            match secret {
                Secret::Key(v) | Secret::Token(v) => format!("{option}={v}"),
                Secret::Basic(u, p) => format!("{option}=({u}, {p})"),
            }
        },
        members: None,
        render: super::python::render,
    },
    Flavor {
        target: "go",
        label: "Go",
        lang: Lang::Go,
        env: |v| format!("os.Getenv({})", json(v)),
        option: |packages, scheme, secret| {
            let pkg = &packages.go_package;
            let option = format!("With{}", naming::ident(Lang::Go, IdentKind::Type, scheme));
            match secret {
                Secret::Key(v) | Secret::Token(v) => format!("{pkg}.{option}({v})"),
                Secret::Basic(u, p) => format!("{pkg}.{option}({u}, {p})"),
            }
        },
        members: None,
        render: super::go::render,
    },
    Flavor {
        target: "kotlin",
        label: "Kotlin",
        lang: Lang::Kotlin,
        env: |v| format!("System.getenv({})", json(v)),
        option: |_, scheme, secret| {
            let option = naming::ident(Lang::Kotlin, IdentKind::Parameter, scheme);
            match secret {
                Secret::Key(v) => format!("{option} = {v}"),
                // The client asks for the token before every request.
                Secret::Token(v) => format!("{option} = {{ {v} }}"),
                Secret::Basic(u, p) => format!("{option} = BasicCredentials({u}, {p})"),
            }
        },
        members: Some(|t, _, e| crate::emit::kotlin::enum_constants(t, e, &mut Vec::new())),
        render: super::kotlin::render,
    },
    Flavor {
        target: "rust",
        label: "Rust",
        lang: Lang::Rust,
        env: |v| format!("std::env::var({})?", json(v)),
        option: |_, scheme, secret| {
            let method = naming::ident(Lang::Rust, IdentKind::Field, scheme);
            match secret {
                Secret::Key(v) | Secret::Token(v) => format!(".{method}({v})"),
                Secret::Basic(u, p) => format!(".{method}({u}, {p})"),
            }
        },
        members: Some(|t, _, e| {
            crate::emit::rust_types::names::variant_names("rust", t, e, &mut Vec::new())
        }),
        render: super::rust::render,
    },
    Flavor {
        target: "csharp",
        label: "C#",
        lang: Lang::CSharp,
        env: |v| format!("Environment.GetEnvironmentVariable({})", json(v)),
        option: |_, scheme, secret| {
            let property = naming::ident(Lang::CSharp, IdentKind::Field, scheme);
            match secret {
                Secret::Key(v) | Secret::Token(v) => format!("{property} = {v}"),
                Secret::Basic(u, p) => {
                    format!("{property} = new System.Net.NetworkCredential({u}, {p})")
                }
            }
        },
        members: Some(|t, name, e| crate::emit::csharp::enum_members(t, name, e, &mut Vec::new())),
        render: super::csharp::render,
    },
];

/// `text` with every line after the first indented by `indent`.
pub(super) fn indented(text: &str, indent: &str) -> String {
    text.lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

pub(super) fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A number of type `p` as a literal of a language whose floating-point
/// literals need a point (Kotlin, Rust) and, for `float`, the suffix
/// `float_suffix`; an integer for any other type.
pub(super) fn number(p: &Primitive, value: &Value, float_suffix: &str) -> String {
    let text = value.to_string();
    match p {
        Primitive::Number(f) => {
            let text = if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            };
            if *f == NumberFormat::Float {
                format!("{text}{float_suffix}")
            } else {
                text
            }
        }
        _ => text,
    }
}

/// The text of a scalar: a string's characters, else its JSON.
pub(super) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The form pairs grouped by key, in first-seen order (a repeated key
/// keeps all its values).
pub(super) fn grouped(pairs: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (k, v) in pairs {
        match out.iter_mut().find(|(key, _)| key == k) {
            Some((_, values)) => values.push(v.clone()),
            None => out.push((k.clone(), vec![v.clone()])),
        }
    }
    out
}
