//! Names as tokens, and the token substitutions a diff establishes from the
//! names it removes and adds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::*;
use crate::compat::engine::{Cx, OperationsDiff};
use crate::ir::TypeKind;

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

pub(super) fn stem(t: &str) -> String {
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

pub(super) type Subst = (Vec<String>, Vec<String>);

/// The one run in which two token lists differ, and how many tokens around it agree.
pub(super) fn diff_run(a: &[String], b: &[String]) -> (Subst, usize) {
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
pub(super) fn overlap(a: &[String], b: &[String]) -> f64 {
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
pub(super) struct Substitutions {
    /// [`tokens`] of the names seen so far.
    cache: std::cell::RefCell<HashMap<String, std::rc::Rc<Vec<String>>>>,
    seen: HashMap<Subst, BTreeSet<(String, String, String)>>,
    established: Vec<Subst>,
}

impl Substitutions {
    /// Evidence from one group of removed and added names (the same kind in
    /// the same place): each old name with the new names closest to it.
    pub(super) fn observe(&mut self, group: &str, olds: &[&str], news: &[&str]) {
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

    pub(super) fn settle(&mut self) {
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
    pub(super) fn related(&self, old: &str, new: &str) -> bool {
        let (a, b) = (self.tokens(old), self.tokens(new));
        self.walk(&a, &b)
    }

    pub(super) fn tokens(&self, name: &str) -> std::rc::Rc<Vec<String>> {
        if let Some(t) = self.cache.borrow().get(name) {
            return t.clone();
        }
        let t = std::rc::Rc::new(tokens(name));
        self.cache.borrow_mut().insert(name.to_string(), t.clone());
        t
    }

    pub(super) fn walk(&self, a: &[String], b: &[String]) -> bool {
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

/// Component schemas removed and added that no manifest entry explains.
pub(super) fn changed_schemas<'a>(cx: &Cx<'a>) -> (Vec<&'a str>, Vec<&'a str>) {
    let (base, head, m) = (cx.base, cx.head, cx.manifest);
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
    (removed_schemas, added_schemas)
}

/// Evidence for token substitutions: the removed and added names of each
/// place (schemas, operationIds, path segments, fields, enum values,
/// parameters), settled into the established substitutions.
pub(super) fn evidence(
    cx: &Cx,
    ops: &OperationsDiff,
    removed_schemas: &[&str],
    added_schemas: &[&str],
) -> Substitutions {
    let (base, head) = (cx.base, cx.head);
    let mut subs = Substitutions::default();
    subs.observe("schemas", removed_schemas, added_schemas);
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

    subs
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
}
