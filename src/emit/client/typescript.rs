//! The TypeScript client: `client.ts` beside `models.ts`, one class on
//! `fetch` with no runtime dependency (`templates/typescript/client.ts.jinja`).
//!
//! Path parameters are positional arguments, then the request body, then an
//! object of the query, header and cookie parameters, then per-call options.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::reserved;
use super::{Auth, BodyKind, ClientModel, ClientOp, ClientParam};
use crate::diag::Diagnostic;
use crate::emit::{templates, EmitContext};
use crate::ir::{Api, ParamLocation, Primitive, TypeRef};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

pub fn emit(cx: &EmitContext, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let model = ClientModel::new(cx.api, cx.shims);
    let view = view(cx.api, &model)?;
    let env = cx.templates.renderer("typescript")?;
    let header = cx.header.comment("//").trim_end().to_string();
    let text = env.render(
        "typescript/client.ts.jinja",
        minijinja::context! { header => header, client => view },
    )?;
    tree.insert("client.ts", text)
        .map_err(|e| vec![templates::error("typescript", &e.to_string())])
}

#[derive(Serialize)]
struct View {
    title: String,
    version: String,
    class_name: String,
    user_agent_lit: String,
    base_url_lit: String,
    servers: Vec<ServerView>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    aliases: Vec<AliasView>,
}

#[derive(Serialize)]
struct ServerView {
    url_lit: String,
    description: Option<String>,
    /// (name, default) as literals.
    variables: Vec<(String, String)>,
}

#[derive(Serialize)]
struct SchemeView {
    /// The component name, as the operations list it.
    name_lit: String,
    /// The `ClientOptions` property.
    option: String,
    /// `api_key`, `bearer`, `basic` or `external`.
    kind: &'static str,
    location: Option<&'static str>,
    param_lit: Option<String>,
    oauth: bool,
    doc: String,
}

#[derive(Serialize)]
struct ArgView {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    optional: bool,
    /// May be left out (`body?`): optional, and no required argument follows
    /// (TypeScript allows no required parameter after an optional one, so an
    /// optional body before required params is `body: T | undefined`).
    omittable: bool,
}

#[derive(Serialize)]
struct ParamView {
    /// The identifier (a positional argument or a property of the params object).
    name: String,
    wire: String,
    wire_lit: String,
    location: &'static str,
    style: &'static str,
    explode: bool,
    json: bool,
    #[serde(rename = "type")]
    ty: String,
    optional: bool,
    doc: Vec<String>,
    deprecated: bool,
}

#[derive(Serialize)]
struct ResponseView {
    status_lit: String,
    success: bool,
    /// `json`, `raw` or `none`.
    body: &'static str,
}

#[derive(Serialize)]
struct OpView {
    name: String,
    /// The constant holding the operation's description.
    constant: String,
    id_lit: String,
    method: String,
    path_lit: String,
    doc: Vec<String>,
    deprecated: bool,
    path_params: Vec<ParamView>,
    other_params: Vec<ParamView>,
    params_type: String,
    params_required: bool,
    body: Option<ArgView>,
    /// `json`, `form`, `multipart`, `bytes` or `text`.
    body_kind: Option<&'static str>,
    content_type_lit: Option<String>,
    result: String,
    error_body: String,
    responses: Vec<ResponseView>,
    /// The alternatives as a TypeScript literal.
    security_lit: String,
    idempotent: bool,
}

#[derive(Serialize)]
struct AliasView {
    name: String,
    target: String,
    until: Option<String>,
}

fn view(api: &Api, model: &ClientModel) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::TypeScript, api)?;
    let types = Types::new(api);
    let class_name = super::class_name(Lang::TypeScript, &model.title);
    // client.ts reaches the models through `import type * as models`, so a
    // model named like one of the client's own types (`Credential`) does not
    // clash with it: only the client's names are checked against each other.
    let mut taken = reserved(
        &[
            "ClientOptions",
            "RequestOptions",
            "RetryOptions",
            "ApiError",
            "TimeoutError",
            "Credential",
            "BasicCredential",
            &class_name,
        ],
        "the client",
    );
    let mut ops = Vec::new();
    let mut errors = Vec::new();
    for (op, name) in model.operations.iter().zip(&names) {
        let params_type = naming::ident(
            Lang::TypeScript,
            IdentKind::Type,
            &format!("{} params", op.source),
        );
        taken.push((
            format!("parameters of {}", op.id),
            Default::default(),
            params_type.clone(),
        ));
        let v = op_view(&types, op, name.clone(), params_type);
        let args: Vec<(String, crate::diag::Loc, String)> = v
            .path_params
            .iter()
            .map(|p| (p.wire.clone(), crate::diag::Loc::default(), p.name.clone()))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("typescript arguments of {}", op.id),
            args,
            &["body", "params", "options"],
        ));
        let props: Vec<_> = v
            .other_params
            .iter()
            .map(|p| (p.wire.clone(), crate::diag::Loc::default(), p.name.clone()))
            .collect();
        errors.extend(check_collisions(
            &format!("typescript parameters of {}", op.id),
            &props,
        ));
        ops.push(v);
    }
    errors.extend(check_collisions("typescript client type names", &taken));
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
            let option = naming::ident(Lang::TypeScript, IdentKind::Parameter, name);
            let (location, param) = auth.key_location();
            let doc = match auth {
                Auth::ApiKey { location, name: p } => {
                    format!("API key sent in the `{p}` {}.", location.as_str())
                }
                Auth::Bearer { oauth: true } => "OAuth 2 / OpenID Connect access token (sent as a bearer token); a function is asked before every request.".to_string(),
                Auth::Bearer { oauth: false } => "Bearer token.".to_string(),
                Auth::Basic => "User name and password for HTTP basic authentication.".to_string(),
                Auth::External { what } => format!("{what}: configure the `fetch` you pass for it."),
            };
            let (kind, oauth) = (auth.kind(), matches!(auth, Auth::Bearer { oauth: true }));
            SchemeView {
                name_lit: lit(name),
                option,
                kind,
                location,
                param_lit: param.map(lit),
                oauth,
                doc,
            }
        })
        .collect();
    Ok(View {
        title: model.title.clone(),
        version: model.version.clone(),
        class_name,
        user_agent_lit: lit(&model.user_agent("typescript")),
        base_url_lit: lit(&model.default_base_url()),
        servers: model
            .servers
            .iter()
            .map(|s| ServerView {
                url_lit: lit(&s.url),
                description: s.description.as_ref().map(|d| d.replace("*/", "*\\/")),
                variables: s
                    .variables
                    .iter()
                    .map(|(n, d, _)| (lit(n), lit(d)))
                    .collect(),
            })
            .collect(),
        schemes,
        ops,
        aliases,
    })
}

fn op_view(types: &Types, op: &ClientOp, name: String, params_type: String) -> OpView {
    let param = |p: &ClientParam| ParamView {
        name: naming::ident(Lang::TypeScript, IdentKind::Parameter, &p.source),
        wire: p.wire.clone(),
        wire_lit: lit(&p.wire),
        location: p.location.as_str(),
        style: p.style.as_str(),
        explode: p.explode,
        json: p.shape == super::ValueShape::Json,
        ty: types.expr(&p.ty),
        optional: !p.required,
        doc: p
            .doc
            .iter()
            .flat_map(|d| d.lines().map(str::to_string))
            .collect(),
        deprecated: p.deprecated,
    };
    let path_params: Vec<ParamView> = op.params_in(ParamLocation::Path).map(param).collect();
    let other_params: Vec<ParamView> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(param)
        .collect();
    let params_required = other_params.iter().any(|p| !p.optional);
    let body = op.body.as_ref().map(|b| ArgView {
        name: "body".into(),
        ty: match b.kind {
            BodyKind::Json => b.ty.as_ref().map_or("unknown".into(), |t| types.expr(t)),
            BodyKind::Form => {
                "Record<string, string | number | boolean | (string | number | boolean)[]>".into()
            }
            BodyKind::Multipart => "FormData".into(),
            BodyKind::Bytes => "Blob | ArrayBuffer | Uint8Array".into(),
            BodyKind::Text => "string".into(),
        },
        optional: !b.required,
        omittable: !b.required && !params_required,
    });
    let union = |tys: Vec<String>| -> String {
        let mut seen: Vec<String> = Vec::new();
        for t in tys {
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        seen.join(" | ")
    };
    let successes: Vec<_> = op.successes().collect();
    let result = if successes.is_empty() {
        "unknown".to_string()
    } else {
        union(
            successes
                .iter()
                .map(|r| match (&r.ty, r.raw) {
                    (Some(t), _) => types.expr(t),
                    (None, true) => "ArrayBuffer".into(),
                    (None, false) => "void".into(),
                })
                .collect(),
        )
    };
    let error_body = {
        let mut tys: Vec<String> = op
            .errors()
            .map(|r| match (&r.ty, r.raw) {
                (Some(t), _) => types.expr(t),
                _ => "string".into(),
            })
            .collect();
        // An undocumented status carries the body text.
        if !op.errors().any(|r| r.status == super::StatusMatch::Default) {
            tys.push("string".into());
        }
        union(tys)
    };
    let mut doc = op.doc_text();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!("`{}`", op.request_line()));
    let doc = doc.into_iter().map(|l| l.replace("*/", "*\\/")).collect();
    OpView {
        constant: format!(
            "OP_{}",
            crate::naming::case::ToShoutySnakeCase::to_shouty_snake_case(
                naming::sanitize(&op.source).as_str()
            )
        ),
        name,
        id_lit: lit(&op.id),
        method: op.method.as_str().to_ascii_uppercase(),
        path_lit: lit(&op.path),
        doc,
        deprecated: op.deprecated,
        path_params,
        other_params,
        params_type,
        params_required,
        content_type_lit: op.body.as_ref().map(|b| lit(&b.content_type)),
        body_kind: op.body.as_ref().map(|b| match b.kind {
            BodyKind::Json => "json",
            BodyKind::Form => "form",
            BodyKind::Multipart => "multipart",
            BodyKind::Bytes => "bytes",
            BodyKind::Text => "text",
        }),
        body,
        result,
        error_body,
        responses: op
            .responses
            .iter()
            .map(|r| ResponseView {
                status_lit: lit(&r.label),
                success: r.success,
                body: if r.ty.is_some() {
                    "json"
                } else if r.raw {
                    "raw"
                } else {
                    "none"
                },
            })
            .collect(),
        security_lit: serde_json::to_string(&op.security).unwrap_or_default(),
        idempotent: op.idempotent,
    }
}

/// TypeScript type expressions, naming model types as `models.ts` does.
struct Types<'a> {
    names: &'a BTreeMap<String, String>,
}

impl<'a> Types<'a> {
    fn new(api: &'a Api) -> Types<'a> {
        Types {
            names: crate::emit::sdk::type_idents(api, Lang::TypeScript, &mut Vec::new()),
        }
    }

    fn expr(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => match self.names.get(n) {
                Some(t) => format!("models.{t}"),
                None => "unknown".into(),
            },
            TypeRef::Primitive(Primitive::String(_)) => "string".into(),
            TypeRef::Primitive(Primitive::Integer(_) | Primitive::Number(_)) => "number".into(),
            TypeRef::Primitive(Primitive::Boolean) => "boolean".into(),
            TypeRef::Array(inner) => {
                let t = self.expr(inner);
                if t.contains(' ') {
                    format!("({t})[]")
                } else {
                    format!("{t}[]")
                }
            }
            TypeRef::Map(inner) => format!("{{ [key: string]: {} }}", self.expr(inner)),
            TypeRef::Any => "unknown".into(),
            TypeRef::Nullable(inner) => {
                let t = self.expr(inner);
                if t == "unknown" {
                    t
                } else {
                    format!("{t} | null")
                }
            }
        }
    }
}

/// A string literal (a JSON string is a valid TypeScript one).
fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
