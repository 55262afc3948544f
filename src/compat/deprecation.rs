//! What the compat rules ask of an operation's future beyond its typed
//! fields (`sunset`, `stability`, read at lowering by `crate::ir::lifecycle`):
//! deprecation (`deprecated: true` or a `Deprecation` response header), and
//! whether its stability level promises anything yet.

use crate::ir::lifecycle::Stability;
use crate::ir::Operation;

/// Is the operation deprecated, by the flag or by a `Deprecation` response header?
pub fn deprecated(op: &Operation) -> bool {
    op.deprecated
        || op.responses.iter().any(|r| {
            r.headers
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case("deprecation"))
        })
}

/// An operation published as `draft` or `alpha` promises nothing yet.
pub fn unstable(op: &Operation) -> bool {
    op.stability.is_some_and(Stability::is_unstable)
}
