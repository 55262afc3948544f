//! The Rust call: `#[tokio::main]` with `?` for every error. Enum members
//! by their variants, dates parsed into the crate's `wire` types, lists as
//! arrays borrowed as slices, anything else deserialized from its JSON with
//! `serde_json`, as the request body is.

use std::collections::BTreeSet;

use super::flavors::{indented, number, pretty};
use super::{json, Body, Call, Packages, Typed};
use crate::ir::{Primitive, StringFormat, TypeRef};

/// JSON text as a raw string literal, indented for the body of `main`
/// (JSON parsed from text keeps every number as written, where `json!`
/// would type a large integer literal as `i32`).
fn raw(text: &str) -> String {
    let mut hashes = "#".to_string();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{}\"{hashes}", indented(text, "    "))
}

/// What the declarations use from the crate.
#[derive(Default)]
struct Needs {
    wire: bool,
    types: BTreeSet<String>,
}

/// An argument: its expression, after `lines` declares what it needs.
fn value(
    call: &Call,
    name: &str,
    typed: &Typed,
    lines: &mut Vec<String>,
    needs: &mut Needs,
) -> String {
    match typed {
        Typed::Scalar(Primitive::String(f @ (StringFormat::Date | StringFormat::DateTime)), v) => {
            needs.wire = true;
            let ty = if *f == StringFormat::Date {
                "Date"
            } else {
                "DateTime"
            };
            lines.push(format!(
                "let {name}: wire::{ty} = {}.parse()?;",
                json(&super::flavors::text(v))
            ));
            format!("&{name}")
        }
        Typed::Scalar(Primitive::String(_), v) => json(&super::flavors::text(v)),
        Typed::Scalar(p, v) => number(p, v, ""),
        Typed::Enum { ty, index, .. } => {
            needs.types.insert(call.names.ty(ty).to_string());
            format!("&{}::{}", call.names.ty(ty), call.names.member(ty, *index))
        }
        Typed::List(_, items) => {
            let values: Vec<String> = items
                .iter()
                .map(|t| match t {
                    Typed::Scalar(
                        Primitive::String(f @ (StringFormat::Date | StringFormat::DateTime)),
                        v,
                    ) => {
                        needs.wire = true;
                        let ty = if *f == StringFormat::Date {
                            "Date"
                        } else {
                            "DateTime"
                        };
                        format!("{}.parse::<wire::{ty}>()?", json(&super::flavors::text(v)))
                    }
                    Typed::Scalar(Primitive::String(_), v) => {
                        format!("{}.to_string()", json(&super::flavors::text(v)))
                    }
                    Typed::Enum { ty, index, .. } => {
                        needs.types.insert(call.names.ty(ty).to_string());
                        format!("{}::{}", call.names.ty(ty), call.names.member(ty, *index))
                    }
                    Typed::Scalar(p, v) => number(p, v, ""),
                    _ => String::new(),
                })
                .collect();
            lines.push(format!("let {name} = [{}];", values.join(", ")));
            format!("&{name}")
        }
        Typed::Json(ty, v) => {
            let annotation = match ty.non_null() {
                TypeRef::Named(n) => {
                    needs.types.insert(call.names.ty(n).to_string());
                    format!(": {}", call.names.ty(n))
                }
                _ => String::new(),
            };
            lines.push(format!(
                "let {name}{annotation} = serde_json::from_str({})?;",
                raw(&pretty(v))
            ));
            format!("&{name}")
        }
    }
}

pub(super) fn render(packages: &Packages, _class: &str, call: &Call) -> String {
    let krate = packages.rust_crate.replace('-', "_");
    let mut uses = vec![format!("{krate}::client::Client")];
    let mut lines = Vec::new();
    let mut needs = Needs::default();
    let mut args: Vec<String> = Vec::new();
    for a in call.path.iter().chain(&call.others) {
        let v = value(call, &a.ident, &a.typed, &mut lines, &mut needs);
        args.push(v);
    }
    let required = call.body_required;
    let borrowed = |v: &str| {
        if required {
            format!("&{v}")
        } else {
            format!("Some(&{v})")
        }
    };
    match &call.body {
        Some(
            Body::Model { ty, value }
            | Body::Form {
                model: Some((ty, value)),
                ..
            },
        ) => {
            needs.types.insert(ty.clone());
            lines.push(format!(
                "let body: {ty} = serde_json::from_str({})?;",
                raw(&pretty(value))
            ));
            args.push(borrowed("body"));
        }
        Some(Body::Json(value)) => {
            lines.push(format!(
                "let body: serde_json::Value = serde_json::from_str({})?;",
                raw(&pretty(value))
            ));
            args.push(borrowed("body"));
        }
        Some(Body::Form { pairs, model: None }) => {
            let mut map = serde_json::Map::new();
            for (k, v) in pairs {
                map.insert(k.clone(), serde_json::Value::String(v.clone()));
            }
            lines.push(format!(
                "let body = serde_json::json!({});",
                indented(&pretty(&serde_json::Value::Object(map)), "    ")
            ));
            args.push(borrowed("body"));
        }
        Some(Body::Multipart(parts)) => {
            let mut form = "reqwest::multipart::Form::new()".to_string();
            for p in parts {
                match &p.text {
                    Some(text) => {
                        form.push_str(&format!("\n        .text({}, {})", json(&p.name), json(text)))
                    }
                    None => form.push_str(&format!(
                        "\n        .part(\n            {},\n            reqwest::multipart::Part::bytes(std::fs::read({file})?).file_name({file}),\n        )",
                        json(&p.name),
                        file = json(&p.file)
                    )),
                }
            }
            lines.push(format!("let body = {form};"));
            args.push("body".into());
        }
        Some(Body::Bytes) => {
            lines.push("let body = std::fs::read(\"body.bin\")?;".into());
            args.push("body".into());
        }
        Some(Body::Text(text)) if required => args.push(json(text)),
        Some(Body::Text(text)) => args.push(format!("Some({})", json(text))),
        None => {}
    }
    if call.op.params.iter().any(|p| !p.required) {
        args.push("Default::default()".into());
    }
    if needs.wire {
        uses.push(format!("{krate}::wire"));
    }
    uses.extend(needs.types.iter().map(|t| format!("{krate}::{t}")));
    let mut out: String = uses.iter().map(|u| format!("use {u};\n")).collect();
    out.push_str("\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    if call.options.is_empty() {
        out.push_str("    let client = Client::builder().build()?;\n");
    } else {
        out.push_str(&format!(
            "    let client = Client::builder()\n        {}\n        .build()?;\n",
            call.options.join("\n        ")
        ));
    }
    for l in lines {
        out.push_str(&format!("    {l}\n"));
    }
    let invoke = format!("client.{}({}).await?", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!(
            "    let result = {invoke};\n    println!(\"{{result:?}}\");\n"
        ));
    } else {
        out.push_str(&format!("    {invoke};\n"));
    }
    out.push_str("    Ok(())\n}");
    out
}
