//! Go spellings the models need beyond identifiers (those are in
//! `crate::naming::go`): the package name, string literals, tag names,
//! receivers and articles.

use super::*;

pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Sandbox Lifecycle API` → `sandboxlifecycleapi`.
pub fn default_package(title: &str) -> String {
    let mut s: String = title
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "api");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push_str("api");
    }
    s
}

pub(super) fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && !KEYWORDS.contains(&name)
}

/// A Go interpreted string literal (JSON escapes are valid Go escapes).
pub fn go_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Whether encoding/json accepts `name` as a tag name (its `isValidTag`).
pub(super) fn valid_tag_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| "!#$%&()*+-./:;<=>?@[]^_{|}~ ".contains(c) || c.is_alphanumeric())
}

/// `a` or `an`, for a Go identifier read aloud.
pub(super) fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// The receiver name: the type's first letter, lowercased.
pub(super) fn receiver(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| c.to_ascii_lowercase().to_string())
        .unwrap_or_else(|| "v".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(
            default_package("Sandbox Lifecycle API"),
            "sandboxlifecycleapi"
        );
        assert_eq!(default_package("2 Fast"), "api2fast");
        assert_eq!(default_package("Package"), "packageapi");
    }
}
