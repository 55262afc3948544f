//! A schema's entry in the reference and how types are shown: fields, enum
//! values, defaults and examples, each named type linking to its schema.

use std::fmt::Write as _;

use serde_json::Value;

use super::search::{schema_kind, schema_search_text};
use super::{breakable, esc, example_block, required_cell, Page};
use crate::ir::{
    Additional, Field, IntFormat, NamedType, NumberFormat, Primitive, StringFormat, TypeKind,
    TypeOrigin, TypeRef,
};

/// Enum values listed next to a field or parameter of that enum type; the
/// schema itself lists them all.
const ENUM_HINT_LIMIT: usize = 12;

impl Page<'_> {
    /// Every schema, in one section; `false` (and the section unfinished)
    /// as soon as `out` is longer than `limit` bytes.
    pub(super) fn schemas(&self, out: &mut String, limit: usize) -> bool {
        if self.api.types.is_empty() {
            return true;
        }
        out.push_str("<section id=\"schemas\" class=\"tag\" data-group>\n<h2>Schemas</h2>\n");
        for (name, ty) in &self.api.types {
            self.schema(out, name, ty);
            if out.len() > limit {
                return false;
            }
        }
        out.push_str("</section>\n");
        true
    }

    pub(super) fn schema(&self, out: &mut String, name: &str, ty: &NamedType) {
        let id = &self.schemas[name];
        let search = schema_search_text(name, ty);
        let kind = schema_kind(ty);
        let _ = writeln!(
            out,
            "<article class=\"schema{}\" id=\"{id}\" data-search=\"{}\">",
            if ty.deprecated { " deprecated" } else { "" },
            esc(&search)
        );
        let _ = writeln!(out,
            "<h3><a class=\"anchor\" href=\"#{id}\">{}</a> <span class=\"kind\">{kind}</span>{}</h3>",
            breakable(name),
            if ty.deprecated {
                " <span class=\"badge deprecated\">deprecated</span>"
            } else {
                ""
            }
        );
        if let TypeOrigin::Hoisted { path } = &ty.origin {
            let shown: Vec<String> = path
                .iter()
                .enumerate()
                .map(|(i, part)| match self.schemas.get(part.as_str()) {
                    Some(pid) if i == 0 => {
                        format!("<a href=\"{}\">{}</a>", self.href(pid), esc(part))
                    }
                    _ => esc(part),
                })
                .collect();
            let _ = writeln!(
                out,
                "<p class=\"meta\">Inline schema at {}</p>",
                shown.join(" › ")
            );
        }
        self.docs(out, &ty.docs);
        match &ty.kind {
            TypeKind::Object(obj) => {
                if obj.fields.is_empty() {
                    out.push_str("<p>No declared properties.</p>\n");
                } else {
                    self.fields(out, &obj.fields);
                }
                match &obj.additional {
                    Additional::Unspecified => {}
                    Additional::Forbidden => {
                        out.push_str("<p class=\"note\">No other properties are allowed.</p>\n")
                    }
                    Additional::Typed(t) => out.push_str(&format!(
                        "<p class=\"note\">Other properties: {}</p>\n",
                        self.type_html(t)
                    )),
                }
                if let Some(note) = &obj.composition_note {
                    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(note));
                }
            }
            TypeKind::Enum(e) => {
                let _ = writeln!(
                    out,
                    "<p class=\"note\">{}{}</p>",
                    if e.open {
                        "Open: clients must accept values not listed here."
                    } else {
                        "Closed: only the values listed here occur."
                    },
                    if e.nullable {
                        " May be <code>null</code>."
                    } else {
                        ""
                    }
                );
                out.push_str(
                    "<table class=\"enum\">\n<thead><tr><th>Value</th><th>Description</th></tr></thead>\n<tbody>\n",
                );
                for v in &e.values {
                    let _ = writeln!(
                        out,
                        "<tr><td><code>{}</code></td><td>{}</td></tr>",
                        esc(&v.as_text()),
                        v.description
                            .as_deref()
                            .map(|d| self.markdown(d))
                            .unwrap_or_default()
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
            TypeKind::Union(u) => {
                out.push_str("<ul class=\"variants\">\n");
                for v in &u.variants {
                    let _ = writeln!(out, "<li>{}</li>", self.type_html(v));
                }
                out.push_str("</ul>\n");
                if let Some(d) = &u.discriminator {
                    let _ = writeln!(
                        out,
                        "<p class=\"note\">Discriminated by <code>{}</code>:</p>",
                        esc(&d.property)
                    );
                    out.push_str(
                        "<table class=\"enum\">\n<thead><tr><th>Value</th><th>Schema</th></tr></thead>\n<tbody>\n",
                    );
                    for (value, target) in &d.mapping {
                        let _ = writeln!(
                            out,
                            "<tr><td><code>{}</code></td><td>{}</td></tr>",
                            esc(value),
                            self.type_html(&TypeRef::Named(target.clone()))
                        );
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
            }
            TypeKind::Alias { target } => {
                let _ = writeln!(out, "<p>Same as {}</p>", self.type_html(target));
            }
        }
        if let Some(example) = &ty.docs.example {
            example_block(out, example);
        }
        out.push_str("</article>\n");
    }

    pub(super) fn fields(&self, out: &mut String, fields: &[Field]) {
        out.push_str(
            "<table class=\"fields\">\n<thead><tr><th>Field</th><th>Type</th>\
             <th>Required</th><th>Description</th></tr></thead>\n<tbody>\n",
        );
        for f in fields {
            let mut badges = String::new();
            for (on, class, label) in [
                (f.nullable(), "nullable", "nullable"),
                (f.read_only, "read-only", "read-only"),
                (f.write_only, "write-only", "write-only"),
                (f.deprecated, "deprecated", "deprecated"),
            ] {
                if on {
                    let _ = write!(badges, " <span class=\"badge {class}\">{label}</span>");
                }
            }
            let _ =
                write!(out,
                "<tr{}><td><code class=\"name\">{}</code>{badges}</td><td>{}</td><td>{}</td><td>",
                if f.deprecated {
                    " class=\"deprecated\""
                } else {
                    ""
                },
                breakable(&f.name),
                self.type_cell(&f.ty),
                required_cell(f.required)
            );
            self.docs(out, &f.docs);
            self.value_notes(out, &f.ty, f.default.as_ref(), f.docs.example.as_ref());
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    /// Allowed values (when the type is an enum), default and example.
    pub(super) fn value_notes(
        &self,
        out: &mut String,
        ty: &TypeRef,
        default: Option<&Value>,
        example: Option<&Value>,
    ) {
        let mut element = ty.non_null();
        while let TypeRef::Array(inner) = element {
            element = inner.non_null();
        }
        if let TypeRef::Named(name) = element {
            if let Some(NamedType {
                kind: TypeKind::Enum(e),
                ..
            }) = self.api.get(name)
            {
                let mut values: Vec<String> = e
                    .values
                    .iter()
                    .take(ENUM_HINT_LIMIT)
                    .map(|v| format!("<code>{}</code>", esc(&v.as_text())))
                    .collect();
                if e.values.len() > ENUM_HINT_LIMIT {
                    values.push(format!(
                        "<a href=\"{}\">{} more</a>",
                        self.href(&self.schemas[name.as_str()]),
                        e.values.len() - ENUM_HINT_LIMIT
                    ));
                }
                let _ = write!(out, "<p class=\"values\">Values: {}</p>", values.join(", "));
            }
        }
        if let Some(d) = default {
            let _ = write!(
                out,
                "<p class=\"values\">Default: <code>{}</code></p>",
                esc(&d.to_string())
            );
        }
        if let Some(e) = example {
            let _ = write!(
                out,
                "<p class=\"values\">Example: <code>{}</code></p>",
                esc(&e.to_string())
            );
        }
    }

    /// A type as shown in a table cell: the outer nullability is a badge
    /// (or the column) elsewhere, so it is left out here.
    pub(super) fn type_cell(&self, ty: &TypeRef) -> String {
        self.type_html(ty.non_null())
    }

    /// A type, each named type linking to its schema.
    pub(super) fn type_html(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(name) => match self.schemas.get(name.as_str()) {
                Some(id) => format!(
                    "<a class=\"type\" href=\"{}\">{}</a>",
                    self.href(id),
                    esc(name)
                ),
                None => format!("<span class=\"type\">{}</span>", esc(name)),
            },
            TypeRef::Primitive(p) => {
                format!(
                    "<span class=\"type prim\">{}</span>",
                    esc(&primitive_text(p))
                )
            }
            TypeRef::Array(inner) => format!(
                "<span class=\"type\">array&lt;</span>{}<span class=\"type\">&gt;</span>",
                self.type_html(inner)
            ),
            TypeRef::Map(inner) => format!(
                "<span class=\"type\">map&lt;string, </span>{}<span class=\"type\">&gt;</span>",
                self.type_html(inner)
            ),
            TypeRef::Any => "<span class=\"type prim\">any</span>".to_string(),
            TypeRef::Nullable(inner) => format!(
                "{} <span class=\"type prim\">| null</span>",
                self.type_html(inner)
            ),
        }
    }
}

fn primitive_text(p: &Primitive) -> String {
    match p {
        Primitive::String(f) => match f {
            StringFormat::Plain => "string".to_string(),
            StringFormat::DateTime => "string (date-time)".to_string(),
            StringFormat::Date => "string (date)".to_string(),
            StringFormat::Uuid => "string (uuid)".to_string(),
            StringFormat::Uri => "string (uri)".to_string(),
            StringFormat::Byte => "string (byte)".to_string(),
            StringFormat::Binary => "string (binary)".to_string(),
            StringFormat::Email => "string (email)".to_string(),
            StringFormat::Other(other) => format!("string ({other})"),
        },
        Primitive::Integer(f) => match f {
            IntFormat::Int32 => "integer (int32)".to_string(),
            IntFormat::Int64 => "integer (int64)".to_string(),
            IntFormat::Unspecified => "integer".to_string(),
        },
        Primitive::Number(f) => match f {
            NumberFormat::Float => "number (float)".to_string(),
            NumberFormat::Double => "number (double)".to_string(),
            NumberFormat::Unspecified => "number".to_string(),
        },
        Primitive::Boolean => "boolean".to_string(),
    }
}
