//! The views of `models.py`: a class per object schema, its fields with their
//! defaults, aliases and unions, with the Python type of every reference
//! (enums are in [`enums`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::{field_name, member_name, py_doc, py_doc_line, py_str, type_name};
use crate::diag::{Diagnostic, Loc, Severity};
use crate::emit::sdk::{self, Directions};
use crate::emit::support::{
    admits_null, as_map, checked_type_idents, definition_order, doc_lines, member_idents, type_doc,
};
use crate::emit::EmitContext;
use crate::ir::{
    Additional, Api, EnumRepr, Field, NamedType, ObjectType, Primitive, StringFormat, TypeKind,
    TypeRef, UnionType,
};
use crate::naming::{self, check_collisions};
use enums::{is_literal, py_literal, EnumView};

mod enums;

/// Markers for defaults that need a factory (a fresh empty list or dict).
const FACTORY_LIST: &str = "<list>";
const FACTORY_DICT: &str = "<dict>";

#[derive(Serialize)]
pub(super) struct ClassView {
    name: String,
    /// The schema's name in the spec (docstring-escaped).
    spec_name: String,
    /// The spec's description, as docstring lines.
    doc: Vec<String>,
    deprecated: bool,
    closed: bool,
    not_null: Vec<String>,
    extra_type: Option<String>,
    fields: Vec<FieldView>,
}

/// One attribute; the template writes its value (a default, or `Field(…)`
/// when there is more to say) and its docstring notes.
#[derive(Serialize)]
struct FieldView {
    name: String,
    annotation: String,
    /// The template adds ` | None` (absent is `None`).
    or_none: bool,
    /// The property may be absent: the attribute has a value.
    optional: bool,
    /// The default as a Python expression (the template writes `None`
    /// when there is none).
    default: Option<String>,
    /// `list` or `dict`: the default is a fresh empty one.
    factory: Option<&'static str>,
    /// The wire name as a Python string literal.
    wire: String,
    /// The attribute name differs from the wire name.
    aliased: bool,
    /// The wire name before a migration renamed it (a Python literal).
    renamed_from: Option<String>,
    deprecated: bool,
    read_only: bool,
    write_only: bool,
    /// A default the server applies (JSON text, docstring-escaped).
    server_default: Option<String>,
    /// The spec's description, as docstring lines.
    doc: Vec<String>,
    /// A blank line before it (it or the one before has a docstring).
    gap: bool,
}

impl FieldView {
    /// Whether the template writes a docstring for it.
    fn has_doc(&self) -> bool {
        !self.doc.is_empty()
            || self.read_only
            || self.write_only
            || self.server_default.is_some()
            || self.deprecated
    }
}

#[derive(Serialize)]
pub(super) struct AliasView {
    name: String,
    /// The spec's description, as docstring lines.
    doc: Vec<String>,
    deprecated: bool,
    /// The new name, for the old name a migration keeps for one release.
    old_name_of: Option<String>,
    expr: String,
    tagged: Option<TaggedView>,
    recursive: bool,
    /// A `const`: `open` (other values decode as sent) or `closed`.
    constant: Option<&'static str>,
}

#[derive(Serialize)]
struct TaggedView {
    property: String,
    variants: Vec<TagView>,
}

#[derive(Serialize)]
struct TagView {
    #[serde(rename = "type")]
    ty: String,
    tag: String,
}

pub(super) struct Models {
    pub(super) uses: Uses,
    pub(super) enums: Vec<EnumView>,
    pub(super) classes: Vec<ClassView>,
    pub(super) aliases: Vec<AliasView>,
    pub(super) rebuild: Vec<String>,
    pub(super) exports: Vec<String>,
}

/// What models.py needs from outside (the template writes the imports).
#[derive(Default, Clone, Serialize)]
pub(super) struct Uses {
    datetime: bool,
    date: bool,
    uuid: bool,
    any: bool,
    enum_: bool,
    field: bool,
    deprecated: bool,
    tagged: bool,
    pydantic: bool,
    alias: bool,
    alias_type: bool,
    open_str: bool,
    open_int: bool,
    literal: bool,
    keep_unlisted: bool,
}

pub(super) struct Builder<'a> {
    cx: &'a EmitContext<'a>,
    api: &'a Api,
    names: &'a BTreeMap<String, String>,
    /// Which types travel in requests and which in responses.
    dirs: &'a Directions,
    uses: Uses,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(cx: &'a EmitContext<'a>) -> Result<Self, Vec<Diagnostic>> {
        let api = cx.api;
        let reserved: Vec<_> = naming::python::TYPES
            .iter()
            .map(|r| {
                (
                    format!("{r} (used by the generated module)"),
                    Loc::default(),
                    r.to_string(),
                )
            })
            .collect();
        let mut warnings = Vec::new();
        let names = checked_type_idents(
            api,
            cx.shims,
            crate::naming::Lang::Python,
            &reserved,
            &mut warnings,
        )?;
        Ok(Builder {
            cx,
            api,
            names,
            dirs: api.directions(),
            uses: Uses::default(),
            errors: Vec::new(),
            warnings,
        })
    }

    pub(super) fn models(&mut self) -> Models {
        let api = self.api;
        let mut enums = Vec::new();
        let mut classes = Vec::new();
        let mut alias_names = Vec::new();
        for t in api.types.values() {
            match &t.kind {
                TypeKind::Enum(e) if !is_literal(self.cx, t, e) => enums.push(self.enum_view(t, e)),
                TypeKind::Object(o) if as_map(t).is_none() => classes.push(self.class_view(t, o)),
                _ => alias_names.push(t.name.clone()),
            }
        }
        let (order, forward) = definition_order(api, &alias_names);
        let mut aliases = Vec::new();
        for name in &order {
            let Some(t) = api.get(name) else { continue };
            let fwd = forward.get(name).cloned().unwrap_or_default();
            aliases.push(self.alias_view(t, &fwd));
        }
        for (old, new) in &self.cx.shims.type_aliases {
            if let (Some(n), None) = (self.names.get(new), api.get(old)) {
                self.uses.alias = true;
                aliases.push(AliasView {
                    name: type_name(old),
                    doc: Vec::new(),
                    deprecated: false,
                    old_name_of: Some(n.clone()),
                    expr: n.clone(),
                    tagged: None,
                    recursive: false,
                    constant: None,
                });
            }
        }
        let rebuild: Vec<String> = classes.iter().map(|c| c.name.clone()).collect();
        let mut exports: Vec<String> = enums
            .iter()
            .map(|e| e.name.clone())
            .chain(classes.iter().map(|c| c.name.clone()))
            .chain(aliases.iter().map(|a| a.name.clone()))
            .collect();
        exports.sort();
        Models {
            uses: self.uses.clone(),
            enums,
            classes,
            aliases,
            rebuild,
            exports,
        }
    }

    fn py_type(&mut self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => match (self.names.get(n), self.api.get(n).map(|t| &t.kind)) {
                // `null` in an enum's list: the enum class cannot hold it.
                (Some(name), Some(TypeKind::Enum(e))) if e.nullable => format!("{name} | None"),
                (Some(name), _) => name.clone(),
                (None, _) => {
                    self.uses.any = true;
                    "Any".into()
                }
            },
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => {
                    self.uses.datetime = true;
                    "DateTime".into()
                }
                Primitive::String(StringFormat::Date) => {
                    self.uses.date = true;
                    "Date".into()
                }
                Primitive::String(StringFormat::Uuid) => {
                    self.uses.uuid = true;
                    "UUID".into()
                }
                Primitive::String(_) => "str".into(),
                Primitive::Integer(_) => "int".into(),
                Primitive::Number(_) => "float".into(),
                Primitive::Boolean => "bool".into(),
            },
            TypeRef::Array(inner) => format!("list[{}]", self.py_type(inner)),
            TypeRef::Map(inner) => format!("dict[str, {}]", self.py_type(inner)),
            TypeRef::Any => {
                self.uses.any = true;
                "Any".into()
            }
            TypeRef::Nullable(inner) => {
                let t = self.py_type(inner);
                if t == "Any" || t.ends_with("| None") {
                    t
                } else {
                    format!("{t} | None")
                }
            }
        }
    }

    fn class_view(&mut self, t: &NamedType, o: &ObjectType) -> ClassView {
        let name = self.names[&t.name].clone();
        if t.deprecated {
            self.uses.deprecated = true;
        }
        // Under `additionalProperties: false` a decoded payload still keeps
        // what a newer server added (tolerant reader); only the constructor,
        // which is how a client builds a request, takes nothing but the
        // declared fields (`__closed__`, see _base.py).
        let closed = matches!(o.additional, Additional::Forbidden);
        let extra_type = match &o.additional {
            Additional::Typed(ty) => {
                self.uses.field = true;
                Some(self.py_type(ty))
            }
            _ => None,
        };
        let renamed: BTreeMap<&str, &str> = self
            .cx
            .shims
            .field_aliases
            .get(&t.name)
            .into_iter()
            .flatten()
            .map(|(old, new)| (new.as_str(), old.as_str()))
            .collect();
        let mut items = Vec::new();
        let mut fields = Vec::new();
        let mut not_null = Vec::new();
        for f in &o.fields {
            let fname = field_name(f.naming_source());
            items.push((f.name.clone(), f.loc.clone(), fname.clone()));
            let view = self.field_view(t, f, &fname, renamed.get(f.name.as_str()).copied());
            if view.1 {
                // An attribute name: a Python identifier, quoted by the template.
                not_null.push(fname.clone());
            }
            fields.push(view.0);
        }
        for i in 1..fields.len() {
            fields[i].gap = fields[i].has_doc() || fields[i - 1].has_doc();
        }
        self.errors.extend(check_collisions(
            &format!("python attributes of {}", t.name),
            &items,
        ));
        ClassView {
            name,
            spec_name: py_doc_line(&t.name),
            doc: py_doc(&type_doc(t)),
            deprecated: t.deprecated,
            closed,
            not_null,
            extra_type,
            fields,
        }
    }

    /// The field, and whether it is optional but must not be null.
    fn field_view(
        &mut self,
        owner: &NamedType,
        f: &Field,
        fname: &str,
        old_name: Option<&str>,
    ) -> (FieldView, bool) {
        // A required read-only field is optional in a type that is also sent,
        // and a required write-only one in a type that also comes back.
        let required = sdk::presence(self.api, self.dirs, &owner.name, f).required;
        let nullable = admits_null(self.api, &f.ty);
        let base = self.py_type(&f.ty);
        let default = if required {
            None
        } else {
            f.default
                .as_ref()
                .and_then(|d| self.default_literal(owner, f, d))
        };
        // An optional property that may not be null is still `None` when
        // absent.
        let or_none = !(required || nullable || default.as_ref().is_some_and(|d| d != "None"));
        let value = if required { None } else { default.clone() };
        let factory = match value.as_deref() {
            Some(FACTORY_LIST) => Some("list"),
            Some(FACTORY_DICT) => Some("dict"),
            _ => None,
        };
        let renamed_from = old_name.map(py_str);
        if renamed_from.is_some() {
            self.uses.pydantic = true;
        }
        let aliased = fname != f.name && old_name.is_none();
        // Anything beyond a plain default is written as `Field(…)`.
        if aliased || renamed_from.is_some() || f.deprecated || factory.is_some() {
            self.uses.field = true;
        }
        let server_default = match (&f.default, &default) {
            (Some(d), None) => Some(py_doc_line(&d.to_string())),
            _ => None,
        };
        let not_null = !required && !nullable && default.is_none();
        (
            FieldView {
                name: fname.to_string(),
                annotation: base,
                or_none,
                optional: !required,
                default: value.filter(|_| factory.is_none()),
                factory,
                wire: py_str(&f.name),
                aliased,
                renamed_from,
                deprecated: f.deprecated,
                read_only: f.read_only,
                write_only: f.write_only,
                server_default,
                doc: py_doc(&f.docs.text().map(doc_lines).unwrap_or_default()),
                gap: false,
            },
            not_null,
        )
    }

    /// The default as a Python expression of the field's type, when it can
    /// be written; otherwise a fidelity warning and `None`.
    fn default_literal(&mut self, owner: &NamedType, f: &Field, d: &Value) -> Option<String> {
        let ty = f.ty.non_null();
        let lit = match (ty, d) {
            (_, Value::Null) if f.ty.is_nullable() => Some("None".to_string()),
            (TypeRef::Primitive(Primitive::String(fmt)), Value::String(s))
                if !matches!(
                    fmt,
                    StringFormat::DateTime | StringFormat::Date | StringFormat::Uuid
                ) =>
            {
                Some(py_str(s))
            }
            (TypeRef::Primitive(Primitive::Integer(_)), Value::Number(n))
                if n.is_i64() || n.is_u64() =>
            {
                Some(n.to_string())
            }
            (TypeRef::Primitive(Primitive::Number(_)), Value::Number(n)) => Some(n.to_string()),
            (TypeRef::Primitive(Primitive::Boolean), Value::Bool(b)) => {
                Some(if *b { "True" } else { "False" }.to_string())
            }
            (TypeRef::Array(_), Value::Array(a)) if a.is_empty() => Some(FACTORY_LIST.into()),
            (TypeRef::Map(_), Value::Object(o)) if o.is_empty() => Some(FACTORY_DICT.into()),
            (TypeRef::Named(n), v) => match self.api.get(n).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) if is_literal(self.cx, &self.api.types[n], e) => e
                    .values
                    .first()
                    .filter(|c| &c.value == v)
                    .and_then(|c| py_literal(&c.value)),
                Some(TypeKind::Enum(e)) => {
                    let t = &self.api.types[n];
                    // The same names as the enum's own members (its
                    // collision warnings are reported there, not twice).
                    let idents = member_idents(
                        "python",
                        t,
                        e,
                        true,
                        &|source| member_name(source),
                        &|id, n| format!("{id}_{n}"),
                        &mut Vec::new(),
                    );
                    e.values
                        .iter()
                        .zip(idents)
                        .find(|(value, _)| &value.value == v)
                        .map(|(_, m)| format!("{}.{}", self.names[n], m))
                }
                _ => None,
            },
            _ => None,
        };
        if lit.is_none() {
            self.warnings.push(Diagnostic::new(
                "fidelity-default",
                Severity::Warning,
                f.loc.clone(),
                format!(
                    "python: the default of `{}.{}` ({d}) is not applied on decode (it is documented); the server applies it",
                    owner.name, f.name
                ),
            ));
        }
        lit
    }

    fn alias_view(&mut self, t: &NamedType, forward: &BTreeSet<String>) -> AliasView {
        self.uses.alias = true;
        let name = self.names[&t.name].clone();
        let mut constant = None;
        let (expr, tagged) = match &t.kind {
            TypeKind::Alias { target } => (self.py_type(target), None),
            TypeKind::Object(_) => {
                let ty = as_map(t).cloned().unwrap_or(TypeRef::Any);
                (self.py_type(&TypeRef::Map(Box::new(ty))), None)
            }
            TypeKind::Union(u) => self.union_expr(t, u),
            TypeKind::Enum(e) => match e.values.first().and_then(|v| py_literal(&v.value)) {
                Some(lit) if e.constant => {
                    self.uses.literal = true;
                    constant = Some(if e.open { "open" } else { "closed" });
                    if e.open {
                        self.uses.keep_unlisted = true;
                        let kind = match e.repr {
                            EnumRepr::String => "str",
                            EnumRepr::Integer => "int",
                        };
                        (
                            format!("Annotated[Literal[{lit}], keep_unlisted({kind})]"),
                            None,
                        )
                    } else {
                        (format!("Literal[{lit}]"), None)
                    }
                }
                _ => ("Any".into(), None),
            },
        };
        // An alias that refers to itself (through others) cannot be a plain
        // assignment: it becomes a TypeAliasType with the value as a string.
        let recursive = !forward.is_empty() && tagged.is_none();
        if recursive {
            self.uses.alias_type = true;
        }
        AliasView {
            name,
            doc: py_doc(&type_doc(t)),
            deprecated: t.deprecated,
            old_name_of: None,
            expr: if recursive { py_str(&expr) } else { expr },
            tagged,
            recursive,
            constant,
        }
    }

    fn union_expr(&mut self, t: &NamedType, u: &UnionType) -> (String, Option<TaggedView>) {
        if let Some(d) = &u.discriminator {
            let variants: Vec<TagView> = d
                .mapping
                .iter()
                .filter_map(|(tag, target)| {
                    self.names.get(target).map(|ty| TagView {
                        ty: ty.clone(),
                        tag: py_str(tag),
                    })
                })
                .collect();
            if !variants.is_empty() {
                self.uses.tagged = true;
                return (
                    String::new(),
                    Some(TaggedView {
                        property: py_str(&d.property),
                        variants,
                    }),
                );
            }
            self.warnings.push(Diagnostic::new(
                "fidelity-discriminator",
                Severity::Warning,
                t.loc.clone(),
                format!("python: the discriminator of `{}` maps no named type; it is decoded as an untagged union", t.name),
            ));
        }
        let mut parts: Vec<String> = Vec::new();
        for v in &u.variants {
            let p = self.py_type(v);
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
        if parts.is_empty() {
            self.uses.any = true;
            parts.push("Any".into());
        }
        (parts.join(" | "), None)
    }
}
