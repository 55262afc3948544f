//! The enums of `models.py`: open `str`/`int` enum classes with their members
//! and the old values a migration renamed, and enum values as Python literals.

use serde::Serialize;
use serde_json::Value;

use super::Builder;
use crate::emit::python::{member_name, py_doc, py_doc_line, py_str, py_str_body};
use crate::emit::support::{doc_lines, enum_member_hint, member_idents, type_doc};
use crate::emit::EmitContext;
use crate::ir::{EnumRepr, EnumType, NamedType};
use crate::naming::check_collisions;

#[derive(Serialize)]
pub(in crate::emit::python) struct EnumView {
    pub(super) name: String,
    /// The schema's name in the spec (docstring-escaped).
    spec_name: String,
    /// `str` or `int`.
    repr: &'static str,
    open: bool,
    deprecated: bool,
    /// The spec's description, as docstring lines.
    doc: Vec<String>,
    members: Vec<MemberView>,
    /// Old values (Python literals) from a migration manifest → member name.
    renamed: Vec<(String, String)>,
}

#[derive(Serialize)]
struct MemberView {
    name: String,
    value: String,
    doc: Vec<String>,
    /// A blank line before it (it or the one before has a docstring).
    gap: bool,
}

impl Builder<'_> {
    pub(super) fn enum_view(&mut self, t: &NamedType, e: &EnumType) -> EnumView {
        let name = self.names[&t.name].clone();
        let repr = match e.repr {
            EnumRepr::String => "str",
            EnumRepr::Integer => "int",
        };
        match (e.repr, e.open) {
            (EnumRepr::String, true) => self.uses.open_str = true,
            (EnumRepr::Integer, true) => self.uses.open_int = true,
            (_, false) => self.uses.enum_ = true,
        }
        let mut members = Vec::new();
        let mut items = Vec::new();
        let idents = member_idents(
            "python",
            t,
            e,
            true,
            &|source| member_name(source),
            &|id, n| format!("{id}_{n}"),
            &mut self.warnings,
        );
        for (v, m) in e.values.iter().zip(idents) {
            let literal = match (&v.value, e.repr) {
                // The template adds the quotes.
                (Value::String(s), EnumRepr::String) => py_str_body(s),
                (Value::Number(n), EnumRepr::Integer) if n.is_i64() || n.is_u64() => n.to_string(),
                // `null` in the list makes fields of this type nullable.
                _ => continue,
            };
            items.push((v.as_text(), t.loc.clone(), m.clone()));
            members.push(MemberView {
                name: m,
                value: literal,
                doc: v
                    .description
                    .as_deref()
                    .map(|d| py_doc(&doc_lines(d)))
                    .unwrap_or_default(),
                gap: false,
            });
        }
        for i in 1..members.len() {
            members[i].gap = !members[i].doc.is_empty() || !members[i - 1].doc.is_empty();
        }
        // Old values from a migration manifest decode to the new member.
        let mut renamed = Vec::new();
        for (old, new) in self
            .cx
            .shims
            .enum_aliases
            .get(&t.name)
            .into_iter()
            .flatten()
        {
            if let Some(m) = members.iter().find(|m| m.value == py_str_body(new)) {
                renamed.push((py_str(old), m.name.clone()));
            }
        }
        if !renamed.is_empty() {
            self.uses.any = true;
        }
        self.errors.extend(enum_member_hint(check_collisions(
            &format!("python members of enum {}", t.name),
            &items,
        )));
        EnumView {
            name,
            spec_name: py_doc_line(&t.name),
            repr,
            open: e.open,
            deprecated: t.deprecated,
            doc: py_doc(&type_doc(t)),
            members,
            renamed,
        }
    }
}

/// Whether an enum is written as a `Literal` alias: a `const` whose type no
/// migration renames values of (those need the enum class's lookup).
pub(super) fn is_literal(cx: &EmitContext, t: &NamedType, e: &EnumType) -> bool {
    e.constant && !cx.shims.enum_aliases.contains_key(&t.name)
}

/// A JSON string or integer as a Python literal.
pub(super) fn py_literal(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(py_str(s)),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}
