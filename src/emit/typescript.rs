//! The `typescript` target: type declarations only, no runtime dependency.
//!
//! `models.ts` holds an `export interface` per object and an `export type`
//! per enum, union and alias; `index.ts` re-exports it. Property names are
//! the wire names (quoted when they are not identifiers), so the types
//! describe `JSON.parse` output as it is. `?:` means the property may be
//! absent and `| null` that it may be null; the two are never merged.

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;
use serde::Serialize;
use serde_json::Value;

use super::sdk::{self, Directions};
use super::support::{as_map, doc_lines, type_doc};
use super::templates;
use super::{fidelity, EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc};
use crate::ir::{
    Additional, Api, EnumRepr, EnumType, Field, IntFormat, NamedType, ObjectType, Primitive,
    StringFormat, TypeKind, TypeRef, UnionType,
};
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// Prettier's default print width: longer unions and arrays break per line.
const WIDTH: usize = 80;

/// What every `int64` property says about precision.
const INT64_NOTE: &str = "int64: `JSON.parse` reads numbers as doubles, so values beyond 2^53 lose precision; parse with a reviver or a big-number JSON library if they matter.";

/// The `typescript` target.
pub struct TypeScript;

impl Emitter for TypeScript {
    fn name(&self) -> &'static str {
        "typescript"
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        self.emit_with_warnings(cx).map(|(tree, _)| tree)
    }

    fn emit_with_warnings(
        &self,
        cx: &EmitContext,
    ) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
        let b = Builder::new(cx)?;
        let types = b.types()?;
        let header = cx.header.comment("//").trim_end().to_string();
        let env = cx.templates.renderer("typescript")?;
        let render = |name: &str, ctx: minijinja::Value| env.render(name, ctx);
        let mut module_doc = vec![ts_doc_line(&format!(
            "Types of {} (version {}).",
            cx.api.title, cx.api.version
        ))];
        module_doc.push(String::new());
        module_doc.push(
            "`prop?: T` may be absent; `prop: T | null` is present and may be null. Enums marked open accept any string (or number) besides the listed values. int64 properties are `number`: see the note on each."
                .to_string(),
        );
        module_doc.push(String::new());
        module_doc.push("@packageDocumentation".into());
        let mut tree = OutputTree::new();
        let mut put = |path: &str, text: String| -> Result<(), Vec<Diagnostic>> {
            tree.insert(path, text)
                .map_err(|e| vec![template_error(&e.to_string())])
        };
        put(
            "models.ts",
            render(
                "typescript/models.ts.jinja",
                minijinja::context! { header => &header, module_doc => &module_doc, types => &types },
            )?,
        )?;
        put(
            "index.ts",
            render(
                "typescript/index.ts.jinja",
                minijinja::context! { header => &header },
            )?,
        )?;
        Ok((tree, fidelity::kept_keywords(cx.api)))
    }
}

fn template_error(msg: &str) -> Diagnostic {
    templates::error("typescript", msg)
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
    line.replace("*/", "*\\/")
}

#[derive(Serialize)]
struct TypeView {
    name: String,
    /// `interface` or `type`.
    kind: &'static str,
    doc: Vec<String>,
    fields: Vec<FieldView>,
    index: Option<String>,
    /// Union members or the aliased type (one member).
    members: Vec<String>,
    inline: bool,
    values: Vec<String>,
    values_name: String,
    values_inline: bool,
}

#[derive(Serialize)]
struct FieldView {
    key: String,
    #[serde(rename = "type")]
    ty: String,
    optional: bool,
    readonly: bool,
    doc: Vec<String>,
}

struct Builder<'a> {
    cx: &'a EmitContext<'a>,
    api: &'a Api,
    names: BTreeMap<String, String>,
    /// Which types travel in requests and which in responses.
    dirs: Directions,
}

impl<'a> Builder<'a> {
    fn new(cx: &'a EmitContext<'a>) -> Result<Self, Vec<Diagnostic>> {
        let mut items = Vec::new();
        let mut names = BTreeMap::new();
        for t in cx.api.types.values() {
            let n = type_name(t.naming_source());
            items.push((t.name.clone(), t.loc.clone(), n.clone()));
            names.insert(t.name.clone(), n);
        }
        for (old, new) in &cx.shims.type_aliases {
            if cx.api.get(new).is_some() && cx.api.get(old).is_none() {
                items.push((
                    format!("{old} (renamed to {new})"),
                    Loc::default(),
                    type_name(old),
                ));
            }
        }
        let errors = check_collisions("typescript type names", &items);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Builder {
            cx,
            api: cx.api,
            names,
            dirs: Directions::of(cx.api),
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
                consts.push((t.name.clone(), t.loc.clone(), view.values_name.clone()));
            }
            out.push(view);
        }
        for (old, new) in &self.cx.shims.type_aliases {
            if let (Some(n), None) = (self.names.get(new), self.api.get(old)) {
                let mut view = TypeView {
                    name: type_name(old),
                    kind: "type",
                    doc: vec![format!(
                        "@deprecated Renamed to {{@link {n}}}; kept for one release."
                    )],
                    fields: Vec::new(),
                    index: None,
                    members: vec![n.clone()],
                    inline: true,
                    values: Vec::new(),
                    values_name: String::new(),
                    values_inline: true,
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

    fn base_doc(&self, t: &NamedType) -> Vec<String> {
        let mut doc = type_doc(t);
        if t.deprecated {
            if !doc.is_empty() {
                doc.push(String::new());
            }
            doc.push("@deprecated".into());
        }
        doc
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
                v.doc = vec![format!(
                    "@deprecated Renamed to `{}`; servers accept the old name for one release.",
                    ts_doc_line(&f.name)
                )];
                fields.push(v);
            }
        }
        let index = match &o.additional {
            Additional::Typed(ty) => {
                // Every declared property must fit the index signature too.
                let mut parts: Vec<String> = vec![self.ts_type(ty)];
                for f in &fields {
                    let mut p = f.ty.clone();
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
        let mut doc = self.base_doc(t);
        if doc.is_empty() {
            doc.push(format!("The {} object.", ts_doc_line(&t.name)));
        }
        TypeView {
            name: self.names[&t.name].clone(),
            kind: "interface",
            doc: doc.iter().map(|l| ts_doc_line(l)).collect(),
            fields,
            index,
            members: Vec::new(),
            inline: true,
            values: Vec::new(),
            values_name: String::new(),
            values_inline: true,
        }
    }

    fn field(&self, owner: &NamedType, f: &Field) -> FieldView {
        let mut doc: Vec<String> = f.docs.text().map(doc_lines).unwrap_or_default();
        let mut notes = Vec::new();
        if let TypeRef::Primitive(Primitive::String(fmt)) = f.ty.non_null() {
            match fmt {
                StringFormat::Plain => {}
                StringFormat::DateTime => notes.push("Format: date-time (RFC 3339).".to_string()),
                StringFormat::Byte => notes.push("Format: byte (base64).".to_string()),
                StringFormat::Other(o) => notes.push(format!("Format: {o}.")),
                other => notes.push(format!(
                    "Format: {}.",
                    serde_json::to_value(other)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                )),
            }
        }
        if mentions_int64(f.ty.non_null()) {
            notes.push(INT64_NOTE.to_string());
        }
        if f.read_only {
            notes.push("Read-only: set by the server; not sent in requests.".to_string());
        }
        if f.write_only {
            notes.push("Write-only: sent in requests, never returned.".to_string());
        }
        if let Some(d) = &f.default {
            notes.push(format!("@defaultValue `{d}`"));
        }
        if f.deprecated {
            notes.push("@deprecated".into());
        }
        if !notes.is_empty() && !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(notes);
        FieldView {
            key: property_key(&f.name),
            ty: self.ts_type(&f.ty),
            // A required read-only field is optional in a type that is also
            // sent, and a required write-only one in a type that comes back.
            optional: !sdk::presence(self.api, &self.dirs, &owner.name, f).required,
            readonly: f.read_only,
            doc: doc.iter().map(|l| ts_doc_line(l)).collect(),
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
        let mut members = literals;
        let mut doc = self.base_doc(t);
        if doc.is_empty() {
            doc.push(format!("The {} enumeration.", t.name));
        }
        doc.push(String::new());
        if e.open {
            members.push(match e.repr {
                EnumRepr::String => "(string & {})".into(),
                EnumRepr::Integer => "(number & {})".into(),
            });
            doc.push("Open: values added later are valid too and arrive unchanged; the listed ones still autocomplete.".into());
        } else {
            doc.push("Closed: no other value is valid.".into());
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
            kind: "type",
            doc: doc.iter().map(|l| ts_doc_line(l)).collect(),
            fields: Vec::new(),
            index: None,
            members,
            values,
            values_name,
            values_inline,
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
        let mut doc = self.base_doc(t);
        if let TypeKind::Union(u) = &t.kind {
            if u.discriminator.is_some() {
                if !doc.is_empty() {
                    doc.push(String::new());
                }
                doc.push("A value whose tag this version does not know is not one of these members: check the tag before trusting the type.".into());
            }
        }
        TypeView {
            inline: fits(&name, &members),
            name,
            kind: "type",
            doc: doc.iter().map(|l| ts_doc_line(l)).collect(),
            fields: Vec::new(),
            index: None,
            members,
            values: Vec::new(),
            values_name: String::new(),
            values_inline: true,
        }
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
