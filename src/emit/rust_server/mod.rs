//! The `rust-server` target: a standalone axum crate with serde models, an
//! `Api` trait (one async method per operation, typed inputs, one output
//! variant per documented status) and a router that validates each request
//! before it calls the trait. The models, `src/api.rs` and the router's
//! per-operation items are written as text in prettyplease's layout
//! (`rust_types::text`); `src/lib.rs`, the `router` function and the
//! helpers are built as syntax trees with `quote` and printed by
//! `prettyplease`.
//!
//! Generated files: `Cargo.toml`, `src/lib.rs`, `src/models.rs`,
//! `src/api.rs`, `src/router.rs`.

mod api;
mod ops;
mod router;

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::rust_types::{self, doc, types, Profile};
pub(crate) use super::rust_types::{mentions, Mentioned};

use crate::diag::{Diagnostic, Loc, Severity};
use crate::emit::{EmitContext, Emitter, Header};
use crate::output::OutputTree;
use crate::timings::phase;

/// The `rust-server` target.
pub struct RustServer;

impl Emitter for RustServer {
    fn name(&self) -> &'static str {
        "rust-server"
    }

    fn options(&self) -> crate::emit::Options {
        crate::emit::Options {
            own: &["crate", "version"],
            package: false,
        }
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let (tree, diags) = generate(cx);
        if diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(diags);
        }
        cx.note_all(diags);
        Ok(tree)
    }
}

/// The crate's files and every finding (fidelity warnings included; the
/// `Emitter` interface only passes errors on).
pub fn generate(cx: &EmitContext) -> (OutputTree, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let api = cx.api;
    let types = phase("rust-server: type facts", || {
        types::Types::of(api, &mut diags)
    });
    let mut tree = OutputTree::new();
    // The models are made on a thread of their own (and the run's shared
    // models with them), from the type facts alone, while this one plans
    // the operations, writes the API and builds and prints the router,
    // whose token streams cannot leave the thread that made them.
    let shared = rust_types::shared::current();
    let shims = cx.shims;
    let (models, rendered, crate_name) = std::thread::scope(|scope| {
        let models = scope.spawn(|| {
            rust_types::shared::enter(shared.as_ref(), || {
                let mut found = Vec::new();
                let models = phase("rust-server: models", || {
                    rust_types::shared::models(&types, shims, Profile::SERVER, &mut found)
                });
                (models, found)
            })
        });
        let plan = phase("rust-server: plan", || {
            ops::plan(&types, cx.shims, &mut diags)
        });
        let crate_name = crate_name(cx, &mut diags);
        let header = cx.header.comment("//");
        let with_header = |code: Result<String, syn::Error>| code.map(|c| format!("{header}\n{c}"));
        let api = phase("rust-server: api", || api::file(&plan));
        let router = phase("rust-server: router", || router::file(&plan, &types));
        let lib = render(&cx.header, lib_rs(cx));
        let rendered = vec![
            ("src/lib.rs".to_string(), lib),
            ("src/api.rs".to_string(), with_header(api)),
            ("src/router.rs".to_string(), with_header(router)),
        ];
        let (models, found) = models
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        diags.extend(found);
        (models, rendered, crate_name)
    });
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return (tree, diags);
    }
    let cargo = cargo_toml(cx, &crate_name, types.uses_chrono());
    push(&mut tree, "Cargo.toml", cargo, &mut diags);
    // One `src/models.rs`, or `src/models/mod.rs` and its modules when the
    // models are split.
    let models = models.map(|models| {
        let header = cx.header.comment("//");
        let modules = models.module_files(&header);
        if !modules.is_empty() {
            return modules;
        }
        let mut text = format!("{header}\n//! The API's schemas as serde types.\n");
        if !models.root.is_empty() {
            text.push('\n');
            text.push_str(&models.root);
        }
        vec![("src/models.rs".to_string(), text)]
    });
    let models: Vec<(String, Result<String, syn::Error>)> = match models {
        Ok(files) => files.into_iter().map(|(p, t)| (p, Ok(t))).collect(),
        Err(e) => vec![("src/models.rs".to_string(), Err(e))],
    };
    for (path, file) in models.into_iter().chain(rendered) {
        match file {
            Ok(text) => push(&mut tree, &path, text, &mut diags),
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
    Ok(format!(
        "{}\n{}",
        header.comment("//"),
        rust_types::print(tokens)?
    ))
}

/// The package name: option `crate`, else the API title in kebab case plus `-server`.
fn crate_name(cx: &EmitContext, diags: &mut Vec<Diagnostic>) -> String {
    if let Some(name) = cx.options.get("crate") {
        if crate::emit::rust_models::valid_crate_name(name) {
            return name.to_string();
        }
        diags.push(cx.options.invalid(
            "rust-server",
            "crate",
            name,
            crate::emit::rust_models::CRATE_NAME_RULE,
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
