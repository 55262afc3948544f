//! The TypeScript call: an ES module with top-level `await`. Every value is
//! a literal checked against the parameter's type (enum members are their
//! string or number literals, dates their RFC 3339 text, as the models type
//! them).

use super::flavors::{indented, pretty};
use super::{json, Body, Call, Packages, Typed};
use crate::naming::{self, IdentKind, Lang};

fn value(typed: &Typed) -> String {
    match typed {
        Typed::Scalar(_, v) | Typed::Enum { value: v, .. } => v.to_string(),
        Typed::List(_, items) => format!(
            "[{}]",
            items.iter().map(value).collect::<Vec<_>>().join(", ")
        ),
        Typed::Json(_, v) => pretty(v),
    }
}

pub(super) fn render(packages: &Packages, class: &str, call: &Call) -> String {
    let mut args: Vec<String> = call.path.iter().map(|a| value(&a.typed)).collect();
    let mut lines = Vec::new();
    let mut reads_files = false;
    match &call.body {
        // The object literal is checked against the parameter's type.
        Some(Body::Model { value, .. } | Body::Json(value)) => args.push(pretty(value)),
        Some(Body::Form { pairs, .. }) => {
            let fields: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("  {}: {},", json(k), json(v)))
                .collect();
            args.push(format!("{{\n{}\n}}", fields.join("\n")));
        }
        Some(Body::Multipart(parts)) => {
            lines.push("const body = new FormData();".to_string());
            for part in parts {
                match &part.text {
                    Some(text) => lines.push(format!(
                        "body.append({}, {});",
                        json(&part.name),
                        json(text)
                    )),
                    None => {
                        reads_files = true;
                        lines.push(format!(
                            "body.append({}, new Blob([await readFile({file})]), {file});",
                            json(&part.name),
                            file = json(&part.file)
                        ));
                    }
                }
            }
            args.push("body".into());
        }
        Some(Body::Bytes) => {
            reads_files = true;
            lines.push("const body = await readFile(\"body.bin\");".to_string());
            args.push("body".into());
        }
        Some(Body::Text(text)) => args.push(json(text)),
        None => {}
    }
    let params: Vec<String> = call
        .others
        .iter()
        .map(|a| {
            format!(
                "{}: {}",
                naming::ident(Lang::TypeScript, IdentKind::Parameter, &a.param.source),
                indented(&value(&a.typed), "  ")
            )
        })
        .collect();
    if !params.is_empty() {
        args.push(format!("{{ {} }}", params.join(", ")));
    }
    let options = if call.options.is_empty() {
        String::new()
    } else {
        format!("{{ {} }}", call.options.join(", "))
    };
    let invoke = format!("await client.{}({})", call.method, args.join(", "));
    let mut out = String::new();
    if reads_files {
        out.push_str("import { readFile } from \"node:fs/promises\";\n");
    }
    out.push_str(&format!(
        "import {{ {class} }} from {};\n\nconst client = new {class}({options});\n",
        json(&format!("{}/client", packages.typescript))
    ));
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    if call.result {
        out.push_str(&format!("const result = {invoke};\nconsole.log(result);"));
    } else {
        out.push_str(&format!("{invoke};"));
    }
    out
}
