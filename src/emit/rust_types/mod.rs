//! The Rust code both Rust targets share: names, doc comments, how IR types
//! become Rust types, the serde models themselves (`rust` writes them as its
//! `src/lib.rs`, `rust-server` as its `src/models.rs`, the same bytes), and
//! the printer that turns syntax trees into formatted source.

pub mod doc;
pub mod models;
pub mod names;
pub mod types;

use std::collections::BTreeMap;

use proc_macro2::{TokenStream, TokenTree};

use crate::diag::Diagnostic;
use crate::emit::{sdk, Shims};
use crate::ir::Api;

/// What differs between the two crates' use of the same models.
#[derive(Clone, Copy)]
pub struct Profile {
    /// The target named in warnings.
    pub target: &'static str,
    /// The server's hand-written `Serialize` never writes a write-only
    /// property and writes a renamed one under its old name too; the SDK's
    /// writes every property, under its new name only.
    pub server: bool,
}

/// The Rust name of every IR type (an inline schema named like another type
/// gets `Inline`, with a warning), and an error for names two types share.
pub fn type_names(api: &Api, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let names = sdk::type_idents(api, &|n| names::type_name(n), diags);
    let mut scope = names::Scope::default();
    for (name, t) in &api.types {
        scope.add(format!("schema `{name}`"), &t.loc, &names[name]);
    }
    scope.check("types in the models", diags);
    names
}

/// The models as source text: imports, types and helpers, without a module
/// doc (each crate puts its own above them); empty when the API has no types.
pub fn models_source(
    types: &types::Types,
    shims: &Shims,
    profile: Profile,
    diags: &mut Vec<Diagnostic>,
) -> Result<String, syn::Error> {
    print(models::file(types, shims, profile, diags))
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
    let indent = |l: &str| l.len() - l.trim_start().len();
    // A comment line never ends an item, even when its text ends in `;`
    // or `}` (a description quoting code): a blank line after a doc
    // comment would detach it from its item.
    let ends_item = |l: &str| {
        let t = l.trim_start();
        !t.starts_with("//")
            && (t == "}" || t.ends_with(" {}") || t.ends_with(';') || t.starts_with("#!["))
    };
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut prev: Option<&str> = None;
    // The root of a `use` that spans lines, while inside it.
    let mut open_use: Option<&str> = None;
    // The root of the `use` the previous line completed.
    let mut last_use: Option<&str> = None;
    for line in code.lines() {
        let t = line.trim_start();
        let top = indent(line) == 0;
        let this_use = (top && t.starts_with("use ")).then(|| import_root(t));
        if let Some(p) = prev {
            let blank = if let Some(root) = this_use {
                match last_use {
                    Some(last) => last != root,
                    None => ends_item(p) || p.starts_with("//!"),
                }
            } else if last_use.is_some() {
                !t.is_empty()
            } else if p.starts_with("//!") {
                !t.starts_with("//!")
            } else {
                indent(p) == indent(line)
                    && ITEM_STARTS.iter().any(|s| t.starts_with(s))
                    && ends_item(p)
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
        prev = Some(line);
    }
    out
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
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

/// Every identifier the token stream mentions, at any depth.
pub fn idents(tokens: &TokenStream) -> std::collections::HashSet<String> {
    fn walk(tokens: &TokenStream, out: &mut std::collections::HashSet<String>) {
        for t in tokens.clone() {
            match t {
                TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                TokenTree::Group(g) => walk(&g.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = std::collections::HashSet::new();
    walk(tokens, &mut out);
    out
}

/// Does the token stream use `name` as a path prefix (`name::…`)?
pub fn mentions_path(tokens: &TokenStream, name: &str) -> bool {
    let list: Vec<TokenTree> = tokens.clone().into_iter().collect();
    list.iter().enumerate().any(|(i, t)| match t {
        TokenTree::Ident(id) => {
            // `::` is a joint `:` (a field `name: value` is an alone one).
            id == name
                && matches!(list.get(i + 1), Some(TokenTree::Punct(p))
                    if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint)
        }
        TokenTree::Group(g) => mentions_path(&g.stream(), name),
        _ => false,
    })
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
