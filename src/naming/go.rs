//! Go names: exported PascalCase types, fields and enum constants (the
//! constant is the type name followed by the member's suffix), with golint's
//! initialisms in capitals (`imageUri` → `ImageURI`). Exported names cannot be
//! keywords; lowerCamelCase parameters that are get a trailing `_`.

use super::case::for_each_lowercase_word;

use super::{enum_value_words, ident_words, sanitize, IdentKind};

/// Words Go spells in capitals (golint's list, plus plurals).
const INITIALISMS: &[&str] = &[
    "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP",
    "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL",
    "UDP", "UI", "UID", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS",
];
const PLURAL_INITIALISMS: &[(&str, &str)] = &[
    ("ids", "IDs"),
    ("uris", "URIs"),
    ("urls", "URLs"),
    ("apis", "APIs"),
    ("uuids", "UUIDs"),
];

/// Package-level names the generated package defines itself.
pub const PACKAGE_NAMES: &[&str] = &["NewNull", "NewNullable", "Nullable"];

/// Go keywords (a package name must not be one).
pub const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Every table of names a Go identifier may not be as it is.
pub const RESERVED: &[&[&str]] = &[KEYWORDS, PACKAGE_NAMES];

/// The words of a name, Go-cased: `imageUri` → `ImageURI`, `3d-print` →
/// `3dPrint`. Empty when the name has no letters or digits.
pub fn pascal(raw: &str) -> String {
    // Asked again for every use of a type or field.
    super::kept(super::Spelling::GoPascal, raw, || {
        let sanitized = sanitize(&ident_words(raw));
        let mut out = String::with_capacity(sanitized.len());
        for_each_lowercase_word(&sanitized, |word| {
            // The initialisms are upper case: the one that is the word
            // upper-cased. No initialism is longer than five letters.
            let initialism = (word.len() <= 5)
                .then(|| INITIALISMS.iter().find(|i| i.eq_ignore_ascii_case(word)))
                .flatten();
            if let Some(initialism) = initialism {
                out.push_str(initialism);
            } else if let Some((_, spelled)) = PLURAL_INITIALISMS.iter().find(|(w, _)| *w == word) {
                out.push_str(spelled);
            } else {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.push(first.to_ascii_uppercase());
                    out.push_str(chars.as_str());
                }
            }
        });
        out
    })
}

/// A model type's name: exported, `T` in front of a leading digit,
/// `Model` when nothing is left.
pub fn type_name(source: &str) -> String {
    exported(source, "T", "Model")
}

/// An exported Go identifier for a type or field name.
pub fn exported(raw: &str, prefix: &str, fallback: &str) -> String {
    let p = pascal(raw);
    if p.is_empty() {
        fallback.to_string()
    } else if p.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{p}")
    } else {
        p
    }
}

/// The suffix of an enum constant (after the type name), from
/// [`member_sources`] text.
pub fn const_suffix(source: &str) -> String {
    let p = pascal(source);
    if p.is_empty() {
        "Empty".into()
    } else {
        p
    }
}

pub(super) fn cased(kind: IdentKind, wire: &str) -> String {
    match kind {
        IdentKind::Type => type_name(wire),
        IdentKind::Field => exported(wire, "X", "Field"),
        IdentKind::EnumVariant => const_suffix(&enum_value_words(wire)),
        IdentKind::Parameter => unexported(wire),
    }
}

/// An unexported Go identifier (a function parameter): [`pascal`] with its
/// leading word lowered, initialisms kept together: `sandboxId` →
/// `sandboxID`, `URLPath` → `urlPath`, `id` → `id`.
pub fn unexported(raw: &str) -> String {
    let p = pascal(raw);
    let chars: Vec<char> = p.chars().collect();
    let run = chars.iter().take_while(|c| !c.is_ascii_lowercase()).count();
    // In `URLPath` the run is `URLP`: its last letter starts the next word.
    let lower = if run < chars.len() && run > 1 && chars[run - 1].is_ascii_alphabetic() {
        run - 1
    } else {
        run.max(1)
    };
    let mut out: String = chars[..lower.min(chars.len())]
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    out.extend(&chars[lower.min(chars.len())..]);
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'p');
    }
    out
}

pub(super) fn escape(kind: IdentKind, cased: &str) -> Option<String> {
    (kind == IdentKind::Parameter && KEYWORDS.contains(&cased)).then(|| format!("{cased}_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialisms_are_capitalised() {
        assert_eq!(pascal("imageUri"), "ImageURI");
        assert_eq!(pascal("sandboxId"), "SandboxID");
        assert_eq!(pascal("http_url"), "HTTPURL");
        assert_eq!(unexported("sandboxId"), "sandboxID");
        assert_eq!(unexported("URLPath"), "urlPath");
        assert_eq!(unexported("id"), "id");
        assert_eq!(unexported("page_token"), "pageToken");
        assert_eq!(pascal("userIds"), "UserIDs");
        assert_eq!(pascal("3d-print"), "3dPrint");
        assert_eq!(exported("2fa", "X", "F"), "X2fa");
        assert_eq!(exported("größe", "X", "F"), "GrU00f6U00dfE");
        assert_eq!(pascal("ascii_xmpp_utf8"), "ASCIIXMPPUTF8");
    }

    #[test]
    fn no_initialism_is_longer_than_pascal_looks() {
        assert!(INITIALISMS.iter().all(|i| i.len() <= 5));
    }
}
