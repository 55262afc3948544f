//! `response-required-header-removed`: a response header that was always sent was removed or made optional.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "response-required-header-removed",
    change: "response-header",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a required response header was removed or became optional",
    explain:
        "A header marked `required: true` is one clients may read unconditionally (a `Location`, \
a rate limit, a cursor). If it is gone, or only sometimes sent, those clients fail or misbehave; \
generated SDKs that expose it as a non-optional value fail to decode the response. Removing an \
optional header is not reported (clients already had to cope without it); a changed header type is \
compared like any other value.\n\nFix: keep sending the header.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // A webhook's or callback's responses come from the subscriber: the API asking for a
    // header no longer breaks no subscriber.
    if p.base.outbound.is_some() {
        return;
    }
    let label = op_label(p.base);
    for br in &p.base.responses {
        let Some(hr) = p.head.responses.iter().find(|r| r.status == br.status) else {
            continue;
        };
        for bh in br.headers.iter().filter(|h| h.required) {
            let found = hr
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(&bh.name));
            let what = match found {
                None => "was removed",
                Some(h) if !h.required => "became optional",
                Some(_) => continue,
            };
            s.report(
                &META,
                Direction::Response,
                format!("{label} response {} header {}", br.status, bh.name),
                Some(&br.loc),
                Some(&hr.loc),
                format!(
                    "{label}: required response {} header `{}` {what}",
                    br.status, bh.name
                ),
            )
            .witness(json!({ "status": br.status, "headers": { bh.name.as_str(): null } }));
        }
    }
}
