//! The walk over two IRs: every matched pair handed to the rules registered
//! for it, each schema pair once.

use std::collections::{BTreeSet, VecDeque};

use super::*;
use crate::compat::constraints::ConstraintPair;
use crate::compat::rules::helpers::*;
use crate::compat::rules::{Check, REGISTRY};
use crate::compat::shape::{resolve, Kind};
use crate::compat::Direction;
use crate::diag::Loc;
use crate::ir::{
    Api, Constraints, Field, NamedType, ObjectType, TypeKind, TypeOrigin, TypeRef, UnionType,
    NO_CONSTRAINTS,
};

pub(crate) struct Walker<'c, 'a> {
    pub(super) cx: &'c Cx<'a>,
    pub(super) sink: Sink,
    pub(super) seen: BTreeSet<(&'a str, &'a str)>,
    pub(super) queue: VecDeque<(&'a str, &'a str)>,
    /// The type references `value` is inside (cycle-safe nesting).
    pub(super) nesting: crate::ir::cycles::Guard<(usize, usize)>,
    /// The values compared now travel as text (parameters, response headers).
    pub(super) text: bool,
}

impl<'c, 'a> Walker<'c, 'a> {
    pub(super) fn run_hook(&mut self, f: impl Fn(&Check, &Cx<'a>, &mut Sink)) {
        for rule in REGISTRY {
            f(&rule.check, self.cx, &mut self.sink);
        }
        self.sink.flush();
    }

    pub(super) fn enqueue(&mut self, b: &'a str, h: &'a str) {
        if self.seen.insert((b, h)) {
            self.queue.push_back((b, h));
        }
    }

    /// Compares the types at one place and queues the named pairs under it.
    pub(super) fn value(
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
    pub(super) fn constraints(
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
                b.items.as_deref().unwrap_or(&NO_CONSTRAINTS),
                h.items.as_deref().unwrap_or(&NO_CONSTRAINTS),
                (item(self.cx.base, types.0), item(self.cx.head, types.1)),
                direction,
                &format!("{subject}[]"),
                base_loc,
                head_loc,
            );
        }
    }

    pub(super) fn drain(&mut self) {
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
    pub(super) fn union_variants(&mut self, bu: &'a UnionType, hu: &'a UnionType) {
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

    pub(super) fn object(
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
    pub(super) fn operation(&mut self, pair: &OperationPair<'a>) {
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
