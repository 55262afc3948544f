//! The `go` target: one package of structs with `encoding/json` tags.
//!
//! Files: `go.mod`, `doc.go` (package doc), `nullable.go` (the generic
//! `Nullable[T]` for optional properties that may be null), `decode.go`
//! (unexported helpers the models need) and `models.go`. Output is written
//! the way gofmt prints it (struct columns aligned per comment-delimited
//! section, doc comments in canonical form), so `gofmt -l` lists nothing.
//!
//! Field representation, by (required, nullable):
//! required → `T`; required and nullable → `*T` (nil is null);
//! optional → `*T` with `omitempty`; optional and nullable → `Nullable[T]`
//! with `omitzero`. Slices, maps and `json.RawMessage` stand for themselves
//! (nil is absent or null) and use `omitzero`, which keeps `[]` apart from
//! absent. A struct that would contain itself by value gets a pointer.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::sdk::{self, Directions};
use super::support::{admits_null, as_map, doc_lines, enum_member_hint, member_idents};
use super::templates;
use super::{constraints, fidelity, EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::{
    Additional, Api, EnumRepr, EnumType, Field, IntFormat, NamedType, ObjectType, Primitive,
    StringFormat, TypeKind, TypeRef, UnionType,
};
use crate::naming::check_collisions;
use crate::naming::go::{const_suffix, exported, KEYWORDS, PACKAGE_NAMES as RESERVED};
use crate::output::OutputTree;

/// The `go` target.
pub struct Go;

/// The package of the models and the client: the `package` option, else
/// one made from the API title; refused when Go cannot name it.
pub(crate) fn package_of(cx: &EmitContext) -> Result<String, Vec<Diagnostic>> {
    let package = match cx.options.get("package") {
        Some(p) => p.to_string(),
        None => default_package(&cx.api.title),
    };
    if !is_package_name(&package) {
        return Err(vec![cx.options.invalid(
            "go",
            "package",
            &package,
            "a Go package name is lowercase letters and digits",
        )]);
    }
    Ok(package)
}

impl Emitter for Go {
    fn name(&self) -> &'static str {
        "go"
    }

    fn options(&self) -> crate::emit::Options {
        crate::emit::Options {
            own: &["package", "module"],
            package: false,
        }
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        models(cx).map(|(tree, _)| tree)
    }

    fn emit_whole(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let (mut tree, types) = crate::timings::phase("target go", || models(cx))?;
        crate::timings::phase("client go", || {
            crate::emit::client::extend_go(cx, &mut tree, types)
        })?;
        Ok(tree)
    }
}

/// The models' files, and their types as the client spells them.
fn models<'a>(cx: &'a EmitContext<'a>) -> Result<(OutputTree, ModelTypes<'a>), Vec<Diagnostic>> {
    let package = package_of(cx)?;
    let module = module_of(cx, &package)?;
    let mut b = Builder::new(cx)?;
    let decls = b.decls();
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    let header = header(cx);
    let env = cx.templates.renderer("go")?;
    let mut tree = OutputTree::new();
    env.render_into(
        &mut tree,
        "go.mod",
        "go/go.mod.jinja",
        minijinja::context! { header => &header, module => &module },
    )?;
    let mut doc = vec![format!(
        "Package {package} holds the models of {} (version {}).",
        one_line(&cx.api.title),
        one_line(&cx.api.version)
    )];
    if let Some(d) = &cx.api.description {
        doc.push(String::new());
        doc.extend(doc_lines(d));
    }
    doc.push(String::new());
    doc.extend(
        [
            "Optional properties are pointers (absent is nil), or slices and maps",
            "left nil. An optional property that may also be null is a [Nullable],",
            "which keeps absent, null and a value apart. Enums are string (or int64)",
            "types: a value added to an open enum after this version decodes as is",
            "and encodes back unchanged.",
        ]
        .map(String::from),
    );
    if b.uses.wire {
        doc.extend(
            [
                "",
                "Strings of format uuid, date and uri are the types of package wire:",
                "the text as sent, written back unchanged, with a method that parses it.",
            ]
            .map(String::from),
        );
    }
    env.render_into(
        &mut tree,
        "doc.go",
        "go/doc.go.jinja",
        minijinja::context! { header => &header, package => &package, doc => canonical_doc(doc) },
    )?;
    env.render_into(
        &mut tree,
        "nullable.go",
        "go/nullable.go.jinja",
        minijinja::context! { header => &header, package => &package },
    )?;
    let u = &b.uses;
    if u.extras || u.any_of {
        env.render_into(
            &mut tree,
            "decode.go",
            "go/decode.go.jinja",
            minijinja::context! { header => &header, package => &package, uses => u },
        )?;
    }
    // Each declaration is the template's `declaration` macro, rendered on every core.
    let models = env.render_parts(
        "go/models.go.jinja",
        minijinja::context! {
            header => &header,
            package => &package,
            uses => u,
            wire => u.wire.then(|| wire_import(&module)),
        },
        "decls",
        "declaration",
        &decls,
    )?;
    tree.insert("models.go", models)
        .map_err(|e| vec![super::templates::error("go", &e.to_string())])?;
    if u.wire {
        put_wire(cx, &module, &mut tree)?;
    }
    let mut warnings = fidelity::kept_keywords(cx.api);
    warnings.extend(std::mem::take(&mut b.warnings));
    cx.note_all(warnings);
    Ok((tree, ModelTypes::declared_by(b)))
}

mod align;
mod comments;
mod decode;
mod enums;
mod names;
mod structs;
mod types;
mod unions;

use align::align;
pub use comments::{canonical_doc, lead_with};
use comments::{ident_doc, wrap};
use decode::Decode;
pub use names::default_package;
pub use names::go_str;
use names::{article, is_package_name, one_line, receiver, valid_tag_name};

fn template_error(msg: &str) -> Diagnostic {
    templates::error("go", msg)
}

/// The type in the generated `wire` package that holds a string of format
/// `f`, if it has one: the text as sent (any string decodes, and is written
/// back unchanged), with a method that parses it. `date-time` is `time.Time`.
pub(crate) fn wire_type(f: &StringFormat) -> Option<&'static str> {
    match f {
        StringFormat::Uuid => Some("UUID"),
        StringFormat::Date => Some("Date"),
        StringFormat::Uri => Some("URI"),
        _ => None,
    }
}

/// The package a Go primitive type needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrimitivePackage {
    None,
    Time,
    /// The SDK's `wire` package ([`wire_type`]).
    Wire,
}

/// The Go type of a primitive, as the models and the client declare it
/// (the snippets too), and the package it needs.
pub(crate) fn primitive_type(p: &Primitive) -> (String, PrimitivePackage) {
    match p {
        Primitive::String(StringFormat::DateTime) => ("time.Time".into(), PrimitivePackage::Time),
        Primitive::String(f) => match wire_type(f) {
            Some(w) => (format!("wire.{w}"), PrimitivePackage::Wire),
            None => ("string".into(), PrimitivePackage::None),
        },
        Primitive::Integer(IntFormat::Int32) => ("int32".into(), PrimitivePackage::None),
        Primitive::Integer(_) => ("int64".into(), PrimitivePackage::None),
        Primitive::Number(_) => ("float64".into(), PrimitivePackage::None),
        Primitive::Boolean => ("bool".into(), PrimitivePackage::None),
    }
}

/// Writes `wire/wire.go`, the package of [`wire_type`]s, unless the tree
/// has it (the models and the client both need it when they use one).
pub(crate) fn put_wire(
    cx: &EmitContext,
    module: &str,
    tree: &mut OutputTree,
) -> Result<(), Vec<Diagnostic>> {
    if tree.get(WIRE_FILE).is_some() {
        return Ok(());
    }
    let env = cx.templates.renderer("go")?;
    let text = env.render(
        "go/wire.go.jinja",
        minijinja::context! { header => header(cx), module => module },
    )?;
    tree.insert(WIRE_FILE, text)
        .map_err(|e| vec![template_error(&e.to_string())])
}

/// Whether Go source `text` names a [`wire_type`].
pub(crate) fn mentions_wire(text: &str) -> bool {
    [StringFormat::Uuid, StringFormat::Date, StringFormat::Uri]
        .iter()
        .filter_map(wire_type)
        .any(|w| text.contains(&format!("wire.{w}")))
}

/// Where [`put_wire`] writes the package.
const WIRE_FILE: &str = "wire/wire.go";

/// The import path of the `wire` package in module `module`.
pub(crate) fn wire_import(module: &str) -> String {
    format!("{module}/wire")
}

/// The first lines of every generated Go file.
pub(crate) fn header(cx: &EmitContext) -> String {
    format!(
        "{}// Code generated by specsmith. DO NOT EDIT.",
        cx.header.comment("//")
    )
}

/// The module path: the `module` option, else the package name.
pub(crate) fn module_of(cx: &EmitContext, package: &str) -> Result<String, Vec<Diagnostic>> {
    let module = cx.options.get_or("module", package).to_string();
    if module.is_empty() || module.contains(char::is_whitespace) || module.contains('"') {
        return Err(vec![cx.options.invalid(
            "go",
            "module",
            &module,
            "a module path is not empty and has no spaces or quotes",
        )]);
    }
    Ok(module)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// Strings, numbers, booleans, times and enums: optional → pointer.
    Scalar,
    /// Structs (objects and unions): optional → pointer.
    Struct,
    /// Slices, maps and raw JSON: nil stands for absent (or null).
    Ref,
}

#[derive(Serialize, Default)]
struct Line {
    doc: Vec<String>,
    name: String,
    pad_name: String,
    #[serde(rename = "type")]
    ty: String,
    pad_type: String,
    /// The `json` struct tag's value (name and options); empty for none.
    tag: String,
}

#[derive(Serialize)]
struct Extras {
    /// The Go type of the field (`map[string]json.RawMessage`).
    value: String,
    /// The schema says `additionalProperties: false`.
    forbidden: bool,
}

/// A declared property as UnmarshalJSON decodes it.
#[derive(Serialize)]
struct Prop {
    /// The Go field.
    field: String,
    /// The wire name (a Go string literal).
    wire: String,
    /// Its flag in UnmarshalJSON's `seen`, when it is tracked.
    slot: Option<usize>,
    decode: Decode,
    /// Old wire names (Go string literals) that a migration renamed to it.
    old: Vec<String>,
}

#[derive(Serialize)]
struct Case {
    tags: String,
    field: String,
    #[serde(rename = "type")]
    ty: String,
    fill: Option<Fill>,
    /// The method of the variant's type that decodes it from valid JSON,
    /// if it has one (else encoding/json does).
    method: Option<String>,
}

#[derive(Serialize)]
struct Fill {
    field: String,
    tag: String,
}

#[derive(Serialize)]
struct Variant {
    label: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Serialize, Default)]
struct Decl {
    kind: &'static str,
    name: String,
    /// `a` or `an` before the name.
    article: &'static str,
    recv: String,
    doc: Vec<String>,
    // struct
    fields: Vec<Line>,
    /// Wire names (Go string literals) of the required properties.
    required: Vec<String>,
    /// How each declared property decodes.
    props: Vec<Prop>,
    /// How many properties UnmarshalJSON tracks: the required ones, then
    /// renamed ones that are not.
    seen: usize,
    /// The field that keeps the properties the spec does not list.
    extras: Option<Extras>,
    // enum
    base: String,
    consts: Vec<Line>,
    known: Vec<String>,
    closed: bool,
    renamed: Vec<(String, String)>,
    // tagged union
    cases: Vec<Case>,
    property: String,
    // untagged union
    variants: Vec<Variant>,
    // alias
    alias: bool,
    target: String,
}

/// What the models need from the standard library and from decode.go
/// (the templates write the import blocks from these).
#[derive(Default, Serialize)]
struct Uses {
    json: bool,
    time: bool,
    /// The `wire` package of string formats (see [`wire_type`]).
    wire: bool,
    fmt: bool,
    errors: bool,
    extras: bool,
    any_of: bool,
}

struct Builder<'a> {
    cx: &'a EmitContext<'a>,
    api: &'a Api,
    names: &'a BTreeMap<String, String>,
    /// The Go identifiers of every type (the values of `names`).
    type_idents: std::collections::HashSet<String>,
    /// Package-level identifiers claimed so far, for collision checks.
    package_items: Vec<(String, Loc, String)>,
    /// IR object name → IR struct names it contains by value.
    value_edges: BTreeMap<String, BTreeSet<String>>,
    /// Which types travel in requests and which in responses.
    dirs: &'a Directions,
    uses: Uses,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// The Go types of the models as `models.go` spells them, for the client
/// generated into the same package (`src/emit/client/go.rs`).
pub struct ModelTypes<'a> {
    b: Builder<'a>,
}

impl<'a> ModelTypes<'a> {
    /// The types of a builder that has declared the models (which claims
    /// their package-level names).
    fn declared_by(mut b: Builder<'a>) -> Self {
        // From here on, what the client's own types use.
        b.uses.wire = false;
        ModelTypes { b }
    }

    /// Whether a type given out so far is one of the `wire` package.
    pub fn uses_wire(&self) -> bool {
        self.b.uses.wire
    }

    /// The type of a value of `ty` that cannot be absent (an argument, an
    /// array element): nullable scalars and structs are pointers.
    pub fn value(&mut self, ty: &TypeRef) -> String {
        self.b.elem(ty)
    }

    /// The type of a value of `ty` that may be absent: a pointer, or a
    /// slice, map or `json.RawMessage` left nil.
    pub fn optional(&mut self, ty: &TypeRef) -> String {
        let base = self.b.base(ty);
        if self.b.shape(ty) == Shape::Ref {
            base
        } else {
            format!("*{base}")
        }
    }

    /// Whether `ty` is a struct, returned by pointer.
    pub fn is_struct(&self, ty: &TypeRef) -> bool {
        self.b.shape(ty) == Shape::Struct
    }

    /// The package-level identifiers the models declare, with the schema
    /// each comes from.
    pub fn declared(&self) -> &[(String, Loc, String)] {
        &self.b.package_items
    }
}
