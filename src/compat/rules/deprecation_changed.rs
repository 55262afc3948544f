//! `deprecation-changed`: an operation, parameter or response header was deprecated or un-deprecated.

use crate::compat::deprecation::deprecated;
use crate::compat::engine::{op_label, Cx, OperationPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "deprecation-changed",
    change: "deprecation",
    levels: Levels { wire: I, codegen: I, strict: I },
    bump: Bump::Minor,
    summary: "an operation, parameter or response header was deprecated, or its deprecation was withdrawn",
    explain: "`deprecated: true` (or a `Deprecation` response header on an operation) tells clients \
to move away before the thing is removed; generated SDKs mark it deprecated, so builds that treat \
warnings as errors notice. Withdrawing a deprecation is reported too, so the release notes can say \
so. Neither changes the wire.\n\nNothing to do; give a deprecated operation a sunset date \
(`x-sunset`) so clients know how long they have.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    let label = op_label(p.base);
    let word = |now: bool| {
        if now {
            "was deprecated"
        } else {
            "is no longer deprecated"
        }
    };
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
