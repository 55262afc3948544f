//! The Rust code both Rust targets share: names, doc comments, how IR types
//! become Rust types, the serde models themselves (`rust` writes them as its
//! `src/lib.rs`, `rust-server` as its `src/models.rs`, the same bytes),
//! written directly as text in prettyplease's layout ([`text`]), and the
//! printer that turns the other syntax trees into formatted source.

pub mod doc;
pub mod models;
pub mod names;
pub mod shared;
mod slices;
pub mod source;
pub mod text;
pub mod types;
pub mod written;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::diag::Diagnostic;
use crate::emit::{sdk, Shims};
use crate::ir::{Api, NamedType};

/// What differs between the two crates' use of the same models.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// The target named in warnings.
    pub target: &'static str,
    /// The server's hand-written `Serialize` never writes a write-only
    /// property and writes a renamed one under its old name too; the SDK's
    /// writes every property, under its new name only.
    pub server: bool,
}

impl Profile {
    /// The `rust-server` crate's.
    pub const SERVER: Profile = Profile {
        target: "rust-server",
        server: true,
    };
    /// The `rust` crate's.
    pub const SDK: Profile = Profile {
        target: "rust",
        server: false,
    };
}

/// The Rust name of every IR type (an inline schema named like another type
/// gets `Inline`, with a warning), and an error for names two types share.
pub fn type_names(api: &Api, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let names = sdk::type_idents(api, crate::naming::Lang::Rust, diags).clone();
    let mut scope = names::Scope::default();
    for (name, t) in &api.types {
        scope.add(format!("schema `{name}`"), &t.loc, &names[name]);
    }
    scope.check("types in the models", diags);
    names
}

/// The models of a crate: one file's source (`modules` empty: imports,
/// types and helpers, without a module doc, which each crate puts above
/// them; empty when the API has no types), or, above [`MODULE_TYPES`]
/// types, a `models` module split by the first letter of each type's Rust
/// name, or as many letters as keep each module within [`MODULE_TYPES`]
/// (`models/a.rs` holds `Account`, `ApplePay` …, `models/pa.rs` and
/// `models/pe.rs` the `P` types when they are many; names that start with
/// no ASCII letter go to `models/other.rs`), every one re-exported from
/// `models/mod.rs`, so a type's path stays `models::Account`. The modules
/// depend on the type names alone, and each is its own unit for rustc.
pub struct Models {
    /// The one file's source, or the body of `models/mod.rs` (the modules,
    /// their re-exports, the renamed types' aliases and the helpers).
    pub root: String,
    /// Module name (`a`) → its source, in name order.
    pub modules: Vec<(String, String)>,
}

/// The models, split when large (see [`Models`]).
pub fn models(
    types: &types::Types,
    shims: &Shims,
    profile: Profile,
    diags: &mut Vec<Diagnostic>,
) -> Result<Models, syn::Error> {
    let mut found = [Vec::new()];
    let mut all = models_for(types, shims, &[profile], &mut found);
    diags.extend(std::mem::take(&mut found[0]));
    all.pop().unwrap_or(Ok(Models {
        root: String::new(),
        modules: Vec::new(),
    }))
}

/// The models of each profile (see [`Models`]), made together: a type that
/// prints the same for every profile (all but [`models::differs_by_profile`])
/// is built and printed once. `diags[i]` gets what profile `i`'s models
/// found, as [`models`] would have for it alone.
pub fn models_for(
    types: &types::Types,
    shims: &Shims,
    profiles: &[Profile],
    diags: &mut [Vec<Diagnostic>],
) -> Vec<Result<Models, syn::Error>> {
    let groups = groups(types);
    let printed = slices::print_types(types, shims, profiles, &groups, diags);
    printed
        .into_iter()
        .map(|p| assemble(types, shims, &groups, p?))
        .collect()
}

/// A module's name, the doc line's "whose names …" and its types; one
/// unnamed group when the models are one file.
pub(super) type Group<'a> = (String, String, Vec<&'a NamedType>);

/// The types by module (see [`Models`]).
fn groups<'a>(types: &'a types::Types) -> Vec<Group<'a>> {
    if types.api.types.len() <= MODULE_TYPES {
        let all: Vec<&NamedType> = types.api.types.values().collect();
        return vec![(String::new(), String::new(), all)];
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut keyed: Vec<(String, &NamedType)> = types
        .api
        .types
        .values()
        .map(|t| {
            (
                types
                    .name(&t.name)
                    .trim_start_matches("r#")
                    .to_ascii_lowercase(),
                t,
            )
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let (letters, other): (Vec<_>, Vec<_>) = keyed
        .into_iter()
        .partition(|(k, _)| k.starts_with(|c: char| c.is_ascii_lowercase()));
    by_prefix(types, letters, 0, &mut groups);
    if !other.is_empty() {
        groups.push((
            "other".to_string(),
            "start with no letter".to_string(),
            other.into_iter().map(|(_, t)| t).collect(),
        ));
    }
    groups
}

/// One profile's models from its printed groups.
fn assemble(
    types: &types::Types,
    shims: &Shims,
    groups: &[Group],
    printed: Vec<slices::Printed>,
) -> Result<Models, syn::Error> {
    if let [(module, _, _)] = groups {
        if module.is_empty() {
            let (body, needs, _) = printed.into_iter().next().unwrap_or_default();
            let head = print_items(models::imports(&needs))?;
            let renamed = print_items(models::renamed_types(types, shims))?;
            let helpers = print_items(models::helpers(types, &needs))?;
            return Ok(Models {
                root: space_items(&[head, body, renamed, helpers].concat()),
                modules: Vec::new(),
            });
        }
    }
    let mut home: std::collections::HashMap<&str, &str> = Default::default();
    for (m, _, ts) in groups {
        for t in ts {
            home.insert(types.name(&t.name), m);
        }
    }
    let mut needs = models::Needs::default();
    for (_, module_needs, _) in &printed {
        needs.merge(module_needs);
    }
    // Each module's imports and spacing on every core: together they are a
    // pass over every line of the models. Each module's printed types are
    // taken (and freed) as its text is made, so the two are not all held at
    // once.
    let work: Vec<(&Group, slices::Printed)> = groups.iter().zip(printed).collect();
    let modules = crate::parallel::in_parallel_owned(
        work,
        |((module, which, _), (body, module_needs, refs))| {
            // Types of the other modules, by the name this one uses, and the
            // helpers, all from `models/mod.rs`.
            let mut imported: Vec<&str> = refs
                .iter()
                .filter(|r| home.get(r.as_str()).is_some_and(|m| m != module))
                .map(String::as_str)
                .collect();
            imported.extend(module_needs.helper_names());
            imported.sort_unstable();
            let head = print_items(models::module_imports(&refs, &imported))?;
            let mut items = head;
            items.push_str(&body);
            drop(body);
            let text = format!(
                "//! The schemas whose names {which}.\n\n{}",
                space_items(&items)
            );
            Ok((module.to_string(), text))
        },
    );
    let modules = modules
        .into_iter()
        .collect::<Result<Vec<_>, syn::Error>>()?;
    let mut root = String::new();
    for (m, _) in &modules {
        root.push_str(&format!("mod {m};\n"));
    }
    root.push('\n');
    for (m, _) in &modules {
        root.push_str(&format!("pub use {m}::*;\n"));
    }
    let helpers_use = print_items(models::helper_imports(&needs))?;
    let renamed = print_items(models::renamed_types(types, shims))?;
    let helpers = print_items(models::helpers(types, &needs))?;
    let rest = space_items(&[helpers_use, renamed, helpers].concat());
    if !rest.is_empty() {
        root.push('\n');
        root.push_str(&rest);
    }
    Ok(Models { root, modules })
}

impl Models {
    /// The files of split models under `src/models/`, each below `header`
    /// (none when the models are one file).
    pub fn module_files(&self, header: &str) -> Vec<(String, String)> {
        if self.modules.is_empty() {
            return Vec::new();
        }
        let mut files = vec![(
            "src/models/mod.rs".to_string(),
            format!(
                "{header}\n//! The API's schemas as serde types, one module per first letter of their names.\n\n{}",
                self.root
            ),
        )];
        for (m, body) in &self.modules {
            files.push((format!("src/models/{m}.rs"), format!("{header}\n{body}")));
        }
        files
    }
}

/// Types per file of the models, at most (unless their names share more
/// than 32 leading characters).
pub const MODULE_TYPES: usize = 800;

/// Groups types (keyed by their lowercased Rust names, sorted) into modules
/// by a common prefix: the first letter, then as many more as it takes to
/// keep each module within [`MODULE_TYPES`] (`p`, or `pa`, `po` … when the
/// `P` types are many). A module's name and doc line: `po`, "start with `Po`".
fn by_prefix<'a>(
    types: &types::Types,
    keyed: Vec<(String, &'a NamedType)>,
    depth: usize,
    out: &mut Vec<Group<'a>>,
) {
    let prefix = |k: &str, n: usize| k.chars().take(n).collect::<String>();
    let mut groups: BTreeMap<String, Vec<(String, &NamedType)>> = BTreeMap::new();
    for (k, t) in keyed {
        groups
            .entry(prefix(&k, depth + 1))
            .or_default()
            .push((k, t));
    }
    for (p, members) in groups {
        let exhausted = members.iter().all(|(k, _)| k.chars().count() <= depth + 1);
        if members.len() > MODULE_TYPES && !exhausted && depth < 32 {
            by_prefix(types, members, depth + 1, out);
            continue;
        }
        let shown: String = types
            .name(&members[0].1.name)
            .trim_start_matches("r#")
            .chars()
            .take(p.chars().count())
            .collect();
        // `in`, `as` …: a keyword is no module name.
        let module = if syn::parse_str::<syn::Ident>(&p).is_ok() {
            p
        } else {
            format!("{p}_")
        };
        out.push((
            module,
            format!("start with `{shown}`"),
            members.into_iter().map(|(_, t)| t).collect(),
        ));
    }
}

/// Items as prettyplease prints them, without the blank lines between them.
pub(crate) fn print_items(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(prettyplease::unparse(&file))
}

/// Formats a file's syntax tree: prettyplease, then blank lines between items.
pub fn print(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// Puts a blank line between items, after the module docs, and between
/// import groups, as rustfmt leaves hand-written code; prettyplease prints
/// items back to back.
pub fn space_items(code: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "fn ",
        "async fn ",
        "impl",
        "struct ",
        "enum ",
        "type ",
        "trait ",
        "mod ",
        "const ",
        "static ",
    ];
    // A comment line never ends an item, even when its text ends in `;`
    // or `}` (a description quoting code): a blank line after a doc
    // comment would detach it from its item. `t`: the line without its
    // indentation.
    let ends_item = |t: &str| {
        !t.starts_with("//")
            && (t == "}" || t.ends_with(" {}") || t.ends_with(';') || t.starts_with("#!["))
    };
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    // The previous line, without its indentation, and how deep that is.
    let mut prev: Option<(&str, &str, usize)> = None;
    // The root of a `use` that spans lines, while inside it.
    let mut open_use: Option<&str> = None;
    // The root of the `use` the previous line completed.
    let mut last_use: Option<&str> = None;
    for line in text::lines(code) {
        let t = trim_indent(line);
        let indent = line.len() - t.len();
        let top = indent == 0;
        let this_use = (top && t.starts_with("use ")).then(|| import_root(t));
        if let Some((p, p_trimmed, p_indent)) = prev {
            let blank = if let Some(root) = this_use {
                match last_use {
                    Some(last) => last != root,
                    None => ends_item(p_trimmed) || p.starts_with("//!"),
                }
            } else if last_use.is_some() {
                !t.is_empty()
            } else if p.starts_with("//!") {
                !t.starts_with("//!")
            } else {
                p_indent == indent
                    && ends_item(p_trimmed)
                    && ITEM_STARTS.iter().any(|s| t.starts_with(s))
            };
            if blank {
                out.push('\n');
            }
        }
        last_use = None;
        if let Some(root) = this_use {
            if t.ends_with(';') {
                last_use = Some(root);
            } else {
                open_use = Some(root);
            }
        } else if let Some(root) = open_use {
            if top && t.ends_with(';') {
                last_use = Some(root);
                open_use = None;
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some((line, t, indent));
    }
    out
}

/// `line.trim_start()`, quicker for the usual line: spaces, then ASCII.
fn trim_indent(line: &str) -> &str {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    match line.as_bytes().get(spaces) {
        Some(&b) if b > b' ' && b.is_ascii() => &line[spaces..],
        _ => line.trim_start(),
    }
}

/// `std`, `axum`, `crate` …: imports are grouped by the crate they come from.
fn import_root(line: &str) -> &str {
    let path = line.trim_start().trim_start_matches("use ");
    let root = path.split("::").next().unwrap_or(path);
    match root {
        "std" | "core" | "alloc" => "std",
        "crate" | "super" | "self" => "crate",
        _ => "external",
    }
}

/// Does the token stream mention `name` as an identifier?
pub fn mentions(tokens: &TokenStream, name: &str) -> bool {
    Mentioned::of(tokens).has(name)
}

/// What a token stream mentions, from one scan of its text: every
/// identifier at any depth, and those used as a path prefix (`name::…`).
/// Walking a token stream copies it (every group, every identifier), while
/// printing it does not, so the text is what is scanned ([`source::Source`]),
/// once for a body asked about many names.
#[derive(Default)]
pub struct Mentioned {
    pub idents: rustc_hash::FxHashSet<String>,
    pub paths: rustc_hash::FxHashSet<String>,
}

impl Mentioned {
    pub fn of(tokens: &TokenStream) -> Self {
        Mentioned::of_text(&tokens.to_string())
    }

    /// What Rust source text mentions.
    pub fn of_text(text: &str) -> Self {
        let mut out = Mentioned::default();
        source::Source::new(text).idents(&mut out.idents, &mut out.paths);
        out
    }

    /// Is `name` mentioned as an identifier?
    pub fn has(&self, name: &str) -> bool {
        self.idents.contains(name)
    }

    /// Is `name` used as a path prefix?
    pub fn has_path(&self, name: &str) -> bool {
        self.paths.contains(name)
    }
}

/// Does the token stream use `name` as a path prefix (`name::…`)?
pub fn mentions_path(tokens: &TokenStream, name: &str) -> bool {
    Mentioned::of(tokens).has_path(name)
}

#[cfg(test)]
mod tests {
    use super::{mentions_path, space_items};
    use quote::quote;

    #[test]
    fn a_field_of_the_same_name_is_not_a_path() {
        assert!(!mentions_path(&quote!(Input { models: vec![] }), "models"));
        assert!(mentions_path(
            &quote!(
                fn f() -> models::Error {}
            ),
            "models"
        ));
    }

    #[test]
    fn doc_lines_that_end_like_code_stay_attached() {
        let code = "/// use a::{B, C};\n///\n/// let x = 1;\npub struct S;\npub struct T;\n";
        assert_eq!(
            space_items(code),
            "/// use a::{B, C};\n///\n/// let x = 1;\npub struct S;\n\npub struct T;\n"
        );
    }
}
