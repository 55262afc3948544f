//! The `rust-server` target: a standalone axum crate with serde models, an
//! `Api` trait (one async method per operation, typed inputs, one output
//! variant per documented status) and a router that validates each request
//! before it calls the trait. The code is built as syntax trees with `quote`
//! and printed by `prettyplease`; only `Cargo.toml` is plain text.
//!
//! Generated files: `Cargo.toml`, `src/lib.rs`, `src/models.rs`,
//! `src/api.rs`, `src/router.rs`.

mod api;
mod doc;
mod models;
mod names;
mod ops;
mod router;
mod types;

use std::collections::BTreeMap;

use heck::ToKebabCase;
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use crate::diag::{Diagnostic, Loc, Severity};
use crate::emit::{EmitContext, Emitter, Header};
use crate::output::OutputTree;

/// The `rust-server` target.
pub struct RustServer;

impl Emitter for RustServer {
    fn name(&self) -> &'static str {
        "rust-server"
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        self.emit_with_warnings(cx).map(|(tree, _)| tree)
    }

    fn emit_with_warnings(
        &self,
        cx: &EmitContext,
    ) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
        let (tree, diags) = generate(cx);
        if diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(diags);
        }
        Ok((tree, diags))
    }
}

/// The crate's files and every finding (fidelity warnings included; the
/// `Emitter` interface only passes errors on).
pub fn generate(cx: &EmitContext) -> (OutputTree, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let api = cx.api;
    let mut type_names = BTreeMap::new();
    let mut scope = names::Scope::default();
    for (name, t) in &api.types {
        let rust = names::type_name(t.naming_source());
        scope.add(format!("schema `{name}`"), &t.loc, &rust);
        type_names.insert(name.clone(), rust);
    }
    scope.check("types in models.rs", &mut diags);
    let types = types::Types::new(api, type_names);
    let plan = ops::plan(&types, cx.shims, &mut diags);
    let crate_name = crate_name(cx, &mut diags);
    let mut tree = OutputTree::new();
    let files: [(&str, TokenStream); 4] = [
        ("src/lib.rs", lib_rs(cx)),
        ("src/models.rs", models::file(&types, cx.shims, &mut diags)),
        ("src/api.rs", api::file(&plan)),
        ("src/router.rs", router::file(&plan, &types)),
    ];
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return (tree, diags);
    }
    let cargo = cargo_toml(cx, &crate_name, types.uses_chrono());
    push(&mut tree, "Cargo.toml", cargo, &mut diags);
    for (path, tokens) in files {
        match render(&cx.header, tokens) {
            Ok(text) => push(&mut tree, path, text, &mut diags),
            Err(e) => diags.push(Diagnostic::new(
                "emit-internal",
                Severity::Error,
                Loc::default(),
                format!("rust-server: {path} does not parse ({e}); this is a specsmith bug, please report it"),
            )),
        }
    }
    (tree, diags)
}

fn push(tree: &mut OutputTree, path: &str, text: String, diags: &mut Vec<Diagnostic>) {
    if let Err(e) = tree.insert(path, text) {
        diags.push(Diagnostic::new(
            "output-path",
            Severity::Error,
            Loc::default(),
            e.to_string(),
        ));
    }
}

/// Formats a file: the `@generated` header, then the code as prettyplease prints it.
fn render(header: &Header, tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(format!(
        "{}\n{}",
        header.comment("//"),
        space_items(&prettyplease::unparse(&file))
    ))
}

/// Puts a blank line between items, after the module docs, and between
/// import groups, as rustfmt leaves hand-written code; prettyplease prints
/// items back to back.
fn space_items(code: &str) -> String {
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
        !t.starts_with("//") && (t == "}" || t.ends_with(';') || t.starts_with("#!["))
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
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

/// Every identifier the token stream mentions, at any depth.
fn idents(tokens: &TokenStream) -> std::collections::HashSet<String> {
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
fn mentions_path(tokens: &TokenStream, name: &str) -> bool {
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

/// The package name: option `crate`, else the API title in kebab case plus `-server`.
fn crate_name(cx: &EmitContext, diags: &mut Vec<Diagnostic>) -> String {
    if let Some(name) = cx.options.get("crate") {
        let valid = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            return name.to_string();
        }
        diags.push(Diagnostic::new(
            "bad-option",
            Severity::Error,
            Loc::default(),
            format!("[generate.target.rust-server] crate = \"{name}\" is not a valid package name (letters, digits, `-`, `_`, starting with a letter)"),
        ));
    }
    let base = crate::naming::sanitize(&cx.api.title).to_kebab_case();
    let base = base.trim_matches('-');
    if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        "api-server".to_string()
    } else {
        format!("{base}-server")
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn cargo_toml(cx: &EmitContext, name: &str, chrono: bool) -> String {
    let version = cx.options.get_or("version", "0.1.0");
    let description = format!(
        "Server stubs for {} {}, generated by specsmith",
        cx.api.title, cx.api.version
    );
    let chrono = if chrono {
        "chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n"
    } else {
        ""
    };
    format!(
        "{header}
[package]
name = {name}
version = {version}
edition = \"2021\"
publish = false
description = {description}

# Spec descriptions are prose, not examples to compile.
[lib]
doctest = false

# Its own workspace: the crate builds wherever it is generated.
[workspace]

[dependencies]
axum = \"0.8\"
{chrono}serde = {{ version = \"1.0\", features = [\"derive\"] }}
serde_json = \"1.0\"
serde_path_to_error = \"0.1\"
tokio = {{ version = \"1.44\", features = [\"net\"] }}
",
        header = cx.header.comment("#"),
        name = toml_string(name),
        version = toml_string(version),
        description = toml_string(&description),
    )
}

fn lib_rs(cx: &EmitContext) -> TokenStream {
    let title = format!(
        " {} {}: server stubs generated by specsmith.",
        cx.api.title, cx.api.version
    );
    let text = doc::paragraphs([
        Some(
            "Implement [`api::Api`] (one async method per operation), then serve \
             [`router`] with axum, or call [`serve`]. The router validates every \
             request (parameters, body, credentials) before it calls the trait, \
             and answers invalid ones itself.",
        ),
        cx.api.description.as_deref(),
    ]);
    let docs = doc::inner(&text);
    quote! {
        #![doc = #title]
        #![doc = ""]
        #docs

        pub mod api;
        pub mod models;
        mod router;

        pub use router::{router, serve};

        /// The status of `Default` and range (`4XX`) output variants.
        pub use axum::http::StatusCode;
    }
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
