//! The case conversions identifiers are spelled with: `heck`'s (0.5) word
//! splitting and casing, written straight into one `String` instead of
//! through `fmt` one character at a time, which made naming a large part of
//! every target's time. The output is `heck`'s for every input (the tests
//! compare them); the traits have `heck`'s names so a caller only changes
//! its `use`.

/// The case of the last cased character of the word being read.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// No cased character since the last word boundary.
    Boundary,
    Lowercase,
    Uppercase,
}

/// Splits `s` into words as `heck` does (at every character that is not
/// alphanumeric, before an uppercase letter that follows a lowercase one,
/// and before the last capital of a run followed by a lowercase letter:
/// `HTTPServer` → `HTTP`, `Server`), writes each with `word` and writes
/// `boundary` between two words.
fn transform(s: &str, out: &mut String, mut word: impl FnMut(&str, &mut String), boundary: &str) {
    if s.is_ascii() {
        return transform_ascii(s, out, word, boundary);
    }
    let mut first_word = true;
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = w.char_indices().peekable();
        let mut init = 0;
        let mut mode = Mode::Boundary;
        while let Some((i, c)) = chars.next() {
            let Some(&(next_i, next)) = chars.peek() else {
                // The trailing characters are a word.
                if !first_word {
                    out.push_str(boundary);
                }
                first_word = false;
                word(&w[init..], out);
                break;
            };
            let next_mode = if c.is_lowercase() {
                Mode::Lowercase
            } else if c.is_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_uppercase() {
                // A boundary after this character.
                if !first_word {
                    out.push_str(boundary);
                }
                word(&w[init..next_i], out);
                first_word = false;
                init = next_i;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_uppercase() && next.is_lowercase() {
                // A boundary before this character.
                if !first_word {
                    out.push_str(boundary);
                }
                first_word = false;
                word(&w[init..i], out);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

/// [`transform`] for ASCII text, byte by byte (the same rules: for ASCII
/// the Unicode classes are the ASCII ones).
fn transform_ascii(
    s: &str,
    out: &mut String,
    mut word: impl FnMut(&str, &mut String),
    boundary: &str,
) {
    let all = s.as_bytes();
    let mut first_word = true;
    let mut start = 0;
    // The runs of letters and digits, as `str::split` at the other bytes.
    while start <= all.len() {
        let end = all[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(all.len(), |n| start + n);
        let w = &s[start..end];
        start = end + 1;
        let bytes = w.as_bytes();
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for i in 0..bytes.len() {
            let c = bytes[i];
            let Some(&next) = bytes.get(i + 1) else {
                if !first_word {
                    out.push_str(boundary);
                }
                first_word = false;
                word(&w[init..], out);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                if !first_word {
                    out.push_str(boundary);
                }
                word(&w[init..i + 1], out);
                first_word = false;
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                if !first_word {
                    out.push_str(boundary);
                }
                first_word = false;
                word(&w[init..i], out);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

fn lowercase(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // A final capital sigma is the final form (`heck` does the same).
        if c == 'Σ' && chars.peek().is_none() {
            out.push('ς');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

fn uppercase(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_uppercase();
        return;
    }
    for c in s.chars() {
        out.extend(c.to_uppercase());
    }
}

fn capitalize(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        let (first, rest) = out[start..].split_at_mut(s.len().min(1));
        first.make_ascii_uppercase();
        rest.make_ascii_lowercase();
        return;
    }
    let mut chars = s.char_indices();
    if let Some((_, c)) = chars.next() {
        out.extend(c.to_uppercase());
        if let Some((i, _)) = chars.next() {
            lowercase(&s[i..], out);
        }
    }
}

/// Calls `f` with each word of `s` lowercased, the words being those of
/// [`ToSnakeCase`] (what `to_snake_case` joins with `_`), reusing one buffer.
pub fn for_each_lowercase_word(s: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    // `transform`'s own output stays empty: each word goes to `f` instead.
    let mut sink = String::new();
    transform(
        s,
        &mut sink,
        |w, _| {
            word.clear();
            lowercase(w, &mut word);
            f(&word);
        },
        "",
    );
}

/// `UpperCamelCase`.
pub trait ToUpperCamelCase {
    fn to_upper_camel_case(&self) -> String;
}

impl ToUpperCamelCase for str {
    fn to_upper_camel_case(&self) -> String {
        let mut out = String::with_capacity(self.len());
        transform(self, &mut out, capitalize, "");
        out
    }
}

/// `lowerCamelCase`.
pub trait ToLowerCamelCase {
    fn to_lower_camel_case(&self) -> String;
}

impl ToLowerCamelCase for str {
    fn to_lower_camel_case(&self) -> String {
        let mut out = String::with_capacity(self.len());
        let mut first = true;
        let word = |w: &str, out: &mut String| {
            if first {
                first = false;
                lowercase(w, out);
            } else {
                capitalize(w, out);
            }
        };
        transform(self, &mut out, word, "");
        out
    }
}

/// `snake_case`.
pub trait ToSnakeCase {
    fn to_snake_case(&self) -> String;
}

impl ToSnakeCase for str {
    fn to_snake_case(&self) -> String {
        let mut out = String::with_capacity(self.len() + self.len() / 4);
        transform(self, &mut out, lowercase, "_");
        out
    }
}

/// `SHOUTY_SNAKE_CASE`.
pub trait ToShoutySnakeCase {
    fn to_shouty_snake_case(&self) -> String;
}

impl ToShoutySnakeCase for str {
    fn to_shouty_snake_case(&self) -> String {
        let mut out = String::with_capacity(self.len() + self.len() / 4);
        transform(self, &mut out, uppercase, "_");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_heck(s: &str) {
        assert_eq!(
            s.to_upper_camel_case(),
            heck::ToUpperCamelCase::to_upper_camel_case(s),
            "upper camel of {s:?}"
        );
        assert_eq!(
            s.to_lower_camel_case(),
            heck::ToLowerCamelCase::to_lower_camel_case(s),
            "lower camel of {s:?}"
        );
        assert_eq!(
            s.to_snake_case(),
            heck::ToSnakeCase::to_snake_case(s),
            "snake of {s:?}"
        );
        assert_eq!(
            s.to_shouty_snake_case(),
            heck::ToShoutySnakeCase::to_shouty_snake_case(s),
            "shouty snake of {s:?}"
        );
    }

    #[test]
    fn agrees_with_heck_on_names_seen_in_specs() {
        for s in [
            "",
            " ",
            "_",
            "__x__",
            "CamelCase",
            "camelCase",
            "This is Human case.",
            "MixedUP_CamelCase, with some Spaces",
            "mixed_up_ snake_case, with some _spaces",
            "kebab-case",
            "HTTPServer",
            "getHTTPResponseCode",
            "ABC",
            "aB",
            "Ab",
            "a1B2c3",
            "123abc",
            "abc123def",
            "ABC123Def",
            "v1_accounts",
            "x-specsmith-name",
            "PostReportingReportRunsRequestApplicationXWwwFormUrlencodedParametersTimezone",
            "Etc/GMT+0",
            " u00e9 t u00e9 ",
            "ΣΑΣ",
            "ὈΔΥΣΣΕΎΣ",
            "straße",
            "İstanbul",
            "ǅemal",
            "ﬁle ﬁLE",
            "日本語テキスト",
            "ⅧⅨ roman",
            "caféÉCOLE",
            "ÀÉÎõü",
        ] {
            same_as_heck(s);
        }
    }

    #[test]
    fn lowercase_words_are_the_snake_case_words() {
        for s in [
            "",
            "getHTTPResponseCode",
            "MixedUP_CamelCase, with some Spaces",
            "a1B2c3",
            "ΣΑΣ ὈΔΥΣΣΕΎΣ",
            "İstanbul ǅemal",
            "\u{212a}elvin",
        ] {
            let mut words = Vec::new();
            for_each_lowercase_word(s, |w| words.push(w.to_string()));
            assert_eq!(words.join("_"), s.to_snake_case(), "{s:?}");
        }
    }

    #[test]
    fn agrees_with_heck_on_every_ascii_mix_up_to_six_characters() {
        let alphabet: Vec<char> = "aBz9 -".chars().collect();
        let n = alphabet.len();
        for len in 0..=6u32 {
            for mut code in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(alphabet[code % n]);
                    code /= n;
                }
                same_as_heck(&s);
            }
        }
    }

    #[test]
    fn agrees_with_heck_on_every_short_mix_of_tricky_characters() {
        let alphabet: Vec<char> = "aZ1 _-.Σσİßǅé9".chars().collect();
        let n = alphabet.len();
        // Every string of up to four characters from the alphabet.
        for len in 0..=4u32 {
            for mut code in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(alphabet[code % n]);
                    code /= n;
                }
                same_as_heck(&s);
            }
        }
    }
}
