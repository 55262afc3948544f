//! The C# client: one class, `<Title>Client`, in the models' namespace, on
//! `HttpClient` and System.Text.Json with no other dependency
//! (`templates/csharp/client.cs.jinja`).
//!
//! One class rather than one per tag: operationIds are unique across the API,
//! an operation may have several tags or none, and one object owns the
//! `HttpClient`, the credentials and the retry policy, as the .NET SDKs of
//! most services do. Every method is `<Operation>Async`; path parameters,
//! then required parameters and body, then optional ones (`= null`), then a
//! `CancellationToken`. A status other than success throws `ApiException`.
//!
//! Framework types are written `global::`-qualified unless the models
//! already keep their names free (`naming::csharp::TYPES`), because a model
//! in the same namespace would otherwise shadow them (a schema named `Task`).

use serde::Serialize;

use super::view::{reserved, Returns, ServerLiterals};
use super::{Auth, BodyKind, ClientAlias, ClientBody, ClientModel, ClientOp, ClientParam};
use crate::diag::{Diagnostic, Loc};
use crate::emit::csharp::{string_literal, xml_doc, ModelTypes};
use crate::emit::support::doc_lines;
use crate::emit::{templates, EmitContext};
use crate::ir::{Api, TypeRef};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// Types the client declares besides the client class and its options; each
/// takes the client's name as a prefix when a model has the name. The last
/// four are private, nested in the client class (where they would shadow a
/// model of the same name).
const YIELDING: &[&str] = &[
    "ApiException",
    "ApiServer",
    "RetryPolicy",
    "OperationSpec",
    "ParamSpec",
    "ResponseSpec",
    "RequestBody",
];

pub fn emit(cx: &EmitContext, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let model = ClientModel::new(cx.api, cx.shims);
    let types = ModelTypes::new(cx);
    let view = view(cx.api, &model, &types, cx.options.get("client"))?;
    let env = cx.templates.renderer("csharp")?;
    let header: Vec<String> = cx.header.lines().to_vec();
    let text = env.render(
        "csharp/client.cs.jinja",
        minijinja::context! {
            header => header,
            namespace => types.namespace(),
            client => view,
        },
    )?;
    tree.insert(format!("{}.cs", view.class_name), text)
        .map_err(|e| vec![templates::error("csharp", &e.to_string())])
}

#[derive(Serialize)]
struct View {
    class_name: String,
    options: String,
    exception: String,
    server: String,
    retry: String,
    operation_spec: String,
    param_spec: String,
    response_spec: String,
    request_body: String,
    user_agent_lit: String,
    base_url_lit: String,
    servers: Vec<ServerLiterals>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    aliases: Vec<AliasView>,
}

#[derive(Serialize)]
struct SchemeView {
    name_lit: String,
    /// The options property holding a fixed credential.
    property: String,
    /// The options property holding a credential provider.
    provider: String,
    kind: &'static str,
    location: Option<&'static str>,
    param_lit: Option<String>,
    doc: String,
}

#[derive(Serialize)]
struct ArgDoc {
    name: String,
    doc: Vec<String>,
}

#[derive(Serialize)]
struct OpView {
    name: String,
    /// The static field describing the operation.
    field: String,
    id_lit: String,
    method_lit: String,
    path_lit: String,
    summary: Vec<String>,
    remarks: Vec<String>,
    args: Vec<ArgDoc>,
    deprecated: bool,
    signature: String,
    arguments: String,
    param_specs: Vec<String>,
    /// The `Wire(x)` expressions, in the order of `param_specs`.
    values: Vec<String>,
    /// The `RequestBody` expression, `null` without a body.
    body_expr: String,
    /// The media type of the body as a literal, `null` without one.
    content_type_lit: String,
    /// `global::System.Threading.Tasks.Task<T>` or `…Task`.
    returns: String,
    /// The call the method makes: `CallJsonAsync<T>`, `CallBytesAsync`,
    /// `CallElementAsync` or `CallAsync`.
    call: String,
    /// The argument telling `CallJsonAsync` whether `null` is a valid result.
    nullable_result: Option<bool>,
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
    returns: String,
    args: Vec<ArgDoc>,
    message_lit: String,
}

/// The properties of the client's options whatever the spec.
const OPTIONS: &[&str] = &[
    "BaseAddress",
    "HttpClient",
    "Timeout",
    "UserAgent",
    "DefaultHeaders",
    "Retry",
];

/// The client's private methods named like an operation's (`<Name>Async`).
const RUNTIME_METHODS: &[&str] = &[
    "SendAsync",
    "CallAsync",
    "CallJsonAsync",
    "CallBytesAsync",
    "CallElementAsync",
    "AuthorizeAsync",
];

const TASK: &str = "global::System.Threading.Tasks.Task";

fn view(
    api: &Api,
    model: &ClientModel,
    types: &ModelTypes,
    class_option: Option<&str>,
) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::CSharp, api)?;
    let class_name = super::client_class_of(api, Lang::CSharp, &model.title, class_option);
    let options = format!("{}Options", class_name.trim_start_matches('@'));
    let mut taken: Vec<(String, Loc, String)> = types.declared().to_vec();
    let yielded: Vec<String> = YIELDING
        .iter()
        .map(|name| {
            if taken.iter().any(|(_, _, ident)| ident == name) {
                format!("{}{name}", class_name.trim_start_matches('@'))
            } else {
                name.to_string()
            }
        })
        .collect();
    for (fixed, ident) in YIELDING.iter().zip(&yielded) {
        taken.push((
            format!("`{fixed}` of the client"),
            Loc::default(),
            ident.clone(),
        ));
    }
    for fixed in [&class_name, &options] {
        taken.push((
            format!("`{fixed}` of the client"),
            Loc::default(),
            fixed.clone(),
        ));
    }
    let mut errors = check_collisions("csharp client types", &taken);
    let schemes: Vec<SchemeView> = model
        .schemes
        .iter()
        .map(|(name, auth)| scheme(name, auth))
        .collect();
    let mut properties = reserved(OPTIONS, "the options");
    for s in &schemes {
        for p in [&s.property, &s.provider] {
            properties.push((
                format!("the option of security scheme {}", s.name_lit),
                Loc::default(),
                p.clone(),
            ));
        }
    }
    errors.extend(check_collisions("csharp client options", &properties));
    // The client's own methods whose names end like an operation's.
    let mut methods = reserved(RUNTIME_METHODS, "the client");
    methods.extend(
        model
            .operations
            .iter()
            .zip(&names)
            .map(|(o, n)| (o.id.clone(), Loc::default(), format!("{n}Async")))
            .chain(
                model
                    .aliases
                    .iter()
                    .zip(&alias_names)
                    .map(|(a, n)| (a.old.clone(), Loc::default(), format!("{n}Async"))),
            ),
    );
    errors.extend(check_collisions("csharp client methods", &methods));
    let mut ops = Vec::new();
    for (op, name) in model.operations.iter().zip(&names) {
        let args: Vec<(String, Loc, String)> = op
            .params
            .iter()
            .map(|p| (p.wire.clone(), Loc::default(), arg_name(p)))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("csharp arguments of {}", op.id),
            args,
            &["body", "cancellationToken"],
        ));
        ops.push(op_view(types, op, name.clone(), &yielded[6]));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let aliases = model
        .aliases
        .iter()
        .zip(alias_names)
        .map(|(a, name)| alias_view(a, &name, &ops[a.target]))
        .collect();
    let mut it = yielded.into_iter();
    let mut next = || it.next().unwrap_or_default();
    Ok(View {
        exception: next(),
        server: next(),
        retry: next(),
        operation_spec: next(),
        param_spec: next(),
        response_spec: next(),
        request_body: next(),
        user_agent_lit: string_literal(&model.user_agent("csharp")),
        base_url_lit: string_literal(&model.default_base_url()),
        servers: model.server_literals(string_literal),
        class_name,
        options,
        schemes,
        ops,
        aliases,
    })
}

/// The old name of a renamed operation, calling the new one.
fn alias_view(a: &ClientAlias, name: &str, target: &OpView) -> AliasView {
    let message = match &a.until {
        Some(v) => format!("Renamed to {}; kept until version {v}.", target.name),
        None => format!("Renamed to {}.", target.name),
    };
    AliasView {
        name: format!("{name}Async"),
        target: target.name.clone(),
        signature: target.signature.clone(),
        arguments: target.arguments.clone(),
        returns: target.returns.clone(),
        args: target
            .args
            .iter()
            .map(|a| ArgDoc {
                name: a.name.clone(),
                doc: a.doc.clone(),
            })
            .collect(),
        message_lit: string_literal(&message),
    }
}

fn scheme(name: &str, auth: &Auth) -> SchemeView {
    let property = naming::ident(Lang::CSharp, IdentKind::Field, name);
    let (location, param) = auth.key_location();
    let doc = match auth {
        Auth::ApiKey { location, name: p } => {
            format!("The API key sent in the <c>{p}</c> {}", location.as_str())
        }
        Auth::Bearer { oauth: true } => {
            "The OAuth 2 / OpenID Connect access token, sent as a bearer token".to_string()
        }
        Auth::Bearer { oauth: false } => "The bearer token".to_string(),
        Auth::Basic => "The user name and password for HTTP basic authentication".to_string(),
        Auth::External { what } => {
            format!("Unused: {what} is set up on the HttpClient passed in the options")
        }
    };
    SchemeView {
        name_lit: string_literal(name),
        provider: format!("{}Provider", property.trim_start_matches('@')),
        property,
        kind: auth.kind(),
        location,
        param_lit: param.map(string_literal),
        doc: xml_doc(&[doc])
            .remove(0)
            .replace("&lt;c&gt;", "<c>")
            .replace("&lt;/c&gt;", "</c>"),
    }
}

fn arg_name(p: &ClientParam) -> String {
    naming::ident(Lang::CSharp, IdentKind::Parameter, &p.source)
}

fn lines(text: Option<&str>) -> Vec<String> {
    xml_doc(&text.map(|t| doc_lines(t.trim())).unwrap_or_default())
}

fn op_view(types: &ModelTypes, op: &ClientOp, name: String, request_body: &str) -> OpView {
    let method_name = format!("{name}Async");
    let mut required: Vec<String> = Vec::new();
    let mut optional: Vec<String> = Vec::new();
    let mut required_args: Vec<String> = Vec::new();
    let mut optional_args: Vec<String> = Vec::new();
    let mut docs_required: Vec<ArgDoc> = Vec::new();
    let mut docs_optional: Vec<ArgDoc> = Vec::new();
    let mut values = Vec::new();
    let mut param_specs = Vec::new();
    for p in &op.params {
        let n = arg_name(p);
        let base = types.ty(p.ty.non_null());
        let arg = ArgDoc {
            name: n.trim_start_matches('@').to_string(),
            doc: param_doc(p),
        };
        if p.required {
            required.push(format!("{base} {n}"));
            required_args.push(n.clone());
            docs_required.push(arg);
        } else {
            optional.push(format!("{} {n} = null", nullable(&base)));
            optional_args.push(format!("{n}: {n}"));
            docs_optional.push(arg);
        }
        values.push(format!("Wire({n})"));
        param_specs.push(param_spec(p));
    }
    let mut body_expr = "null".to_string();
    if let Some(b) = &op.body {
        let (ty, arg, expr) = body_argument(types, b, request_body);
        let nullable_body = !b.required || matches!(b.ty, Some(TypeRef::Nullable(_)));
        body_expr = expr;
        if b.required {
            let ty = if nullable_body { nullable(&ty) } else { ty };
            required.push(format!("{ty} body"));
            required_args.push("body".into());
            docs_required.push(arg);
        } else {
            optional.insert(0, format!("{} body = null", nullable(&ty)));
            optional_args.insert(0, "body: body".into());
            docs_optional.insert(0, arg);
        }
    }
    let mut signature = required;
    signature.extend(optional);
    signature.push("global::System.Threading.CancellationToken cancellationToken = default".into());
    let mut arguments = required_args;
    arguments.extend(optional_args);
    arguments.push("cancellationToken".into());
    let mut args = docs_required;
    args.extend(docs_optional);
    let (returns, call, nullable_result) = result(types, op);
    let (summary, remarks) = summary_and_remarks(op);
    OpView {
        field: format!("{name}Operation"),
        id_lit: string_literal(&op.id),
        method_lit: string_literal(&op.method.as_str().to_ascii_uppercase()),
        path_lit: string_literal(&op.path),
        summary,
        remarks,
        args,
        deprecated: op.deprecated,
        signature: signature.join(", "),
        arguments: arguments.join(", "),
        param_specs,
        values,
        body_expr,
        content_type_lit: op
            .body
            .as_ref()
            .map_or("null".to_string(), |b| string_literal(&b.content_type)),
        returns,
        call,
        nullable_result,
        responses: response_specs(types, op),
        security_lit: op.security_literal(
            string_literal,
            |alt| format!("new string[] {{ {alt} }}"),
            |list| {
                if list.is_empty() {
                    "global::System.Array.Empty<string[]>()".to_string()
                } else {
                    format!("new string[][] {{ {list} }}")
                }
            },
        ),
        idempotent: op.idempotent,
        name: method_name,
    }
}

/// The `<param>` lines of a parameter: its description, else where it is
/// sent.
fn param_doc(p: &ClientParam) -> Vec<String> {
    let mut doc = lines(p.doc.as_deref());
    if doc.is_empty() {
        doc.push(format!(
            "The <c>{}</c> {} parameter.",
            xml_doc(std::slice::from_ref(&p.wire))[0],
            p.location.as_str()
        ));
    }
    if p.deprecated {
        doc.push(String::new());
        doc.push("Deprecated in the API description.".into());
    }
    doc
}

/// The `ParamSpec` of a parameter: how its value is serialized.
fn param_spec(p: &ClientParam) -> String {
    format!(
        "new({}, {}, {}, {}, {})",
        string_literal(&p.wire),
        string_literal(p.location.as_str()),
        string_literal(p.style.as_str()),
        if p.explode { "true" } else { "false" },
        if p.shape == super::ValueShape::Json {
            "true"
        } else {
            "false"
        }
    )
}

/// The `body` argument: its type (before nullability), its doc, and the
/// `RequestBody` expression that sends it.
fn body_argument(
    types: &ModelTypes,
    b: &ClientBody,
    request_body: &str,
) -> (String, ArgDoc, String) {
    let (ty, factory) = match b.kind {
        BodyKind::Json => (
            match &b.ty {
                Some(t) => types.ty(t.non_null()),
                None => "JsonElement".into(),
            },
            "Json",
        ),
        BodyKind::Form => (
            "global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, string>>".into(),
            "Form",
        ),
        BodyKind::Multipart => (
            "global::System.Net.Http.MultipartFormDataContent".into(),
            "Content",
        ),
        BodyKind::Bytes => ("byte[]".into(), "Bytes"),
        BodyKind::Text => ("string".into(), "Text"),
    };
    let doc = vec![match b.kind {
        BodyKind::Json => "The request body, sent as JSON.".to_string(),
        BodyKind::Form => "The form fields, sent URL-encoded.".to_string(),
        BodyKind::Multipart => "The multipart body, as built by the caller.".to_string(),
        BodyKind::Bytes | BodyKind::Text => format!(
            "The request body, sent as <c>{}</c>.",
            xml_doc(std::slice::from_ref(&b.content_type))[0]
        ),
    }];
    let arg = ArgDoc {
        name: "body".into(),
        doc,
    };
    (ty, arg, format!("{request_body}.{factory}(body)"))
}

/// What the method returns, the call that reads it, and whether `null` is a
/// valid result: one JSON type, raw bytes, nothing, or `JsonElement` when
/// the successes disagree.
fn result(types: &ModelTypes, op: &ClientOp) -> (String, String, Option<bool>) {
    // `Some(None)`: raw bytes.
    let returns = op.returns(|r| match (&r.ty, r.raw) {
        (Some(t), _) => Some(Some((types.ty(t.non_null()), t.is_nullable()))),
        (None, true) => Some(None),
        (None, false) => None,
    });
    match returns {
        Returns::Nothing => (TASK.to_string(), "CallAsync".to_string(), None),
        Returns::One(Some((t, n))) => {
            let t = if n { nullable(&t) } else { t };
            (
                format!("{TASK}<{t}>"),
                format!("CallJsonAsync<{t}>"),
                Some(n),
            )
        }
        Returns::One(None) => (
            format!("{TASK}<byte[]>"),
            "CallBytesAsync".to_string(),
            None,
        ),
        Returns::Several => (
            format!("{TASK}<JsonElement>"),
            "CallElementAsync".to_string(),
            None,
        ),
    }
}

/// The `<summary>` (the operation's, else what it sends) and `<remarks>`
/// (the description, then what it sends) lines.
fn summary_and_remarks(op: &ClientOp) -> (Vec<String>, Vec<String>) {
    let summary = lines(op.summary.as_deref());
    let mut remarks = lines(op.description.as_deref());
    let sends = format!(
        "Sends <c>{} {}</c>.",
        op.method.as_str().to_ascii_uppercase(),
        xml_doc(std::slice::from_ref(&op.path))[0]
    );
    if summary.is_empty() {
        return (vec![sends], remarks);
    }
    if !remarks.is_empty() {
        remarks.push(String::new());
    }
    remarks.push(sends);
    (summary, remarks)
}

/// The `ResponseSpec` of each documented status.
fn response_specs(types: &ModelTypes, op: &ClientOp) -> Vec<String> {
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
                Some(t) if !r.success => format!("Decode<{}>", types.ty(t)),
                _ => "null".to_string(),
            };
            format!(
                "new({}, {}, {}, {decode})",
                string_literal(&r.status_key()),
                if r.success { "true" } else { "false" },
                string_literal(body)
            )
        })
        .collect()
}

/// `T?`, once.
fn nullable(t: &str) -> String {
    if t.ends_with('?') {
        t.to_string()
    } else {
        format!("{t}?")
    }
}
