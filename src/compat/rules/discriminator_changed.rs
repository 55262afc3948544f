//! `discriminator-changed`: a union's discriminator property or mapping changed.

use serde_json::json;

use crate::compat::engine::{Cx, Sink, UnionPair};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample_without;
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "discriminator-changed",
    change: "discriminator",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a oneOf/anyOf discriminator property or mapping changed",
    explain:
        "Clients and servers pick the variant by the discriminator: a different property name, \
or a tag that now maps to another schema (or to none), makes old payloads decode as the wrong \
variant or not at all. Renamed schemas declared in the manifest are followed.\n\nFix: keep the \
discriminator property and every old tag.",
};

pub fn check(cx: &Cx, p: &UnionPair, s: &mut Sink) {
    let (b, h) = (&p.base.discriminator, &p.head.discriminator);
    let subject = p.base_type.name.clone();
    match (b, h) {
        (None, None) => {}
        (Some(b), None) => {
            s.report(
                &META,
                p.direction,
                subject,
                Some(&p.base_type.loc),
                Some(&p.head_type.loc),
                format!(
                    "`{}` no longer has the discriminator `{}`",
                    p.base_type.name, b.property
                ),
            )
            .witness(json!({ b.property.clone(): b.mapping.first().map(|m| m.0.clone()) }));
        }
        (None, Some(h)) => {
            s.report(
                &META,
                p.direction,
                subject,
                Some(&p.base_type.loc),
                Some(&p.head_type.loc),
                format!(
                    "`{}` gained the discriminator `{}`: old payloads may lack it",
                    p.head_type.name, h.property
                ),
            )
            .witness(json!({
                "payload": sample_without(cx.base, &p.base_type.name, &h.property)
            }));
        }
        (Some(b), Some(h)) if b.property != h.property => {
            s.report(
                &META,
                p.direction,
                subject,
                Some(&p.base_type.loc),
                Some(&p.head_type.loc),
                format!(
                    "`{}` discriminator property changed from `{}` to `{}`",
                    p.base_type.name, b.property, h.property
                ),
            )
            .witness(json!({ b.property.clone(): b.mapping.first().map(|m| m.0.clone()) }));
        }
        (Some(b), Some(h)) => {
            for (tag, target) in &b.mapping {
                let want = cx.head_schema_name(target);
                match h.mapping.iter().find(|(t, _)| t == tag) {
                    Some((_, got)) if got == want => {}
                    other => {
                        let now = other
                            .map(|(_, g)| format!("now maps to `{g}`"))
                            .unwrap_or_else(|| "is gone".into());
                        s.report(
                            &META,
                            p.direction,
                            format!("{subject}#{tag}"),
                            Some(&p.base_type.loc),
                            Some(&p.head_type.loc),
                            format!(
                                "`{}`: discriminator tag `{tag}` mapped to `{target}` and {now}",
                                p.base_type.name
                            ),
                        )
                        .witness(json!({ b.property.clone(): tag }));
                    }
                }
            }
        }
    }
}
