//! Doc comments the way gofmt prints them: its canonical form (headings,
//! lists, link definitions), declarations that start with their name, and
//! generated prose wrapped to width.

use super::*;

/// Doc comment lines in the form gofmt prints them: no indented lines
/// (those would become code blocks or lists), old-style headings spelled
/// `# Heading`, no paragraph of link definitions (gofmt moves those), and
/// two backquotes or two single quotes as the curly quotes gofmt makes of
/// them (`user''s` → `user”s`).
pub fn canonical_doc(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let trimmed = line.trim();
        let mut line = if trimmed.contains("``") || trimmed.contains("''") {
            trimmed.replace("``", "\u{201c}").replace("''", "\u{201d}")
        } else if trimmed.len() == line.len() {
            line
        } else {
            trimmed.to_string()
        };
        if let Some(rest) = line.strip_prefix("#\t") {
            line = format!("# {}", rest.trim_start());
        }
        if is_link_def(&line) {
            line = format!("See {line}");
        }
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    // Which lines are headings is decided on the lines as they were.
    let headings: Vec<bool> = (0..out.len()).map(|i| is_old_heading(&out, i)).collect();
    for (line, heading) in out.iter_mut().zip(headings) {
        if heading {
            *line = format!("# {line}");
        }
    }
    out
}

/// go/doc/comment's `parseLink`: `[text]: scheme://…`.
pub(super) fn is_link_def(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some(i) = rest.find("]:") else {
        return false;
    };
    let after = &rest[i + 2..];
    if !(after.starts_with(' ') || after.starts_with('\t')) || after.trim().is_empty() {
        return false;
    }
    let url = after.trim();
    match url.find("://") {
        Some(j) => {
            let scheme = &url[..j];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// go/doc/comment's `isOldHeading`.
pub(super) fn is_old_heading(all: &[String], off: usize) -> bool {
    if off == 0 || !all[off - 1].is_empty() || off + 2 >= all.len() || !all[off + 1].is_empty() {
        return false;
    }
    let line = all[off].trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || !first.is_uppercase() {
        return false;
    }
    let last = line.chars().last().unwrap_or(' ');
    if !last.is_alphabetic() && !last.is_numeric() {
        return false;
    }
    if line.contains(|c| ";:!?+*/=[]{}_^°&§~%#@<\">\\".contains(c)) {
        return false;
    }
    let mut rest = line;
    while let Some(i) = rest.find('\'') {
        rest = &rest[i + 1..];
        if rest != "s" && !rest.starts_with("s ") {
            return false;
        }
    }
    let mut rest = line;
    while let Some(i) = rest.find('.') {
        rest = &rest[i + 1..];
        if rest.is_empty() || rest.starts_with(' ') {
            return false;
        }
    }
    true
}

/// Doc comment lines for `ident`: the text's first line is made to start
/// with the identifier, as Go expects.
pub(super) fn ident_doc(ident: &str, text: Option<&str>, fallback: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .map(doc_lines)
        .unwrap_or_default()
        .into_iter()
        .map(|l| l.trim().to_string())
        .collect();
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    match lines.first_mut() {
        None => lines.push(format!("{ident} is {fallback}")),
        Some(first) => *first = lead_with(ident, first),
    }
    lines
}

/// Makes a summary line start with `ident`: `A sandbox …` → `Sandbox is a
/// sandbox …`, `When it …` → `X is when it …`, `Lifecycle state …` → `X is
/// the lifecycle state …`; text that does not read as a noun phrase (a verb,
/// a participle, lowercase code) is kept after the name.
pub fn lead_with(ident: &str, first: &str) -> String {
    const ARTICLES: &[&str] = &["A", "An", "The"];
    const WH: &[&str] = &[
        "When", "Where", "Why", "How", "What", "Whether", "Which", "Who",
    ];
    const VERBS: &[&str] = &[
        "Use",
        "Uses",
        "Start",
        "Starts",
        "Keep",
        "Keeps",
        "Return",
        "Returns",
        "Get",
        "Gets",
        "Set",
        "Sets",
        "Create",
        "Creates",
        "List",
        "Lists",
        "Make",
        "Makes",
        "Send",
        "Sends",
        "See",
        "Do",
        "Does",
        "Is",
        "Are",
        "May",
        "Must",
        "Can",
        "Should",
        "Will",
        "Contains",
        "Describes",
        "Represents",
        "Holds",
        "Defines",
        "Specifies",
        "Indicates",
        "Deprecated",
        "Required",
        "Optional",
        "Only",
        "Not",
        "If",
        "For",
        "To",
        "In",
        "On",
        "At",
        "By",
        "With",
        "From",
        "Of",
        "Used",
        "Named",
        "Starts",
        "This",
        "These",
        "That",
        "Those",
        "It",
    ];
    if first.starts_with(ident) && first[ident.len()..].starts_with([' ', ',']) {
        return first.to_string();
    }
    let word = first.split_whitespace().next().unwrap_or("");
    let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut chars = first.chars();
    let (Some(c0), c1) = (chars.next(), chars.next()) else {
        return ident.to_string();
    };
    let lowered = || c0.to_lowercase().collect::<String>() + &first[c0.len_utf8()..];
    if ARTICLES.contains(&bare) || WH.contains(&bare) {
        return format!("{ident} is {}", lowered());
    }
    let noun_like = c0.is_uppercase()
        && !VERBS.contains(&bare)
        && !bare.ends_with("ed")
        && !bare.ends_with("ing")
        && bare.chars().all(|c| c.is_alphabetic() || c == '-');
    if !noun_like {
        return format!("{ident} {first}");
    }
    // An acronym (`OCI image …`) keeps its capitals.
    if c1.is_some_and(char::is_uppercase) {
        format!("{ident} is the {first}")
    } else {
        format!("{ident} is the {}", lowered())
    }
}

/// Splits generated prose into lines of at most `width` columns.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    // The line's length in characters, kept as it grows.
    let mut chars = 0;
    for word in text.split_whitespace() {
        let word_chars = word.chars().count();
        if !line.is_empty() && chars + 1 + word_chars > width {
            out.push(std::mem::take(&mut line));
            chars = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            chars += 1;
        }
        line.push_str(word);
        chars += word_chars;
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_lead_with_the_identifier() {
        assert_eq!(
            lead_with("Snapshot", "A point-in-time backup."),
            "Snapshot is a point-in-time backup."
        );
        assert_eq!(
            lead_with("CreatedAt", "When capture started."),
            "CreatedAt is when capture started."
        );
        assert_eq!(lead_with("CPU", "CPU allowance."), "CPU allowance.");
        assert_eq!(lead_with("Size", "Stored size."), "Size Stored size.");
    }

    #[test]
    fn canonical_doc_matches_gofmt_rules() {
        let lines: Vec<String> = [
            "X is x.",
            "",
            "Old Heading",
            "",
            "  - item",
            "[a]: https://x.y",
            "A user''s ``quote''.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            canonical_doc(lines),
            vec![
                "X is x.",
                "",
                "# Old Heading",
                "",
                "- item",
                "See [a]: https://x.y",
                "A user\u{201d}s \u{201c}quote\u{201d}."
            ]
        );
    }
}
