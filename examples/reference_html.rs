//! Writes the HTML API reference of a spec to a file:
//!
//! ```sh
//! cargo run --release --example reference_html -- specs/sandbox-lifecycle.yml out/reference.html
//! ```
//!
//! Exit codes: 0 written, 1 the spec has errors, 2 bad arguments or I/O.

use std::path::Path;
use std::process::ExitCode;

use specsmith::diag::Severity;
use specsmith::emit::docs::html::reference_html;
use specsmith::load::LoadOptions;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out] = args.as_slice() else {
        eprintln!("usage: reference_html SPEC OUT.html");
        return ExitCode::from(2);
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
    let html = reference_html(&api, &api.title);
    if let Some(dir) = Path::new(out)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("reference_html: cannot create {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    if let Err(e) = std::fs::write(out, html) {
        eprintln!("reference_html: cannot write {out}: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
