//! `stability-decreased`: an operation's `x-stability-level` went down.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "stability-decreased",
    change: "stability",
    levels: Levels {
        wire: W,
        codegen: W,
        strict: E,
    },
    bump: Bump::Major,
    summary:
        "an operation's `x-stability-level` went down (`stable` to `beta`, `beta` to `alpha` …)",
    explain: "`x-stability-level` ranks `draft` < `alpha` < `beta` < `stable`. Lowering it takes \
back a promise: clients that built on a `stable` operation learn it may now change without notice. \
Nothing on the wire changed yet, so this is a warning (an error under `strict`).\n\nFix: keep the \
level, or deprecate the operation and offer a stable replacement.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    let (Some(b), Some(h)) = (p.base.stability, p.head.stability) else {
        return;
    };
    if h < b {
        s.report(
            &META,
            Direction::Both,
            op_label(p.base),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "{}: `x-stability-level` went from `{}` to `{}`",
                op_label(p.base),
                b.as_str(),
                h.as_str()
            ),
        )
        .witness(json!({ "request": op_label(p.base) }));
    }
}
