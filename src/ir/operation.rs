//! The operations of the IR: a method and path with its parameters, request
//! body and responses, and the requests the API sends (webhooks, callbacks).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{lifecycle, Api, BoxedConstraints, Constraints, Docs, SecurityRequirement, TypeRef};
use crate::diag::Loc;

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
    pub constraints: BoxedConstraints,
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
    /// Is the value a JSON document (`content` with a JSON media type) rather
    /// than text?
    pub fn is_json(&self) -> bool {
        self.content_type
            .as_deref()
            .is_some_and(|c| c.split(';').next().unwrap_or(c).trim().ends_with("json"))
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
    pub constraints: BoxedConstraints,
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
    pub constraints: BoxedConstraints,
}
