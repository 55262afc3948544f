//! How findings are printed (text, JSON, GitHub workflow commands) and how
//! anything reaches stdout without panicking when the reader has gone.

use std::io::Write;

use clap::ValueEnum;

use specsmith::diag::{Diagnostic, Severity};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Github,
}

/// Findings as text, JSON or GitHub workflow commands, with the summary line
/// (`files` is how many specs they came from).
pub fn render_diagnostics(diags: &[Diagnostic], format: Format, files: usize) -> String {
    let mut text = String::new();
    match format {
        Format::Text => {
            for d in diags {
                text.push_str(&format!("{d}\n"));
            }
            text.push_str(&summary(diags, files));
            text.push('\n');
        }
        Format::Json => {
            let doc = serde_json::json!({ "diagnostics": diags, "summary": summary(diags, files) });
            text.push_str(&serde_json::to_string_pretty(&doc).unwrap_or_default());
            text.push('\n');
        }
        Format::Github => {
            for d in diags {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                text.push_str(&format!(
                    "::{level} file={},line={},col={},title={}::{}\n",
                    gh_property(&d.loc.file),
                    d.loc.line,
                    d.loc.col,
                    gh_property(&d.rule),
                    gh_data(&d.message)
                ));
            }
            text.push_str(&summary(diags, files));
            text.push('\n');
        }
    }
    text
}

/// "N error(s), N warning(s), N info in N spec(s)".
fn summary(diags: &[Diagnostic], files: usize) -> String {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    format!(
        "{} error(s), {} warning(s), {} info in {} spec(s)",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        files
    )
}

/// Writes to stdout. When the reader has gone away (`specsmith ir spec | head`)
/// the rest of the output has nobody to read it: exit quietly with the code
/// the command would have had, instead of panicking.
pub fn write_stdout(text: &str, code_if_closed: u8) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(code_if_closed));
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(2);
    }
}

/// Escapes a GitHub workflow command's data (`%0A` for a newline …).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a GitHub workflow command's property value (also `:` and `,`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}
