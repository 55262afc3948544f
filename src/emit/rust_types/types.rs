//! How IR types become Rust types: primitives, containers, nullability, the
//! model names, and which references need a `Box` to break a recursive type.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};

use crate::diag::Diagnostic;
use crate::ir::{Api, IntFormat, NumberFormat, Primitive, StringFormat, TypeKind, TypeRef};

/// Where a type expression is written: inside `models.rs`, or in another
/// module that names models as `models::X`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Models,
    Outside,
}

/// Model names and the facts the renderers need about each IR type.
pub struct Types<'a> {
    pub api: &'a Api,
    /// IR name → Rust type name.
    names: BTreeMap<String, String>,
    /// IR name → strongly connected component of the by-value graph.
    component: BTreeMap<String, usize>,
    /// Aliases that only refer to themselves through other aliases
    /// (`A = Vec<A>`): emitted as newtypes, since a type alias cannot recurse.
    newtypes: BTreeSet<String>,
    /// Which types travel in requests and which in responses.
    dirs: &'a crate::emit::sdk::Directions,
    /// The Rust type names, for the debug check of the models' imports.
    #[cfg(debug_assertions)]
    rust_names: std::sync::OnceLock<std::collections::HashSet<String>>,
}

/// An identifier from a string the naming layer produced (raw idents allowed).
/// Anything else (a name no naming rule produced) is made into one rather
/// than panic.
pub fn ident(name: &str) -> Ident {
    let text = ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

/// [`ident`] as source text (`r#type` for a raw one): the name itself when
/// it is one already.
pub fn ident_text(name: &str) -> Cow<'_, str> {
    let plain = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && s != "_"
    };
    match name.strip_prefix("r#") {
        Some(raw) if plain(raw) => Cow::Borrowed(name),
        None if plain(name) => Cow::Borrowed(name),
        _ => {
            let cleaned: String = name
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            let cleaned = cleaned.trim_matches('_');
            Cow::Owned(
                if cleaned.starts_with(|c: char| c.is_ascii_digit()) || cleaned.is_empty() {
                    format!("T{cleaned}")
                } else {
                    cleaned.to_string()
                },
            )
        }
    }
}

/// Source text of a type expression as tokens. The text is made of
/// [`ident_text`] identifiers and punctuation, so it always lexes.
fn tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_default()
}

impl<'a> Types<'a> {
    /// The facts of `api`'s types, with their Rust names
    /// ([`super::type_names`], whose findings go to `diags`). The names
    /// are made on this thread while another walks the type graph (its
    /// cycles and the directions), two passes over every type that need
    /// nothing of each other.
    pub fn of(api: &'a Api, diags: &mut Vec<Diagnostic>) -> Self {
        let (names, (component, newtypes, dirs)) = std::thread::scope(|scope| {
            let graph = scope.spawn(|| {
                (
                    components(api),
                    // A Rust type alias cannot refer to itself: those become newtypes.
                    crate::ir::cycles::recursive_aliases(api),
                    api.directions(),
                )
            });
            let names = super::type_names(api, diags);
            let graph = graph
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (names, graph)
        });
        Types {
            api,
            names,
            component,
            newtypes,
            dirs,
            #[cfg(debug_assertions)]
            rust_names: std::sync::OnceLock::new(),
        }
    }

    /// Is `name` the Rust name of one of the API's types?
    #[cfg(debug_assertions)]
    pub fn is_type_name(&self, name: &str) -> bool {
        self.rust_names
            .get_or_init(|| self.names.values().cloned().collect())
            .contains(name)
    }

    /// Whether a field of `owner` must be present, by the rule every SDK
    /// target follows: a required read-only field is optional in a type that
    /// is also received in requests, a required write-only field in a type
    /// that is also sent in responses.
    pub fn required(&self, owner: &str, f: &crate::ir::Field) -> bool {
        crate::emit::sdk::presence(self.api, self.dirs, owner, f).required
    }

    /// The Rust name of an IR type.
    pub fn name<'s>(&'s self, ir: &'s str) -> &'s str {
        self.names.get(ir).map(String::as_str).unwrap_or(ir)
    }

    /// The kind of an IR type, if the IR has it.
    pub fn api_kind(&self, ir: &str) -> Option<&TypeKind> {
        self.api.get(ir).map(|t| &t.kind)
    }

    pub fn is_newtype(&self, ir: &str) -> bool {
        self.newtypes.contains(ir)
    }

    /// Does a reference from `from` to `to` close a cycle of by-value containment?
    pub fn needs_box(&self, from: &str, to: &str) -> bool {
        match (self.component.get(from), self.component.get(to)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// Is `null` a value of this type (a nullable reference, or a named enum
    /// that lists `null`)?
    pub fn is_nullable(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Nullable(_) => true,
            TypeRef::Named(n) => self.named_enum_nullable(n),
            _ => false,
        }
    }

    fn named_enum_nullable(&self, n: &str) -> bool {
        matches!(self.api.get(n).map(|t| &t.kind), Some(TypeKind::Enum(e)) if e.nullable)
    }

    /// The type without its outer nullability.
    pub fn bare<'t>(&self, t: &'t TypeRef) -> &'t TypeRef {
        t.non_null()
    }

    /// A full type expression, `Option` included when `null` is allowed.
    /// `owner` is the type being declared (for recursion boxing), if any.
    pub fn render(&self, t: &TypeRef, scope: Scope, owner: Option<&str>) -> TokenStream {
        tokens(&self.render_text(t, scope, owner))
    }

    /// A type expression without the outer `Option` for nullability.
    pub fn render_bare(
        &self,
        t: &TypeRef,
        scope: Scope,
        owner: Option<&str>,
        direct: bool,
    ) -> TokenStream {
        tokens(&self.render_bare_text(t, scope, owner, direct))
    }

    /// `Sandbox` inside models, `models::Sandbox` elsewhere.
    pub fn path(&self, ir: &str, scope: Scope) -> TokenStream {
        tokens(&self.path_text(ir, scope))
    }

    /// [`Types::render`] as source text, as prettyplease prints it.
    pub fn render_text(&self, t: &TypeRef, scope: Scope, owner: Option<&str>) -> String {
        let mut out = String::new();
        self.write_type(&mut out, t, scope, owner);
        out
    }

    /// [`Types::render_bare`] as source text.
    pub fn render_bare_text(
        &self,
        t: &TypeRef,
        scope: Scope,
        owner: Option<&str>,
        direct: bool,
    ) -> String {
        let mut out = String::new();
        self.write_bare(&mut out, t, scope, owner, direct);
        out
    }

    /// [`Types::path`] as source text.
    pub fn path_text(&self, ir: &str, scope: Scope) -> String {
        let id = ident_text(self.name(ir));
        match scope {
            Scope::Models => id.into_owned(),
            Scope::Outside => format!("models::{id}"),
        }
    }

    fn write_type(&self, out: &mut String, t: &TypeRef, scope: Scope, owner: Option<&str>) {
        if self.is_nullable(t) {
            out.push_str("Option<");
            self.write_bare(out, self.bare(t), scope, owner, true);
            out.push('>');
        } else {
            self.write_bare(out, t, scope, owner, true)
        }
    }

    fn write_bare(
        &self,
        out: &mut String,
        t: &TypeRef,
        scope: Scope,
        owner: Option<&str>,
        direct: bool,
    ) {
        match t {
            // A reference the IR has no type for is untyped JSON.
            TypeRef::Named(n) if self.api.get(n).is_none() => out.push_str("serde_json::Value"),
            TypeRef::Named(n) => {
                let boxed = matches!(owner, Some(o) if direct && self.needs_box(o, n));
                if boxed {
                    out.push_str("Box<");
                }
                if scope == Scope::Outside {
                    out.push_str("models::");
                }
                let name = self.name(n);
                super::written::type_name(name);
                out.push_str(&ident_text(name));
                if boxed {
                    out.push('>');
                }
            }
            TypeRef::Primitive(p) => out.push_str(&primitive_text(p, scope)),
            TypeRef::Array(inner) => {
                // Containers allocate: nothing below them needs a box.
                out.push_str("Vec<");
                self.write_type(out, inner, scope, None);
                out.push('>');
            }
            TypeRef::Map(inner) => {
                super::written::note(|w| w.btree_map = true);
                out.push_str("BTreeMap<String, ");
                self.write_type(out, inner, scope, None);
                out.push('>');
            }
            TypeRef::Any => out.push_str("serde_json::Value"),
            TypeRef::Nullable(inner) => {
                out.push_str("Option<");
                self.write_bare(out, inner.non_null(), scope, owner, direct);
                out.push('>');
            }
        }
    }

    /// Follows aliases to the type they stand for.
    pub fn resolve<'t>(&'t self, t: &'t TypeRef) -> &'t TypeRef {
        let mut cur = t;
        for _ in 0..64 {
            match cur {
                TypeRef::Named(n) => match self.api.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Alias { target }) if !self.newtypes.contains(n) => cur = target,
                    _ => return cur,
                },
                TypeRef::Nullable(inner) => cur = inner,
                _ => return cur,
            }
        }
        cur
    }

    /// Does the API mention a date or date-time anywhere (chrono needed)?
    pub fn uses_chrono(&self) -> bool {
        self.uses_format(&StringFormat::Date) || self.uses_format(&StringFormat::DateTime)
    }

    /// Does the API mention a string of this format anywhere (in a type, a
    /// parameter or a body)?
    pub fn uses_format(&self, format: &StringFormat) -> bool {
        let mut found = false;
        let mut visit = |t: &TypeRef| found |= mentions_format(t, format);
        for t in self.api.types.values() {
            match &t.kind {
                TypeKind::Object(o) => {
                    o.fields.iter().for_each(|f| visit(&f.ty));
                    if let crate::ir::Additional::Typed(t) = &o.additional {
                        visit(t)
                    }
                }
                TypeKind::Union(u) => u.variants.iter().for_each(&mut visit),
                TypeKind::Alias { target } => visit(target),
                TypeKind::Enum(_) => {}
            }
        }
        for op in &self.api.operations {
            op.parameters.iter().for_each(|p| visit(&p.ty));
            if let Some(t) = op.request_body.as_ref().and_then(|b| b.json_type()) {
                visit(t)
            }
            for r in &op.responses {
                if let Some(t) = r.json_type() {
                    visit(t)
                }
            }
        }
        found
    }
}

fn mentions_format(t: &TypeRef, format: &StringFormat) -> bool {
    match t {
        TypeRef::Primitive(Primitive::String(f)) => f == format,
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => mentions_format(i, format),
        _ => false,
    }
}

/// The Rust type of a primitive, as source text. Dates and date-times are
/// the models' `wire` types (see [`super::models`]): typed, and written back
/// as sent.
pub fn primitive_text(p: &Primitive, scope: Scope) -> Cow<'static, str> {
    let wire = match scope {
        Scope::Models => "wire",
        Scope::Outside => "models::wire",
    };
    if matches!(
        p,
        Primitive::String(StringFormat::Date | StringFormat::DateTime)
    ) {
        super::written::note(|w| w.wire = true);
    }
    match p {
        Primitive::String(StringFormat::DateTime) => Cow::Owned(format!("{wire}::DateTime")),
        Primitive::String(StringFormat::Date) => Cow::Owned(format!("{wire}::Date")),
        Primitive::String(_) => Cow::Borrowed("String"),
        Primitive::Integer(IntFormat::Int32) => Cow::Borrowed("i32"),
        Primitive::Integer(_) => Cow::Borrowed("i64"),
        Primitive::Number(NumberFormat::Float) => Cow::Borrowed("f32"),
        Primitive::Number(_) => Cow::Borrowed("f64"),
        Primitive::Boolean => Cow::Borrowed("bool"),
    }
}

/// How a value of this primitive is described in a validation message.
pub fn describe_primitive(p: &Primitive) -> String {
    match p {
        Primitive::String(StringFormat::DateTime) => "an RFC 3339 date-time".into(),
        Primitive::String(StringFormat::Date) => "an RFC 3339 full-date (YYYY-MM-DD)".into(),
        Primitive::String(_) => "a string".into(),
        Primitive::Integer(IntFormat::Int32) => "a 32-bit integer".into(),
        Primitive::Integer(_) => "a 64-bit integer".into(),
        Primitive::Number(_) => "a number".into(),
        Primitive::Boolean => "`true` or `false`".into(),
    }
}

/// Named types referenced by value (not under an array or a map).
fn direct_refs(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Nullable(i) => direct_refs(i, out),
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Primitive(_) | TypeRef::Any => {}
    }
}

fn edges(api: &Api, by_value: bool) -> BTreeMap<&str, Vec<String>> {
    let mut g = BTreeMap::new();
    for (name, t) in &api.types {
        let mut out = Vec::new();
        let mut visit = |t: &TypeRef| {
            if by_value {
                direct_refs(t, &mut out)
            } else {
                t.named(&mut out)
            }
        };
        match &t.kind {
            TypeKind::Object(o) => {
                o.fields.iter().for_each(|f| visit(&f.ty));
                if let crate::ir::Additional::Typed(t) = &o.additional {
                    visit(t)
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(&mut visit),
            TypeKind::Alias { target } => visit(target),
            TypeKind::Enum(_) => {}
        }
        out.retain(|n| api.types.contains_key(n));
        g.insert(name.as_str(), out);
    }
    g
}

/// Tarjan's strongly connected components over by-value references.
/// `needs_box` is only asked about references that exist, so two types in one
/// component (or a type referring to itself) are on a cycle.
fn components(api: &Api) -> BTreeMap<String, usize> {
    let g = edges(api, true);
    crate::ir::cycles::type_components(api, |n| g.get(n).cloned().unwrap_or_default())
}

#[cfg(test)]
mod ident_tests {
    use super::ident;

    #[test]
    fn names_no_naming_rule_made_become_identifiers_instead_of_panicking() {
        assert_eq!(ident("Sandbox").to_string(), "Sandbox");
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(
            ident("#/paths//a/get/responses/200/oneOf/0").to_string(),
            "paths__a_get_responses_200_oneOf_0"
        );
        assert_eq!(ident("200").to_string(), "T200");
        assert_eq!(ident("").to_string(), "T");
    }
}
