//! `media-type-removed`: a request or response media type is gone.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "media-type-removed",
    change: "media-type-removed",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a media type was removed from a request body or a response",
    explain:
        "Clients that send (or ask for, with `Accept`) that content type get `415` or `406`.\n\n\
Fix: keep accepting and producing the media type, or keep it until the next major version.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    if let (Some(b), Some(h)) = (&p.base.request_body, &p.head.request_body) {
        for m in b
            .content
            .iter()
            .filter(|m| !h.content.iter().any(|x| x.content_type == m.content_type))
        {
            s.report(
                &META,
                flows(p.base).0,
                format!("{} request {}", p.base.id, m.content_type),
                Some(&b.loc),
                Some(&h.loc),
                format!(
                    "{}: the request body no longer {} `{}`",
                    op_label(p.base),
                    if p.base.outbound.is_some() {
                        "comes as"
                    } else {
                        "accepts"
                    },
                    m.content_type
                ),
            )
            .witness(json!({ "request": op_label(p.base), "Content-Type": m.content_type }));
        }
    }
    for br in &p.base.responses {
        let Some(hr) = p.head.responses.iter().find(|r| r.status == br.status) else {
            continue;
        };
        for m in br
            .content
            .iter()
            .filter(|m| !hr.content.iter().any(|x| x.content_type == m.content_type))
        {
            s.report(
                &META,
                flows(p.base).1,
                format!("{} response {} {}", p.base.id, br.status, m.content_type),
                Some(&br.loc),
                Some(&hr.loc),
                format!(
                    "{}: response {} no longer comes as `{}`",
                    op_label(p.base),
                    br.status,
                    m.content_type
                ),
            )
            .witness(json!({ "request": op_label(p.base), "Accept": m.content_type }));
        }
    }
}
