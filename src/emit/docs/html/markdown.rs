//! Markdown descriptions to HTML for the reference page. Specs are untrusted
//! input, so raw HTML in a description is shown as text, links keep only safe
//! schemes, images become their alt text (the page loads nothing), and
//! in-page links survive only when they land on an anchor the page has.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders `src` as CommonMark (with tables and strikethrough). `resolve`
/// maps a link's fragment (without `#`) to an element id on the page, or
/// `None` when the page has no such anchor; such a link is rendered as text.
pub(super) fn render(src: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    // One entry per open link: whether its start tag was dropped, so the
    // matching end tag is dropped too.
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
            Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
                level: demote(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match safe_destination(&dest_url, resolve) {
                Some(dest) => {
                    dropped.push(false);
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(dest),
                        title,
                        id,
                    }))
                }
                None => {
                    dropped.push(true);
                    None
                }
            },
            Event::End(TagEnd::Link) => {
                if dropped.pop().unwrap_or(true) {
                    None
                } else {
                    Some(Event::End(TagEnd::Link))
                }
            }
            // The alt text between the two stays, as plain text.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            other => Some(other),
        });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Headings inside a description sit below the page's own (h1–h3).
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The destination to write, or `None` to drop the link: a fragment must
/// resolve on the page; an absolute URL must be http, https or mailto.
fn safe_destination(dest: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    // Browsers drop ASCII whitespace and control characters from URLs before
    // reading the scheme (`java\tscript:`), so judge the URL as they will.
    let normalized: String = dest
        .chars()
        .filter(|c| *c > ' ' && *c != '\u{7f}')
        .collect();
    if let Some(fragment) = normalized.strip_prefix('#') {
        return resolve(fragment).map(|id| format!("#{id}"));
    }
    let lower = normalized.to_ascii_lowercase();
    match lower.find([':', '/', '?', '#']) {
        Some(i) if lower.as_bytes()[i] == b':' => {
            matches!(&lower[..i], "http" | "https" | "mailto").then(|| dest.to_string())
        }
        // Relative: no scheme to abuse.
        _ => Some(dest.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn renders_commonmark() {
        let html = render("Some **bold** and `code`.\n\n- one\n- two\n", &none);
        assert_eq!(
            html,
            "<p>Some <strong>bold</strong> and <code>code</code>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn raw_html_is_text() {
        let html = render(
            "<script>alert(1)</script>\n\nInline <img src=x onerror=alert(1)> tag.",
            &none,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn unsafe_links_and_images_become_text() {
        let html = render(
            "[a](javascript:alert(1)) [b](<java\tscript:x>) [f](&#106;avascript:x) \
             [g](JAVASCRIPT:x) [c](https://example.com/x) [d](other.html) [e](#nowhere) \
             ![alt text](https://example.com/i.png)",
            &none,
        );
        assert_eq!(html.matches("href=").count(), 2, "{html}");
        assert!(
            html.contains("<a href=\"https://example.com/x\">c</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"other.html\">d</a>"), "{html}");
        assert!(!html.contains("#nowhere"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("alt text"), "{html}");
        assert!(html.starts_with("<p>a b f g <a "), "{html}");
    }

    #[test]
    fn fragments_resolve_through_the_page() {
        let resolve = |f: &str| (f == "operation/getThing").then(|| "op-getThing".to_string());
        let html = render("See [it](#operation/getThing).", &resolve);
        assert_eq!(html, "<p>See <a href=\"#op-getThing\">it</a>.</p>\n");
    }

    #[test]
    fn headings_are_demoted() {
        assert_eq!(render("# Title", &none), "<h4>Title</h4>\n");
    }
}
