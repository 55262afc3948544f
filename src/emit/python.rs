//! The `python` target: pydantic v2 models in one package.
//!
//! Layout: `<package>/_base.py` (the shared base model, open enum bases and
//! the union discriminator helper), `<package>/models.py` (every schema),
//! `<package>/__init__.py` (re-exports with `__all__`) and `py.typed`.
//! Attributes are snake_case with the wire name as alias; absent versus null
//! is kept through `model_fields_set` and `exclude_unset` encoding.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde::Serialize;
use serde_json::Value;

use super::naming::{check_collisions, ident};
use super::sdk::{self, Directions};
use super::support::{
    admits_null, as_map, definition_order, doc_lines, enum_member_hint, member_idents,
    naming_source, type_doc,
};
use super::{fidelity, EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::{
    Additional, Api, EnumRepr, EnumType, Field, NamedType, ObjectType, Primitive, StringFormat,
    TypeKind, TypeRef, UnionType,
};
use crate::output::OutputTree;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "python/__init__.py.jinja",
        include_str!("../../templates/python/__init__.py.jinja"),
    ),
    (
        "python/_base.py.jinja",
        include_str!("../../templates/python/_base.py.jinja"),
    ),
    (
        "python/models.py.jinja",
        include_str!("../../templates/python/models.py.jinja"),
    ),
    (
        "python/py.typed.jinja",
        include_str!("../../templates/python/py.typed.jinja"),
    ),
];

/// Python keywords.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names a field must not take besides keywords: builtins the models use in
/// annotations (pydantic resolves annotations in the class namespace, so a
/// field `str` would hide the type), and every public `BaseModel` and
/// `SpecModel` attribute.
const RESERVED_FIELDS: &[&str] = &[
    "self",
    "cls",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "dict",
    "bytes",
    "object",
    // BaseModel (pydantic 2) and SpecModel attributes
    "construct",
    "copy",
    "dict",
    "from_orm",
    "json",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
    "from_json",
    "from_dict",
    "to_json",
    "to_dict",
];

/// Module-level names of `models.py` that a schema must not take.
const RESERVED_TYPES: &[&str] = &[
    "Annotated",
    "Any",
    "ConfigDict",
    "Date",
    "DateTime",
    "Enum",
    "Field",
    "OpenIntEnum",
    "OpenStrEnum",
    "SpecModel",
    "TypeAlias",
    "TypeAliasType",
    "UNKNOWN_TAG",
    "UUID",
    "Union",
    "UnknownVariant",
];

/// Markers for defaults that need a factory (a fresh empty list or dict).
const FACTORY_LIST: &str = "<list>";
const FACTORY_DICT: &str = "<dict>";

/// Python's capitalised builtins. A model named like one would be resolved
/// to the builtin while pydantic builds a class that refers to it before it
/// is defined (a schema `Warning`), so these names are escaped too.
const BUILTIN_TYPES: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
];

/// The `python` target.
pub struct Python;

impl Emitter for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        self.emit_with_warnings(cx).map(|(tree, _)| tree)
    }

    fn emit_with_warnings(
        &self,
        cx: &EmitContext,
    ) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
        let package = match cx.options.get("package") {
            Some(p) => p.to_string(),
            None => default_package(&cx.api.title),
        };
        if !is_python_package(&package) {
            return Err(vec![Diagnostic::new(
                "invalid-option",
                Severity::Error,
                Loc::default(),
                format!("python: package `{package}` is not a valid Python package name; set [generate.target.python] package"),
            )]);
        }
        let mut b = Builder::new(cx)?;
        let models = b.models();
        if !b.errors.is_empty() {
            return Err(b.errors);
        }
        let header = cx.header.comment("#").trim_end().to_string();
        let env = cx
            .templates
            .environment(TEMPLATES)
            .map_err(|e| vec![template_error(&e)])?;
        let render = |name: &str, ctx: minijinja::Value| -> Result<String, Vec<Diagnostic>> {
            env.get_template(name)
                .and_then(|t| t.render(ctx))
                .map_err(|e| vec![template_error(&format!("{name}: {e}"))])
        };
        let summary = format!(
            "Models of {} (version {}), generated by specsmith.",
            cx.api.title, cx.api.version
        );
        let mut all: Vec<String> = vec![
            "OpenIntEnum".into(),
            "OpenStrEnum".into(),
            "SpecModel".into(),
            "UnknownVariant".into(),
        ];
        all.extend(models.exports.iter().cloned());
        all.sort();
        let mut tree = OutputTree::new();
        let mut put = |path: String, text: String| -> Result<(), Vec<Diagnostic>> {
            tree.insert(path, text)
                .map_err(|e| vec![template_error(&e.to_string())])
        };
        put(
            format!("{package}/__init__.py"),
            render(
                "python/__init__.py.jinja",
                minijinja::context! {
                    header => &header,
                    summary => py_doc_line(&summary),
                    names => &models.exports,
                    all => &all,
                },
            )?,
        )?;
        put(
            format!("{package}/_base.py"),
            render(
                "python/_base.py.jinja",
                minijinja::context! { header => &header },
            )?,
        )?;
        put(
            format!("{package}/models.py"),
            render(
                "python/models.py.jinja",
                minijinja::context! {
                    header => &header,
                    title => py_doc_line(&cx.api.title),
                    version => py_doc_line(&cx.api.version),
                    imports => &models.imports,
                    enums => &models.enums,
                    classes => &models.classes,
                    aliases => &models.aliases,
                    rebuild => &models.rebuild,
                },
            )?,
        )?;
        put(
            format!("{package}/py.typed"),
            render(
                "python/py.typed.jinja",
                minijinja::context! { header => &header },
            )?,
        )?;
        let mut warnings = fidelity::kept_keywords(cx.api);
        warnings.extend(b.warnings);
        Ok((tree, warnings))
    }
}

fn template_error(msg: &str) -> Diagnostic {
    Diagnostic::new(
        "template-error",
        Severity::Error,
        Loc::default(),
        format!("python: {msg}"),
    )
}

/// `Sandbox Lifecycle API` → `sandbox_lifecycle_api`.
pub fn default_package(title: &str) -> String {
    ident(title, |s| s.to_snake_case(), "api_", "api")
}

fn is_python_package(name: &str) -> bool {
    name.split('.').all(|part| {
        !part.is_empty()
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !part.starts_with(|c: char| c.is_ascii_digit())
            && !KEYWORDS.contains(&part)
    }) && !name.contains('.')
}

/// Python spelling of a type name.
pub fn type_name(raw: &str) -> String {
    let name = ident(raw, |s| s.to_upper_camel_case(), "T", "Model");
    if RESERVED_TYPES.contains(&name.as_str()) || BUILTIN_TYPES.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Python spelling of a property name (an attribute of a model).
pub fn field_name(wire: &str) -> String {
    let name = ident(wire, |s| s.to_snake_case(), "field_", "field");
    if KEYWORDS.contains(&name.as_str()) || RESERVED_FIELDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Python spelling of an enum member, from [`member_sources`] text.
pub fn member_name(source: &str) -> String {
    ident(source, |s| s.to_shouty_snake_case(), "VALUE_", "EMPTY")
}

/// A `from x import a, b` line longer than 88 columns, split the way black
/// and isort write it.
fn wrap_import(line: &str) -> Vec<String> {
    match line.split_once(" import ") {
        Some((from, names)) if line.len() > 88 && from.starts_with("from ") => {
            let mut out = vec![format!("{from} import (")];
            out.extend(names.split(", ").map(|n| format!("    {n},")));
            out.push(")".into());
            out
        }
        _ => vec![line.to_string()],
    }
}

/// Escapes one line of a docstring.
fn py_doc_line(line: &str) -> String {
    let mut s = line.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    if s.ends_with('"') {
        s.pop();
        s.push_str("\\\"");
    }
    s
}

fn py_doc(lines: &[String]) -> Vec<String> {
    lines.iter().map(|l| py_doc_line(l)).collect()
}

/// A JSON string as a Python string literal (JSON escapes are valid Python).
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[derive(Serialize)]
struct EnumView {
    name: String,
    base: &'static str,
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

#[derive(Serialize)]
struct ClassView {
    name: String,
    doc: Vec<String>,
    deprecated: Option<String>,
    closed: bool,
    not_null: Vec<String>,
    extra_type: Option<String>,
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    annotation: String,
    value: Option<String>,
    doc: Vec<String>,
    /// A blank line before it (it or the one before has a docstring).
    gap: bool,
}

#[derive(Serialize)]
struct AliasView {
    name: String,
    doc: Vec<String>,
    expr: String,
    tagged: Option<TaggedView>,
    recursive: bool,
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

struct Models {
    imports: Vec<String>,
    enums: Vec<EnumView>,
    classes: Vec<ClassView>,
    aliases: Vec<AliasView>,
    rebuild: Vec<String>,
    exports: Vec<String>,
}

#[derive(Default)]
struct Uses {
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
}

struct Builder<'a> {
    cx: &'a EmitContext<'a>,
    api: &'a Api,
    names: BTreeMap<String, String>,
    /// Which types travel in requests and which in responses.
    dirs: Directions,
    uses: Uses,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(cx: &'a EmitContext<'a>) -> Result<Self, Vec<Diagnostic>> {
        let api = cx.api;
        let mut items: Vec<(String, Loc, String)> = RESERVED_TYPES
            .iter()
            .map(|r| {
                (
                    format!("{r} (used by the generated module)"),
                    Loc::default(),
                    r.to_string(),
                )
            })
            .collect();
        let mut names = BTreeMap::new();
        for t in api.types.values() {
            let n = type_name(naming_source(t));
            items.push((t.name.clone(), t.loc.clone(), n.clone()));
            names.insert(t.name.clone(), n);
        }
        for (old, new) in &cx.shims.type_aliases {
            if api.get(new).is_some() && api.get(old).is_none() {
                items.push((
                    format!("{old} (renamed to {new})"),
                    Loc::default(),
                    type_name(old),
                ));
            }
        }
        let errors = check_collisions("python type names", &items);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Builder {
            cx,
            api,
            names,
            dirs: Directions::of(api),
            uses: Uses::default(),
            errors: Vec::new(),
            warnings: Vec::new(),
        })
    }

    fn models(&mut self) -> Models {
        let api = self.api;
        let mut enums = Vec::new();
        let mut classes = Vec::new();
        let mut alias_names = Vec::new();
        for t in api.types.values() {
            match &t.kind {
                TypeKind::Enum(e) => enums.push(self.enum_view(t, e)),
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
                    doc: vec![py_doc_line(&format!(
                        "Deprecated: the old name of {n}, kept for one release."
                    ))],
                    expr: n.clone(),
                    tagged: None,
                    recursive: false,
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
            imports: self.imports(),
            enums,
            classes,
            aliases,
            rebuild,
            exports,
        }
    }

    fn imports(&self) -> Vec<String> {
        let u = &self.uses;
        let mut stdlib = Vec::new();
        if u.enum_ {
            stdlib.push("from enum import Enum".to_string());
        }
        let mut typing = Vec::new();
        if u.tagged {
            typing.push("Annotated");
        }
        if u.any {
            typing.push("Any");
        }
        if u.tagged {
            typing.push("Union");
        }
        if !typing.is_empty() {
            stdlib.push(format!("from typing import {}", typing.join(", ")));
        }
        if u.uuid {
            stdlib.push("from uuid import UUID".to_string());
        }
        let mut third = Vec::new();
        if u.tagged || u.pydantic {
            third.push("import pydantic".to_string());
        }
        let mut pd = Vec::new();
        if u.field {
            pd.push("Field");
        }
        if !pd.is_empty() {
            third.push(format!("from pydantic import {}", pd.join(", ")));
        }
        let mut te = Vec::new();
        if u.alias || u.tagged {
            te.push("TypeAlias");
        }
        if u.alias_type {
            te.push("TypeAliasType");
        }
        if u.deprecated {
            te.push("deprecated");
        }
        if !te.is_empty() {
            third.push(format!("from typing_extensions import {}", te.join(", ")));
        }
        let mut local = Vec::new();
        if u.date {
            local.push("Date");
        }
        if u.datetime {
            local.push("DateTime");
        }
        local.push("SpecModel");
        if u.open_int {
            local.push("OpenIntEnum");
        }
        if u.open_str {
            local.push("OpenStrEnum");
        }
        if u.tagged {
            local.insert(0, "UNKNOWN_TAG");
            local.push("UnknownVariant");
            local.push("tag_of");
        }
        // isort order: constants, then classes, then functions.
        local.sort_by_key(|n| {
            let rank = if n.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                0
            } else if n.starts_with(|c: char| c.is_ascii_uppercase()) {
                1
            } else {
                2
            };
            (rank, n.to_string())
        });
        let mut out = stdlib;
        if !third.is_empty() {
            if !out.is_empty() {
                out.push(String::new());
            }
            out.extend(third);
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(format!("from ._base import {}", local.join(", ")));
        out.into_iter()
            .flat_map(|line| wrap_import(&line))
            .collect()
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

    fn enum_view(&mut self, t: &NamedType, e: &EnumType) -> EnumView {
        let name = self.names[&t.name].clone();
        let mut doc = type_doc(t);
        let (base, note) = match (e.repr, e.open) {
            (EnumRepr::String, true) => {
                self.uses.open_str = true;
                ("OpenStrEnum", "Open: a value added later decodes to a member that keeps it (`is_known` is false).")
            }
            (EnumRepr::Integer, true) => {
                self.uses.open_int = true;
                ("OpenIntEnum", "Open: a value added later decodes to a member that keeps it (`is_known` is false).")
            }
            (EnumRepr::String, false) => {
                self.uses.enum_ = true;
                (
                    "str, Enum",
                    "Closed: a value it does not list fails to decode.",
                )
            }
            (EnumRepr::Integer, false) => {
                self.uses.enum_ = true;
                (
                    "int, Enum",
                    "Closed: a value it does not list fails to decode.",
                )
            }
        };
        if doc.is_empty() {
            doc.push(format!("The {} enumeration.", t.name));
        }
        doc.push(String::new());
        doc.push(note.to_string());
        if t.deprecated {
            doc.push(String::new());
            doc.push("Deprecated.".into());
        }
        let mut members = Vec::new();
        let mut items = Vec::new();
        let idents = member_idents(
            "python",
            t,
            e,
            &|source| member_name(source),
            &|id, n| format!("{id}_{n}"),
            &mut self.warnings,
        );
        for (v, m) in e.values.iter().zip(idents) {
            let literal = match (&v.value, e.repr) {
                (Value::String(s), EnumRepr::String) => py_str(s),
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
            if let Some(m) = members.iter().find(|m| m.value == py_str(new)) {
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
            base,
            doc: py_doc(&doc),
            members,
            renamed,
        }
    }

    fn class_view(&mut self, t: &NamedType, o: &ObjectType) -> ClassView {
        let name = self.names[&t.name].clone();
        let mut doc = type_doc(t);
        if doc.is_empty() {
            doc.push(format!("The {} object.", t.name));
        }
        let deprecated = t.deprecated.then(|| {
            self.uses.deprecated = true;
            py_str(&format!("{name} is deprecated"))
        });
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
            let fname = field_name(&f.name);
            items.push((f.name.clone(), f.loc.clone(), fname.clone()));
            let view = self.field_view(t, f, &fname, renamed.get(f.name.as_str()).copied());
            if view.1 {
                not_null.push(py_str(&fname));
            }
            fields.push(view.0);
        }
        for i in 1..fields.len() {
            fields[i].gap = !fields[i].doc.is_empty() || !fields[i - 1].doc.is_empty();
        }
        self.errors.extend(check_collisions(
            &format!("python attributes of {}", t.name),
            &items,
        ));
        ClassView {
            name,
            doc: py_doc(&doc),
            deprecated,
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
        let required = sdk::presence(self.api, &self.dirs, &owner.name, f).required;
        let nullable = admits_null(self.api, &f.ty);
        let base = self.py_type(&f.ty);
        let default = if required {
            None
        } else {
            f.default
                .as_ref()
                .and_then(|d| self.default_literal(owner, f, d))
        };
        let annotation = if required || nullable || default.as_ref().is_some_and(|d| d != "None") {
            base
        } else {
            format!("{base} | None")
        };
        let value = if required {
            None
        } else {
            Some(default.clone().unwrap_or_else(|| "None".into()))
        };
        let mut args: Vec<String> = Vec::new();
        match value.as_deref() {
            Some(FACTORY_LIST) => args.push("default_factory=list".into()),
            Some(FACTORY_DICT) => args.push("default_factory=dict".into()),
            Some(v) => args.push(format!("default={v}")),
            None => {}
        }
        if let Some(old) = old_name {
            self.uses.field = true;
            self.uses.pydantic = true;
            args.push(format!(
                "validation_alias=pydantic.AliasChoices({}, {})",
                py_str(&f.name),
                py_str(old)
            ));
            args.push(format!("serialization_alias={}", py_str(&f.name)));
        }
        if fname != f.name && old_name.is_none() {
            args.push(format!("alias={}", py_str(&f.name)));
        }
        if f.deprecated {
            args.push("deprecated=True".into());
        }
        let factory = matches!(value.as_deref(), Some(FACTORY_LIST | FACTORY_DICT));
        let rendered = if args.is_empty() || (args.len() == 1 && value.is_some() && !factory) {
            value
        } else {
            self.uses.field = true;
            Some(format!("Field({})", args.join(", ")))
        };
        let mut doc = f.docs.text().map(doc_lines).unwrap_or_default();
        let mut notes = Vec::new();
        if f.read_only {
            notes.push("Read-only: set by the server, ignored in requests.".to_string());
        }
        if f.write_only {
            notes.push("Write-only: sent in requests, never returned.".to_string());
        }
        if let (Some(d), None) = (&f.default, &default) {
            notes.push(format!("Default (applied by the server): `{d}`."));
        }
        if f.deprecated {
            notes.push("Deprecated.".into());
        }
        if !notes.is_empty() {
            if !doc.is_empty() {
                doc.push(String::new());
            }
            doc.extend(notes);
        }
        let not_null = !required && !nullable && default.is_none();
        (
            FieldView {
                name: fname.to_string(),
                annotation,
                value: rendered,
                doc: py_doc(&doc),
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
                Some(TypeKind::Enum(e)) => {
                    let t = &self.api.types[n];
                    // The same names as the enum's own members (its
                    // collision warnings are reported there, not twice).
                    let idents = member_idents(
                        "python",
                        t,
                        e,
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
        let mut doc = type_doc(t);
        if t.deprecated {
            if !doc.is_empty() {
                doc.push(String::new());
            }
            doc.push("Deprecated.".into());
        }
        let (expr, tagged) = match &t.kind {
            TypeKind::Alias { target } => (self.py_type(target), None),
            TypeKind::Object(_) => {
                let ty = as_map(t).cloned().unwrap_or(TypeRef::Any);
                (self.py_type(&TypeRef::Map(Box::new(ty))), None)
            }
            TypeKind::Union(u) => self.union_expr(t, u),
            TypeKind::Enum(_) => ("Any".into(), None),
        };
        // An alias that refers to itself (through others) cannot be a plain
        // assignment: it becomes a TypeAliasType with the value as a string.
        let recursive = !forward.is_empty() && tagged.is_none();
        if recursive {
            self.uses.alias_type = true;
        }
        AliasView {
            name,
            doc: py_doc(&doc),
            expr: if recursive { py_str(&expr) } else { expr },
            tagged,
            recursive,
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
