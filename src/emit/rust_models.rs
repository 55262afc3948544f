//! The `rust` target: serde models in a standalone crate. Names and types are
//! computed here; `templates/rust/lib.rs.jinja` lays them out, and the result
//! is parsed with `syn` and printed with `prettyplease` so formatting is
//! canonical.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;
use serde::Serialize;

use super::sdk::{self, Directions, Presence};
use super::support;
use super::templates::{self, Renderer};
use super::{EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::{Additional, EnumRepr, IntFormat, NumberFormat, Primitive, TypeKind, TypeRef};
use crate::naming::rust::unraw;
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;

/// The `rust` target.
pub struct RustModels;

impl Emitter for RustModels {
    fn name(&self) -> &'static str {
        "rust"
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let (tree, warnings) = build(cx)?;
        for w in warnings {
            cx.note(w);
        }
        Ok(tree)
    }
}

/// A field identifier: snake_case, keywords as raw identifiers (or with a
/// trailing `_` where Rust has no raw form).
pub fn field_ident(wire: &str) -> String {
    naming::ident(Lang::Rust, IdentKind::Field, wire)
}

/// A type or union case identifier.
pub fn type_ident(name: &str) -> String {
    naming::ident(Lang::Rust, IdentKind::Type, name)
}

fn variant_ident(raw: &str) -> String {
    naming::ident(Lang::Rust, IdentKind::EnumVariant, raw)
}

/// A Rust string literal.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

struct Cx {
    dirs: Directions,
    comps: BTreeMap<String, usize>,
    idents: BTreeMap<String, String>,
    uses_btreemap: bool,
    uses_double_option: bool,
}

impl Cx {
    fn name(&self, ir: &str) -> String {
        self.idents
            .get(ir)
            .cloned()
            .unwrap_or_else(|| type_ident(ir))
    }

    /// The Rust type of `t` as held by `owner` (`None` when behind a heap
    /// indirection already).
    fn ty(&mut self, t: &TypeRef, owner: Option<&str>) -> String {
        match t {
            TypeRef::Named(n) => {
                let id = self.name(n);
                match owner {
                    Some(o) if sdk::needs_box(&self.comps, o, n) => format!("Box<{id}>"),
                    _ => id,
                }
            }
            TypeRef::Primitive(p) => prim(p).to_string(),
            TypeRef::Array(i) => format!("Vec<{}>", self.ty(i, None)),
            TypeRef::Map(i) if **i == TypeRef::Any => {
                "serde_json::Map<String, serde_json::Value>".into()
            }
            TypeRef::Map(i) => {
                self.uses_btreemap = true;
                format!("BTreeMap<String, {}>", self.ty(i, None))
            }
            TypeRef::Any => "serde_json::Value".into(),
            TypeRef::Nullable(i) => format!("Option<{}>", self.ty(i, owner)),
        }
    }
}

fn prim(p: &Primitive) -> &'static str {
    match p {
        Primitive::String(_) => "String",
        Primitive::Integer(IntFormat::Int32) => "i32",
        Primitive::Integer(_) => "i64",
        Primitive::Number(NumberFormat::Float) => "f32",
        Primitive::Number(_) => "f64",
        Primitive::Boolean => "bool",
    }
}

#[derive(Serialize)]
struct Item {
    kind: &'static str,
    name: String,
    doc: Vec<String>,
    deprecated: bool,
    fields: Vec<FieldCx>,
    extra: Option<FieldCx>,
    variants: Vec<VariantCx>,
    unknown: String,
    /// Tagged unions: the property carrying the tag, as a literal.
    tag_property: String,
    tag_name: String,
    /// Aliases: the target type.
    target: String,
    /// Integer enums: whether unknown values are kept.
    open: bool,
    /// Integer enums: the listed values, for the error message.
    expected: String,
}

#[derive(Serialize)]
struct FieldCx {
    ident: String,
    ty: String,
    doc: Vec<String>,
    serde: Vec<String>,
    deprecated: bool,
}

#[derive(Serialize)]
struct VariantCx {
    ident: String,
    doc: Vec<String>,
    /// String enums: `rename = "..."` when needed, plus aliases.
    serde: Vec<String>,
    /// String enums: the wire value literal. Integer enums: the value.
    value: String,
    /// Unions: the payload type.
    ty: String,
    /// Tagged unions: the match pattern of the tags (`"a" | "b"`).
    pattern: String,
    /// Tagged unions: the tag to add when the payload does not carry it.
    inject_tag: Option<String>,
}

/// Doc lines as rustdoc reads them well: an unlabelled code fence becomes
/// `text` (not a doctest), and the lines that continue a list item are
/// indented to its text (clippy's `doc_lazy_continuation`).
fn rust_doc(lines: &[String]) -> Vec<String> {
    let mut in_fence = false;
    // The indentation of the text of the list item being continued.
    let mut item_indent: Option<usize> = None;
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let l = l.replace('\t', "    ");
        let t = l.trim_start();
        let indent = l.len() - t.len();
        if t.starts_with("```") {
            item_indent = None;
            if !in_fence && t.trim_end() == "```" {
                in_fence = true;
                out.push(format!("{}```text", &l[..indent]));
                continue;
            }
            in_fence = !in_fence;
            out.push(l);
            continue;
        }
        if in_fence {
            out.push(l);
            continue;
        }
        if t.is_empty() {
            item_indent = None;
            out.push(l);
            continue;
        }
        if let Some(marker) = list_marker(t) {
            item_indent = Some(indent + marker);
            out.push(l);
            continue;
        }
        match item_indent {
            Some(n) => out.push(format!("{}{t}", " ".repeat(n))),
            None => out.push(l),
        }
    }
    out
}

/// The width of a Markdown list marker at the start of `t` (`- `, `* `,
/// `+ `, `1. `, `2) `), if it starts with one.
fn list_marker(t: &str) -> Option<usize> {
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return Some(2);
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

fn build(cx: &EmitContext) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
    let api = cx.api;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let crate_name = cx
        .options
        .get("crate")
        .map(str::to_string)
        .unwrap_or_else(|| default_crate_name(&api.title));
    if !valid_crate_name(&crate_name) {
        errors.push(Diagnostic::new(
            "invalid-target-option",
            Severity::Error,
            Loc::default(),
            format!("rust: `crate = \"{crate_name}\"` is not a valid crate name; use letters, digits, `-` and `_`, starting with a letter"),
        ));
        return Err(errors);
    }

    let idents = sdk::type_idents(api, &|n| type_ident(n), &mut warnings);
    let items: Vec<(String, Loc, String)> = api
        .types
        .values()
        .map(|t| (t.name.clone(), t.loc.clone(), idents[&t.name].clone()))
        .collect();
    errors.extend(check_collisions("rust: type names", &items));

    let mut c = Cx {
        dirs: Directions::of(api),
        comps: sdk::containment_components(api),
        idents,
        uses_btreemap: false,
        uses_double_option: false,
    };
    let mut out_items = Vec::new();
    let mut any_deprecated = false;
    let field_aliases = &cx.shims.field_aliases;
    let enum_aliases = &cx.shims.enum_aliases;

    for nt in api.types.values() {
        any_deprecated |= nt.deprecated;
        let name = c.name(&nt.name);
        let mut item = Item {
            kind: "",
            name: name.clone(),
            doc: rust_doc(&sdk::doc_lines(&nt.docs, &[])),
            deprecated: nt.deprecated,
            fields: Vec::new(),
            extra: None,
            variants: Vec::new(),
            unknown: String::new(),
            tag_property: String::new(),
            tag_name: String::new(),
            target: String::new(),
            open: false,
            expected: String::new(),
        };
        match &nt.kind {
            TypeKind::Object(o) => {
                item.kind = "struct";
                let mut idents = Vec::new();
                for f in &o.fields {
                    any_deprecated |= f.deprecated;
                    let p = sdk::presence(api, &c.dirs, &nt.name, f);
                    let id = field_ident(f.naming_source());
                    idents.push((f.name.clone(), f.loc.clone(), id.clone()));
                    let base = c.ty(f.ty.non_null(), Some(&nt.name));
                    let mut serde = Vec::new();
                    if unraw(&id) != f.name {
                        serde.push(format!("rename = {}", lit(&f.name)));
                    }
                    if let Some(aliases) = field_aliases.get(&nt.name) {
                        for (old, new) in aliases {
                            if new == &f.name {
                                serde.push(format!("alias = {}", lit(old)));
                            }
                        }
                    }
                    let ty = match p {
                        Presence {
                            required: true,
                            nullable: false,
                        } => base,
                        Presence {
                            required: true,
                            nullable: true,
                        } => {
                            // Present but possibly null: a missing property is an error.
                            serde.push("deserialize_with = \"Option::deserialize\"".into());
                            format!("Option<{base}>")
                        }
                        Presence {
                            required: false,
                            nullable: false,
                        } => {
                            serde.push("default".into());
                            serde.push("skip_serializing_if = \"Option::is_none\"".into());
                            format!("Option<{base}>")
                        }
                        Presence {
                            required: false,
                            nullable: true,
                        } => {
                            c.uses_double_option = true;
                            serde.push("default".into());
                            serde.push("skip_serializing_if = \"Option::is_none\"".into());
                            serde.push("deserialize_with = \"double_option\"".into());
                            format!("Option<Option<{base}>>")
                        }
                    };
                    let mut notes = sdk::field_notes(f, p);
                    if !p.required && p.nullable {
                        notes.pop();
                        notes.push("`None`: absent; `Some(None)`: present and null.".into());
                    }
                    item.fields.push(FieldCx {
                        ident: id,
                        ty,
                        doc: rust_doc(&sdk::doc_lines(&f.docs, &notes)),
                        serde,
                        deprecated: f.deprecated,
                    });
                }
                errors.extend(check_collisions(
                    &format!("rust: fields of {}", nt.name),
                    &idents,
                ));
                // Kept even under `additionalProperties: false`: a newer server
                // may add properties, and they must survive a round trip.
                let extra_ty = match &o.additional {
                    Additional::Forbidden | Additional::Unspecified => {
                        Some("serde_json::Map<String, serde_json::Value>".to_string())
                    }
                    Additional::Typed(t) if *t == TypeRef::Any => {
                        Some("serde_json::Map<String, serde_json::Value>".to_string())
                    }
                    Additional::Typed(t) => {
                        let inner = c.ty(t, None);
                        c.uses_btreemap = true;
                        Some(format!("BTreeMap<String, {inner}>"))
                    }
                };
                if let Some(ty) = extra_ty {
                    let taken: BTreeSet<String> = item
                        .fields
                        .iter()
                        .map(|f| unraw(&f.ident).to_string())
                        .collect();
                    let id = sdk::free_name(
                        &["extra", "additional_properties", "unknown_properties"],
                        &taken,
                    );
                    item.extra = Some(FieldCx {
                        ident: id,
                        ty,
                        doc: vec!["Properties the spec does not list, kept as sent.".into()],
                        serde: vec!["flatten".into()],
                        deprecated: false,
                    });
                }
            }
            TypeKind::Enum(e) => {
                let ids = support::member_idents(
                    "rust",
                    nt,
                    e,
                    false,
                    &variant_ident,
                    &|id, n| format!("{id}{n}"),
                    &mut warnings,
                );
                errors.extend(support::member_collisions("rust", nt, e, &ids));
                for (v, id) in e.values.iter().zip(ids) {
                    let mut serde = Vec::new();
                    let value = match &v.value {
                        serde_json::Value::String(s) => {
                            if &id != s {
                                serde.push(format!("rename = {}", lit(s)));
                            }
                            if let Some(aliases) = enum_aliases.get(&nt.name) {
                                for (old, new) in aliases {
                                    if new == s {
                                        serde.push(format!("alias = {}", lit(old)));
                                    }
                                }
                            }
                            lit(s)
                        }
                        other => other.to_string(),
                    };
                    item.variants.push(VariantCx {
                        ident: id,
                        doc: v
                            .description
                            .iter()
                            .flat_map(|d| d.lines().map(str::to_string))
                            .collect(),
                        serde,
                        value,
                        ty: String::new(),
                        pattern: String::new(),
                        inject_tag: None,
                    });
                }
                let taken: BTreeSet<String> =
                    item.variants.iter().map(|v| v.ident.clone()).collect();
                item.unknown = sdk::free_name(&["Unknown", "UnknownValue", "Unrecognized"], &taken);
                item.open = e.open;
                item.expected = e
                    .values
                    .iter()
                    .map(|v| v.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                item.kind = match (e.repr, e.open) {
                    (EnumRepr::String, true) => "open_string_enum",
                    (EnumRepr::String, false) => "closed_string_enum",
                    (EnumRepr::Integer, _) => "integer_enum",
                };
            }
            TypeKind::Union(u) => {
                let cases = sdk::union_cases(u);
                let (names, unknown) = sdk::case_names(&cases, &|n| c.name(n), &[]);
                item.unknown = unknown;
                for (case, case_name) in cases.iter().zip(names) {
                    let ty = c.ty(&case.ty, Some(&nt.name));
                    let (pattern, inject_tag) = match &u.discriminator {
                        Some(d) => (
                            case.tags
                                .iter()
                                .map(|t| lit(t))
                                .collect::<Vec<_>>()
                                .join(" | "),
                            (!sdk::declares_property(api, &case.ty, &d.property))
                                .then(|| lit(&case.tags[0])),
                        ),
                        None => (String::new(), None),
                    };
                    item.variants.push(VariantCx {
                        ident: case_name,
                        doc: Vec::new(),
                        serde: Vec::new(),
                        value: String::new(),
                        ty,
                        pattern,
                        inject_tag,
                    });
                }
                match &u.discriminator {
                    Some(d) => {
                        item.kind = "tagged_union";
                        item.tag_property = lit(&d.property);
                        item.tag_name = d.property.clone();
                    }
                    None => item.kind = "untagged_union",
                }
            }
            TypeKind::Alias { target } => {
                item.kind = "alias";
                item.target = c.ty(target.non_null(), Some(&nt.name));
            }
        }
        out_items.push(item);
    }
    // Deprecated type aliases for renamed types (migration shims).
    for (old, new) in &cx.shims.type_aliases {
        if api.get(new).is_none() || api.get(old).is_some() {
            continue;
        }
        any_deprecated = true;
        let new_id = c.name(new);
        out_items.push(Item {
            kind: "alias",
            name: type_ident(old),
            doc: vec![format!("Renamed to [`{new_id}`]; kept for one release.")],
            deprecated: true,
            fields: Vec::new(),
            extra: None,
            variants: Vec::new(),
            unknown: String::new(),
            tag_property: String::new(),
            tag_name: String::new(),
            target: new_id,
            open: false,
            expected: String::new(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let env = cx.templates.renderer("rust")?;
    let mut crate_doc = vec![format!(
        "Models for {} {}, generated by specsmith.",
        api.title, api.version
    )];
    crate_doc.extend([
        String::new(),
        "Every type (de)serializes with serde. Optional properties are `Option<T>` and are left out when `None`;".into(),
        "a property that may be absent or null is `Option<Option<T>>` (`None`: absent, `Some(None)`: null).".into(),
        "Open enums keep values this version does not list in an `Unknown` variant and send them back unchanged;".into(),
        "unions keep an unrecognised value as raw JSON. Properties the spec does not list are kept in `extra`".into(),
        "where the schema allows them. Date-time, date, uuid, uri and byte strings are `String`s as sent.".into(),
    ]);
    let custom = out_items
        .iter()
        .any(|i| matches!(i.kind, "integer_enum" | "tagged_union"));
    let mut serde_imports = vec!["Deserialize"];
    if custom || c.uses_double_option {
        serde_imports.push("Deserializer");
    }
    serde_imports.push("Serialize");
    if custom {
        serde_imports.push("Serializer");
    }
    let ctx = minijinja::context! {
        crate_doc => rust_doc(&crate_doc),
        items => out_items,
        any_deprecated => any_deprecated,
        uses_btreemap => c.uses_btreemap,
        uses_double_option => c.uses_double_option,
        serde_imports => serde_imports,
    };
    let lib = render(&env, "rust/lib.rs.jinja", &ctx)?;
    let lib = format!("{}\n{}", cx.header.comment("//"), format_rust(&lib)?);

    let version = if valid_semver(&api.version) {
        api.version.clone()
    } else {
        "0.1.0".to_string()
    };
    let cargo = render(
        &env,
        "rust/Cargo.toml.jinja",
        &minijinja::context! {
            header => cx.header.comment("#"),
            crate_name => crate_name,
            version => version,
            description => toml_string(&format!("Serde models for {}", api.title)),
        },
    )?;

    let mut tree = OutputTree::new();
    for (path, text) in [("Cargo.toml", cargo), ("src/lib.rs", lib)] {
        tree.insert(path, text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    Ok((tree, warnings))
}

/// Parses and prints the rendered source with syn and prettyplease, one
/// `// specsmith:item` chunk at a time (a whole large crate at once costs
/// several times more in token buffers), on as many threads as there are
/// cores; the chunks are joined in order, so the bytes do not depend on it.
fn format_rust(src: &str) -> Result<String, Vec<Diagnostic>> {
    let chunks: Vec<&str> = src.split("\n// specsmith:item\n").collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let per = chunks.len().div_ceil(workers).max(64);
    let formatted: Vec<Result<Vec<String>, Vec<Diagnostic>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .chunks(per)
            .map(|group| scope.spawn(move || group.iter().map(|c| format_chunk(c)).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(vec![template_error("formatting the Rust output panicked")])
                })
            })
            .collect()
    });
    let mut out = String::with_capacity(src.len());
    for group in formatted {
        for chunk in group? {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&chunk);
        }
    }
    Ok(out)
}

fn format_chunk(chunk: &str) -> Result<String, Vec<Diagnostic>> {
    let file = syn::parse_file(chunk).map_err(|e| {
        let start: String = chunk.trim_start().chars().take(80).collect();
        vec![template_error(&format!(
            "rust/lib.rs.jinja rendered code that is not valid Rust ({e}) in the item starting `{start}`"
        ))]
    })?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// Puts a blank line between items, which prettyplease leaves out: after the
/// crate docs and attributes, after the imports, and between top-level items
/// and the functions of an `impl` or `mod`.
fn space_items(src: &str) -> String {
    let lines: Vec<&str> = src.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = String::with_capacity(src.len() + src.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { break };
        if next.trim().is_empty() {
            continue;
        }
        let (ci, ni) = (indent(line), indent(next));
        let t = line.trim();
        let blank = (t == "}" && ci <= 4 && ni == ci && !next.trim_start().starts_with('}'))
            || (ci == 0
                && ni == 0
                && t.ends_with(';')
                && !t.starts_with("//")
                && !(t.starts_with("use ") && next.starts_with("use ")))
            || (t.starts_with("#![") && !next.starts_with("#!["))
            || (t.starts_with("//!") && !next.starts_with("//!"))
            || (ci == 4
                && t.starts_with("use ")
                && ni == 4
                && !next.trim_start().starts_with("use "));
        if blank {
            out.push('\n');
        }
    }
    out
}

fn render(env: &Renderer, name: &str, ctx: &minijinja::Value) -> Result<String, Vec<Diagnostic>> {
    env.render(name, ctx)
}

fn template_error(msg: &str) -> Diagnostic {
    templates::error("rust", msg)
}

fn default_crate_name(title: &str) -> String {
    let base = naming::sanitize(title).to_kebab_case();
    let base = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{base}")
    } else {
        base
    };
    format!("{}-models", base.trim_end_matches('-'))
}

fn valid_crate_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_semver(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

fn toml_string(s: &str) -> String {
    // TOML basic strings share JSON's escapes.
    serde_json::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("2fa"), "field_2fa");
        assert_eq!(field_ident("imageUri"), "image_uri");
        assert_eq!(type_ident("Option"), "OptionModel");
        assert_eq!(variant_ident("3d-print"), "Value3dPrint");
    }

    #[test]
    fn list_continuations_are_indented() {
        let lines: Vec<String> = [
            "Options:",
            "- one",
            "continued",
            "  - nested",
            "more",
            "",
            "after",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            rust_doc(&lines),
            [
                "Options:",
                "- one",
                "  continued",
                "  - nested",
                "    more",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn crate_names() {
        assert_eq!(
            default_crate_name("Sandbox Lifecycle API"),
            "sandbox-lifecycle-api-models"
        );
        assert!(!valid_crate_name("9lives"));
        assert!(valid_semver("1.4.0") && !valid_semver("2020-08-27"));
    }
}
