//! The README.md of each generated SDK package: how to install it with the
//! ecosystem's own tool and one call of a real operation of the spec, the
//! same complete program the docs reference shows for it
//! ([`super::snippets`]), rendered by `templates/<target>/README.md.jinja`.

use serde::Serialize;

use super::snippets::{Packages, Snippets};
use crate::diag::Diagnostic;
use crate::emit::docs::html::curl;
use crate::emit::EmitContext;
use crate::ir::{Method, Operation};
use crate::output::OutputTree;
use crate::vectors::Sampler;

/// What a README template is given.
#[derive(Serialize)]
struct View {
    header: Vec<String>,
    title: String,
    version: String,
    /// The names the package is installed and imported by.
    package: Install,
    /// The example call: its operation and the program.
    example: Option<Example>,
}

#[derive(Serialize)]
struct Install {
    /// npm, PyPI, Go module, Maven, crates.io or NuGet name.
    name: String,
    /// The Maven group (Kotlin).
    group: String,
}

#[derive(Serialize)]
struct Example {
    summary: String,
    method: String,
    path: String,
    code: String,
}

/// Adds `README.md` to the package of `target`.
pub fn emit(target: &str, cx: &EmitContext, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let api = cx.api;
    let packages = Packages::new(&api.title, &|t| {
        if t == target {
            cx.options.clone()
        } else {
            Default::default()
        }
    });
    let option = |key: &str, default: &str| cx.options.get(key).unwrap_or(default).to_string();
    let (name, group) = match target {
        "typescript" => (packages.typescript.clone(), String::new()),
        "python" => (
            option("name", &packages.python.replace('_', "-")),
            String::new(),
        ),
        "go" => (packages.go_module.clone(), String::new()),
        "kotlin" => (
            option("name", &crate::emit::package::default_name(&api.title)),
            option("group", &packages.kotlin),
        ),
        "rust" => (packages.rust_crate.clone(), String::new()),
        _ => (option("name", &packages.csharp_namespace), String::new()),
    };
    let view = View {
        header: cx.header.lines().to_vec(),
        title: api.title.clone(),
        version: api.version.clone(),
        package: Install { name, group },
        example: example(cx, target, packages),
    };
    let env = cx.templates.renderer(renderer_of(target))?;
    let text = env.render(&format!("{target}/README.md.jinja"), &view)?;
    tree.insert("README.md", text).map_err(|e| {
        vec![crate::emit::templates::error(
            renderer_of(target),
            &e.to_string(),
        )]
    })
}

fn renderer_of(target: &str) -> &'static str {
    match target {
        "typescript" => "typescript",
        "python" => "python",
        "go" => "go",
        "kotlin" => "kotlin",
        "rust" => "rust",
        _ => "csharp",
    }
}

/// The call of the first operation that reads (`GET`), else of the first
/// operation, as the docs reference shows it.
fn example(cx: &EmitContext, target: &str, packages: Packages) -> Option<Example> {
    let api = cx.api;
    let ops: Vec<&Operation> = api.operations.iter().collect();
    let op = ops
        .iter()
        .find(|o| o.method == Method::Get)
        .or_else(|| ops.first())?;
    let sampler = Sampler::new(api);
    let value = |wire: &str, location| curl::example_param(op, &sampler, wire, location);
    let body = |content_type: &str| curl::example_body(op, &sampler, content_type);
    let snippets = Snippets::only(api, packages, target);
    let code = snippets
        .calls(&op.id, &value, &body)
        .into_iter()
        .find(|(t, _, _)| *t == target)?
        .2;
    Some(Example {
        summary: op.summary.clone().unwrap_or_else(|| op.id.clone()),
        method: op.method.as_str().to_ascii_uppercase(),
        path: op.path.clone(),
        code,
    })
}
