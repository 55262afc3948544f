//! `response-enum-value-added-closed`: a closed enum that clients receive gained a value.

use crate::compat::engine::{Cx, EnumPair, Sink};
use crate::compat::rules::helpers::enum_changes;
use crate::compat::rules::{Levels, RuleMeta, E, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "enum-value-added-closed",
    change: "enum-value-added",
    levels: Levels { wire: W, codegen: E, strict: E },
    bump: Bump::Minor,
    summary: "a value was added to a closed enum (`x-specsmith-closed-enum: true`) that clients receive",
    explain: "A closed enum promised its list was complete, and the SDKs specsmith generates hold \
it to that: a closed type (a Python `Enum`, a TypeScript union, a Go type whose `UnmarshalJSON` \
refuses other values, a Kotlin, C# or Rust `enum`) with no fallback, so the first response with the \
new value fails to decode in every SDK already in the field. That makes it an error under `codegen` \
and `strict`; under `wire` it is a warning, since a hand-written client breaks only if it relied on \
the promise. Open enums (the default) carry an 'unknown' case and are fine.\n\n\
Fix: ship SDKs that know the value before the server sends it, or make the enum open (drop \
`x-specsmith-closed-enum`) in a release before the one that adds the value.",
};

pub fn check(_cx: &Cx, p: &EnumPair, s: &mut Sink) {
    if !p.direction.has_response() || p.base.open {
        return;
    }
    let (_, added) = enum_changes(p);
    for v in added {
        s.report(
            &META,
            Direction::Response,
            format!("{}.{}", p.head_type.name, v.as_text()),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "closed enum `{}` gained the value `{}`: old clients cannot decode it",
                p.head_type.name,
                v.as_text()
            ),
        )
        .witness(v.value.clone());
    }
}
