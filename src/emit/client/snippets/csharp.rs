//! The C# call: top-level statements. Enum members by name, dates as
//! `DateOnly` and `DateTimeOffset`, lists as `List<T>`, anything else
//! deserialized from its JSON by `System.Text.Json`, as the request body is.

use std::collections::BTreeSet;

use super::flavors::{indented, number, pretty};
use super::{json, Body, Call, Packages, Typed};
use crate::ir::{Primitive, StringFormat, TypeRef};

/// The C# type of a list item.
fn item_type(call: &Call, ty: &TypeRef) -> String {
    match ty.non_null() {
        TypeRef::Named(n) => call.names.ty(n).to_string(),
        // `using System;` is always there.
        TypeRef::Primitive(p) => crate::emit::csharp::primitive_type(p).0.into(),
        TypeRef::Array(i) => format!("List<{}>", item_type(call, i)),
        TypeRef::Map(i) => format!("Dictionary<string, {}>", item_type(call, i)),
        TypeRef::Any | TypeRef::Nullable(_) => "JsonElement".into(),
    }
}

fn value(call: &Call, typed: &Typed, usings: &mut BTreeSet<&str>) -> String {
    let text = |v: &serde_json::Value| json(&super::flavors::text(v));
    match typed {
        Typed::Scalar(Primitive::String(StringFormat::Date), v) => {
            format!("DateOnly.Parse({})", text(v))
        }
        Typed::Scalar(Primitive::String(StringFormat::DateTime), v) => {
            format!("DateTimeOffset.Parse({})", text(v))
        }
        Typed::Scalar(Primitive::String(StringFormat::Byte), v) => {
            format!("Convert.FromBase64String({})", text(v))
        }
        Typed::Scalar(Primitive::String(StringFormat::Uri), v) => format!("new Uri({})", text(v)),
        Typed::Scalar(Primitive::String(_), v) => text(v),
        Typed::Scalar(p @ Primitive::Number(_), v) => number(p, v, "f"),
        Typed::Scalar(_, v) => v.to_string(),
        Typed::Enum { ty, index, .. } => {
            format!("{}.{}", call.names.ty(ty), call.names.member(ty, *index))
        }
        Typed::List(item, items) => {
            usings.insert("System.Collections.Generic");
            format!(
                "new List<{}> {{ {} }}",
                item_type(call, item),
                items
                    .iter()
                    .map(|t| value(call, t, usings))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Typed::Json(ty, v) => {
            usings.insert("System.Text.Json");
            if matches!(ty.non_null(), TypeRef::Array(_) | TypeRef::Map(_)) {
                usings.insert("System.Collections.Generic");
            }
            format!(
                "JsonSerializer.Deserialize<{}>(\"\"\"\n    {}\n    \"\"\")!",
                item_type(call, ty),
                indented(&pretty(v), "    ")
            )
        }
    }
}

/// `class`: the client class (see `client_class_of`).
pub(super) fn render(packages: &Packages, class: &str, call: &Call) -> String {
    let mut usings: BTreeSet<&str> = BTreeSet::from(["System"]);
    let mut lines = Vec::new();
    let mut args = Vec::new();
    for a in call.path.iter().chain(&call.others) {
        let v = value(call, &a.typed, &mut usings);
        if a.inline() {
            args.push(v);
        } else {
            lines.push(format!("var {} = {v};", a.ident));
            args.push(a.ident.clone());
        }
    }
    match &call.body {
        Some(Body::Model { ty, value }) => {
            usings.insert("System.Text.Json");
            lines.push(format!(
                "var body = JsonSerializer.Deserialize<{ty}>(\"\"\"\n    {}\n    \"\"\")!;",
                indented(&pretty(value), "    ")
            ));
        }
        Some(Body::Json(value)) => {
            usings.insert("System.Text.Json");
            let ty = call
                .op
                .body
                .as_ref()
                .and_then(|b| b.ty.as_ref())
                .map_or("JsonElement".to_string(), |t| item_type(call, t));
            lines.push(format!(
                "var body = JsonSerializer.Deserialize<{ty}>(\"\"\"\n    {}\n    \"\"\")!;",
                indented(&pretty(value), "    ")
            ));
        }
        Some(Body::Form { pairs, .. }) => {
            usings.insert("System.Collections.Generic");
            let fields: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("    new({}, {}),", json(k), json(v)))
                .collect();
            lines.push(format!(
                "var body = new List<KeyValuePair<string, string>>\n{{\n{}\n}};",
                fields.join("\n")
            ));
        }
        Some(Body::Multipart(parts)) => {
            usings.insert("System.Net.Http");
            lines.push("using var body = new MultipartFormDataContent();".into());
            for p in parts {
                match &p.text {
                    Some(text) => lines.push(format!(
                        "body.Add(new StringContent({}), {});",
                        json(text),
                        json(&p.name)
                    )),
                    None => {
                        usings.insert("System.IO");
                        lines.push(format!(
                            "body.Add(new ByteArrayContent(File.ReadAllBytes({file})), {}, {file});",
                            json(&p.name),
                            file = json(&p.file)
                        ));
                    }
                }
            }
        }
        Some(Body::Bytes) => {
            usings.insert("System.IO");
            lines.push("var body = File.ReadAllBytes(\"body.bin\");".into());
        }
        Some(Body::Text(text)) => lines.push(format!("var body = {};", json(text))),
        None => {}
    }
    if call.body.is_some() {
        args.push(if call.body_required {
            "body".into()
        } else {
            "body: body".into()
        });
    }
    usings.insert(&packages.csharp_namespace);
    let mut out: String = usings.iter().map(|u| format!("using {u};\n")).collect();
    out.push_str(&format!(
        "\nusing var client = new {class}({});\n",
        if call.options.is_empty() {
            String::new()
        } else {
            format!("new() {{ {} }}", call.options.join(", "))
        }
    ));
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    let invoke = format!("await client.{}Async({})", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!(
            "var result = {invoke};\nConsole.WriteLine(result);"
        ));
    } else {
        out.push_str(&format!("{invoke};"));
    }
    out
}
