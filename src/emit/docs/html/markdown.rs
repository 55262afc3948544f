//! Markdown descriptions to HTML for the reference page. Descriptions are
//! CommonMark with GitHub tables and strikethrough; raw HTML in them (Stripe's
//! descriptions are HTML) is kept, then the whole fragment goes through
//! ammonia's allow-list sanitiser: no scripts, styles, forms, frames or
//! images, no event or style attributes, links only to `http`, `https`,
//! `mailto` or relative targets, each with `rel="noopener noreferrer"`, and
//! unclosed tags closed. Images become their alt text (the page loads
//! nothing), and in-page links survive only when they land on an anchor the
//! page has.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashSet;
use std::sync::LazyLock;

use super::Page;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The allow-list, built once (ammonia's defaults, narrowed).
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        // The page loads nothing from elsewhere.
        .rm_tags(["img"])
        // GitHub tables align their columns with a `style`; only that is kept.
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .attribute_filter(|element, attribute, value| {
            if attribute == "style" {
                let kept = matches!(element, "th" | "td")
                    && matches!(
                        value.trim().trim_end_matches(';'),
                        "text-align: left" | "text-align: center" | "text-align: right"
                    );
                return kept.then_some(Cow::Borrowed(value));
            }
            Some(Cow::Borrowed(value))
        });
    b
});

impl Page<'_> {
    /// `text` as HTML ([`render`]), each distinct text rendered once per
    /// page (once per file when it links into the page).
    pub(super) fn markdown(&self, text: &str) -> String {
        let current = self.current.get();
        if let Some((file, html)) = self.markdown.borrow().get(text) {
            if file.is_none_or(|f| f == current) {
                return html.clone();
            }
        }
        // Whether the text links into the page, which makes its HTML depend
        // on the file being written.
        let links = Cell::new(false);
        let html = render(text, &|f| {
            links.set(true);
            self.resolve(f).map(|id| self.href(&id))
        });
        let file = links.get().then_some(current);
        self.markdown
            .borrow_mut()
            .insert(text.to_string(), (file, html.clone()));
        html
    }
}

/// Renders `src` as CommonMark (with tables and strikethrough), raw HTML
/// included, and sanitises the result. `resolve` maps a link's fragment
/// (without `#`) to the `href` of that anchor on the reference (`#id`, or
/// `page.html#id` when the reference is split), or `None` when there is no
/// such anchor: such a Markdown link is rendered as its text, and such an
/// HTML link loses its `href`.
pub(super) fn render(src: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    // One entry per open link: whether its start tag was dropped, so the
    // matching end tag is dropped too.
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|event| match event {
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
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    let clean = SANITIZER.clean(&raw).to_string();
    resolve_fragments(&clean, resolve)
}

/// In sanitised HTML (ammonia writes every attribute as `name="value"`),
/// each `href="#…"` pointed at its anchor, or removed when the page has none.
fn resolve_fragments(html: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    const NEEDLE: &str = " href=\"#";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(NEEDLE) {
        out.push_str(&rest[..at]);
        let value_start = at + NEEDLE.len();
        let Some(len) = rest[value_start..].find('"') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let written = rest[value_start..value_start + len].replace("&amp;", "&");
        // pulldown-cmark percent-encodes what a URL may not hold (`"` as `%22`).
        let decoded = percent_encoding::percent_decode_str(&written).decode_utf8_lossy();
        if let Some(href) = resolve(&written).or_else(|| resolve(&decoded)) {
            out.push_str(" href=\"");
            out.push_str(&href.replace('&', "&amp;").replace('"', "&quot;"));
            out.push('"');
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
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
        // Kept as written: the pass after sanitising points it at its anchor.
        return resolve(fragment).map(|_| format!("#{fragment}"));
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

    /// Every way a description might try to run code or load something.
    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "before <script>alert(1)",
        "<SCRIPT SRC=https://example.com/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<p onclick=\"alert(1)\" onmouseover='alert(1)'>hi</p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "[md](javascript:alert(1))",
        "<iframe src=\"https://example.com\"></iframe>",
        "<object data=x></object><embed src=x>",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<style>body{background:url(https://example.com/x)}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<form action=https://example.com><input autofocus onfocus=alert(1)><button>go</button></form>",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://example.com/\">",
        "<link rel=stylesheet href=https://example.com/x.css>",
        "<details open ontoggle=alert(1)>x</details>",
        "<table><tr><td background=javascript:alert(1)>x",
        "<b><i>unclosed <a href=\"https://example.com\">tags",
        "<!-- <script>alert(1)</script> -->",
        "<p>ok</p></div></td></table></body></html><script>alert(1)</script>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<textarea></textarea><script>alert(1)</script>",
    ];

    #[test]
    fn hostile_html_cannot_run_or_load_anything() {
        for src in HOSTILE {
            let html = render(src, &none).to_ascii_lowercase();
            for bad in [
                "<script",
                "<img",
                "<iframe",
                "<object",
                "<embed",
                "<svg",
                "<math",
                "<style",
                "<form",
                "<input",
                "<button",
                "<meta",
                "<base",
                "<link",
                "<textarea",
                "<noscript",
                "javascript:",
                "vbscript:",
                "data:",
                " on",
                " style=",
                " background=",
                " src=",
                "<!--",
            ] {
                assert!(!html.contains(bad), "{bad} survived in {src:?}: {html}");
            }
            // Every tag that was opened is closed, so nothing leaks past the
            // description's box.
            for tag in ["b", "i", "a", "p", "div", "table", "td", "details"] {
                assert_eq!(
                    html.matches(&format!("<{tag}>")).count()
                        + html.matches(&format!("<{tag} ")).count(),
                    html.matches(&format!("</{tag}>")).count(),
                    "<{tag}> unbalanced for {src:?}: {html}"
                );
            }
        }
    }

    #[test]
    fn safe_html_is_kept_and_links_get_rel() {
        let html = render(
            "<p>Initiate <strong>3D Secure</strong> authentication, see \
             <a href=\"https://stripe.com/docs\" target=\"_blank\">the docs</a>.</p>",
            &none,
        );
        assert_eq!(
            html,
            "<p>Initiate <strong>3D Secure</strong> authentication, see \
             <a href=\"https://stripe.com/docs\" rel=\"noopener noreferrer\">the docs</a>.</p>"
        );
        let md = render("[c](https://example.com/x)", &none);
        assert_eq!(
            md,
            "<p><a href=\"https://example.com/x\" rel=\"noopener noreferrer\">c</a></p>\n"
        );
    }

    #[test]
    fn github_tables_keep_their_alignment_only() {
        let html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n", &none);
        assert!(
            html.contains("<th style=\"text-align: left\">a</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td style=\"text-align: right\">2</td>"),
            "{html}"
        );
        let html = render(
            "<table><tr><td style=\"color:red\">x</td></tr></table>",
            &none,
        );
        assert!(!html.contains("style"), "{html}");
    }

    #[test]
    fn html_fragment_links_resolve_or_lose_their_target() {
        let resolve = |f: &str| (f == "schemas/Thing").then(|| "#schema-Thing".to_string());
        let html = render(
            "<a href=\"#schemas/Thing\">ok</a> <a href=\"#nowhere\">gone</a>",
            &resolve,
        );
        assert!(
            html.contains("<a href=\"#schema-Thing\" rel=\"noopener noreferrer\">ok</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a rel=\"noopener noreferrer\">gone</a>"),
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
            html.contains("<a href=\"https://example.com/x\" rel=\"noopener noreferrer\">c</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"other.html\" rel=\"noopener noreferrer\">d</a>"),
            "{html}"
        );
        assert!(!html.contains("#nowhere"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("alt text"), "{html}");
        assert!(html.starts_with("<p>a b f g <a "), "{html}");
    }

    #[test]
    fn fragments_resolve_through_the_page() {
        let resolve = |f: &str| (f == "operation/getThing").then(|| "#op-getThing".to_string());
        let html = render("See [it](#operation/getThing).", &resolve);
        assert_eq!(
            html,
            "<p>See <a href=\"#op-getThing\" rel=\"noopener noreferrer\">it</a>.</p>\n"
        );
    }

    #[test]
    fn headings_are_demoted() {
        assert_eq!(render("# Title", &none), "<h4>Title</h4>\n");
    }
}
