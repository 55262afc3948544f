//! The Kotlin call: `fun main() = runBlocking { … }`. Enum members by
//! their constants, dates as `java.time` values, lists with `listOf`,
//! anything else decoded from its JSON by the model's own serializer, as
//! the request body is.

use std::collections::BTreeSet;

use serde_json::Value;

use super::flavors::{indented, number, pretty};
use super::{Body, Call, Packages, Typed};
use crate::emit::kotlin::string_literal;
use crate::ir::{IntFormat, Primitive, StringFormat, TypeRef};
use crate::naming::{self, IdentKind, Lang};

/// The boundary of the multipart body a snippet builds.
const BOUNDARY: &str = "specsmith-form-boundary";

/// `text` as a raw string, trimmed of its indent: JSON as it is, but for `$`.
fn raw_json(value: &Value) -> String {
    let text = pretty(value).replace('$', "${'$'}");
    format!(
        "\"\"\"\n        {}\n    \"\"\".trimIndent()",
        indented(&text, "        ")
    )
}

fn value(call: &Call, typed: &Typed, imports: &mut BTreeSet<String>) -> String {
    match typed {
        Typed::Scalar(Primitive::String(StringFormat::Date), v) => {
            imports.insert("java.time.LocalDate".into());
            format!(
                "LocalDate.parse({})",
                string_literal(&super::flavors::text(v))
            )
        }
        Typed::Scalar(Primitive::String(StringFormat::DateTime), v) => {
            imports.insert("java.time.OffsetDateTime".into());
            format!(
                "OffsetDateTime.parse({})",
                string_literal(&super::flavors::text(v))
            )
        }
        // The SDK's own types, which keep the text as sent (Serialization.kt).
        Typed::Scalar(Primitive::String(StringFormat::Uuid), v) => {
            format!("Uuid({})", string_literal(&super::flavors::text(v)))
        }
        Typed::Scalar(Primitive::String(StringFormat::Uri), v) => {
            format!("Uri({})", string_literal(&super::flavors::text(v)))
        }
        Typed::Scalar(Primitive::String(_), v) => string_literal(&super::flavors::text(v)),
        Typed::Scalar(p @ Primitive::Integer(f), v) => {
            let n = number(p, v, "");
            if *f == IntFormat::Int32 {
                n
            } else {
                format!("{n}L")
            }
        }
        Typed::Scalar(p, v) => number(p, v, "f"),
        Typed::Enum { ty, index, .. } => {
            format!("{}.{}", call.names.ty(ty), call.names.member(ty, *index))
        }
        Typed::List(_, items) => format!(
            "listOf({})",
            items
                .iter()
                .map(|t| value(call, t, imports))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Typed::Json(ty, v) => {
            imports.insert("kotlinx.serialization.json.Json".into());
            match ty.non_null() {
                TypeRef::Named(n) => format!(
                    "Json.decodeFromString<{}>({})",
                    call.names.ty(n),
                    raw_json(v)
                ),
                _ => format!("Json.parseToJsonElement({})", raw_json(v)),
            }
        }
    }
}

pub(super) fn render(packages: &Packages, class: &str, call: &Call) -> String {
    let pkg = &packages.kotlin;
    let mut imports: BTreeSet<String> =
        BTreeSet::from([format!("{pkg}.*"), "kotlinx.coroutines.runBlocking".into()]);
    let mut lines = Vec::new();
    let mut args = Vec::new();
    for a in &call.path {
        let v = value(call, &a.typed, &mut imports);
        if a.inline() {
            args.push(v);
        } else {
            lines.push(format!("val {} = {v}", a.ident));
            args.push(a.ident.clone());
        }
    }
    if let Some(body) = &call.body {
        lines.extend(self::body(body, &mut imports));
        if call.body_required {
            args.push("body".into());
        }
    }
    for a in &call.others {
        let v = value(call, &a.typed, &mut imports);
        let name = naming::ident(Lang::Kotlin, IdentKind::Parameter, &a.param.source);
        if a.inline() {
            args.push(format!("{name} = {v}"));
        } else {
            lines.push(format!("val {} = {v}", a.ident));
            args.push(format!("{name} = {}", a.ident));
        }
    }
    if call.body.is_some() && !call.body_required {
        args.push("body = body".into());
    }
    let mut out: String = imports.iter().map(|i| format!("import {i}\n")).collect();
    out.push_str(&format!(
        "\nfun main() = runBlocking {{\n    val client = {class}({})\n",
        call.options.join(", ")
    ));
    for l in lines {
        out.push_str(&format!("    {l}\n"));
    }
    let invoke = format!("client.{}({})", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!(
            "    val result = {invoke}\n    println(result)\n}}"
        ));
    } else {
        out.push_str(&format!("    {invoke}\n}}"));
    }
    out
}

/// The lines that declare `body`.
fn body(body: &Body, imports: &mut BTreeSet<String>) -> Vec<String> {
    match body {
        Body::Model { ty, value } => {
            imports.insert("kotlinx.serialization.json.Json".into());
            vec![format!(
                "val body = Json.decodeFromString<{ty}>({})",
                raw_json(value)
            )]
        }
        Body::Json(value) => {
            imports.insert("kotlinx.serialization.json.Json".into());
            vec![format!(
                "val body = Json.parseToJsonElement({})",
                raw_json(value)
            )]
        }
        Body::Form { pairs, .. } => {
            let fields: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("        {} to {},", string_literal(k), string_literal(v)))
                .collect();
            vec![format!("val body = mapOf(\n{}\n    )", fields.join("\n"))]
        }
        Body::Multipart(parts) => {
            imports.insert("java.io.ByteArrayOutputStream".into());
            let mut lines = vec!["val form = ByteArrayOutputStream()".to_string()];
            for p in parts {
                let head = match &p.text {
                    Some(_) => format!(
                        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        p.name
                    ),
                    None => format!(
                        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                        p.name, p.file
                    ),
                };
                lines.push(format!(
                    "form.write({}.toByteArray())",
                    string_literal(&head)
                ));
                match &p.text {
                    Some(text) => lines.push(format!(
                        "form.write({}.toByteArray())",
                        string_literal(text)
                    )),
                    None => {
                        imports.insert("java.io.File".into());
                        lines.push(format!(
                            "form.write(File({}).readBytes())",
                            string_literal(&p.file)
                        ));
                    }
                }
                lines.push("form.write(\"\\r\\n\".toByteArray())".into());
            }
            lines.push(format!(
                "form.write({}.toByteArray())",
                string_literal(&format!("--{BOUNDARY}--\r\n"))
            ));
            lines.push(format!(
                "val body = MultipartBody({}, form.toByteArray())",
                string_literal(&format!("multipart/form-data; boundary={BOUNDARY}"))
            ));
            lines
        }
        Body::Bytes => {
            imports.insert("java.io.File".into());
            vec!["val body = File(\"body.bin\").readBytes()".into()]
        }
        Body::Text(text) => vec![format!("val body = {}", string_literal(text))],
    }
}
