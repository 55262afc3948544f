//! Writes the HTML API reference of a spec:
//!
//! ```sh
//! # one self-contained page
//! cargo run --release --example reference_html -- specs/sandbox-lifecycle.yml out/reference.html
//! # into a folder (index.html, and the pages of a split reference), with the
//! # layout the docs target would pick (`auto`), or a chosen one
//! cargo run --release --example reference_html -- spec.json out/site [auto|single|split]
//! ```
//!
//! Exit codes: 0 written, 1 the spec has errors, 2 bad arguments or I/O.

use std::path::Path;
use std::process::ExitCode;

use specsmith::diag::Severity;
use specsmith::emit::docs::html::{reference_html, reference_site, Layout};
use specsmith::emit::templates::Templates;
use specsmith::load::LoadOptions;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (spec, out, layout) = match args.as_slice() {
        [spec, out] => (spec, out, None),
        [spec, out, layout] => match Layout::parse(layout) {
            Some(l) if !out.ends_with(".html") => (spec, out, Some(l)),
            _ => {
                eprintln!("usage: reference_html SPEC OUT.html | reference_html SPEC OUTDIR [auto|single|split]");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: reference_html SPEC OUT.html | reference_html SPEC OUTDIR [auto|single|split]");
            return ExitCode::from(2);
        }
    };
    let opts = LoadOptions {
        display_base: std::env::current_dir().ok(),
        ..Default::default()
    };
    let api = match specsmith::pipeline::load_and_lower(Path::new(spec), &opts) {
        Ok((_, api, diags)) => {
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if !errors.is_empty() {
                for d in errors {
                    eprintln!("{d}");
                }
                return ExitCode::from(1);
            }
            api
        }
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            return ExitCode::from(2);
        }
    };
    let templates = match Templates::new(None).renderer("docs") {
        Ok(t) => t,
        Err(d) => fail(&d),
    };
    let (dir, files) = if out.ends_with(".html") {
        let dir = Path::new(out)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = Path::new(out)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (
            dir,
            vec![(
                name,
                reference_html(&api, &api.title, &templates).unwrap_or_else(|d| fail(&d)),
            )],
        )
    } else {
        let files = reference_site(&api, &api.title, layout.unwrap_or(Layout::Auto), &templates)
            .unwrap_or_else(|d| fail(&d));
        (Path::new(out).to_path_buf(), files)
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("reference_html: cannot create {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    for (name, text) in files {
        let path = dir.join(&name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("reference_html: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Reports the findings of a failed render and exits 2.
fn fail(diags: &[specsmith::diag::Diagnostic]) -> ! {
    for d in diags {
        eprintln!("{d}");
    }
    std::process::exit(2)
}
