//! How a reader calls one operation with each generated client: a complete
//! program or script to copy, which imports the package as its target names
//! it, makes the client with the credentials of the operation's first
//! security alternative (read from environment variables named after the
//! schemes, as the `curl` sample does), declares the request body from the
//! example the `curl` sample sends (decoded by the SDK's own models), calls
//! the method with the required parameters and prints the result. The docs
//! reference shows these beside its `curl` request; `tests/docs_snippets.rs`
//! compiles them.
//!
//! One loop ([`Snippets::call`]) gathers what every language passes; a
//! [`Flavor`] per language spells it. Names come from the same places the
//! clients take them from: method names from [`ClientModel::method_names`],
//! type names from each SDK's naming, identifiers from [`crate::naming`],
//! package names from [`Packages`].

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;
use serde_json::Value;

use super::{class_name, Auth, BodyKind, ClientModel, ClientOp, ClientParam};
use crate::emit::{Shims, TargetOptions};
use crate::ir::{Api, NumberFormat, ParamLocation, Primitive, StringFormat, TypeKind, TypeRef};
use crate::naming::{self, IdentKind, Lang};

mod flavors;

use flavors::FLAVORS;

/// The languages with a generated client, in the order the samples show them:
/// (target name, label).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("typescript", "TypeScript"),
    ("python", "Python"),
    ("go", "Go"),
    ("kotlin", "Kotlin"),
    ("rust", "Rust"),
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
    /// The Kotlin package.
    pub kotlin: String,
    /// The Rust crate name (`Cargo.toml`).
    pub rust_crate: String,
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
        let kt = options("kotlin");
        let rs = options("rust");
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
            kotlin: kt.get("package").map_or_else(
                || crate::emit::kotlin::default_package(title),
                str::to_string,
            ),
            rust_crate: rs.get("crate").map_or_else(
                || crate::emit::rust_models::default_crate_name(title),
                str::to_string,
            ),
            csharp_namespace: crate::emit::csharp::namespace_of(&cs, title),
            csharp_client: cs
                .get("client")
                .map_or_else(|| class_name(Lang::CSharp, title), str::to_string),
        }
    }
}

/// A credential the client is made with, read from the environment: a key
/// or token from `<VAR>`, a user name and password from `<VAR>_USER` and
/// `<VAR>_PASSWORD`.
enum Secret {
    Key(String),
    Basic(String, String),
}

/// The request body of a call.
enum Body {
    /// A JSON model: its type name in the language and the example value.
    Model { ty: String, value: Value },
    /// Another body, which the reader supplies as `body` (its content type).
    Other(String),
}

/// What one call passes, gathered once for every language.
struct Call<'a> {
    op: &'a ClientOp,
    method: &'a str,
    /// The client's options, as the flavor spells them.
    options: Vec<String>,
    /// The path parameters' values, in order.
    path: Vec<String>,
    /// The other required parameters with their values.
    others: Vec<(&'a ClientParam, String)>,
    body: Option<Body>,
    /// Whether the method returns something.
    result: bool,
}

/// How one language spells a call.
struct Flavor {
    target: &'static str,
    label: &'static str,
    lang: Lang,
    /// The expression reading an environment variable.
    env: fn(&str) -> String,
    /// The client option of a credential: (packages, scheme, secret with
    /// its values read by `env`).
    option: fn(&Packages, &str, &Secret) -> String,
    /// A model's type name in the language from its naming source.
    type_name: fn(&str) -> String,
    /// The whole snippet.
    render: fn(&Packages, &str, &Call) -> String,
}

/// The calls of every operation in every client language.
pub struct Snippets {
    model: ClientModel,
    packages: Packages,
    /// Method names per language, in the order of the operations; a
    /// language whose names collide (so its client is not generated) has none.
    methods: BTreeMap<&'static str, Vec<String>>,
    /// Per language, the type name of every object model, by IR name.
    models: BTreeMap<&'static str, BTreeMap<String, String>>,
    by_id: BTreeMap<String, usize>,
}

impl Snippets {
    pub fn new(api: &Api, packages: Packages) -> Snippets {
        let model = ClientModel::new(api, &Shims::default());
        let mut methods = BTreeMap::new();
        let mut models = BTreeMap::new();
        for flavor in FLAVORS {
            if let Ok((names, _)) = model.method_names(flavor.lang, api) {
                methods.insert(flavor.target, names);
            }
            let names = api
                .types
                .values()
                .filter(|t| matches!(t.kind, TypeKind::Object(_)))
                .map(|t| (t.name.clone(), (flavor.type_name)(t.naming_source())))
                .collect();
            models.insert(flavor.target, names);
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
            models,
            by_id,
        }
    }

    /// (target, label, code) of the call of operation `id` in each client
    /// language; `value(wire name, location)` gives a required parameter's
    /// example value, `body(content type)` the request body's.
    pub fn calls(
        &self,
        id: &str,
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
        body: &dyn Fn(&str) -> Option<Value>,
    ) -> Vec<(&'static str, &'static str, String)> {
        let Some(&i) = self.by_id.get(id) else {
            return Vec::new();
        };
        let op = &self.model.operations[i];
        let mut out = Vec::new();
        for flavor in FLAVORS {
            let Some(names) = self.methods.get(flavor.target) else {
                continue;
            };
            let call = self.call(flavor, op, &names[i], value, body);
            let class = class_name(flavor.lang, &self.model.title);
            out.push((
                flavor.target,
                flavor.label,
                (flavor.render)(&self.packages, &class, &call),
            ));
        }
        out
    }

    /// What `op` passes in `flavor`'s language: the one loop over
    /// credentials, parameters and body every language shares.
    fn call<'a>(
        &self,
        flavor: &Flavor,
        op: &'a ClientOp,
        method: &'a str,
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
        body: &dyn Fn(&str) -> Option<Value>,
    ) -> Call<'a> {
        let options = self
            .credentials(op)
            .into_iter()
            .map(|(scheme, var, basic)| {
                let secret = if basic {
                    Secret::Basic(
                        (flavor.env)(&format!("{var}_USER")),
                        (flavor.env)(&format!("{var}_PASSWORD")),
                    )
                } else {
                    Secret::Key((flavor.env)(&var))
                };
                (flavor.option)(&self.packages, &scheme, &secret)
            })
            .collect();
        let mut path = Vec::new();
        let mut others = Vec::new();
        for p in op.params.iter().filter(|p| p.required) {
            let ident = naming::ident(flavor.lang, IdentKind::Parameter, &p.source);
            let v = literal(flavor.lang, p, value, &ident);
            if p.location == ParamLocation::Path {
                path.push(v);
            } else {
                others.push((p, v));
            }
        }
        let body = op.body.as_ref().map(|b| {
            let model = match (&b.kind, b.ty.as_ref().map(TypeRef::non_null)) {
                (BodyKind::Json, Some(TypeRef::Named(name))) => self
                    .models
                    .get(flavor.target)
                    .and_then(|m| m.get(name))
                    .zip(body(&b.content_type)),
                _ => None,
            };
            match model {
                Some((ty, value)) => Body::Model {
                    ty: ty.clone(),
                    value,
                },
                None => Body::Other(b.content_type.clone()),
            }
        });
        Call {
            op,
            method,
            options,
            path,
            others,
            body,
            result: has_result(op),
        }
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
