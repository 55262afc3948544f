//! What the server crate makes of each operation, decided once and read by
//! both `api.rs` (types and trait) and `router.rs` (routes and extraction):
//! names, the axum route, how each parameter is read and parsed, the body,
//! one response variant per documented status, and the credentials.

mod params;
mod responses;
mod security;

use params::params;
pub use responses::status_text;
use responses::{body, responses};
use security::{auth, error_body, old_paths, schemes};

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
    /// For an optional scalar with a primitive default: the default's
    /// expression, as source text.
    pub default: Option<String>,
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
    Parsed { ty: String, expected: String },
}

impl ParamPlan<'_> {
    /// The field's type in the input struct, as source text.
    pub fn field_type(&self) -> String {
        let one = match &self.value {
            ParamValue::Text => "String",
            ParamValue::Parsed { ty, .. } => ty,
        };
        if self.list.is_some() {
            format!("Vec<{one}>")
        } else if self.p.required || self.default.is_some() {
            one.to_string()
        } else {
            format!("Option<{one}>")
        }
    }
}

pub enum BodyPlan {
    /// `ty`: the body's type as source text.
    Json {
        ty: String,
        required: bool,
    },
    Raw {
        required: bool,
    },
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
    /// As source text.
    pub ty: String,
    pub content_type: String,
    pub json: bool,
}

pub struct HeaderPlan {
    /// Lower-case header name.
    pub wire: String,
    pub field: String,
    /// As source text.
    pub ty: String,
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
