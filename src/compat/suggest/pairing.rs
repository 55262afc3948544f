//! Pairing removed and added names, phase by phase: schemas, their members,
//! paths, parameters and operationIds.

use std::collections::{BTreeMap, BTreeSet};

use super::tokens::*;
use super::*;
use crate::compat::engine::{match_parameters, path_shape, Cx, OperationsDiff};
use crate::compat::manifest::RenameKind;
use crate::compat::shape::{self, resolve, Kind};
use crate::ir::{Api, Operation, TypeKind, TypeOrigin, TypeRef};

/// A candidate pairing with its score.
pub(super) struct Cand<K> {
    old: K,
    new: K,
    score: f64,
}

/// Pairs candidates one to one, best score first. An old name whose best
/// score two new names share, or two old names whose best is the same new
/// name at the same score, are ambiguous and left out.
pub(super) fn assign<K: Ord + Copy>(mut cands: Vec<Cand<K>>) -> Vec<(K, K)> {
    const EPS: f64 = 1e-9;
    cands.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.old.cmp(&b.old))
            .then(a.new.cmp(&b.new))
    });
    // Sorted best first: the first score seen per name is its best.
    let (mut best_old, mut best_new) = (BTreeMap::new(), BTreeMap::new());
    for c in &cands {
        best_old.entry(c.old).or_insert(c.score);
        best_new.entry(c.new).or_insert(c.score);
    }
    let at_best = |c: &Cand<K>, m: &BTreeMap<K, f64>, k: K| (m[&k] - c.score).abs() < EPS;
    let mut count_old: BTreeMap<K, usize> = BTreeMap::new();
    let mut count_new: BTreeMap<K, usize> = BTreeMap::new();
    for c in &cands {
        if at_best(c, &best_old, c.old) {
            *count_old.entry(c.old).or_default() += 1;
        }
        // Only olds for which this is their own best compete for a new name.
        if at_best(c, &best_new, c.new) && at_best(c, &best_old, c.old) {
            *count_new.entry(c.new).or_default() += 1;
        }
    }
    let mut tied = BTreeSet::new();
    for c in &cands {
        let new_tied = at_best(c, &best_new, c.new)
            && at_best(c, &best_old, c.old)
            && count_new.get(&c.new).is_some_and(|n| *n > 1);
        if count_old.get(&c.old).is_some_and(|n| *n > 1) || new_tied {
            tied.insert(c.old);
        }
    }
    let (mut used_old, mut used_new) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for c in cands {
        if tied.contains(&c.old) || used_old.contains(&c.old) || used_new.contains(&c.new) {
            continue;
        }
        used_old.insert(c.old);
        used_new.insert(c.new);
        out.push((c.old, c.new));
    }
    out
}

pub(super) fn is_component(api: &Api, n: &str) -> bool {
    api.types
        .get(n)
        .is_some_and(|t| matches!(t.origin, TypeOrigin::Component { .. }))
}

pub(super) fn member_count(api: &Api, n: &str) -> usize {
    match api.get(n).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => o.fields.len(),
        Some(TypeKind::Enum(e)) => e.values.len(),
        Some(TypeKind::Union(u)) => u.variants.len(),
        _ => 1,
    }
}

pub(super) fn kind_tag(api: &Api, n: &str) -> u8 {
    match api.get(n).map(|t| &t.kind) {
        Some(TypeKind::Object(_)) => 0,
        Some(TypeKind::Enum(_)) => 1,
        Some(TypeKind::Union(_)) => 2,
        Some(TypeKind::Alias { .. }) => 3,
        None => 4,
    }
}

/// The type pairs a diff compares: base name → head name.
pub(super) struct TypeMap {
    map: BTreeMap<String, String>,
}

impl TypeMap {
    fn head<'m>(&'m self, base: &str) -> Option<&'m str> {
        self.map.get(base).map(String::as_str)
    }
}

/// Is a base value type carried on as the head one (same fingerprint, and
/// named types paired or alike)?
pub(super) fn same_value(
    cx: &Cx,
    subs: &Substitutions,
    tm: &TypeMap,
    b: &TypeRef,
    h: &TypeRef,
) -> bool {
    if shape::fingerprint(cx.base, b) != shape::fingerprint(cx.head, h) {
        return false;
    }
    let name = |k: &Kind<'_>| match *k {
        Kind::Object(n) | Kind::Union(n) | Kind::Enum(n, _) => Some(n.to_string()),
        _ => None,
    };
    let (rb, rh) = (resolve(cx.base, b), resolve(cx.head, h));
    match (name(&rb.kind), name(&rh.kind)) {
        (Some(x), Some(y)) => {
            tm.head(&x) == Some(y.as_str())
                || shape::similarity_by(cx.base, &x, cx.head, &y, &|p, q| subs.related(p, q)) >= 0.5
        }
        _ => true,
    }
}

/// Do two operations take and return the same things: request body, and each
/// success status of the old one with its body?
pub(super) fn same_operation_shape(
    cx: &Cx,
    subs: &Substitutions,
    tm: &TypeMap,
    b: &Operation,
    h: &Operation,
) -> bool {
    if b.method != h.method {
        return false;
    }
    fn body(o: &Operation) -> Option<Option<&TypeRef>> {
        o.request_body.as_ref().map(|r| r.json_type())
    }
    let bodies = match (body(b), body(h)) {
        (None, None) => true,
        (Some(None), Some(None)) => true,
        (Some(Some(x)), Some(Some(y))) => same_value(cx, subs, tm, x, y),
        _ => false,
    };
    bodies
        && b.responses
            .iter()
            .filter(|r| r.status.starts_with('2'))
            .all(|r| {
                h.responses
                    .iter()
                    .find(|q| q.status == r.status)
                    .is_some_and(|q| match (r.json_type(), q.json_type()) {
                        (None, None) => true,
                        (Some(x), Some(y)) => same_value(cx, subs, tm, x, y),
                        _ => false,
                    })
            })
}

pub(super) fn segments(p: &str) -> Vec<&str> {
    p.split('/').collect()
}

/// Are two paths the same but for related literal segments (parameters by position)?
pub(super) fn paths_related(subs: &Substitutions, b: &str, h: &str) -> bool {
    let (x, y) = (segments(b), segments(h));
    x.len() == y.len()
        && x.iter().zip(&y).all(|(p, q)| {
            let (pp, qp) = (p.starts_with('{'), q.starts_with('{'));
            (pp && qp) || (!pp && !qp && (p == q || subs.related(p, q)))
        })
}

/// Component schemas: a related name and a like shape. Returns every base
/// type with the head type it is expected as (renames suggested included).
pub(super) fn schemas(
    cx: &Cx,
    subs: &Substitutions,
    removed_schemas: &[&str],
    added_schemas: &[&str],
    out: &mut Vec<Suggestion>,
) -> TypeMap {
    let (base, head, m) = (cx.base, cx.head, cx.manifest);
    let mut tm = TypeMap {
        map: BTreeMap::new(),
    };
    for n in base.types.keys() {
        if let Some(r) = m.schema(n) {
            tm.map.insert(n.clone(), r.to.clone());
        } else if head.types.contains_key(n) {
            tm.map.insert(n.clone(), n.clone());
        }
    }
    // What the pair loops compare, looked up once per name rather than once
    // per pair (Stripe pairs thousands of inline types).
    let facts = |api: &Api, n: &str| (kind_tag(api, n), member_count(api, n), subs.tokens(n));
    let added_facts: Vec<_> = added_schemas.iter().map(|a| facts(head, a)).collect();
    let mut cands = Vec::new();
    for r in removed_schemas {
        let (tag_r, nb, tok_r) = facts(base, r);
        for (a, (tag_a, nh, tok_a)) in added_schemas.iter().zip(&added_facts) {
            let nh = *nh;
            if tag_r != *tag_a || 2 * nb.min(nh) < nb.max(nh) {
                continue;
            }
            let named = subs.walk(&tok_r, tok_a);
            // Without a related name: the same members, or most of them and a word in common.
            let near = overlap(&tok_r, tok_a) > 0.0;
            if !named && !near && nb != nh {
                continue;
            }
            let sim = shape::similarity_by(base, r, head, a, &|p, q| subs.related(p, q));
            if sim >= 0.5 && named {
                cands.push(Cand {
                    old: *r,
                    new: *a,
                    score: 1.0 + sim,
                });
            } else if sim >= 0.999 || (sim >= 0.6 && near) {
                cands.push(Cand {
                    old: *r,
                    new: *a,
                    score: sim,
                });
            }
        }
    }
    for (r, a) in assign(cands) {
        tm.map.insert(r.to_string(), a.to_string());
        out.push(Suggestion {
            kind: RenameKind::Schema,
            scope: None,
            from: r.into(),
            to: a.into(),
        });
    }
    // Inline types follow their names: `SandboxResources` → `BoxResources`.
    let hoisted_new: Vec<(&str, u8, _)> = head
        .types
        .iter()
        .filter(|(n, t)| {
            !matches!(t.origin, TypeOrigin::Component { .. }) && !base.types.contains_key(*n)
        })
        .map(|(n, _)| (n.as_str(), kind_tag(head, n), subs.tokens(n)))
        .collect();
    let mut cands = Vec::new();
    for n in base
        .types
        .keys()
        .filter(|n| !is_component(base, n) && !tm.map.contains_key(*n))
    {
        let (tag_n, tok_n) = (kind_tag(base, n), subs.tokens(n));
        for (h, _, tok_h) in hoisted_new.iter().filter(|(_, tag, _)| *tag == tag_n) {
            if subs.walk(&tok_n, tok_h) {
                cands.push(Cand {
                    old: n.as_str(),
                    new: *h,
                    score: 1.0,
                });
            }
        }
    }
    for (b, h) in assign(cands) {
        tm.map.insert(b.to_string(), h.to_string());
    }

    tm
}

/// Properties and enum values of every type pair.
pub(super) fn members(cx: &Cx, subs: &Substitutions, tm: &TypeMap, out: &mut Vec<Suggestion>) {
    let (base, head, m) = (cx.base, cx.head, cx.manifest);
    for (b, h) in &tm.map {
        match (base.get(b).map(|t| &t.kind), head.get(h).map(|t| &t.kind)) {
            (Some(TypeKind::Object(x)), Some(TypeKind::Object(y))) => {
                let removed: Vec<_> = x
                    .fields
                    .iter()
                    .filter(|f| {
                        m.property(b, &f.name).is_none()
                            && !y.fields.iter().any(|g| g.name == f.name)
                    })
                    .collect();
                let added: Vec<_> = y
                    .fields
                    .iter()
                    .filter(|g| !x.fields.iter().any(|f| f.name == g.name))
                    .collect();
                let mut cands = Vec::new();
                for f in &removed {
                    let fp = shape::fingerprint(base, &f.ty);
                    let same: Vec<_> = added
                        .iter()
                        .filter(|g| shape::fingerprint(head, &g.ty) == fp)
                        .collect();
                    let lone = same.len() == 1
                        && removed
                            .iter()
                            .filter(|o| shape::fingerprint(base, &o.ty) == fp)
                            .count()
                            == 1;
                    for g in same {
                        if subs.related(&f.name, &g.name) {
                            cands.push(Cand {
                                old: &f.name,
                                new: &g.name,
                                score: 2.0,
                            });
                        } else if lone && overlap(&tokens(&f.name), &tokens(&g.name)) >= 0.5 {
                            cands.push(Cand {
                                old: &f.name,
                                new: &g.name,
                                score: 1.0,
                            });
                        }
                    }
                }
                for (f, g) in assign(cands) {
                    out.push(Suggestion {
                        kind: RenameKind::Property,
                        scope: Some(b.clone()),
                        from: f.into(),
                        to: g.into(),
                    });
                }
            }
            (Some(TypeKind::Enum(x)), Some(TypeKind::Enum(y))) => {
                let bv: Vec<String> = x.values.iter().map(|v| v.as_text()).collect();
                let hv: Vec<String> = y.values.iter().map(|v| v.as_text()).collect();
                let gone: Vec<&String> = bv
                    .iter()
                    .filter(|v| !hv.contains(v) && m.enum_value(b, v).is_none())
                    .collect();
                let new: Vec<&String> = hv.iter().filter(|w| !bv.contains(w)).collect();
                let lone = gone.len() == 1 && new.len() == 1;
                let mut cands = Vec::new();
                for v in &gone {
                    for w in &new {
                        // A value wholly replaced is a rename only when it is the one change.
                        let shared = lone || diff_run(&tokens(v), &tokens(w)).1 > 0;
                        if shared && subs.related(v, w) {
                            cands.push(Cand {
                                old: v.as_str(),
                                new: w.as_str(),
                                score: 1.0,
                            });
                        }
                    }
                }
                for (v, w) in assign(cands) {
                    out.push(Suggestion {
                        kind: RenameKind::EnumValue,
                        scope: Some(b.clone()),
                        from: v.into(),
                        to: w.into(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// Paths: removed and added operations with related paths and the same
/// shape. Returns the operations paired.
pub(super) fn paths<'a>(
    cx: &Cx<'a>,
    subs: &Substitutions,
    tm: &TypeMap,
    ops: &OperationsDiff<'a>,
    out: &mut Vec<Suggestion>,
) -> Vec<(&'a Operation, &'a Operation)> {
    let mut cands = Vec::new();
    for (i, o) in ops.removed.iter().enumerate() {
        for (j, a) in ops.added.iter().enumerate() {
            if a.method != o.method {
                continue;
            }
            let words = |p: &str| tokens(&path_shape(p).replace("{}", ""));
            let score = if paths_related(subs, &o.path, &a.path) {
                2.0
            } else if !o.id_synthesized && o.id == a.id {
                1.0
            } else if overlap(&words(&o.path), &words(&a.path)) >= 0.5 {
                0.5
            } else {
                continue;
            };
            if !same_operation_shape(cx, subs, tm, o, a) {
                continue;
            }
            cands.push((i, j, score));
        }
    }
    // One to one by operation; then one new path per old path.
    let picked = assign(
        cands
            .iter()
            .map(|&(i, j, score)| Cand {
                old: i,
                new: j,
                score,
            })
            .collect(),
    );
    let mut op_pairs: Vec<(&Operation, &Operation)> = Vec::new();
    let mut path_to: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, j) in picked {
        let (o, a) = (ops.removed[i], ops.added[j]);
        op_pairs.push((o, a));
        if path_shape(&o.path) != path_shape(&a.path) {
            path_to.entry(&o.path).or_default().insert(&a.path);
        }
    }
    for (p, to) in &path_to {
        if let [t] = to.iter().collect::<Vec<_>>().as_slice() {
            out.push(Suggestion {
                kind: RenameKind::Path,
                scope: None,
                from: p.to_string(),
                to: t.to_string(),
            });
        }
    }

    op_pairs
}

/// Parameters and operationIds of every operation pair (matched, or paired
/// by a suggested path).
pub(super) fn parameters(
    cx: &Cx,
    subs: &Substitutions,
    ops: &OperationsDiff,
    op_pairs: &[(&Operation, &Operation)],
    out: &mut Vec<Suggestion>,
) {
    let (base, head, m) = (cx.base, cx.head, cx.manifest);
    let mut param_renames: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut all_pairs: Vec<(&Operation, &Operation)> =
        ops.matched.iter().map(|p| (p.base, p.head)).collect();
    all_pairs.extend(op_pairs.iter().copied());
    for (o, a) in &all_pairs {
        let pair = match_parameters(cx, o, a);
        for pp in &pair.params {
            if pp.base.name != pp.head.name && pp.rename.is_none() {
                param_renames
                    .entry((pp.base.name.clone(), pp.head.name.clone()))
                    .or_default()
                    .insert(o.id.clone());
            }
        }
        let mut cands = Vec::new();
        for p in &pair.params_removed {
            for q in pair.params_added.iter().filter(|q| {
                q.location == p.location
                    && shape::fingerprint(head, &q.ty) == shape::fingerprint(base, &p.ty)
            }) {
                if subs.related(&p.name, &q.name) {
                    cands.push(Cand {
                        old: &p.name,
                        new: &q.name,
                        score: 1.0,
                    });
                }
            }
        }
        for (p, q) in assign(cands) {
            param_renames
                .entry((p.to_string(), q.to_string()))
                .or_default()
                .insert(o.id.clone());
        }
        if o.id != a.id && !o.id_synthesized && !a.id_synthesized && m.operation_id(&o.id).is_none()
        {
            out.push(Suggestion {
                kind: RenameKind::Operation,
                scope: None,
                from: o.id.clone(),
                to: a.id.clone(),
            });
        }
    }
    let by_name: BTreeMap<&str, usize> =
        param_renames
            .keys()
            .fold(BTreeMap::new(), |mut acc, (f, _)| {
                *acc.entry(f.as_str()).or_default() += 1;
                acc
            });
    for ((from, to), op_ids) in &param_renames {
        // The same rename wherever the old name was: one entry for all.
        let everywhere = by_name.get(from.as_str()) == Some(&1)
            && base
                .operations
                .iter()
                .filter(|o| o.parameters.iter().any(|p| &p.name == from))
                .all(|o| op_ids.contains(&o.id) || !all_pairs.iter().any(|(b, _)| b.id == o.id));
        if everywhere {
            out.push(Suggestion {
                kind: RenameKind::Parameter,
                scope: None,
                from: from.clone(),
                to: to.clone(),
            });
        } else {
            for id in op_ids {
                out.push(Suggestion {
                    kind: RenameKind::Parameter,
                    scope: Some(id.clone()),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_pairs_are_left_out() {
        let c = |old, new, score| Cand { old, new, score };
        assert_eq!(assign(vec![c("a", "x", 1.0), c("a", "y", 1.0)]), vec![]);
        assert_eq!(
            assign(vec![c("a", "x", 2.0), c("a", "y", 1.0), c("b", "y", 1.0)]),
            vec![("a", "x"), ("b", "y")]
        );
    }
}
