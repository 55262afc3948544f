//! Validation keywords compared: which way each change moves the set of
//! accepted values (narrowed, widened, or no way specsmith can prove), with a
//! value that tells the two versions apart where one exists.
//!
//! The rules `request-constraint-narrowed`, `response-constraint-widened`,
//! `constraint-relaxed`, `const-changed`, `keyword-changed` and
//! `request-keyword-added` read [`changes`] and [`keyword_changes`]; the
//! engine hands them a [`ConstraintPair`] for every place it compares.

use serde_json::{json, Value};

use super::Direction;
use crate::diag::Loc;
use crate::ir::{Constraints, TypeRef};

/// The constraints at one place in both versions.
pub struct ConstraintPair<'a> {
    pub base: &'a Constraints,
    pub head: &'a Constraints,
    /// The types at the place, for sample values.
    pub base_ty: Option<&'a TypeRef>,
    pub head_ty: Option<&'a TypeRef>,
    pub direction: Direction,
    /// A dotted name of the place (`Sandbox.name`, `GET /a parameter q`).
    pub subject: String,
    pub base_loc: &'a Loc,
    pub head_loc: &'a Loc,
}

/// Which way a change moves the set of accepted values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Fewer values are accepted: `witness` is one the old version accepted.
    Narrowed,
    /// More values are accepted: `witness` is one the old version rejected.
    Widened,
    /// Some values in, some out (a `const` or a `multipleOf` changed).
    Both,
    /// specsmith cannot tell (a `pattern` it cannot compare).
    Unknown,
}

/// One keyword's change.
#[derive(Debug, Clone)]
pub struct Change {
    pub keyword: &'static str,
    pub way: Way,
    /// `maxLength 64 -> 32`.
    pub what: String,
    /// For narrowing: a value the old version accepts and the new one rejects;
    /// for widening: one the new version accepts and the old one rejected.
    pub witness: Option<Value>,
}

fn show(v: Option<impl std::fmt::Display>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "none".into())
}

fn num(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        // Whole and below 2^53: exact as an i64.
        json!(f as i64)
    } else {
        json!(f)
    }
}

fn string_of(n: u64) -> Value {
    Value::String("a".repeat(n.min(4096) as usize))
}

/// A lower or upper limit on a count (`minLength`, `maxItems` …).
fn count_change(
    out: &mut Vec<Change>,
    keyword: &'static str,
    b: Option<u64>,
    h: Option<u64>,
    is_min: bool,
    make: impl Fn(u64) -> Value,
) {
    if b == h {
        return;
    }
    let (lo, hi) = if is_min { (0, u64::MAX) } else { (u64::MAX, 0) };
    let (bv, hv) = (b.unwrap_or(lo), h.unwrap_or(lo));
    let _ = hi;
    let narrowed = if is_min { hv > bv } else { hv < bv };
    let (way, witness) = match (narrowed, is_min) {
        // min raised: the old minimum is rejected now.
        (true, true) => (Way::Narrowed, make(bv)),
        // max lowered: one past the new maximum.
        (true, false) => (Way::Narrowed, make(hv.saturating_add(1))),
        (false, true) => (Way::Widened, make(hv)),
        (false, false) => (Way::Widened, make(bv.saturating_add(1))),
    };
    if b.is_none() && is_min && h == Some(0) || h.is_none() && is_min && b == Some(0) {
        return;
    }
    out.push(Change {
        keyword,
        way,
        what: format!("`{keyword}` {} -> {}", show(b), show(h)),
        witness: Some(witness),
    });
}

/// `(value, exclusive)` bounds compared: is the new lower (upper) bound tighter?
fn bound_change(
    out: &mut Vec<Change>,
    keyword: &'static str,
    b: (Option<f64>, bool),
    h: (Option<f64>, bool),
    is_min: bool,
) {
    if b == h {
        return;
    }
    let label = |(v, ex): (Option<f64>, bool)| match v {
        None => "none".to_string(),
        Some(v) if ex => format!("{} (exclusive)", num(v)),
        Some(v) => num(v).to_string(),
    };
    let what = format!("`{keyword}` {} -> {}", label(b), label(h));
    // Orders bounds by how much they exclude: a higher lower bound (or an
    // exclusive one at the same value) excludes more.
    let tighter = |x: (Option<f64>, bool), y: (Option<f64>, bool)| -> bool {
        match (x.0, y.0) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(a), Some(c)) => {
                let (a, c) = if is_min { (a, c) } else { (-a, -c) };
                a > c || (a == c && x.1 && !y.1)
            }
        }
    };
    // A value on the looser bound, just inside it.
    let edge = |(v, ex): (Option<f64>, bool), other: (Option<f64>, bool)| -> Value {
        match v {
            Some(v) if !ex => num(v),
            Some(v) => num(if is_min { v + 1.0 } else { v - 1.0 }),
            None => {
                let o = other.0.unwrap_or(0.0);
                num(if is_min { o - 1.0 } else { o + 1.0 })
            }
        }
    };
    let (way, witness) = if tighter(h, b) {
        (Way::Narrowed, edge(b, h))
    } else {
        (Way::Widened, edge(h, b))
    };
    out.push(Change {
        keyword,
        way,
        what,
        witness: Some(witness),
    });
}

fn multiple_change(out: &mut Vec<Change>, b: Option<f64>, h: Option<f64>) {
    if b == h {
        return;
    }
    let divides = |a: f64, c: f64| c != 0.0 && ((a / c).round() * c - a).abs() < 1e-9;
    let off = |m: f64| {
        num(if m > 1.0 && m.fract() == 0.0 {
            1.0
        } else {
            m * 1.5
        })
    };
    let (way, witness) = match (b, h) {
        (None, Some(m)) => (Way::Narrowed, off(m)),
        (Some(m), None) => (Way::Widened, off(m)),
        (Some(x), Some(y)) if divides(y, x) => (Way::Narrowed, num(x)),
        (Some(x), Some(y)) if divides(x, y) => (Way::Widened, num(y)),
        (Some(x), Some(_)) => (Way::Both, num(x)),
        (None, None) => return,
    };
    out.push(Change {
        keyword: "multipleOf",
        way,
        what: format!("`multipleOf` {} -> {}", show(b.map(num)), show(h.map(num))),
        witness: Some(witness),
    });
}

/// Strings a pattern matches, from its syntax tree (a few per branch), to
/// look for one that the other pattern rejects.
fn samples(hir: &regex_syntax::hir::Hir, depth: usize) -> Vec<String> {
    use regex_syntax::hir::{Class, HirKind};
    const CAP: usize = 48;
    if depth > 32 {
        return vec![String::new()];
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![String::new()],
        HirKind::Literal(l) => vec![String::from_utf8_lossy(&l.0).into_owned()],
        HirKind::Class(Class::Unicode(c)) => {
            let mut out: Vec<String> = Vec::new();
            for r in c.ranges().iter().take(4) {
                out.push(r.start().to_string());
                if r.end() != r.start() {
                    out.push(r.end().to_string());
                }
            }
            out
        }
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .take(4)
            .flat_map(|r| [r.start(), r.end()])
            .filter(u8::is_ascii)
            .map(|b| (b as char).to_string())
            .collect(),
        HirKind::Repetition(r) => {
            let inner = samples(&r.sub, depth + 1);
            let mut out = Vec::new();
            let mut counts = vec![r.min];
            if r.max.is_none_or(|m| m > r.min) {
                counts.push(r.min + 1);
            }
            for n in counts {
                for s in inner.iter().take(8) {
                    out.push(s.repeat(n.min(64) as usize));
                }
            }
            out.truncate(CAP);
            out
        }
        HirKind::Capture(c) => samples(&c.sub, depth + 1),
        HirKind::Concat(parts) => {
            let mut acc = vec![String::new()];
            for p in parts {
                let next = samples(p, depth + 1);
                let mut joined = Vec::new();
                for a in &acc {
                    for n in &next {
                        joined.push(format!("{a}{n}"));
                        if joined.len() >= CAP {
                            break;
                        }
                    }
                }
                acc = joined;
            }
            acc
        }
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(samples(a, depth + 1).into_iter().take(8));
            }
            out.truncate(CAP);
            out
        }
    }
}

/// Some strings an absent pattern (anything) accepts.
const PLAIN: &[&str] = &["", "a", "A", "0", "-", " ", "a b", "/", "a_b", "\u{e9}"];

/// A string `from` accepts (any string when `None`) that `to` rejects.
fn pattern_witness(
    from: Option<&regex::Regex>,
    from_src: Option<&str>,
    to: &regex::Regex,
) -> Option<String> {
    let mut candidates: Vec<String> = PLAIN.iter().map(|s| s.to_string()).collect();
    if let Some(src) = from_src {
        if let Ok(hir) = regex_syntax::Parser::new().parse(src) {
            candidates = samples(&hir, 0);
            // An unanchored pattern also matches inside longer text.
            candidates.extend(PLAIN.iter().map(|s| s.to_string()));
        }
    }
    candidates
        .into_iter()
        .find(|c| from.is_none_or(|f| f.is_match(c)) && !to.is_match(c))
}

fn pattern_change(out: &mut Vec<Change>, b: Option<&str>, h: Option<&str>) {
    if b == h {
        return;
    }
    let what = format!(
        "`pattern` {} -> {}",
        b.map(|p| format!("`{p}`")).unwrap_or_else(|| "none".into()),
        h.map(|p| format!("`{p}`")).unwrap_or_else(|| "none".into())
    );
    let compile = |p: Option<&str>| p.map(regex::Regex::new);
    let (bre, hre) = (compile(b), compile(h));
    let (bre, hre) = match (bre, hre) {
        (Some(Err(_)), _) | (_, Some(Err(_))) => {
            out.push(Change {
                keyword: "pattern",
                way: Way::Unknown,
                what,
                witness: None,
            });
            return;
        }
        (x, y) => (x.and_then(Result::ok), y.and_then(Result::ok)),
    };
    let narrow = hre
        .as_ref()
        .and_then(|h_re| pattern_witness(bre.as_ref(), b, h_re));
    let wide = bre
        .as_ref()
        .and_then(|b_re| pattern_witness(hre.as_ref(), h, b_re));
    let (way, witness) = match (narrow, wide) {
        (Some(n), Some(_)) => (Way::Both, Some(n)),
        (Some(n), None) => (Way::Narrowed, Some(n)),
        (None, Some(w)) => (Way::Widened, Some(w)),
        // A pattern added or changed where no sample tells them apart.
        (None, None) if h.is_some() => (Way::Unknown, None),
        (None, None) => (Way::Widened, None),
    };
    out.push(Change {
        keyword: "pattern",
        way,
        what,
        witness: witness.map(Value::String),
    });
}

/// The compared constraints that changed, each with its direction. `sample`
/// builds a value of the place's type (for array and object witnesses).
pub fn changes(b: &Constraints, h: &Constraints, item: impl Fn() -> Value) -> Vec<Change> {
    let mut out = Vec::new();
    pattern_change(&mut out, b.pattern.as_deref(), h.pattern.as_deref());
    count_change(
        &mut out,
        "minLength",
        b.min_length,
        h.min_length,
        true,
        string_of,
    );
    count_change(
        &mut out,
        "maxLength",
        b.max_length,
        h.max_length,
        false,
        string_of,
    );
    bound_change(
        &mut out,
        "minimum",
        (b.minimum, b.exclusive_minimum),
        (h.minimum, h.exclusive_minimum),
        true,
    );
    bound_change(
        &mut out,
        "maximum",
        (b.maximum, b.exclusive_maximum),
        (h.maximum, h.exclusive_maximum),
        false,
    );
    multiple_change(&mut out, b.multiple_of, h.multiple_of);
    let array = |n: u64| Value::Array((0..n.min(64)).map(|_| item()).collect());
    count_change(&mut out, "minItems", b.min_items, h.min_items, true, array);
    count_change(&mut out, "maxItems", b.max_items, h.max_items, false, array);
    if b.unique_items != h.unique_items {
        let v = item();
        out.push(Change {
            keyword: "uniqueItems",
            way: if h.unique_items {
                Way::Narrowed
            } else {
                Way::Widened
            },
            what: format!("`uniqueItems` {} -> {}", b.unique_items, h.unique_items),
            witness: Some(json!([v.clone(), v])),
        });
    }
    let object = |n: u64| {
        Value::Object(
            (0..n.min(64))
                .map(|i| (format!("p{i}"), Value::Null))
                .collect(),
        )
    };
    count_change(
        &mut out,
        "minProperties",
        b.min_properties,
        h.min_properties,
        true,
        object,
    );
    count_change(
        &mut out,
        "maxProperties",
        b.max_properties,
        h.max_properties,
        false,
        object,
    );
    match (&b.const_value, &h.const_value) {
        (x, y) if x == y => {}
        (None, Some(c)) => out.push(Change {
            keyword: "const",
            way: Way::Narrowed,
            what: format!("`const` none -> {c}"),
            witness: Some(other_than(c)),
        }),
        (Some(c), None) => out.push(Change {
            keyword: "const",
            way: Way::Widened,
            what: format!("`const` {c} -> none"),
            witness: None,
        }),
        (Some(x), Some(y)) => out.push(Change {
            keyword: "const",
            way: Way::Both,
            what: format!("`const` {x} -> {y}"),
            witness: Some(x.clone()),
        }),
        (None, None) => {}
    }
    out
}

impl ConstraintPair<'_> {
    /// The compared constraints that changed, with array items sampled from
    /// the base type.
    pub fn changes(&self, base: &crate::ir::Api) -> Vec<Change> {
        changes(self.base, self.head, || {
            match self.base_ty.map(|t| super::shape::resolve(base, t).kind) {
                Some(super::shape::Kind::Array(i)) => super::shape::sample(base, i),
                _ => Value::Null,
            }
        })
    }

    /// Reports each change that moves the accepted values `way` (a change
    /// both ways counts too, except a `const`, which has its own rule) as
    /// `meta` in `direction`: "`what` of `subject` was `says`", with the
    /// change's witness. The shared body of the rules that flag a narrowed
    /// request or a widened response.
    pub fn report_moved(
        &self,
        cx: &super::engine::Cx,
        s: &mut super::engine::Sink,
        meta: &'static super::rules::RuleMeta,
        direction: Direction,
        way: Way,
        says: &str,
    ) {
        for c in self.changes(cx.base) {
            let moved = c.way == way || (c.way == Way::Both && c.keyword != "const");
            if !moved {
                continue;
            }
            let r = s.report(
                meta,
                direction,
                format!("{} {}", self.subject, c.keyword),
                Some(self.base_loc),
                Some(self.head_loc),
                format!("{} of `{}` was {says}", c.what, self.subject),
            );
            if let Some(w) = c.witness {
                r.witness(super::rules::helpers::value_witness(&self.subject, w));
            }
        }
    }

    /// A value of the base type, for witnesses of keywords specsmith does not evaluate.
    pub fn base_sample(&self, base: &crate::ir::Api) -> Value {
        match self.base_ty {
            Some(t) => super::shape::sample(base, t),
            // A named type's own keywords: the subject is its name.
            None if base.types.contains_key(&self.subject) => {
                super::shape::sample(base, &TypeRef::Named(self.subject.clone()))
            }
            None => Value::Null,
        }
    }
}

/// A value of the same JSON type as `c` that is not `c`.
fn other_than(c: &Value) -> Value {
    match c {
        Value::String(s) => Value::String(format!("{s}x")),
        Value::Number(n) => num(n.as_f64().unwrap_or(0.0) + 1.0),
        Value::Bool(b) => Value::Bool(!b),
        Value::Null => json!(0),
        _ => Value::Null,
    }
}

/// Keywords that restrict what a value may be when added.
pub const CONSTRAINING: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "contains",
    "minContains",
    "maxContains",
    "prefixItems",
    "items",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "type",
    "required",
];

/// An unmodelled keyword's change: `(keyword, base value, head value)`.
pub fn keyword_changes<'a>(
    b: &'a Constraints,
    h: &'a Constraints,
) -> Vec<(&'a str, Option<&'a Value>, Option<&'a Value>)> {
    let mut out = Vec::new();
    for (k, v) in &b.keywords {
        match h.keywords.get(k) {
            Some(w) if w == v => {}
            other => out.push((k.as_str(), Some(v), other)),
        }
    }
    for (k, w) in &h.keywords {
        if !b.keywords.contains_key(k) {
            out.push((k.as_str(), None, Some(w)));
        }
    }
    out
}

#[cfg(test)]
mod tests;
