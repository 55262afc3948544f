//! The API clients the SDK targets generate next to their models: what a
//! client needs to know about each operation, computed once from the IR and
//! the shims, in no language's terms. Each language's module turns this model
//! into names and types through [`crate::naming`] and renders its templates
//! (`templates/<target>/client*.jinja`).
//!
//! Decisions made here, so every language makes them the same way:
//! - parameter `style`/`explode` resolved to OpenAPI's defaults (`form` for
//!   query and cookie, `simple` for path and header; `explode` only for
//!   `form`);
//! - the request body's media type chosen from the spec (JSON first, then
//!   form, multipart, raw bytes, text);
//! - each response status classified as success (2XX) or error, with its
//!   JSON body type;
//! - the security that applies (the operation's own, else the API's; an
//!   empty list means no credentials are sent);
//! - renamed operations from the migration manifest, kept as deprecated
//!   aliases until the manifest's `until`.
//!
//! The model is computed from the IR in `lower`; what every language's view
//! takes from it the same way (servers, statuses, results, security
//! literals, reserved names) is in `view`.

pub mod csharp;
pub mod go;
pub mod kotlin;
mod lower;
pub mod python;
mod readme;
pub mod rust;
pub mod snippets;
pub mod typescript;
mod view;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::ir::{Api, Method, ParamLocation, TypeRef};
use crate::naming::{self, IdentKind, Lang};
use crate::output::OutputTree;

use super::EmitContext;

/// How a language's client is added to its tree.
type Client = fn(&EmitContext, &mut OutputTree) -> Result<(), Vec<Diagnostic>>;

/// The client of `target`, for the targets whose client [`extend`] adds.
fn client_of(target: &str) -> Option<Client> {
    match target {
        "typescript" => Some(typescript::emit),
        "python" => Some(python::emit),
        "csharp" => Some(csharp::emit),
        "kotlin" => Some(kotlin::emit),
        _ => None,
    }
}

/// Does `target` have a client that [`extend`] adds?
pub fn has_client(target: &str) -> bool {
    client_of(target).is_some()
}

/// Adds the client of `target` (a target name) to the tree its models
/// emitter produced; targets without a client are left as they are. The
/// `rust` target's models emitter writes its client itself
/// ([`rust::emit`]), since its `src/lib.rs` declares the module, and the Go
/// emitter hands the model types it built to [`extend_go`].
pub fn extend(
    target: &str,
    cx: &EmitContext,
    tree: &mut OutputTree,
) -> Result<(), Vec<Diagnostic>> {
    let Some(client) = client_of(target) else {
        return Ok(());
    };
    client(cx, tree)?;
    readme::emit(target, cx, tree)
}

/// The Go client and README added to `tree`, with the model types the
/// models emitter computed (declaring the models is most of Go's work).
pub fn extend_go(
    cx: &EmitContext,
    tree: &mut OutputTree,
    types: crate::emit::go::ModelTypes,
) -> Result<(), Vec<Diagnostic>> {
    go::emit(cx, tree, types)?;
    readme::emit("go", cx, tree)
}

/// The client class of the API in `lang` (TypeScript, Python, C#):
/// `<Title>Client`.
pub fn class_name(lang: Lang, title: &str) -> String {
    naming::ident(lang, IdentKind::Type, &format!("{title} client"))
}

/// The C# client class: the target's `client` option as given, else
/// `<Title>Client`, or `<Title>ApiClient` (then `<Title>SdkClient`) when a
/// model type has that name or its options class's. Decided from the model
/// type names alone, so that the snippets name the same class.
fn csharp_client_class(
    option: Option<&str>,
    title: &str,
    is_model_type: impl Fn(&str) -> bool,
) -> String {
    if let Some(c) = option {
        return c.to_string();
    }
    let base = class_name(Lang::CSharp, title);
    let stem = base.strip_suffix("Client").unwrap_or(&base).to_string();
    super::sdk::client_class(
        &[
            base.clone(),
            format!("{stem}ApiClient"),
            format!("{stem}SdkClient"),
        ],
        |c| vec![format!("{c}Options")],
        is_model_type,
    )
}

/// The name of `lang`'s client class (Go: its type): Go's
/// [`go::client_type`], C#'s [`csharp_client_class`] (`csharp_option` is the
/// target's `client` option), else [`class_name`]. Decided from the model
/// type identifiers alone, so that the clients and the docs' snippets name
/// the same class.
pub fn client_class_of(api: &Api, lang: Lang, title: &str, csharp_option: Option<&str>) -> String {
    let idents = super::sdk::type_idents(api, lang, &mut Vec::new());
    let model_types: BTreeSet<&str> = idents.values().map(String::as_str).collect();
    let is_model_type = |t: &str| model_types.contains(t);
    match lang {
        Lang::Go => go::client_type(is_model_type),
        Lang::CSharp => csharp_client_class(csharp_option, title, is_model_type),
        _ => class_name(lang, title),
    }
}

/// Everything the clients of one API are generated from.
#[derive(Debug, Clone, Serialize)]
pub struct ClientModel {
    pub title: String,
    pub version: String,
    pub servers: Vec<ClientServer>,
    /// Security schemes the clients can satisfy, by component name.
    pub schemes: BTreeMap<String, Auth>,
    pub operations: Vec<ClientOp>,
    /// Old method names kept for renamed operations.
    pub aliases: Vec<ClientAlias>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientServer {
    /// The URL template (`https://{region}.example.com/v1`).
    pub url: String,
    pub description: Option<String>,
    /// (name, default, allowed values).
    pub variables: Vec<(String, String, Vec<String>)>,
}

impl ClientServer {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for (name, default, _) in &self.variables {
            url = url.replace(&format!("{{{name}}}"), default);
        }
        url
    }
}

/// How a client satisfies one security scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Auth {
    /// An API key sent as the named header, query parameter or cookie.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// `Authorization: Bearer <token>`; OAuth2 and OpenID Connect tokens come
    /// from a supplier the user provides and are sent the same way.
    Bearer { oauth: bool },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// A scheme a client cannot satisfy (mutual TLS, an unknown HTTP
    /// scheme): the user configures their HTTP client for it.
    External { what: String },
}

impl Auth {
    /// The kind as the client templates name it: `api_key`, `bearer`,
    /// `basic` or `external`.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::ApiKey { .. } => "api_key",
            Auth::Bearer { .. } => "bearer",
            Auth::Basic => "basic",
            Auth::External { .. } => "external",
        }
    }

    /// Where an API key travels (`header`, `query`, `cookie`) and under what
    /// name; `(None, None)` for the other kinds.
    pub fn key_location(&self) -> (Option<&'static str>, Option<&str>) {
        match self {
            Auth::ApiKey { location, name } => (Some(location.as_str()), Some(name)),
            _ => (None, None),
        }
    }
}

/// The OpenAPI serialization style of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Style {
    Form,
    Simple,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    fn parse(s: &str) -> Option<Style> {
        Some(match s {
            "form" => Style::Form,
            "simple" => Style::Simple,
            "label" => Style::Label,
            "matrix" => Style::Matrix,
            "spaceDelimited" => Style::SpaceDelimited,
            "pipeDelimited" => Style::PipeDelimited,
            "deepObject" => Style::DeepObject,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Style::Form => "form",
            Style::Simple => "simple",
            Style::Label => "label",
            Style::Matrix => "matrix",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
        }
    }

    /// OpenAPI's default style for a location.
    pub fn default_for(location: ParamLocation) -> Style {
        match location {
            ParamLocation::Query | ParamLocation::Cookie => Style::Form,
            ParamLocation::Path | ParamLocation::Header => Style::Simple,
        }
    }
}

/// What shape a parameter's value has on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueShape {
    /// A string, number, boolean or enum.
    Scalar,
    /// An array of scalars.
    Array,
    /// An object (its properties are serialized by the style).
    Object,
    /// A JSON document (`content: application/json`).
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientParam {
    /// The name on the wire.
    pub wire: String,
    /// What the identifier is spelled from.
    pub source: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub shape: ValueShape,
    pub style: Style,
    pub explode: bool,
    pub deprecated: bool,
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Json,
    Form,
    Multipart,
    Bytes,
    Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientBody {
    pub content_type: String,
    pub kind: BodyKind,
    /// The schema of the body; `None` for raw bytes without one.
    pub ty: Option<TypeRef>,
    pub required: bool,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    fn parse(s: &str) -> Option<StatusMatch> {
        if s == "default" {
            return Some(StatusMatch::Default);
        }
        if let Ok(code) = s.parse::<u16>() {
            return (100..600)
                .contains(&code)
                .then_some(StatusMatch::Code(code));
        }
        let b = s.as_bytes();
        (b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].eq_ignore_ascii_case(b"XX"))
            .then(|| StatusMatch::Range(u16::from(b[0] - b'0')))
    }

    /// Does a 2XX status match?
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientResponse {
    pub status: StatusMatch,
    /// The status as the spec writes it (`200`, `4XX`, `default`).
    pub label: String,
    pub success: bool,
    /// The JSON body type, if the response has one.
    pub ty: Option<TypeRef>,
    /// The response has a body that is not JSON (read as bytes).
    pub raw: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientOp {
    pub id: String,
    /// What the method name is spelled from (`x-specsmith-name`, else the id,
    /// which specsmith made up when the spec has none).
    pub source: String,
    pub id_synthesized: bool,
    pub method: Method,
    pub path: String,
    /// The first tag, which groups the operation.
    pub tag: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Parameters in the order path, query, header, cookie; spec order within.
    pub params: Vec<ClientParam>,
    pub body: Option<ClientBody>,
    pub responses: Vec<ClientResponse>,
    /// Alternatives, each a set of scheme names that must all be satisfied.
    /// Empty: the operation sends no credentials.
    pub security: Vec<Vec<String>>,
    /// GET, HEAD, OPTIONS, PUT, DELETE, TRACE: safe to retry.
    pub idempotent: bool,
}

impl ClientOp {
    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &ClientParam> {
        self.params.iter().filter(move |p| p.location == location)
    }

    /// The success responses (2XX).
    pub fn successes(&self) -> impl Iterator<Item = &ClientResponse> {
        self.responses.iter().filter(|r| r.success)
    }

    /// The documented error responses (everything not 2XX).
    pub fn errors(&self) -> impl Iterator<Item = &ClientResponse> {
        self.responses.iter().filter(|r| !r.success)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientAlias {
    /// The old operationId: the alias method is spelled from it.
    pub old: String,
    /// The index of the operation it calls in [`ClientModel::operations`].
    pub target: usize,
    pub until: Option<String>,
}

impl ClientModel {
    /// The base URL a client uses unless told otherwise: the first server's
    /// URL with its variables at their defaults; `""` (relative) without one.
    pub fn default_base_url(&self) -> String {
        self.servers
            .first()
            .map(ClientServer::default_url)
            .unwrap_or_default()
    }

    /// The method name of every operation in `lang`, and of every alias;
    /// two operations that become one name are an error naming both.
    pub fn method_names(
        &self,
        lang: Lang,
        api: &Api,
    ) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
        let ops: Vec<String> = self
            .operations
            .iter()
            .map(|o| naming::method(lang, &o.source))
            .collect();
        let aliases: Vec<String> = self
            .aliases
            .iter()
            .map(|a| naming::method(lang, &a.old))
            .collect();
        // Each operation's place, looked up once (the first of an id wins).
        let mut places: rustc_hash::FxHashMap<&str, &crate::diag::Loc> =
            rustc_hash::FxHashMap::default();
        for o in &api.operations {
            places.entry(o.id.as_str()).or_insert(&o.loc);
        }
        let loc_of = |id: &str| places.get(id).map(|l| (*l).clone()).unwrap_or_default();
        let mut items: Vec<(String, crate::diag::Loc, String)> = self
            .operations
            .iter()
            .zip(&ops)
            .map(|(o, n)| (o.id.clone(), loc_of(&o.id), n.clone()))
            .collect();
        items.extend(self.aliases.iter().zip(&aliases).map(|(a, n)| {
            (
                a.old.clone(),
                loc_of(&self.operations[a.target].id),
                n.clone(),
            )
        }));
        let clashes =
            naming::check_collisions(&format!("{} client methods", lang.as_str()), &items);
        if clashes.is_empty() {
            Ok((ops, aliases))
        } else {
            Err(clashes)
        }
    }
}

/// Collisions among one operation's method arguments: `args` are (wire name,
/// location, identifier) of the spec's parameters, `fixed` the arguments
/// every method of the language takes (`body`, `ctx`, …). `what` names the
/// set in the message (`go arguments of getSandbox`).
pub fn argument_collisions(
    what: &str,
    mut args: Vec<(String, crate::diag::Loc, String)>,
    fixed: &[&str],
) -> Vec<Diagnostic> {
    for f in fixed {
        args.push((
            format!("the `{f}` argument"),
            Default::default(),
            f.to_string(),
        ));
    }
    naming::check_collisions(what, &args)
}

/// Collisions among identifiers that carry no wire name of their own (the
/// fields of a generated parameters struct): each is its own label.
pub fn identifier_collisions<'a>(
    what: &str,
    names: impl IntoIterator<Item = &'a String>,
) -> Vec<Diagnostic> {
    let items: Vec<_> = names
        .into_iter()
        .map(|n| (n.clone(), crate::diag::Loc::default(), n.clone()))
        .collect();
    naming::check_collisions(what, &items)
}

#[cfg(test)]
mod tests;
