//! `deprecation-changed`: an operation, parameter, response header, component
//! schema or property was deprecated or un-deprecated.

use crate::compat::deprecation::deprecated;
use crate::compat::engine::{Cx, OperationPair, OperationsDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};
use crate::ir::{Api, Field, TypeKind, TypeOrigin, TypeRef};

pub static META: RuleMeta = RuleMeta {
    id: "deprecation-changed",
    change: "deprecation",
    levels: Levels { wire: I, codegen: I, strict: I },
    bump: Bump::Minor,
    summary: "an operation, parameter, response header, schema or property was deprecated, or its deprecation was withdrawn",
    explain: "`deprecated: true` (or a `Deprecation` response header on an operation) tells clients \
to move away before the thing is removed; generated SDKs mark it deprecated, so builds that treat \
warnings as errors notice. Component schemas and their properties are compared by name (following \
the manifest's schema and property renames). Withdrawing a deprecation is reported too, so the release notes can say \
so. Neither changes the wire.\n\nNothing to do; give a deprecated operation a sunset date \
(`x-sunset`) so clients know how long they have.",
};

pub fn check(cx: &Cx, ops: &OperationsDiff, s: &mut Sink) {
    for p in &ops.matched {
        operation(p, s);
    }
    schemas(cx, s);
}

fn word(now: bool) -> &'static str {
    if now {
        "was deprecated"
    } else {
        "is no longer deprecated"
    }
}

/// Component schemas present in both, and the properties of the objects among them.
fn schemas(cx: &Cx, s: &mut Sink) {
    for (name, bt) in &cx.base.types {
        if !matches!(bt.origin, TypeOrigin::Component { .. }) {
            continue;
        }
        let head_name = cx.head_schema_name(name);
        let Some(ht) = cx.head.types.get(head_name) else {
            continue;
        };
        if bt.deprecated != ht.deprecated {
            s.report(
                &META,
                Direction::Both,
                format!("schema {name}"),
                Some(&bt.loc),
                Some(&ht.loc),
                format!("schema `{head_name}` {}", word(ht.deprecated)),
            );
        }
        let (TypeKind::Object(bo), TypeKind::Object(ho)) = (&bt.kind, &ht.kind) else {
            continue;
        };
        for bf in &bo.fields {
            let want = cx
                .manifest
                .property(name, &bf.name)
                .map_or(bf.name.as_str(), |r| r.to.as_str());
            let Some(hf) = ho.fields.iter().find(|f| f.name == want) else {
                continue;
            };
            // A property that is just a `$ref` to a component schema takes
            // that schema's deprecation, which is reported for the schema.
            if bf.deprecated != hf.deprecated
                && !(follows_component(cx.base, bf) && follows_component(cx.head, hf))
            {
                s.report(
                    &META,
                    Direction::Both,
                    format!("{name}.{}", bf.name),
                    Some(&bf.loc),
                    Some(&hf.loc),
                    format!("property `{head_name}.{want}` {}", word(hf.deprecated)),
                );
            }
        }
    }
}

/// Whether a property's deprecation is that of the component schema it refers to.
fn follows_component(api: &Api, f: &Field) -> bool {
    matches!(f.ty.non_null(), TypeRef::Named(n) if api.get(n).is_some_and(|t| {
        matches!(t.origin, TypeOrigin::Component { .. }) && t.deprecated == f.deprecated
    }))
}

fn operation(p: &OperationPair, s: &mut Sink) {
    let label = op_label(p.base);
    let (b, h) = (deprecated(p.base), deprecated(p.head));
    if b != h {
        s.report(
            &META,
            Direction::Both,
            label.clone(),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!("{label} (`{}`) {}", p.base.id, word(h)),
        );
    }
    for pp in &p.params {
        if pp.base.deprecated != pp.head.deprecated {
            s.report(
                &META,
                Direction::Request,
                format!("{label} parameter {}", pp.base.name),
                Some(&pp.base.loc),
                Some(&pp.head.loc),
                format!(
                    "{label}: {} parameter `{}` {}",
                    pp.base.location.as_str(),
                    pp.base.name,
                    word(pp.head.deprecated)
                ),
            );
        }
    }
    for br in &p.base.responses {
        let Some(hr) = p.head.responses.iter().find(|r| r.status == br.status) else {
            continue;
        };
        for bh in &br.headers {
            let Some(hh) = hr
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(&bh.name))
            else {
                continue;
            };
            if bh.deprecated != hh.deprecated {
                s.report(
                    &META,
                    Direction::Response,
                    format!("{label} response {} header {}", br.status, bh.name),
                    Some(&br.loc),
                    Some(&hr.loc),
                    format!(
                        "{label}: response {} header `{}` {}",
                        br.status,
                        bh.name,
                        word(hh.deprecated)
                    ),
                );
            }
        }
    }
}
