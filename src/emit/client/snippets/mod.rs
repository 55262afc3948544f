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
use std::sync::Mutex;

use crate::naming::case::ToShoutySnakeCase;
use serde_json::Value;

use super::{Auth, BodyKind, ClientModel, ClientOp, ClientParam};
use crate::emit::docs::html::curl;
use crate::emit::{Shims, TargetOptions};
use crate::ir::{
    Api, EnumType, NamedType, ParamLocation, Primitive, StringFormat, TypeKind, TypeRef,
};
use crate::naming::{self, IdentKind, Lang};

mod csharp;
mod flavors;
mod go;
mod kotlin;
mod python;
mod rust;
mod typescript;

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
    /// The C# client class when `[generate.target.csharp] client` names it.
    pub csharp_client: Option<String>,
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
            csharp_client: cs.get("client").map(str::to_string),
        }
    }
}

/// A credential the client is made with, read from the environment: a key
/// or token from `<VAR>`, a user name and password from `<VAR>_USER` and
/// `<VAR>_PASSWORD`.
enum Secret {
    Key(String),
    /// A bearer token (some clients ask a function for it).
    Token(String),
    Basic(String, String),
}

/// A value a call passes, in no language's terms; each [`Flavor`] spells it
/// the way its client's signature takes it.
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    /// A string (dates included, told apart by the format), integer,
    /// number or boolean, as its JSON value.
    Scalar(Primitive, Value),
    /// A member of an enum: the enum's IR name, the member's index in its
    /// values and the value on the wire.
    Enum {
        ty: String,
        index: usize,
        value: Value,
    },
    /// An array of scalars or enum members, with its item type.
    List(TypeRef, Vec<Typed>),
    /// Anything else (an object, a map, a union, an alias), decoded from its
    /// JSON by the SDK's own models.
    Json(TypeRef, Value),
}

/// A required parameter of a call with its value.
struct Arg<'a> {
    param: &'a ClientParam,
    /// Its identifier in the language: the variable a declared value gets.
    ident: String,
    typed: Typed,
}

impl Arg<'_> {
    /// Whether the value is written in the call itself (a plain string,
    /// number or boolean) rather than declared before it.
    fn inline(&self) -> bool {
        match &self.typed {
            Typed::Scalar(Primitive::String(f), _) => !matches!(
                f,
                StringFormat::Date | StringFormat::DateTime | StringFormat::Byte
            ),
            Typed::Scalar(..) => true,
            _ => false,
        }
    }
}

/// A multipart part: its name and either its text or, for a binary part,
/// the file it is read from (the one the `curl` sample names).
struct Part {
    name: String,
    text: Option<String>,
    file: String,
}

/// The request body of a call, as the client of each language takes it.
enum Body {
    /// A JSON model: its type name in the language and the example value.
    Model {
        ty: String,
        value: Value,
    },
    /// Form fields (`key[sub]=value`, as the `curl` sample sends them) and,
    /// for a client that encodes the form from its model (Rust), the
    /// model's type name and the example.
    Form {
        pairs: Vec<(String, String)>,
        model: Option<(String, Value)>,
    },
    Multipart(Vec<Part>),
    /// Raw bytes, read from `body.bin` as `curl --data-binary @body.bin`.
    Bytes,
    Text(String),
    /// A JSON body with no model (an inline array, a free-form object):
    /// its example value, passed as the language's JSON value.
    Json(Value),
}

/// What one call passes, gathered once for every language.
struct Call<'a> {
    op: &'a ClientOp,
    method: &'a str,
    /// The client's options, as the flavor spells them.
    options: Vec<String>,
    /// The path parameters, in order.
    path: Vec<Arg<'a>>,
    /// The other required parameters.
    others: Vec<Arg<'a>>,
    body: Option<Body>,
    /// Whether the body is required (an optional one is still shown).
    body_required: bool,
    /// Whether the method returns something.
    result: bool,
    /// The language's names for the API's types and enum members.
    names: &'a Names<'a>,
}

/// One language's names for the API's named types.
struct Names<'a> {
    api: &'a Api,
    /// Type identifier by IR name.
    types: &'a BTreeMap<String, String>,
    /// How the language names enum members, where the snippets name them.
    members_of: Option<Members>,
    /// Member identifiers of each enum, in value order, by IR name: those
    /// a snippet has named so far (a call names few of the API's enums).
    /// (Behind a lock so that the docs' pages can share the snippets.)
    members: Mutex<BTreeMap<String, Vec<String>>>,
}

impl Names<'_> {
    fn ty<'s>(&'s self, ir: &'s str) -> &'s str {
        self.types.get(ir).map_or(ir, String::as_str)
    }

    /// The member `index` of enum `ir`.
    fn member(&self, ir: &str, index: usize) -> String {
        let mut members = self.members.lock().unwrap_or_else(|p| p.into_inner());
        if !members.contains_key(ir) {
            let list = match (self.members_of, self.api.get(ir)) {
                (Some(members_of), Some(t)) => match &t.kind {
                    TypeKind::Enum(e) => {
                        members_of(t, self.types.get(ir).map_or("", String::as_str), e)
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            members.insert(ir.to_string(), list);
        }
        members[ir].get(index).cloned().unwrap_or_default()
    }

    /// Whether `ir` names an object type (a model).
    fn is_object(&self, ir: &str) -> bool {
        matches!(self.api.get(ir).map(|t| &t.kind), Some(TypeKind::Object(_)))
    }
}

/// The member identifiers of an enum: (its IR type, its name in the
/// language, the enum).
type Members = fn(&NamedType, &str, &EnumType) -> Vec<String>;

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
    /// The member identifiers of an enum (its IR type, its name in the
    /// language), where the snippets name members; `None` where a value is
    /// converted to the enum instead.
    members: Option<Members>,
    /// The whole snippet.
    render: fn(&Packages, &str, &Call) -> String,
}

/// The calls of every operation in every client language.
pub struct Snippets<'a> {
    api: &'a Api,
    model: ClientModel,
    packages: Packages,
    /// Method names per language, in the order of the operations; a
    /// language whose names collide (so its client is not generated) has none.
    methods: BTreeMap<&'static str, Vec<String>>,
    names: BTreeMap<&'static str, Names<'a>>,
    /// The client's class (or type) name per language.
    classes: BTreeMap<&'static str, String>,
    by_id: BTreeMap<String, usize>,
}

impl<'a> Snippets<'a> {
    pub fn new(api: &'a Api, packages: Packages) -> Snippets<'a> {
        Snippets::of(api, packages, |_| true)
    }

    /// The calls in the language of `target` alone (a package's README
    /// shows only its own).
    pub fn only(api: &'a Api, packages: Packages, target: &str) -> Snippets<'a> {
        Snippets::of(api, packages, |t| t == target)
    }

    fn of(api: &'a Api, packages: Packages, wanted: impl Fn(&str) -> bool) -> Snippets<'a> {
        let model = ClientModel::new(api, &Shims::default());
        let mut methods = BTreeMap::new();
        let mut names = BTreeMap::new();
        let mut classes = BTreeMap::new();
        let flavors: Vec<&Flavor> = FLAVORS.iter().filter(|f| wanted(f.target)).collect();
        // Each language's type names are made once per API and kept for
        // its target; the snippets need every language's, made on every core.
        crate::parallel::in_parallel(&flavors, |f| {
            crate::emit::sdk::type_idents(api, f.lang, &mut Vec::new());
        });
        for flavor in flavors {
            if let Ok((list, _)) = model.method_names(flavor.lang, api) {
                methods.insert(flavor.target, list);
            }
            let types = crate::emit::sdk::type_idents(api, flavor.lang, &mut Vec::new());
            classes.insert(
                flavor.target,
                super::client_class_of(
                    api,
                    flavor.lang,
                    &model.title,
                    packages.csharp_client.as_deref(),
                ),
            );
            names.insert(
                flavor.target,
                Names {
                    api,
                    types,
                    members_of: flavor.members,
                    members: Mutex::new(BTreeMap::new()),
                },
            );
        }
        let by_id = model
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        Snippets {
            api,
            model,
            packages,
            methods,
            names,
            classes,
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
            let Some(methods) = self.methods.get(flavor.target) else {
                continue;
            };
            let call = self.call(flavor, op, &methods[i], value, body);
            out.push((
                flavor.target,
                flavor.label,
                (flavor.render)(&self.packages, &self.classes[flavor.target], &call),
            ));
        }
        out
    }

    /// What `op` passes in `flavor`'s language: the one loop over
    /// credentials, parameters and body every language shares.
    fn call<'b>(
        &'b self,
        flavor: &Flavor,
        op: &'b ClientOp,
        method: &'b str,
        value: &dyn Fn(&str, ParamLocation) -> Option<Value>,
        body: &dyn Fn(&str) -> Option<Value>,
    ) -> Call<'b> {
        let options = self
            .credentials(op)
            .into_iter()
            .map(|(scheme, var, auth)| {
                let secret = match auth {
                    Auth::Basic => Secret::Basic(
                        (flavor.env)(&format!("{var}_USER")),
                        (flavor.env)(&format!("{var}_PASSWORD")),
                    ),
                    Auth::Bearer { .. } => Secret::Token((flavor.env)(&var)),
                    _ => Secret::Key((flavor.env)(&var)),
                };
                (flavor.option)(&self.packages, &scheme, &secret)
            })
            .collect();
        let names = &self.names[flavor.target];
        let mut path = Vec::new();
        let mut others = Vec::new();
        for p in op.params.iter().filter(|p| p.required) {
            let example = value(&p.wire, p.location).unwrap_or(Value::Null);
            let typed = if p.shape == super::ValueShape::Json {
                Typed::Json(p.ty.clone(), example)
            } else {
                self.typed(&p.ty, example)
            };
            let arg = Arg {
                param: p,
                ident: naming::ident(flavor.lang, IdentKind::Parameter, &p.source),
                typed,
            };
            if p.location == ParamLocation::Path {
                path.push(arg);
            } else {
                others.push(arg);
            }
        }
        let body_required = op.body.as_ref().is_some_and(|b| b.required);
        let body = op.body.as_ref().map(|b| {
            let example = body(&b.content_type).unwrap_or(Value::Null);
            let model = match b.ty.as_ref().map(TypeRef::non_null) {
                Some(TypeRef::Named(name))
                    if matches!(
                        self.api.get(name).map(|t| &t.kind),
                        Some(TypeKind::Object(_))
                    ) =>
                {
                    Some(names.ty(name).to_string())
                }
                _ => None,
            };
            match (b.kind, model) {
                (BodyKind::Json, Some(ty)) => Body::Model { ty, value: example },
                (BodyKind::Json, None) => Body::Json(example),
                (BodyKind::Form, model) => {
                    let mut pairs = Vec::new();
                    curl::form_pairs("", &example, &mut pairs);
                    Body::Form {
                        pairs,
                        model: model.map(|ty| (ty, example)),
                    }
                }
                (BodyKind::Multipart, _) => Body::Multipart(
                    curl::multipart_parts(self.api, b.ty.as_ref(), &example)
                        .into_iter()
                        .map(|(name, text)| Part {
                            file: format!("{name}.bin"),
                            name,
                            text,
                        })
                        .collect(),
                ),
                (BodyKind::Bytes, _) => Body::Bytes,
                (BodyKind::Text, _) => Body::Text(curl::body_text(&example)),
            }
        });
        Call {
            op,
            method,
            options,
            path,
            others,
            body,
            body_required,
            result: has_result(op),
            names,
        }
    }

    /// `value` as a value of type `ty`; a value that does not fit (a
    /// sampled one for a type the sampler does not know) is the type's
    /// first enum member, an empty list, or passed as JSON.
    fn typed(&self, ty: &TypeRef, value: Value) -> Typed {
        match ty.non_null() {
            TypeRef::Primitive(p) => {
                let fits = match (p, &value) {
                    (Primitive::String(_), Value::String(_))
                    | (Primitive::Boolean, Value::Bool(_)) => true,
                    (Primitive::Integer(_), Value::Number(n)) => n.is_i64() || n.is_u64(),
                    (Primitive::Number(_), Value::Number(_)) => true,
                    _ => false,
                };
                if fits {
                    Typed::Scalar(p.clone(), value)
                } else {
                    Typed::Json(ty.clone(), value)
                }
            }
            TypeRef::Named(n) => match self.api.get(n).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) if !e.values.is_empty() => {
                    let index = e.values.iter().position(|v| v.value == value).unwrap_or(0);
                    Typed::Enum {
                        ty: n.clone(),
                        index,
                        value: e.values[index].value.clone(),
                    }
                }
                _ => Typed::Json(ty.clone(), value),
            },
            TypeRef::Array(item) => {
                let items: Vec<Typed> = match &value {
                    Value::Array(items) => {
                        items.iter().map(|v| self.typed(item, v.clone())).collect()
                    }
                    _ => Vec::new(),
                };
                if items
                    .iter()
                    .all(|t| matches!(t, Typed::Scalar(..) | Typed::Enum { .. }))
                {
                    Typed::List((**item).clone(), items)
                } else {
                    Typed::Json(ty.clone(), value)
                }
            }
            _ => Typed::Json(ty.clone(), value),
        }
    }

    /// The schemes of the first security alternative that asks for any
    /// credential the clients send: (scheme name, environment variable, how
    /// it is sent).
    fn credentials(&self, op: &ClientOp) -> Vec<(String, String, Auth)> {
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
                            self.model.schemes[n].clone(),
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
