//! `index.html`: a minimal self-contained reference page (operations with
//! method, path and summary; schema names), no external resources.

use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The reference page for an API.
pub fn reference_html(api: &crate::ir::Api, title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n</head>\n<body>\n<h1>{0}</h1>\n<p>Version {1}</p>\n<h2>Operations</h2>\n<ul>\n",
        esc(title),
        esc(&api.version)
    );
    for op in &api.operations {
        let _ = writeln!(
            out,
            "<li id=\"op-{}\"><code>{} {}</code> {}</li>",
            esc(&op.id),
            op.method.as_str().to_uppercase(),
            esc(&op.path),
            esc(op.summary.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</ul>\n<h2>Schemas</h2>\n<ul>\n");
    for name in api.types.keys() {
        let _ = writeln!(
            out,
            "<li id=\"schema-{0}\"><code>{0}</code></li>",
            esc(name)
        );
    }
    out.push_str("</ul>\n</body>\n</html>\n");
    out
}
