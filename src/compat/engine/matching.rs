//! Matching operations, callbacks and webhooks, and parameters of two IRs
//! (through the declared renames), and what each side's schemas are reached by.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::ir::{Operation, Outbound, ParamLocation};

/// `{…}` path parameters replaced by `{}`: the wire does not see their names.
pub fn path_shape(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut depth = 0;
    for c in p.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push('{');
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    out.push('}');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

fn path_params_in_order(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = p;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.push(rest[i + 1..i + j].to_string());
        rest = &rest[i + j + 1..];
    }
    out
}

pub(crate) fn match_operations<'a>(cx: &Cx<'a>) -> OperationsDiff<'a> {
    let mut head_index: BTreeMap<(crate::ir::Method, String), &'a Operation> = BTreeMap::new();
    for op in &cx.head.operations {
        head_index.insert((op.method, path_shape(&op.path)), op);
    }
    let mut matched = Vec::new();
    let mut removed = Vec::new();
    let mut used = BTreeSet::new();
    for b in &cx.base.operations {
        let key = (b.method, path_shape(&cx.head_path(&b.path)));
        match head_index.get(&key) {
            Some(h) if !used.contains(&key) => {
                used.insert(key);
                matched.push(match_parameters(cx, b, h));
            }
            _ => removed.push(b),
        }
    }
    let added = cx
        .head
        .operations
        .iter()
        .filter(|h| !used.contains(&(h.method, path_shape(&h.path))))
        .collect();
    OperationsDiff {
        matched,
        removed,
        added,
    }
}

/// What identifies a request the API sends across versions (see
/// [`OutboundDiff`]); `named`: with a callback's name, which the first pass
/// matches on so that two callbacks to the same URL stay apart.
fn outbound_key(
    cx: &Cx,
    op: &Operation,
    base: bool,
    named: bool,
) -> Option<(String, crate::ir::Method)> {
    let key = match op.outbound.as_ref()? {
        Outbound::Webhook { name } => format!("webhook {name}"),
        Outbound::Callback {
            method,
            path,
            name,
            expression,
        } => {
            let path = if base {
                cx.head_path(path)
            } else {
                path.clone()
            };
            let name = if named { name.as_str() } else { "" };
            format!(
                "callback {} {} {expression} {name}",
                method.as_str(),
                path_shape(&path)
            )
        }
    };
    Some((key, op.method))
}

pub(super) fn match_outbound<'a>(cx: &Cx<'a>) -> OutboundDiff<'a> {
    let mut matched = Vec::new();
    let mut base_left: Vec<&'a Operation> = cx.base.outbound.iter().collect();
    let mut head_left: Vec<&'a Operation> = cx.head.outbound.iter().collect();
    // By name first, then a renamed callback by its URL expression alone.
    for named in [true, false] {
        let mut head_index: BTreeMap<(String, crate::ir::Method), usize> = BTreeMap::new();
        for (i, op) in head_left.iter().enumerate() {
            if let Some(k) = outbound_key(cx, op, false, named) {
                head_index.entry(k).or_insert(i);
            }
        }
        let mut used = vec![false; head_left.len()];
        base_left.retain(|b| {
            let found = outbound_key(cx, b, true, named)
                .and_then(|k| head_index.get(&k).copied())
                .filter(|&i| !used[i]);
            match found {
                Some(i) => {
                    used[i] = true;
                    matched.push(match_parameters(cx, b, head_left[i]));
                    false
                }
                None => true,
            }
        });
        let mut used = used.into_iter();
        head_left.retain(|_| !used.next().unwrap_or(false));
    }
    OutboundDiff {
        matched,
        removed: base_left,
        added: head_left,
    }
}

pub(crate) fn match_parameters<'a>(
    cx: &Cx<'a>,
    b: &'a Operation,
    h: &'a Operation,
) -> OperationPair<'a> {
    let mut params = Vec::new();
    let mut removed = Vec::new();
    let mut used = vec![false; h.parameters.len()];
    let base_path_params = path_params_in_order(&b.path);
    let head_path_params = path_params_in_order(&h.path);
    for p in &b.parameters {
        let rename = cx.manifest.parameter(&b.id, &p.name);
        let found = if p.location == ParamLocation::Path {
            // Path parameters are matched by position: the wire sees no names.
            let pos = base_path_params.iter().position(|n| n == &p.name);
            let by_position = pos.and_then(|i| head_path_params.get(i)).and_then(|n| {
                h.parameters
                    .iter()
                    .position(|q| q.location == ParamLocation::Path && &q.name == n)
            });
            // Specs whose parameter names disagree with the template: fall back to names.
            let name = rename.map(|r| r.to.as_str()).unwrap_or(&p.name);
            by_position.or_else(|| {
                h.parameters.iter().position(|q| {
                    q.location == ParamLocation::Path && (q.name == name || q.name == p.name)
                })
            })
        } else {
            let name = rename.map(|r| r.to.as_str()).unwrap_or(&p.name);
            h.parameters
                .iter()
                .position(|q| q.location == p.location && q.name == name)
        };
        match found {
            Some(i) if !used[i] => {
                used[i] = true;
                let rename = rename.filter(|r| r.to == h.parameters[i].name);
                params.push(ParameterPair {
                    op: b,
                    base: p,
                    head: &h.parameters[i],
                    rename,
                });
            }
            _ => removed.push(p),
        }
    }
    let added = h
        .parameters
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(p, _)| p)
        .collect();
    OperationPair {
        base: b,
        head: h,
        params,
        params_removed: removed,
        params_added: added,
    }
}
