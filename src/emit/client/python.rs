//! The Python client: `<package>/client.py` beside `models.py`, a sync and an
//! async class on `httpx` (`templates/python/client.py.jinja`).
//!
//! Path parameters and the request body are positional; query, header and
//! cookie parameters are keyword-only.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Auth, BodyKind, ClientModel, ClientOp, ClientParam, StatusMatch, ValueShape};
use crate::diag::{Diagnostic, Loc};
use crate::emit::{templates, EmitContext};
use crate::ir::{Api, ParamLocation, Primitive, StringFormat, TypeKind, TypeRef};
use crate::naming::{self, IdentKind, Lang};
use crate::output::OutputTree;

pub fn emit(cx: &EmitContext, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let package = crate::emit::python::package_of(cx)?;
    let model = ClientModel::new(cx.api, cx.shims);
    let view = view(cx.api, &model, &package)?;
    let env = cx.templates.renderer("python")?;
    let header = cx.header.comment("#").trim_end().to_string();
    let text = env.render(
        "python/client.py.jinja",
        minijinja::context! { header => header, client => view },
    )?;
    tree.insert(format!("{package}/client.py"), text)
        .map_err(|e| vec![templates::error("python", &e.to_string())])
}

#[derive(Serialize)]
struct View {
    title: String,
    version: String,
    package: String,
    class_name: String,
    user_agent_lit: String,
    base_url_lit: String,
    /// The base URL for docstrings.
    base_url: String,
    /// (URL, [(variable, default)]) as literals.
    servers: Vec<(String, Vec<(String, String)>)>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    aliases: Vec<AliasView>,
}

#[derive(Serialize)]
struct SchemeView {
    name_lit: String,
    option: String,
    kind: &'static str,
    location: Option<&'static str>,
    param_lit: Option<String>,
    doc: String,
}

#[derive(Serialize)]
struct ParamView {
    name: String,
    /// The wire name, for messages.
    wire: String,
    wire_lit: String,
    location: &'static str,
    style: &'static str,
    explode: bool,
    json: bool,
    #[serde(rename = "type")]
    ty: String,
    required: bool,
}

#[derive(Serialize)]
struct ResponseView {
    status_lit: String,
    success: bool,
    /// A `pydantic.TypeAdapter` argument, for a JSON body.
    adapter: Option<String>,
    raw: bool,
}

#[derive(Serialize)]
struct OpView {
    name: String,
    constant: String,
    id_lit: String,
    method: String,
    path_lit: String,
    /// The docstring's text, indented for a method.
    docstring: String,
    deprecated: bool,
    path_params: Vec<ParamView>,
    keyword_params: Vec<ParamView>,
    body_type: Option<String>,
    body_required: bool,
    body_kind: Option<&'static str>,
    body_adapter: Option<String>,
    content_type_lit: Option<String>,
    result: String,
    responses: Vec<ResponseView>,
    /// The alternatives as a tuple of tuples.
    security: String,
    idempotent: bool,
}

#[derive(Serialize)]
struct AliasView {
    name: String,
    target: String,
    until: Option<String>,
}

fn view(api: &Api, model: &ClientModel, package: &str) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::Python, api)?;
    let types = Types::new(api);
    let class_name = super::class_name(Lang::Python, &model.title);
    let mut errors = Vec::new();
    let mut ops = Vec::new();
    for (op, name) in model.operations.iter().zip(&names) {
        let v = op_view(&types, op, name.clone());
        let args: Vec<(String, Loc, String)> = v
            .path_params
            .iter()
            .chain(&v.keyword_params)
            .map(|p| (p.wire.clone(), Loc::default(), p.name.clone()))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("python arguments of {}", op.id),
            args,
            &["self", "body", "request_timeout"],
        ));
        ops.push(v);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let aliases = model
        .aliases
        .iter()
        .zip(alias_names)
        .map(|(a, name)| AliasView {
            name,
            target: names[a.target].clone(),
            until: a.until.clone(),
        })
        .collect();
    let schemes = model
        .schemes
        .iter()
        .map(|(name, auth)| {
            let option = naming::ident(Lang::Python, IdentKind::Parameter, name);
            let (location, param) = auth.key_location();
            let doc = match auth {
                Auth::ApiKey { location, name: p } => {
                    format!("API key sent in the `{p}` {}.", location.as_str())
                }
                Auth::Bearer { oauth: true } => "OAuth 2 / OpenID Connect access token, sent as a bearer token; a callable is asked before every request.".to_string(),
                Auth::Bearer { oauth: false } => "Bearer token.".to_string(),
                Auth::Basic => "(user name, password) for HTTP basic authentication.".to_string(),
                Auth::External { what } => format!("{what}: configure the `http_client` you pass for it."),
            };
            let kind = auth.kind();
            SchemeView {
                name_lit: lit(name),
                option,
                kind,
                location,
                param_lit: param.map(lit),
                doc: doc_text(&doc),
            }
        })
        .collect();
    Ok(View {
        title: model.title.clone(),
        version: model.version.clone(),
        package: package.to_string(),
        class_name,
        user_agent_lit: lit(&model.user_agent("python")),
        base_url_lit: lit(&model.default_base_url()),
        base_url: doc_text(&model.default_base_url()),
        servers: model
            .server_literals(lit)
            .into_iter()
            .map(|s| (s.url_lit, s.variables))
            .collect(),
        schemes,
        ops,
        aliases,
    })
}

fn op_view(types: &Types, op: &ClientOp, name: String) -> OpView {
    let param = |p: &ClientParam| ParamView {
        name: naming::ident(Lang::Python, IdentKind::Parameter, &p.source),
        wire: p.wire.clone(),
        wire_lit: lit(&p.wire),
        location: p.location.as_str(),
        style: p.style.as_str(),
        explode: p.explode,
        json: p.shape == ValueShape::Json,
        ty: types.expr(&p.ty),
        required: p.required,
    };
    let path_params: Vec<ParamView> = op.params_in(ParamLocation::Path).map(param).collect();
    let mut keyword_params: Vec<ParamView> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(param)
        .collect();
    // Required keyword arguments first, as Python lists them.
    keyword_params.sort_by_key(|p| !p.required);
    let body = op.body.as_ref();
    let body_type = body.map(|b| match b.kind {
        BodyKind::Json => b.ty.as_ref().map_or("Any".into(), |t| types.expr(t)),
        BodyKind::Form => "Mapping[str, Any]".into(),
        BodyKind::Multipart => "Mapping[str, Any]".into(),
        BodyKind::Bytes => "bytes".into(),
        BodyKind::Text => "str".into(),
    });
    let mut results: Vec<String> = Vec::new();
    for r in op.successes() {
        let t = match (&r.ty, r.raw) {
            (Some(t), _) => types.expr(t),
            (None, true) => "bytes".into(),
            (None, false) => "None".into(),
        };
        if !results.contains(&t) {
            results.push(t);
        }
    }
    let result = if results.is_empty() {
        "Any".to_string()
    } else {
        results.join(" | ")
    };
    let mut doc = op.doc_text();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!("``{}``", op.request_line()));
    let docstring = doc
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("        {}", doc_text(l))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_start()
        .to_string();
    OpView {
        constant: format!(
            "_OP_{}",
            crate::naming::case::ToShoutySnakeCase::to_shouty_snake_case(
                naming::sanitize(&op.source).as_str()
            )
        ),
        name,
        id_lit: lit(&op.id),
        method: op.method.as_str().to_ascii_uppercase(),
        path_lit: lit(&op.path),
        docstring,
        deprecated: op.deprecated,
        path_params,
        keyword_params,
        body_required: body.is_some_and(|b| b.required),
        body_kind: body.map(|b| match b.kind {
            BodyKind::Json => "json",
            BodyKind::Form => "form",
            BodyKind::Multipart => "multipart",
            BodyKind::Bytes => "bytes",
            BodyKind::Text => "text",
        }),
        body_adapter: body
            .filter(|b| b.kind == BodyKind::Json)
            .map(|b| b.ty.as_ref().map_or("Any".into(), |t| types.runtime(t))),
        content_type_lit: body.map(|b| lit(&b.content_type)),
        body_type,
        result,
        responses: op
            .responses
            .iter()
            .map(|r| ResponseView {
                status_lit: lit(&match r.status {
                    StatusMatch::Code(c) => c.to_string(),
                    StatusMatch::Range(h) => format!("{h}XX"),
                    StatusMatch::Default => "default".into(),
                }),
                success: r.success,
                adapter: r.ty.as_ref().map(|t| types.runtime(t)),
                raw: r.raw,
            })
            .collect(),
        security: format!(
            "({})",
            op.security
                .iter()
                .map(|alt| format!(
                    "({})",
                    alt.iter()
                        .map(|s| format!("{},", lit(s)))
                        .collect::<String>()
                ))
                .map(|t| format!("{t},"))
                .collect::<String>()
        ),
        idempotent: op.idempotent,
    }
}

/// Python type expressions, naming model types as `models.py` does.
struct Types<'a> {
    api: &'a Api,
    names: &'a BTreeMap<String, String>,
}

impl<'a> Types<'a> {
    fn new(api: &'a Api) -> Types<'a> {
        Types {
            api,
            names: crate::emit::sdk::type_idents(api, Lang::Python, &mut Vec::new()),
        }
    }

    /// An annotation (a string under `from __future__ import annotations`).
    fn expr(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => match (self.names.get(n), self.api.get(n).map(|t| &t.kind)) {
                (Some(name), Some(TypeKind::Enum(e))) if e.nullable => {
                    format!("_models.{name} | None")
                }
                (Some(name), _) => format!("_models.{name}"),
                (None, _) => "Any".into(),
            },
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => "_dt.datetime".into(),
                Primitive::String(StringFormat::Date) => "_dt.date".into(),
                Primitive::String(_) => "str".into(),
                Primitive::Integer(_) => "int".into(),
                Primitive::Number(_) => "float".into(),
                Primitive::Boolean => "bool".into(),
            },
            TypeRef::Array(inner) => format!("list[{}]", self.expr(inner)),
            TypeRef::Map(inner) => format!("dict[str, {}]", self.expr(inner)),
            TypeRef::Any => "Any".into(),
            TypeRef::Nullable(inner) => {
                let t = self.expr(inner);
                if t == "Any" || t.ends_with("| None") {
                    t
                } else {
                    format!("{t} | None")
                }
            }
        }
    }

    /// The same type as a runtime expression for `pydantic.TypeAdapter`
    /// (`Optional[...]` instead of `| None`, which Python 3.9 cannot evaluate).
    fn runtime(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Array(inner) => format!("List[{}]", self.runtime(inner)),
            TypeRef::Map(inner) => format!("Dict[str, {}]", self.runtime(inner)),
            TypeRef::Nullable(inner) => {
                let t = self.runtime(inner);
                if t == "Any" {
                    t
                } else {
                    format!("Optional[{t}]")
                }
            }
            TypeRef::Named(n) => match (self.names.get(n), self.api.get(n).map(|t| &t.kind)) {
                (Some(name), Some(TypeKind::Enum(e))) if e.nullable => {
                    format!("Optional[_models.{name}]")
                }
                (Some(name), _) => format!("_models.{name}"),
                (None, _) => "Any".into(),
            },
            other => self.expr(other),
        }
    }
}

/// A string literal (a JSON string is a valid Python one).
fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Text that cannot end a docstring or start an escape.
fn doc_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace("\"\"\"", "\\\"\"\"")
}
