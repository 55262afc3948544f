//! One handler per operation: the credential check, each parameter read and
//! validated into the operation's input, and the output turned into a response.
//! The per-operation items are written as text in prettyplease's layout; the
//! credential types' impls are token streams.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::ops::{
    status_text, AuthPlan, BodyPlan, ListStyle, OpPlan, ParamPlan, ParamValue, Plan, SchemeKind,
    StatusKind, VariantShape,
};
use super::{handler_name, Needs};
use crate::emit::rust_types::text;
use crate::emit::rust_types::types::{ident, ident_text};
use crate::ir::ParamLocation;

/// An operation's handler, as text in prettyplease's layout (a line only
/// prettyplease knows how to break sends the handler to it, see
/// [`text::finish`]), and the `extract` impl of its input.
pub(super) fn handler(
    plan: &Plan,
    op: &OpPlan,
    needs: &mut Needs,
    layouts: &mut FieldLayouts,
) -> Result<(String, Option<String>), syn::Error> {
    let name = handler_name(op);
    let m = ident_text(&op.method);
    let output = ident_text(&op.output);
    let needs_request = !matches!(op.auth, AuthPlan::None) || op.input.is_some();
    let mut out = String::new();
    let state = ("State(api)".to_string(), "State<Arc<A>>".to_string());
    let head = format!("async fn {name}<A: Api>");
    if !needs_request {
        text::signature(&mut out, 0, &head, &[state], &format!(" -> {output} {{"));
        text::line_fmt(&mut out, 4, format_args!("api.{m}().await"));
        out.push_str("}\n");
        return Ok((text::finish(out)?, None));
    }
    needs.add("Incoming");
    let params = [state, ("request".to_string(), "Incoming".to_string())];
    let tail = format!(" -> Result<{output}, Rejection> {{");
    text::signature(&mut out, 0, &head, &params, &tail);
    auth_stmt(&mut out, plan, op, needs);
    let mut args = Vec::new();
    if !matches!(op.auth, AuthPlan::None) {
        args.push("auth");
    }
    let extract = match &op.input {
        Some(i) => {
            let i = ident_text(i);
            text::line_fmt(
                &mut out,
                4,
                format_args!("let input = {i}::extract(&request)?;"),
            );
            args.push("input");
            Some(input_extract(op, needs, layouts)?)
        }
        None => None,
    };
    text::line_fmt(
        &mut out,
        4,
        format_args!("Ok(api.{m}({}).await)", args.join(", ")),
    );
    out.push_str("}\n");
    Ok((text::finish(out)?, extract))
}

pub(super) fn missing_credential_message(plan: &Plan, scheme: &str) -> String {
    match &plan.schemes[scheme].kind {
        SchemeKind::ApiKey { location, name } => match location {
            ParamLocation::Header => format!("an API key is required in the `{name}` header"),
            ParamLocation::Query => {
                format!("an API key is required in the `{name}` query parameter")
            }
            ParamLocation::Cookie => format!("an API key is required in the `{name}` cookie"),
            ParamLocation::Path => format!("an API key is required in the `{name}` path parameter"),
        },
        SchemeKind::Authorization { scheme } => {
            format!("credentials are required in an `Authorization: {scheme}` header")
        }
        SchemeKind::Transport => "a client certificate is required".into(),
    }
}

/// The statement that binds `auth`, if the operation takes credentials.
fn auth_stmt(out: &mut String, plan: &Plan, op: &OpPlan, needs: &mut Needs) {
    match &op.auth {
        AuthPlan::None => {}
        AuthPlan::One(s) => {
            needs.add("unauthorized");
            let t = ident_text(&plan.schemes[s].ty);
            needs.add_owned(format!("require {}", plan.schemes[s].ty));
            text::line_fmt(out, 4, format_args!("let auth = {t}::require(&request)?;"));
        }
        AuthPlan::Alternatives { ty, variants } => {
            let enum_ty = ident_text(ty);
            let mut anonymous = None;
            let mut messages = Vec::new();
            let mut opening = "let auth = if";
            for (v, schemes) in variants {
                let v = ident_text(v);
                if schemes.is_empty() {
                    anonymous = Some(format!("{enum_ty}::{v}"));
                    continue;
                }
                let vars: Vec<String> = (0..schemes.len())
                    .map(|i| format!("credential{i}"))
                    .collect();
                let tys: Vec<_> = schemes
                    .iter()
                    .map(|s| ident_text(&plan.schemes[s].ty))
                    .collect();
                messages.push(
                    schemes
                        .iter()
                        .map(|s| missing_credential_message(plan, s))
                        .collect::<Vec<_>>()
                        .join(" and "),
                );
                // Several credentials make a line prettyplease breaks.
                let cond = if schemes.len() == 1 {
                    format!("let Some({}) = {}::extract(&request)", vars[0], tys[0])
                } else {
                    let pats: Vec<_> = vars.iter().map(|v| format!("Some({v})")).collect();
                    let calls: Vec<_> = tys
                        .iter()
                        .map(|t| format!("{t}::extract(&request)"))
                        .collect();
                    format!("let ({}) = ({})", pats.join(", "), calls.join(", "))
                };
                text::line_fmt(out, 4, format_args!("{opening} {cond} {{"));
                text::line_fmt(out, 8, format_args!("{enum_ty}::{v}({})", vars.join(", ")));
                opening = "} else if";
            }
            text::line(out, 4, "} else {");
            match anonymous {
                Some(a) => text::line(out, 8, &a),
                None => {
                    needs.add("unauthorized");
                    let msg = format!("one of these is required: {}", messages.join("; or "));
                    unauthorized(out, &text::lit(&msg));
                }
            }
            text::line(out, 4, "};");
        }
    }
}

/// `return Err(Rejection::unauthorized(msg))` as the last expression of a
/// block at indent 8: on one line when it fits, each call broken when even
/// the inner one does not fit, and otherwise on one line too long, for
/// prettyplease to break.
fn unauthorized(out: &mut String, msg: &str) {
    let call = format!("Rejection::unauthorized({msg})");
    let flat = format!("return Err({call})");
    if 8 + flat.len() <= text::MARGIN || 12 + call.len() <= text::MARGIN {
        text::line(out, 8, &flat);
        return;
    }
    text::line(out, 8, "return Err(");
    text::line(out, 12, "Rejection::unauthorized(");
    text::line_fmt(out, 16, format_args!("{msg},"));
    text::line(out, 12, "),");
    text::line(out, 8, ")");
}

/// The raw value accessor of a parameter: an `Option<&str>` expression.
fn raw_value(p: &ParamPlan, needs: &mut Needs) -> String {
    let name = text::lit(&p.p.name);
    match p.p.location {
        ParamLocation::Path => {
            needs.add("path");
            let key = text::lit(p.path_key.as_deref().unwrap_or_default());
            format!("request.path({key})")
        }
        ParamLocation::Query => {
            needs.add("query");
            format!("request.query({name})")
        }
        ParamLocation::Header => {
            needs.add("header");
            let lower = text::lit(&p.p.name.to_ascii_lowercase());
            format!("request.header({lower})?")
        }
        ParamLocation::Cookie => {
            needs.add("cookie");
            format!("request.cookie({name})")
        }
    }
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The expression that reads and validates a parameter, on one line.
fn param_expr(p: &ParamPlan, needs: &mut Needs) -> String {
    let what = text::lit(&format!("{} `{}`", location_word(p.p.location), p.p.name));
    let parse = |raw: String, needs: &mut Needs| -> String {
        match &p.value {
            ParamValue::Text => format!("{raw}.to_owned()"),
            ParamValue::Parsed { expected, .. } => {
                needs.add("parse_param");
                format!("parse_param({raw}, {what}, {})?", text::lit(expected))
            }
        }
    };
    if let Some(style) = p.list {
        let values = if style == ListStyle::Repeated && p.p.location == ParamLocation::Query {
            needs.add("query_all");
            format!("request.query_all({})", text::lit(&p.p.name))
        } else {
            needs.add("split_list");
            let raw = raw_value(p, needs);
            format!("{raw}.map(split_list).unwrap_or_default()")
        };
        let values = if p.p.required {
            needs.add("required_list");
            format!("required_list({values}, {what})?")
        } else {
            values
        };
        return match &p.value {
            ParamValue::Text => format!("{values}.into_iter().map(str::to_owned).collect()"),
            ParamValue::Parsed { expected, .. } => {
                needs.add("parse_param");
                format!(
                    "{values}.into_iter().map(|raw| parse_param(raw, {what}, {})).collect::<Result<_, _>>()?",
                    text::lit(expected)
                )
            }
        };
    }
    let raw = raw_value(p, needs);
    if p.p.required {
        needs.add("required");
        return parse(format!("required({raw}, {what})?"), needs);
    }
    match (&p.value, &p.default) {
        (ParamValue::Text, Some(d)) => format!("{raw}.map_or_else(|| {d}, str::to_owned)"),
        (ParamValue::Text, None) => format!("{raw}.map(str::to_owned)"),
        (ParamValue::Parsed { expected, .. }, d) => {
            needs.add("parse_param");
            let opt = format!(
                "{raw}.map(|raw| parse_param(raw, {what}, {})).transpose()?",
                text::lit(expected)
            );
            match d {
                Some(d) => format!("{opt}.unwrap_or({d})"),
                None => opt,
            }
        }
    }
}

/// The `extract` impl of an operation's input, as text: each field's
/// expression on one line; when one is too wide for the margin, every
/// field in prettyplease's layout ([`FieldLayouts`]). An impl without
/// fields, or whose fields are short enough that prettyplease may keep
/// them on one line, is printed by prettyplease.
fn input_extract(
    op: &OpPlan,
    needs: &mut Needs,
    layouts: &mut FieldLayouts,
) -> Result<String, syn::Error> {
    let input = ident_text(op.input.as_deref().unwrap_or_default());
    let mut fields = Vec::new();
    for p in &op.params {
        fields.push(format!(
            "{}: {}",
            ident_text(&p.field),
            param_expr(p, needs)
        ));
    }
    if let Some(b) = &op.body {
        fields.push(format!("body: {}", body_expr(b, needs)));
    }
    // Each field on one line: prettyplease's layout when every field fits.
    let mut whole = String::new();
    text::line_fmt(&mut whole, 0, format_args!("impl {input} {{"));
    whole.push_str(EXTRACT_HEAD);
    let head = whole.len();
    for f in &fields {
        text::line_fmt(&mut whole, 12, format_args!("{f},"));
    }
    let mut out = whole[..head].to_string();
    whole.insert_str(head, "        Ok(Self {\n");
    whole.push_str("        })\n    }\n}\n");
    let flat = 7 + fields.iter().map(|f| f.len() + 2).sum::<usize>();
    if fields.is_empty() || flat <= 40 {
        return text::reprint(&whole);
    }
    // When a field is too wide, prettyplease lays out every field (it
    // breaks some that fit the margin here): each as [`FieldLayouts`] has
    // it printed.
    if fields.iter().all(|f| fits(f)) {
        return Ok(whole);
    }
    out.push_str("        Ok(Self {\n");
    for (i, f) in fields.iter().enumerate() {
        match layouts.of(f, i + 1 == fields.len())? {
            Some(lines) => out.push_str(lines),
            None => return text::reprint(&whole),
        }
    }
    out.push_str("        })\n    }\n}\n");
    #[cfg(debug_assertions)]
    assert_eq!(
        out,
        text::reprint(&whole)?,
        "the fields of `{input}`, laid out one by one"
    );
    Ok(out)
}

const EXTRACT_HEAD: &str = "    fn extract(request: &Incoming) -> Result<Self, Rejection> {\n";

/// Does a field of an `extract` impl, with its comma, fit the margin at the
/// struct's indentation (12 columns)?
fn fits(field: &str) -> bool {
    12 + field.len() < text::MARGIN
}

/// The expression that reads an operation's body.
fn body_expr(b: &BodyPlan, needs: &mut Needs) -> &'static str {
    match b {
        BodyPlan::Json { required: true, .. } => {
            needs.add("json_body");
            "request.json_body()?"
        }
        BodyPlan::Json {
            required: false, ..
        } => {
            needs.add("optional_json_body");
            "request.optional_json_body()?"
        }
        BodyPlan::Raw { required: true } => {
            needs.add("required_body");
            "request.required_body()?"
        }
        BodyPlan::Raw { required: false } => {
            needs.add("body");
            "(!request.body.is_empty()).then(|| request.body.clone())"
        }
    }
}

/// The lines prettyplease gives a field of an `extract` impl that it breaks,
/// by the field's text and whether it is the last. The struct is broken
/// with one field per line (a consistent break), and a field's layout
/// depends only on its own width and what follows it up to the next break:
/// its comma, which prettyplease counts only when another field follows.
/// So a field is printed once, alone or before a short field: Stripe's
/// `expand` list, for one, is a field of 300 operations. Debug builds
/// compare each impl with prettyplease's print of it whole. `None` for a
/// field prettyplease lays out in a way not expected here: the caller
/// prints the impl whole.
#[derive(Default)]
pub(super) struct FieldLayouts(std::collections::HashMap<(String, bool), Option<String>>);

impl FieldLayouts {
    fn of(&mut self, field: &str, last: bool) -> Result<Option<&str>, syn::Error> {
        const NEXT: &str = "            next: 0,\n";
        let key = (field.to_string(), last);
        if !self.0.contains_key(&key) {
            let mut alone = String::from("impl Input {\n");
            alone.push_str(EXTRACT_HEAD);
            alone.push_str("        Ok(Self {\n");
            text::line_fmt(&mut alone, 12, format_args!("{field},"));
            if !last {
                alone.push_str(NEXT);
            }
            alone.push_str("        })\n    }\n}\n");
            let printed = text::reprint(&alone)?;
            // Between the struct's own lines, which are prettyplease's
            // whatever the field (it breaks the struct, one field per line).
            let lines = printed
                .split_once("        Ok(Self {\n")
                .and_then(|(_, rest)| rest.rsplit_once("        })\n"))
                .and_then(|(lines, _)| match last {
                    true => Some(lines),
                    false => lines.strip_suffix(NEXT),
                })
                .map(str::to_string);
            self.0.insert(key.clone(), lines);
        }
        Ok(self.0.get(&key).and_then(Option::as_deref))
    }
}

pub(super) fn scheme_extract(
    s: &super::super::ops::SchemePlan,
    message: &str,
    needs: &mut Needs,
) -> TokenStream {
    let t = ident(&s.ty);
    let require = needs.has(&format!("require {}", s.ty)).then(|| {
        quote! {
            /// The credential, or a 401 that says what is missing.
            fn require(request: &Incoming) -> Result<Self, Rejection> {
                Self::extract(request).ok_or_else(|| Rejection::unauthorized(#message))
            }
        }
    });
    let body = match &s.kind {
        SchemeKind::ApiKey { location, name } => match location {
            ParamLocation::Header | ParamLocation::Path => {
                needs.add("credential_header");
                let lower = name.to_ascii_lowercase();
                quote!(request.credential_header(#lower).map(|value| Self(value.to_owned())))
            }
            ParamLocation::Query => {
                needs.add("query");
                quote! {
                    request
                        .query(#name)
                        .filter(|value| !value.is_empty())
                        .map(|value| Self(value.to_owned()))
                }
            }
            ParamLocation::Cookie => {
                needs.add("cookie");
                quote! {
                    request
                        .cookie(#name)
                        .filter(|value| !value.is_empty())
                        .map(|value| Self(value.to_owned()))
                }
            }
        },
        SchemeKind::Authorization { scheme } => {
            needs.add("authorization");
            quote!(request.authorization(#scheme).map(|value| Self(value.to_owned())))
        }
        SchemeKind::Transport => {
            return quote! {
                impl #t {
                    fn extract(_request: &Incoming) -> Option<Self> {
                        Some(Self)
                    }

                    #require
                }
            }
        }
    };
    quote! {
        impl #t {
            fn extract(request: &Incoming) -> Option<Self> {
                #body
            }

            #require
        }
    }
}

/// The `IntoResponse` impl of an operation's output, as text. An arm that
/// sets headers is written plainly and the item printed by prettyplease.
pub(super) fn into_response(op: &OpPlan, needs: &mut Needs) -> Result<String, syn::Error> {
    let mut arms = String::new();
    let mut plain = false;
    for r in &op.responses {
        let v = ident_text(&r.variant);
        let status = match r.status {
            StatusKind::Code(c) => status_text(c),
            _ => "status".to_string(),
        };
        let respond = |body: Option<&str>, needs: &mut Needs| -> String {
            match (&r.body, body) {
                (Some(b), Some(expr)) if b.json => {
                    needs.add("json_response");
                    let ct = text::lit(&b.content_type);
                    format!("json_response({status}, {ct}, &{expr})")
                }
                (Some(b), Some(expr)) => {
                    needs.add("bytes_response");
                    let ct = text::lit(&b.content_type);
                    format!("bytes_response({status}, {ct}, {expr})")
                }
                _ => format!("{status}.into_response()"),
            }
        };
        match r.shape() {
            VariantShape::Unit => {
                let e = respond(None, needs);
                text::arm(&mut arms, 12, &format!("Self::{v}"), &e);
            }
            VariantShape::Tuple => {
                let e = respond(Some("body"), needs);
                text::arm(&mut arms, 12, &format!("Self::{v}(body)"), &e);
            }
            VariantShape::Struct => {
                let mut fields: Vec<String> = Vec::new();
                if r.carries_status() {
                    fields.push("status".into());
                }
                if r.body.is_some() {
                    fields.push("body".into());
                }
                fields.extend(r.headers.iter().map(|h| ident_text(&h.field).into_owned()));
                let pat = format!("Self::{v} {{ {} }}", fields.join(", "));
                let e = respond(r.body.as_ref().map(|_| "body"), needs);
                if r.headers.is_empty() {
                    text::arm(&mut arms, 12, &pat, &e);
                    continue;
                }
                needs.add("with_header");
                plain = true;
                arms.push_str(&format!("{pat} => {{\nlet mut response = {e};\n"));
                for h in &r.headers {
                    let f = ident_text(&h.field);
                    let wire = text::lit(&h.wire);
                    let (value, set) = if h.is_text {
                        ("&value".to_string(), format!("&{f}"))
                    } else {
                        (
                            "&value.to_string()".to_string(),
                            format!("&{f}.to_string()"),
                        )
                    };
                    if h.required {
                        arms.push_str(&format!(
                            "response = with_header(response, {wire}, {set});\n"
                        ));
                    } else {
                        arms.push_str(&format!(
                            "if let Some(value) = {f} {{\nresponse = with_header(response, {wire}, {value});\n}}\n"
                        ));
                    }
                }
                arms.push_str("response\n}\n");
            }
        }
    }
    let mut out = String::new();
    text::impl_for(&mut out, "impl IntoResponse", &ident_text(&op.output));
    out.push_str("    fn into_response(self) -> Response {\n");
    text::block(&mut out, 8, "match self", &arms);
    out.push_str("    }\n}\n");
    if plain {
        text::reprint(&out)
    } else {
        text::finish(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{text, unauthorized};

    #[test]
    fn the_missing_credential_rejection_is_laid_out_as_prettyplease_lays_it_out() {
        // Messages around each width where the layout changes: flat, the
        // outer call broken (left to prettyplease), both calls broken.
        for len in 20..120 {
            let mut item = String::from(
                "fn f() {\n    let auth = if let Some(credential0) = A::extract(&request) {\n        E::A(credential0)\n    } else {\n",
            );
            unauthorized(&mut item, &text::lit(&"m".repeat(len)));
            item.push_str("    };\n}\n");
            let printed = prettyplease::unparse(&syn::parse_file(&item).unwrap());
            assert_eq!(text::finish(item).unwrap(), printed, "message of {len}");
        }
    }
}
