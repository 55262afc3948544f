//! Doc comments from spec text: one `#[doc]` line each (printed as `///`), so
//! no description can end a comment early, with Markdown list and quote
//! continuations indented the way rustdoc and clippy expect.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

/// `///` lines for `text`; nothing for empty text.
pub fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// [`outer`]'s attributes as text, on one line, written without building
/// the tokens: for template output that is parsed again, where only the
/// tokens count.
pub fn outer_text(text: &str) -> String {
    let mut out = String::new();
    for line in lines(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str("#[doc = ");
        out.push_str(&super::text::lit(&line));
        out.push(']');
    }
    out
}

/// `//!` lines for `text`.
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Joins paragraphs (skipping empty ones) with a blank line.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The doc attribute values of `text`, a line each (` text`, or empty).
pub(crate) fn lines(text: &str) -> Vec<String> {
    let text = text.trim_matches(|c| c == '\n' || c == '\r');
    // One line that opens no fence (most descriptions, every enum value's
    // doc) is itself: nothing to expand or to continue.
    if memchr::memchr3(b'\n', b'\r', b'\t', text.as_bytes()).is_none() {
        let t = text.trim_start();
        if !t.starts_with("```") && !t.starts_with("~~~") {
            let l = text.trim_end();
            if l.is_empty() {
                return Vec::new();
            }
            let mut line = String::with_capacity(l.len() + 1);
            line.push(' ');
            line.push_str(l);
            return vec![line];
        }
    }
    every_line(text)
}

/// [`lines`] of any text, line by line.
fn every_line(text: &str) -> Vec<String> {
    let text = expand_tabs(text);
    let fixed = fix_continuations(&text);
    let mut out: Vec<String> = fixed
        .lines()
        .map(|l| {
            let l = l.trim_end();
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Tabs as spaces up to the next multiple of four columns, Markdown's tab
/// stop, so the text renders the same; clippy (`tabs_in_doc_comments`) fails
/// a crate on any tab in a doc comment.
fn expand_tabs(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let width = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', width));
                column += width;
            }
            '\n' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// The width of a list marker and its spaces (`- `, `12. `), if the line is a list item.
fn list_marker(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let marker = if trimmed.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 || !trimmed[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let rest = &trimmed[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if spaces == 0 || rest.trim().is_empty() {
        return None;
    }
    Some(lead + marker + spaces.min(4))
}

/// Indents lazy continuation lines of list items to the item's content, and
/// marks lazy continuations of block quotes: the rendering is the same, and
/// rustdoc (and clippy's `doc_lazy_continuation`) stop guessing. An
/// unlabelled code fence is labelled `text`.
fn fix_continuations(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut item_indent: Option<usize> = None;
    let mut in_quote = false;
    let mut fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // An opening fence without a language is Rust to rustdoc, a
            // doctest that would not compile: it is text.
            let bare = matches!(trimmed.trim_end(), "```" | "~~~");
            if !fence && bare {
                out.push(format!("{}text", line.trim_end()));
            } else {
                out.push(line.to_string());
            }
            fence = !fence;
            continue;
        }
        if fence {
            out.push(line.to_string());
            continue;
        }
        if trimmed.is_empty() {
            in_quote = false;
            // A blank line ends lazy continuation; a later line indented
            // to the item's content still belongs to it (see below).
            out.push(String::new());
            continue;
        }
        if trimmed.starts_with('>') {
            in_quote = true;
            item_indent = None;
            out.push(line.to_string());
            continue;
        }
        if in_quote {
            out.push(format!("> {trimmed}"));
            continue;
        }
        if let Some(w) = list_marker(line) {
            item_indent = Some(w);
            out.push(line.to_string());
            continue;
        }
        let previous_blank = out.last().is_some_and(String::is_empty);
        match item_indent {
            Some(w) if !previous_blank => out.push(format!("{}{trimmed}", " ".repeat(w))),
            Some(w) => {
                let lead = line.len() - trimmed.len();
                if lead >= w {
                    out.push(format!("{}{trimmed}", " ".repeat(w)));
                } else {
                    item_indent = None;
                    out.push(line.to_string());
                }
            }
            None => out.push(line.to_string()),
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outer_text_is_outer_as_text() {
        let texts = [
            "",
            "One line.",
            "Two paragraphs.\n\nThe second says \"hi\" with a \\ and a tab\there.",
            "```\nlet x = 1;\n```\nafter the fence, é and \u{200b} and \u{7f}",
            "  - a list\n    continued */ /* here\r\n",
            "/leading slash",
        ];
        for t in texts {
            let parsed: TokenStream = outer_text(t).parse().expect("parses");
            assert_eq!(parsed.to_string(), outer(t).to_string(), "{t:?}");
        }
    }

    #[test]
    fn one_line_is_the_same_by_the_short_way() {
        for text in [
            "plain",
            "  indented and trailing  ",
            "",
            "   ",
            "- a list item",
            "1. first",
            "> a quote",
            "```",
            "  ~~~",
            "```json",
            "\n\r one between breaks \r\n",
            "a ` code ` span",
        ] {
            let long = every_line(text.trim_matches(|c| c == '\n' || c == '\r'));
            assert_eq!(lines(text), long, "{text:?}");
        }
    }

    #[test]
    fn comment_terminators_stay_inside_lines() {
        let l = lines("ends */ here\n\n\"\"\" and /// too\n");
        assert_eq!(l, vec![" ends */ here", "", " \"\"\" and /// too"]);
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        let t = fix_continuations("1. **Creation** starts\nand goes on\n2. next\n\nafter");
        assert_eq!(
            t,
            "1. **Creation** starts\n   and goes on\n2. next\n\nafter"
        );
        let q = fix_continuations("> quoted\nlazy");
        assert_eq!(q, "> quoted\n> lazy");
    }

    #[test]
    fn tabs_become_spaces_to_the_next_stop() {
        let l = lines("Queue:\n\t- **fifo**\n\t\t- nested\n\nab\tc");
        let expected = [
            " Queue:",
            "     - **fifo**",
            "         - nested",
            "",
            " ab  c",
        ];
        assert_eq!(l, expected);
    }

    #[test]
    fn unlabelled_fences_are_text() {
        let t = fix_continuations("Example:\n```\nlet x = 1;\n```\n```json\n{}\n```");
        assert_eq!(t, "Example:\n```text\nlet x = 1;\n```\n```json\n{}\n```");
    }
}
