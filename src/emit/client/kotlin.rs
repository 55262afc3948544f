//! The Kotlin client: `<Title>Client.kt` in the models' package, one
//! `suspend` function per operation on `java.net.http.HttpClient` (JDK 11+)
//! and kotlinx.coroutines (`CompletableFuture.await()`), bodies through the
//! models' kotlinx.serialization serializers (`templates/kotlin/client.kt.jinja`).
//!
//! Every function takes the path parameters, then the required body and
//! required query/header/cookie parameters, then the optional ones as named
//! arguments defaulting to `null`. A status other than success is thrown as
//! the client's `ApiException`.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Auth, BodyKind, ClientModel, ClientOp, ClientParam, StatusMatch, ValueShape};
use crate::diag::{Diagnostic, Loc};
use crate::emit::kotlin::{kdoc, package_of, string_literal, type_ident, ModelTypes};
use crate::emit::support::doc_lines;
use crate::emit::{sdk, templates, EmitContext};
use crate::ir::{Api, ParamLocation};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// Arguments every client constructor takes before the credentials.
const CONSTRUCTOR: &[&str] = &[
    "baseUrl",
    "httpClient",
    "timeout",
    "userAgent",
    "headers",
    "retry",
    "json",
];

/// Private members of the client class an operation function may not be
/// named like.
const MEMBERS: &[&str] = &[
    "send",
    "decode",
    "decodeAny",
    "arg",
    "authorize",
    "formBody",
    "retryDelay",
    "has",
    "declared",
];

pub fn emit(cx: &EmitContext, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let package = package_of(cx)?;
    let model = ClientModel::new(cx.api, cx.shims);
    let mut types = ModelTypes::new(cx.api);
    let taken = types.declared(cx.shims);
    let view = view(cx.api, &model, &mut types, &taken)?;
    let mut imports: BTreeSet<String> = types.imports().clone();
    imports.extend(
        [
            "kotlinx.coroutines.delay",
            "kotlinx.coroutines.future.await",
            "kotlinx.serialization.DeserializationStrategy",
            "kotlinx.serialization.SerializationStrategy",
            "kotlinx.serialization.json.JsonArray",
            "kotlinx.serialization.json.JsonElement",
            "kotlinx.serialization.json.JsonNull",
            "kotlinx.serialization.json.JsonObject",
            "kotlinx.serialization.json.JsonPrimitive",
        ]
        .map(String::from),
    );
    if view.ops.iter().any(|o| o.result_kind == "any") {
        imports.insert("kotlinx.serialization.json.JsonElement".into());
    }
    let env = cx.templates.renderer("kotlin")?;
    let text = env.render(
        "kotlin/client.kt.jinja",
        minijinja::context! {
            header => cx.header.comment("//"),
            package => package,
            imports => imports,
            client => view,
        },
    )?;
    let path = format!("{}/{}.kt", package.replace('.', "/"), view.names.client);
    tree.insert(path, text)
        .map_err(|e| vec![templates::error("kotlin", &e.to_string())])
}

/// The names of the client's own types, each moved aside (`ApiException` →
/// `ClientApiException`) when a model of the package has it.
#[derive(Serialize)]
struct Names {
    client: String,
    exception: String,
    retry: String,
    basic: String,
    multipart: String,
    /// Private nested classes (a nested class hides a model of its name
    /// inside the client).
    op: String,
    param: String,
    response: String,
}

#[derive(Serialize)]
struct View {
    names: Names,
    title: String,
    version: String,
    user_agent_lit: String,
    base_url_lit: String,
    /// (URL literal, [(name literal, default literal)]).
    servers: Vec<(String, Vec<(String, String)>)>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    aliases: Vec<AliasView>,
    uses_basic: bool,
    uses_multipart: bool,
    uses_form: bool,
}

#[derive(Serialize)]
struct SchemeView {
    name_lit: String,
    /// The constructor argument.
    arg: String,
    /// Its type (nullable, defaulting to `null`).
    ty: String,
    kind: &'static str,
    location: Option<&'static str>,
    param_lit: Option<String>,
    doc: String,
}

#[derive(Serialize)]
struct ArgView {
    name: String,
    ty: String,
    /// `= null` for optional arguments.
    default: bool,
}

#[derive(Serialize)]
struct OpView {
    name: String,
    /// The private value describing the operation.
    var: String,
    id_lit: String,
    method_lit: String,
    path_lit: String,
    doc: Vec<String>,
    deprecated: bool,
    args: Vec<ArgView>,
    /// `ParamSpec(…)` constructor arguments, in the order of `values`.
    param_specs: Vec<String>,
    /// `this.arg(x, serializer)` per parameter.
    values: Vec<String>,
    /// The lines of the `this.send(…)` call.
    call: Vec<String>,
    /// The content type literal of the body, if any.
    content_type_lit: Option<String>,
    /// The expression of the encoded body (`ByteArray?`).
    payload: String,
    /// The expression of a content type chosen at run time (multipart).
    payload_type: String,
    /// `ResponseSpec(…)` constructor arguments.
    responses: Vec<String>,
    security_lit: String,
    idempotent: bool,
    /// `unit`, `bytes`, `any` or `json`.
    result_kind: &'static str,
    result: String,
    result_ser: String,
}

#[derive(Serialize)]
struct AliasView {
    name: String,
    target: String,
    args: Vec<String>,
    call: String,
    result: String,
    deprecated_lit: String,
    replace_lit: String,
    doc: String,
}

fn view(
    api: &Api,
    model: &ClientModel,
    types: &mut ModelTypes,
    declared: &BTreeSet<String>,
) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::Kotlin, api)?;
    let mut used = declared.clone();
    let mut pick = |base: &str| {
        let name = sdk::free_name(
            &[base, &format!("Client{base}"), &format!("Sdk{base}")],
            &used,
        );
        used.insert(name.clone());
        name
    };
    let client_base = type_ident(&format!("{} client", model.title));
    let names_ = Names {
        client: pick(&client_base),
        exception: pick("ApiException"),
        retry: pick("RetryPolicy"),
        basic: pick("BasicCredentials"),
        multipart: pick("MultipartBody"),
        op: pick("OperationSpec"),
        param: pick("ParamSpec"),
        response: pick("ResponseSpec"),
    };
    let schemes: Vec<SchemeView> = model
        .schemes
        .iter()
        // Mutual TLS and unknown HTTP schemes are the `httpClient`'s business.
        .filter(|(_, auth)| !matches!(auth, Auth::External { .. }))
        .map(|(name, auth)| scheme(name, auth, &names_))
        .collect();
    let mut errors = Vec::new();
    let mut members: Vec<(String, Loc, String)> = CONSTRUCTOR
        .iter()
        .map(|c| (format!("the `{c}` argument"), Loc::default(), c.to_string()))
        .collect();
    for s in &schemes {
        members.push((
            format!("the argument of security scheme {}", s.name_lit),
            Loc::default(),
            s.arg.clone(),
        ));
    }
    errors.extend(check_collisions("kotlin client arguments", &members));
    let mut methods: Vec<(String, Loc, String)> = MEMBERS
        .iter()
        .map(|m| {
            (
                format!("`{m}` of the client"),
                Loc::default(),
                m.to_string(),
            )
        })
        .collect();
    let mut ops = Vec::new();
    for (op, name) in model.operations.iter().zip(&names) {
        methods.push((op.id.clone(), Loc::default(), name.trim_matches('`').into()));
        let v = op_view(types, op, name.clone(), &names_);
        let args: Vec<(String, Loc, String)> = op
            .params
            .iter()
            .map(|p| (p.wire.clone(), Loc::default(), arg_name(p)))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("kotlin arguments of {}", op.id),
            args,
            &["body", &v.var],
        ));
        ops.push(v);
    }
    errors.extend(check_collisions("kotlin client methods", &methods));
    if !errors.is_empty() {
        return Err(errors);
    }
    let aliases = model
        .aliases
        .iter()
        .zip(alias_names)
        .map(|(a, name)| {
            let target = &ops[a.target];
            let arg_names: Vec<String> = target.args.iter().map(|x| x.name.clone()).collect();
            let call = format!("{}({})", target.name, arg_names.join(", "));
            let reason = format!(
                "Renamed to {}{}.",
                target.name.trim_matches('`'),
                a.until
                    .as_deref()
                    .map(|u| format!("; kept until version {u}"))
                    .unwrap_or_default()
            );
            AliasView {
                doc: format!(
                    "The old name of [{}]{}.",
                    target.name.trim_matches('`'),
                    a.until
                        .as_deref()
                        .map(|u| format!(", kept until version {u}"))
                        .unwrap_or_default()
                ),
                args: target
                    .args
                    .iter()
                    .map(|x| {
                        format!(
                            "{}: {}{}",
                            x.name,
                            x.ty,
                            if x.default { " = null" } else { "" }
                        )
                    })
                    .collect(),
                deprecated_lit: string_literal(&reason),
                replace_lit: string_literal(&call),
                call,
                result: target.result.clone(),
                target: target.name.clone(),
                name,
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
        title: model.title.clone(),
        version: model.version.clone(),
        user_agent_lit: string_literal(&format!(
            "{}-kotlin/{}",
            heck::ToKebabCase::to_kebab_case(model.title.as_str()),
            model.version
        )),
        base_url_lit: string_literal(&model.default_base_url()),
        servers: model
            .servers
            .iter()
            .map(|s| {
                (
                    string_literal(&s.url),
                    s.variables
                        .iter()
                        .map(|(n, d, _)| (string_literal(n), string_literal(d)))
                        .collect(),
                )
            })
            .collect(),
        uses_basic: schemes.iter().any(|s| s.kind == "basic"),
        uses_multipart: body_kind(BodyKind::Multipart),
        uses_form: body_kind(BodyKind::Form),
        names: names_,
        schemes,
        ops,
        aliases,
    })
}

fn scheme(name: &str, auth: &Auth, names: &Names) -> SchemeView {
    let arg = naming::ident(Lang::Kotlin, IdentKind::Parameter, name);
    let (location, param) = auth.key_location();
    let (ty, doc) = match auth {
        Auth::ApiKey { location, name: p } => (
            "String?".to_string(),
            format!("the API key sent in the {p} {}", location.as_str()),
        ),
        Auth::Bearer { oauth } => (
            "(suspend () -> String)?".to_string(),
            format!(
                "returns the {}, sent as a bearer token; asked before every request, so it can refresh",
                if *oauth {
                    "OAuth 2 / OpenID Connect access token"
                } else {
                    "bearer token"
                }
            ),
        ),
        Auth::Basic => (
            format!("{}?", names.basic),
            "the user name and password for HTTP basic authentication".to_string(),
        ),
        Auth::External { what } => (String::new(), what.clone()),
    };
    SchemeView {
        name_lit: string_literal(name),
        arg,
        ty,
        kind: auth.kind(),
        location,
        param_lit: param.map(string_literal),
        doc,
    }
}

fn arg_name(p: &ClientParam) -> String {
    naming::ident(Lang::Kotlin, IdentKind::Parameter, &p.source)
}

fn op_view(types: &mut ModelTypes, op: &ClientOp, name: String, names: &Names) -> OpView {
    let bare = name.trim_matches('`');
    let mut chars = bare.chars();
    let var = format!(
        "op{}{}",
        chars
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default(),
        chars.as_str()
    );
    let mut args: Vec<ArgView> = Vec::new();
    let mut param_docs: Vec<String> = Vec::new();
    // Path parameters, the required body, the other required parameters,
    // then every optional one: (argument, parameter index).
    let mut order: Vec<Option<&ClientParam>> = Vec::new();
    order.extend(op.params_in(ParamLocation::Path).map(Some));
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if body_required {
        order.push(None);
    }
    order.extend(
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path && p.required)
            .map(Some),
    );
    if op.body.is_some() && !body_required {
        order.push(None);
    }
    order.extend(op.params.iter().filter(|p| !p.required).map(Some));
    let mut payload = "null".to_string();
    let mut payload_type = "null".to_string();
    for item in order {
        match item {
            Some(p) => {
                let ty = types.ty(if p.required { &p.ty } else { p.ty.non_null() });
                let n = arg_name(p);
                if let Some(d) = &p.doc {
                    param_docs.push(format!(
                        "@param {} {}",
                        n.trim_matches('`'),
                        doc_lines(d.trim()).join(" ")
                    ));
                }
                args.push(ArgView {
                    name: n,
                    ty: if p.required { ty } else { format!("{ty}?") },
                    default: !p.required,
                });
            }
            None => {
                let Some(b) = &op.body else { continue };
                let (ty, encoded) = match (b.kind, &b.ty) {
                    (BodyKind::Json, Some(t)) => {
                        let t = if b.required { t } else { t.non_null() };
                        let ser = types.ser(t);
                        (
                            types.ty(t),
                            if b.required {
                                format!("this.json.encodeToString({ser}, body).toByteArray()")
                            } else {
                                format!("body?.let {{ this.json.encodeToString({ser}, it).toByteArray() }}")
                            },
                        )
                    }
                    (BodyKind::Json, None) => (
                        "JsonElement".into(),
                        if b.required {
                            "body.toString().toByteArray()".into()
                        } else {
                            "body?.toString()?.toByteArray()".into()
                        },
                    ),
                    (BodyKind::Form, _) => (
                        "Map<String, String>".into(),
                        if b.required {
                            "this.formBody(body)".into()
                        } else {
                            "body?.let { this.formBody(it) }".into()
                        },
                    ),
                    (BodyKind::Multipart, _) => {
                        payload_type = if b.required {
                            "body.contentType".into()
                        } else {
                            "body?.contentType".into()
                        };
                        (
                            names.multipart.clone(),
                            if b.required {
                                "body.bytes".into()
                            } else {
                                "body?.bytes".into()
                            },
                        )
                    }
                    (BodyKind::Bytes, _) => ("ByteArray".into(), "body".into()),
                    (BodyKind::Text, _) => (
                        "String".into(),
                        if b.required {
                            "body.toByteArray()".into()
                        } else {
                            "body?.toByteArray()".into()
                        },
                    ),
                };
                payload = encoded;
                param_docs.push(format!("@param body the request body ({})", b.content_type));
                args.push(ArgView {
                    name: "body".into(),
                    ty: if b.required { ty } else { format!("{ty}?") },
                    default: !b.required,
                });
            }
        }
    }
    let mut values = Vec::new();
    let mut param_specs = Vec::new();
    for p in &op.params {
        let ser = types.ser(if p.required { &p.ty } else { p.ty.non_null() });
        values.push(format!("this.arg({}, {ser})", arg_name(p)));
        param_specs.push(format!(
            "{}, {:?}, {:?}, {}, {}",
            string_literal(&p.wire),
            p.location.as_str(),
            p.style.as_str(),
            p.explode,
            p.shape == ValueShape::Json
        ));
    }
    // The result: one type for every success, else any JSON value.
    let successes: Vec<_> = op.successes().collect();
    let mut typed: Vec<(String, String)> = Vec::new();
    for r in &successes {
        if let Some(t) = &r.ty {
            let pair = (types.ty(t), types.ser(t));
            if !typed.contains(&pair) {
                typed.push(pair);
            }
        }
    }
    let all_none = !successes.is_empty() && successes.iter().all(|r| r.ty.is_none() && !r.raw);
    let all_raw = !successes.is_empty() && successes.iter().all(|r| r.ty.is_none() && r.raw);
    let all_typed = !successes.is_empty() && successes.iter().all(|r| r.ty.is_some());
    let (result_kind, result, result_ser) = if all_none {
        ("unit", "Unit".to_string(), String::new())
    } else if all_raw {
        ("bytes", "ByteArray".to_string(), String::new())
    } else if all_typed && typed.len() == 1 {
        let (t, s) = typed.pop().unwrap_or_default();
        ("json", t, s)
    } else {
        ("any", "JsonElement".to_string(), String::new())
    };
    let responses = op
        .responses
        .iter()
        .map(|r| {
            let decode = match &r.ty {
                Some(t) if !r.success => types.ser(t),
                _ => "null".into(),
            };
            let status = match r.status {
                StatusMatch::Default => "default".to_string(),
                _ => r.label.to_ascii_uppercase(),
            };
            format!("{}, {}, {decode}", string_literal(&status), r.success)
        })
        .collect();
    let security_lit = if op.security.is_empty() {
        "emptyList()".to_string()
    } else {
        format!(
            "listOf({})",
            op.security
                .iter()
                .map(|alt| format!(
                    "listOf({})",
                    alt.iter()
                        .map(|s| string_literal(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut doc: Vec<String> = Vec::new();
    if let Some(s) = &op.summary {
        doc.extend(doc_lines(s.trim()));
    }
    if let Some(d) = &op.description {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(doc_lines(d.trim()));
    }
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!(
        "Sends `{} {}`.",
        op.method.as_str().to_ascii_uppercase(),
        op.path
    ));
    doc.push(String::new());
    doc.extend(param_docs);
    doc.push(format!(
        "@throws {} when the server answers with a status other than success",
        names.exception
    ));
    let mut call = vec!["this.send(".to_string(), format!("    {var},")];
    if values.is_empty() {
        call.push("    emptyList(),".into());
    } else {
        call.push("    listOf(".into());
        call.extend(values.iter().map(|v| format!("        {v},")));
        call.push("    ),".into());
    }
    call.push(format!("    {payload},"));
    call.push(format!("    {payload_type},"));
    call.push(")".into());
    OpView {
        call,
        var,
        id_lit: string_literal(&op.id),
        method_lit: string_literal(&op.method.as_str().to_ascii_uppercase()),
        path_lit: string_literal(&op.path),
        doc: kdoc(&doc),
        deprecated: op.deprecated,
        args,
        param_specs,
        values,
        content_type_lit: op.body.as_ref().map(|b| string_literal(&b.content_type)),
        payload,
        payload_type,
        responses,
        security_lit,
        idempotent: op.idempotent,
        result_kind,
        result,
        result_ser,
        name,
    }
}
