//! What the server crate makes of each operation, decided once and read by
//! both `api.rs` (types and trait) and `router.rs` (routes and extraction):
//! names, the axum route, how each parameter is read and parsed, the body,
//! one response variant per documented status, and the credentials.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::{Diagnostic, Loc, Severity};
use crate::emit::rust_types::names::{self, Scope as NameScope};
use crate::emit::rust_types::types::{describe_primitive, Scope, Types};
use crate::emit::Shims;
use crate::ir::{
    Api, EnumRepr, Operation, ParamLocation, Parameter, Primitive, SecurityScheme, StringFormat,
    TypeKind, TypeRef,
};

pub struct Plan<'a> {
    pub ops: Vec<OpPlan<'a>>,
    /// Security scheme name → how its credential is read.
    pub schemes: BTreeMap<String, SchemePlan>,
    pub error: ErrorBody,
    /// Route path → deprecated old paths that serve the same handlers.
    pub old_paths: Vec<OldPath>,
}

pub struct OpPlan<'a> {
    pub op: &'a Operation,
    /// The trait method (`create_sandbox`).
    pub method: String,
    /// `CreateSandboxInput`, when the operation has parameters or a body.
    pub input: Option<String>,
    /// `CreateSandboxOutput`.
    pub output: String,
    /// The axum route, parameters named by position (`/sandboxes/{p0}`).
    pub route: String,
    pub params: Vec<ParamPlan<'a>>,
    pub body: Option<BodyPlan>,
    pub responses: Vec<ResponsePlan>,
    pub auth: AuthPlan,
}

pub struct ParamPlan<'a> {
    pub p: &'a Parameter,
    pub field: String,
    /// The position key of a path parameter in the route (`p0`).
    pub path_key: Option<String>,
    pub value: ParamValue,
    /// One value or a list.
    pub list: Option<ListStyle>,
    /// For an optional scalar with a primitive default: the default's expression.
    pub default: Option<TokenStream>,
}

/// How a list parameter is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `?state=a&state=b`
    Repeated,
    /// `?state=a,b` (and every header or path list)
    Comma,
}

pub enum ParamValue {
    /// Taken as it is.
    Text,
    /// Parsed with `FromStr`; `expected` describes a valid value.
    Parsed { ty: TokenStream, expected: String },
}

impl ParamPlan<'_> {
    /// The field's type in the input struct.
    pub fn field_type(&self) -> TokenStream {
        let one = match &self.value {
            ParamValue::Text => quote!(String),
            ParamValue::Parsed { ty, .. } => ty.clone(),
        };
        if self.list.is_some() {
            quote!(Vec<#one>)
        } else if self.p.required || self.default.is_some() {
            one
        } else {
            quote!(Option<#one>)
        }
    }
}

pub enum BodyPlan {
    Json { ty: TokenStream, required: bool },
    Raw { required: bool },
}

pub enum StatusKind {
    Code(u16),
    /// `4XX`: the class digit.
    Range(u8),
    Default,
}

pub struct ResponsePlan {
    pub status: StatusKind,
    pub variant: String,
    pub docs: String,
    pub body: Option<ResponseBody>,
    pub headers: Vec<HeaderPlan>,
}

impl ResponsePlan {
    /// Does the variant carry the status code (ranges and `default`)?
    pub fn carries_status(&self) -> bool {
        !matches!(self.status, StatusKind::Code(_))
    }

    /// Written as a tuple variant `Ok(body)`, a unit variant, or a struct variant.
    pub fn shape(&self) -> VariantShape {
        match (self.carries_status(), &self.body, self.headers.is_empty()) {
            (false, None, true) => VariantShape::Unit,
            (false, Some(_), true) => VariantShape::Tuple,
            _ => VariantShape::Struct,
        }
    }
}

#[derive(PartialEq, Eq)]
pub enum VariantShape {
    Unit,
    Tuple,
    Struct,
}

pub struct ResponseBody {
    pub ty: TokenStream,
    pub content_type: String,
    pub json: bool,
}

pub struct HeaderPlan {
    /// Lower-case header name.
    pub wire: String,
    pub field: String,
    pub ty: TokenStream,
    pub required: bool,
    /// The field is a `String` (else it is written with `to_string`).
    pub is_text: bool,
    pub docs: String,
}

pub enum AuthPlan {
    None,
    /// One scheme: the handler gets its credential type.
    One(String),
    /// Several alternatives: an enum with one variant per alternative.
    Alternatives {
        ty: String,
        variants: Vec<(String, Vec<String>)>,
    },
}

pub struct SchemePlan {
    /// The credential type (`ApiKeyAuth`).
    pub ty: String,
    pub kind: SchemeKind,
    pub docs: String,
}

pub enum SchemeKind {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// `Authorization: <scheme> <credentials>`; `Bearer` for bearer, OAuth 2 and OpenID Connect.
    Authorization { scheme: String },
    /// Nothing an HTTP router can read (mutual TLS): always present.
    Transport,
}

pub struct OldPath {
    pub old: String,
    /// The route the old path stands for.
    pub route: String,
    /// `(handler op index)` that the old route serves, by method.
    pub ops: Vec<usize>,
}

/// The router's own error responses (400, 401) use the API's error schema.
pub enum ErrorBody {
    Typed {
        /// The IR name of the schema.
        ty: String,
        /// Field name, what goes in it, and how it is wrapped.
        fields: Vec<(String, ErrorFill, Wrap)>,
    },
    /// No usable schema: `{"code": …, "message": …}`.
    Untyped,
}

pub enum ErrorFill {
    /// What went wrong, naming the parameter or field.
    Message,
    /// `INVALID_ARGUMENT`, `UNAUTHENTICATED` …
    Code,
    /// The status's reason phrase.
    Title,
    /// The status code as a number.
    Status { int64: bool },
    /// A fixed expression, already wrapped.
    Value(TokenStream),
}

/// How a filled value is wrapped for the field's optionality and nullability.
#[derive(Clone, Copy)]
pub enum Wrap {
    Plain,
    Some,
    SomeSome,
}

pub fn plan<'a>(types: &Types<'a>, shims: &Shims, diags: &mut Vec<Diagnostic>) -> Plan<'a> {
    let api = types.api;
    let schemes = schemes(api, diags);
    let mut ops = Vec::new();
    let mut methods = NameScope::default();
    let mut type_names = NameScope::default();
    let mut routes: BTreeMap<(String, crate::ir::Method), &Operation> = BTreeMap::new();
    for op in &api.operations {
        let Some(route) = route(op, diags) else {
            continue;
        };
        if let Some(other) = routes.get(&(route.0.clone(), op.method)) {
            diags.push(Diagnostic::new(
                "server-route-conflict",
                Severity::Warning,
                op.loc.clone(),
                format!(
                    "rust-server: `{} {}` matches the same requests as `{} {}` (at {}); the router serves only the first (make the paths differ in a fixed segment)",
                    op.method.as_str().to_uppercase(), op.path, other.method.as_str().to_uppercase(), other.path, other.loc
                ),
            ));
            continue;
        }
        routes.insert((route.0.clone(), op.method), op);
        let method = names::value_name(op.naming_source());
        methods.add(format!("operation `{}`", op.id), &op.loc, &method);
        let base = names::type_name(op.naming_source());
        let output = format!("{base}Output");
        type_names.add(format!("output of `{}`", op.id), &op.loc, &output);
        let params = params(types, op, &route.1, diags);
        let body = body(types, op, diags);
        let input = (!params.is_empty() || body.is_some()).then(|| format!("{base}Input"));
        if let Some(i) = &input {
            type_names.add(format!("input of `{}`", op.id), &op.loc, i);
        }
        let mut fields = NameScope::default();
        for p in &params {
            fields.add(
                format!("{} parameter `{}`", p.p.location.as_str(), p.p.name),
                &p.p.loc,
                &p.field,
            );
        }
        if body.is_some() {
            fields.add("the request body", &op.loc, "body");
        }
        fields.check(&format!("inputs of `{}`", op.id), diags);
        let responses = responses(types, op, diags);
        let auth = auth(api, op, &schemes, &base, &mut type_names, diags);
        ops.push(OpPlan {
            op,
            method,
            input,
            output,
            route: route.0,
            params,
            body,
            responses,
            auth,
        });
    }
    methods.check("methods of the Api trait", diags);
    for s in schemes.values() {
        type_names.add(format!("credential `{}`", s.ty), &Loc::default(), &s.ty);
    }
    type_names.check("types in api.rs", diags);
    let old_paths = old_paths(shims, &ops, &routes, diags);
    Plan {
        error: error_body(types, diags),
        ops,
        schemes,
        old_paths,
    }
}

/// The axum route for a path template, with path parameters renamed by
/// position so that routes sharing a prefix never disagree on a name, and
/// the spec names in order. `None` (with a warning) when axum cannot route it.
fn route(op: &Operation, diags: &mut Vec<Diagnostic>) -> Option<(String, Vec<String>)> {
    let path = if op.path.starts_with('/') {
        op.path.clone()
    } else {
        format!("/{}", op.path)
    };
    let mut out = String::new();
    let mut names_in_order = Vec::new();
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let whole = seg
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .filter(|n| !n.is_empty() && !n.contains(['{', '}']));
        if let Some(name) = whole {
            out.push_str(&format!("{{p{}}}", names_in_order.len()));
            names_in_order.push(name.to_string());
        } else if seg.contains(['{', '}', '*']) {
            diags.push(Diagnostic::new(
                "server-path-unsupported",
                Severity::Warning,
                op.loc.clone(),
                format!(
                    "rust-server: `{} {}` is not served: its segment `{seg}` mixes a parameter with other text, which axum cannot route (make the parameter a whole path segment)",
                    op.method.as_str().to_uppercase(),
                    op.path
                ),
            ));
            return None;
        } else {
            out.push_str(seg);
        }
    }
    Some((out, names_in_order))
}

fn params<'a>(
    types: &Types,
    op: &'a Operation,
    path_names: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<ParamPlan<'a>> {
    let mut out = Vec::new();
    for p in &op.parameters {
        let path_key = match p.location {
            ParamLocation::Path => match path_names.iter().position(|n| *n == p.name) {
                Some(i) => Some(format!("p{i}")),
                None => {
                    diags.push(Diagnostic::new(
                        "server-path-param-missing",
                        Severity::Warning,
                        p.loc.clone(),
                        format!(
                            "rust-server: path parameter `{}` does not appear in `{}`; it is left out of the input",
                            p.name, op.path
                        ),
                    ));
                    continue;
                }
            },
            _ => None,
        };
        let resolved = types.resolve(&p.ty).clone();
        let (value, list) = match &resolved {
            TypeRef::Array(item) => {
                let style = match (p.location, p.style.as_deref(), p.explode) {
                    (
                        ParamLocation::Query | ParamLocation::Cookie,
                        None | Some("form"),
                        None | Some(true),
                    ) => ListStyle::Repeated,
                    (_, None | Some("form") | Some("simple"), _) => ListStyle::Comma,
                    (_, Some(style), _) => {
                        diags.push(unsupported_style(p, style));
                        ListStyle::Comma
                    }
                };
                (param_value(types, item, p, diags), Some(style))
            }
            _ => (param_value(types, &p.ty, p, diags), None),
        };
        let default = if p.required || list.is_some() {
            None
        } else {
            p.default
                .as_ref()
                .and_then(|d| default_expr(types, &p.ty, d))
        };
        out.push(ParamPlan {
            p,
            field: names::value_name(p.naming_source()),
            path_key,
            value,
            list,
            default,
        });
    }
    out
}

fn unsupported_style(p: &Parameter, style: &str) -> Diagnostic {
    Diagnostic::new(
        "fidelity-param-style",
        Severity::Warning,
        p.loc.clone(),
        format!(
            "rust-server: `{style}` style of parameter `{}` is not supported; its values are split at commas",
            p.name
        ),
    )
}

/// How one value of a parameter is read.
fn param_value(
    types: &Types,
    t: &TypeRef,
    p: &Parameter,
    diags: &mut Vec<Diagnostic>,
) -> ParamValue {
    let resolved = types.resolve(t);
    match resolved {
        TypeRef::Primitive(Primitive::String(f))
            if !matches!(f, StringFormat::Date | StringFormat::DateTime) =>
        {
            ParamValue::Text
        }
        TypeRef::Primitive(prim) => ParamValue::Parsed {
            ty: crate::emit::rust_types::types::primitive(prim, Scope::Outside),
            expected: describe_primitive(prim),
        },
        TypeRef::Named(n) => match types.api.get(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                let values = e
                    .values
                    .iter()
                    .map(|v| format!("`{}`", v.as_text()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let expected = match (e.open, e.repr) {
                    (true, EnumRepr::String) => "a string".to_string(),
                    (true, EnumRepr::Integer) => "an integer".to_string(),
                    (false, _) => format!("one of {values}"),
                };
                ParamValue::Parsed {
                    ty: types.path(n, Scope::Outside),
                    expected,
                }
            }
            _ => unsupported_param(p, diags),
        },
        _ => unsupported_param(p, diags),
    }
}

fn unsupported_param(p: &Parameter, diags: &mut Vec<Diagnostic>) -> ParamValue {
    diags.push(Diagnostic::new(
        "fidelity-param-type",
        Severity::Warning,
        p.loc.clone(),
        format!(
            "rust-server: parameter `{}` has a structured type; the handler receives its raw text",
            p.name
        ),
    ));
    ParamValue::Text
}

/// The expression of a primitive default, if the parameter has one.
fn default_expr(types: &Types, t: &TypeRef, d: &serde_json::Value) -> Option<TokenStream> {
    match (types.resolve(t), d) {
        (TypeRef::Primitive(Primitive::Integer(_)), serde_json::Value::Number(n)) => {
            n.as_i64().map(|i| {
                let lit = proc_macro2::Literal::i64_unsuffixed(i);
                quote!(#lit)
            })
        }
        (TypeRef::Primitive(Primitive::Number(_)), serde_json::Value::Number(n)) => {
            n.as_f64().filter(|f| f.is_finite()).map(|f| {
                let lit = proc_macro2::Literal::f64_unsuffixed(f);
                quote!(#lit)
            })
        }
        (TypeRef::Primitive(Primitive::Boolean), serde_json::Value::Bool(b)) => Some(quote!(#b)),
        (TypeRef::Primitive(Primitive::String(f)), serde_json::Value::String(s))
            if !matches!(f, StringFormat::Date | StringFormat::DateTime) =>
        {
            Some(quote!(#s.to_owned()))
        }
        _ => None,
    }
}

fn body(types: &Types, op: &Operation, diags: &mut Vec<Diagnostic>) -> Option<BodyPlan> {
    let b = op.request_body.as_ref()?;
    if b.content.is_empty() {
        return None;
    }
    if let Some(t) = b.json_type() {
        if b.content.len() > 1 {
            let others: Vec<&str> = b
                .content
                .iter()
                .map(|m| m.content_type.as_str())
                .filter(|c| !c.contains("json"))
                .collect();
            if !others.is_empty() {
                diags.push(Diagnostic::new(
                    "fidelity-media-type",
                    Severity::Warning,
                    b.loc.clone(),
                    format!(
                        "rust-server: `{}` reads request bodies as JSON only; {} bodies are not accepted",
                        op.id,
                        others.join(", ")
                    ),
                ));
            }
        }
        return Some(BodyPlan::Json {
            ty: types.render(t, Scope::Outside, None),
            required: b.required,
        });
    }
    Some(BodyPlan::Raw {
        required: b.required,
    })
}

/// `(code, variant, StatusCode constant)` for the statuses with a name.
const STATUSES: &[(u16, &str, &str)] = &[
    (100, "Continue", "CONTINUE"),
    (101, "SwitchingProtocols", "SWITCHING_PROTOCOLS"),
    (200, "Ok", "OK"),
    (201, "Created", "CREATED"),
    (202, "Accepted", "ACCEPTED"),
    (
        203,
        "NonAuthoritativeInformation",
        "NON_AUTHORITATIVE_INFORMATION",
    ),
    (204, "NoContent", "NO_CONTENT"),
    (205, "ResetContent", "RESET_CONTENT"),
    (206, "PartialContent", "PARTIAL_CONTENT"),
    (207, "MultiStatus", "MULTI_STATUS"),
    (300, "MultipleChoices", "MULTIPLE_CHOICES"),
    (301, "MovedPermanently", "MOVED_PERMANENTLY"),
    (302, "Found", "FOUND"),
    (303, "SeeOther", "SEE_OTHER"),
    (304, "NotModified", "NOT_MODIFIED"),
    (307, "TemporaryRedirect", "TEMPORARY_REDIRECT"),
    (308, "PermanentRedirect", "PERMANENT_REDIRECT"),
    (400, "BadRequest", "BAD_REQUEST"),
    (401, "Unauthorized", "UNAUTHORIZED"),
    (402, "PaymentRequired", "PAYMENT_REQUIRED"),
    (403, "Forbidden", "FORBIDDEN"),
    (404, "NotFound", "NOT_FOUND"),
    (405, "MethodNotAllowed", "METHOD_NOT_ALLOWED"),
    (406, "NotAcceptable", "NOT_ACCEPTABLE"),
    (
        407,
        "ProxyAuthenticationRequired",
        "PROXY_AUTHENTICATION_REQUIRED",
    ),
    (408, "RequestTimeout", "REQUEST_TIMEOUT"),
    (409, "Conflict", "CONFLICT"),
    (410, "Gone", "GONE"),
    (411, "LengthRequired", "LENGTH_REQUIRED"),
    (412, "PreconditionFailed", "PRECONDITION_FAILED"),
    (413, "PayloadTooLarge", "PAYLOAD_TOO_LARGE"),
    (414, "UriTooLong", "URI_TOO_LONG"),
    (415, "UnsupportedMediaType", "UNSUPPORTED_MEDIA_TYPE"),
    (416, "RangeNotSatisfiable", "RANGE_NOT_SATISFIABLE"),
    (417, "ExpectationFailed", "EXPECTATION_FAILED"),
    (418, "ImATeapot", "IM_A_TEAPOT"),
    (421, "MisdirectedRequest", "MISDIRECTED_REQUEST"),
    (422, "UnprocessableEntity", "UNPROCESSABLE_ENTITY"),
    (423, "Locked", "LOCKED"),
    (424, "FailedDependency", "FAILED_DEPENDENCY"),
    (426, "UpgradeRequired", "UPGRADE_REQUIRED"),
    (428, "PreconditionRequired", "PRECONDITION_REQUIRED"),
    (429, "TooManyRequests", "TOO_MANY_REQUESTS"),
    (
        431,
        "RequestHeaderFieldsTooLarge",
        "REQUEST_HEADER_FIELDS_TOO_LARGE",
    ),
    (
        451,
        "UnavailableForLegalReasons",
        "UNAVAILABLE_FOR_LEGAL_REASONS",
    ),
    (500, "InternalServerError", "INTERNAL_SERVER_ERROR"),
    (501, "NotImplemented", "NOT_IMPLEMENTED"),
    (502, "BadGateway", "BAD_GATEWAY"),
    (503, "ServiceUnavailable", "SERVICE_UNAVAILABLE"),
    (504, "GatewayTimeout", "GATEWAY_TIMEOUT"),
    (505, "HttpVersionNotSupported", "HTTP_VERSION_NOT_SUPPORTED"),
    (507, "InsufficientStorage", "INSUFFICIENT_STORAGE"),
    (508, "LoopDetected", "LOOP_DETECTED"),
    (
        511,
        "NetworkAuthenticationRequired",
        "NETWORK_AUTHENTICATION_REQUIRED",
    ),
];

/// The `StatusCode` expression for a code.
pub fn status_expr(code: u16) -> TokenStream {
    match STATUSES.iter().find(|(c, _, _)| *c == code) {
        Some((_, _, konst)) => {
            let k = proc_macro2::Ident::new(konst, proc_macro2::Span::call_site());
            quote!(StatusCode::#k)
        }
        None => {
            let lit = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(StatusCode::from_u16(#lit).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        }
    }
}

fn responses(types: &Types, op: &Operation, diags: &mut Vec<Diagnostic>) -> Vec<ResponsePlan> {
    let mut out = Vec::new();
    let mut scope = NameScope::default();
    for r in &op.responses {
        let status = match r.status.as_str() {
            "default" => StatusKind::Default,
            s if s.len() == 3 && s[1..].eq_ignore_ascii_case("XX") => match s.as_bytes()[0] {
                d @ b'1'..=b'5' => StatusKind::Range(d - b'0'),
                _ => {
                    diags.push(bad_status(op, &r.status, &r.loc));
                    continue;
                }
            },
            s => match s.parse::<u16>() {
                Ok(c) if (100..=999).contains(&c) => StatusKind::Code(c),
                _ => {
                    diags.push(bad_status(op, &r.status, &r.loc));
                    continue;
                }
            },
        };
        let variant = match &status {
            StatusKind::Default => "Default".to_string(),
            StatusKind::Range(d) => match d {
                1 => "Informational",
                2 => "Success",
                3 => "Redirection",
                4 => "ClientError",
                _ => "ServerError",
            }
            .to_string(),
            StatusKind::Code(c) => STATUSES
                .iter()
                .find(|(code, _, _)| code == c)
                .map(|(_, v, _)| v.to_string())
                .unwrap_or_else(|| format!("Status{c}")),
        };
        scope.add(format!("response `{}`", r.status), &r.loc, &variant);
        let body = match r.json_type() {
            Some(t) => {
                let ct = r
                    .content
                    .iter()
                    .find(|m| m.ty.as_ref() == Some(t))
                    .map(|m| m.content_type.clone())
                    .unwrap_or_else(|| "application/json".into());
                Some(ResponseBody {
                    ty: types.render(t, Scope::Outside, None),
                    content_type: checked_content_type(ct, op, &r.loc, diags),
                    json: true,
                })
            }
            None => r.content.first().map(|m| ResponseBody {
                ty: quote!(Bytes),
                content_type: checked_content_type(m.content_type.clone(), op, &r.loc, diags),
                json: false,
            }),
        };
        if r.content.len() > 1 {
            let served = body.as_ref().map(|b| b.content_type.as_str()).unwrap_or("");
            let others: Vec<&str> = r
                .content
                .iter()
                .map(|m| m.content_type.as_str())
                .filter(|c| *c != served)
                .collect();
            diags.push(Diagnostic::new(
                "fidelity-media-type",
                Severity::Warning,
                r.loc.clone(),
                format!(
                    "rust-server: the {} response of `{}` is served as {served} only, not as {}",
                    r.status,
                    op.id,
                    others.join(", ")
                ),
            ));
        }
        let mut headers = Vec::new();
        let mut hscope = NameScope::default();
        hscope.add("the body", &r.loc, "body");
        hscope.add("the status", &r.loc, "status");
        for h in &r.headers {
            let wire = h.name.to_ascii_lowercase();
            if wire == "content-type" || !is_token(&wire) {
                diags.push(Diagnostic::new(
                    "fidelity-response-header",
                    Severity::Warning,
                    r.loc.clone(),
                    format!(
                        "rust-server: response header `{}` of `{}` is not generated (the router sets Content-Type itself; other names must be HTTP tokens)",
                        h.name, op.id
                    ),
                ));
                continue;
            }
            let field = names::value_name(&h.name);
            hscope.add(format!("header `{}`", h.name), &r.loc, &field);
            let (ty, is_text) = header_type(types, &h.ty, op, &h.name, &r.loc, diags);
            headers.push(HeaderPlan {
                wire,
                field,
                ty,
                required: h.required,
                is_text,
                docs: h.docs.text().unwrap_or_default().to_string(),
            });
        }
        hscope.check(&format!("the {} response of `{}`", r.status, op.id), diags);
        out.push(ResponsePlan {
            status,
            variant,
            docs: r.docs.text().unwrap_or_default().to_string(),
            body,
            headers,
        });
    }
    scope.check(&format!("responses of `{}`", op.id), diags);
    if out.is_empty() {
        diags.push(Diagnostic::new(
            "server-no-response",
            Severity::Warning,
            op.loc.clone(),
            format!(
                "rust-server: `{}` documents no response; its output is a status and a JSON value",
                op.id
            ),
        ));
        out.push(ResponsePlan {
            status: StatusKind::Default,
            variant: "Default".into(),
            docs: "Any response: the spec documents none.".into(),
            body: Some(ResponseBody {
                ty: quote!(serde_json::Value),
                content_type: "application/json".into(),
                json: true,
            }),
            headers: Vec::new(),
        });
    }
    out
}

fn bad_status(op: &Operation, status: &str, loc: &Loc) -> Diagnostic {
    Diagnostic::new(
        "server-bad-status",
        Severity::Warning,
        loc.clone(),
        format!("rust-server: response `{status}` of `{}` is not an HTTP status code, a range like `4XX` or `default`; it is left out", op.id),
    )
}

/// A content type the router can send as a static header value.
fn checked_content_type(
    ct: String,
    op: &Operation,
    loc: &Loc,
    diags: &mut Vec<Diagnostic>,
) -> String {
    if !ct.is_empty() && ct.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return ct;
    }
    diags.push(Diagnostic::new(
        "fidelity-media-type",
        Severity::Warning,
        loc.clone(),
        format!("rust-server: content type `{ct}` of `{}` is not a valid header value; application/octet-stream is sent instead", op.id),
    ));
    "application/octet-stream".into()
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A response header's field type, and whether it is text.
fn header_type(
    types: &Types,
    t: &TypeRef,
    op: &Operation,
    name: &str,
    loc: &Loc,
    diags: &mut Vec<Diagnostic>,
) -> (TokenStream, bool) {
    match types.resolve(t) {
        TypeRef::Primitive(Primitive::String(_)) => (quote!(String), true),
        TypeRef::Primitive(p) => (
            crate::emit::rust_types::types::primitive(p, Scope::Outside),
            false,
        ),
        TypeRef::Named(n)
            if matches!(types.api.get(n).map(|t| &t.kind), Some(TypeKind::Enum(_))) =>
        {
            (types.path(n, Scope::Outside), false)
        }
        _ => {
            diags.push(Diagnostic::new(
                "fidelity-response-header",
                Severity::Warning,
                loc.clone(),
                format!("rust-server: header `{name}` of `{}` has a structured type; the handler supplies its text", op.id),
            ));
            (quote!(String), true)
        }
    }
}

fn schemes(api: &Api, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, SchemePlan> {
    let mut out = BTreeMap::new();
    for (name, s) in &api.security_schemes {
        let ty = names::type_name(name);
        let (kind, docs) = match s {
            SecurityScheme::ApiKey { location, name: key } => (
                SchemeKind::ApiKey {
                    location: *location,
                    name: key.clone(),
                },
                format!("The API key from the `{key}` {} (security scheme `{name}`).", match location {
                    ParamLocation::Header => "header",
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Cookie => "cookie",
                    ParamLocation::Path => "path parameter",
                }),
            ),
            SecurityScheme::Http { scheme, .. } => {
                let word = match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => "Bearer".to_string(),
                    "basic" => "Basic".to_string(),
                    other => {
                        let mut c = other.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect())
                            .unwrap_or_default()
                    }
                };
                let docs = if word == "Basic" {
                    format!("The credentials of an `Authorization: Basic` header, still base64-encoded (security scheme `{name}`).")
                } else {
                    format!("The credentials of an `Authorization: {word}` header (security scheme `{name}`).")
                };
                (SchemeKind::Authorization { scheme: word }, docs)
            }
            SecurityScheme::OAuth2 | SecurityScheme::OpenIdConnect { .. } => (
                SchemeKind::Authorization {
                    scheme: "Bearer".into(),
                },
                format!("The access token of an `Authorization: Bearer` header (security scheme `{name}`); the handler checks its scopes."),
            ),
            SecurityScheme::MutualTls => {
                diags.push(Diagnostic::new(
                    "fidelity-security-scheme",
                    Severity::Warning,
                    Loc::default(),
                    format!("rust-server: security scheme `{name}` (mutual TLS) is checked by the TLS layer, not the router; its credential is always present"),
                ));
                (
                    SchemeKind::Transport,
                    format!("Mutual TLS (security scheme `{name}`): verified by the TLS layer in front of the router."),
                )
            }
        };
        out.insert(name.clone(), SchemePlan { ty, kind, docs });
    }
    out
}

fn auth(
    api: &Api,
    op: &Operation,
    schemes: &BTreeMap<String, SchemePlan>,
    base: &str,
    type_names: &mut NameScope,
    diags: &mut Vec<Diagnostic>,
) -> AuthPlan {
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    for req in op.effective_security(api) {
        let mut names: Vec<String> = Vec::new();
        for scheme in req.schemes.keys() {
            if schemes.contains_key(scheme) {
                names.push(scheme.clone());
            } else {
                diags.push(Diagnostic::new(
                    "server-unknown-scheme",
                    Severity::Warning,
                    op.loc.clone(),
                    format!("rust-server: `{}` requires security scheme `{scheme}`, which is not declared; it is ignored", op.id),
                ));
            }
        }
        if !alternatives.contains(&names) {
            alternatives.push(names);
        }
    }
    match alternatives.as_slice() {
        [] => AuthPlan::None,
        [one] if one.is_empty() => AuthPlan::None,
        [one] if one.len() == 1 => AuthPlan::One(one[0].clone()),
        _ => {
            let ty = format!("{base}Credentials");
            type_names.add(format!("credentials of `{}`", op.id), &op.loc, &ty);
            let mut vscope = NameScope::default();
            let variants = alternatives
                .iter()
                .map(|alt| {
                    let v = if alt.is_empty() {
                        "Anonymous".to_string()
                    } else {
                        alt.iter()
                            .map(|s| schemes[s].ty.clone())
                            .collect::<Vec<_>>()
                            .join("And")
                    };
                    vscope.add(format!("security alternative `{v}`"), &op.loc, &v);
                    (v, alt.clone())
                })
                .collect();
            vscope.check(&format!("credentials of `{}`", op.id), diags);
            AuthPlan::Alternatives { ty, variants }
        }
    }
}

fn old_paths(
    shims: &Shims,
    ops: &[OpPlan],
    routes: &BTreeMap<(String, crate::ir::Method), &Operation>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<OldPath> {
    let mut out = Vec::new();
    let taken: BTreeSet<(String, crate::ir::Method)> = routes.keys().cloned().collect();
    for (old, new) in &shims.path_aliases {
        let served: Vec<usize> = ops
            .iter()
            .enumerate()
            .filter(|(_, o)| o.op.path == *new)
            .map(|(i, _)| i)
            .collect();
        let Some(first) = served.first() else {
            diags.push(Diagnostic::new(
                "server-shim-path",
                Severity::Warning,
                Loc::default(),
                format!("rust-server: the migration renames `{old}` to `{new}`, which the router does not serve; the old path is not routed"),
            ));
            continue;
        };
        let probe = Operation {
            path: old.clone(),
            ..ops[*first].op.clone()
        };
        let mut scratch = Vec::new();
        let Some((route, old_names)) = route(&probe, &mut scratch) else {
            diags.extend(scratch);
            continue;
        };
        let new_count = ops[*first].route.matches("{p").count();
        if old_names.len() != new_count {
            diags.push(Diagnostic::new(
                "server-shim-path",
                Severity::Warning,
                Loc::default(),
                format!("rust-server: old path `{old}` has {} parameters and `{new}` has {new_count}; the old path is not routed", old_names.len()),
            ));
            continue;
        }
        if served
            .iter()
            .any(|i| taken.contains(&(route.clone(), ops[*i].op.method)))
        {
            diags.push(Diagnostic::new(
                "server-shim-path",
                Severity::Warning,
                Loc::default(),
                format!("rust-server: old path `{old}` matches a path the API still serves; it is not routed again"),
            ));
            continue;
        }
        out.push(OldPath {
            old: old.clone(),
            route,
            ops: served,
        });
    }
    out
}

/// The schema of the API's 400 responses (else 4XX, else `default`), and
/// how the router fills it for its own errors.
fn error_body(types: &Types, diags: &mut Vec<Diagnostic>) -> ErrorBody {
    let api = types.api;
    let mut chosen = None;
    for class in [
        |s: &str| s == "400",
        |s: &str| s.eq_ignore_ascii_case("4XX") || s.starts_with('4'),
        |s: &str| s == "default",
    ] {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for op in &api.operations {
            for r in op.responses.iter().filter(|r| class(&r.status)) {
                if let Some(TypeRef::Named(n)) = r.json_type() {
                    *counts.entry(n.as_str()).or_default() += 1;
                }
            }
        }
        if let Some((n, _)) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        {
            chosen = Some(n.to_string());
            break;
        }
    }
    let untyped = |diags: &mut Vec<Diagnostic>, why: String| {
        diags.push(Diagnostic::new(
            "server-error-schema",
            Severity::Warning,
            Loc::default(),
            format!("rust-server: {why}; the router's own 400 and 401 responses are `{{\"code\", \"message\"}}` JSON"),
        ));
        ErrorBody::Untyped
    };
    let Some(name) = chosen else {
        if api.operations.is_empty() {
            return ErrorBody::Untyped;
        }
        return untyped(
            diags,
            "no 4XX or default response has a named JSON schema".into(),
        );
    };
    let Some(TypeKind::Object(o)) = api.get(&name).map(|t| &t.kind) else {
        return untyped(diags, format!("the error schema `{name}` is not an object"));
    };
    let key = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let is_text = |t: &TypeRef| {
        matches!(
            types.resolve(t),
            TypeRef::Primitive(Primitive::String(StringFormat::Plain))
        )
    };
    let int64 = |t: &TypeRef| match types.resolve(t) {
        TypeRef::Primitive(Primitive::Integer(f)) => Some(*f != crate::ir::IntFormat::Int32),
        _ => None,
    };
    const MESSAGE: &[&str] = &[
        "message",
        "detail",
        "errormessage",
        "errordescription",
        "description",
        "msg",
        "error",
        "reason",
    ];
    let message_field = MESSAGE.iter().find_map(|m| {
        o.fields
            .iter()
            .position(|f| key(&f.name) == *m && is_text(&f.ty))
    });
    let Some(message_field) = message_field else {
        return untyped(
            diags,
            format!("the error schema `{name}` has no text field for a message"),
        );
    };
    let mut code_taken = false;
    let mut fields = Vec::new();
    for (i, f) in o.fields.iter().enumerate() {
        let nullable = types.is_nullable(&f.ty);
        let wrap = match (types.required(&name, f), nullable) {
            (true, false) => Wrap::Plain,
            (false, true) => Wrap::SomeSome,
            _ => Wrap::Some,
        };
        let k = key(&f.name);
        let fill = if i == message_field {
            Some(ErrorFill::Message)
        } else if is_text(&f.ty)
            && ["code", "errorcode", "error"].contains(&k.as_str())
            && !code_taken
        {
            code_taken = true;
            Some(ErrorFill::Code)
        } else if is_text(&f.ty) && k == "title" {
            Some(ErrorFill::Title)
        } else if let (Some(wide), true) = (
            int64(&f.ty),
            ["status", "code", "statuscode", "httpstatus"].contains(&k.as_str()),
        ) {
            Some(ErrorFill::Status { int64: wide })
        } else if !types.required(&name, f) || nullable {
            Some(ErrorFill::Value(quote!(None)))
        } else {
            empty_value(types, &f.ty).map(ErrorFill::Value)
        };
        let Some(fill) = fill else {
            return untyped(
                diags,
                format!(
                    "required field `{}` of the error schema `{name}` has no neutral value",
                    f.name
                ),
            );
        };
        fields.push((names::value_name(f.naming_source()), fill, wrap));
    }
    // The models keep unlisted properties in a map of their own.
    fields.push((
        names::extra_field(o),
        ErrorFill::Value(quote!(Default::default())),
        Wrap::Plain,
    ));
    ErrorBody::Typed { ty: name, fields }
}

/// A neutral value for a required field of the error schema, if its type has one.
fn empty_value(types: &Types, t: &TypeRef) -> Option<TokenStream> {
    Some(match types.resolve(t) {
        TypeRef::Primitive(Primitive::String(StringFormat::Date | StringFormat::DateTime)) => {
            return None
        }
        TypeRef::Primitive(Primitive::String(_)) => quote!(String::new()),
        TypeRef::Primitive(Primitive::Integer(_)) => quote!(0),
        TypeRef::Primitive(Primitive::Number(_)) => quote!(0.0),
        TypeRef::Primitive(Primitive::Boolean) => quote!(false),
        TypeRef::Array(_) => quote!(Vec::new()),
        TypeRef::Map(_) => quote!(BTreeMap::new()),
        TypeRef::Any => quote!(serde_json::Value::Null),
        TypeRef::Nullable(_) => quote!(None),
        TypeRef::Named(_) => return None,
    })
}
