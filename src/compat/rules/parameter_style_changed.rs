//! `parameter-style-changed`: a parameter is serialised differently.

use serde_json::json;

use crate::compat::engine::{Cx, ParameterPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::Bump;
use crate::ir::{ParamLocation, Parameter};

pub static META: RuleMeta = RuleMeta {
    id: "parameter-style-changed",
    change: "parameter-style",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a parameter's `style` or `explode`, or the media type of its `content`, changed",
    explain: "`style` and `explode` decide how arrays and objects are written into the URL or header \
(`ids=1,2` versus `ids=1&ids=2`). Old clients keep the old form, which the server now parses \
differently.\n\nDefaults are applied before comparing (query and cookie: `form`, exploded; path and \
header: `simple`, not exploded). A parameter declared with `content` is written as a document of \
its media type (`content: {application/json: …}`: the JSON text of the value); changing that media type, \
or moving between `content` and `schema`, changes the serialisation too.\n\nFix: keep the old serialisation.",
};

/// How the value is written: `style form (explode true)`, or the media type
/// of a parameter declared with `content`.
fn serialisation(p: &Parameter) -> String {
    if let Some(ct) = &p.content_type {
        return format!("content {ct}");
    }
    let default_style = match p.location {
        ParamLocation::Query | ParamLocation::Cookie => "form",
        ParamLocation::Path | ParamLocation::Header => "simple",
    };
    let style = p.style.clone().unwrap_or_else(|| default_style.to_string());
    let explode = p.explode.unwrap_or(style == "form");
    format!("style {style} (explode {explode})")
}

pub fn check(_cx: &Cx, p: &ParameterPair, s: &mut Sink) {
    let (b, h) = (serialisation(p.base), serialisation(p.head));
    if b != h {
        s.report(
            &META,
            flows(p.op).0,
            format!("{} {} {}", p.op.id, p.base.location.as_str(), p.base.name),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "{}: parameter `{}` changed from {b} to {h}",
                op_label(p.op),
                p.base.name,
            ),
        )
        .witness(json!({ "request": op_label(p.op), "serialisation": b }));
    }
}
