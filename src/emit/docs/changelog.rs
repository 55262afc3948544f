//! `changelog.html`: the compatibility report between the configured baseline
//! and the spec, grouped by level, with the renames the migration manifests
//! declare. A page that says so when no baseline is configured.

use std::fmt::Write as _;

use crate::compat::manifest::Rename;
use crate::compat::Report;
use crate::diag::{Loc, Severity};
use crate::emit::Header;

/// What the changelog page is made from.
#[derive(Debug, Clone)]
pub struct Changes {
    /// The baseline spec as shown (a relative path).
    pub baseline: String,
    /// The current spec as shown (a relative path).
    pub spec: String,
    /// The migration manifests applied, as shown.
    pub manifests: Vec<String>,
    /// `compat::diff` of the baseline against the spec with the manifests.
    pub report: Report,
    /// Every rename the manifests declare.
    pub renames: Vec<Rename>,
}

/// HTML text escaping (element content and double-quoted attributes).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with `code spans` (as compat messages write names) as `<code>`.
fn inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An unpaired backtick: no spans.
        return esc(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(p))
            } else {
                esc(p)
            }
        })
        .collect()
}

fn loc_html(l: Option<&Loc>) -> String {
    match l {
        None => "—".into(),
        Some(l) => {
            let pointer = if l.pointer.is_empty() {
                "/"
            } else {
                &l.pointer
            };
            format!(
                "<code>{}:{}:{}</code><br><code class=\"ptr\">{}</code>",
                esc(&l.file),
                l.line,
                l.col,
                esc(pointer)
            )
        }
    }
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
code.ptr{color:#57606a}pre{background:#f6f8fa;padding:.4rem;margin:.3rem 0 0;white-space:pre-wrap}
.error h2{color:#a40e26}.warning h2{color:#7d4e00}.info h2{color:#0550ae}.summary{font-weight:600}
";

/// Renders the changelog page (`changes` is `None` when no baseline is configured).
pub fn changelog_html(changes: Option<&Changes>, title: &str, header: &Header) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    for line in header.lines() {
        let _ = writeln!(out, "<!-- {} -->", esc(&line));
    }
    let _ = write!(
        out,
        "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — changelog</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{} — changelog</h1>\n",
        esc(title),
        esc(title)
    );
    match changes {
        None => out.push_str(
            "<p id=\"no-baseline\">There is no baseline to compare with: no released version of this spec is configured. Set <code>baseline</code> (and any <code>migrations</code>) in <code>specsmith.toml</code> to list the changes since that release here.</p>\n",
        ),
        Some(c) => body(&mut out, c),
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn body(out: &mut String, c: &Changes) {
    let r = &c.report;
    let v = &r.version;
    let _ = writeln!(
        out,
        "<p>Changes from <code>{}</code> (version {}) to <code>{}</code> (version {}), classified under the <code>{}</code> profile.</p>",
        esc(&c.baseline),
        esc(&v.base),
        esc(&c.spec),
        esc(&v.head),
        r.profile
    );
    if !c.manifests.is_empty() {
        let list: Vec<String> = c
            .manifests
            .iter()
            .map(|m| format!("<code>{}</code>", esc(m)))
            .collect();
        let _ = writeln!(out, "<p>Migration manifests: {}.</p>", list.join(", "));
    }
    let _ = writeln!(out, "<p class=\"summary\">{}</p>", esc(&r.summary()));
    let groups = [
        (
            Severity::Error,
            "error",
            "Breaking changes",
            "Errors: existing clients break unless a rename is declared.",
        ),
        (
            Severity::Warning,
            "warning",
            "Changes to review",
            "Warnings: some clients may notice.",
        ),
        (
            Severity::Info,
            "info",
            "Other changes",
            "Information: compatible changes.",
        ),
    ];
    if r.findings.is_empty() {
        out.push_str("<p id=\"no-changes\">No changes were found.</p>\n");
    }
    for (level, class, heading, note) in groups {
        let findings: Vec<_> = r.findings.iter().filter(|f| f.level == level).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<section class=\"{class}\" id=\"{class}\">\n<h2>{heading} ({})</h2>\n<p>{note}</p>\n<table>\n<thead><tr><th>rule</th><th>direction</th><th>change</th><th>baseline</th><th>spec</th></tr></thead>\n<tbody>",
            findings.len()
        );
        for f in findings {
            let mut change = inline(&f.message);
            if let Some(w) = &f.witness {
                let _ = write!(
                    change,
                    "<br>witness: <code>{}</code>",
                    esc(&serde_json::to_string(w).unwrap_or_default())
                );
            }
            if let Some(s) = &f.suggestion {
                let _ = write!(
                    change,
                    "<br>if this was a rename, declare it in the migration manifest:<pre>{}</pre>",
                    esc(s)
                );
            }
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(f.rule),
                f.direction,
                change,
                loc_html(f.base.as_ref()),
                loc_html(f.head.as_ref())
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("<section id=\"renames\">\n<h2>Declared renames</h2>\n");
    if c.renames.is_empty() {
        out.push_str("<p>The migration manifests declare no renames.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th>kind</th><th>old name</th><th>new name</th><th>old name still accepted</th></tr></thead>\n<tbody>\n");
        for rn in &c.renames {
            let alias = match &rn.alias {
                None => "no".to_string(),
                Some(w) => match &w.until {
                    Some(u) => format!("yes, until {}", esc(u)),
                    None => "yes".to_string(),
                },
            };
            let scope = rn
                .scope
                .as_deref()
                .map(|s| format!("{}.", esc(s)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{scope}{}</code></td><td><code>{}</code></td><td>{alias}</td></tr>",
                rn.kind.noun(),
                esc(&rn.from),
                esc(&rn.to)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            spec: "api.yml".into(),
            command: "specsmith generate".into(),
        }
    }

    #[test]
    fn without_a_baseline_the_page_says_so() {
        let page = changelog_html(None, "Pets <API>", &header());
        assert!(page.contains("There is no baseline to compare with"));
        assert!(page.contains("<title>Pets &lt;API&gt; — changelog</title>"));
        assert!(page.starts_with("<!DOCTYPE html>\n<!-- @generated by specsmith from api.yml."));
        assert!(!page.contains("<table>"));
    }

    #[test]
    fn code_spans_become_code_elements() {
        assert_eq!(
            inline("operationId `a<b` renamed to `c`"),
            "operationId <code>a&lt;b</code> renamed to <code>c</code>"
        );
        assert_eq!(inline("odd ` tick"), "odd ` tick");
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
