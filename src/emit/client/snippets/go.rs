//! The Go call: `package main` with every error checked. An enum value is
//! converted to the enum's type (`sandbox.Kind("daily")`, which holds a
//! value this version does not list as well), a date-time parsed with
//! `time.Parse`, a list is a slice literal, anything else (an object, a
//! map) decoded from its JSON by the models, as the request body is.

use std::collections::BTreeSet;

use super::flavors::{indented, pretty};
use super::{json, Body, Call, Packages, Typed};
use crate::emit::go::{self, PrimitivePackage};
use crate::ir::{ParamLocation, Primitive, StringFormat, TypeRef};
use crate::naming::{self, IdentKind, Lang};

/// The statements before the call and the packages they import.
struct Script<'a> {
    pkg: &'a str,
    call: &'a Call<'a>,
    imports: BTreeSet<&'static str>,
    /// The SDK's `wire` package (UUIDs, dates and URIs as sent) is used.
    wire: bool,
    lines: Vec<String>,
}

const CHECK: &str = "if err != nil {\n\t\tlog.Fatal(err)\n\t}";

impl Script<'_> {
    /// The Go type of `ty` as the client declares its parameters.
    fn type_of(&mut self, ty: &TypeRef) -> String {
        match ty.non_null() {
            TypeRef::Named(n) => format!("{}.{}", self.pkg, self.call.names.ty(n)),
            TypeRef::Primitive(p) => {
                let (ty, package) = go::primitive_type(p);
                match package {
                    PrimitivePackage::Time => {
                        self.imports.insert("\"time\"");
                    }
                    PrimitivePackage::Wire => self.wire = true,
                    PrimitivePackage::None => {}
                }
                ty
            }
            TypeRef::Array(item) => format!("[]{}", self.type_of(item)),
            TypeRef::Map(item) => format!("map[string]{}", self.type_of(item)),
            TypeRef::Any | TypeRef::Nullable(_) => "any".into(),
        }
    }

    /// Declares `name` of Go type `ty` decoded from `text`, a JSON document.
    fn decode(&mut self, name: &str, ty: &str, text: &str) {
        self.imports.insert("\"encoding/json\"");
        let text = if text.contains('`') {
            json(text)
        } else {
            format!("`{}`", indented(text, "\t"))
        };
        self.lines.push(format!("var {name} {ty}"));
        self.lines.push(format!(
            "if err := json.Unmarshal([]byte({text}), &{name}); err != nil {{\n\t\tlog.Fatal(err)\n\t}}"
        ));
    }

    /// The expression of an argument, declaring `name` first when it is
    /// not a literal.
    fn value(&mut self, name: &str, typed: &Typed) -> String {
        match typed {
            Typed::Scalar(Primitive::String(StringFormat::DateTime), v) => {
                self.imports.insert("\"time\"");
                self.lines.push(format!(
                    "{name}, err := time.Parse(time.RFC3339, {})\n\t{CHECK}",
                    json(&super::flavors::text(v))
                ));
                name.to_string()
            }
            Typed::Scalar(_, v) => v.to_string(),
            Typed::Enum { ty, value, .. } => {
                format!("{}.{}({value})", self.pkg, self.call.names.ty(ty))
            }
            Typed::List(item, items) if !items.iter().any(is_date_time) => {
                let item = self.type_of(item);
                let values: Vec<String> = items.iter().map(|t| self.value(name, t)).collect();
                format!("[]{item}{{{}}}", values.join(", "))
            }
            Typed::List(ty, items) => {
                let values: Vec<serde_json::Value> = items
                    .iter()
                    .map(|t| match t {
                        Typed::Scalar(_, v) | Typed::Enum { value: v, .. } => v.clone(),
                        _ => serde_json::Value::Null,
                    })
                    .collect();
                let list = self.type_of(&TypeRef::Array(Box::new(ty.clone())));
                self.decode(name, &list, &pretty(&serde_json::Value::Array(values)));
                name.to_string()
            }
            Typed::Json(ty, v) => {
                let ty = self.type_of(ty);
                self.decode(name, &ty, &pretty(v));
                name.to_string()
            }
        }
    }
}

fn is_date_time(t: &Typed) -> bool {
    matches!(
        t,
        Typed::Scalar(Primitive::String(StringFormat::DateTime), _)
    )
}

/// `client`: the client type's name (`Client` unless a model has it).
pub(super) fn render(packages: &Packages, client: &str, call: &Call) -> String {
    let pkg = packages.go_package.as_str();
    let mut s = Script {
        pkg,
        call,
        imports: BTreeSet::from(["\"context\"", "\"log\""]),
        wire: false,
        lines: Vec::new(),
    };
    let mut args: Vec<String> = vec!["ctx".into()];
    for a in &call.path {
        let v = s.value(&a.ident, &a.typed);
        args.push(v);
    }
    if let Some(body) = &call.body {
        args.push(self::body(&mut s, body));
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
            // A required parameter makes the struct a value, not a pointer.
            let mut fields = Vec::new();
            for a in &call.others {
                let v = s.value(&a.ident, &a.typed);
                fields.push(format!(
                    "{}: {v}",
                    naming::ident(Lang::Go, IdentKind::Field, &a.param.source)
                ));
            }
            args.push(format!(
                "{pkg}.{}{{{}}}",
                naming::ident(
                    Lang::Go,
                    IdentKind::Type,
                    &format!("{} params", call.op.source)
                ),
                fields.join(", ")
            ));
        }
    }
    if call.result {
        s.imports.insert("\"fmt\"");
    }
    if !call.options.is_empty() {
        s.imports.insert("\"os\"");
    }
    let mut import = match packages.go_module.rsplit('/').next() {
        Some(last) if last == pkg => json(&packages.go_module),
        _ => format!("{pkg} {}", json(&packages.go_module)),
    };
    if s.wire {
        import.push_str(&format!(
            "\n\t{}",
            json(&format!("{}/wire", packages.go_module))
        ));
    }
    let imports: Vec<&str> = s.imports.iter().copied().collect();
    let mut out = format!(
        "package main\n\nimport (\n\t{}\n\n\t{import}\n)\n\nfunc main() {{\n\tctx := context.Background()\n\tclient := {pkg}.New{client}({})\n",
        imports.join("\n\t"),
        call.options.join(", ")
    );
    for l in &s.lines {
        out.push_str(&format!("\t{l}\n"));
    }
    let invoke = format!("client.{}({})", call.method, args.join(", "));
    if call.result {
        out.push_str(&format!(
            "\tresult, err := {invoke}\n\t{CHECK}\n\tfmt.Println(result)\n}}"
        ));
    } else {
        out.push_str(&format!(
            "\tif err := {invoke}; err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n}}"
        ));
    }
    out
}

/// Declares the request body; returns the argument.
fn body(s: &mut Script, body: &Body) -> String {
    let pkg = s.pkg;
    let required = s.call.body_required;
    match body {
        Body::Model { ty, value } => {
            s.decode("body", &format!("{pkg}.{ty}"), &pretty(value));
            if required {
                "body".into()
            } else {
                "&body".into()
            }
        }
        Body::Json(value) => {
            let ty = s
                .call
                .op
                .body
                .as_ref()
                .and_then(|b| b.ty.clone())
                .unwrap_or(TypeRef::Any);
            let ty = s.type_of(&ty);
            s.decode("body", &ty, &pretty(value));
            "body".into()
        }
        Body::Form { pairs, .. } => {
            s.imports.insert("\"net/url\"");
            let fields: Vec<String> = super::flavors::grouped(pairs)
                .into_iter()
                .map(|(k, vs)| {
                    format!(
                        "\t\t{}: {{{}}},",
                        json(&k),
                        vs.iter().map(|v| json(v)).collect::<Vec<_>>().join(", ")
                    )
                })
                .collect();
            s.lines
                .push(format!("body := url.Values{{\n{}\n\t}}", fields.join("\n")));
            "body".into()
        }
        Body::Multipart(parts) => {
            s.imports.extend(["\"bytes\"", "\"mime/multipart\""]);
            s.lines.push("var form bytes.Buffer".into());
            s.lines.push("writer := multipart.NewWriter(&form)".into());
            let mut declared = false;
            for p in parts {
                match &p.text {
                    Some(text) => s.lines.push(format!(
                        "if err := writer.WriteField({}, {}); err != nil {{\n\t\tlog.Fatal(err)\n\t}}",
                        json(&p.name),
                        json(text)
                    )),
                    None => {
                        s.imports.insert("\"os\"");
                        let assign = if declared { "=" } else { ":=" };
                        declared = true;
                        s.lines.push(format!(
                            "data, err {assign} os.ReadFile({})\n\t{CHECK}",
                            json(&p.file)
                        ));
                        s.lines.push(format!(
                            "part, err {assign} writer.CreateFormFile({}, {})\n\t{CHECK}",
                            json(&p.name),
                            json(&p.file)
                        ));
                        s.lines.push(
                            "if _, err := part.Write(data); err != nil {\n\t\tlog.Fatal(err)\n\t}"
                                .into(),
                        );
                    }
                }
            }
            s.lines
                .push("if err := writer.Close(); err != nil {\n\t\tlog.Fatal(err)\n\t}".into());
            s.lines.push(format!(
                "body := &{pkg}.Multipart{{ContentType: writer.FormDataContentType(), Body: form.Bytes()}}"
            ));
            "body".into()
        }
        Body::Bytes => {
            s.imports.insert("\"os\"");
            s.lines
                .push(format!("body, err := os.ReadFile(\"body.bin\")\n\t{CHECK}"));
            "body".into()
        }
        Body::Text(text) if required => json(text),
        Body::Text(text) => {
            s.lines.push(format!("body := {}", json(text)));
            "&body".into()
        }
    }
}
