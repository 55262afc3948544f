//! A Go struct per object schema: fields, their types, tags and comments.

use std::borrow::Cow;

use super::*;

impl Builder<'_> {
    pub(super) fn structure(&mut self, t: &NamedType, o: &ObjectType) -> Decl {
        let name = self.names[&t.name].clone();
        let recv = receiver(&name);
        let mut items: Vec<(Cow<str>, &Loc, String)> = ["MarshalJSON", "UnmarshalJSON"]
            .iter()
            .map(|m| (format!("{m} (a method)").into(), &t.loc, m.to_string()))
            .collect();
        let mut fields = Vec::new();
        let mut required = Vec::new();
        let mut props: Vec<Prop> = Vec::new();
        // Old property names from a migration manifest decode as the new ones.
        let aliases = self.cx.shims.field_aliases.get(&t.name);
        for f in &o.fields {
            if !valid_tag_name(&f.name) || f.name.contains(',') {
                self.warnings.push(Diagnostic::new(
                    "fidelity-property-name",
                    Severity::Warning,
                    f.loc.clone(),
                    format!(
                        "go: property `{}` of `{}` cannot be named in an encoding/json struct tag; the Go struct leaves it out",
                        f.name, t.name
                    ),
                ));
                continue;
            }
            let fname = exported(f.naming_source(), "X", "Field");
            items.push((f.name.as_str().into(), &f.loc, fname.clone()));
            let is_required = self.required(&t.name, f);
            if is_required {
                required.push(go_str(&f.name));
            }
            let (ty, opts) = self.field_type(t, f);
            let old: Vec<String> = aliases
                .into_iter()
                .flatten()
                .filter(|(old, new)| new == &f.name && old != new)
                .map(|(old, _)| go_str(old))
                .collect();
            props.push(Prop {
                field: fname.clone(),
                wire: go_str(&f.name),
                // Required first, so the template can slice them off.
                slot: is_required.then(|| required.len() - 1),
                decode: self.field_decode(f, &ty),
                old,
            });
            let tag_name = if f.name == "-" { "-," } else { f.name.as_str() };
            fields.push(Line {
                doc: self.field_doc(&fname, f),
                name: fname,
                ty,
                tag: format!("{tag_name}{opts}"),
                ..Line::default()
            });
        }
        // A renamed property that is not required gets a seen flag too:
        // its old name decodes only when the new one is absent.
        let mut seen = required.len();
        for p in &mut props {
            if !p.old.is_empty() && p.slot.is_none() {
                p.slot = Some(seen);
                seen += 1;
            }
        }
        // Properties the spec does not list are kept (typed when it types
        // them), so a read-modify-write does not drop what a newer server
        // sent. Under `additionalProperties: false` too: that limits what a
        // sender may send, not what an older reader may accept.
        let value = match &o.additional {
            Additional::Typed(ty) => {
                let go = self.base(ty);
                if admits_null(self.api, ty) && self.shape(ty) != Shape::Ref {
                    format!("*{go}")
                } else {
                    go
                }
            }
            _ => {
                self.uses.json = true;
                "json.RawMessage".to_string()
            }
        };
        items.push((
            "additional properties".into(),
            &t.loc,
            "AdditionalProperties".into(),
        ));
        let extras = Extras {
            value: format!("map[string]{value}"),
            forbidden: matches!(o.additional, Additional::Forbidden),
        };
        self.uses.extras = true;
        self.errors.extend(check_collisions(
            &format!("go fields of {}", t.name),
            &items,
        ));
        align(&mut fields);
        let mut notes = Vec::new();
        if let Some(n) = &o.composition_note {
            notes.push(format!("Composition: {n}."));
        }
        Decl {
            kind: "struct",
            doc: self.type_doc_lines(t, &name, "object", &notes),
            name,
            recv,
            fields,
            required,
            props,
            seen,
            extras: Some(extras),
            ..Decl::default()
        }
    }

    /// The Go type and tag options of a field.
    pub(super) fn field_type(&mut self, owner: &NamedType, f: &Field) -> (String, &'static str) {
        let required = self.required(&owner.name, f);
        let nullable = admits_null(self.api, &f.ty);
        let shape = self.shape(&f.ty);
        let base = self.base(&f.ty);
        let cyclic = shape == Shape::Struct
            && self
                .struct_target(&f.ty)
                .is_some_and(|t| self.reaches(&t.name, &owner.name));
        if matches!(f.ty.non_null(), TypeRef::Any) {
            // Raw JSON holds null itself; nil is absent.
            return (base, if required { "" } else { ",omitzero" });
        }
        match (required, nullable, shape) {
            (true, false, Shape::Struct) if cyclic => (format!("*{base}"), ""),
            (true, false, _) | (true, true, Shape::Ref) => (base, ""),
            (true, true, _) => (format!("*{base}"), ""),
            (false, false, Shape::Ref) => (base, ",omitzero"),
            (false, false, _) => (format!("*{base}"), ",omitempty"),
            (false, true, _) if cyclic => (format!("Nullable[*{base}]"), ",omitzero"),
            (false, true, _) => (format!("Nullable[{base}]"), ",omitzero"),
        }
    }

    pub(super) fn field_doc(&self, ident: &str, f: &Field) -> Vec<String> {
        // Field comments keep the spec's wording; only declarations must
        // start with their name.
        let mut doc: Vec<String> = f.docs.text().map(doc_lines).unwrap_or_default();
        let mut notes = Vec::new();
        if let Some(p) = constraints::paragraph(f) {
            notes.push(p);
        }
        if f.read_only {
            notes.push("Read-only: set by the server; ignored in requests.".to_string());
        }
        if f.write_only {
            notes.push("Write-only: sent in requests, never returned.".to_string());
        }
        if let Some(d) = &f.default {
            notes.push(format!("Default (applied by the server when absent): {d}."));
        }
        if !notes.is_empty() {
            if doc.is_empty() {
                doc.push(format!("{ident} is the {} property.", one_line(&f.name)));
            }
            doc.push(String::new());
            doc.extend(wrap(&notes.join(" "), 76));
        }
        if f.deprecated {
            if doc.is_empty() {
                doc.push(format!("{ident} is the {} property.", one_line(&f.name)));
            }
            doc.push(String::new());
            doc.push("Deprecated: the API marks this property deprecated.".into());
        }
        canonical_doc(doc)
    }
}
