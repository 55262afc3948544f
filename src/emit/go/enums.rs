//! A Go named type and its constants per enum schema.

use super::*;

/// The Go literal of an enum value, when the value has the enum's type
/// (the others get no constant).
fn enum_literal(value: &Value, repr: EnumRepr) -> Option<String> {
    match (value, repr) {
        (Value::String(s), EnumRepr::String) => Some(go_str(s)),
        (Value::Number(n), EnumRepr::Integer) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

impl Builder<'_> {
    /// Whether an enum has an UnmarshalJSON of its own: it is closed, or a
    /// migration renamed one of its values (those decoding as the new one).
    pub(super) fn enum_decodes_itself(&self, t: &NamedType, e: &EnumType) -> bool {
        let renamed = self
            .cx
            .shims
            .enum_aliases
            .get(&t.name)
            .into_iter()
            .flatten()
            .any(|(_, new)| {
                e.values
                    .iter()
                    .any(|v| v.as_text() == *new && enum_literal(&v.value, e.repr).is_some())
            });
        !e.open || renamed
    }

    pub(super) fn enumeration(&mut self, t: &NamedType, e: &EnumType) -> Decl {
        let name = self.names[&t.name].clone();
        let recv = receiver(&name);
        let base = match e.repr {
            EnumRepr::String => "string",
            EnumRepr::Integer => "int64",
        };
        let mut consts = Vec::new();
        let mut known = Vec::new();
        let mut by_value: BTreeMap<String, String> = BTreeMap::new();
        let mut own = Vec::new();
        let suffixes = member_idents(
            "go",
            t,
            e,
            true,
            &|source| const_suffix(source),
            &|id, n| format!("{id}{n}"),
            &mut self.warnings,
        );
        for (v, suffix) in e.values.iter().zip(suffixes) {
            let Some(literal) = enum_literal(&v.value, e.repr) else {
                continue;
            };
            let mut cname = format!("{name}{suffix}");
            if self.type_idents.contains(&cname) {
                // A schema already has the name (`source_type_card` next to
                // SourceType's value `card`): the constant gives way.
                let renamed = format!("{cname}Value");
                self.warnings.push(Diagnostic::new(
                    "renamed-identifier",
                    Severity::Warning,
                    t.loc.clone(),
                    format!(
                        "go: the constant for `{}` value {} would be `{cname}`, which names a type; it is `{renamed}`",
                        t.name, v.value
                    ),
                ));
                cname = renamed;
            }
            own.push((
                format!("{} value {}", t.name, v.as_text()),
                t.loc.clone(),
                cname.clone(),
            ));
            by_value.insert(v.as_text(), cname.clone());
            known.push(cname.clone());
            consts.push(Line {
                doc: v
                    .description
                    .as_deref()
                    .map(|d| ident_doc(&cname, Some(d), ""))
                    .map(canonical_doc)
                    .unwrap_or_default(),
                name: cname,
                ty: format!("{name} = {literal}"),
                ..Line::default()
            });
        }
        let clashes = enum_member_hint(check_collisions(
            &format!("go constants of enum {}", t.name),
            &own,
        ));
        if clashes.is_empty() {
            self.package_items.extend(own);
        } else {
            self.errors.extend(clashes);
        }
        let mut renamed = Vec::new();
        for (old, new) in self
            .cx
            .shims
            .enum_aliases
            .get(&t.name)
            .into_iter()
            .flatten()
        {
            if let Some(c) = by_value.get(new) {
                renamed.push((go_str(old), c.clone()));
            }
        }
        align(&mut consts);
        let closed = !e.open;
        if closed || !renamed.is_empty() {
            self.uses.json = true;
        }
        if closed {
            self.uses.fmt = true;
        }
        let note = if e.constant && e.open {
            format!("{name} is a constant: the spec allows only the value below; a different one (from a newer server) decodes as is and encodes back unchanged ([{name}.IsKnown] is false).")
        } else if e.open {
            format!("{name} is open: a value this version does not list decodes as is and encodes back unchanged; [{name}.IsKnown] tells them apart.")
        } else {
            format!("{name} is closed: decoding a value the spec does not list fails.")
        };
        let mut notes = vec![note];
        if e.nullable {
            notes.push("It may be null: fields of this type are pointers or Nullable.".into());
        }
        if known.is_empty() {
            known.push(format!("{name}(\"\")"));
            if e.repr == EnumRepr::Integer {
                known[0] = format!("{name}(0)");
            }
            if !e.open {
                self.warnings.push(Diagnostic::new(
                    "fidelity-empty-enum",
                    Severity::Warning,
                    t.loc.clone(),
                    format!("go: enum `{}` lists no value of its type", t.name),
                ));
            }
        }
        Decl {
            kind: "enum",
            doc: self.type_doc_lines(t, &name, "enumeration", &notes),
            name,
            recv,
            base: base.into(),
            consts,
            known,
            closed,
            renamed,
            ..Decl::default()
        }
    }
}
