//! The Python call: a script on the synchronous client. A value that is not
//! a plain literal is declared first: an enum member made from its value
//! (`Kind("daily")`, which keeps a value this version does not list), a
//! `datetime.date` or `datetime.datetime`, a list, a model validated from
//! its JSON.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{json, Body, Call, Packages, Typed};
use crate::ir::{Primitive, StringFormat, TypeRef};
use crate::naming::{self, IdentKind, Lang};

/// What the declarations import.
#[derive(Default)]
struct Imports {
    datetime: bool,
    path: bool,
    models: BTreeSet<String>,
}

fn value(call: &Call, typed: &Typed, imports: &mut Imports) -> String {
    match typed {
        Typed::Scalar(Primitive::String(StringFormat::Date), v) => {
            imports.datetime = true;
            format!(
                "datetime.date.fromisoformat({})",
                json(&super::flavors::text(v))
            )
        }
        Typed::Scalar(Primitive::String(StringFormat::DateTime), v) => {
            imports.datetime = true;
            // Python 3.10 reads an offset, not `Z`.
            let text = super::flavors::text(v);
            let text = match text.strip_suffix(['Z', 'z']) {
                Some(rest) => format!("{rest}+00:00"),
                None => text,
            };
            format!("datetime.datetime.fromisoformat({})", json(&text))
        }
        Typed::Scalar(_, v) => py_literal(v, 0),
        Typed::Enum { ty, value, .. } => {
            let name = call.names.ty(ty).to_string();
            imports.models.insert(name.clone());
            format!("{name}({})", py_literal(value, 0))
        }
        Typed::List(_, items) => format!(
            "[{}]",
            items
                .iter()
                .map(|t| value(call, t, imports))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Typed::Json(TypeRef::Named(n), v) if call.names.is_object(n) => {
            let name = call.names.ty(n).to_string();
            imports.models.insert(name.clone());
            format!("{name}.model_validate({})", py_literal(v, 0))
        }
        Typed::Json(_, v) => py_literal(v, 0),
    }
}

pub(super) fn render(packages: &Packages, class: &str, call: &Call) -> String {
    let pkg = &packages.python;
    let mut imports = Imports::default();
    let mut declare = Vec::new();
    let mut args = Vec::new();
    for a in &call.path {
        let v = value(call, &a.typed, &mut imports);
        if a.inline() {
            args.push(v);
        } else {
            declare.push(format!("{} = {v}", a.ident));
            args.push(a.ident.clone());
        }
    }
    match &call.body {
        Some(Body::Model { ty, value }) => {
            imports.models.insert(ty.clone());
            declare.push(format!(
                "body = {ty}.model_validate({})",
                py_literal(value, 0)
            ));
        }
        Some(Body::Json(value)) => declare.push(format!("body = {}", py_literal(value, 0))),
        Some(Body::Form { pairs, .. }) => {
            let fields: Vec<String> = super::flavors::grouped(pairs)
                .into_iter()
                .map(|(k, vs)| match vs.as_slice() {
                    [v] => format!("    {}: {},", json(&k), json(v)),
                    _ => format!(
                        "    {}: [{}],",
                        json(&k),
                        vs.iter().map(|v| json(v)).collect::<Vec<_>>().join(", ")
                    ),
                })
                .collect();
            declare.push(format!("body = {{\n{}\n}}", fields.join("\n")));
        }
        Some(Body::Multipart(parts)) => {
            let fields: Vec<String> = parts
                .iter()
                .map(|p| match &p.text {
                    Some(text) => format!("    {}: {},", json(&p.name), json(text)),
                    None => {
                        imports.path = true;
                        format!(
                            "    {}: ({file}, Path({file}).read_bytes()),",
                            json(&p.name),
                            file = json(&p.file)
                        )
                    }
                })
                .collect();
            declare.push(format!("body = {{\n{}\n}}", fields.join("\n")));
        }
        Some(Body::Bytes) => {
            imports.path = true;
            declare.push("body = Path(\"body.bin\").read_bytes()".to_string());
        }
        Some(Body::Text(text)) => declare.push(format!("body = {}", json(text))),
        None => {}
    }
    if call.body.is_some() {
        args.push("body".into());
    }
    for a in &call.others {
        let v = value(call, &a.typed, &mut imports);
        let name = naming::ident(Lang::Python, IdentKind::Parameter, &a.param.source);
        if a.inline() {
            args.push(format!("{name}={v}"));
        } else {
            declare.push(format!("{} = {v}", a.ident));
            args.push(format!("{name}={}", a.ident));
        }
    }
    let mut out = String::new();
    let mut std = Vec::new();
    if imports.datetime {
        std.push("import datetime");
    }
    if !call.options.is_empty() {
        std.push("import os");
    }
    if imports.path {
        std.push("from pathlib import Path");
    }
    if !std.is_empty() {
        out.push_str(&std.join("\n"));
        out.push_str("\n\n");
    }
    out.push_str(&format!("from {pkg}.client import {class}\n"));
    if !imports.models.is_empty() {
        let names: Vec<&str> = imports.models.iter().map(String::as_str).collect();
        out.push_str(&format!("from {pkg}.models import {}\n", names.join(", ")));
    }
    out.push_str(&format!(
        "\nclient = {class}({})\n",
        call.options.join(", ")
    ));
    for d in declare {
        out.push_str(&d);
        out.push('\n');
    }
    let invoke = format!("client.{}({})", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!("result = {invoke}\nprint(result)"));
    } else {
        out.push_str(&invoke);
    }
    out
}

/// `value` as a Python literal (what `json.loads` would give), indented
/// for nesting level `level`.
fn py_literal(value: &Value, level: usize) -> String {
    let pad = "    ".repeat(level + 1);
    let close = "    ".repeat(level);
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => json(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|v| format!("{pad}{}", py_literal(v, level + 1)))
                .collect();
            format!("[\n{},\n{close}]", inner.join(",\n"))
        }
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{pad}{}: {}", json(k), py_literal(v, level + 1)))
                .collect();
            format!("{{\n{},\n{close}}}", inner.join(",\n"))
        }
    }
}
