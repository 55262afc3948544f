//! The `docs` target: what a documentation site publishes for the spec.
//!
//! - `spec-inline.js`: `const OPENAPI_SPEC_YAML = "<the root spec file's
//!   text as a JSON string>";`, no trailing newline, for pages that hand the
//!   spec to a viewer (Redoc) without fetching it. The string is escaped
//!   exactly as JavaScript's `JSON.stringify` escapes it (see [`js_string`]).
//! - `openapi.yaml` and `openapi.json`: the spec as one file, every external
//!   file `$ref` inlined into `components` (the loader's bundle).
//! - `index.html`: the API reference: one self-contained page, or for a
//!   large spec the overview of a reference split into pages (see
//!   [`html::Layout`]).
//! - `changelog.html` and `CHANGELOG.md`: release notes (added, changed,
//!   deprecated, removed, renamed) between the configured baseline and the
//!   spec, or over several versions (one release per step, newest first),
//!   with the declared renames, linked to the reference.

mod changelog;
pub mod html;
pub mod release_notes;
mod yaml;

use std::fmt::Write as _;

use crate::diag::{Diagnostic, Loc, Severity};
use crate::emit::{EmitContext, Emitter, Header};
use crate::load::Document;
use crate::output::OutputTree;

pub use changelog::{changelog_html, Changes, Step};
use release_notes::Release;

/// The `docs` target.
pub struct Docs;

impl Emitter for Docs {
    fn name(&self) -> &'static str {
        "docs"
    }

    fn options(&self) -> crate::emit::Options {
        crate::emit::Options {
            own: &["title", "layout", "sdk-samples"],
            package: false,
        }
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let Some(doc) = cx.document else {
            return Err(vec![Diagnostic::new(
                "emit-internal",
                Severity::Error,
                Loc::default(),
                "docs: the target publishes the spec file itself, and no loaded document was given",
            )]);
        };
        let title = cx.options.get("title").unwrap_or(&cx.api.title);
        let layout_option = cx.options.get_or("layout", "auto");
        let Some(layout) = html::Layout::parse(layout_option) else {
            return Err(vec![cx.options.invalid(
                "docs",
                "layout",
                layout_option,
                "use `auto`, `single` or `split`",
            )]);
        };
        let templates = cx.templates.renderer("docs")?;
        let sdks = match cx.options.get_or("sdk-samples", "true") {
            "true" => Some(html::Packages::new(&cx.api.title, &|t| {
                cx.options.sdks.get(t).cloned().unwrap_or_default()
            })),
            "false" => None,
            other => {
                return Err(vec![cx.options.invalid(
                    "docs",
                    "sdk-samples",
                    other,
                    "use `true` or `false`",
                )])
            }
        };
        // The spec's own copies do not depend on the reference: made beside it.
        let header = &cx.header;
        let (copies, reference) = std::thread::scope(|scope| {
            let copies = scope.spawn(|| {
                [
                    ("spec-inline.js".to_string(), spec_inline(doc)),
                    ("openapi.yaml".to_string(), bundle_yaml(doc, header)),
                    ("openapi.json".to_string(), bundle_json(doc)),
                ]
            });
            let reference =
                html::reference_site_with(cx.api, title, layout, &templates, sdks.as_ref());
            match copies.join() {
                Ok(copies) => (copies, reference),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        let reference = reference?;
        let anchors = html::Anchors::new(cx.api, reference.len() > 1);
        // The newest step's spec is the one the reference shows; an older
        // step links only to what the reference still has at the same
        // place (an operation by its path and method, a schema by name).
        let mut releases: Vec<Release> = cx
            .changes
            .iter()
            .flat_map(|c| c.steps.iter().enumerate())
            .map(|(i, s)| {
                let href = |p: &str| {
                    if i == 0 {
                        anchors.href(p)
                    } else {
                        anchors.href_exact(p)
                    }
                };
                Release::new(&s.report, &s.renames, &href)
            })
            .collect();
        if let Some(c) = cx.changes {
            let files: Vec<(String, String)> = c
                .steps
                .iter()
                .map(|s| (s.baseline.clone(), s.spec.clone()))
                .collect();
            release_notes::name_by_files(&mut releases, &files);
        }
        let mut files = Vec::from(copies);
        files.extend([
            (
                "changelog.html".to_string(),
                changelog_html(cx.changes, &releases, title, &cx.header),
            ),
            (
                "CHANGELOG.md".to_string(),
                changelog_markdown(&releases, &cx.header),
            ),
        ]);
        files.extend(reference);
        let mut tree = OutputTree::new();
        for (path, text) in files {
            tree.insert(path, text).map_err(|e| {
                vec![Diagnostic::new(
                    "output-path",
                    Severity::Error,
                    Loc::default(),
                    format!("docs: {e}"),
                )]
            })?;
        }
        Ok(tree)
    }
}

/// `CHANGELOG.md`: the release notes as a Markdown fragment to paste into a
/// project's changelog, links relative to the bundle's folder.
pub fn changelog_markdown(releases: &[Release], header: &Header) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "<!-- {line} -->");
    }
    out.push('\n');
    if releases.is_empty() {
        out.push_str("No baseline is configured, so there are no release notes yet.\n");
    } else {
        out.push_str(&release_notes::markdown(releases, ""));
    }
    out
}

/// `s` as a JavaScript string literal, byte for byte what `JSON.stringify(s)`
/// returns: `"` and `\` escaped with a backslash; backspace, form feed, line
/// feed, carriage return and tab as `\b \f \n \r \t`; every other character
/// below U+0020 as `\u00xx` with lowercase hex; everything else as itself
/// (`/`, DEL, U+2028, U+2029 and all non-ASCII text are not escaped).
/// `JSON.stringify` also writes lone surrogates as `\udxxx`; a Rust `str` is
/// valid UTF-8 and cannot hold one, so that case never arises here.
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16 + 2);
    out.push('"');
    // Every character that is escaped is ASCII: the text between them is
    // copied a run at a time.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if short.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
    out
}

/// `spec-inline.js` for a loaded spec: the root file's text exactly as it
/// was read, a leading byte order mark included (Node's
/// `readFileSync(path, "utf8")` keeps it as U+FEFF, and `JSON.stringify`
/// does not escape it), so the output matches a Node script that inlines
/// the file.
pub fn spec_inline(doc: &Document) -> String {
    let root = doc.root_file();
    let bom = if root.bom { "\u{feff}" } else { "" };
    spec_inline_text(&format!("{bom}{}", root.text))
}

/// `spec-inline.js` for a spec's text.
pub fn spec_inline_text(text: &str) -> String {
    format!("const OPENAPI_SPEC_YAML = {};", js_string(text))
}

/// The bundled spec as pretty JSON with a final newline. JSON has no
/// comments, so this file carries no generated-file header.
pub fn bundle_json(doc: &Document) -> String {
    let mut text = serde_json::to_string_pretty(&doc.bundled).unwrap_or_default();
    text.push('\n');
    text
}

/// The bundled spec as YAML, after the generated-file header as comments.
pub fn bundle_yaml(doc: &Document, header: &Header) -> String {
    let body = yaml::to_string(&doc.bundled);
    format!("{}{body}", header.comment("#"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_quoted_unchanged() {
        assert_eq!(js_string("openapi: 3.1.0"), "\"openapi: 3.1.0\"");
        assert_eq!(js_string(""), "\"\"");
        assert_eq!(js_string("a/b</script>"), "\"a/b</script>\"");
    }

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(js_string(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(js_string(r"C:\path\n"), r#""C:\\path\\n""#);
        assert_eq!(js_string(r#"\""#), r#""\\\"""#);
    }

    #[test]
    fn control_characters_use_short_forms_or_lowercase_hex() {
        assert_eq!(
            js_string("\u{8}\u{c}\n\r\t"),
            r#""\b\f\n\r\t""#,
            "the five short escapes"
        );
        assert_eq!(js_string("\u{0}"), r#""\u0000""#);
        assert_eq!(js_string("\u{1}\u{b}\u{1f}"), r#""\u0001\u000b\u001f""#);
        assert_eq!(js_string("\u{1b}[0m"), r#""\u001b[0m""#);
        // DEL and C1 controls are not escaped by JSON.stringify.
        assert_eq!(js_string("\u{7f}\u{85}"), "\"\u{7f}\u{85}\"");
    }

    #[test]
    fn crlf_line_ends_are_kept_as_both_escapes() {
        assert_eq!(js_string("a: 1\r\nb: 2\r\n"), r#""a: 1\r\nb: 2\r\n""#);
    }

    #[test]
    fn line_and_paragraph_separators_stay_raw() {
        let out = js_string("x\u{2028}y\u{2029}z");
        assert_eq!(out, "\"x\u{2028}y\u{2029}z\"");
        assert!(!out.contains("\\u2028"));
    }

    #[test]
    fn non_ascii_and_astral_characters_stay_raw() {
        assert_eq!(js_string("café — 沙箱"), "\"café — 沙箱\"");
        assert_eq!(js_string("🚀 ok"), "\"🚀 ok\"");
        assert_eq!(js_string("\u{feff}openapi"), "\"\u{feff}openapi\"");
    }

    #[test]
    fn agrees_with_serde_json_on_every_scalar_value_below_u_10000_and_some_above() {
        // serde_json's string escaping is the same as JSON.stringify's for
        // valid Unicode; checking every BMP scalar value guards both.
        let chars = (0u32..0x1_0000)
            .chain([0x1_f600, 0x1_0000, 0x10_ffff])
            .filter_map(char::from_u32);
        for c in chars {
            let s = format!("a{c}b");
            assert_eq!(
                js_string(&s),
                serde_json::to_string(&s).unwrap(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn spec_inline_has_the_exact_frame_and_no_newline() {
        let js = spec_inline_text("openapi: 3.0.3\n");
        assert_eq!(js, "const OPENAPI_SPEC_YAML = \"openapi: 3.0.3\\n\";");
        assert!(!js.ends_with('\n'));
    }
}
