//! `changelog.html`: release notes for API users, made from the compat
//! report between the configured baseline and the spec and from the renames
//! its migration manifests declare (see [`super::release_notes`]). A page
//! that says so when no baseline is configured. Rule ids, directions and
//! `file:line` locations stay in `specsmith diff`'s CI formats.

use std::fmt::Write as _;

use super::html::esc;
use super::release_notes::{self, Release};
use crate::compat::manifest::Rename;
use crate::compat::Report;
use crate::emit::Header;

/// One step of the history: the compat report from one version to the next.
#[derive(Debug, Clone)]
pub struct Step {
    /// The earlier spec as shown (a relative path, or `REV:path`).
    pub baseline: String,
    /// The later spec as shown.
    pub spec: String,
    /// The migration manifests applied to this step, as shown.
    pub manifests: Vec<String>,
    /// `compat::diff` of the baseline against the spec with the manifests.
    pub report: Report,
    /// Every rename the manifests declare.
    pub renames: Vec<Rename>,
}

/// What the changelog page is made from: one step per release, newest
/// first (the first step's `spec` is the spec the reference shows).
#[derive(Debug, Clone)]
pub struct Changes {
    pub steps: Vec<Step>,
}

impl Changes {
    /// The versions compared, oldest first, as shown.
    pub fn chain(&self) -> Vec<&str> {
        let mut chain: Vec<&str> = self
            .steps
            .last()
            .map(|s| s.baseline.as_str())
            .into_iter()
            .collect();
        chain.extend(self.steps.iter().rev().map(|s| s.spec.as_str()));
        chain
    }
}

const STYLE: &str = ":root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0550ae;--bad:#a40e26;--code:#f6f8fa}
@media (prefers-color-scheme: dark){:root{--bg:#14171d;--fg:#e4e7ee;--muted:#9aa3b5;--line:#2b313c;--accent:#7ea2ff;--bad:#ff7b72;--code:#232833}}
html{color-scheme:light dark}
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:var(--fg);background:var(--bg);line-height:1.5;overflow-wrap:break-word}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}ul{padding-left:1.3rem}li{margin:.25rem 0}
a{color:var(--accent);text-decoration:underline;text-underline-offset:2px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em;background:var(--code);padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}
.breaking{color:var(--bad)}.since,.source{color:var(--muted)}
";

/// Renders the changelog page: one section per release, newest first
/// (`releases` is empty when no baseline is configured; `changes` then is
/// `None`). `reference` is the file of the API reference, for the header.
pub fn changelog_html(
    changes: Option<&Changes>,
    releases: &[Release],
    title: &str,
    header: &Header,
) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    for line in header.lines() {
        let _ = writeln!(out, "<!-- {} -->", esc(&line));
    }
    let _ = write!(
        out,
        "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — changelog</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{} — changelog</h1>\n<p><a href=\"index.html\">API reference</a></p>\n",
        esc(title),
        esc(title)
    );
    match changes {
        None if releases.is_empty() => out.push_str(
            "<p id=\"no-baseline\">There is no baseline to compare with: no released version of this spec is configured. Set <code>baseline</code> (and any <code>migrations</code>) in <code>specsmith.toml</code> to list the changes since that release here.</p>\n",
        ),
        _ => {
            if let Some(c) = changes.filter(|c| !c.steps.is_empty()) {
                let chain: Vec<String> = c
                    .chain()
                    .iter()
                    .map(|v| format!("<code>{}</code>", esc(v)))
                    .collect();
                let manifests: Vec<String> = c
                    .steps
                    .iter()
                    .rev()
                    .flat_map(|s| &s.manifests)
                    .map(|m| format!("<code>{}</code>", esc(m)))
                    .collect();
                // A step joins two versions: the first, those between, the last.
                if let [first, between @ .., last] = chain.as_slice() {
                    let _ = writeln!(
                        out,
                        "<p class=\"source\">From {first}{} to {last}{}.</p>",
                        if between.is_empty() {
                            String::new()
                        } else {
                            format!(" through {}", between.join(", "))
                        },
                        if manifests.is_empty() {
                            String::new()
                        } else {
                            format!(", with the renames of {}", manifests.join(", "))
                        }
                    );
                }
            }
            out.push_str(&release_notes::html(releases));
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
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
        let page = changelog_html(None, &[], "Pets <API>", &header());
        assert!(page.contains("There is no baseline to compare with"));
        assert!(page.contains("<title>Pets &lt;API&gt; — changelog</title>"));
        assert!(page.starts_with("<!DOCTYPE html>\n<!-- @generated by specsmith from api.yml."));
        assert!(!page.contains("<ul>"));
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
