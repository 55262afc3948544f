//! `unstable-operation-removed`: an operation published as `draft` or `alpha` was removed.

use crate::compat::deprecation::{deprecated, unstable};
use crate::compat::engine::{Cx, OperationsDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "unstable-operation-removed",
    change: "operation-removed",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: W,
    },
    bump: Bump::Minor,
    summary: "an operation marked `x-stability-level: draft` or `alpha` was removed",
    explain: "`x-stability-level` (`draft`, `alpha`, `beta`, `stable`) says how much an operation \
promises. A `draft` or `alpha` operation promises nothing yet, so removing it is reported as info \
rather than as `operation-removed` (a warning under `strict`).\n\nNothing to do, if clients were \
told what the stability levels mean.",
};

pub fn check(_cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in d.removed.iter().filter(|o| !deprecated(o) && unstable(o)) {
        let level = op.stability.map_or("", |l| l.as_str());
        s.report(
            &META,
            Direction::Both,
            op_label(op),
            Some(&op.loc),
            None,
            format!(
                "{} (`{}`, stability `{level}`) was removed",
                op_label(op),
                op.id
            ),
        );
    }
}
