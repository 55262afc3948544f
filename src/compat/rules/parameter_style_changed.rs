//! `parameter-style-changed`: a parameter is serialised differently.

use serde_json::json;

use crate::compat::engine::{op_label, Cx, ParameterPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};
use crate::ir::{ParamLocation, Parameter};

pub static META: RuleMeta = RuleMeta {
    id: "parameter-style-changed",
    change: "parameter-style",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a parameter's `style` or `explode` changed",
    explain: "`style` and `explode` decide how arrays and objects are written into the URL or header \
(`ids=1,2` versus `ids=1&ids=2`). Old clients keep the old form, which the server now parses \
differently.\n\nDefaults are applied before comparing (query and cookie: `form`, exploded; path and \
header: `simple`, not exploded).\n\nFix: keep the old serialisation.",
};

fn effective(p: &Parameter) -> (String, bool) {
    let default_style = match p.location {
        ParamLocation::Query | ParamLocation::Cookie => "form",
        ParamLocation::Path | ParamLocation::Header => "simple",
    };
    let style = p.style.clone().unwrap_or_else(|| default_style.to_string());
    let explode = p.explode.unwrap_or(style == "form");
    (style, explode)
}

pub fn check(_cx: &Cx, p: &ParameterPair, s: &mut Sink) {
    let (b, h) = (effective(p.base), effective(p.head));
    if b != h {
        s.report(
            &META,
            Direction::Request,
            format!("{} {} {}", p.op.id, p.base.location.as_str(), p.base.name),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "{}: parameter `{}` changed from style {} (explode {}) to style {} (explode {})",
                op_label(p.op),
                p.base.name,
                b.0,
                b.1,
                h.0,
                h.1
            ),
        )
        .witness(json!({ "request": op_label(p.op), "style": b.0, "explode": b.1 }));
    }
}
