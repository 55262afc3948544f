//! A Go struct per union schema: a field per variant when a discriminator
//! tells them apart, the raw JSON with typed accessors when nothing does.

use super::*;

impl Builder<'_> {
    /// Whether a union is decoded by its discriminator: it has one that a
    /// struct tag can name, mapping to at least one named type.
    pub(super) fn is_tagged(&self, u: &UnionType) -> bool {
        u.discriminator.as_ref().is_some_and(|d| {
            valid_tag_name(&d.property)
                && !d.property.contains(',')
                && d.mapping
                    .iter()
                    .any(|(_, target)| self.names.contains_key(target))
        })
    }

    pub(super) fn union(&mut self, t: &NamedType, u: &UnionType) -> Decl {
        let name = self.names[&t.name].clone();
        let recv = receiver(&name);
        if let Some(d) = &u.discriminator {
            let mut cases: Vec<Case> = Vec::new();
            for (tag, target) in &d.mapping {
                let Some(go) = self.names.get(target).cloned() else {
                    continue;
                };
                match cases.iter_mut().find(|c| c.ty == go) {
                    Some(c) => c.tags.push_str(&format!(", {}", go_str(tag))),
                    None => {
                        let fill = self.tag_field(target, &d.property).map(|field| Fill {
                            field,
                            tag: go_str(tag),
                        });
                        cases.push(Case {
                            tags: go_str(tag),
                            field: go.clone(),
                            ty: go,
                            fill,
                            method: self.method_decode(target),
                        })
                    }
                }
            }
            if self.is_tagged(u) {
                self.uses.json = true;
                self.uses.errors = true;
                // The scanner of decode.go finds the tag.
                self.uses.extras = true;
                let mut items: Vec<(String, Loc, String)> = cases
                    .iter()
                    .map(|c| (c.ty.clone(), t.loc.clone(), c.field.clone()))
                    .collect();
                items.push((
                    "raw JSON of unknown variants".into(),
                    t.loc.clone(),
                    "Unknown".into(),
                ));
                self.errors.extend(check_collisions(
                    &format!("go fields of union {}", t.name),
                    &items,
                ));
                let mut fields: Vec<Line> = cases
                    .iter()
                    .map(|c| Line {
                        name: c.field.clone(),
                        ty: format!("*{}", c.ty),
                        ..Line::default()
                    })
                    .collect();
                // The template adds `Unknown` (its own comment section).
                align(&mut fields);
                let listed: Vec<String> = cases.iter().map(|c| c.ty.clone()).collect();
                let note = format!(
                    "{name} is one of {}, told apart by the {} property. After decoding exactly one field is set.",
                    listed.join(", "),
                    go_str(&d.property)
                );
                return Decl {
                    kind: "tagged",
                    doc: self.type_doc_lines(t, &name, "union", &[note]),
                    name,
                    recv,
                    fields,
                    cases,
                    property: go_str(&d.property),
                    ..Decl::default()
                };
            }
            self.warnings.push(Diagnostic::new(
                "fidelity-discriminator",
                Severity::Warning,
                t.loc.clone(),
                format!("go: the discriminator of `{}` cannot be used; it is decoded as an untagged union", t.name),
            ));
        }
        self.uses.json = true;
        self.uses.any_of = true;
        let mut variants: Vec<Variant> = Vec::new();
        for v in &u.variants {
            let ty = self.elem(v);
            if variants.iter().any(|x| x.ty == ty) {
                continue;
            }
            variants.push(Variant {
                label: self.label(v),
                ty,
            });
        }
        if variants.is_empty() {
            variants.push(Variant {
                label: "Value".into(),
                ty: "json.RawMessage".into(),
            });
        }
        let mut items = vec![
            (
                "Raw (a method)".to_string(),
                t.loc.clone(),
                "Raw".to_string(),
            ),
            (
                "MarshalJSON (a method)".into(),
                t.loc.clone(),
                "MarshalJSON".into(),
            ),
            (
                "UnmarshalJSON (a method)".into(),
                t.loc.clone(),
                "UnmarshalJSON".into(),
            ),
        ];
        for v in &variants {
            items.push((v.ty.clone(), t.loc.clone(), format!("As{}", v.label)));
            self.package_items.push((
                format!("constructor of {} from {}", t.name, v.ty),
                t.loc.clone(),
                format!("{name}From{}", v.label),
            ));
        }
        self.errors.extend(check_collisions(
            &format!("go methods of union {}", t.name),
            &items,
        ));
        let listed: Vec<String> = variants.iter().map(|v| v.ty.clone()).collect();
        let word = match u.kind {
            crate::ir::UnionKind::OneOf => "one",
            crate::ir::UnionKind::AnyOf => "any",
        };
        let note = format!(
            "{name} is {word} of {}, with nothing in the JSON to tell which: it keeps the JSON as received (once one alternative accepts it), the As methods decode it and the From functions build one.",
            listed.join(", ")
        );
        Decl {
            kind: "untagged",
            doc: self.type_doc_lines(t, &name, "union", &[note]),
            name,
            recv,
            variants,
            ..Decl::default()
        }
    }
}
