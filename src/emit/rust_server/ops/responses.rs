//! The body, and one response variant per documented status.

use super::*;

pub(super) fn body(types: &Types, op: &Operation, diags: &mut Vec<Diagnostic>) -> Option<BodyPlan> {
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
            ty: types.render_text(t, Scope::Outside, None),
            required: b.required,
        });
    }
    Some(BodyPlan::Raw {
        required: b.required,
    })
}

/// `(code, variant, StatusCode constant)` for the statuses with a name.
pub(super) const STATUSES: &[(u16, &str, &str)] = &[
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

/// The `StatusCode` expression for a code, as source text.
pub fn status_text(code: u16) -> String {
    match STATUSES.iter().find(|(c, _, _)| *c == code) {
        Some((_, _, konst)) => format!("StatusCode::{konst}"),
        None => {
            format!("StatusCode::from_u16({code}).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)")
        }
    }
}

pub(super) fn responses(
    types: &Types,
    op: &Operation,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ResponsePlan> {
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
                    ty: types.render_text(t, Scope::Outside, None),
                    content_type: checked_content_type(ct, op, &r.loc, diags),
                    json: true,
                })
            }
            None => r.content.first().map(|m| ResponseBody {
                ty: "Bytes".into(),
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
                ty: "serde_json::Value".into(),
                content_type: "application/json".into(),
                json: true,
            }),
            headers: Vec::new(),
        });
    }
    out
}

pub(super) fn bad_status(op: &Operation, status: &str, loc: &Loc) -> Diagnostic {
    Diagnostic::new(
        "server-bad-status",
        Severity::Warning,
        loc.clone(),
        format!("rust-server: response `{status}` of `{}` is not an HTTP status code, a range like `4XX` or `default`; it is left out", op.id),
    )
}

/// A content type the router can send as a static header value.
pub(super) fn checked_content_type(
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

pub(super) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A response header's field type, and whether it is text.
pub(super) fn header_type(
    types: &Types,
    t: &TypeRef,
    op: &Operation,
    name: &str,
    loc: &Loc,
    diags: &mut Vec<Diagnostic>,
) -> (String, bool) {
    match types.resolve(t) {
        TypeRef::Primitive(Primitive::String(_)) => ("String".into(), true),
        TypeRef::Primitive(p) => (
            crate::emit::rust_types::types::primitive_text(p, Scope::Outside).into_owned(),
            false,
        ),
        TypeRef::Named(n)
            if matches!(types.api.get(n).map(|t| &t.kind), Some(TypeKind::Enum(_))) =>
        {
            (types.path_text(n, Scope::Outside), false)
        }
        _ => {
            diags.push(Diagnostic::new(
                "fidelity-response-header",
                Severity::Warning,
                loc.clone(),
                format!("rust-server: header `{name}` of `{}` has a structured type; the handler supplies its text", op.id),
            ));
            ("String".into(), true)
        }
    }
}
