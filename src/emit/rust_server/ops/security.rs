//! Credentials, served old paths and the error body.

use super::*;

pub(super) fn schemes(api: &Api, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, SchemePlan> {
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

pub(super) fn auth(
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

pub(super) fn old_paths(
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
pub(super) fn error_body(types: &Types, diags: &mut Vec<Diagnostic>) -> ErrorBody {
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
pub(super) fn empty_value(types: &Types, t: &TypeRef) -> Option<TokenStream> {
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
