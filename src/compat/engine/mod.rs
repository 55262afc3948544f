//! The diff engine: matches operations, parameters, schemas, fields and enum
//! values of two IRs (through the declared renames), hands every matched or
//! unmatched pair to the rules registered for it, and merges what they report.
//!
//! Schemas are compared pair by pair, each pair once (a memo of
//! `(base name, head name)`), so recursive schemas terminate. A pair is judged
//! in the direction it is reachable in from the operations of either side: a
//! schema that is sent and received is judged both ways, and the stricter
//! verdict wins.

use std::collections::{BTreeSet, HashMap, VecDeque};

use serde_json::Value;

mod matching;
mod walk;

use super::manifest::{Manifest, Rename};
use super::rules::helpers::*;
use super::rules::{Check, RuleMeta};
use super::shape::{self, Kind};
use super::{Bump, DiffOptions, Direction, Finding, Profile, Report, VersionCheck, VersionPolicy};
use crate::diag::{Loc, Severity};
use crate::ir::directions::{reach, Reach};
use crate::ir::{
    Api, EnumType, Field, NamedType, ObjectType, Operation, Parameter, TypeOrigin, TypeRef,
    UnionType,
};
pub use matching::path_shape;
use matching::*;
pub(crate) use matching::{match_operations, match_parameters};
use walk::*;

/// What every check sees: both APIs, the manifest and reachability.
pub struct Cx<'a> {
    pub base: &'a Api,
    pub head: &'a Api,
    pub manifest: &'a Manifest,
    pub profile: Profile,
    /// `YYYY-MM-DD`, when sunset dates should be judged.
    pub today: Option<&'a str>,
    base_reach: Reach<'a>,
    head_reach: Reach<'a>,
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
        let at = self.pending.len();
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
        // `at` is the index of the candidate just pushed.
        &mut self.pending[at]
    }

    fn flush(&mut self) {
        let mut groups: Vec<((&'static str, String), Vec<Candidate>)> = Vec::new();
        let mut index: HashMap<(&'static str, String), usize> = HashMap::new();
        for c in self.pending.drain(..) {
            let key = (c.rule.change, c.subject.clone());
            match index.get(&key) {
                // `index` holds positions in `groups`, which only grows.
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
            // The highest level wins; among equals, the first found.
            let Some((level, c)) = active
                .iter()
                .enumerate()
                .max_by(|(i, a), (j, b)| a.0.cmp(&b.0).then(j.cmp(i)))
                .map(|(_, best)| best)
            else {
                continue;
            };
            let direction = active
                .iter()
                .map(|(_, c)| c.direction)
                .reduce(Direction::union)
                .unwrap_or(Direction::Both);
            let witness = c
                .witness
                .clone()
                .or_else(|| active.iter().find_map(|(_, c)| c.witness.clone()));
            let suggestion = c
                .suggestion
                .clone()
                .or_else(|| active.iter().find_map(|(_, c)| c.suggestion.clone()));
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
/// renames), name, URL expression and method, then by URL expression alone.
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

/// The version check as a check hook sees it.
pub struct VersionPair<'a> {
    pub check: &'a VersionCheck,
    pub base_loc: Loc,
    pub head_loc: Loc,
}

pub(crate) fn info_version_loc(api: &Api) -> Loc {
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
