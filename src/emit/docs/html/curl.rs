//! A copyable `curl` request per operation: the first server, the path and
//! required query, header and cookie parameters filled from their examples
//! (else defaults, else a value from the vectors' sampler), the credentials
//! of the first security alternative as shell variables named after their
//! scheme, and the request body from the spec's example (else sampled).

use crate::naming::case::ToShoutySnakeCase;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::ir::{
    Api, MediaType, Operation, ParamLocation, Parameter, SecurityScheme, StringFormat, TypeKind,
    TypeRef,
};
use crate::vectors::Sampler;

/// What stays unescaped in a path segment or query value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The base URL when the spec names no absolute server.
const PLACEHOLDER_HOST: &str = "https://api.example.com";

/// The `curl` command for `op`, one option per line.
pub(super) fn curl(api: &Api, op: &Operation, sampler: &Sampler) -> String {
    let mut path = op.path.clone();
    let mut query: Vec<(String, Arg)> = Vec::new();
    let mut options: Vec<Arg> = Vec::new();

    for p in &op.parameters {
        if !p.required && p.docs.example.is_none() && p.location != ParamLocation::Path {
            continue;
        }
        let value = param_value(p, sampler);
        match p.location {
            ParamLocation::Path => {
                let text = flat(&value, ",");
                path = path.replace(
                    &format!("{{{}}}", p.name),
                    &utf8_percent_encode(&text, COMPONENT).to_string(),
                );
            }
            ParamLocation::Query => query_pairs(&p.name, &value, &mut query),
            ParamLocation::Header => options.push(Arg::plain(format!(
                "-H {}",
                Arg::plain(format!("{}: {}", p.name, flat(&value, ","))).quoted()
            ))),
            ParamLocation::Cookie => options.push(Arg::plain(format!(
                "--cookie {}",
                Arg::plain(format!("{}={}", p.name, flat(&value, ","))).quoted()
            ))),
        }
    }

    // Credentials: the first alternative that asks for any.
    let security = op.effective_security(api);
    if let Some(req) = security.iter().find(|r| !r.schemes.is_empty()) {
        for name in req.schemes.keys() {
            let var = format!("${}", name.to_shouty_snake_case());
            let Some(scheme) = api.security_schemes.get(name) else {
                continue;
            };
            match scheme {
                SecurityScheme::Http { scheme, .. } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => {
                        options.push(Arg::shell(format!("-u \"{}_USER:{}_PASSWORD\"", var, var)))
                    }
                    "bearer" => {
                        options.push(Arg::shell(format!("-H \"Authorization: Bearer {var}\"")))
                    }
                    other => options.push(Arg::shell(format!(
                        "-H \"Authorization: {} {var}\"",
                        dq_escape(other)
                    ))),
                },
                SecurityScheme::ApiKey { location, name } => match location {
                    ParamLocation::Query => query.push((name.clone(), Arg::shell(var))),
                    ParamLocation::Cookie => options.push(Arg::shell(format!(
                        "--cookie \"{}={var}\"",
                        dq_escape(name)
                    ))),
                    _ => options.push(Arg::shell(format!("-H \"{}: {var}\"", dq_escape(name)))),
                },
                SecurityScheme::OAuth2 | SecurityScheme::OpenIdConnect { .. } => {
                    options.push(Arg::shell(format!("-H \"Authorization: Bearer {var}\"")))
                }
                SecurityScheme::MutualTls => {
                    options.push(Arg::plain("--cert client.crt --key client.key".to_string()))
                }
            }
        }
    }

    if let Some(body) = &op.request_body {
        if let Some(media) = body.content.first() {
            body_options(api, media, sampler, &mut options);
        }
    }

    let mut url = format!("{}{}", base_url(api), path);
    let shell_query = query.iter().any(|(_, v)| v.shell);
    if !query.is_empty() {
        let pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| {
                let key = utf8_percent_encode(k, COMPONENT).to_string();
                if v.shell {
                    format!("{key}={}", v.text)
                } else {
                    format!("{key}={}", utf8_percent_encode(&v.text, COMPONENT))
                }
            })
            .collect();
        url.push('?');
        url.push_str(&pairs.join("&"));
    }
    let url = if shell_query {
        format!("\"{}\"", url.replace('`', "\\`"))
    } else {
        Arg::plain(url).quoted()
    };

    let mut lines = vec![if op.method.as_str() == "get" {
        format!("curl {url}")
    } else {
        format!("curl -X {} {url}", op.method.as_str().to_uppercase())
    }];
    lines.extend(options.into_iter().map(|a| a.text));
    lines.join(" \\\n  ")
}

/// A piece of the command: `shell` when it is already written for the shell
/// (it holds a `$VARIABLE`), else plain text still to be quoted.
struct Arg {
    text: String,
    shell: bool,
}

impl Arg {
    fn plain(text: String) -> Arg {
        Arg { text, shell: false }
    }
    fn shell(text: String) -> Arg {
        Arg { text, shell: true }
    }
    /// Single-quoted for a POSIX shell.
    fn quoted(&self) -> String {
        format!("'{}'", self.text.replace('\'', r"'\''"))
    }
}

/// Text safe inside shell double quotes.
fn dq_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The first server with its variables at their defaults, without a final
/// `/`; a relative server URL is put under a placeholder host.
fn base_url(api: &Api) -> String {
    let Some(server) = api.servers.first() else {
        return PLACEHOLDER_HOST.to_string();
    };
    let mut url = server.url.clone();
    for (name, var) in &server.variables {
        url = url.replace(&format!("{{{name}}}"), &var.default);
    }
    let url = url.trim_end_matches('/').to_string();
    if url.contains("://") {
        url
    } else {
        format!(
            "{PLACEHOLDER_HOST}{}{url}",
            if url.starts_with('/') { "" } else { "/" }
        )
    }
}

pub(crate) fn param_value(p: &Parameter, sampler: &Sampler) -> Value {
    p.docs
        .example
        .clone()
        .or_else(|| p.default.clone())
        .unwrap_or_else(|| sampler.sample(&p.ty))
}

/// A scalar as text; an array or object as its items joined with `sep`.
fn flat(value: &Value, sep: &str) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items
            .iter()
            .map(|v| flat(v, sep))
            .collect::<Vec<_>>()
            .join(sep),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), flat(v, sep)])
            .collect::<Vec<_>>()
            .join(sep),
        other => other.to_string(),
    }
}

/// Query pairs the way OpenAPI's default (`form`, exploded) writes them:
/// an array repeats the name, an object's properties become pairs.
fn query_pairs(name: &str, value: &Value, out: &mut Vec<(String, Arg)>) {
    match value {
        Value::Array(items) => {
            for item in items {
                out.push((name.to_string(), Arg::plain(flat(item, ","))));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                out.push((k.clone(), Arg::plain(flat(v, ","))));
            }
        }
        other => out.push((name.to_string(), Arg::plain(flat(other, ",")))),
    }
}

/// `key[sub][0]=value` pairs of a form body, the way Rails-style and Stripe
/// APIs read nested form fields.
pub(crate) fn form_pairs(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}[{k}]")
                };
                form_pairs(&key, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                form_pairs(&format!("{prefix}[{i}]"), v, out);
            }
        }
        other => out.push((prefix.to_string(), flat(other, ","))),
    }
}

/// The value a sample sends for `op`'s parameter `wire` in `location`, the
/// one the `curl` sample and the SDK calls share.
pub(crate) fn example_param(
    op: &Operation,
    sampler: &Sampler,
    wire: &str,
    location: ParamLocation,
) -> Option<Value> {
    op.parameters
        .iter()
        .find(|p| p.name == wire && p.location == location)
        .map(|p| param_value(p, sampler))
}

/// The body a sample sends for `op` as `content_type`, if the operation
/// takes one in that media type.
pub(crate) fn example_body(op: &Operation, sampler: &Sampler, content_type: &str) -> Option<Value> {
    let media = op
        .request_body
        .as_ref()?
        .content
        .iter()
        .find(|m| m.content_type == content_type)?;
    Some(body_value(media, sampler))
}

/// The body a sample sends for `media`: its example, else one made from
/// its schema.
pub(crate) fn body_value(media: &MediaType, sampler: &Sampler) -> Value {
    media
        .example
        .clone()
        .or_else(|| media.ty.as_ref().map(|t| sampler.sample(t)))
        .unwrap_or(Value::Null)
}

fn body_options(api: &Api, media: &MediaType, sampler: &Sampler, options: &mut Vec<Arg>) {
    let ct = media.content_type.to_ascii_lowercase();
    let value = || body_value(media, sampler);
    let header = |options: &mut Vec<Arg>| {
        options.push(Arg::plain(format!(
            "-H {}",
            Arg::plain(format!("Content-Type: {}", media.content_type)).quoted()
        )));
    };
    if ct == "application/json" || ct.ends_with("+json") || ct.starts_with("application/json;") {
        header(options);
        let text = serde_json::to_string_pretty(&value()).unwrap_or_default();
        options.push(Arg::plain(format!(
            "--data-raw {}",
            Arg::plain(text).quoted()
        )));
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        let mut pairs = Vec::new();
        form_pairs("", &value(), &mut pairs);
        for (k, v) in pairs {
            options.push(Arg::plain(format!(
                "--data-urlencode {}",
                Arg::plain(format!("{k}={v}")).quoted()
            )));
        }
        if options.iter().all(|a| !a.text.starts_with("--data")) {
            header(options);
        }
    } else if ct.starts_with("multipart/") {
        for (k, text) in multipart_parts(api, media.ty.as_ref(), &value()) {
            let text = match text {
                Some(text) => format!("{k}={text}"),
                None => format!("{k}=@{k}.bin"),
            };
            options.push(Arg::plain(format!("-F {}", Arg::plain(text).quoted())));
        }
    } else if ct.starts_with("text/") {
        header(options);
        let text = body_text(&value());
        options.push(Arg::plain(format!(
            "--data-raw {}",
            Arg::plain(text).quoted()
        )));
    } else {
        header(options);
        options.push(Arg::plain("--data-binary @body.bin".to_string()));
    }
}

/// The parts of a multipart body (schema `ty`) sent for `value`, an
/// object: (name, its text), the text `None` for a binary part, which is
/// sent from the file `<name>.bin`. An object or array part is its JSON.
pub(crate) fn multipart_parts(
    api: &Api,
    ty: Option<&TypeRef>,
    value: &Value,
) -> Vec<(String, Option<String>)> {
    let binary = |name: &str| -> bool {
        let Some(TypeRef::Named(n)) = ty.map(TypeRef::non_null) else {
            return false;
        };
        match api.get(n).map(|t| &t.kind) {
            Some(TypeKind::Object(obj)) => obj
                .fields
                .iter()
                .any(|f| f.name == name && is_binary(&f.ty)),
            _ => false,
        }
    };
    let Value::Object(map) = value else {
        return Vec::new();
    };
    map.iter()
        .map(|(k, v)| {
            let text = if binary(k) {
                None
            } else if v.is_object() || v.is_array() {
                Some(v.to_string())
            } else {
                Some(flat(v, ","))
            };
            (k.clone(), text)
        })
        .collect()
}

/// The text of a `text/*` body for `value`: a string as it is, anything
/// else flattened.
pub(crate) fn body_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => flat(other, ","),
    }
}

/// Whether a type is a binary string (sent as a file).
fn is_binary(ty: &TypeRef) -> bool {
    matches!(
        ty.non_null(),
        TypeRef::Primitive(crate::ir::Primitive::String(StringFormat::Binary))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quotes_are_closed_and_reopened() {
        assert_eq!(Arg::plain("it's".into()).quoted(), r"'it'\''s'");
    }

    #[test]
    fn form_fields_nest_with_brackets() {
        let mut out = Vec::new();
        form_pairs(
            "",
            &serde_json::json!({"a": 1, "b": {"c": "x", "d": [true]}}),
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                ("a".to_string(), "1".to_string()),
                ("b[c]".to_string(), "x".to_string()),
                ("b[d][0]".to_string(), "true".to_string()),
            ]
        );
    }

    #[test]
    fn double_quoted_text_escapes_expansions() {
        assert_eq!(dq_escape(r#"a"$`\"#), r#"a\"\$\`\\"#);
    }
}
