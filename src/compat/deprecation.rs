//! What an operation says about its own future, as the compat rules ask it:
//! deprecation (`deprecated: true` or a `Deprecation` response header), and
//! the sunset date and stability level the lowering read into
//! [`Operation`] (see `crate::ir::lifecycle`).

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

/// The sunset date (`YYYY-MM-DD`), when the operation has one.
pub fn sunset(op: &Operation) -> Option<String> {
    op.sunset.clone()
}

/// The operation's `x-stability-level`, when it is one of the four levels.
pub fn stability(op: &Operation) -> Option<Stability> {
    op.stability
}

/// An operation published as `draft` or `alpha` promises nothing yet.
pub fn unstable(op: &Operation) -> bool {
    op.stability.is_some_and(Stability::is_unstable)
}
