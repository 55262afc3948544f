//! The `csharp` target: System.Text.Json models (.NET 8) in one namespace,
//! one file per type. Names, types and usings are computed here;
//! `templates/csharp/*.cs.jinja` lays them out.

use std::collections::{BTreeMap, BTreeSet};

use crate::naming::case::ToUpperCamelCase;

use super::package::{xml_text, PackageMeta};
use super::sdk;
use super::support;
use super::templates::{self, Renderer};
use super::{EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc};
use crate::ir::cycles::Guard;
use crate::ir::{Api, IntFormat, NumberFormat, Primitive, StringFormat, TypeKind, TypeRef};
use crate::naming::csharp::KEYWORDS;
use crate::naming::{self, check_collisions, sanitize, IdentKind, Lang};
use crate::output::OutputTree;
use models::{FileCx, ModelFiles};

mod models;

/// The `csharp` target.
pub struct CSharp;

impl Emitter for CSharp {
    fn name(&self) -> &'static str {
        "csharp"
    }

    fn options(&self) -> super::Options {
        super::Options {
            own: &["namespace", "name", "client"],
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
    naming::ident(Lang::CSharp, IdentKind::Type, name)
}

/// A member identifier in type `owner`: PascalCase; a name equal to the
/// enclosing type or to a record's own members gets a `Value` suffix.
pub fn member_ident(raw: &str, owner: &str, kind: IdentKind) -> String {
    naming::csharp::member(kind, raw, owner)
}

/// The members of enum `nt` (C# type `name`), in value order: the static
/// properties of an open enum, the members of a closed one.
pub fn enum_members(
    nt: &crate::ir::NamedType,
    name: &str,
    e: &crate::ir::EnumType,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let member = |raw: &str| {
        let id = member_ident(raw, name, IdentKind::EnumVariant);
        if e.open && matches!(id.as_str(), "Value" | "IsKnown") {
            format!("{id}Value")
        } else {
            id
        }
    };
    support::member_idents(
        "csharp",
        nt,
        e,
        false,
        &member,
        &|id, n| format!("{id}{n}"),
        warnings,
    )
}

/// A C# string literal.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Doc lines escaped for XML doc comments; Markdown code spans become `<c>`.
pub(crate) fn xml_doc(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let escaped = l
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace(['\u{2028}', '\u{2029}', '\u{85}'], " ")
                .replace('\t', "    ");
            code_spans(&escaped)
        })
        .collect()
}

/// `` `x` `` → `<c>x</c>` when the line's backticks pair up.
fn code_spans(line: &str) -> String {
    if !line.matches('`').count().is_multiple_of(2) || !line.contains('`') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<c>");
            out.push_str(part);
            out.push_str("</c>");
        } else {
            out.push_str(part);
        }
    }
    out
}

struct Cx<'a> {
    api: &'a Api,
    idents: &'a BTreeMap<String, String>,
    namespace: String,
}

#[derive(Default)]
struct Needs {
    usings: BTreeSet<&'static str>,
    obsolete_refs: bool,
}

impl Cx<'_> {
    fn name(&self, ir: &str) -> String {
        self.idents
            .get(ir)
            .cloned()
            .unwrap_or_else(|| type_ident(ir))
    }

    /// The target of a named alias, which C# code names directly.
    fn alias_target(&self, name: &str) -> Option<&TypeRef> {
        let mut cur = name;
        for _ in 0..32 {
            match self.api.get(cur).map(|t| &t.kind) {
                Some(TypeKind::Alias { target }) => match target.non_null() {
                    TypeRef::Named(next)
                        if matches!(
                            self.api.get(next).map(|t| &t.kind),
                            Some(TypeKind::Alias { .. })
                        ) =>
                    {
                        cur = next
                    }
                    other => return Some(other),
                },
                _ => return None,
            }
        }
        Some(&TypeRef::Any)
    }

    fn ty(&self, t: &TypeRef, n: &mut Needs) -> String {
        self.ty_within(t, n, &mut Guard::new())
    }

    /// An alias written as its target, inside the aliases expanded so far:
    /// an alias that comes back to itself through a container
    /// (`Root = List<Root>`) is any value there.
    fn expand_alias(
        &self,
        name: &str,
        n: &mut Needs,
        aliases: &mut Guard<String>,
        write: impl FnOnce(&Self, &TypeRef, &mut Needs, &mut Guard<String>) -> String,
    ) -> Option<String> {
        let target = self.alias_target(name)?;
        if !aliases.enter(name.to_string()) {
            n.usings.insert("System.Text.Json");
            return Some("JsonElement".into());
        }
        let s = write(self, target, n, aliases);
        aliases.leave();
        Some(s)
    }

    fn ty_within(&self, t: &TypeRef, n: &mut Needs, aliases: &mut Guard<String>) -> String {
        match t {
            TypeRef::Named(name) => {
                if let Some(s) = self.expand_alias(name, n, aliases, Self::ty_within) {
                    return s;
                }
                if self.api.get(name).is_some_and(|t| t.deprecated) {
                    n.obsolete_refs = true;
                }
                self.name(name)
            }
            TypeRef::Primitive(p) => {
                let (ty, needs_system) = primitive_type(p);
                if needs_system {
                    n.usings.insert("System");
                }
                ty.into()
            }
            TypeRef::Array(i) => {
                n.usings.insert("System.Collections.Generic");
                format!("List<{}>", self.ty_within(i, n, aliases))
            }
            TypeRef::Map(i) => {
                n.usings.insert("System.Collections.Generic");
                format!("Dictionary<string, {}>", self.ty_within(i, n, aliases))
            }
            TypeRef::Any => {
                n.usings.insert("System.Text.Json");
                "JsonElement".into()
            }
            TypeRef::Nullable(i) => format!("{}?", self.ty_within(i, n, aliases)),
        }
    }

    /// The fully qualified type, for use inside a union where a case name
    /// shadows the type of the same name.
    fn qualified(&self, t: &TypeRef, n: &mut Needs) -> String {
        self.qualified_within(t, n, &mut Guard::new())
    }

    fn qualified_within(&self, t: &TypeRef, n: &mut Needs, aliases: &mut Guard<String>) -> String {
        match t {
            TypeRef::Named(name) => {
                if let Some(s) = self.expand_alias(name, n, aliases, Self::qualified_within) {
                    return s;
                }
                if self.api.get(name).is_some_and(|t| t.deprecated) {
                    n.obsolete_refs = true;
                }
                format!(
                    "global::{}.{}",
                    self.namespace,
                    self.name(name).trim_start_matches('@')
                )
            }
            TypeRef::Array(i) => {
                n.usings.insert("System.Collections.Generic");
                format!("List<{}>", self.qualified_within(i, n, aliases))
            }
            TypeRef::Map(i) => {
                n.usings.insert("System.Collections.Generic");
                format!(
                    "Dictionary<string, {}>",
                    self.qualified_within(i, n, aliases)
                )
            }
            TypeRef::Nullable(i) => format!("{}?", self.qualified_within(i, n, aliases)),
            TypeRef::Primitive(Primitive::String(StringFormat::Uuid)) => {
                format!("global::{}.Uuid", self.namespace)
            }
            TypeRef::Primitive(Primitive::String(StringFormat::Uri)) => "global::System.Uri".into(),
            other => self.ty_within(other, n, aliases),
        }
    }
}

/// The C# types of the models, as the client names them: the same mapping,
/// in the models' namespace.
pub(crate) struct ModelTypes<'a> {
    c: Cx<'a>,
    /// (IR name, location, identifier) of every type the models declare.
    declared: Vec<(String, Loc, String)>,
}

impl<'a> ModelTypes<'a> {
    pub(crate) fn new(cx: &EmitContext<'a>) -> ModelTypes<'a> {
        let api = cx.api;
        let idents = sdk::type_idents(api, Lang::CSharp, &mut Vec::new());
        let declared = api
            .types
            .values()
            .filter(|t| !matches!(t.kind, TypeKind::Alias { .. }))
            .map(|t| (t.name.clone(), t.loc.clone(), idents[&t.name].clone()))
            .collect();
        ModelTypes {
            c: Cx {
                api,
                idents,
                namespace: namespace(cx),
            },
            declared,
        }
    }

    pub(crate) fn namespace(&self) -> &str {
        &self.c.namespace
    }

    pub(crate) fn declared(&self) -> &[(String, Loc, String)] {
        &self.declared
    }

    /// The C# type of `t`, `?` included when it is nullable.
    pub(crate) fn ty(&self, t: &TypeRef) -> String {
        self.c.ty(t, &mut Needs::default())
    }
}

/// The namespace of the generated code: the `namespace` option, else one
/// spelled from the title.
fn namespace(cx: &EmitContext) -> String {
    namespace_of(&cx.options, &cx.api.title)
}

/// The namespace for target options `options` of an API titled `title`.
pub(crate) fn namespace_of(options: &super::TargetOptions, title: &str) -> String {
    options
        .get("namespace")
        .map(str::to_string)
        .unwrap_or_else(|| default_namespace(title))
}

fn build(cx: &EmitContext) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
    let api = cx.api;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let namespace = namespace(cx);
    if !valid_namespace(&namespace) {
        return Err(vec![cx.options.invalid(
            "csharp",
            "namespace",
            &namespace,
            "use dot-separated identifiers that are not C# keywords",
        )]);
    }
    let idents = sdk::type_idents(api, Lang::CSharp, &mut warnings);
    let mut names: Vec<(String, Loc, String)> = Vec::new();
    for t in api.types.values() {
        names.push((t.name.clone(), t.loc.clone(), idents[&t.name].clone()));
        let converter = matches!(&t.kind, TypeKind::Union(_) | TypeKind::Enum(_));
        if converter {
            names.push((
                format!("converter of {}", t.name),
                t.loc.clone(),
                format!("{}JsonConverter", idents[&t.name]),
            ));
        }
    }
    errors.extend(check_collisions("csharp: type names", &names));
    let c = Cx {
        api,
        idents,
        namespace: namespace.clone(),
    };
    let mut m = ModelFiles {
        cx,
        c,
        dirs: api.directions(),
        errors,
        warnings,
    };
    let env = cx.templates.renderer("csharp")?;
    let header: Vec<String> = cx.header.lines().to_vec();
    let mut tree = OutputTree::new();

    let mut files = Vec::new();
    for nt in api.types.values() {
        let mut n = Needs::default();
        n.usings.insert("System.Text.Json.Serialization");
        let name = m.c.name(&nt.name);
        let mut f = FileCx::new(&name, nt);
        if nt.deprecated {
            n.usings.insert("System");
        }
        match &nt.kind {
            TypeKind::Object(o) => m.object(nt, o, &name, &mut f, &mut n),
            TypeKind::Enum(e) => m.enumeration(nt, e, &name, &mut f, &mut n),
            TypeKind::Union(u) => m.union(u, &name, &mut f, &mut n),
            // C# has no exported type aliases: references name the target.
            TypeKind::Alias { .. } => continue,
        }
        files.push((name, f, n));
    }
    // One file per type, rendered on every core, inserted in order.
    let texts = crate::parallel::in_parallel(&files, |(_, f, n)| {
        render_file(&env, &header, &namespace, f, n)
    });
    for ((name, _, _), text) in files.iter().zip(texts) {
        tree.insert(format!("{}.cs", name.trim_start_matches('@')), text?)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    let ModelFiles {
        errors,
        mut warnings,
        ..
    } = m;
    if !cx.shims.type_aliases.is_empty() {
        warnings.push(sdk::fidelity(
            "fidelity-type-alias",
            &Loc::default(),
            "csharp: C# has no exported type aliases; renamed types from the migration manifest get no old-name alias".into(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let ctx = minijinja::context! { header => header, namespace => namespace };
    for file in ["Optional", "Serialization"] {
        let text = render(&env, &format!("csharp/{file}.cs.jinja"), &ctx)?;
        tree.insert(format!("{file}.cs"), text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    let meta = PackageMeta::of(cx, "csharp");
    let package_id = cx.options.get("name").unwrap_or(&namespace).to_string();
    let ctx = minijinja::context! {
        header => super::package::xml_comment_lines(&header),
        namespace => namespace,
        package_id => xml_text(&package_id),
        ..meta.context(xml_text)
    };
    let text = render(&env, "csharp/project.csproj.jinja", &ctx)?;
    tree.insert(format!("{namespace}.csproj"), text)
        .map_err(|e| vec![template_error(&e.to_string())])?;
    Ok((tree, warnings))
}

/// The C# type of a primitive, as the models and the client declare it (the
/// snippets too), and whether it needs `using System;`.
pub fn primitive_type(p: &Primitive) -> (&'static str, bool) {
    match p {
        Primitive::String(StringFormat::DateTime) => ("DateTimeOffset", true),
        Primitive::String(StringFormat::Date) => ("DateOnly", true),
        Primitive::String(StringFormat::Byte) => ("byte[]", false),
        // The text as sent, written back unchanged (see Serialization.cs).
        Primitive::String(StringFormat::Uuid) => ("Uuid", false),
        Primitive::String(StringFormat::Uri) => ("Uri", true),
        Primitive::String(_) => ("string", false),
        Primitive::Integer(IntFormat::Int32) => ("int", false),
        Primitive::Integer(_) => ("long", false),
        Primitive::Number(NumberFormat::Float) => ("float", false),
        Primitive::Number(_) => ("double", false),
        Primitive::Boolean => ("bool", false),
    }
}

fn render_file(
    env: &Renderer,
    header: &[String],
    namespace: &str,
    f: &FileCx,
    n: &Needs,
) -> Result<String, Vec<Diagnostic>> {
    let usings: Vec<&str> = n.usings.iter().copied().collect();
    render(
        env,
        "csharp/model.cs.jinja",
        &minijinja::context! {
            header => header,
            namespace => namespace,
            usings => usings,
            suppress_obsolete => n.obsolete_refs,
            t => f,
        },
    )
}

fn render(env: &Renderer, name: &str, ctx: &minijinja::Value) -> Result<String, Vec<Diagnostic>> {
    env.render(name, ctx)
}

fn template_error(msg: &str) -> Diagnostic {
    templates::error("csharp", msg)
}

fn default_namespace(title: &str) -> String {
    let words: Vec<String> = sanitize(title)
        .split_whitespace()
        .map(|w| w.to_upper_camel_case())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.starts_with(|c: char| c.is_ascii_digit()) {
                format!("N{w}")
            } else {
                w
            }
        })
        .collect();
    if words.is_empty() {
        "Api.Models".into()
    } else {
        words.join(".")
    }
}

fn valid_namespace(p: &str) -> bool {
    !p.is_empty()
        && p.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !KEYWORDS.contains(&seg)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(member_ident("2fa", "Thing", IdentKind::Field), "Field2fa");
        assert_eq!(
            member_ident("thing", "Thing", IdentKind::Field),
            "ThingValue"
        );
        assert_eq!(
            member_ident("toString", "Thing", IdentKind::Field),
            "ToStringValue"
        );
        assert_eq!(type_ident("Type"), "TypeModel");
    }

    #[test]
    fn escaping() {
        assert_eq!(string_literal("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(
            xml_doc(&["<a> & b".into()]),
            vec!["&lt;a&gt; &amp; b".to_string()]
        );
        assert_eq!(
            default_namespace("Sandbox Lifecycle API"),
            "Sandbox.Lifecycle.Api"
        );
        assert!(!valid_namespace("Foo.class"));
    }
}
