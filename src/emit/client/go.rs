//! The Go client: `client.go` in the models' package, a `Client` on
//! `net/http` with functional options and no dependency outside the
//! standard library (`templates/go/client.go.jinja`).
//!
//! Every method takes a `context.Context` first, then the path parameters,
//! then the request body, then a `<Operation>Params` struct of the query,
//! header and cookie parameters (a pointer when all of them are optional).
//! A status other than success comes back as an `*APIError`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::{Returns, ServerLiterals};
use super::{Auth, BodyKind, ClientModel, ClientOp, ClientParam};
use crate::diag::{Diagnostic, Loc};
use crate::emit::go::{self, canonical_doc, go_str, lead_with, ModelTypes};
use crate::emit::sdk;
use crate::emit::support::doc_lines;
use crate::emit::{templates, EmitContext};
use crate::ir::{Api, Method, ParamLocation, TypeRef};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// Package-level identifiers the client declares whatever the spec, beside
/// `Client` and `NewClient`. Each gets a `Client` prefix (`Option` →
/// `ClientOption`) when a model of the package declares the name.
const OWN: &[&str] = &[
    "Option",
    "WithBaseURL",
    "WithHTTPClient",
    "WithTimeout",
    "WithUserAgent",
    "WithHeader",
    "WithRetry",
    "RetryPolicy",
    "APIError",
    "Servers",
    "Server",
    "ServerURL",
    "DefaultBaseURL",
    "Multipart",
    "Credential",
];

/// The client type's name: `Client`, or `APIClient` (then `SdkClient`) when
/// a model type is named like it or like its constructor (`NewClient`).
/// Decided from the model types' identifiers alone, so that the docs' and
/// README's snippets, which know only those, call the same constructor.
pub(super) fn client_type(is_model_type: impl Fn(&str) -> bool) -> String {
    sdk::client_class(
        &["Client".into(), "APIClient".into(), "SdkClient".into()],
        |c| vec![format!("New{c}")],
        is_model_type,
    )
}

/// Every package-level name of the client (`Client`, `NewClient` and
/// [`OWN`]), each moved aside from the names the models declare.
fn own_names(client: String, declared: &[(String, Loc, String)]) -> BTreeMap<&'static str, String> {
    let mut own = sdk::OwnNames::new(declared.iter().map(|(_, _, i)| i.clone()).collect());
    let mut names = BTreeMap::from([("NewClient", format!("New{client}")), ("Client", client)]);
    names.values().for_each(|n| own.take(n));
    for name in OWN {
        names.insert(*name, own.pick(name));
    }
    names
}

/// Adds `client.go` to the models' `tree`, the model types spelled by
/// `types`.
pub fn emit(
    cx: &EmitContext,
    tree: &mut OutputTree,
    mut types: ModelTypes,
) -> Result<(), Vec<Diagnostic>> {
    let package = crate::emit::go::package_of(cx)?;
    let model = ClientModel::new(cx.api, cx.shims);
    let view = view(cx.api, &model, &mut types)?;
    let module = go::module_of(cx, &package)?;
    let env = cx.templates.renderer("go")?;
    let ctx =
        |wire| minijinja::context! { header => go::header(cx), package, wire, client => view };
    let mut wire = types.uses_wire().then(|| go::wire_import(&module));
    let mut text = env.render("go/client.go.jinja", ctx(wire.clone()))?;
    // A type computed for a result that ends up `json.RawMessage` is not
    // written: an import nothing uses does not compile.
    if wire.is_some() && !go::mentions_wire(&text) {
        wire = None;
        text = env.render("go/client.go.jinja", ctx(None))?;
    }
    tree.insert("client.go", text)
        .map_err(|e| vec![templates::error("go", &e.to_string())])?;
    if wire.is_some() {
        go::put_wire(cx, &module, tree)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct View {
    /// The client's own package-level names (`Client`, `Option`, …), as
    /// declared (see [`own_names`]).
    names: BTreeMap<&'static str, String>,
    user_agent_lit: String,
    base_url_lit: String,
    servers: Vec<ServerLiterals>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    aliases: Vec<AliasView>,
    /// Which optional parts the file needs (so every import is used).
    uses_basic: bool,
    uses_multipart: bool,
    uses_form: bool,
}

#[derive(Serialize)]
struct SchemeView {
    name_lit: String,
    /// `WithApiKeyAuth`: the option setting it.
    option: String,
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
    doc: Vec<String>,
}

#[derive(Serialize)]
struct OpView {
    name: String,
    /// The unexported variable describing the operation.
    var: String,
    id_lit: String,
    method: String,
    path_lit: String,
    doc: Vec<String>,
    /// The parameters after `ctx` in the signature.
    signature: String,
    /// The same, as arguments (for the old name of a renamed operation).
    arguments: String,
    /// `param{…}` literals, in the order of `values`.
    param_specs: Vec<String>,
    /// The Go expressions of the parameter values, in the same order.
    values: Vec<String>,
    params_type: Option<String>,
    params_fields: Vec<FieldView>,
    /// The params argument is a pointer (every parameter in it is optional).
    params_pointer: bool,
    body_lit: Option<String>,
    has_body: bool,
    /// The result type; `None` when the method only returns an error.
    result: Option<String>,
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
    result: Option<String>,
    until: Option<String>,
}

fn view(api: &Api, model: &ClientModel, types: &mut ModelTypes) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::Go, api)?;
    let client = super::client_class_of(api, Lang::Go, &model.title, None);
    let mut taken: Vec<(String, Loc, String)> = types.declared().to_vec();
    let own = own_names(client, &taken);
    for (fixed, ident) in &own {
        taken.push((
            format!("`{fixed}` of the client"),
            Loc::default(),
            ident.clone(),
        ));
    }
    let schemes: Vec<SchemeView> = model
        .schemes
        .iter()
        .map(|(name, auth)| scheme(name, auth))
        .collect();
    for s in &schemes {
        for option in [s.option.clone(), format!("{}Func", s.option)] {
            taken.push((
                format!("the option of security scheme {}", s.name_lit),
                Loc::default(),
                option,
            ));
        }
    }
    let mut errors = Vec::new();
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
            .params_in(ParamLocation::Path)
            .map(|p| (p.wire.clone(), Loc::default(), arg_name(p)))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("go arguments of {}", op.id),
            args,
            &["ctx", "c", "body", "params", "p"],
        ));
        errors.extend(super::identifier_collisions(
            &format!("go parameters of {}", op.id),
            v.params_fields.iter().map(|f| &f.name),
        ));
        ops.push(v);
    }
    errors.extend(check_collisions("go client identifiers", &taken));
    if !errors.is_empty() {
        return Err(errors);
    }
    let aliases = model
        .aliases
        .iter()
        .zip(alias_names)
        .map(|(a, name)| {
            let target = &ops[a.target];
            AliasView {
                name,
                target: target.name.clone(),
                signature: target.signature.clone(),
                arguments: target.arguments.clone(),
                result: target.result.clone(),
                until: a.until.clone(),
            }
        })
        .collect();
    let body_kind = |k: BodyKind| {
        model
            .operations
            .iter()
            .any(|o| o.body.as_ref().is_some_and(|b| b.kind == k))
    };
    Ok(View {
        names: own,
        user_agent_lit: go_str(&model.user_agent("go")),
        base_url_lit: go_str(&model.default_base_url()),
        servers: model.server_literals(go_str),
        uses_basic: schemes.iter().any(|s| s.kind == "basic"),
        uses_multipart: body_kind(BodyKind::Multipart),
        uses_form: body_kind(BodyKind::Form),
        schemes,
        ops,
        aliases,
    })
}

fn scheme(name: &str, auth: &Auth) -> SchemeView {
    let option = format!("With{}", naming::ident(Lang::Go, IdentKind::Type, name));
    let (location, param) = auth.key_location();
    let doc = match auth {
        Auth::ApiKey { location, name: p } => {
            format!("the API key sent in the {p} {}", location.as_str())
        }
        Auth::Bearer { oauth: true } => {
            "the OAuth 2 / OpenID Connect access token, sent as a bearer token".to_string()
        }
        Auth::Bearer { oauth: false } => "the bearer token".to_string(),
        Auth::Basic => "the user name and password for HTTP basic authentication".to_string(),
        Auth::External { what } => {
            format!("{what}, which the http.Client passed with WithHTTPClient provides")
        }
    };
    let kind = auth.kind();
    SchemeView {
        name_lit: go_str(name),
        option,
        kind,
        location,
        param_lit: param.map(go_str),
        doc,
    }
}

fn arg_name(p: &ClientParam) -> String {
    naming::ident(Lang::Go, IdentKind::Parameter, &p.source)
}

fn op_view(types: &mut ModelTypes, op: &ClientOp, name: String) -> OpView {
    let var = format!("op{name}");
    let path: Vec<&ClientParam> = op.params_in(ParamLocation::Path).collect();
    let others: Vec<&ClientParam> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    let params_type = (!others.is_empty())
        .then(|| naming::ident(Lang::Go, IdentKind::Type, &format!("{} params", op.source)));
    let params_pointer = others.iter().all(|p| !p.required);
    let mut signature: Vec<String> = Vec::new();
    let mut arguments: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let mut param_specs = Vec::new();
    for p in &path {
        let n = arg_name(p);
        signature.push(format!("{n} {}", types.value(&p.ty)));
        arguments.push(n.clone());
        values.push(n);
        param_specs.push(param_spec(p));
    }
    if let Some(b) = &op.body {
        let ty = match b.kind {
            BodyKind::Json => match &b.ty {
                Some(t) if b.required => types.value(t),
                Some(t) => types.optional(t),
                None => "any".into(),
            },
            BodyKind::Form => "url.Values".into(),
            BodyKind::Multipart => "*Multipart".into(),
            BodyKind::Bytes => "[]byte".into(),
            BodyKind::Text if b.required => "string".into(),
            BodyKind::Text => "*string".into(),
        };
        signature.push(format!("body {ty}"));
        arguments.push("body".into());
    }
    let mut params_fields = Vec::new();
    if let Some(t) = &params_type {
        signature.push(format!(
            "params {}{t}",
            if params_pointer { "*" } else { "" }
        ));
        arguments.push("params".into());
        for p in &others {
            let field = params_field(types, p);
            values.push(format!("p.{}", field.name));
            param_specs.push(param_spec(p));
            params_fields.push(field);
        }
    }
    let result = match op.returns(|r| match (&r.ty, r.raw) {
        (Some(t), _) => Some(pointer_to_struct(types, t)),
        (None, true) => Some("[]byte".to_string()),
        (None, false) => None,
    }) {
        Returns::Nothing => None,
        Returns::One(t) => Some(t),
        Returns::Several => Some("json.RawMessage".to_string()),
    };
    OpView {
        var,
        id_lit: go_str(&op.id),
        method: format!("http.Method{}", go_method(op.method)),
        path_lit: go_str(&op.path),
        doc: canonical_doc(op_doc(op, &name)),
        signature: signature.join(", "),
        arguments: arguments.join(", "),
        param_specs,
        values,
        params_type,
        params_fields,
        params_pointer,
        body_lit: op.body.as_ref().map(|b| {
            format!(
                "&bodySpec{{kind: {:?}, contentType: {}}}",
                match b.kind {
                    BodyKind::Json => "json",
                    BodyKind::Form => "form",
                    BodyKind::Multipart => "multipart",
                    BodyKind::Bytes => "bytes",
                    BodyKind::Text => "text",
                },
                go_str(&b.content_type)
            )
        }),
        has_body: op.body.is_some(),
        result,
        responses: response_specs(types, op),
        security_lit: op.security_literal(
            go_str,
            |alt| format!("{{{alt}}}"),
            |list| format!("[][]string{{{list}}}"),
        ),
        idempotent: op.idempotent,
        name,
    }
}

/// The `paramSpec` describing how a parameter is serialized.
fn param_spec(p: &ClientParam) -> String {
    format!(
        "{{name: {}, in: {:?}, style: {:?}, explode: {}{}}}",
        go_str(&p.wire),
        p.location.as_str(),
        p.style.as_str(),
        p.explode,
        if p.shape == super::ValueShape::Json {
            ", json: true"
        } else {
            ""
        }
    )
}

/// The field of the `<Operation>Params` struct holding a query, header or
/// cookie parameter.
fn params_field(types: &mut ModelTypes, p: &ClientParam) -> FieldView {
    let field = naming::ident(Lang::Go, IdentKind::Field, &p.source);
    let ty = if p.required {
        types.value(&p.ty)
    } else {
        types.optional(&p.ty)
    };
    let mut doc: Vec<String> = p
        .doc
        .as_deref()
        .map(doc_lines)
        .unwrap_or_default()
        .into_iter()
        .map(|l| l.trim().to_string())
        .collect();
    while doc.first().is_some_and(|l| l.is_empty()) {
        doc.remove(0);
    }
    match doc.first_mut() {
        Some(first) => *first = lead_with(&field, first),
        None => doc.push(format!(
            "{field} is the {} {} parameter.",
            p.wire,
            p.location.as_str()
        )),
    }
    doc.push(String::new());
    doc.push(format!(
        "Sent as the {} {} parameter{}.",
        p.wire,
        p.location.as_str(),
        if p.required { "; required" } else { "" }
    ));
    if p.deprecated {
        doc.push(String::new());
        doc.push("Deprecated: the API marks this parameter deprecated.".into());
    }
    FieldView {
        name: field,
        ty,
        doc: canonical_doc(doc),
    }
}

/// The Go type a JSON body decodes to, structs behind a pointer.
fn pointer_to_struct(types: &mut ModelTypes, t: &TypeRef) -> String {
    let v = types.value(t);
    if types.is_struct(t) && !v.starts_with('*') {
        format!("*{v}")
    } else {
        v
    }
}

/// The method's doc comment: `<Name> <summary in the third person>` when
/// the summary reads as a verb, else `<Name> sends <METHOD path>.`.
fn op_doc(op: &ClientOp, name: &str) -> Vec<String> {
    let mut doc: Vec<String> = Vec::new();
    let text: Vec<String> = op
        .doc_text()
        .into_iter()
        .map(|l| l.trim().to_string())
        .collect();
    let sends = op.request_line();
    match text
        .split_first()
        .and_then(|(first, rest)| Some((third_person(first, &op.source)?, rest)))
    {
        // `List sandboxes` of listSandboxes → `ListSandboxes lists sandboxes`.
        Some((first, rest)) => {
            doc.push(format!("{name} {first}"));
            doc.extend(rest.iter().cloned());
            doc.push(String::new());
            doc.push(format!("It sends {sends}."));
        }
        None => {
            doc.push(format!("{name} sends {sends}."));
            if !text.is_empty() {
                doc.push(String::new());
                doc.extend(text);
            }
        }
    }
    if op.deprecated {
        doc.push(String::new());
        doc.push("Deprecated: the API marks this operation deprecated.".into());
    }
    doc
}

/// The `responseSpec` of each documented status.
fn response_specs(types: &mut ModelTypes, op: &ClientOp) -> Vec<String> {
    op.responses
        .iter()
        .map(|r| {
            let body = if r.ty.is_some() {
                "json"
            } else if r.raw {
                "raw"
            } else {
                "none"
            };
            let decode = match &r.ty {
                Some(t) if !r.success => {
                    format!(", decode: decodeAs[{}]", pointer_to_struct(types, t))
                }
                _ => String::new(),
            };
            format!(
                "{{status: {}, success: {}, body: {body:?}{decode}}}",
                go_str(&r.status_key()),
                r.success
            )
        })
        .collect()
}

/// A summary that starts with the verb its operation is named after
/// (`Take a backup snapshot` of `takeSnapshot`), that verb in the third
/// person and lowercase: `takes a backup snapshot`.
fn third_person(summary: &str, source: &str) -> Option<String> {
    let (verb, rest) = summary.split_once(' ').unwrap_or((summary, ""));
    let first_word = crate::naming::case::ToSnakeCase::to_snake_case(source);
    let first_word = first_word.split('_').next().unwrap_or_default();
    if !verb.eq_ignore_ascii_case(first_word) || !verb.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let v = verb.to_ascii_lowercase();
    let conjugated =
        if v.ends_with('y') && !v.ends_with("ay") && !v.ends_with("ey") && !v.ends_with("oy") {
            format!("{}ies", &v[..v.len() - 1])
        } else if ["s", "sh", "ch", "x", "z", "o"]
            .iter()
            .any(|e| v.ends_with(e))
        {
            format!("{v}es")
        } else {
            format!("{v}s")
        };
    Some(if rest.is_empty() {
        conjugated
    } else {
        format!("{conjugated} {rest}")
    })
}

fn go_method(m: Method) -> &'static str {
    match m {
        Method::Get => "Get",
        Method::Put => "Put",
        Method::Post => "Post",
        Method::Delete => "Delete",
        Method::Options => "Options",
        Method::Head => "Head",
        Method::Patch => "Patch",
        Method::Trace => "Trace",
    }
}
