//! `parameter-default-changed`: a parameter's `default` changed or was removed.

use crate::compat::engine::{Cx, ParameterPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "parameter-default-changed",
    change: "default",
    levels: Levels {
        wire: W,
        codegen: W,
        strict: W,
    },
    bump: Bump::Minor,
    summary: "a parameter's `default` changed or was removed",
    explain:
        "Clients that leave an optional parameter out get its default: a new default silently \
changes what their requests do (a page size, a sort order, a filter), and generated SDKs that fill \
the default in send the old value while others get the new one. No request is rejected, so this is \
a warning.\n\nFix: keep the old default, or call the change out in the release notes.",
};

pub fn check(_cx: &Cx, p: &ParameterPair, s: &mut Sink) {
    let Some(b) = &p.base.default else { return };
    let what = match &p.head.default {
        None => "was removed".to_string(),
        Some(h) if h != b => format!("changed from {b} to {h}"),
        Some(_) => return,
    };
    s.report(
        &META,
        Direction::Request,
        format!("{} parameter {}", op_label(p.op), p.base.name),
        Some(&p.base.loc),
        Some(&p.head.loc),
        format!(
            "{}: the default of {} parameter `{}` {what}",
            op_label(p.op),
            p.base.location.as_str(),
            p.base.name
        ),
    );
}
