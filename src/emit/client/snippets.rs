//! How a reader calls one operation with each generated client: the import
//! of the package as its target names it, the client with the credentials
//! of the operation's first security alternative (read from environment
//! variables named after the schemes, as the `curl` sample does), and the
//! call with the required parameters. The docs reference shows these beside
//! its `curl` request.
//!
//! Names come from the same places the clients take them from: method names
//! from [`ClientModel::method_names`], identifiers from [`crate::naming`],
//! package names from [`Packages`].

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;
use serde_json::Value;

use super::{class_name, Auth, ClientModel, ClientOp, ClientParam};
use crate::emit::{Shims, TargetOptions};
use crate::ir::{Api, NumberFormat, ParamLocation, Primitive, StringFormat, TypeRef};
use crate::naming::{self, IdentKind, Lang};

/// The languages with a generated client, in the order the samples show them:
/// (target name, label).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("typescript", "TypeScript"),
    ("python", "Python"),
    ("go", "Go"),
    ("csharp", "C#"),
];

/// What the generated packages are called, from each target's options
/// (`[generate.target.<name>]`) or the defaults the targets derive from the
/// API title.
#[derive(Debug, Clone)]
pub struct Packages {
    /// The npm package name (`package.json`).
    pub typescript: String,
    /// The Python import package.
    pub python: String,
    pub go_package: String,
    /// The Go module path, which is also the import path of the client.
    pub go_module: String,
    pub csharp_namespace: String,
    /// The C# client class (`[generate.target.csharp] client`).
    pub csharp_client: String,
}

impl Packages {
    /// The names for an API titled `title`, the options of target `t` given
    /// by `options(t)`.
    pub fn new(title: &str, options: &dyn Fn(&str) -> TargetOptions) -> Packages {
        let ts = options("typescript");
        let py = options("python");
        let go = options("go");
        let cs = options("csharp");
        let go_package = go
            .get("package")
            .map_or_else(|| crate::emit::go::default_package(title), str::to_string);
        Packages {
            typescript: ts
                .get("name")
                .map_or_else(|| crate::emit::package::default_name(title), str::to_string),
            python: py.get("package").map_or_else(
                || crate::emit::python::default_package(title),
                str::to_string,
            ),
            go_module: go.get_or("module", &go_package).to_string(),
            go_package,
            csharp_namespace: crate::emit::csharp::namespace_of(&cs, title),
            csharp_client: cs
                .get("client")
                .map_or_else(|| class_name(Lang::CSharp, title), str::to_string),
        }
    }
}

/// The calls of every operation in every client language.
pub struct Snippets {
    model: ClientModel,
    packages: Packages,
    /// Method names per language, in the order of the operations; a
    /// language whose names collide (so its client is not generated) has none.
    methods: BTreeMap<&'static str, Vec<String>>,
    by_id: BTreeMap<String, usize>,
}

impl Snippets {
    pub fn new(api: &Api, packages: Packages) -> Snippets {
        let model = ClientModel::new(api, &Shims::default());
        let mut methods = BTreeMap::new();
        for (target, _) in LANGUAGES {
            let lang = Lang::of_target(target).unwrap_or(Lang::TypeScript);
            if let Ok((names, _)) = model.method_names(lang, api) {
                methods.insert(*target, names);
            }
        }
        let by_id = model
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        Snippets {
            model,
            packages,
            methods,
            by_id,
        }
    }

    /// (target, label, code) of the call of operation `id` in each client
    /// language; `value(wire name, location)` gives a required parameter's
    /// example value.
    pub fn calls(
        &self,
        id: &str,
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
    ) -> Vec<(&'static str, &'static str, String)> {
        let Some(&i) = self.by_id.get(id) else {
            return Vec::new();
        };
        let op = &self.model.operations[i];
        let creds = self.credentials(op);
        let mut out = Vec::new();
        for (target, label) in LANGUAGES {
            let Some(names) = self.methods.get(target) else {
                continue;
            };
            let name = &names[i];
            let code = match *target {
                "typescript" => self.typescript(op, name, &creds, value),
                "python" => self.python(op, name, &creds, value),
                "go" => self.go(op, name, &creds, value),
                _ => self.csharp(op, name, &creds, value),
            };
            out.push((*target, *label, code));
        }
        out
    }

    /// The schemes of the first security alternative that asks for any
    /// credential the clients send: (scheme name, environment variable, basic).
    fn credentials(&self, op: &ClientOp) -> Vec<(String, String, bool)> {
        let usable = |n: &String| {
            self.model
                .schemes
                .get(n)
                .is_some_and(|a| !matches!(a, Auth::External { .. }))
        };
        op.security
            .iter()
            .find(|alt| alt.iter().any(usable))
            .map(|alt| {
                alt.iter()
                    .filter(|n| usable(n))
                    .map(|n| {
                        (
                            n.clone(),
                            n.to_shouty_snake_case(),
                            self.model.schemes[n] == Auth::Basic,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn typescript(
        &self,
        op: &ClientOp,
        name: &str,
        creds: &[(String, String, bool)],
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
    ) -> String {
        let class = class_name(Lang::TypeScript, &self.model.title);
        let env = |v: &str| format!("process.env.{v}");
        let options: Vec<String> = creds
            .iter()
            .map(|(scheme, var, basic)| {
                let option = naming::ident(Lang::TypeScript, IdentKind::Parameter, scheme);
                if *basic {
                    format!(
                        "{option}: {{ username: {}, password: {} }}",
                        env(&format!("{var}_USER")),
                        env(&format!("{var}_PASSWORD"))
                    )
                } else {
                    format!("{option}: {}", env(var))
                }
            })
            .collect();
        let mut args: Vec<String> = Vec::new();
        let mut params: Vec<String> = Vec::new();
        for p in required(op) {
            let ident = naming::ident(Lang::TypeScript, IdentKind::Parameter, &p.source);
            let v = literal(Lang::TypeScript, p, value, &ident);
            if p.location == ParamLocation::Path {
                args.push(v);
            } else {
                params.push(format!("{ident}: {v}"));
            }
        }
        if op.body.is_some() {
            args.push("body".into());
        }
        if !params.is_empty() {
            args.push(format!("{{ {} }}", params.join(", ")));
        }
        format!(
            "import {{ {class} }} from {};\n\nconst client = new {class}({});\n{}await client.{name}({});",
            json(&format!("{}/client", self.packages.typescript)),
            if options.is_empty() {
                String::new()
            } else {
                format!("{{ {} }}", options.join(", "))
            },
            if has_result(op) { "const result = " } else { "" },
            args.join(", ")
        )
    }

    fn python(
        &self,
        op: &ClientOp,
        name: &str,
        creds: &[(String, String, bool)],
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
    ) -> String {
        let class = class_name(Lang::Python, &self.model.title);
        let env = |v: &str| format!("os.environ[\"{v}\"]");
        let options: Vec<String> = creds
            .iter()
            .map(|(scheme, var, basic)| {
                let option = naming::ident(Lang::Python, IdentKind::Parameter, scheme);
                if *basic {
                    format!(
                        "{option}=({}, {})",
                        env(&format!("{var}_USER")),
                        env(&format!("{var}_PASSWORD"))
                    )
                } else {
                    format!("{option}={}", env(var))
                }
            })
            .collect();
        let mut args: Vec<String> = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        for p in required(op) {
            let ident = naming::ident(Lang::Python, IdentKind::Parameter, &p.source);
            let v = literal(Lang::Python, p, value, &ident);
            if p.location == ParamLocation::Path {
                args.push(v);
            } else {
                keywords.push(format!("{ident}={v}"));
            }
        }
        if op.body.is_some() {
            args.push("body".into());
        }
        args.extend(keywords);
        format!(
            "{}from {}.client import {class}\n\nclient = {class}({})\n{}client.{name}({})",
            if creds.is_empty() {
                ""
            } else {
                "import os\n\n"
            },
            self.packages.python,
            options.join(", "),
            if has_result(op) { "result = " } else { "" },
            args.join(", ")
        )
    }

    fn go(
        &self,
        op: &ClientOp,
        name: &str,
        creds: &[(String, String, bool)],
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
    ) -> String {
        let pkg = &self.packages.go_package;
        let env = |v: &str| format!("os.Getenv({})", json(v));
        let options: Vec<String> = creds
            .iter()
            .map(|(scheme, var, basic)| {
                let option = format!("With{}", naming::ident(Lang::Go, IdentKind::Type, scheme));
                if *basic {
                    format!(
                        "{pkg}.{option}({}, {})",
                        env(&format!("{var}_USER")),
                        env(&format!("{var}_PASSWORD"))
                    )
                } else {
                    format!("{pkg}.{option}({})", env(var))
                }
            })
            .collect();
        let mut args: Vec<String> = vec!["ctx".into()];
        let mut fields: Vec<String> = Vec::new();
        for p in required(op) {
            let v = literal(
                Lang::Go,
                p,
                value,
                &naming::ident(Lang::Go, IdentKind::Parameter, &p.source),
            );
            if p.location == ParamLocation::Path {
                args.push(v);
            } else {
                fields.push(format!(
                    "{}: {v}",
                    naming::ident(Lang::Go, IdentKind::Field, &p.source)
                ));
            }
        }
        if op.body.is_some() {
            args.push("body".into());
        }
        if op.params.iter().any(|p| p.location != ParamLocation::Path) {
            if fields.is_empty() {
                args.push("nil".into());
            } else {
                args.push(format!(
                    "{pkg}.{}{{{}}}",
                    naming::ident(Lang::Go, IdentKind::Type, &format!("{} params", op.source)),
                    fields.join(", ")
                ));
            }
        }
        let import = match self.packages.go_module.rsplit('/').next() {
            Some(last) if last == pkg => json(&self.packages.go_module),
            _ => format!("{pkg} {}", json(&self.packages.go_module)),
        };
        format!(
            "import {import}\n\nclient := {pkg}.NewClient({})\n{} := client.{name}({})",
            options.join(", "),
            if has_result(op) { "result, err" } else { "err" },
            args.join(", ")
        )
    }

    fn csharp(
        &self,
        op: &ClientOp,
        name: &str,
        creds: &[(String, String, bool)],
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
    ) -> String {
        let class = &self.packages.csharp_client;
        let env = |v: &str| format!("Environment.GetEnvironmentVariable({})", json(v));
        let options: Vec<String> = creds
            .iter()
            .map(|(scheme, var, basic)| {
                let property = naming::ident(Lang::CSharp, IdentKind::Field, scheme);
                if *basic {
                    format!(
                        "{property} = new System.Net.NetworkCredential({}, {})",
                        env(&format!("{var}_USER")),
                        env(&format!("{var}_PASSWORD"))
                    )
                } else {
                    format!("{property} = {}", env(var))
                }
            })
            .collect();
        let mut args: Vec<String> = required(op)
            .map(|p| {
                literal(
                    Lang::CSharp,
                    p,
                    value,
                    &naming::ident(Lang::CSharp, IdentKind::Parameter, &p.source),
                )
            })
            .collect();
        if op.body.is_some() {
            args.push("body".into());
        }
        format!(
            "using {};\n\nusing var client = new {class}({});\n{}await client.{name}Async({});",
            self.packages.csharp_namespace,
            if options.is_empty() {
                String::new()
            } else {
                format!("new() {{ {} }}", options.join(", "))
            },
            if has_result(op) { "var result = " } else { "" },
            args.join(", ")
        )
    }
}

/// The parameters a call must pass: path parameters first, then the other
/// required ones, in the order the clients take them.
fn required(op: &ClientOp) -> impl Iterator<Item = &ClientParam> {
    op.params.iter().filter(|p| p.required)
}

/// Whether the method returns something (the clients return nothing only
/// when every success response has no body).
fn has_result(op: &ClientOp) -> bool {
    let successes: Vec<_> = op.successes().collect();
    successes.is_empty() || successes.iter().any(|r| r.ty.is_some() || r.raw)
}

/// A JSON string, which is also a string literal in TypeScript, Python, Go
/// and C# for the text of names and example values.
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The argument for `p`: its example as a literal when it is a plain string,
/// integer, number or boolean; else the identifier `ident`, for the reader
/// to fill in.
fn literal(
    lang: Lang,
    p: &ClientParam,
    value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
    ident: &str,
) -> String {
    let plain = match p.ty.non_null() {
        TypeRef::Primitive(Primitive::String(f)) => matches!(
            f,
            StringFormat::Plain | StringFormat::Uuid | StringFormat::Uri | StringFormat::Email
        ),
        TypeRef::Primitive(Primitive::Integer(_)) => true,
        // A C# float needs a suffix.
        TypeRef::Primitive(Primitive::Number(f)) => {
            lang != Lang::CSharp || *f != NumberFormat::Float
        }
        TypeRef::Primitive(Primitive::Boolean) => true,
        _ => false,
    };
    let v = if plain && p.shape != super::ValueShape::Json {
        value(&p.wire, p.location)
    } else {
        None
    };
    match v {
        Some(Value::String(s))
            if matches!(p.ty.non_null(), TypeRef::Primitive(Primitive::String(_))) =>
        {
            json(&s)
        }
        Some(Value::Number(n))
            if !matches!(p.ty.non_null(), TypeRef::Primitive(Primitive::String(_))) =>
        {
            n.to_string()
        }
        Some(Value::Bool(b))
            if matches!(p.ty.non_null(), TypeRef::Primitive(Primitive::Boolean)) =>
        {
            match (lang, b) {
                (Lang::Python, true) => "True".into(),
                (Lang::Python, false) => "False".into(),
                (_, b) => b.to_string(),
            }
        }
        _ => ident.to_string(),
    }
}
