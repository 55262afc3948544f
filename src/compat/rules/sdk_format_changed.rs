//! `sdk-format-changed`: a string format that SDKs map to a type of their own was added or dropped.

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E, OFF};
use crate::compat::shape::{describe_primitive, resolve, sample_primitive, Kind};
use crate::compat::Bump;
use crate::ir::{Primitive, StringFormat};

pub static META: RuleMeta = RuleMeta {
    id: "sdk-format-changed",
    change: "type",
    levels: Levels { wire: OFF, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a `date-time`, `date`, `uuid` or `byte` format was added to or dropped from a string",
    explain: "Generated SDKs give these formats a type of their own (a datetime, a date, a UUID, a byte \
array) instead of a string. Adding or dropping one changes the type of the property or body in the \
SDK models: code written against the old SDK no longer compiles, even where the wire stays compatible \
(a format added to a response value, dropped from a request value). On the wire the same change is \
judged by `request-type-narrowed`, `response-type-widened` and `type-relaxed`; parameters and \
headers, which the SDK models do not carry, only by those.\n\nFix: keep the format \
as it was and add a new property with the new one, or release the change as a major SDK version.",
};

/// Formats the SDK targets type as something other than a string.
fn sdk_typed(f: &StringFormat) -> bool {
    matches!(
        f,
        StringFormat::DateTime | StringFormat::Date | StringFormat::Uuid | StringFormat::Byte
    )
}

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    // Parameters and headers (values that travel as text) are not part of the SDK models.
    if v.text {
        return;
    }
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    let (Kind::Prim(bp @ Primitive::String(x)), Kind::Prim(hp @ Primitive::String(y))) =
        (&b.kind, &h.kind)
    else {
        return;
    };
    if x == y || !(sdk_typed(x) || sdk_typed(y)) {
        return;
    }
    s.report(
        &META,
        v.direction,
        v.subject.clone(),
        Some(v.base_loc),
        Some(v.head_loc),
        format!(
            "`{}` changed from {} to {}: SDKs generate a different type for it",
            v.subject,
            describe_primitive(bp),
            describe_primitive(hp)
        ),
    )
    .witness(value_witness(&v.subject, sample_primitive(hp)));
}
