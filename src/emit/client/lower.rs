//! Lowers the IR to the client model: servers, security schemes, and per
//! operation its parameters with their resolved style, the request body it
//! sends and how each response status is read.

use super::{
    Auth, BodyKind, ClientAlias, ClientBody, ClientModel, ClientOp, ClientParam, ClientResponse,
    ClientServer, StatusMatch, Style, ValueShape,
};
use crate::emit::{sdk, Shims};
use crate::ir::{Api, MediaType, Method, ParamLocation, Parameter, SecurityScheme, TypeRef};

impl ClientModel {
    /// The client model of `api`; `shims` brings the renamed operations.
    pub fn new(api: &Api, shims: &Shims) -> ClientModel {
        let servers = api
            .servers
            .iter()
            .map(|s| ClientServer {
                url: s.url.clone(),
                description: s.description.clone(),
                variables: s
                    .variables
                    .iter()
                    .map(|(n, v)| (n.clone(), v.default.clone(), v.values.clone()))
                    .collect(),
            })
            .collect();
        let schemes = api
            .security_schemes
            .iter()
            .map(|(name, s)| (name.clone(), auth(s)))
            .collect();
        let operations: Vec<ClientOp> = api
            .operations
            .iter()
            .filter(|o| o.outbound.is_none())
            .map(|o| {
                let mut params: Vec<ClientParam> =
                    o.parameters.iter().map(|p| param(api, p)).collect();
                params.sort_by_key(|p| p.location);
                ClientOp {
                    id: o.id.clone(),
                    source: o.naming_source().to_string(),
                    id_synthesized: o.id_synthesized,
                    method: o.method,
                    path: o.path.clone(),
                    tag: o.tags.first().cloned(),
                    summary: o.summary.clone(),
                    description: o.docs.description.clone(),
                    deprecated: o.deprecated,
                    params,
                    body: o.request_body.as_ref().and_then(|b| {
                        choose_body(&b.content).map(|(m, kind)| ClientBody {
                            content_type: m.content_type.clone(),
                            kind,
                            ty: m.ty.clone(),
                            required: b.required,
                        })
                    }),
                    responses: o
                        .responses
                        .iter()
                        .filter_map(|r| {
                            let status = StatusMatch::parse(&r.status)?;
                            let ty = r.json_type().cloned();
                            Some(ClientResponse {
                                status,
                                label: r.status.clone(),
                                success: status.is_success(),
                                raw: ty.is_none() && !r.content.is_empty(),
                                ty,
                                description: r.docs.text().map(str::to_string),
                            })
                        })
                        .collect(),
                    security: o
                        .effective_security(api)
                        .iter()
                        .map(|req| req.schemes.keys().cloned().collect())
                        .collect(),
                    idempotent: matches!(
                        o.method,
                        Method::Get
                            | Method::Head
                            | Method::Options
                            | Method::Put
                            | Method::Delete
                            | Method::Trace
                    ),
                }
            })
            .collect();
        let aliases = shims
            .operation_aliases
            .iter()
            .filter_map(|(old, a)| {
                let target = operations.iter().position(|o| o.id == a.to)?;
                Some(ClientAlias {
                    old: old.clone(),
                    target,
                    until: a.until.clone(),
                })
            })
            .collect();
        ClientModel {
            title: api.title.clone(),
            version: api.version.clone(),
            servers,
            schemes,
            operations,
            aliases,
        }
    }
}

fn auth(s: &SecurityScheme) -> Auth {
    match s {
        SecurityScheme::ApiKey { location, name } => Auth::ApiKey {
            location: *location,
            name: name.clone(),
        },
        SecurityScheme::Http { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Auth::Bearer { oauth: false }
        }
        SecurityScheme::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Auth::Basic,
        SecurityScheme::Http { scheme, .. } => Auth::External {
            what: format!("HTTP `{scheme}` authentication"),
        },
        SecurityScheme::OAuth2 | SecurityScheme::OpenIdConnect { .. } => {
            Auth::Bearer { oauth: true }
        }
        SecurityScheme::MutualTls => Auth::External {
            what: "mutual TLS".into(),
        },
    }
}

fn param(api: &Api, p: &Parameter) -> ClientParam {
    let style = p
        .style
        .as_deref()
        .and_then(Style::parse)
        .unwrap_or_else(|| Style::default_for(p.location));
    let shape = if p.is_json() {
        ValueShape::Json
    } else {
        shape(api, &p.ty)
    };
    ClientParam {
        wire: p.name.clone(),
        source: p.naming_source().to_string(),
        location: p.location,
        required: p.required || p.location == ParamLocation::Path,
        ty: p.ty.clone(),
        shape,
        style,
        explode: p.explode.unwrap_or(style == Style::Form),
        deprecated: p.deprecated,
        doc: p.docs.text().map(str::to_string),
    }
}

fn shape(api: &Api, ty: &TypeRef) -> ValueShape {
    match sdk::json_kind(api, ty) {
        sdk::JsonKind::Array => ValueShape::Array,
        sdk::JsonKind::Object => ValueShape::Object,
        _ => ValueShape::Scalar,
    }
}

/// The media type a client sends: JSON first, then a form, multipart, raw
/// bytes, then text.
fn choose_body(content: &[MediaType]) -> Option<(&MediaType, BodyKind)> {
    let base = |m: &MediaType| {
        m.content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    let kinds = [
        (
            BodyKind::Json,
            &(|c: &str| c == "application/json" || c.ends_with("+json") || c.ends_with("/json"))
                as &dyn Fn(&str) -> bool,
        ),
        (BodyKind::Form, &|c: &str| {
            c == "application/x-www-form-urlencoded"
        }),
        (BodyKind::Multipart, &|c: &str| c.starts_with("multipart/")),
        (BodyKind::Bytes, &|c: &str| {
            c == "application/octet-stream"
                || c.starts_with("image/")
                || c.starts_with("audio/")
                || c.starts_with("video/")
                || c == "*/*"
                || c.starts_with("application/")
        }),
        (BodyKind::Text, &|c: &str| c.starts_with("text/")),
    ];
    for (kind, test) in kinds {
        if let Some(m) = content.iter().find(|m| test(&base(m))) {
            return Some((m, kind));
        }
    }
    content.first().map(|m| (m, BodyKind::Bytes))
}
