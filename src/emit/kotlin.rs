//! The `kotlin` target: kotlinx.serialization models in one package, one file
//! per type. Names, types, serializers and imports are computed here;
//! `templates/kotlin/*.kt.jinja` lays them out.

use std::collections::{BTreeMap, BTreeSet};

use super::package::{default_name, xml_text, PackageMeta};
use super::sdk;
use super::support;
use super::templates::{self, Renderer};
use super::{EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc};
use crate::ir::{EnumRepr, StringFormat, TypeKind, TypeRef};
use crate::naming::kotlin::KEYWORDS as HARD_KEYWORDS;
use crate::naming::{self, check_collisions, sanitize, IdentKind, Lang};
use crate::output::OutputTree;
use models::{FileCx, ModelFiles};
pub(crate) use types::ModelTypes;
use types::{Cx, Needs};

mod models;
mod types;

/// The longest class file name most file systems allow.
const MAX_CLASS_FILE_NAME: usize = 255;

/// The `kotlin` target.
pub struct Kotlin;

impl Emitter for Kotlin {
    fn name(&self) -> &'static str {
        "kotlin"
    }

    fn options(&self) -> super::Options {
        super::Options {
            own: &["package", "group", "name"],
            package: true,
        }
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let (tree, warnings) = build(cx)?;
        cx.note_all(warnings);
        Ok(tree)
    }
}

/// A type identifier.
pub fn type_ident(name: &str) -> String {
    naming::ident(Lang::Kotlin, IdentKind::Type, name)
}

/// The class of `Serialization.kt` that holds a string of format `f`, if
/// it has one: the text as sent (any string decodes, and is written back
/// unchanged), with methods that parse it into `java.util.UUID` or
/// `java.net.URI`. Dates and date-times are `java.time` values.
pub(crate) fn text_class(f: &StringFormat) -> Option<&'static str> {
    match f {
        StringFormat::Uuid => Some("Uuid"),
        StringFormat::Uri => Some("Uri"),
        _ => None,
    }
}

/// A property identifier: lowerCamelCase, hard keywords in backticks.
pub fn property_ident(wire: &str) -> String {
    naming::ident(Lang::Kotlin, IdentKind::Field, wire)
}

/// An enum constant: SCREAMING_SNAKE_CASE.
pub fn constant_ident(raw: &str) -> String {
    naming::ident(Lang::Kotlin, IdentKind::EnumVariant, raw)
}

/// The constants of an enum, in value order (the companion's `val`s of an
/// open enum, the entries of a closed one).
pub fn enum_constants(
    nt: &crate::ir::NamedType,
    e: &crate::ir::EnumType,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    support::member_idents(
        "kotlin",
        nt,
        e,
        false,
        &constant_ident,
        &|id, n| format!("{id}_{n}"),
        warnings,
    )
}

/// A Kotlin string literal (no `$` templates).
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Doc lines safe inside a KDoc block: `*/` and `/*` (Kotlin nests block
/// comments) are broken with an HTML entity.
pub(crate) fn kdoc(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            l.replace("*/", "*&#47;")
                .replace("/*", "&#47;*")
                .replace('\t', "    ")
        })
        .collect()
}

/// The package of the models: the `package` option, else one made from the
/// API title.
pub(crate) fn package_of(cx: &EmitContext) -> Result<String, Vec<Diagnostic>> {
    let package = cx
        .options
        .get("package")
        .map(str::to_string)
        .unwrap_or_else(|| default_package(&cx.api.title));
    if !valid_package(&package) {
        return Err(vec![cx.options.invalid(
            "kotlin",
            "package",
            &package,
            "use dot-separated identifiers that are not Kotlin keywords",
        )]);
    }
    Ok(package)
}

fn build(cx: &EmitContext) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
    let api = cx.api;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let package = package_of(cx)?;
    let idents = sdk::type_idents(api, Lang::Kotlin, &mut warnings);
    let mut names: Vec<(String, Loc, String)> = Vec::new();
    for t in api.types.values() {
        names.push((t.name.clone(), t.loc.clone(), idents[&t.name].clone()));
        let needs_serializer = match &t.kind {
            TypeKind::Union(_) | TypeKind::Object(_) => true,
            TypeKind::Enum(e) => !e.open && e.repr == EnumRepr::Integer,
            _ => false,
        };
        if needs_serializer {
            names.push((
                format!("serializer of {}", t.name),
                t.loc.clone(),
                format!("{}Serializer", idents[&t.name]),
            ));
        }
    }
    errors.extend(check_collisions("kotlin: type names", &names));
    let recursive = crate::ir::cycles::recursive_aliases(api);
    let c = Cx {
        api,
        idents,
        recursive,
    };
    // Objects that implement the unions they are a case of (IR names).
    let mut implements: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in api.types.values() {
        if let TypeKind::Union(u) = &t.kind {
            for case in sdk::union_cases(u) {
                if let TypeRef::Named(n) = &case.ty {
                    if matches!(api.get(n).map(|t| &t.kind), Some(TypeKind::Object(_))) {
                        implements
                            .entry(n.clone())
                            .or_default()
                            .insert(t.name.clone());
                    }
                }
            }
        }
    }

    let mut m = ModelFiles {
        cx,
        c,
        dirs: api.directions(),
        implements,
        errors,
        warnings,
    };
    let env = cx.templates.renderer("kotlin")?;
    let dir = package.replace('.', "/");
    let mut tree = OutputTree::new();
    let header = cx.header.comment("//");

    let mut files = Vec::new();
    for nt in api.types.values() {
        let mut n = Needs::default();
        let name = m.c.name(&nt.name);
        let mut f = FileCx::new(&name, nt, &package);
        match &nt.kind {
            TypeKind::Object(o) => m.object(nt, o, &mut f, &mut n),
            TypeKind::Enum(e) => m.enumeration(nt, e, &mut f, &mut n),
            TypeKind::Union(u) => m.union(nt, u, &name, &mut f, &mut n),
            TypeKind::Alias { target } => m.alias(nt, target, &mut f, &mut n),
        }
        if nt.deprecated {
            n.suppress_deprecation = true;
        }
        files.push((name, f, n));
    }
    // One file per type, rendered on every core, inserted in order.
    let texts = crate::parallel::in_parallel(&files, |(_, f, n)| {
        render_file(&env, &header, &package, f, n)
    });
    for ((name, _, _), text) in files.iter().zip(texts) {
        tree.insert(format!("{dir}/{name}.kt"), text?)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    let ModelFiles {
        c,
        errors,
        warnings,
        ..
    } = m;
    for (old, new) in &cx.shims.type_aliases {
        if api.get(new).is_none() || api.get(old).is_some() {
            continue;
        }
        let name = type_ident(old);
        let target = c.name(new);
        let f = FileCx::renamed(&name, target);
        let n = Needs::default();
        let text = render_file(&env, &header, &package, &f, &n)?;
        tree.insert(format!("{dir}/{name}.kt"), text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for file in ["Optional", "Serialization"] {
        let text = render(
            &env,
            &format!("kotlin/{file}.kt.jinja"),
            &minijinja::context! { header => header, package => package },
        )?;
        tree.insert(format!("{dir}/{file}.kt"), text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    let meta = PackageMeta::of(cx, "kotlin");
    let artifact = cx
        .options
        .get("name")
        .map_or_else(|| default_name(&api.title), str::to_string);
    let group = cx.options.get("group").unwrap_or(&package).to_string();
    let lines = super::package::xml_comment_lines(&cx.header.lines());
    let text = render(
        &env,
        "kotlin/pom.xml.jinja",
        &minijinja::context! {
            header => lines,
            group => xml_text(&group),
            artifact => xml_text(&artifact),
            title => xml_text(&api.title),
            ..meta.context(xml_text)
        },
    )?;
    tree.insert("pom.xml", text)
        .map_err(|e| vec![template_error(&e.to_string())])?;
    Ok((tree, warnings))
}

fn render_file(
    env: &Renderer,
    header: &str,
    package: &str,
    f: &FileCx,
    n: &Needs,
) -> Result<String, Vec<Diagnostic>> {
    let file_annotations: Vec<String> = {
        let mut v = Vec::new();
        if n.opt_in {
            v.push("@file:OptIn(ExperimentalSerializationApi::class)".to_string());
        }
        if n.suppress_deprecation {
            v.push("@file:Suppress(\"DEPRECATION\")".to_string());
        }
        if !n.use_serializers.is_empty() {
            let list: Vec<String> = n
                .use_serializers
                .iter()
                .map(|s| format!("{s}::class"))
                .collect();
            v.push(format!("@file:UseSerializers({})", list.join(", ")));
        }
        v
    };
    let mut imports = n.imports.clone();
    if !n.use_serializers.is_empty() {
        imports.insert("kotlinx.serialization.UseSerializers".into());
    }
    render(
        env,
        "kotlin/model.kt.jinja",
        &minijinja::context! {
            header => header,
            package => package,
            file_annotations => file_annotations,
            imports => imports,
            t => f,
        },
    )
}

fn render(env: &Renderer, name: &str, ctx: &minijinja::Value) -> Result<String, Vec<Diagnostic>> {
    env.render(name, ctx)
}

fn template_error(msg: &str) -> Diagnostic {
    templates::error("kotlin", msg)
}

pub(crate) fn default_package(title: &str) -> String {
    let words: Vec<String> = sanitize(title)
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.starts_with(|c: char| c.is_ascii_digit()) || HARD_KEYWORDS.contains(&w.as_str()) {
                format!("x{w}")
            } else {
                w
            }
        })
        .collect();
    if words.is_empty() {
        "api.models".into()
    } else {
        words.join(".")
    }
}

fn valid_package(p: &str) -> bool {
    !p.is_empty()
        && p.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !HARD_KEYWORDS.contains(&seg)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(property_ident("class"), "`class`");
        assert_eq!(property_ident("type"), "type");
        assert_eq!(property_ident("2fa"), "field2fa");
        assert_eq!(constant_ident("3d-print"), "VALUE_3D_PRINT");
        assert_eq!(constant_ident("widget-pro"), "WIDGET_PRO");
        assert_eq!(type_ident("String"), "StringModel");
    }

    #[test]
    fn literals_and_docs_are_escaped() {
        assert_eq!(string_literal("a\"$b\\"), "\"a\\\"\\$b\\\\\"");
        assert_eq!(
            kdoc(&["x */ y /* z".to_string()]),
            vec!["x *&#47; y &#47;* z".to_string()]
        );
    }

    #[test]
    fn packages() {
        assert_eq!(
            default_package("Sandbox Lifecycle API"),
            "sandbox.lifecycle.api"
        );
        assert!(valid_package("dev.specsmith.sandbox"));
        assert!(!valid_package("dev.in.x"));
    }
}
