//! `const-changed`: a `const` value changed.

use crate::compat::constraints::{ConstraintPair, Way};
use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "const-changed",
    change: "const",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a `const` value changed",
    explain: "A `const` allows exactly one value, so changing it replaces the value outright: requests \
that send the old value are rejected, and responses carry a value that clients comparing against the \
old one (a type tag, a literal type in a generated SDK) do not expect. Unlike an open enum, a const \
has no room for another value.\n\nFix: keep the old value, or accept both (an `enum` of the two) for \
a deprecation period.",
};

pub fn check(cx: &Cx, p: &ConstraintPair, s: &mut Sink) {
    for c in p.changes(cx.base) {
        if c.keyword != "const" || c.way != Way::Both {
            continue;
        }
        let r = s.report(
            &META,
            p.direction,
            p.subject.clone(),
            Some(p.base_loc),
            Some(p.head_loc),
            format!(
                "{} of `{}`: the old value is no longer valid",
                c.what, p.subject
            ),
        );
        if let Some(w) = c.witness {
            r.witness(value_witness(&p.subject, w));
        }
    }
}
