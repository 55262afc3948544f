//! Rename suggestions: for removals that a manifest does not explain, the
//! renames that would, paired by name and checked by shape.
//!
//! Names are split into tokens (camelCase, snake_case, kebab-case, path
//! segments; lower case, plural `s` dropped). A pair of names differing in one
//! run of tokens (`maxCpuPerSandbox` / `maxCpuPerBox`: `sandbox` → `box`) is
//! evidence for that token substitution; a substitution seen at least twice in
//! a diff is *established*, and names that the established substitutions turn
//! into each other are related (`Sandbox` → `Box`, `/by-sandbox-id` →
//! `/by-box-id`, `CREATE_SANDBOX` → `CREATE_BOX`). A suggestion needs a
//! related name (or, for a lone pair, a clear token overlap) and the same
//! shape: component schemas by [`shape::similarity_by`], properties and
//! parameters by [`shape::fingerprint`], operations by their request and
//! success-response bodies. Each old name gets at most one new name, and each
//! new name at most one old one; ties are not suggested.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::engine::{match_operations, match_parameters, path_shape, Cx};
use super::manifest::RenameKind;
use super::shape::{self, resolve, Kind};
use crate::ir::{Api, Operation, TypeKind, TypeOrigin, TypeRef};

/// One suggested manifest entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Suggestion {
    pub kind: RenameKind,
    /// For properties and enum values: the old schema; for parameters: the
    /// old operationId when the rename is not the same everywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub from: String,
    pub to: String,
}

impl Suggestion {
    /// The manifest key (`Schema.property`, `operationId.name`, or the name).
    pub fn key(&self) -> String {
        match &self.scope {
            Some(s) => format!("{s}.{}", self.from),
            None => self.from.clone(),
        }
    }

    /// The manifest line declaring it, with its section header.
    pub fn line(&self) -> String {
        super::rules::helpers::manifest_line(self.kind, &self.key(), &self.to)
    }
}

/// Every suggestion as one manifest snippet, grouped by section.
pub fn snippet(all: &[Suggestion]) -> String {
    let mut out = String::new();
    for kind in RenameKind::ALL {
        let mut first = true;
        for s in all.iter().filter(|s| s.kind == kind) {
            let line = s.line();
            let (head, entry) = line.split_once('\n').unwrap_or((&line, ""));
            if first {
                out.push_str(head);
                out.push('\n');
                first = false;
            }
            out.push_str(entry);
            out.push('\n');
        }
    }
    out
}

/// The suggestions as JSON in the manifest's own layout: `{section: {key: new}}`.
pub fn manifest_json(all: &[Suggestion]) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for s in all {
        let section = out
            .entry(s.kind.section())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(m) = section {
            m.insert(s.key(), serde_json::Value::String(s.to.clone()));
        }
    }
    serde_json::Value::Object(out)
}

/// The tokens of a name: words of camelCase, snake_case, kebab-case and
/// path segments, lower case, with a plural `s` dropped.
pub fn tokens(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(stem(&std::mem::take(&mut cur)));
            }
            continue;
        }
        if !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (c.is_uppercase() && (prev.is_lowercase() || prev.is_ascii_digit()))
                || (c.is_uppercase() && prev.is_uppercase() && next_lower)
                || (c.is_ascii_digit() != prev.is_ascii_digit());
            if boundary {
                out.push(stem(&std::mem::take(&mut cur)));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(stem(&cur));
    }
    out
}

fn stem(t: &str) -> String {
    if t.len() <= 3 {
        return t.to_string();
    }
    if let Some(x) = t.strip_suffix("ies") {
        return format!("{x}y");
    }
    for end in ["xes", "ches", "shes", "sses"] {
        if t.ends_with(end) {
            return t[..t.len() - 2].to_string();
        }
    }
    match t.strip_suffix('s') {
        Some(x) if !x.ends_with('s') && !x.ends_with('u') => x.to_string(),
        _ => t.to_string(),
    }
}

type Subst = (Vec<String>, Vec<String>);

/// The one run in which two token lists differ, and how many tokens around it agree.
fn diff_run(a: &[String], b: &[String]) -> (Subst, usize) {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_s = a.len().min(b.len()) - p;
    let s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_s)
        .take_while(|(x, y)| x == y)
        .count();
    (
        (a[p..a.len() - s].to_vec(), b[p..b.len() - s].to_vec()),
        p + s,
    )
}

/// Token multiset overlap, 0.0 to 1.0 (Dice coefficient).
fn overlap(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut rest: Vec<&String> = b.iter().collect();
    let mut common = 0;
    for t in a {
        if let Some(i) = rest.iter().position(|x| *x == t) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Token substitutions seen in a diff, and which of them are established.
#[derive(Default)]
struct Substitutions {
    /// [`tokens`] of the names seen so far.
    cache: std::cell::RefCell<HashMap<String, std::rc::Rc<Vec<String>>>>,
    seen: HashMap<Subst, BTreeSet<(String, String, String)>>,
    established: Vec<Subst>,
}

impl Substitutions {
    /// Evidence from one group of removed and added names (the same kind in
    /// the same place): each old name with the new names closest to it.
    fn observe(&mut self, group: &str, olds: &[&str], news: &[&str]) {
        for old in olds {
            let a = tokens(old);
            let scored: Vec<(f64, &str)> =
                news.iter().map(|n| (overlap(&a, &tokens(n)), *n)).collect();
            let best = scored.iter().map(|x| x.0).fold(0.0, f64::max);
            if best <= 0.0 {
                continue;
            }
            // Only a clear closest name is evidence (ties say nothing).
            let closest: Vec<_> = scored.iter().filter(|x| x.0 >= best - 1e-9).collect();
            if let [(_, new)] = closest.as_slice() {
                let b = tokens(new);
                let ((x, y), context) = diff_run(&a, &b);
                if a == b || context == 0 || x.is_empty() || y.is_empty() {
                    continue;
                }
                self.seen.entry((x, y)).or_default().insert((
                    group.to_string(),
                    old.to_string(),
                    new.to_string(),
                ));
            }
        }
    }

    fn settle(&mut self) {
        let mut est: Vec<Subst> = self
            .seen
            .iter()
            // Two different name pairs, not the same pair seen in two places.
            .filter(|(_, v)| {
                v.iter()
                    .map(|(_, o, n)| (o, n))
                    .collect::<BTreeSet<_>>()
                    .len()
                    >= 2
            })
            .map(|(k, _)| k.clone())
            .collect();
        // Longer runs first, so `sandbox id` → `box id` is tried before `id`.
        est.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        self.established = est;
    }

    /// Do the established substitutions turn `old` into `new` (tokens equal
    /// counts too: `default_action` / `defaultAction`)?
    fn related(&self, old: &str, new: &str) -> bool {
        let (a, b) = (self.tokens(old), self.tokens(new));
        self.walk(&a, &b)
    }

    fn tokens(&self, name: &str) -> std::rc::Rc<Vec<String>> {
        if let Some(t) = self.cache.borrow().get(name) {
            return t.clone();
        }
        let t = std::rc::Rc::new(tokens(name));
        self.cache.borrow_mut().insert(name.to_string(), t.clone());
        t
    }

    fn walk(&self, a: &[String], b: &[String]) -> bool {
        if a.is_empty() || b.is_empty() {
            return a.is_empty() && b.is_empty();
        }
        if a[0] == b[0] && self.walk(&a[1..], &b[1..]) {
            return true;
        }
        self.established.iter().any(|(x, y)| {
            a.starts_with(x) && b.starts_with(y) && self.walk(&a[x.len()..], &b[y.len()..])
        })
    }
}

/// A candidate pairing with its score.
struct Cand<K> {
    old: K,
    new: K,
    score: f64,
}

/// Pairs candidates one to one, best score first. An old name whose best
/// score two new names share, or two old names whose best is the same new
/// name at the same score, are ambiguous and left out.
fn assign<K: Ord + Copy>(mut cands: Vec<Cand<K>>) -> Vec<(K, K)> {
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

fn is_component(api: &Api, n: &str) -> bool {
    api.types
        .get(n)
        .is_some_and(|t| matches!(t.origin, TypeOrigin::Component { .. }))
}

fn member_count(api: &Api, n: &str) -> usize {
    match api.get(n).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => o.fields.len(),
        Some(TypeKind::Enum(e)) => e.values.len(),
        Some(TypeKind::Union(u)) => u.variants.len(),
        _ => 1,
    }
}

fn kind_tag(api: &Api, n: &str) -> u8 {
    match api.get(n).map(|t| &t.kind) {
        Some(TypeKind::Object(_)) => 0,
        Some(TypeKind::Enum(_)) => 1,
        Some(TypeKind::Union(_)) => 2,
        Some(TypeKind::Alias { .. }) => 3,
        None => 4,
    }
}

/// The type pairs a diff compares: base name → head name.
struct TypeMap {
    map: BTreeMap<String, String>,
}

impl TypeMap {
    fn head<'m>(&'m self, base: &str) -> Option<&'m str> {
        self.map.get(base).map(String::as_str)
    }
}

/// Is a base value type carried on as the head one (same fingerprint, and
/// named types paired or alike)?
fn same_value(cx: &Cx, subs: &Substitutions, tm: &TypeMap, b: &TypeRef, h: &TypeRef) -> bool {
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
fn same_operation_shape(
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

fn segments(p: &str) -> Vec<&str> {
    p.split('/').collect()
}

/// Are two paths the same but for related literal segments (parameters by position)?
fn paths_related(subs: &Substitutions, b: &str, h: &str) -> bool {
    let (x, y) = (segments(b), segments(h));
    x.len() == y.len()
        && x.iter().zip(&y).all(|(p, q)| {
            let (pp, qp) = (p.starts_with('{'), q.starts_with('{'));
            (pp && qp) || (!pp && !qp && (p == q || subs.related(p, q)))
        })
}

/// Every rename suggestion for a diff (removals the manifest does not explain).
pub fn suggest(cx: &Cx) -> Vec<Suggestion> {
    let (base, head, m) = (cx.base, cx.head, cx.manifest);
    let ops = match_operations(cx);

    // 1. Evidence for token substitutions.
    let mut subs = Substitutions::default();
    let removed_schemas: Vec<&str> = base
        .types
        .keys()
        .filter(|n| is_component(base, n) && !head.types.contains_key(*n) && m.schema(n).is_none())
        .map(String::as_str)
        .collect();
    let added_schemas: Vec<&str> = head
        .types
        .keys()
        .filter(|n| {
            is_component(head, n) && !base.types.contains_key(*n) && m.schema_to(n).is_none()
        })
        .map(String::as_str)
        .collect();
    subs.observe("schemas", &removed_schemas, &added_schemas);
    let mut ids: BTreeMap<String, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for o in &ops.removed {
        for a in ops.added.iter().filter(|a| a.method == o.method) {
            if !o.id_synthesized && !a.id_synthesized {
                let e = ids.entry(format!("ids {:?}", o.method)).or_default();
                e.0.push(&o.id);
                e.1.push(&a.id);
            }
            let (x, y) = (segments(&o.path), segments(&a.path));
            if x.len() == y.len() {
                for (i, (p, q)) in x.iter().zip(&y).enumerate().filter(|(_, (p, q))| p != q) {
                    let e = ids.entry(format!("segment {i} of {}", o.path)).or_default();
                    e.0.push(p);
                    e.1.push(q);
                }
            }
        }
    }
    for (n, t) in &base.types {
        let Some(h) = head.types.get(n) else { continue };
        match (&t.kind, &h.kind) {
            (TypeKind::Object(x), TypeKind::Object(y)) => {
                let e = ids.entry(format!("fields of {n}")).or_default();
                e.0.extend(
                    x.fields
                        .iter()
                        .filter(|f| !y.fields.iter().any(|g| g.name == f.name))
                        .map(|f| f.name.as_str()),
                );
                e.1.extend(
                    y.fields
                        .iter()
                        .filter(|g| !x.fields.iter().any(|f| f.name == g.name))
                        .map(|g| g.name.as_str()),
                );
            }
            (TypeKind::Enum(x), TypeKind::Enum(y)) => {
                let e = ids.entry(format!("values of {n}")).or_default();
                e.0.extend(
                    x.values
                        .iter()
                        .filter(|v| !y.values.iter().any(|w| w.as_text() == v.as_text()))
                        .filter_map(|v| v.value.as_str()),
                );
                e.1.extend(
                    y.values
                        .iter()
                        .filter(|w| !x.values.iter().any(|v| v.as_text() == w.as_text()))
                        .filter_map(|w| w.value.as_str()),
                );
            }
            _ => {}
        }
    }
    for pair in &ops.matched {
        let e = ids
            .entry(format!("parameters of {}", pair.base.id))
            .or_default();
        e.0.extend(pair.params_removed.iter().map(|p| p.name.as_str()));
        e.1.extend(pair.params_added.iter().map(|p| p.name.as_str()));
    }
    for (group, (olds, news)) in &mut ids {
        olds.sort();
        olds.dedup();
        news.sort();
        news.dedup();
        subs.observe(group, olds, news);
    }
    subs.settle();

    let mut out: Vec<Suggestion> = Vec::new();

    // 2. Component schemas: a related name and a like shape.
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
    let mut cands = Vec::new();
    for r in &removed_schemas {
        for a in &added_schemas {
            let (nb, nh) = (member_count(base, r), member_count(head, a));
            if kind_tag(base, r) != kind_tag(head, a) || 2 * nb.min(nh) < nb.max(nh) {
                continue;
            }
            let named = subs.related(r, a);
            // Without a related name: the same members, or most of them and a word in common.
            let near = overlap(&subs.tokens(r), &subs.tokens(a)) > 0.0;
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
    let hoisted_new: Vec<&str> = head
        .types
        .keys()
        .filter(|n| !is_component(head, n) && !base.types.contains_key(*n))
        .map(String::as_str)
        .collect();
    let mut cands = Vec::new();
    for n in base
        .types
        .keys()
        .filter(|n| !is_component(base, n) && !tm.map.contains_key(*n))
    {
        for h in hoisted_new
            .iter()
            .filter(|h| kind_tag(head, h) == kind_tag(base, n))
        {
            if subs.related(n, h) {
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

    // 3. Properties and enum values of every type pair.
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

    // 4. Paths: removed and added operations with related paths and the same shape.
    let mut cands = Vec::new();
    for (i, o) in ops.removed.iter().enumerate() {
        for (j, a) in ops.added.iter().enumerate() {
            if a.method != o.method {
                continue;
            }
            let words = |p: &str| tokens(&path_shape(p).replace("{}", ""));
            let score = if paths_related(&subs, &o.path, &a.path) {
                2.0
            } else if !o.id_synthesized && o.id == a.id {
                1.0
            } else if overlap(&words(&o.path), &words(&a.path)) >= 0.5 {
                0.5
            } else {
                continue;
            };
            if !same_operation_shape(cx, &subs, &tm, o, a) {
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

    // 5. Parameters and operationIds of every operation pair.
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
    out.sort();
    out.dedup();
    out
}

/// For a manifest rename whose old name is not in `base`: the closest base
/// name of its kind (`Schema.property` when the schema itself is misspelled).
pub fn did_you_mean(base: &Api, r: &super::manifest::Rename) -> Option<String> {
    let components = || {
        base.types
            .keys()
            .filter(|n| is_component(base, n))
            .map(String::as_str)
    };
    let scope = r.scope.as_deref();
    let names: Vec<String> = match r.kind {
        RenameKind::Schema => components().map(str::to_string).collect(),
        RenameKind::Property | RenameKind::EnumValue => match base.get(scope?).map(|t| &t.kind) {
            Some(TypeKind::Object(o)) => o.fields.iter().map(|f| f.name.clone()).collect(),
            Some(TypeKind::Enum(e)) => e.values.iter().map(|v| v.as_text()).collect(),
            _ => {
                let s = closest(scope?, components())?;
                return Some(format!("{s}.{}", r.from));
            }
        },
        RenameKind::Path => base.operations.iter().map(|o| o.path.clone()).collect(),
        RenameKind::Operation => base.operations.iter().map(|o| o.id.clone()).collect(),
        RenameKind::Parameter => base
            .operations
            .iter()
            .flat_map(|o| o.parameters.iter().map(|p| p.name.clone()))
            .collect(),
        RenameKind::Tag => base.tags.iter().map(|t| t.name.clone()).collect(),
    };
    let best = closest(&r.from, names.iter().map(String::as_str))?;
    Some(match scope {
        Some(s) if r.kind != RenameKind::Parameter || base.operations.iter().any(|o| o.id == s) => {
            format!("{s}.{best}")
        }
        _ => best.to_string(),
    })
}

/// The candidate closest to `name` by edit distance, if it is close.
pub fn closest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Does a suggestion pair things of the same shape? A check independent of
/// the name matching, by type fingerprints only: schemas of the same kind
/// whose members mostly have the same types; properties and parameters of the
/// same type; operations at the old and new path with the same request and
/// success-response body types. `all`: the suggestions of the same diff
/// (a property of a renamed schema is looked up under its new name).
pub fn shapes_agree(base: &Api, head: &Api, all: &[Suggestion], s: &Suggestion) -> bool {
    let head_type = |b: &str| {
        all.iter()
            .find(|x| x.kind == RenameKind::Schema && x.from == b)
            .map(|x| x.to.clone())
            .unwrap_or_else(|| b.to_string())
    };
    let field = |api: &Api, t: &str, f: &str| match api.get(t).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => o
            .fields
            .iter()
            .find(|x| x.name == f)
            .map(|x| shape::fingerprint(api, &x.ty)),
        _ => None,
    };
    let body = |api: &Api, o: &Operation| {
        o.request_body
            .as_ref()
            .and_then(|r| r.json_type())
            .map(|t| shape::fingerprint(api, t))
    };
    let success = |api: &Api, o: &Operation| {
        o.responses
            .iter()
            .filter(|r| r.status.starts_with('2'))
            .map(|r| {
                (
                    r.status.clone(),
                    r.json_type().map(|t| shape::fingerprint(api, t)),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    match s.kind {
        RenameKind::Schema => {
            kind_tag(base, &s.from) == kind_tag(head, &s.to)
                && shape::similarity_by(base, &s.from, head, &s.to, &|_, _| true) >= 0.5
        }
        RenameKind::Property => {
            let Some(scope) = s.scope.as_deref() else {
                return false;
            };
            let b = field(base, scope, &s.from);
            b.is_some() && b == field(head, &head_type(scope), &s.to)
        }
        RenameKind::Parameter => base
            .operations
            .iter()
            .filter(|o| s.scope.as_deref().is_none_or(|id| o.id == id))
            .flat_map(|o| o.parameters.iter().filter(|p| p.name == s.from))
            .any(|p| {
                head.operations
                    .iter()
                    .flat_map(|o| o.parameters.iter())
                    .any(|q| {
                        q.name == s.to
                            && q.location == p.location
                            && shape::fingerprint(head, &q.ty) == shape::fingerprint(base, &p.ty)
                    })
            }),
        RenameKind::Path => base
            .operations
            .iter()
            .filter(|o| o.path == s.from)
            .all(|o| {
                head.operations.iter().any(|h| {
                    h.path == s.to
                        && h.method == o.method
                        && body(base, o) == body(head, h)
                        && success(base, o)
                            .iter()
                            .all(|(st, t)| success(head, h).get(st) == Some(t))
                })
            }),
        RenameKind::Operation => base.operations.iter().any(|o| {
            o.id == s.from
                && head
                    .operations
                    .iter()
                    .any(|h| h.id == s.to && h.method == o.method)
        }),
        RenameKind::EnumValue | RenameKind::Tag => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        tokens(s)
    }

    #[test]
    fn names_split_into_words_of_every_case_style() {
        assert_eq!(t("maxCpuPerSandbox"), ["max", "cpu", "per", "sandbox"]);
        assert_eq!(t("PTYSession"), ["pty", "session"]);
        assert_eq!(
            t("UPDATE_SANDBOX_NETWORK_SETTINGS"),
            ["update", "sandbox", "network", "setting"]
        );
        assert_eq!(t("by-sandbox-id"), ["by", "sandbox", "id"]);
        assert_eq!(t("write:sandboxes"), t("write:sandbox"));
        assert_eq!(t("default_action"), t("defaultAction"));
    }

    #[test]
    fn a_substitution_seen_twice_relates_names_wherever_it_occurs() {
        let mut subs = Substitutions::default();
        subs.observe(
            "fields",
            &["maxCpuPerSandbox", "sandboxCreate"],
            &["maxCpuPerBox", "boxCreate"],
        );
        subs.settle();
        assert!(subs.related("Sandbox", "Box"));
        assert!(subs.related("/by-sandbox-id", "/by-box-id"));
        assert!(subs.related("getSandboxesBySandboxId", "getBoxesByBoxId"));
        assert!(!subs.related("quota", "name"));
        // Seen once only: not established.
        let mut once = Substitutions::default();
        once.observe("fields", &["autoPause"], &["autoStop"]);
        once.settle();
        assert!(!once.related("pauseAt", "stopAt"));
    }

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
