//! Rust source written directly as text, already in the layout
//! prettyplease prints it in, so that the models need no token streams, no
//! `syn` parse and no pretty-printing. The layout rules are prettyplease's
//! (a 89-column margin, four-space indents): a construct stays on one line
//! when that line fits, else it is broken the way prettyplease breaks it. A
//! construct whose broken form is not written here is left on one line, and
//! the item is then printed by prettyplease after all ([`finish`]), so the
//! text is always what prettyplease makes of it (`tests/rust_text.rs` checks
//! that it is a fixpoint).

use crate::emit::support::pad;

/// prettyplease's line width.
pub const MARGIN: usize = 89;

/// Spaces per indentation level.
pub const INDENT: usize = 4;

/// A string literal as proc-macro2 writes it (and prettyplease prints it).
pub fn lit(s: &str) -> String {
    let mut repr = String::with_capacity(s.len() + 2);
    repr.push('"');
    let mut rest = s;
    loop {
        // Printable ASCII but `\` and `"` stands for itself: copied a run
        // at a time, the rest escaped a character at a time.
        let plain = rest
            .bytes()
            .position(|b| !(b' '..=b'~').contains(&b) || b == b'\\' || b == b'"')
            .unwrap_or(rest.len());
        repr.push_str(&rest[..plain]);
        let mut chars = rest[plain..].chars();
        let Some(ch) = chars.next() else { break };
        if ch == '\0' {
            // `\0` before an octal digit would read as an octal escape.
            repr.push_str(
                if chars
                    .as_str()
                    .starts_with(|n: char| ('0'..='7').contains(&n))
                {
                    r"\x00"
                } else {
                    r"\0"
                },
            );
        } else {
            repr.extend(ch.escape_debug());
        }
        rest = chars.as_str();
    }
    repr.push('"');
    repr
}

/// The lines of `text` as [`str::lines`] gives them (a `\r` before the
/// `\n` dropped, no empty last line), their ends found with the `memchr`
/// crate's vector search: the models' text is megabytes of short lines.
pub fn lines(text: &str) -> Lines<'_> {
    Lines {
        text,
        ends: memchr::memchr_iter(b'\n', text.as_bytes()),
        start: 0,
    }
}

/// The iterator of [`lines`].
pub struct Lines<'a> {
    text: &'a str,
    ends: memchr::Memchr<'a>,
    start: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self.ends.next() {
            Some(end) => {
                let line = &self.text[self.start..end];
                self.start = end + 1;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None if self.start < self.text.len() => {
                let line = &self.text[self.start..];
                self.start = self.text.len();
                Some(line)
            }
            None => None,
        }
    }
}

/// One line at `indent`.
pub fn line(out: &mut String, indent: usize, text: &str) {
    pad(out, indent);
    out.push_str(text);
    out.push('\n');
}

/// [`line`] for text made by `format_args!`: written into `out` as it is
/// formatted, with no string of its own.
pub fn line_fmt(out: &mut String, indent: usize, text: std::fmt::Arguments) {
    use std::fmt::Write;
    pad(out, indent);
    // Writing into a `String` cannot fail.
    let _ = out.write_fmt(text);
    out.push('\n');
}

/// `///` lines for `text` (see [`super::doc::outer`]); nothing for empty text.
pub fn doc(out: &mut String, indent: usize, text: &str) {
    for l in super::doc::lines(text) {
        pad(out, indent);
        out.push_str("///");
        out.push_str(&l);
        out.push('\n');
    }
}

/// One `#[doc = value]` attribute as prettyplease prints it: a `///` line,
/// or (a value with a line break, or one starting with `/`) the attribute
/// itself, which [`finish`] leaves to prettyplease.
pub fn doc_attr(out: &mut String, indent: usize, value: &str) {
    pad(out, indent);
    if value.contains('\n') || value.starts_with('/') {
        out.push_str("#[doc = ");
        out.push_str(&lit(value));
        out.push_str("]\n");
    } else {
        out.push_str("///");
        out.push_str(value.trim_end_matches(' '));
        out.push('\n');
    }
}

/// `#[path(a, b)]`, broken one argument a line when it does not fit.
pub fn attr(out: &mut String, indent: usize, path: &str, args: &[String]) {
    let flat: usize = path.len() + 5 + args.iter().map(|a| a.len() + 2).sum::<usize>() - 2;
    pad(out, indent);
    out.push_str("#[");
    out.push_str(path);
    out.push('(');
    if indent + flat <= MARGIN {
        out.push_str(&args.join(", "));
    } else {
        for (i, a) in args.iter().enumerate() {
            out.push('\n');
            pad(out, indent + INDENT);
            out.push_str(a);
            if i + 1 < args.len() {
                out.push(',');
            }
        }
        out.push('\n');
        pad(out, indent);
    }
    out.push_str(")]\n");
}

/// A function's first line, `head(params)tail` (`tail` such as ` -> Self {`),
/// broken one parameter a line when it does not fit. A parameter is
/// `(pattern, type)`: `("value", "String")`, or `("mut self", "")`.
pub fn signature(
    out: &mut String,
    indent: usize,
    head: &str,
    params: &[(String, String)],
    tail: &str,
) {
    let param = |(p, t): &(String, String)| {
        if t.is_empty() {
            p.clone()
        } else {
            format!("{p}: {t}")
        }
    };
    let joined: usize = params.iter().map(|p| param(p).len() + 2).sum::<usize>();
    let flat = head.len() + 2 + joined.saturating_sub(2) + tail.len();
    if params.is_empty() || indent + flat <= MARGIN {
        pad(out, indent);
        out.push_str(head);
        out.push('(');
        out.push_str(&params.iter().map(param).collect::<Vec<_>>().join(", "));
    } else {
        pad(out, indent);
        out.push_str(head);
        out.push_str("(\n");
        for (i, (p, t)) in params.iter().enumerate() {
            let last = i + 1 == params.len();
            if t.is_empty() {
                line_fmt(out, indent + INDENT, format_args!("{p},"));
            } else {
                ty(out, indent + INDENT, &format!("{p}: "), t, ",", !last);
            }
        }
        pad(out, indent);
    }
    out.push(')');
    out.push_str(tail);
    out.push('\n');
}

/// A line `prefix ty suffix` at `indent`, the type's generic arguments
/// broken a line each (recursively) when it does not fit. `counted`: the
/// suffix is part of the line's width (a field's comma), else it is the
/// comma a broken list adds (a last argument's).
pub fn ty(out: &mut String, indent: usize, prefix: &str, t: &str, suffix: &str, counted: bool) {
    let width = indent + prefix.len() + t.len() + if counted { suffix.len() } else { 0 };
    let split = t.strip_suffix('>').and_then(|rest| rest.split_once('<'));
    match split {
        Some((head, args)) if width > MARGIN => {
            pad(out, indent);
            out.push_str(prefix);
            out.push_str(head);
            out.push_str("<\n");
            let args = split_args(args);
            for (i, a) in args.iter().enumerate() {
                let last = i + 1 == args.len();
                ty(out, indent + INDENT, "", a, ",", !last);
            }
            pad(out, indent);
            out.push('>');
            out.push_str(suffix);
            out.push('\n');
        }
        _ => {
            pad(out, indent);
            out.push_str(prefix);
            out.push_str(t);
            out.push_str(suffix);
            out.push('\n');
        }
    }
}

/// Generic arguments split at their top-level commas.
fn split_args(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, b) in args.bytes().enumerate() {
        match b {
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// A tuple variant or tuple struct `head(ty)tail` (`tail` `,` or `;`), its
/// field on a line of its own when it does not fit.
pub fn tuple(out: &mut String, indent: usize, head: &str, field: &str, tail: &str) {
    if indent + head.len() + field.len() + 2 + tail.len() <= MARGIN {
        line_fmt(out, indent, format_args!("{head}({field}){tail}"));
        return;
    }
    pad(out, indent);
    out.push_str(head);
    out.push_str("(\n");
    // `pub Vec<X>`: the visibility is part of the field's line.
    let (vis, t) = match field.strip_prefix("pub ") {
        Some(t) => ("pub ", t),
        None => ("", field),
    };
    ty(out, indent + INDENT, vis, t, ",", false);
    pad(out, indent);
    out.push(')');
    out.push_str(tail);
    out.push('\n');
}

/// `impl head for name {`, `for name {` on a line of its own when it does
/// not fit.
pub fn impl_for(out: &mut String, head: &str, name: &str) {
    if head.len() + name.len() + 7 <= MARGIN {
        line_fmt(out, 0, format_args!("{head} for {name} {{"));
    } else {
        line(out, 0, head);
        line_fmt(out, 0, format_args!("for {name} {{"));
    }
}

/// `head { body }` at `indent`, the body's lines given whole (already
/// indented); `head {}` when the body is empty.
pub fn block(out: &mut String, indent: usize, head: &str, body: &str) {
    if body.is_empty() {
        line_fmt(out, indent, format_args!("{head} {{}}"));
    } else {
        line_fmt(out, indent, format_args!("{head} {{"));
        out.push_str(body);
        line(out, indent, "}");
    }
}

/// A match arm whose body is one expression: `pat => body,`, or the body
/// in a block of its own when that does not fit (the comma is not counted).
pub fn arm(out: &mut String, indent: usize, pat: &str, body: &str) {
    if indent + pat.len() + 4 + body.len() <= MARGIN {
        pad(out, indent);
        out.push_str(pat);
        out.push_str(" => ");
        out.push_str(body);
        out.push_str(",\n");
    } else {
        pad(out, indent);
        out.push_str(pat);
        out.push_str(" => {\n");
        pad(out, indent + INDENT);
        out.push_str(body);
        // A `return` in a block is a statement.
        if body.starts_with("return ") {
            out.push(';');
        }
        out.push('\n');
        line(out, indent, "}");
    }
}

/// A call `head(args)tail` on one line when it fits, else an argument a
/// line (a trailing comma after the last).
pub fn call(out: &mut String, indent: usize, head: &str, args: &[String], tail: &str) {
    let flat = format!("{head}({}){tail}", args.join(", "));
    if indent + flat.len() <= MARGIN {
        line(out, indent, &flat);
        return;
    }
    line_fmt(out, indent, format_args!("{head}("));
    for a in args {
        line_fmt(out, indent + INDENT, format_args!("{a},"));
    }
    line_fmt(out, indent, format_args!("){tail}"));
}

/// A struct literal `path { fields }` as the last expression of a block:
/// on one line when short (prettyplease's 34 columns) and it fits, else a
/// field a line.
pub fn struct_literal(out: &mut String, indent: usize, path: &str, fields: &[String]) {
    let flat = format!("{path} {{ {} }}", fields.join(", "));
    if fields.is_empty() {
        line_fmt(out, indent, format_args!("{path} {{}}"));
    } else if flat.len() - 1 <= 34 && indent + flat.len() <= MARGIN {
        line(out, indent, &flat);
    } else {
        line_fmt(out, indent, format_args!("{path} {{"));
        for f in fields {
            pad(out, indent + INDENT);
            out.push_str(f);
            out.push_str(",\n");
        }
        line(out, indent, "}");
    }
}

/// The item text as prettyplease prints it: `text` itself when every line
/// of code fits the margin (the layout written here is then prettyplease's),
/// else `text` parsed and printed by prettyplease, which breaks the long
/// constructs this module leaves on one line.
pub fn finish(text: String) -> Result<String, syn::Error> {
    if left_to_prettyplease(&text) {
        reprint(&text)
    } else {
        Ok(text)
    }
}

/// Has `text` a line that [`finish`] leaves to prettyplease: a line of code
/// wider than the margin that it breaks ([`too_long`]), or a `#[doc`
/// attribute? Most lines are short and are not read one by one: from a
/// line's start, the next `MARGIN + 1` bytes hold a line end unless the
/// line is too wide, and the search goes on after the last end among them.
fn left_to_prettyplease(text: &str) -> bool {
    let bytes = text.as_bytes();
    for at in memchr::memmem::find_iter(bytes, b"#[doc") {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        if text[start..at].trim_start().is_empty() {
            return true;
        }
    }
    let mut start = 0;
    while start + MARGIN < bytes.len() {
        match memchr::memrchr(b'\n', &bytes[start..=start + MARGIN]) {
            Some(n) => start += n + 1,
            None => {
                let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
                let line = &text[start..end];
                // As `str::lines` gives it: without the `\r` of a `\r\n`.
                let line = match end < bytes.len() {
                    true => line.strip_suffix('\r').unwrap_or(line),
                    false => line,
                };
                if line.len() > MARGIN && too_long(line) {
                    return true;
                }
                start = end + 1;
            }
        }
    }
    false
}

/// The item text parsed and printed by prettyplease: for an item with a
/// construct whose broken layout is not written here, written in any
/// layout that parses.
pub fn reprint(text: &str) -> Result<String, syn::Error> {
    // Doc comments as the attributes they stand for: a lone carriage
    // return is no error in an attribute's string.
    let mut source = String::with_capacity(text.len() + text.len() / 8);
    for l in text.lines() {
        match l.trim_start().strip_prefix("///") {
            Some(doc) => {
                source.push_str("#[doc = ");
                source.push_str(&lit(doc));
                source.push_str("]\n");
            }
            None => {
                source.push_str(l);
                source.push('\n');
            }
        }
    }
    let file = syn::parse_file(&source)?;
    Ok(prettyplease::unparse(&file))
}

/// Is a line of code wider than prettyplease leaves one? A comma that ends
/// a list's last element (a match arm's, a last argument's) is not counted.
fn too_long(l: &str) -> bool {
    let t = l.trim_start();
    let width = if l.ends_with(',') {
        l.len() - 1
    } else {
        l.len()
    };
    width > MARGIN && !t.starts_with("//") && !atomic(t)
}

/// Is a line one prettyplease cannot break further (names and literals
/// only, up to an opening it has already broken after)?
fn atomic(line: &str) -> bool {
    let mut code = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
        } else {
            code.push(c);
        }
    }
    let mut t = code.trim_end();
    for end in [" => {", " {", "<", "(", ",", ";"] {
        t = t.strip_suffix(end).unwrap_or(t);
    }
    // `Ok(Name {`: a struct literal, the one argument of a call, opened
    // on the call's line.
    if code.trim_end().ends_with(" {") {
        t = t.strip_prefix("Ok(").unwrap_or(t);
    }
    !t.contains(['(', '<', '.', '|', '&'])
        && !t.contains("=>")
        && !t.contains(" for ")
        && !t.contains(" -> ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn the_lines_left_to_prettyplease_are_found_by_the_long_strides() {
        // Every line read one by one, as the strides must agree with.
        let one_by_one = |text: &str| {
            text.lines()
                .any(|l| (l.len() > MARGIN && too_long(l)) || l.trim_start().starts_with("#[doc"))
        };
        let wide = format!("    f(a.b({}), c);", "x".repeat(80));
        let exact = format!("    f(a.b({}), c);", "x".repeat(89 - 14));
        let mut texts = vec![
            String::new(),
            "\n".repeat(300),
            "fn f() {}\n".repeat(40),
            format!("{}\n{wide}\n", "fn f() {}\n".repeat(40)),
            format!("{}\n{wide}", "a\n".repeat(97)),
            format!("{exact}\n{exact}\r\n{exact}"),
            format!("{exact}x\r\n"),
            format!("{exact}x\r"),
            format!("/// {}\n", "d".repeat(200)),
            format!("    /// x #[doc = \"\"]\n{}", "y\n".repeat(50)),
            format!("{}    #[doc = \"a\\nb\"]\nstruct S;\n", "z\n".repeat(50)),
            format!("\u{a0}#[doc = \"a\"]\n{}", "é".repeat(100)),
            format!("let s = \"{}\";", "q".repeat(120)),
        ];
        for n in 85..95 {
            texts.push(format!(
                "{}\n{}\n",
                "w".repeat(n),
                "f(a.b(c), d);".repeat(n / 10)
            ));
        }
        for text in &texts {
            assert_eq!(left_to_prettyplease(text), one_by_one(text), "{text:?}");
        }
        assert!(texts.iter().any(|t| left_to_prettyplease(t)));
        assert!(texts.iter().any(|t| !left_to_prettyplease(t)));
    }

    #[test]
    fn lines_are_those_of_the_standard_library() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\r",
            "a\r\r\n\rb\n\n",
            "\r\n",
            "é\nü\r\nx",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn literals_are_escaped_as_proc_macro2_escapes_them() {
        for s in [
            "plain",
            "a \"quote\" and \\",
            "tab\there\nnew",
            "\0",
            "\u{0}7",
            "ä'ö",
            "\u{301}x",
            "runs \"between\" escapes\\ and\ttabs\u{7f}, é\u{301}, \u{200b} \0",
            "\0\0\x01~ {}",
            "",
        ] {
            let tokens = quote!(#s).to_string();
            assert_eq!(lit(s), tokens, "{s:?}");
        }
    }

    #[test]
    fn an_item_with_a_line_too_long_is_printed_by_prettyplease() {
        // `finish` passes text through when every line fits; a line this
        // module left unbroken (and a doc attribute with a line break) sends
        // the item to prettyplease, whose layout it then has.
        let long = format!(
            "pub struct S {{\n    pub field: Result<{}, {}>,\n}}\n",
            "A".repeat(50),
            "B".repeat(50)
        );
        let printed = prettyplease::unparse(&syn::parse_file(&long).unwrap());
        assert_ne!(printed, long, "the line must be one prettyplease breaks");
        assert_eq!(finish(long).unwrap(), printed);
        let doc = "#[doc = \"two\\nlines\"]\npub struct T;\n".to_string();
        let printed = prettyplease::unparse(&syn::parse_file(&doc).unwrap());
        assert_eq!(finish(doc).unwrap(), printed);
        let fits = "/// A doc.\npub struct U {\n    pub field: String,\n}\n".to_string();
        assert_eq!(finish(fits.clone()).unwrap(), fits);
    }

    #[test]
    fn a_call_opening_a_long_struct_literal_is_left_as_prettyplease_leaves_it() {
        let name = "N".repeat(90);
        let text = format!("fn f() {{\n    Ok({name} {{\n        a: 1,\n    }})\n}}\n");
        let printed = prettyplease::unparse(&syn::parse_file(&text).unwrap());
        assert_eq!(printed, text);
        assert!(atomic(&format!("Ok({name} {{")));
        assert!(!atomic(&format!("Ok({name}.a {{")));
        assert!(!atomic(&format!("call({name} {{")));
    }
}
