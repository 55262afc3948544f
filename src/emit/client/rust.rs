//! The Rust client: `src/client.rs` of the models crate, behind its default
//! `client` cargo feature, an async `Client` on `reqwest` (rustls) and tokio
//! (`templates/rust/client.rs.jinja`). The rendered text is parsed and
//! printed again, as the models are, so it reads like rustfmt's.
//!
//! Every method takes `&self`, then the path parameters, then the required
//! query, header and cookie parameters, then the request body, then a
//! `<Operation>Params` struct (with `Default`) of the optional ones. It
//! returns the success body as its model and an `Error<E>` whose `E` is the
//! error body the operation documents (`serde_json::Value` when its error
//! responses disagree).

use serde::Serialize;

use super::view::{reserved, Returns, ServerLiterals};
use super::{
    Auth, BodyKind, ClientAlias, ClientBody, ClientModel, ClientOp, ClientParam, ValueShape,
};
use crate::diag::{Diagnostic, Loc};
use crate::emit::rust_types::{self, doc, types::Scope, types::Types};
use crate::emit::{templates, EmitContext};
use crate::ir::{Api, ParamLocation, Primitive, StringFormat, TypeRef};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// Items `client.rs` declares whatever the spec.
const FIXED: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "RetryPolicy",
    "Server",
    "SERVERS",
    "DEFAULT_BASE_URL",
    "BoxError",
];

/// Methods of the builder whatever the spec: a security scheme's setter may
/// not take one of these names.
const BUILDER: &[&str] = &[
    "base_url",
    "http_client",
    "timeout",
    "user_agent",
    "header",
    "retry",
    "build",
];

/// Does the client of `api` send multipart bodies (the crate then turns on
/// reqwest's `multipart` feature)?
pub fn uses_multipart(cx: &EmitContext) -> bool {
    cx.api.operations.iter().any(|o| {
        o.outbound.is_none()
            && o.request_body.as_ref().is_some_and(|b| {
                b.content
                    .iter()
                    .any(|m| m.content_type.starts_with("multipart/"))
            })
    })
}

/// Adds `src/client.rs` and the README; `types` are the crate's models'.
pub fn emit(cx: &EmitContext, types: &Types, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let model = ClientModel::new(cx.api, cx.shims);
    let view = view(cx.api, &model, types)?;
    let env = cx.templates.renderer("rust")?;
    let text = env.render(
        "rust/client.rs.jinja",
        minijinja::context! { client => view },
    )?;
    let printed = syn::parse_file(&text)
        .map(|file| rust_types::space_items(&prettyplease::unparse(&file)))
        .map_err(|e| {
            vec![templates::error(
                "rust",
                &format!("rust/client.rs.jinja does not render Rust that parses ({e})"),
            )]
        })?;
    let text = format!("{}\n{printed}", cx.header.comment("//"));
    tree.insert("src/client.rs", text)
        .map_err(|e| vec![templates::error("rust", &e.to_string())])?;
    super::readme::emit("rust", cx, tree)
}

#[derive(Serialize)]
struct View {
    title: String,
    version: String,
    user_agent_lit: String,
    base_url_lit: String,
    servers: Vec<ServerLiterals>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    aliases: Vec<AliasView>,
    /// Which optional parts the file needs (so nothing is unused).
    uses_basic: bool,
    uses_token: bool,
    /// A token is sent in a header (its errors name the operation).
    uses_token_header: bool,
    uses_multipart: bool,
    uses_form: bool,
    uses_json: bool,
    /// Some operation has parameters (or a form body).
    uses_values: bool,
    /// Some operation documents a response (`Response::new` is called).
    uses_responses: bool,
    uses_models: bool,
    uses_btree_map: bool,
}

#[derive(Serialize)]
struct SchemeView {
    name_lit: String,
    /// The builder method setting it (`api_key_auth`).
    method: String,
    kind: &'static str,
    location: Option<&'static str>,
    param_lit: Option<String>,
    doc: String,
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    doc: String,
}

/// Clippy's `too_many_arguments` limit, `&self` included. A method takes
/// each required parameter as an argument, as the spec lists them; one with
/// more is allowed to, rather than changing its shape past a count.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

#[derive(Serialize)]
struct OpView {
    name: String,
    /// The static describing the operation.
    constant: String,
    id_lit: String,
    method: String,
    path_lit: String,
    doc: String,
    deprecated: bool,
    /// The arguments after `&self`, with their types.
    signature: String,
    /// The same, as arguments (for the old name of a renamed operation).
    arguments: String,
    /// More arguments than clippy's `too_many_arguments` allows.
    many_arguments: bool,
    /// `Param { … }` literals, in the order of `values`.
    param_specs: Vec<String>,
    /// The expressions of the parameter values, in the same order.
    values: Vec<String>,
    params_type: Option<String>,
    params_fields: Vec<FieldView>,
    /// The expression of the payload.
    payload: String,
    content_type_lit: Option<String>,
    result: String,
    /// `json`, `value`, `bytes` or `unit`: how the success body is read.
    read: &'static str,
    error: String,
    responses: Vec<String>,
    security_lit: String,
    idempotent: bool,
}

#[derive(Serialize)]
struct AliasView {
    name: String,
    target: String,
    signature: String,
    arguments: String,
    many_arguments: bool,
    result: String,
    error: String,
    note_lit: String,
}

fn lit(s: &str) -> String {
    // Rust string literals take the same escapes as JSON's, and `\u{…}`
    // where JSON writes `\uXXXX`; serde_json only writes `\u` for control
    // characters, which Rust reads as `\u{…}` too once rewritten.
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn ty(types: &Types, t: &TypeRef) -> String {
    types.render(t, Scope::Outside, None).to_string()
}

/// The type of a required argument: `&str` for strings, numbers and
/// booleans by value, a slice for an array, a reference otherwise.
fn arg_type(types: &Types, t: &TypeRef) -> String {
    if types.is_nullable(t) {
        return format!("&{}", ty(types, t));
    }
    match types.resolve(t) {
        TypeRef::Primitive(Primitive::String(f))
            if !matches!(f, StringFormat::Date | StringFormat::DateTime) =>
        {
            "&str".into()
        }
        TypeRef::Primitive(Primitive::String(_)) => format!("&{}", ty(types, t)),
        TypeRef::Primitive(_) => ty(types, t),
        TypeRef::Array(inner) => format!("&[{}]", ty(types, inner)),
        _ => format!("&{}", ty(types, t)),
    }
}

fn view(api: &Api, model: &ClientModel, types: &Types) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::Rust, api)?;
    let mut taken = reserved(FIXED, "the client");
    let schemes: Vec<SchemeView> = model
        .schemes
        .iter()
        .map(|(name, auth)| scheme(name, auth))
        .collect();
    let mut builder = reserved(BUILDER, "the builder");
    for s in &schemes {
        builder.push((
            format!("the setter of security scheme {}", s.name_lit),
            Loc::default(),
            s.method.clone(),
        ));
        if s.kind != "basic" && s.kind != "external" {
            builder.push((
                format!("the supplier setter of security scheme {}", s.name_lit),
                Loc::default(),
                format!("{}_with", s.method),
            ));
        }
    }
    let mut errors = check_collisions("rust client builder methods", &builder);
    let mut ops = Vec::new();
    for (op, name) in model.operations.iter().zip(&names) {
        let v = op_view(types, op, name.clone());
        if let Some(t) = &v.params_type {
            taken.push((
                format!("parameters of {}", op.id),
                Loc::default(),
                t.clone(),
            ));
        }
        let args: Vec<(String, Loc, String)> = op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| (p.wire.clone(), Loc::default(), arg_name(p)))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("rust arguments of {}", op.id),
            args,
            // The module's helpers (`value`, `json_body`) are called by
            // path, so an argument may have their names.
            &["self", "body", "params"],
        ));
        errors.extend(super::identifier_collisions(
            &format!("rust parameters of {}", op.id),
            v.params_fields.iter().map(|f| &f.name),
        ));
        ops.push(v);
    }
    errors.extend(check_collisions("rust client items", &taken));
    if !errors.is_empty() {
        return Err(errors);
    }
    let aliases = model
        .aliases
        .iter()
        .zip(alias_names)
        .map(|(a, name)| alias_view(a, name, &ops[a.target]))
        .collect();
    Ok(View {
        uses_btree_map: mention(&ops, "BTreeMap"),
        title: model.title.clone(),
        version: model.version.clone(),
        user_agent_lit: lit(&model.user_agent("rust")),
        base_url_lit: lit(&model.default_base_url()),
        servers: model.server_literals(lit),
        uses_basic: schemes.iter().any(|s| s.kind == "basic"),
        uses_token: schemes
            .iter()
            .any(|s| s.kind == "api_key" || s.kind == "bearer"),
        uses_token_header: schemes
            .iter()
            .any(|s| s.kind == "bearer" || (s.kind == "api_key" && s.location == Some("header"))),
        uses_multipart: model.sends(BodyKind::Multipart),
        uses_form: model.sends(BodyKind::Form),
        uses_json: model.sends(BodyKind::Json),
        uses_values: model.sends(BodyKind::Form) || ops.iter().any(|o| !o.values.is_empty()),
        uses_responses: ops.iter().any(|o| !o.responses.is_empty()),
        uses_models: mention(&ops, "models ::"),
        schemes,
        ops,
        aliases,
    })
}

/// Does a signature, result, error or parameters field of some operation
/// name `what` (so the file needs its `use`)?
fn mention(ops: &[OpView], what: &str) -> bool {
    ops.iter().any(|o| {
        let mentions = |s: &str| s.contains(what);
        mentions(&o.signature)
            || mentions(&o.result)
            || mentions(&o.error)
            || o.params_fields.iter().any(|f| mentions(&f.ty))
    })
}

/// The old name of a renamed operation, calling the new one.
fn alias_view(a: &ClientAlias, name: String, target: &OpView) -> AliasView {
    let note = match &a.until {
        Some(until) => format!("renamed to `{}`; kept until version {until}", target.name),
        None => format!("renamed to `{}`", target.name),
    };
    AliasView {
        name,
        target: target.name.clone(),
        signature: target.signature.clone(),
        arguments: target.arguments.clone(),
        many_arguments: target.many_arguments,
        result: target.result.clone(),
        error: target.error.clone(),
        note_lit: lit(&note),
    }
}

fn scheme(name: &str, auth: &Auth) -> SchemeView {
    let method = naming::ident(Lang::Rust, IdentKind::Field, name);
    let (location, param) = auth.key_location();
    let doc = match auth {
        Auth::ApiKey { location, name: p } => {
            format!("the API key sent in the `{p}` {}", location.as_str())
        }
        Auth::Bearer { oauth: true } => {
            "the OAuth 2 / OpenID Connect access token, sent as a bearer token".to_string()
        }
        Auth::Bearer { oauth: false } => "the bearer token".to_string(),
        Auth::Basic => "the user name and password for HTTP basic authentication".to_string(),
        Auth::External { what } => {
            format!("{what}, which the `reqwest::Client` passed to `http_client` provides")
        }
    };
    SchemeView {
        name_lit: lit(name),
        method,
        kind: auth.kind(),
        location,
        param_lit: param.map(lit),
        doc,
    }
}

fn arg_name(p: &ClientParam) -> String {
    naming::ident(Lang::Rust, IdentKind::Parameter, &p.source)
}

fn op_view(types: &Types, op: &ClientOp, name: String) -> OpView {
    let constant = format!("OP_{}", naming::rust::unraw(&name).to_ascii_uppercase());
    let mut signature: Vec<String> = Vec::new();
    let mut arguments: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let mut param_specs = Vec::new();
    // Required parameters are arguments, path ones first (the order of
    // `op.params`).
    for p in op.params.iter().filter(|p| p.required) {
        let n = arg_name(p);
        signature.push(format!("{n}: {}", arg_type(types, &p.ty)));
        arguments.push(n.clone());
        values.push(format!("self::value(&{constant}, &{n})?"));
        param_specs.push(param_spec(p));
    }
    let mut payload = "Payload::None".to_string();
    if let Some(b) = &op.body {
        let (t, encoded) = body_argument(types, b, &constant);
        signature.push(format!("body: {t}"));
        payload = encoded;
        arguments.push("body".into());
    }
    let others: Vec<&ClientParam> = op.params.iter().filter(|p| !p.required).collect();
    let params_type = (!others.is_empty()).then(|| {
        naming::ident(
            Lang::Rust,
            IdentKind::Type,
            &format!("{} params", op.source),
        )
    });
    let mut params_fields = Vec::new();
    if let Some(t) = &params_type {
        signature.push(format!("params: {t}"));
        arguments.push("params".into());
        for p in &others {
            let field = params_field(types, p);
            values.push(format!("self::value(&{constant}, &params.{})?", field.name));
            param_specs.push(param_spec(p));
            params_fields.push(field);
        }
    }
    let (result, read) = match op.returns(|r| match (&r.ty, r.raw) {
        (Some(t), _) => Some(ty(types, t)),
        (None, true) => Some("Vec<u8>".to_string()),
        (None, false) => None,
    }) {
        Returns::Nothing => ("()".to_string(), "unit"),
        Returns::One(t) if t == "Vec<u8>" => (t, "bytes"),
        Returns::One(t) => (t, "json"),
        Returns::Several => ("serde_json::Value".to_string(), "value"),
    };
    let mut text = doc::paragraphs([op.summary.as_deref(), op.description.as_deref()]);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("Sends `{}`.", op.request_line()));
    OpView {
        constant,
        id_lit: lit(&op.id),
        method: op.method.as_str().to_ascii_uppercase(),
        path_lit: lit(&op.path),
        doc: doc::outer_text(&text),
        deprecated: op.deprecated,
        many_arguments: signature.len() + 1 > CLIPPY_MAX_ARGUMENTS,
        signature: signature.join(", "),
        arguments: arguments.join(", "),
        param_specs,
        values,
        params_type,
        params_fields,
        payload,
        content_type_lit: op.body.as_ref().map(|b| lit(&b.content_type)),
        result,
        read,
        error: error_type(types, op),
        responses: response_specs(op),
        security_lit: op.security_literal(
            lit,
            |alt| format!("&[{alt}]"),
            |list| format!("&[{list}]"),
        ),
        idempotent: op.idempotent,
        name,
    }
}

/// The `Param` describing how a parameter is serialized.
fn param_spec(p: &ClientParam) -> String {
    let location = match p.location {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    };
    let style = match p.style {
        super::Style::Form => "Form",
        super::Style::Simple => "Simple",
        super::Style::Label => "Label",
        super::Style::Matrix => "Matrix",
        super::Style::SpaceDelimited => "SpaceDelimited",
        super::Style::PipeDelimited => "PipeDelimited",
        super::Style::DeepObject => "DeepObject",
    };
    format!(
        "Param::new({}, In::{location}, Style::{style}, {}, {})",
        lit(&p.wire),
        p.explode,
        p.shape == ValueShape::Json
    )
}

/// The type of the `body` argument and the payload expression that sends
/// it (a `match` when an optional body may be left out).
fn body_argument(types: &Types, b: &ClientBody, constant: &str) -> (String, String) {
    let (t, encode) = match b.kind {
        BodyKind::Json | BodyKind::Form => {
            let t =
                b.ty.as_ref()
                    .map_or("serde_json::Value".to_string(), |t| ty(types, t));
            let f = if b.kind == BodyKind::Json {
                "json_body"
            } else {
                "form_body"
            };
            (format!("&{t}"), format!("self::{f}(&{constant}, body)?"))
        }
        BodyKind::Multipart => (
            "reqwest::multipart::Form".to_string(),
            "Payload::Multipart(body)".to_string(),
        ),
        BodyKind::Bytes => ("Vec<u8>".to_string(), "Payload::Bytes(body)".to_string()),
        BodyKind::Text => (
            "&str".to_string(),
            "Payload::Bytes(body.as_bytes().to_vec())".to_string(),
        ),
    };
    let optional = !b.required && b.kind != BodyKind::Multipart && b.kind != BodyKind::Bytes;
    if optional {
        let t = t
            .strip_prefix('&')
            .map_or(t.clone(), |t| format!("Option<&{t}>"));
        let payload = format!("match body {{ Some(body) => {encode}, None => Payload::None }}");
        (t, payload)
    } else {
        (t, encode)
    }
}

/// The field of the `<Operation>Params` struct holding an optional
/// parameter.
fn params_field(types: &Types, p: &ClientParam) -> FieldView {
    let field = naming::ident(Lang::Rust, IdentKind::Field, &p.source);
    let bare = types.bare(&p.ty);
    let ty = format!(
        "Option<{}>",
        types.render_bare(bare, Scope::Outside, None, true)
    );
    let mut text = p.doc.clone().unwrap_or_default();
    if !text.trim().is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Sent as the `{}` {} parameter.",
        p.wire,
        p.location.as_str()
    ));
    if p.deprecated {
        text.push_str("\n\nDeprecated: the API marks this parameter deprecated.");
    }
    FieldView {
        name: field,
        ty,
        doc: doc::outer_text(&text),
    }
}

/// The error body type: the one the error responses agree on, else any
/// JSON value.
fn error_type(types: &Types, op: &ClientOp) -> String {
    let mut error_types: Vec<String> = Vec::new();
    for r in op.errors() {
        if let Some(t) = &r.ty {
            let t = ty(types, t);
            if !error_types.contains(&t) {
                error_types.push(t);
            }
        }
    }
    if error_types.len() == 1 {
        error_types.remove(0)
    } else {
        "serde_json::Value".to_string()
    }
}

/// The `Response` of each documented status.
fn response_specs(op: &ClientOp) -> Vec<String> {
    op.responses
        .iter()
        .map(|r| {
            let body = if r.ty.is_some() {
                "Json"
            } else if r.raw {
                "Raw"
            } else {
                "Empty"
            };
            format!(
                "Response::new({}, {}, Shape::{body})",
                lit(&r.status_key()),
                r.success
            )
        })
        .collect()
}
