//! Each client language's spelling of a call ([`Flavor`]): its client
//! options, how it reads the environment, how it declares the request body
//! from the example, and the whole program or script around the call.

use serde_json::Value;

use super::{json, Body, Call, Flavor, Packages, Secret};
use crate::ir::ParamLocation;
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
                Secret::Key(v) => format!("{option}: {v}"),
                Secret::Basic(u, p) => format!("{option}: {{ username: {u}, password: {p} }}"),
            }
        },
        type_name: crate::emit::typescript::type_name,
        render: typescript,
    },
    Flavor {
        target: "python",
        label: "Python",
        lang: Lang::Python,
        env: |v| format!("os.environ[\"{v}\"]"),
        option: |_, scheme, secret| {
            let option = naming::ident(Lang::Python, IdentKind::Parameter, scheme);
            match secret {
                Secret::Key(v) => format!("{option}={v}"),
                Secret::Basic(u, p) => format!("{option}=({u}, {p})"),
            }
        },
        type_name: crate::emit::python::type_name,
        render: python,
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
                Secret::Key(v) => format!("{pkg}.{option}({v})"),
                Secret::Basic(u, p) => format!("{pkg}.{option}({u}, {p})"),
            }
        },
        type_name: |n| naming::go::exported(n, "T", "Model"),
        render: go,
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
                Secret::Basic(u, p) => format!("{option} = BasicCredentials({u}, {p})"),
            }
        },
        type_name: crate::emit::kotlin::type_ident,
        render: kotlin,
    },
    Flavor {
        target: "rust",
        label: "Rust",
        lang: Lang::Rust,
        env: |v| format!("std::env::var({})?", json(v)),
        option: |_, scheme, secret| {
            let method = naming::ident(Lang::Rust, IdentKind::Field, scheme);
            match secret {
                Secret::Key(v) => format!(".{method}({v})"),
                Secret::Basic(u, p) => format!(".{method}({u}, {p})"),
            }
        },
        type_name: crate::emit::rust_types::names::type_name,
        render: rust,
    },
    Flavor {
        target: "csharp",
        label: "C#",
        lang: Lang::CSharp,
        env: |v| format!("Environment.GetEnvironmentVariable({})", json(v)),
        option: |_, scheme, secret| {
            let property = naming::ident(Lang::CSharp, IdentKind::Field, scheme);
            match secret {
                Secret::Key(v) => format!("{property} = {v}"),
                Secret::Basic(u, p) => {
                    format!("{property} = new System.Net.NetworkCredential({u}, {p})")
                }
            }
        },
        type_name: crate::emit::csharp::type_ident,
        render: csharp,
    },
];

/// `text` with every line after the first indented by `indent`.
fn indented(text: &str, indent: &str) -> String {
    text.lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn typescript(packages: &Packages, class: &str, call: &Call) -> String {
    let mut args = call.path.clone();
    let mut lines = Vec::new();
    match &call.body {
        // The object literal is checked against the parameter's type.
        Some(Body::Model { value, .. }) => args.push(pretty(value)),
        Some(Body::Other(ct)) => {
            lines.push(format!("declare const body: Blob; // the {ct} body"));
            args.push("body".into());
        }
        None => {}
    }
    let params: Vec<String> = call
        .others
        .iter()
        .map(|(p, v)| {
            format!(
                "{}: {v}",
                naming::ident(Lang::TypeScript, IdentKind::Parameter, &p.source)
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
    let mut out = format!(
        "import {{ {class} }} from {};\n\nconst client = new {class}({options});\n",
        json(&format!("{}/client", packages.typescript))
    );
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

fn python(packages: &Packages, class: &str, call: &Call) -> String {
    let pkg = &packages.python;
    let mut out = String::new();
    if !call.options.is_empty() {
        out.push_str("import os\n\n");
    }
    out.push_str(&format!("from {pkg}.client import {class}\n"));
    let mut args = call.path.clone();
    let mut declare = String::new();
    match &call.body {
        Some(Body::Model { ty, value }) => {
            out.push_str(&format!("from {pkg}.models import {ty}\n"));
            declare = format!("body = {ty}.model_validate({})\n", py_literal(value, 0));
            args.push("body".into());
        }
        Some(Body::Other(ct)) => {
            declare = format!("body = b\"\"  # the {ct} body\n");
            args.push("body".into());
        }
        None => {}
    }
    args.extend(call.others.iter().map(|(p, v)| {
        format!(
            "{}={v}",
            naming::ident(Lang::Python, IdentKind::Parameter, &p.source)
        )
    }));
    out.push_str(&format!(
        "\nclient = {class}({})\n{declare}",
        call.options.join(", ")
    ));
    let invoke = format!("client.{}({})", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!("result = {invoke}\nprint(result)"));
    } else {
        out.push_str(&invoke);
    }
    out
}

fn go(packages: &Packages, _class: &str, call: &Call) -> String {
    let pkg = &packages.go_package;
    let mut imports = vec!["\"context\""];
    let mut body_lines = Vec::new();
    let mut args: Vec<String> = vec!["ctx".into()];
    args.extend(call.path.iter().cloned());
    match &call.body {
        Some(Body::Model { ty, value }) => {
            imports.push("\"encoding/json\"");
            let text = pretty(value);
            let text = if text.contains('`') {
                json(&text)
            } else {
                format!("`{}`", indented(&text, "\t"))
            };
            body_lines.push(format!("var body {pkg}.{ty}"));
            body_lines.push(format!(
                "if err := json.Unmarshal([]byte({text}), &body); err != nil {{\n\t\tlog.Fatal(err)\n\t}}"
            ));
            args.push("body".into());
        }
        Some(Body::Other(ct)) => {
            body_lines.push(format!("var body []byte // the {ct} body"));
            args.push("body".into());
        }
        None => {}
    }
    if call.result {
        imports.push("\"fmt\"");
    }
    imports.push("\"log\"");
    if !call.options.is_empty() {
        imports.push("\"os\"");
    }
    if call
        .op
        .params
        .iter()
        .any(|p| p.location != ParamLocation::Path)
    {
        if call.others.is_empty() {
            args.push("nil".into());
        } else {
            let fields: Vec<String> = call
                .others
                .iter()
                .map(|(p, v)| {
                    format!(
                        "{}: {v}",
                        naming::ident(Lang::Go, IdentKind::Field, &p.source)
                    )
                })
                .collect();
            args.push(format!(
                "&{pkg}.{}{{{}}}",
                naming::ident(
                    Lang::Go,
                    IdentKind::Type,
                    &format!("{} params", call.op.source)
                ),
                fields.join(", ")
            ));
        }
    }
    let import = match packages.go_module.rsplit('/').next() {
        Some(last) if last == pkg => json(&packages.go_module),
        _ => format!("{pkg} {}", json(&packages.go_module)),
    };
    let mut out = format!(
        "package main\n\nimport (\n\t{}\n\n\t{import}\n)\n\nfunc main() {{\n\tctx := context.Background()\n\tclient := {pkg}.NewClient({})\n",
        imports.join("\n\t"),
        call.options.join(", ")
    );
    for l in body_lines {
        out.push_str(&format!("\t{l}\n"));
    }
    let invoke = format!("client.{}({})", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!(
            "\tresult, err := {invoke}\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n\tfmt.Println(result)\n}}"
        ));
    } else {
        out.push_str(&format!(
            "\tif err := {invoke}; err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n}}"
        ));
    }
    out
}

fn kotlin(packages: &Packages, class: &str, call: &Call) -> String {
    let pkg = &packages.kotlin;
    let mut imports = vec![format!("{pkg}.*"), "kotlinx.coroutines.runBlocking".into()];
    let mut lines = Vec::new();
    let mut args = call.path.clone();
    let mut required_body = false;
    match &call.body {
        Some(Body::Model { ty, value }) => {
            imports.push("kotlinx.serialization.json.Json".into());
            // A raw string keeps the JSON as it is, but for `$`.
            let text = pretty(value).replace('$', "${'$'}");
            lines.push(format!(
                "val body = Json.decodeFromString({ty}Serializer, \"\"\"\n        {}\n    \"\"\".trimIndent())",
                indented(&text, "        ")
            ));
            required_body = true;
        }
        Some(Body::Other(ct)) => {
            lines.push(format!("val body = ByteArray(0) // the {ct} body"));
            required_body = true;
        }
        None => {}
    }
    let required = call.op.body.as_ref().is_some_and(|b| b.required);
    if required_body && required {
        args.push("body".into());
    }
    args.extend(call.others.iter().map(|(p, v)| {
        format!(
            "{} = {v}",
            naming::ident(Lang::Kotlin, IdentKind::Parameter, &p.source)
        )
    }));
    if required_body && !required {
        args.push("body = body".into());
    }
    imports.sort();
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

fn rust(packages: &Packages, _class: &str, call: &Call) -> String {
    let krate = packages.rust_crate.replace('-', "_");
    let mut uses = vec![format!("{krate}::client::Client")];
    let mut lines = Vec::new();
    let mut args: Vec<String> = call
        .path
        .iter()
        .chain(call.others.iter().map(|(_, v)| v))
        .cloned()
        .collect();
    match &call.body {
        Some(Body::Model { ty, value }) => {
            uses.push(format!("{krate}::{ty}"));
            lines.push(format!(
                "let body: {ty} = serde_json::from_value(serde_json::json!({}))?;",
                indented(&pretty(value), "    ")
            ));
            args.push("&body".into());
        }
        Some(Body::Other(ct)) => {
            lines.push(format!("let body = Vec::new(); // the {ct} body"));
            args.push("body".into());
        }
        None => {}
    }
    if call.op.params.iter().any(|p| !p.required) {
        args.push("Default::default()".into());
    }
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

fn csharp(packages: &Packages, _class: &str, call: &Call) -> String {
    let class = &packages.csharp_client;
    let mut args: Vec<String> = call
        .path
        .iter()
        .chain(call.others.iter().map(|(_, v)| v))
        .cloned()
        .collect();
    let mut usings = vec![packages.csharp_namespace.clone()];
    let mut lines = Vec::new();
    match &call.body {
        Some(Body::Model { ty, value }) => {
            usings.push("System.Text.Json".into());
            lines.push(format!(
                "var body = JsonSerializer.Deserialize<{ty}>(\"\"\"\n    {}\n    \"\"\")!;",
                indented(&pretty(value), "    ")
            ));
            args.push("body".into());
        }
        Some(Body::Other(ct)) => {
            lines.push(format!("var body = Array.Empty<byte>(); // the {ct} body"));
            args.push("body".into());
        }
        None => {}
    }
    usings.sort();
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
