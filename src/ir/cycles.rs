//! Cycle safety for every walk over schemas: one guard type that a recursive
//! walk enters and leaves, the pure-`$ref` cycles of a raw document, the alias
//! cycles of the IR, and which named types have no finite instance.
//!
//! A recursive schema is legal (a tree node whose `children` are nodes), so a
//! walk cannot simply refuse to meet a name twice; it must not follow the same
//! thing again while it is still inside it, and it must not go deeper than
//! [`MAX_DEPTH`] whatever the spec says. [`Guard`] does both.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hash;

use serde_json::Value;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Additional, Api, NamedType, TypeKind, TypeRef, TypesByName, UnionKind};

/// How deep any walk over schemas goes before it stops and treats what is
/// below as an unknown value. Deeper than any real spec nests.
pub const MAX_DEPTH: usize = 64;

/// The path of a recursive walk: what it is inside now, in order.
///
/// ```
/// use specsmith::ir::cycles::Guard;
/// let mut g = Guard::new();
/// assert!(g.enter("A"));
/// assert!(!g.enter("A")); // already inside A: a cycle
/// g.leave();
/// assert!(g.enter("A"));
/// ```
#[derive(Debug, Clone)]
pub struct Guard<K: Eq + Hash + Clone> {
    stack: Vec<K>,
    on_stack: HashSet<K>,
    limit: usize,
}

impl<K: Eq + Hash + Clone> Default for Guard<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Eq + Hash + Clone> Guard<K> {
    /// A guard that allows [`MAX_DEPTH`] levels.
    pub fn new() -> Self {
        Self::with_limit(MAX_DEPTH)
    }

    pub fn with_limit(limit: usize) -> Self {
        Guard {
            stack: Vec::new(),
            on_stack: HashSet::new(),
            limit,
        }
    }

    /// Steps into `key`. `false` (and no step) when the walk is already
    /// inside `key` or is as deep as allowed: the caller must not descend.
    /// Every `true` must be paired with one [`Guard::leave`].
    pub fn enter(&mut self, key: K) -> bool {
        if self.stack.len() >= self.limit || self.on_stack.contains(&key) {
            return false;
        }
        self.on_stack.insert(key.clone());
        self.stack.push(key);
        true
    }

    /// Steps out of the innermost entered key.
    pub fn leave(&mut self) {
        if let Some(k) = self.stack.pop() {
            self.on_stack.remove(&k);
        }
    }

    /// Is the walk inside `key` now?
    pub fn contains(&self, key: &K) -> bool {
        self.on_stack.contains(key)
    }

    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The keys the walk is inside, outermost first.
    pub fn path(&self) -> &[K] {
        &self.stack
    }
}

/// The JSON pointer an internal reference names (`#/a/b%20c` → `/a/b c`).
fn internal_pointer(reference: &str) -> Option<String> {
    let frag = reference.strip_prefix('#')?;
    Some(
        percent_encoding::percent_decode_str(frag)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// A node that is nothing but a reference (siblings that only document it
/// do not change that): where it points.
fn pure_ref(node: &Value) -> Option<&str> {
    let map = node.as_object()?;
    let r = map.get("$ref")?.as_str()?;
    let only_docs = map.keys().all(|k| {
        matches!(
            k.as_str(),
            "$ref" | "description" | "summary" | "title" | "deprecated" | "example" | "examples"
        ) || k.starts_with("x-")
    });
    only_docs.then_some(r)
}

/// Every cycle of nodes that are only `$ref`s (`A: {$ref: B}`, `B: {$ref: A}`,
/// or `A: {$ref: A}`) in a raw document, as the pointers of its members in
/// the order the references go, starting from the smallest pointer. Each cycle
/// is listed once. Such a reference never reaches a schema.
pub fn ref_cycles(doc: &Value) -> Vec<Vec<String>> {
    // Start from every component and path-level node that is a pure ref.
    let mut starts: Vec<String> = Vec::new();
    if let Some(components) = doc.get("components").and_then(Value::as_object) {
        for (kind, members) in components {
            if let Some(members) = members.as_object() {
                for name in members.keys() {
                    starts.push(format!(
                        "/components/{}/{}",
                        crate::diag::escape_segment(kind),
                        crate::diag::escape_segment(name)
                    ));
                }
            }
        }
    }
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut settled: HashSet<String> = HashSet::new();
    for start in starts {
        if settled.contains(&start) {
            continue;
        }
        let mut chain: Vec<String> = Vec::new();
        let mut cur = start.clone();
        loop {
            if let Some(i) = chain.iter().position(|p| *p == cur) {
                let mut cycle = chain[i..].to_vec();
                let min = cycle
                    .iter()
                    .enumerate()
                    .min_by(|a, b| a.1.cmp(b.1))
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                cycle.rotate_left(min);
                found.insert(cycle);
                break;
            }
            if settled.contains(&cur) {
                break;
            }
            let Some(next) = crate::diag::lookup(doc, &cur)
                .and_then(pure_ref)
                .and_then(internal_pointer)
            else {
                break;
            };
            chain.push(cur);
            cur = next;
        }
        settled.extend(chain);
    }
    found.into_iter().collect()
}

/// The named types of the IR whose alias chain comes back to themselves
/// without passing a container (`A = B`, `B = A`): they stand for no type.
pub fn alias_cycles(api: &Api) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Only an alias starts a chain (most types are not one).
    let aliases = api
        .types
        .iter()
        .filter(|(_, t)| matches!(t.kind, TypeKind::Alias { .. }));
    for (start, _) in aliases {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut cur = start.as_str();
        loop {
            if !seen.insert(cur) {
                if cur == start {
                    out.insert(start.clone());
                }
                break;
            }
            match api.get(cur).map(|t| &t.kind) {
                Some(TypeKind::Alias { target }) => match target.non_null() {
                    TypeRef::Named(n) => cur = n,
                    _ => break,
                },
                _ => break,
            }
        }
    }
    out
}

/// Aliases that reach themselves through aliases only, through any container
/// (`Root = List<Root>`, `A = Map<B>`, `B = List<A>`). Most languages' type
/// aliases cannot say that: their emitters declare a type there instead, or
/// read the inner reference as any value.
pub fn recursive_aliases(api: &Api) -> BTreeSet<String> {
    let is_alias = |n: &str| matches!(api.get(n).map(|t| &t.kind), Some(TypeKind::Alias { .. }));
    let targets = |n: &str| -> Vec<String> {
        let mut out = Vec::new();
        if let Some(TypeKind::Alias { target }) = api.get(n).map(|t| &t.kind) {
            target.named(&mut out);
        }
        out
    };
    let mut out = BTreeSet::new();
    for start in api.types.keys().filter(|n| is_alias(n)) {
        let mut seen: HashSet<String> = HashSet::new();
        let mut todo = targets(start);
        while let Some(n) = todo.pop() {
            if n == *start {
                out.insert(start.clone());
                break;
            }
            if is_alias(&n) && seen.insert(n.clone()) {
                todo.extend(targets(&n));
            }
        }
    }
    out
}

/// Follows aliases (and nullability) to the type a reference stands for.
/// Stops at a cycle; the second value says whether `null` was allowed on the
/// way.
pub fn resolve_alias<'a>(api: &'a Api, t: &'a TypeRef) -> (&'a TypeRef, bool) {
    let mut nullable = false;
    let mut cur = t;
    let mut seen: Vec<&str> = Vec::new();
    loop {
        match cur {
            TypeRef::Nullable(inner) => {
                nullable = true;
                cur = inner;
            }
            TypeRef::Named(n) => match api.get(n).map(|nt| &nt.kind) {
                Some(TypeKind::Alias { target }) if !seen.contains(&n.as_str()) => {
                    seen.push(n);
                    cur = target;
                }
                _ => return (cur, nullable),
            },
            other => return (other, nullable),
        }
    }
}

/// For every named type that some finite JSON value satisfies, its rank: the
/// round of a least fixpoint in which it was first shown to have a value. A
/// type of rank `r` can be built from types of rank below `r` alone (its
/// required fields, one union variant, its alias target), so building a value
/// by always taking the lowest-ranked choice ends. Types missing from the map
/// have no finite instance: an object that requires itself, a `oneOf` whose
/// every variant leads back to it.
pub fn finite_ranks(api: &Api) -> BTreeMap<String, usize> {
    // A round's answers are taken from the ranks of earlier rounds only, so
    // the order the types are looked at in does not matter: hashed sets.
    let types = api.types_by_name();
    let mut rank: FxHashMap<&str, usize> = FxHashMap::default();
    fn has_value(types: &TypesByName, rank: &FxHashMap<&str, usize>, t: &TypeRef) -> bool {
        match t {
            // `null`, an empty array and an empty object are values.
            TypeRef::Nullable(_) | TypeRef::Array(_) | TypeRef::Map(_) => true,
            TypeRef::Primitive(_) | TypeRef::Any => true,
            TypeRef::Named(n) => rank.contains_key(n.as_str()) || !types.contains_key(n.as_str()),
        }
    }
    /// The references whose rank decides whether a type has a value.
    fn deciding(nt: &NamedType) -> Vec<&TypeRef> {
        match &nt.kind {
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Alias { target } => vec![target],
            TypeKind::Object(o) => o
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| &f.ty)
                .collect(),
            TypeKind::Union(u) => u.variants.iter().collect(),
        }
    }
    // A type's answer changes only when one of the types it names gets a
    // rank: after the first round, only their dependents are looked at again.
    let mut dependents: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for (name, nt) in &api.types {
        for t in deciding(nt) {
            if let TypeRef::Named(n) = t {
                dependents
                    .entry(n.as_str())
                    .or_default()
                    .push(name.as_str());
            }
        }
    }
    let mut candidates: FxHashSet<&str> = types.keys().copied().collect();
    for round in 0.. {
        let mut found: Vec<&str> = Vec::new();
        for &name in &candidates {
            let Some(nt) = types.get(name) else {
                continue;
            };
            if rank.contains_key(name) {
                continue;
            }
            let inhabited = match &nt.kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias { target } => has_value(&types, &rank, target),
                TypeKind::Object(o) => o
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .all(|f| has_value(&types, &rank, &f.ty)),
                TypeKind::Union(u) => match u.kind {
                    UnionKind::OneOf | UnionKind::AnyOf => {
                        u.variants.iter().any(|v| has_value(&types, &rank, v))
                    }
                },
            };
            if inhabited {
                found.push(name);
            }
        }
        if found.is_empty() {
            break;
        }
        candidates = found
            .iter()
            .filter_map(|n| dependents.get(n))
            .flatten()
            .copied()
            .collect();
        for n in found {
            rank.insert(n, round);
        }
    }
    rank.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Named types that no finite JSON value satisfies (see [`finite_ranks`]).
pub fn uninhabited(api: &Api) -> BTreeSet<String> {
    let ranks = api.finite_ranks();
    api.types
        .keys()
        .filter(|n| !ranks.contains_key(n.as_str()))
        .cloned()
        .collect()
}

/// The named types directly referenced by a type (its fields, variants,
/// additional properties or alias target), in order, each once.
pub fn references(api: &Api, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(nt) = api.get(name) else {
        return out;
    };
    match &nt.kind {
        TypeKind::Object(o) => {
            for f in &o.fields {
                f.ty.named(&mut out);
            }
            if let Additional::Typed(t) = &o.additional {
                t.named(&mut out);
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                v.named(&mut out);
            }
        }
        TypeKind::Alias { target } => target.named(&mut out),
        TypeKind::Enum(_) => {}
    }
    let mut seen = BTreeSet::new();
    out.retain(|n| seen.insert(n.clone()));
    out
}

/// Strongly connected components of a graph given as adjacency lists over
/// `0..n` (iterative Tarjan, so deep graphs do not overflow the stack):
/// the component id of each node.
pub fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut idx = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0usize;
    let mut ncomp = 0usize;
    for root in 0..n {
        if idx[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = work.last_mut() {
            let v = top.0;
            if idx[v] == usize::MAX {
                idx[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(top.1) {
                top.1 += 1;
                if w >= n {
                    continue;
                }
                if idx[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(idx[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == idx[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    comp
}

/// Strongly connected components of the named types under `edges_of`
/// (a name's outgoing references): name → component id.
pub fn type_components<'a>(
    api: &'a Api,
    mut edges_of: impl FnMut(&'a str) -> Vec<String>,
) -> BTreeMap<String, usize> {
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            edges_of(n)
                .iter()
                .filter_map(|m| index.get(m.as_str()).copied())
                .collect()
        })
        .collect();
    let comp = strongly_connected(&edges);
    names
        .iter()
        .zip(comp)
        .map(|(n, c)| (n.to_string(), c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn guard_refuses_reentry_and_depth() {
        let mut g = Guard::with_limit(2);
        assert!(g.enter(1));
        assert!(!g.enter(1));
        assert!(g.enter(2));
        assert!(!g.enter(3));
        g.leave();
        assert!(g.enter(3));
        assert_eq!(g.path(), &[1, 3]);
    }

    #[test]
    fn ref_cycles_are_found_once_in_order() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
            "C": {"$ref": "#/components/schemas/C"},
            "D": {"$ref": "#/components/schemas/A"},
            "E": {"$ref": "#/components/schemas/F", "description": "x"},
            "F": {"type": "object", "properties": {"e": {"$ref": "#/components/schemas/E"}}}
        }}});
        assert_eq!(
            ref_cycles(&doc),
            vec![
                vec![
                    "/components/schemas/A".to_string(),
                    "/components/schemas/B".to_string()
                ],
                vec!["/components/schemas/C".to_string()],
            ]
        );
    }

    #[test]
    fn sccs_of_a_deep_chain_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let comp = strongly_connected(&edges);
        assert!(comp.iter().all(|c| *c == comp[0]));
    }
}
