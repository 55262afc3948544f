//! The language-neutral intermediate representation that every emitter and the
//! compatibility checker read: named types, fields and operations, each with the
//! spec location it came from.

pub mod cycles;
pub mod directions;
pub mod lifecycle;
mod lower;

pub(crate) use lower::hoisted_name;
pub use lower::{lower, LowerOutput, CONTENT_KEYWORDS, DOCUMENTATION_KEYWORDS};

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::diag::Loc;

/// A whole API after lowering.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub openapi: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `info.license`: what the generated packages declare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    pub servers: Vec<Server>,
    pub tags: Vec<Tag>,
    /// Security schemes by their component name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
    /// Security that applies to operations that do not declare their own.
    pub security: Vec<SecurityRequirement>,
    /// Every named type, keyed by its IR name (the component name, or the
    /// hoisted name of an inline schema).
    pub types: BTreeMap<String, NamedType>,
    /// Operations ordered by path, then method.
    pub operations: Vec<Operation>,
    /// The requests the API sends to its subscribers: 3.1 `webhooks` and the
    /// `callbacks` of operations, each with [`Operation::outbound`] set.
    /// Kept apart from `operations`: they are neither routes the server
    /// serves nor calls an SDK makes. Webhooks first (by name, then method),
    /// then callbacks in the order of their operations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outbound: Vec<Operation>,
}

/// `info.license`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct License {
    pub name: String,
    /// The SPDX expression (`identifier`, OpenAPI 3.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Server {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub variables: BTreeMap<String, ServerVariable>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServerVariable {
    pub default: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tag {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityScheme {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Http {
        scheme: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        bearer_format: Option<String>,
    },
    OAuth2,
    OpenIdConnect {
        url: String,
    },
    MutualTls,
}

/// One alternative of a security requirement: all listed schemes must be satisfied.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct SecurityRequirement {
    /// scheme name → scopes
    pub schemes: BTreeMap<String, Vec<String>>,
}

/// Documentation carried by a type, field, operation or parameter.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Docs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

impl Docs {
    /// The text a doc comment should carry: the description, else the title.
    pub fn text(&self) -> Option<&str> {
        self.description.as_deref().or(self.title.as_deref())
    }
}

/// Where a named type came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeOrigin {
    /// `components/schemas/<name>`.
    Component { name: String },
    /// An inline schema hoisted out of its parent; `path` is the naming path
    /// (for example `CreateSandboxRequest` / `resourceLimits`).
    Hoisted { path: Vec<String> },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NamedType {
    pub name: String,
    pub origin: TypeOrigin,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    pub loc: Loc,
    /// `x-specsmith-name`: the name identifiers are spelled from instead of
    /// `name` (see [`crate::naming`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<String>,
    /// Vendor extensions (`x-…`) on the schema, kept for emitters and docs.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
    /// The validation keywords of the schema itself.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// JSON pointer to the schema in the normalised document
    /// ([`crate::load::Document::normalized`]), for checking values against it.
    #[serde(skip)]
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Object(ObjectType),
    Enum(EnumType),
    Union(UnionType),
    /// A named schema that is just another type (a string with a format, an
    /// array of something, a nullable reference …).
    Alias {
        target: TypeRef,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ObjectType {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    pub additional: Additional,
    /// Set when allOf could not be merged soundly; says why. The fields then
    /// hold the best-effort merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composition_note: Option<String>,
}

/// What the object says about properties it does not list.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Additional {
    /// Nothing said: extra properties are allowed and untyped.
    Unspecified,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties: <schema>` or `true`.
    Typed(TypeRef),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub docs: Docs,
    /// Validation keywords written at the property (those of a referenced
    /// type are on the type).
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// `x-specsmith-name` on the property: what its identifier is spelled from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<String>,
    pub loc: Loc,
}

impl Field {
    pub fn nullable(&self) -> bool {
        self.ty.is_nullable()
    }

    /// The text the field's identifier is spelled from: its `x-specsmith-name`,
    /// else its wire name.
    pub fn naming_source(&self) -> &str {
        self.name_hint.as_deref().unwrap_or(&self.name)
    }
}

impl NamedType {
    /// The text the type's identifier is spelled from: its `x-specsmith-name`,
    /// else its IR name.
    pub fn naming_source(&self) -> &str {
        self.name_hint.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnumType {
    pub repr: EnumRepr,
    pub values: Vec<EnumValue>,
    /// Open enums accept values the spec does not list (the default);
    /// a closed enum is marked `x-specsmith-closed-enum: true`.
    pub open: bool,
    /// `null` is one of the allowed values.
    pub nullable: bool,
    /// The schema was a `const`: one value, typed as a literal (TypeScript,
    /// Python) or a one-value type, still decoded tolerantly where `open`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub constant: bool,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnumValue {
    /// The value on the wire (a string or an integer).
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The value's entry in `x-enum-varnames`: what its member is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl EnumValue {
    /// The wire value as text, for naming.
    pub fn as_text(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnionKind {
    OneOf,
    AnyOf,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnionType {
    pub kind: UnionKind,
    pub variants: Vec<TypeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Discriminator {
    /// The property that carries the tag.
    pub property: String,
    /// tag value → IR type name, in a stable order (explicit mapping first,
    /// then implicit names).
    pub mapping: Vec<(String, String)>,
}

/// A reference to a type from a field, parameter, body or another type.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Named(String),
    Primitive(Primitive),
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Any,
    /// The inner type or `null`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// The type without its outer nullability.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    /// Wraps in `Nullable` unless already nullable.
    pub fn nullable(self) -> TypeRef {
        if self.is_nullable() {
            self
        } else {
            TypeRef::Nullable(Box::new(self))
        }
    }

    /// Every named type this reference mentions.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => i.named(out),
            TypeRef::Primitive(_) | TypeRef::Any => {}
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(tag = "type", content = "format", rename_all = "snake_case")]
pub enum Primitive {
    String(StringFormat),
    Integer(IntFormat),
    Number(NumberFormat),
    Boolean,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum StringFormat {
    Plain,
    DateTime,
    Date,
    Uuid,
    Uri,
    Byte,
    Binary,
    Email,
    /// Any other format string, kept verbatim.
    Other(String),
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum IntFormat {
    Int32,
    Int64,
    /// No format: emitters treat it as int64 to be safe.
    Unspecified,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum NumberFormat {
    Float,
    Double,
    Unspecified,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Operation {
    pub id: String,
    /// True when the spec gave no operationId and specsmith made one up.
    pub id_synthesized: bool,
    pub method: Method,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub docs: Docs,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Responses ordered as in the spec.
    pub responses: Vec<Response>,
    /// `None`: the global requirement applies. `Some(vec![])`: no security.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    pub extensions: BTreeMap<String, Value>,
    /// The sunset day (`YYYY-MM-DD`) from `x-sunset` or a `Sunset` response
    /// header's example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
    /// `x-stability-level`, when it names one of the four levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability: Option<lifecycle::Stability>,
    /// Set for a request the API sends (a webhook or a callback): the
    /// provider sends its request and the subscriber answers with its
    /// responses. `path` then holds the webhook's name or the callback's
    /// URL expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound: Option<Outbound>,
    /// `x-specsmith-name`: what the operation's method and types are spelled
    /// from instead of its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<String>,
    pub loc: Loc,
}

/// Where a request the API sends is declared.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outbound {
    /// `webhooks/<name>` (OpenAPI 3.1).
    Webhook { name: String },
    /// `paths/<path>/<method>/callbacks/<name>/<expression>`: a callback of
    /// the operation `method path`.
    Callback {
        method: Method,
        path: String,
        name: String,
        expression: String,
    },
}

impl Parameter {
    /// Is the value a JSON document (`content` with a JSON media type) rather
    /// than text?
    pub fn is_json(&self) -> bool {
        self.content_type
            .as_deref()
            .is_some_and(|c| c.split(';').next().unwrap_or(c).trim().ends_with("json"))
    }
}

impl Operation {
    /// How findings name the operation: `GET /sandboxes/{sandboxId}`, or for
    /// a request the API sends, where it is declared (`webhooks.newPet.post`,
    /// `paths./subscribe.post.callbacks.onEvent.{$request.body#/url}.post`).
    pub fn label(&self) -> String {
        let m = self.method.as_str();
        match &self.outbound {
            None => format!("{} {}", m.to_ascii_uppercase(), self.path),
            Some(Outbound::Webhook { name }) => format!("webhooks.{name}.{m}"),
            Some(Outbound::Callback {
                method,
                path,
                name,
                expression,
            }) => format!(
                "paths.{path}.{}.callbacks.{name}.{expression}.{m}",
                method.as_str()
            ),
        }
    }

    /// The text the operation's identifiers are spelled from.
    pub fn naming_source(&self) -> &str {
        self.name_hint.as_deref().unwrap_or(&self.id)
    }

    /// The security requirements that apply, falling back to the API's.
    pub fn effective_security<'a>(&'a self, api: &'a Api) -> &'a [SecurityRequirement] {
        self.security.as_deref().unwrap_or(&api.security)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    /// The media type of a parameter declared with `content` (its value is
    /// that document, `application/json` for a JSON value), instead of a
    /// `schema` serialised by `style`; `ty` is the media type's schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    pub deprecated: bool,
    pub docs: Docs,
    /// Validation keywords of the parameter's schema.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// `x-specsmith-name` on the parameter: what its identifier is spelled from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<String>,
    pub loc: Loc,
}

impl Parameter {
    /// The text the parameter's identifier is spelled from.
    pub fn naming_source(&self) -> &str {
        self.name_hint.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub content: Vec<MediaType>,
    pub docs: Docs,
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MediaType {
    pub content_type: String,
    /// `None` when the media type has no schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Validation keywords of the body schema.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Response {
    /// `"200"`, `"4XX"` or `"default"`.
    pub status: String,
    pub docs: Docs,
    pub headers: Vec<Header>,
    pub content: Vec<MediaType>,
    pub loc: Loc,
}

impl Response {
    /// The JSON body type, if the response has one.
    pub fn json_type(&self) -> Option<&TypeRef> {
        json_media(&self.content).and_then(|m| m.ty.as_ref())
    }
}

impl RequestBody {
    /// The JSON body type, if the request has one.
    pub fn json_type(&self) -> Option<&TypeRef> {
        json_media(&self.content).and_then(|m| m.ty.as_ref())
    }
}

fn json_media(content: &[MediaType]) -> Option<&MediaType> {
    content
        .iter()
        .find(|m| m.content_type == "application/json")
        .or_else(|| content.iter().find(|m| m.content_type.ends_with("json")))
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Header {
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub deprecated: bool,
    pub docs: Docs,
    /// Validation keywords of the header's schema.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

/// The validation keywords of one schema as written (not those of a schema it
/// references). The type and format are in the [`TypeRef`]; these narrow the
/// values of that type further.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    /// `const`: the one value allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub const_value: Option<Value>,
    /// JSON Schema keywords the IR does not model (`not`, `if`, `then`,
    /// `else`, `dependentRequired`, `prefixItems`, `patternProperties` …),
    /// verbatim, so a change to them is seen.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub keywords: BTreeMap<String, Value>,
    /// The constraints of inline `items`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

impl Api {
    /// Looks a named type up; references inside one IR always resolve.
    pub fn get(&self, name: &str) -> Option<&NamedType> {
        self.types.get(name)
    }
}
