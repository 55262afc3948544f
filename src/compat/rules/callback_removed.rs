//! `callback-removed`: a callback of an operation that is still there is gone.

use serde_json::json;

use crate::compat::engine::{path_shape, Cx, OutboundDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};
use crate::ir::Outbound;

pub static META: RuleMeta = RuleMeta {
    id: "callback-removed",
    change: "callback-removed",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a callback of an operation was removed while the operation stays",
    explain: "A callback is a request the API sends back to a URL the client gave when calling the \
operation. When it is removed, clients that wait for it wait forever.\n\nA callback is matched by its \
operation (method and path, declared path renames applied), its name under `callbacks`, its URL \
expression and its method; a callback whose name is new is matched by its URL expression alone (a \
renamed callback key changes nothing on the wire). When the operation itself is removed, that is \
`operation-removed` alone.\n\nFix: keep sending the callback, or deprecate it first and remove it in \
a major release.",
};

pub fn check(cx: &Cx, d: &OutboundDiff, s: &mut Sink) {
    for op in &d.removed {
        let Some(Outbound::Callback { method, path, .. }) = &op.outbound else {
            continue;
        };
        let want = path_shape(&cx.head_path(path));
        let owner_kept = cx
            .head
            .operations
            .iter()
            .any(|o| o.method == *method && path_shape(&o.path) == want);
        if !owner_kept {
            continue;
        }
        s.report(
            &META,
            Direction::Response,
            op_label(op),
            Some(&op.loc),
            None,
            format!(
                "{} was removed: clients that call the operation no longer receive it",
                op_label(op)
            ),
        )
        .witness(json!({ "callback": op_label(op) }));
    }
}
