//! The Go type of a schema reference, and the declarations of a spec in
//! order: which structs contain which by value, aliases, union labels.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn new(cx: &'a EmitContext<'a>) -> Result<Self, Vec<Diagnostic>> {
        let api = cx.api;
        let reserved: Vec<(String, Loc, String)> = RESERVED
            .iter()
            .map(|r| {
                (
                    format!("{r} (defined by the generated package)"),
                    Loc::default(),
                    r.to_string(),
                )
            })
            .collect();
        // The identifiers every target, README and snippet of Go spells.
        let mut warnings = Vec::new();
        let names = crate::emit::support::checked_type_idents(
            api,
            cx.shims,
            crate::naming::Lang::Go,
            &reserved,
            &mut warnings,
        )?;
        // The package-level names claimed so far: the package's own and the types'.
        let mut items = reserved;
        let types = crate::emit::support::type_ident_items(api, names);
        items.extend(types.map(|(name, loc, id)| (name.to_string(), loc.clone(), id.to_string())));
        let type_idents = names.values().cloned().collect();
        let mut b = Builder {
            cx,
            api,
            names,
            type_idents,
            package_items: items,
            value_edges: BTreeMap::new(),
            dirs: api.directions(),
            uses: Uses::default(),
            errors: Vec::new(),
            warnings,
        };
        b.value_edges = b.compute_value_edges();
        Ok(b)
    }

    /// Follows aliases from a non-null reference to the named object or
    /// union it ends at, if any.
    pub(super) fn struct_target(&self, ty: &TypeRef) -> Option<&'a NamedType> {
        let mut cur = ty.non_null();
        for _ in 0..32 {
            let TypeRef::Named(n) = cur else { return None };
            let t = self.api.get(n)?;
            match &t.kind {
                TypeKind::Alias { target } => cur = target.non_null(),
                TypeKind::Object(_) if self.object_is_map(t) => return None,
                TypeKind::Object(_) | TypeKind::Union(_) => return Some(t),
                TypeKind::Enum(_) => return None,
            }
        }
        None
    }

    pub(super) fn object_is_map(&self, t: &NamedType) -> bool {
        match &t.kind {
            TypeKind::Object(o) => {
                as_map(t).is_some()
                    || (o.fields.is_empty() && matches!(o.additional, Additional::Unspecified))
            }
            _ => false,
        }
    }

    pub(super) fn shape(&self, ty: &TypeRef) -> Shape {
        match ty.non_null() {
            TypeRef::Primitive(_) => Shape::Scalar,
            TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Any => Shape::Ref,
            TypeRef::Nullable(_) => Shape::Scalar,
            TypeRef::Named(n) => match self.api.get(n).map(|t| (t, &t.kind)) {
                Some((t, TypeKind::Object(_))) if self.object_is_map(t) => Shape::Ref,
                Some((_, TypeKind::Object(_) | TypeKind::Union(_))) => Shape::Struct,
                Some((_, TypeKind::Enum(_))) => Shape::Scalar,
                Some((_, TypeKind::Alias { target })) => {
                    if self.alias_depth_ok(n) {
                        self.shape(target)
                    } else {
                        Shape::Ref
                    }
                }
                None => Shape::Ref,
            },
        }
    }

    /// False for an alias that only leads back to itself.
    pub(super) fn alias_depth_ok(&self, name: &str) -> bool {
        let mut cur = name.to_string();
        for _ in 0..32 {
            match self.api.get(&cur).map(|t| &t.kind) {
                Some(TypeKind::Alias { target }) => match target.non_null() {
                    TypeRef::Named(n) if n == name => return false,
                    TypeRef::Named(n) => cur = n.clone(),
                    _ => return true,
                },
                _ => return true,
            }
        }
        false
    }

    /// Whether field `f` of object `owner` must be present: a required
    /// read-only field is optional in a type that is also sent, and a
    /// required write-only one in a type that also comes back.
    pub(super) fn required(&self, owner: &str, f: &Field) -> bool {
        sdk::presence(self.api, self.dirs, owner, f).required
    }

    /// Which struct a field holds by value in its default representation.
    pub(super) fn by_value(&self, owner: &str, f: &Field) -> Option<String> {
        if self.shape(&f.ty) != Shape::Struct {
            return None;
        }
        let nullable = admits_null(self.api, &f.ty);
        let required = self.required(owner, f);
        // required → T; optional nullable → Nullable[T]; others are pointers.
        if (required && !nullable) || (!required && nullable) {
            self.struct_target(&f.ty).map(|t| t.name.clone())
        } else {
            None
        }
    }

    pub(super) fn compute_value_edges(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut edges = BTreeMap::new();
        for t in self.api.types.values() {
            if let TypeKind::Object(o) = &t.kind {
                let set: BTreeSet<String> = o
                    .fields
                    .iter()
                    .filter_map(|f| self.by_value(&t.name, f))
                    .collect();
                edges.insert(t.name.clone(), set);
            }
        }
        edges
    }

    /// Whether `from` can reach `to` through by-value struct containment.
    pub(super) fn reaches(&self, from: &str, to: &str) -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(next) = self.value_edges.get(&n) {
                stack.extend(next.iter().cloned());
            }
        }
        false
    }

    /// The Go type of a non-null value of `ty`.
    pub(super) fn base(&mut self, ty: &TypeRef) -> String {
        match ty.non_null() {
            TypeRef::Named(n) => self.names.get(n).cloned().unwrap_or_else(|| {
                self.uses.json = true;
                "json.RawMessage".into()
            }),
            TypeRef::Primitive(p) => {
                let (ty, package) = primitive_type(p);
                match package {
                    PrimitivePackage::Time => self.uses.time = true,
                    PrimitivePackage::Wire => self.uses.wire = true,
                    PrimitivePackage::None => {}
                }
                ty
            }
            TypeRef::Array(inner) => format!("[]{}", self.elem(inner)),
            TypeRef::Map(inner) => format!("map[string]{}", self.elem(inner)),
            TypeRef::Any | TypeRef::Nullable(_) => {
                self.uses.json = true;
                "json.RawMessage".into()
            }
        }
    }

    /// The Go type of an array element or map value: nullable scalars and
    /// structs become pointers.
    pub(super) fn elem(&mut self, ty: &TypeRef) -> String {
        let base = self.base(ty);
        if admits_null(self.api, ty) && self.shape(ty) != Shape::Ref {
            format!("*{base}")
        } else {
            base
        }
    }

    pub(super) fn decls(&mut self) -> Vec<Decl> {
        let api = self.api;
        let mut out = Vec::new();
        for t in api.types.values() {
            let decl = match &t.kind {
                TypeKind::Object(o) if !self.object_is_map(t) => self.structure(t, o),
                TypeKind::Object(o) => {
                    let value = match &o.additional {
                        Additional::Typed(ty) => ty.clone(),
                        _ => TypeRef::Any,
                    };
                    let target = self.base(&TypeRef::Map(Box::new(value)));
                    self.alias(t, target, false)
                }
                TypeKind::Enum(e) => self.enumeration(t, e),
                TypeKind::Union(u) => self.union(t, u),
                TypeKind::Alias { target } => {
                    let inner = target.non_null();
                    // A type with methods (a struct, time.Time, raw JSON) must
                    // be an alias: a defined type would drop its JSON methods.
                    let alias = matches!(inner, TypeRef::Named(_) | TypeRef::Any)
                        || matches!(
                            inner,
                            TypeRef::Primitive(Primitive::String(f))
                                if *f == StringFormat::DateTime || wire_type(f).is_some()
                        );
                    let go = if matches!(inner, TypeRef::Named(n) if !self.alias_depth_ok(n)) {
                        self.uses.json = true;
                        "json.RawMessage".to_string()
                    } else {
                        self.base(inner)
                    };
                    self.alias(t, go, alias)
                }
            };
            out.push(Decl {
                article: article(&decl.name),
                ..decl
            });
        }
        for (old, new) in &self.cx.shims.type_aliases {
            if let (Some(n), None) = (self.names.get(new).cloned(), api.get(old)) {
                let name = crate::naming::go::type_name(old);
                self.package_items.push((
                    format!("{old} (renamed to {new})"),
                    Loc::default(),
                    name.clone(),
                ));
                out.push(Decl {
                    kind: "alias",
                    doc: vec![
                        format!("{name} is the old name of [{n}]."),
                        String::new(),
                        format!("Deprecated: renamed to {n}; this alias is kept for one release."),
                    ],
                    name,
                    alias: true,
                    target: n,
                    ..Decl::default()
                });
            }
        }
        self.errors.extend(check_collisions(
            "go package-level names",
            &self.package_items,
        ));
        out
    }

    pub(super) fn type_doc_lines(
        &self,
        t: &NamedType,
        ident: &str,
        what: &str,
        notes: &[String],
    ) -> Vec<String> {
        let text = t.docs.text();
        let mut doc = Vec::new();
        if text.is_some() || notes.is_empty() {
            doc = ident_doc(ident, text, &format!("the {} {what}.", t.name));
        }
        for n in notes {
            if !doc.is_empty() {
                doc.push(String::new());
            }
            doc.extend(wrap(n, 76));
        }
        if t.deprecated {
            doc.push(String::new());
            doc.push("Deprecated: the API marks this schema deprecated.".into());
        }
        canonical_doc(doc)
    }

    pub(super) fn alias(&mut self, t: &NamedType, target: String, alias: bool) -> Decl {
        let name = self.names[&t.name].clone();
        let notes = match &t.kind {
            TypeKind::Alias { target } if target.is_nullable() => {
                vec!["It may be null: fields of this type are pointers or Nullable.".to_string()]
            }
            _ => Vec::new(),
        };
        Decl {
            kind: "alias",
            doc: self.type_doc_lines(t, &name, "type", &notes),
            name,
            alias,
            target,
            ..Decl::default()
        }
    }

    /// The Go field of a variant that holds the tag, when it is a plain
    /// required string (so it can be filled in on encode).
    pub(super) fn tag_field(&self, target: &str, property: &str) -> Option<String> {
        let TypeKind::Object(o) = &self.api.get(target)?.kind else {
            return None;
        };
        let f = o.fields.iter().find(|f| f.name == property)?;
        let plain = matches!(f.ty, TypeRef::Primitive(Primitive::String(_)))
            && !matches!(
                f.ty,
                TypeRef::Primitive(Primitive::String(StringFormat::DateTime))
            );
        (plain && self.required(target, f) && valid_tag_name(&f.name))
            .then(|| exported(f.naming_source(), "X", "Field"))
    }

    /// A name for a union alternative, used in method names.
    pub(super) fn label(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => self.names.get(n).cloned().unwrap_or_else(|| "Value".into()),
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => "Time".into(),
                Primitive::String(f) => wire_type(f).unwrap_or("String").into(),
                Primitive::Integer(IntFormat::Int32) => "Int32".into(),
                Primitive::Integer(_) => "Int64".into(),
                Primitive::Number(_) => "Float64".into(),
                Primitive::Boolean => "Bool".into(),
            },
            TypeRef::Array(i) => format!("{}List", self.label(i)),
            TypeRef::Map(i) => format!("{}Map", self.label(i)),
            TypeRef::Any => "Value".into(),
            TypeRef::Nullable(i) => self.label(i),
        }
    }
}
