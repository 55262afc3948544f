//! The `typescript` target: type declarations only, no runtime dependency.
//!
//! `models.ts` holds an `export interface` per object and an `export type`
//! per enum, union and alias; `index.ts` re-exports it. Property names are
//! the wire names (quoted when they are not identifiers), so the types
//! describe `JSON.parse` output as it is. `?:` means the property may be
//! absent and `| null` that it may be null; the two are never merged.

use std::collections::BTreeMap;

use crate::naming::case::ToShoutySnakeCase;
use serde::Serialize;
use serde_json::Value;

use super::package::{default_name, json_str, PackageMeta};
use super::sdk::{self, Directions};
use super::support::{as_map, checked_type_idents, doc_lines, type_doc};
use super::{fidelity, EmitContext, Emitter};
use crate::diag::Diagnostic;
use crate::ir::{
    Additional, Api, EnumRepr, EnumType, Field, IntFormat, NamedType, ObjectType, Primitive,
    StringFormat, TypeKind, TypeRef, UnionType,
};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// Prettier's default print width: longer unions and arrays break per line.
const WIDTH: usize = 80;

/// The `typescript` target.
pub struct TypeScript;

impl Emitter for TypeScript {
    fn name(&self) -> &'static str {
        "typescript"
    }

    fn options(&self) -> super::Options {
        super::Options {
            own: &["name"],
            package: true,
        }
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let b = Builder::new(cx)?;
        let types = b.types()?;
        let header = cx.header.comment("//").trim_end().to_string();
        let env = cx.templates.renderer("typescript")?;
        let mut tree = OutputTree::new();
        // Each declaration is the template's `declaration` macro, rendered on every core.
        let models = env.render_parts(
            "typescript/models.ts.jinja",
            minijinja::context! {
                header => &header,
                title => ts_doc_line(&cx.api.title),
                version => ts_doc_line(&cx.api.version),
            },
            "types",
            "declaration",
            &types,
        )?;
        tree.insert("models.ts", models)
            .map_err(|e| vec![super::templates::error("typescript", &e.to_string())])?;
        env.render_into(
            &mut tree,
            "index.ts",
            "typescript/index.ts.jinja",
            minijinja::context! { header => &header },
        )?;
        let meta = PackageMeta::of(cx, "typescript");
        let name = cx
            .options
            .get("name")
            .map_or_else(|| default_name(&cx.api.title), str::to_string);
        env.render_into(
            &mut tree,
            "package.json",
            "typescript/package.json.jinja",
            minijinja::context! { name => json_str(&name), ..meta.context(json_str) },
        )?;
        env.render_into(
            &mut tree,
            "tsconfig.json",
            "typescript/tsconfig.json.jinja",
            minijinja::context! {},
        )?;
        cx.note_all(fidelity::kept_keywords(cx.api));
        Ok(tree)
    }
}

/// TypeScript spelling of a type name.
pub fn type_name(raw: &str) -> String {
    naming::ident(Lang::TypeScript, IdentKind::Type, raw)
}

/// A property key: the wire name, quoted unless it is a plain identifier.
pub fn property_key(wire: &str) -> String {
    let plain = wire
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && wire
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        wire.to_string()
    } else {
        ts_str(wire)
    }
}

/// A string literal (a JSON string is a valid TypeScript string literal).
fn ts_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Escapes a doc comment line so it cannot close the comment.
fn ts_doc_line(line: &str) -> String {
    ts_doc_owned(line.to_string())
}

/// [`ts_doc_line`] of a line already owned, which most often holds no `*`
/// and is kept as it is.
fn ts_doc_owned(line: String) -> String {
    if memchr::memchr(b'*', line.as_bytes()).is_none() {
        return line;
    }
    line.replace("*/", "*\\/")
}

/// One declaration. The template writes its doc comment from the spec's
/// description (`doc`) and the facts below.
#[derive(Serialize, Default)]
struct TypeView {
    name: String,
    /// The schema's name in the spec (comment-escaped).
    spec_name: String,
    /// `interface` or `type`.
    kind: &'static str,
    doc: Vec<String>,
    deprecated: bool,
    /// An enum: whether values it does not list are valid.
    open: Option<bool>,
    /// An enum that lists `null`.
    nullable: bool,
    /// A `const`: one literal type, so comparing with it narrows.
    constant: bool,
    /// An enum of strings (its values are written quoted).
    quoted: bool,
    /// An enum's values, with the old ones a migration keeps, unquoted.
    literals: Vec<String>,
    /// A union with a discriminator.
    tagged: bool,
    /// The old name a migration keeps, for the type it now names.
    renamed_to: Option<String>,
    fields: Vec<FieldView>,
    index: Option<String>,
    /// Union members or the aliased type (one member).
    members: Vec<String>,
    inline: bool,
    values: Vec<String>,
    values_name: String,
    values_inline: bool,
}

/// One property; the template adds the notes the facts call for.
#[derive(Serialize)]
struct FieldView {
    key: String,
    #[serde(rename = "type")]
    ty: String,
    /// The template adds ` | null`.
    or_null: bool,
    optional: bool,
    readonly: bool,
    write_only: bool,
    deprecated: bool,
    /// The string format (`date-time`).
    format: Option<String>,
    /// The type holds an int64, which `JSON.parse` reads as a double.
    int64: bool,
    /// The default, as JSON text.
    default: Option<String>,
    /// An old key a migration keeps: the new wire name.
    renamed_to: Option<String>,
    /// The spec's description.
    doc: Vec<String>,
}

struct Builder<'a> {
    cx: &'a EmitContext<'a>,
    api: &'a Api,
    names: &'a BTreeMap<String, String>,
    /// Which types travel in requests and which in responses.
    dirs: &'a Directions,
}

impl<'a> Builder<'a> {
    fn new(cx: &'a EmitContext<'a>) -> Result<Self, Vec<Diagnostic>> {
        let mut found = Vec::new();
        let names = checked_type_idents(cx.api, cx.shims, Lang::TypeScript, &[], &mut found)?;
        cx.note_all(found);
        Ok(Builder {
            cx,
            api: cx.api,
            names,
            dirs: cx.api.directions(),
        })
    }

    fn types(&self) -> Result<Vec<TypeView>, Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut consts = Vec::new();
        for t in self.api.types.values() {
            let view = match &t.kind {
                TypeKind::Object(o) if as_map(t).is_none() => self.interface(t, o),
                TypeKind::Object(_) => {
                    let inner = as_map(t).cloned().unwrap_or(TypeRef::Any);
                    self.alias(t, vec![self.ts_type(&TypeRef::Map(Box::new(inner)))])
                }
                TypeKind::Enum(e) => self.enumeration(t, e),
                TypeKind::Union(u) => self.alias(t, self.union_members(u)),
                TypeKind::Alias { target } => self.alias(t, vec![self.ts_type(target)]),
            };
            if !view.values.is_empty() {
                consts.push((t.name.as_str(), &t.loc, view.values_name.clone()));
            }
            out.push(view);
        }
        for (old, new) in &self.cx.shims.type_aliases {
            if let (Some(n), None) = (self.names.get(new), self.api.get(old)) {
                let mut view = TypeView {
                    name: type_name(old),
                    kind: "type",
                    renamed_to: Some(n.clone()),
                    members: vec![n.clone()],
                    inline: true,
                    values_inline: true,
                    ..TypeView::default()
                };
                view.inline = fits(&view.name, &view.members);
                out.push(view);
            }
        }
        let errors = check_collisions("typescript constant names", &consts);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(out)
    }

    fn ts_type(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => self
                .names
                .get(n)
                .cloned()
                .unwrap_or_else(|| "unknown".into()),
            TypeRef::Primitive(p) => match p {
                Primitive::String(_) => "string".into(),
                Primitive::Integer(_) | Primitive::Number(_) => "number".into(),
                Primitive::Boolean => "boolean".into(),
            },
            TypeRef::Array(inner) => {
                let t = self.ts_type(inner);
                if t.contains(' ') {
                    format!("({t})[]")
                } else {
                    format!("{t}[]")
                }
            }
            TypeRef::Map(inner) => format!("{{ [key: string]: {} }}", self.ts_type(inner)),
            TypeRef::Any => "unknown".into(),
            TypeRef::Nullable(inner) => {
                let t = self.ts_type(inner);
                if t == "unknown" || t.ends_with("| null") {
                    t
                } else {
                    format!("{t} | null")
                }
            }
        }
    }

    /// The spec's description, comment-escaped.
    fn base_doc(&self, t: &NamedType) -> Vec<String> {
        type_doc(t).into_iter().map(ts_doc_owned).collect()
    }

    fn interface(&self, t: &NamedType, o: &ObjectType) -> TypeView {
        let mut fields = Vec::new();
        let renamed: BTreeMap<&str, &str> = self
            .cx
            .shims
            .field_aliases
            .get(&t.name)
            .into_iter()
            .flatten()
            .map(|(old, new)| (new.as_str(), old.as_str()))
            .collect();
        for f in &o.fields {
            fields.push(self.field(t, f));
            if let Some(old) = renamed.get(f.name.as_str()) {
                let mut v = self.field(t, f);
                v.key = property_key(old);
                v.optional = true;
                v.renamed_to = Some(ts_doc_line(&f.name));
                fields.push(v);
            }
        }
        let index = match &o.additional {
            Additional::Typed(ty) => {
                // Every declared property must fit the index signature too.
                let mut parts: Vec<String> = vec![self.ts_type(ty)];
                for f in &fields {
                    let mut p = f.ty.clone();
                    if f.or_null {
                        p.push_str(" | null");
                    }
                    if f.optional {
                        p.push_str(" | undefined");
                    }
                    for part in split_union(&p) {
                        if !parts.contains(&part) {
                            parts.push(part);
                        }
                    }
                }
                Some(parts.join(" | "))
            }
            Additional::Unspecified if o.fields.is_empty() => Some("unknown".into()),
            _ => None,
        };
        TypeView {
            name: self.names[&t.name].clone(),
            spec_name: ts_doc_line(&t.name),
            kind: "interface",
            doc: self.base_doc(t),
            deprecated: t.deprecated,
            fields,
            index,
            inline: true,
            values_inline: true,
            ..TypeView::default()
        }
    }

    fn field(&self, owner: &NamedType, f: &Field) -> FieldView {
        let format = match f.ty.non_null() {
            TypeRef::Primitive(Primitive::String(fmt)) => match fmt {
                StringFormat::Plain => None,
                StringFormat::Other(o) => Some(ts_doc_line(o)),
                other => serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(ts_doc_line))
                    .or(Some(String::new())),
            },
            _ => None,
        };
        let full = self.ts_type(&f.ty);
        let (ty, or_null) = match full.strip_suffix(" | null") {
            Some(base) if matches!(f.ty, TypeRef::Nullable(_)) => (base.to_string(), true),
            _ => (full.clone(), false),
        };
        FieldView {
            key: property_key(&f.name),
            ty,
            or_null,
            // A required read-only field is optional in a type that is also
            // sent, and a required write-only one in a type that comes back.
            optional: !sdk::presence(self.api, self.dirs, &owner.name, f).required,
            readonly: f.read_only,
            write_only: f.write_only,
            deprecated: f.deprecated,
            format,
            int64: mentions_int64(f.ty.non_null()),
            default: f.default.as_ref().map(|d| ts_doc_line(&d.to_string())),
            renamed_to: None,
            doc: f
                .docs
                .text()
                .map(doc_lines)
                .unwrap_or_default()
                .into_iter()
                .map(ts_doc_owned)
                .collect(),
        }
    }

    fn enumeration(&self, t: &NamedType, e: &EnumType) -> TypeView {
        let mut literals: Vec<String> = e
            .values
            .iter()
            .filter_map(|v| match (&v.value, e.repr) {
                (Value::String(s), EnumRepr::String) => Some(ts_str(s)),
                (Value::Number(n), EnumRepr::Integer) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        let values = literals.clone();
        let listed = literals.len();
        for (old, _) in self
            .cx
            .shims
            .enum_aliases
            .get(&t.name)
            .into_iter()
            .flatten()
        {
            let lit = ts_str(old);
            if !literals.contains(&lit) {
                literals.push(lit);
            }
        }
        let mut members = literals.clone();
        // A const is its literal type, so `x.object === "card"` narrows; the
        // types check nothing at run time, so reading stays tolerant.
        let open = e.open && !e.constant;
        if open {
            members.push(match e.repr {
                EnumRepr::String => "(string & {})".into(),
                EnumRepr::Integer => "(number & {})".into(),
            });
        }
        if e.nullable {
            members.push("null".into());
        }
        let name = self.names[&t.name].clone();
        let values_name = format!("{}_VALUES", name.to_shouty_snake_case());
        let values_inline = format!(
            "export const {values_name} = [{}] as const;",
            values.join(", ")
        )
        .len()
            <= WIDTH;
        TypeView {
            inline: fits(&name, &members),
            name,
            spec_name: ts_doc_line(&t.name),
            kind: "type",
            doc: self.base_doc(t),
            deprecated: t.deprecated,
            open: Some(open),
            nullable: e.nullable,
            constant: e.constant,
            quoted: e.repr == EnumRepr::String,
            // The template writes the quotes and the open and null members.
            literals: literals.iter().map(|l| unquote(l, e.repr)).collect(),
            members,
            values: values[..listed]
                .iter()
                .map(|l| unquote(l, e.repr))
                .collect(),
            values_name,
            values_inline,
            ..TypeView::default()
        }
    }

    fn union_members(&self, u: &UnionType) -> Vec<String> {
        let mut members: Vec<String> = Vec::new();
        if let Some(d) = &u.discriminator {
            // One member per target type, narrowed to its tags.
            let mut by_type: Vec<(String, Vec<String>)> = Vec::new();
            for (tag, target) in &d.mapping {
                let Some(n) = self.names.get(target) else {
                    continue;
                };
                match by_type.iter_mut().find(|(t, _)| t == n) {
                    Some((_, tags)) => tags.push(ts_str(tag)),
                    None => by_type.push((n.clone(), vec![ts_str(tag)])),
                }
            }
            for (n, tags) in by_type {
                members.push(format!(
                    "({n} & {{ {}: {} }})",
                    property_key(&d.property),
                    tags.join(" | ")
                ));
            }
            if !members.is_empty() {
                return members;
            }
        }
        for v in &u.variants {
            let t = self.ts_type(v);
            if !members.contains(&t) {
                members.push(t);
            }
        }
        if members.is_empty() {
            members.push("unknown".into());
        }
        members
    }

    fn alias(&self, t: &NamedType, members: Vec<String>) -> TypeView {
        let name = self.names[&t.name].clone();
        TypeView {
            inline: fits(&name, &members),
            name,
            spec_name: ts_doc_line(&t.name),
            kind: "type",
            doc: self.base_doc(t),
            deprecated: t.deprecated,
            tagged: matches!(&t.kind, TypeKind::Union(u) if u.discriminator.is_some()),
            members,
            values_inline: true,
            ..TypeView::default()
        }
    }
}

/// An enum literal without the quotes of a string.
fn unquote(literal: &str, repr: EnumRepr) -> String {
    match repr {
        EnumRepr::String => literal[1..literal.len() - 1].to_string(),
        EnumRepr::Integer => literal.to_string(),
    }
}

/// Whether `export type Name = a | b;` fits on one line.
fn fits(name: &str, members: &[String]) -> bool {
    members.len() <= 1 || format!("export type {name} = {};", members.join(" | ")).len() <= WIDTH
}

/// The members of a union type expression, split at the top level only.
fn split_union(ty: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let mut rest = ty;
    while let Some(c) = rest.chars().next() {
        if depth == 0 && rest.starts_with(" | ") {
            out.push(std::mem::take(&mut cur));
            rest = &rest[3..];
            continue;
        }
        match c {
            '(' | '{' | '[' | '<' => depth += 1,
            ')' | '}' | ']' | '>' => depth -= 1,
            _ => {}
        }
        cur.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push(cur);
    out
}

fn mentions_int64(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(Primitive::Integer(IntFormat::Int64 | IntFormat::Unspecified)) => true,
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => mentions_int64(i),
        _ => false,
    }
}
