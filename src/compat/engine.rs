//! The diff engine: matches operations, parameters, schemas, fields and enum
//! values of two IRs (through the declared renames), hands every matched or
//! unmatched pair to the rules registered for it, and merges what they report.
//!
//! Schemas are compared pair by pair, each pair once (a memo of
//! `(base name, head name)`), so recursive schemas terminate. A pair is judged
//! in the direction it is reachable in from the operations of either side: a
//! schema that is sent and received is judged both ways, and the stricter
//! verdict wins.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde_json::{json, Value};

use super::constraints::{ConstraintPair, NONE};
use super::manifest::{Manifest, Rename, RenameKind};
use super::rules::{Check, RuleMeta, REGISTRY};
use super::shape::{self, resolve, Kind};
use super::{Bump, DiffOptions, Direction, Finding, Profile, Report, VersionCheck, VersionPolicy};
use crate::diag::{Loc, Severity};
use crate::ir::{
    Api, Constraints, EnumType, Field, NamedType, ObjectType, Operation, Outbound, ParamLocation,
    Parameter, TypeKind, TypeOrigin, TypeRef, UnionType,
};

/// What every check sees: both APIs, the manifest and reachability.
pub struct Cx<'a> {
    pub base: &'a Api,
    pub head: &'a Api,
    pub manifest: &'a Manifest,
    pub profile: Profile,
    /// `YYYY-MM-DD`, when sunset dates should be judged.
    pub today: Option<&'a str>,
    base_reach: HashMap<&'a str, Direction>,
    head_reach: HashMap<&'a str, Direction>,
    /// Rename suggestions for this diff (see [`super::suggest`]).
    pub suggestions: Vec<super::suggest::Suggestion>,
}

impl<'a> Cx<'a> {
    /// The direction a pair of named types is judged in.
    pub fn pair_direction(&self, base: &str, head: &str) -> Direction {
        match (self.base_reach.get(base), self.head_reach.get(head)) {
            (Some(a), Some(b)) => a.union(*b),
            (Some(a), None) | (None, Some(a)) => *a,
            (None, None) => Direction::Both,
        }
    }

    /// The direction a base schema is reachable in (`Both` when unreachable).
    pub fn base_direction(&self, name: &str) -> Direction {
        self.base_reach
            .get(name)
            .copied()
            .unwrap_or(Direction::Both)
    }

    /// The head name a base component schema is expected under.
    pub fn head_schema_name<'n>(&'n self, base: &'n str) -> &'n str {
        self.manifest
            .schema(base)
            .map(|r| r.to.as_str())
            .unwrap_or(base)
    }

    /// The head path a base path is expected at.
    pub fn head_path(&self, base: &str) -> String {
        self.manifest
            .path(base)
            .map(|(p, _)| p)
            .unwrap_or_else(|| base.to_string())
    }

    /// Where a declared rename stands.
    pub fn rename_status(&self, r: &Rename) -> RenameStatus {
        rename_status(self, r)
    }
}

/// Whether a declared rename happened between base and head.
#[derive(Debug, Clone, PartialEq)]
pub enum RenameStatus {
    /// Old name in base, new name in head, old name gone from head.
    Applied { base: Loc, head: Loc },
    /// The old name is not in the base spec.
    OldNotInBase,
    /// The new name is not in the head spec.
    NewNotInHead { base: Loc },
    /// The old name is still in head with the same shape: nothing was renamed.
    OldStillInHead { base: Loc, head: Loc },
    /// The old name is in head again, with a different shape.
    FreedNameReused { base: Loc, head: Loc, new: Loc },
}

/// A candidate finding, before the engine merges by subject.
pub struct Candidate {
    rule: &'static RuleMeta,
    direction: Direction,
    subject: String,
    message: String,
    base: Option<Loc>,
    head: Option<Loc>,
    witness: Option<Value>,
    suggestion: Option<String>,
}

impl Candidate {
    /// Attaches a witness payload.
    pub fn witness(&mut self, v: Value) -> &mut Self {
        self.witness = Some(v);
        self
    }

    /// Attaches a manifest line that would explain the change.
    pub fn suggest(&mut self, s: impl Into<String>) -> &mut Self {
        self.suggestion = Some(s.into());
        self
    }
}

/// Collects what the rules report. Candidates about the same change of the
/// same thing (same `RuleMeta::change` and subject) are merged: the stricter
/// level under the profile wins, and the direction becomes `both` when both
/// directions reported it.
pub struct Sink {
    profile: Profile,
    pending: Vec<Candidate>,
    out: Vec<Finding>,
}

impl Sink {
    fn new(profile: Profile) -> Sink {
        Sink {
            profile,
            pending: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Reports a change. `subject` names the changed thing (a pointer or a
    /// dotted name) so the same change seen from both directions merges.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        direction: Direction,
        subject: impl Into<String>,
        base: Option<&Loc>,
        head: Option<&Loc>,
        message: impl Into<String>,
    ) -> &mut Candidate {
        self.pending.push(Candidate {
            rule,
            direction,
            subject: subject.into(),
            message: message.into(),
            base: base.cloned(),
            head: head.cloned(),
            witness: None,
            suggestion: None,
        });
        let last = self.pending.len() - 1;
        &mut self.pending[last]
    }

    fn flush(&mut self) {
        let mut groups: Vec<((&'static str, String), Vec<Candidate>)> = Vec::new();
        let mut index: HashMap<(&'static str, String), usize> = HashMap::new();
        for c in self.pending.drain(..) {
            let key = (c.rule.change, c.subject.clone());
            match index.get(&key) {
                Some(&i) => groups[i].1.push(c),
                None => {
                    index.insert(key.clone(), groups.len());
                    groups.push((key, vec![c]));
                }
            }
        }
        for (_, group) in groups {
            let active: Vec<(Severity, Candidate)> = group
                .into_iter()
                .filter_map(|c| c.rule.levels.get(self.profile).map(|l| (l, c)))
                .collect();
            let Some(best) = active
                .iter()
                .enumerate()
                .max_by(|(i, a), (j, b)| a.0.cmp(&b.0).then(j.cmp(i)))
                .map(|(i, _)| i)
            else {
                continue;
            };
            let direction = active
                .iter()
                .map(|(_, c)| c.direction)
                .reduce(Direction::union)
                .unwrap_or(Direction::Both);
            let witness = active[best]
                .1
                .witness
                .clone()
                .or_else(|| active.iter().find_map(|(_, c)| c.witness.clone()));
            let suggestion = active[best]
                .1
                .suggestion
                .clone()
                .or_else(|| active.iter().find_map(|(_, c)| c.suggestion.clone()));
            let (level, c) = &active[best];
            self.out.push(Finding {
                rule: c.rule.id,
                level: *level,
                direction,
                message: c.message.clone(),
                base: c.base.clone(),
                head: c.head.clone(),
                witness: if *level == Severity::Error {
                    witness
                } else {
                    None
                },
                suggestion,
                bump: if *level == Severity::Error {
                    Bump::Major
                } else {
                    c.rule.bump
                },
            });
        }
    }
}

/// Matched and unmatched operations.
pub struct OperationsDiff<'a> {
    pub matched: Vec<OperationPair<'a>>,
    pub removed: Vec<&'a Operation>,
    pub added: Vec<&'a Operation>,
}

/// Webhooks and callbacks (requests the API sends) matched, removed, added:
/// a webhook by name and method, a callback by its operation (through path
/// renames), URL expression and method (its name only locates it).
pub struct OutboundDiff<'a> {
    pub matched: Vec<OperationPair<'a>>,
    pub removed: Vec<&'a Operation>,
    pub added: Vec<&'a Operation>,
}

/// One operation in both versions, with its parameters matched.
pub struct OperationPair<'a> {
    pub base: &'a Operation,
    pub head: &'a Operation,
    pub params: Vec<ParameterPair<'a>>,
    pub params_removed: Vec<&'a Parameter>,
    pub params_added: Vec<&'a Parameter>,
}

/// One parameter in both versions.
pub struct ParameterPair<'a> {
    pub op: &'a Operation,
    pub base: &'a Parameter,
    pub head: &'a Parameter,
    /// The manifest entry that renamed it, if any.
    pub rename: Option<&'a Rename>,
}

/// One object type in both versions, with its fields matched.
pub struct ObjectPair<'a> {
    pub base_type: &'a NamedType,
    pub head_type: &'a NamedType,
    pub base: &'a ObjectType,
    pub head: &'a ObjectType,
    pub direction: Direction,
    pub fields: Vec<FieldPair<'a>>,
    pub removed: Vec<&'a Field>,
    pub added: Vec<&'a Field>,
}

/// One property in both versions.
pub struct FieldPair<'a> {
    pub base_owner: &'a str,
    pub head_owner: &'a str,
    pub base: &'a Field,
    pub head: &'a Field,
    pub direction: Direction,
    pub rename: Option<&'a Rename>,
}

impl FieldPair<'_> {
    /// `Owner.property` as named in base.
    pub fn subject(&self) -> String {
        format!("{}.{}", self.base_owner, self.base.name)
    }
}

/// Two types at the same place (a property, a parameter, a body, an item).
pub struct ValuePair<'a> {
    pub base: &'a TypeRef,
    pub head: &'a TypeRef,
    pub direction: Direction,
    /// A dotted name of the place: `Sandbox.state`, `getSandbox(sandboxId)`.
    pub subject: String,
    pub base_loc: &'a Loc,
    pub head_loc: &'a Loc,
    /// The value travels as text (a parameter or a response header), not JSON.
    pub text: bool,
}

impl ValuePair<'_> {
    /// How the head type's values relate to the base type's, as text where
    /// the value travels as text.
    pub fn relation(&self, cx: &Cx, b: &Kind, h: &Kind) -> shape::Relation {
        self.text
            .then(|| shape::text_relation(b, h))
            .flatten()
            .unwrap_or_else(|| shape::relation(cx.base, cx.head, b, h))
    }
}

/// One enum in both versions.
pub struct EnumPair<'a> {
    pub base_type: &'a NamedType,
    pub head_type: &'a NamedType,
    pub base: &'a EnumType,
    pub head: &'a EnumType,
    pub direction: Direction,
    /// Base values with no head counterpart (after declared value renames).
    pub removed: Vec<&'a crate::ir::EnumValue>,
    /// Head values no base value became.
    pub added: Vec<&'a crate::ir::EnumValue>,
}

/// One union (oneOf/anyOf) in both versions.
pub struct UnionPair<'a> {
    pub base_type: &'a NamedType,
    pub head_type: &'a NamedType,
    pub base: &'a UnionType,
    pub head: &'a UnionType,
    pub direction: Direction,
}

fn seed<'a>(api: &'a Api, t: &TypeRef, d: Direction, queue: &mut VecDeque<(&'a str, Direction)>) {
    let mut names = Vec::new();
    t.named(&mut names);
    for n in names {
        if let Some((k, _)) = api.types.get_key_value(&n) {
            queue.push_back((k.as_str(), d));
        }
    }
}

fn reach(api: &Api) -> HashMap<&str, Direction> {
    let mut out: HashMap<&str, Direction> = HashMap::new();
    let mut queue: VecDeque<(&str, Direction)> = VecDeque::new();
    for op in api.operations.iter().chain(&api.outbound) {
        let (request, response) = flows(op);
        for p in &op.parameters {
            seed(api, &p.ty, request, &mut queue);
        }
        if let Some(rb) = &op.request_body {
            for m in &rb.content {
                if let Some(t) = &m.ty {
                    seed(api, t, request, &mut queue);
                }
            }
        }
        for r in &op.responses {
            for m in &r.content {
                if let Some(t) = &m.ty {
                    seed(api, t, response, &mut queue);
                }
            }
            for h in &r.headers {
                seed(api, &h.ty, response, &mut queue);
            }
        }
    }
    while let Some((name, d)) = queue.pop_front() {
        let next = match out.get(name) {
            Some(old) if old.union(d) == *old => continue,
            Some(old) => old.union(d),
            None => d,
        };
        out.insert(name, next);
        let Some(t) = api.types.get(name) else {
            continue;
        };
        let mut refs: Vec<&TypeRef> = Vec::new();
        match &t.kind {
            TypeKind::Object(o) => {
                refs.extend(o.fields.iter().map(|f| &f.ty));
                if let crate::ir::Additional::Typed(t) = &o.additional {
                    refs.push(t);
                }
            }
            TypeKind::Union(u) => refs.extend(u.variants.iter()),
            TypeKind::Alias { target } => refs.push(target),
            TypeKind::Enum(_) => {}
        }
        for r in refs {
            seed(api, r, next, &mut queue);
        }
    }
    out
}

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

/// What identifies a request the API sends across versions (see [`OutboundDiff`]).
fn outbound_key(cx: &Cx, op: &Operation, base: bool) -> Option<(String, crate::ir::Method)> {
    let key = match op.outbound.as_ref()? {
        Outbound::Webhook { name } => format!("webhook {name}"),
        Outbound::Callback {
            method,
            path,
            expression,
            ..
        } => {
            let path = if base {
                cx.head_path(path)
            } else {
                path.clone()
            };
            format!(
                "callback {} {} {expression}",
                method.as_str(),
                path_shape(&path)
            )
        }
    };
    Some((key, op.method))
}

fn match_outbound<'a>(cx: &Cx<'a>) -> OutboundDiff<'a> {
    let mut head_index: BTreeMap<(String, crate::ir::Method), &'a Operation> = BTreeMap::new();
    for op in &cx.head.outbound {
        if let Some(k) = outbound_key(cx, op, false) {
            head_index.entry(k).or_insert(op);
        }
    }
    let mut matched = Vec::new();
    let mut removed = Vec::new();
    let mut used = BTreeSet::new();
    for b in &cx.base.outbound {
        let Some(key) = outbound_key(cx, b, true) else {
            continue;
        };
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
        .outbound
        .iter()
        .filter(|h| outbound_key(cx, h, false).is_some_and(|k| !used.contains(&k)))
        .collect();
    OutboundDiff {
        matched,
        removed,
        added,
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

struct Walker<'c, 'a> {
    cx: &'c Cx<'a>,
    sink: Sink,
    seen: BTreeSet<(&'a str, &'a str)>,
    queue: VecDeque<(&'a str, &'a str)>,
    /// The type references `value` is inside (cycle-safe nesting).
    nesting: crate::ir::cycles::Guard<(usize, usize)>,
    /// The values compared now travel as text (parameters, response headers).
    text: bool,
}

impl<'c, 'a> Walker<'c, 'a> {
    fn run_hook(&mut self, f: impl Fn(&Check, &Cx<'a>, &mut Sink)) {
        for rule in REGISTRY {
            f(&rule.check, self.cx, &mut self.sink);
        }
        self.sink.flush();
    }

    fn enqueue(&mut self, b: &'a str, h: &'a str) {
        if self.seen.insert((b, h)) {
            self.queue.push_back((b, h));
        }
    }

    /// Compares the types at one place and queues the named pairs under it.
    fn value(
        &mut self,
        b: &'a TypeRef,
        h: &'a TypeRef,
        direction: Direction,
        subject: String,
        base_loc: &'a Loc,
        head_loc: &'a Loc,
    ) {
        let vp = ValuePair {
            base: b,
            head: h,
            direction,
            subject: subject.clone(),
            base_loc,
            head_loc,
            text: self.text,
        };
        self.run_hook(|c, cx, s| {
            if let Check::Value(f) = c {
                f(cx, &vp, s)
            }
        });
        let (rb, rh) = (resolve(self.cx.base, b), resolve(self.cx.head, h));
        // An alias that contains itself (`A = A[]`) would nest forever.
        let key = (
            std::ptr::from_ref(b) as usize,
            std::ptr::from_ref(h) as usize,
        );
        if !self.nesting.enter(key) {
            return;
        }
        match (rb.kind, rh.kind) {
            (Kind::Array(x), Kind::Array(y)) => {
                self.value(x, y, direction, format!("{subject}[]"), base_loc, head_loc)
            }
            (Kind::Map(x), Kind::Map(y)) => self.value(
                x,
                y,
                direction,
                format!("{subject}{{}}"),
                base_loc,
                head_loc,
            ),
            (Kind::Object(x), Kind::Object(y))
            | (Kind::Enum(x, _), Kind::Enum(y, _))
            | (Kind::Union(x), Kind::Union(y)) => self.enqueue(x, y),
            _ => {}
        }
        self.nesting.leave();
    }

    /// Compares the validation keywords at one place (and those of its
    /// inline array items); see [`super::constraints`].
    #[allow(clippy::too_many_arguments)]
    fn constraints(
        &mut self,
        b: &'a Constraints,
        h: &'a Constraints,
        types: (Option<&'a TypeRef>, Option<&'a TypeRef>),
        direction: Direction,
        subject: &str,
        base_loc: &'a Loc,
        head_loc: &'a Loc,
    ) {
        if b == h {
            return;
        }
        let cp = ConstraintPair {
            base: b,
            head: h,
            base_ty: types.0,
            head_ty: types.1,
            direction,
            subject: subject.to_string(),
            base_loc,
            head_loc,
        };
        self.run_hook(|c, cx, s| {
            if let Check::Constraints(f) = c {
                f(cx, &cp, s)
            }
        });
        if b.items.is_some() || h.items.is_some() {
            let item = |api: &'a Api, t: Option<&'a TypeRef>| match t.map(|t| resolve(api, t).kind)
            {
                Some(Kind::Array(i)) => Some(i),
                _ => None,
            };
            self.constraints(
                b.items.as_deref().unwrap_or(&NONE),
                h.items.as_deref().unwrap_or(&NONE),
                (item(self.cx.base, types.0), item(self.cx.head, types.1)),
                direction,
                &format!("{subject}[]"),
                base_loc,
                head_loc,
            );
        }
    }

    fn drain(&mut self) {
        while let Some((b, h)) = self.queue.pop_front() {
            let (Some(bt), Some(ht)) = (self.cx.base.get(b), self.cx.head.get(h)) else {
                continue;
            };
            let direction = self.cx.pair_direction(b, h);
            let alias = |t: &'a NamedType| match &t.kind {
                TypeKind::Alias { target } => Some(target),
                _ => None,
            };
            self.constraints(
                &bt.constraints,
                &ht.constraints,
                (alias(bt), alias(ht)),
                direction,
                b,
                &bt.loc,
                &ht.loc,
            );
            match (&bt.kind, &ht.kind) {
                (TypeKind::Object(bo), TypeKind::Object(ho)) => {
                    self.object(bt, ht, bo, ho, direction)
                }
                (TypeKind::Enum(be), TypeKind::Enum(he)) => {
                    let (removed, added) = enum_value_changes(self.cx, bt, be, he);
                    let ep = EnumPair {
                        base_type: bt,
                        head_type: ht,
                        base: be,
                        head: he,
                        direction,
                        removed,
                        added,
                    };
                    // Two consts are compared as consts (`const-changed`), not as enums.
                    let consts = bt.constraints.const_value.is_some()
                        && ht.constraints.const_value.is_some();
                    if !consts {
                        self.run_hook(|c, cx, s| {
                            if let Check::Enum(f) = c {
                                f(cx, &ep, s)
                            }
                        });
                    }
                }
                (TypeKind::Union(bu), TypeKind::Union(hu)) => {
                    let up = UnionPair {
                        base_type: bt,
                        head_type: ht,
                        base: bu,
                        head: hu,
                        direction,
                    };
                    self.run_hook(|c, cx, s| {
                        if let Check::Union(f) = c {
                            f(cx, &up, s)
                        }
                    });
                    self.union_variants(bu, hu);
                }
                (TypeKind::Alias { target: x }, TypeKind::Alias { target: y }) => {
                    self.value(x, y, direction, b.to_string(), &bt.loc, &ht.loc)
                }
                _ => {}
            }
        }
    }

    /// Pairs union variants: component schemas by (renamed) name, inline
    /// variants by position when the variant count did not change.
    fn union_variants(&mut self, bu: &'a UnionType, hu: &'a UnionType) {
        let same_len = bu.variants.len() == hu.variants.len();
        for (i, x) in bu.variants.iter().enumerate() {
            let rx = resolve(self.cx.base, x).kind;
            let named = match x.non_null() {
                TypeRef::Named(n)
                    if matches!(
                        self.cx.base.get(n).map(|t| &t.origin),
                        Some(TypeOrigin::Component { .. })
                    ) =>
                {
                    Some(self.cx.head_schema_name(n))
                }
                _ => None,
            };
            let partner = match named {
                Some(want) => hu
                    .variants
                    .iter()
                    .find(|y| matches!(y.non_null(), TypeRef::Named(m) if m == want)),
                None if same_len => hu.variants.get(i),
                None => None,
            };
            let Some(y) = partner else { continue };
            match (rx, resolve(self.cx.head, y).kind) {
                (Kind::Object(a), Kind::Object(b))
                | (Kind::Enum(a, _), Kind::Enum(b, _))
                | (Kind::Union(a), Kind::Union(b)) => self.enqueue(a, b),
                _ => {}
            }
        }
    }

    fn object(
        &mut self,
        bt: &'a NamedType,
        ht: &'a NamedType,
        bo: &'a ObjectType,
        ho: &'a ObjectType,
        direction: Direction,
    ) {
        let mut fields = Vec::new();
        let mut removed = Vec::new();
        let mut used = vec![false; ho.fields.len()];
        for f in &bo.fields {
            let rename = self.cx.manifest.property(&bt.name, &f.name);
            let want = rename.map(|r| r.to.as_str()).unwrap_or(&f.name);
            match ho.fields.iter().position(|g| g.name == want) {
                Some(i) => {
                    used[i] = true;
                    fields.push(FieldPair {
                        base_owner: &bt.name,
                        head_owner: &ht.name,
                        base: f,
                        head: &ho.fields[i],
                        direction,
                        rename,
                    });
                }
                None => removed.push(f),
            }
        }
        let added: Vec<&Field> = ho
            .fields
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(f, _)| f)
            .collect();
        let pair = ObjectPair {
            base_type: bt,
            head_type: ht,
            base: bo,
            head: ho,
            direction,
            fields,
            removed,
            added,
        };
        self.run_hook(|c, cx, s| {
            if let Check::Object(f) = c {
                f(cx, &pair, s)
            }
        });
        for fp in &pair.fields {
            self.run_hook(|c, cx, s| {
                if let Check::Field(f) = c {
                    f(cx, fp, s)
                }
            });
            // A property read-only (or write-only) on both sides flows one way only.
            let d = if fp.base.read_only && fp.head.read_only {
                direction.has_response().then_some(Direction::Response)
            } else if fp.base.write_only && fp.head.write_only {
                direction.has_request().then_some(Direction::Request)
            } else {
                Some(direction)
            };
            if let Some(d) = d {
                self.constraints(
                    &fp.base.constraints,
                    &fp.head.constraints,
                    (Some(&fp.base.ty), Some(&fp.head.ty)),
                    d,
                    &fp.subject(),
                    &fp.base.loc,
                    &fp.head.loc,
                );
                self.value(
                    &fp.base.ty,
                    &fp.head.ty,
                    d,
                    fp.subject(),
                    &fp.base.loc,
                    &fp.head.loc,
                );
            }
        }
        if let (crate::ir::Additional::Typed(x), crate::ir::Additional::Typed(y)) =
            (&bo.additional, &ho.additional)
        {
            self.value(
                x,
                y,
                direction,
                format!("{}{{}}", bt.name),
                &bt.loc,
                &ht.loc,
            );
        }
    }

    /// Compares a matched operation: its own checks, then its parameters,
    /// bodies and response headers as values, each in the direction it
    /// travels (see [`flows`]: a webhook's request reaches clients).
    fn operation(&mut self, pair: &OperationPair<'a>) {
        self.run_hook(|c, cx, s| {
            if let Check::Operation(f) = c {
                f(cx, pair, s)
            }
        });
        let label = op_label(pair.base);
        let (request, response) = flows(pair.base);
        for pp in &pair.params {
            self.run_hook(|c, cx, s| {
                if let Check::Parameter(f) = c {
                    f(cx, pp, s)
                }
            });
            let subject = format!("{label} parameter {}", pp.base.name);
            self.constraints(
                &pp.base.constraints,
                &pp.head.constraints,
                (Some(&pp.base.ty), Some(&pp.head.ty)),
                request,
                &subject,
                &pp.base.loc,
                &pp.head.loc,
            );
            // Parameters are serialised as text on the wire, unless both
            // versions declare the value a JSON document (`content`).
            self.text = !(pp.base.is_json() && pp.head.is_json());
            self.value(
                &pp.base.ty,
                &pp.head.ty,
                request,
                subject,
                &pp.base.loc,
                &pp.head.loc,
            );
            self.text = false;
        }
        if let (Some(b), Some(h)) = (&pair.base.request_body, &pair.head.request_body) {
            for bm in &b.content {
                if let Some(hm) = h.content.iter().find(|m| m.content_type == bm.content_type) {
                    if let (Some(x), Some(y)) = (&bm.ty, &hm.ty) {
                        let subject = format!("{label} request body");
                        self.constraints(
                            &bm.constraints,
                            &hm.constraints,
                            (Some(x), Some(y)),
                            request,
                            &subject,
                            &b.loc,
                            &h.loc,
                        );
                        self.value(x, y, request, subject, &b.loc, &h.loc);
                    }
                }
            }
        }
        for br in &pair.base.responses {
            let Some(hr) = pair.head.responses.iter().find(|r| r.status == br.status) else {
                continue;
            };
            for bm in &br.content {
                if let Some(hm) = hr
                    .content
                    .iter()
                    .find(|m| m.content_type == bm.content_type)
                {
                    if let (Some(x), Some(y)) = (&bm.ty, &hm.ty) {
                        let subject = format!("{label} response {}", br.status);
                        self.constraints(
                            &bm.constraints,
                            &hm.constraints,
                            (Some(x), Some(y)),
                            response,
                            &subject,
                            &br.loc,
                            &hr.loc,
                        );
                        self.value(x, y, response, subject, &br.loc, &hr.loc);
                    }
                }
            }
            for bh in &br.headers {
                if let Some(hh) = hr
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case(&bh.name))
                {
                    let subject = format!("{label} response {} header {}", br.status, bh.name);
                    self.constraints(
                        &bh.constraints,
                        &hh.constraints,
                        (Some(&bh.ty), Some(&hh.ty)),
                        response,
                        &subject,
                        &br.loc,
                        &hr.loc,
                    );
                    self.text = true;
                    self.value(&bh.ty, &hh.ty, response, subject, &br.loc, &hr.loc);
                    self.text = false;
                }
            }
        }
    }
}

/// `GET /sandboxes/{sandboxId}`, or `webhooks.newPet.post` for a request the API sends.
pub fn op_label(op: &Operation) -> String {
    op.label()
}

/// The directions an operation's request and its responses travel in, as
/// clients see them: a request the API sends (a webhook or a callback) is
/// received by clients, who answer it with the responses.
pub fn flows(op: &Operation) -> (Direction, Direction) {
    if op.outbound.is_some() {
        (Direction::Response, Direction::Request)
    } else {
        (Direction::Request, Direction::Response)
    }
}

/// The version check as a check hook sees it.
pub struct VersionPair<'a> {
    pub check: &'a VersionCheck,
    pub base_loc: Loc,
    pub head_loc: Loc,
}

fn info_version_loc(api: &Api) -> Loc {
    // The IR keeps no location for info; the root file's first line is close.
    let file = api
        .operations
        .first()
        .map(|o| o.loc.file.clone())
        .or_else(|| api.types.values().next().map(|t| t.loc.file.clone()))
        .unwrap_or_default();
    Loc {
        file,
        line: 1,
        col: 1,
        pointer: "/info/version".into(),
    }
}

pub(crate) fn run(base: &Api, head: &Api, manifest: &Manifest, opts: &DiffOptions) -> Report {
    let mut cx = Cx {
        base,
        head,
        manifest,
        profile: opts.profile,
        today: opts.today.as_deref(),
        base_reach: reach(base),
        head_reach: reach(head),
        suggestions: Vec::new(),
    };
    cx.suggestions = super::suggest::suggest(&cx);
    let mut w = Walker {
        cx: &cx,
        sink: Sink::new(opts.profile),
        seen: BTreeSet::new(),
        nesting: crate::ir::cycles::Guard::new(),
        queue: VecDeque::new(),
        text: false,
    };
    w.run_hook(|c, cx, s| {
        if let Check::Api(f) = c {
            f(cx, s)
        }
    });
    let ops = match_operations(&cx);
    w.run_hook(|c, cx, s| {
        if let Check::Operations(f) = c {
            f(cx, &ops, s)
        }
    });
    let outbound = match_outbound(&cx);
    w.run_hook(|c, cx, s| {
        if let Check::Outbound(f) = c {
            f(cx, &outbound, s)
        }
    });
    for pair in ops.matched.iter().chain(&outbound.matched) {
        w.operation(pair);
    }
    // Component schemas no operation reaches are still compared (SDKs ship them).
    for (name, t) in &base.types {
        if matches!(t.origin, TypeOrigin::Component { .. }) {
            if let Some((k, _)) = head.types.get_key_value(cx.head_schema_name(name)) {
                w.enqueue(name, k);
            }
        }
    }
    w.drain();
    let mut findings = std::mem::take(&mut w.sink.out);
    let check = VersionCheck::new(&base.version, &head.version, opts.version, &findings);
    let vp = VersionPair {
        check: &check,
        base_loc: opts
            .base_version_loc
            .clone()
            .unwrap_or_else(|| info_version_loc(base)),
        head_loc: opts
            .head_version_loc
            .clone()
            .unwrap_or_else(|| info_version_loc(head)),
    };
    if opts.version != VersionPolicy::Off {
        w.run_hook(|c, cx, s| {
            if let Check::Version(f) = c {
                f(cx, &vp, s)
            }
        });
    }
    findings.append(&mut w.sink.out);
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.base.as_ref().map(|l| (l.file.clone(), l.line, l.col)),
                f.head.as_ref().map(|l| (l.file.clone(), l.line, l.col)),
            )
        };
        key(a)
            .cmp(&key(b))
            .then(a.rule.cmp(b.rule))
            .then(a.message.cmp(&b.message))
    });
    findings.dedup();
    Report {
        profile: opts.profile,
        findings,
        version: check,
        suggested: cx.suggestions.clone(),
    }
}

// ---------------------------------------------------------------------------
// Helpers the rules share.

/// Where a name of a given kind is in an API (`scope` as in the manifest).
pub fn find_name(api: &Api, kind: RenameKind, scope: Option<&str>, name: &str) -> Option<Loc> {
    match kind {
        RenameKind::Schema => api
            .types
            .get(name)
            .filter(|t| matches!(t.origin, TypeOrigin::Component { .. }))
            .map(|t| t.loc.clone()),
        RenameKind::Property => match api.get(scope?).map(|t| &t.kind) {
            Some(TypeKind::Object(o)) => o
                .fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.loc.clone()),
            _ => None,
        },
        RenameKind::EnumValue => match api.get(scope?) {
            Some(
                t @ NamedType {
                    kind: TypeKind::Enum(e),
                    ..
                },
            ) => e
                .values
                .iter()
                .any(|v| v.as_text() == name)
                .then(|| t.loc.clone()),
            _ => None,
        },
        RenameKind::Path => api
            .operations
            .iter()
            .find(|o| {
                o.path == name
                    || (o.path.starts_with(name) && o.path[name.len()..].starts_with('/'))
            })
            .map(|o| o.loc.clone()),
        RenameKind::Operation => api
            .operations
            .iter()
            .find(|o| o.id == name)
            .map(|o| o.loc.clone()),
        RenameKind::Parameter => api
            .operations
            .iter()
            .filter(|o| scope.is_none_or(|s| o.id == s))
            .flat_map(|o| o.parameters.iter())
            .find(|p| p.name == name)
            .map(|p| p.loc.clone()),
        RenameKind::Tag => {
            let used = api.tags.iter().any(|t| t.name == name)
                || api
                    .operations
                    .iter()
                    .any(|o| o.tags.iter().any(|t| t == name));
            used.then(|| {
                api.operations
                    .iter()
                    .find(|o| o.tags.iter().any(|t| t == name))
                    .map(|o| o.loc.clone())
                    .unwrap_or_else(|| info_version_loc(api))
            })
        }
    }
}

/// The scope of a rename as named in head (a renamed schema's new name).
fn head_scope<'m>(cx: &'m Cx, r: &'m Rename) -> Option<&'m str> {
    match r.kind {
        RenameKind::Property | RenameKind::EnumValue => {
            r.scope.as_deref().map(|s| cx.head_schema_name(s))
        }
        RenameKind::Parameter => r.scope.as_deref().map(|s| {
            cx.manifest
                .operation_id(s)
                .map(|x| x.to.as_str())
                .unwrap_or(s)
        }),
        _ => None,
    }
}

fn same_shape(cx: &Cx, r: &Rename) -> bool {
    match r.kind {
        RenameKind::Schema => shape::similarity(cx.base, &r.from, cx.head, &r.from) >= 0.999,
        RenameKind::Property => {
            let (Some(bs), Some(hs)) = (r.scope.as_deref(), head_scope(cx, r)) else {
                return true;
            };
            let field = |api: &Api, s: &str| match api.get(s).map(|t| &t.kind) {
                Some(TypeKind::Object(o)) => o
                    .fields
                    .iter()
                    .find(|f| f.name == r.from)
                    .map(|f| shape::fingerprint(api, &f.ty)),
                _ => None,
            };
            field(cx.base, bs) == field(cx.head, hs)
        }
        RenameKind::Path => {
            let methods = |api: &Api| {
                api.operations
                    .iter()
                    .filter(|o| o.path == r.from)
                    .map(|o| o.method)
                    .collect::<BTreeSet<_>>()
            };
            methods(cx.base) == methods(cx.head)
        }
        _ => true,
    }
}

fn rename_status(cx: &Cx, r: &Rename) -> RenameStatus {
    let Some(base) = find_name(cx.base, r.kind, r.scope.as_deref(), &r.from) else {
        return RenameStatus::OldNotInBase;
    };
    let hs = head_scope(cx, r);
    let Some(new) = find_name(cx.head, r.kind, hs, &r.to) else {
        return RenameStatus::NewNotInHead { base };
    };
    // Prefix path renames: the old prefix may legitimately survive for other paths.
    let old_in_head = match r.kind {
        RenameKind::Path => cx
            .head
            .operations
            .iter()
            .find(|o| o.path == r.from)
            .map(|o| o.loc.clone()),
        RenameKind::Parameter => None,
        _ => find_name(cx.head, r.kind, hs, &r.from),
    };
    match old_in_head {
        None => RenameStatus::Applied { base, head: new },
        Some(head) if same_shape(cx, r) => RenameStatus::OldStillInHead { base, head },
        Some(head) => RenameStatus::FreedNameReused { base, head, new },
    }
}

/// Is this parameter rename visible on the wire (query, header or cookie)?
pub fn parameter_on_wire(api: &Api, r: &Rename) -> bool {
    api.operations
        .iter()
        .filter(|o| r.scope.as_deref().is_none_or(|s| o.id == s))
        .flat_map(|o| o.parameters.iter())
        .any(|p| p.name == r.from && p.location != ParamLocation::Path)
}

/// The manifest line declaring a rename, for suggestions.
pub fn manifest_line(kind: RenameKind, key: &str, to: &str) -> String {
    format!("{}:\n  {}: {}", kind.section(), yaml_key(key), yaml_key(to))
}

fn yaml_key(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !s.is_empty()
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// A witness for something an old client receives that is now missing or changed.
pub fn object_witness(field: &str, value: Value) -> Value {
    json!({ field: value })
}

/// Has an operation's sunset date (`x-sunset` or a `Sunset` header) passed (by `--today`)?
pub fn sunset_passed(cx: &Cx, op: &Operation) -> bool {
    let (Some(today), Some(day)) = (cx.today, super::deprecation::sunset(op)) else {
        return false;
    };
    day.as_str() < today
}

/// A witness for a value at a dotted place: `{"state": value}` for `Sandbox.state`.
pub fn value_witness(subject: &str, v: Value) -> Value {
    let last = subject
        .rsplit(['.', ' '])
        .next()
        .unwrap_or(subject)
        .trim_end_matches("[]")
        .trim_end_matches("{}");
    if subject.contains('.')
        && !last.is_empty()
        && !subject.ends_with("[]")
        && !subject.ends_with("{}")
    {
        json!({ last: v })
    } else if subject.ends_with("[]") {
        json!([v])
    } else {
        v
    }
}

/// A small payload of a base object type (its required properties).
pub fn base_sample(cx: &Cx, t: &NamedType) -> Value {
    shape::sample(cx.base, &TypeRef::Named(t.name.clone()))
}

/// Enum values removed and added, after declared value renames.
/// The values removed from and added to an enum pair, by text, with declared
/// value renames applied. Computed once per pair; the rules read it from there.
pub fn enum_changes<'a>(
    p: &EnumPair<'a>,
) -> (Vec<&'a crate::ir::EnumValue>, Vec<&'a crate::ir::EnumValue>) {
    (p.removed.clone(), p.added.clone())
}

fn enum_value_changes<'a>(
    cx: &Cx,
    base_type: &NamedType,
    base: &'a EnumType,
    head: &'a EnumType,
) -> (Vec<&'a crate::ir::EnumValue>, Vec<&'a crate::ir::EnumValue>) {
    let head_texts: Vec<String> = head.values.iter().map(|h| h.as_text()).collect();
    let mut expected = vec![false; head.values.len()];
    let mut removed = Vec::new();
    for v in &base.values {
        let text = v.as_text();
        let renamed = cx.manifest.enum_value(&base_type.name, &text);
        let want = renamed.map(|r| r.to.as_str()).unwrap_or(&text);
        let mut found = false;
        for (i, h) in head_texts.iter().enumerate() {
            if h == want {
                expected[i] = true;
                found = true;
            }
        }
        if !found {
            removed.push(v);
        }
    }
    let added = head
        .values
        .iter()
        .zip(&expected)
        .filter(|(_, e)| !**e)
        .map(|(h, _)| h)
        .collect();
    (removed, added)
}

fn variant_key(api: &Api, t: &TypeRef, rename: impl Fn(&str) -> String) -> String {
    match t.non_null() {
        TypeRef::Named(n)
            if matches!(
                api.get(n).map(|t| &t.origin),
                Some(TypeOrigin::Component { .. })
            ) =>
        {
            format!("`{}`", rename(n))
        }
        other => format!("`{}`", shape::fingerprint(api, other)),
    }
}

/// Union variants removed and added (named variants through schema renames).
pub fn union_changes(cx: &Cx, p: &UnionPair) -> (Vec<String>, Vec<String>) {
    let b: BTreeSet<String> = p
        .base
        .variants
        .iter()
        .map(|v| variant_key(cx.base, v, |n| cx.head_schema_name(n).to_string()))
        .collect();
    let h: BTreeSet<String> = p
        .head
        .variants
        .iter()
        .map(|v| variant_key(cx.head, v, str::to_string))
        .collect();
    (
        b.difference(&h).cloned().collect(),
        h.difference(&b).cloned().collect(),
    )
}

/// The suggested manifest line for a removed name of a kind (`scope`: the
/// old schema of a property, the old operationId of a parameter).
fn suggested_line(cx: &Cx, kind: RenameKind, scope: Option<&str>, name: &str) -> Option<String> {
    cx.suggestions
        .iter()
        .find(|s| {
            s.kind == kind && s.from == name && (s.scope.is_none() || s.scope.as_deref() == scope)
        })
        .map(|s| s.line())
}

/// For a removed component schema: the suggested schema rename, if any.
pub fn suggest_schema_rename(cx: &Cx, name: &str) -> Option<String> {
    suggested_line(cx, RenameKind::Schema, None, name)
}

/// For a removed property: the suggested property rename, if any.
pub fn suggest_property_rename(cx: &Cx, p: &ObjectPair, f: &Field) -> Option<String> {
    suggested_line(cx, RenameKind::Property, Some(&p.base_type.name), &f.name)
}

/// For a removed parameter: the suggested parameter rename, if any.
pub fn suggest_parameter_rename(cx: &Cx, p: &OperationPair, q: &Parameter) -> Option<String> {
    suggested_line(cx, RenameKind::Parameter, Some(&p.base.id), &q.name)
}

/// For a removed operation: the suggested path rename, if any.
pub fn suggest_path_rename(cx: &Cx, op: &Operation) -> Option<String> {
    suggested_line(cx, RenameKind::Path, None, &op.path)
}
