//! Facts about the IR that several SDK targets need in the same form: doc
//! text split into comment lines, nullability seen through aliases and
//! enums, and a definition order for aliases that refer to each other; and
//! the indentation of text written directly.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::ir::{Api, EnumType, NamedType, TypeKind, TypeRef};
use crate::naming::enum_value_words;

/// Appends `n` spaces to `out`.
pub fn pad(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(SPACES.len());
        out.push_str(&SPACES[..take]);
        left -= take;
    }
}

/// Splits documentation into lines for a comment: `\r\n` becomes `\n`,
/// trailing whitespace goes, runs of blank lines become one, and blank lines
/// at either end are dropped. Languages escape the lines themselves.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A line ends at `\n`, `\r\n` or a lone `\r`; the text is not copied
    // to make them one.
    let lines = text
        .split('\n')
        .flat_map(|piece| piece.strip_suffix('\r').unwrap_or(piece).split('\r'));
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(if line.contains('\t') {
            line.replace('\t', "    ")
        } else {
            line.to_string()
        });
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The documentation lines of a type: its description (or title).
pub fn type_doc(t: &NamedType) -> Vec<String> {
    t.docs.text().map(doc_lines).unwrap_or_default()
}

/// Whether a value of `ty` may be `null`: the reference itself is nullable,
/// or it names an alias of a nullable type or an enum that lists `null`.
pub fn admits_null(api: &Api, ty: &TypeRef) -> bool {
    let mut seen = BTreeSet::new();
    let mut cur = ty;
    loop {
        match cur {
            TypeRef::Nullable(_) | TypeRef::Any => return true,
            TypeRef::Named(n) => {
                if !seen.insert(n.as_str()) {
                    return false;
                }
                match api.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Alias { target }) => cur = target,
                    Some(TypeKind::Enum(e)) => return e.nullable,
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
}

/// The named types an alias or union definition needs to exist before it
/// (direct references only, through arrays, maps and nullability).
fn definition_refs(t: &NamedType) -> Vec<String> {
    let mut refs = Vec::new();
    match &t.kind {
        TypeKind::Alias { target } => target.named(&mut refs),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| v.named(&mut refs)),
        // A plain map object is emitted as an alias of its value type.
        TypeKind::Object(_) => {
            if let Some(value) = as_map(t) {
                value.named(&mut refs);
            }
        }
        TypeKind::Enum(_) => {}
    }
    refs
}

/// Orders `names` (aliases and unions) so that each comes after the ones it
/// refers to; ties and cycles fall back to name order. Returns the order and,
/// per name, the references that point forward (part of a cycle), which a
/// target must spell as forward references.
pub fn definition_order(
    api: &Api,
    names: &[String],
) -> (Vec<String>, BTreeMap<String, BTreeSet<String>>) {
    let members: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let refs_of = |n: &str| -> BTreeSet<String> {
        api.get(n)
            .map(definition_refs)
            .unwrap_or_default()
            .into_iter()
            .filter(|r| members.contains(r.as_str()))
            .collect()
    };
    let deps: BTreeMap<&str, BTreeSet<String>> = names
        .iter()
        .map(|n| {
            let mut refs = refs_of(n);
            refs.remove(n);
            (n.as_str(), refs)
        })
        .collect();
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut order = Vec::new();
    let mut forward: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pending: Vec<&str> = members.iter().copied().collect();
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|n| deps[n].iter().all(|d| placed.contains(d)));
        // A cycle: place the first pending name and record its forward refs.
        let idx = ready.unwrap_or(0);
        let n = pending.remove(idx);
        // Not yet placed, including the name itself when it refers to itself.
        let fwd: BTreeSet<String> = refs_of(n)
            .into_iter()
            .filter(|d| !placed.contains(d))
            .collect();
        if !fwd.is_empty() {
            forward.insert(n.to_string(), fwd);
        }
        placed.insert(n.to_string());
        order.push(n.to_string());
    }
    (order, forward)
}

/// The identifiers of an enum's members, in value order. With
/// `x-enum-varnames` (any value has a declared name), each member is `ident`
/// of its declared name (a value without one is named from its text), used as
/// it is: a collision between them is the caller's error to report. Otherwise
/// `ident` of each value's text (through [`enum_value_words`] when `words`),
/// told apart by `sdk::enum_constants` with a warning where two collide.
pub fn member_idents(
    target: &str,
    t: &NamedType,
    e: &EnumType,
    words: bool,
    ident: &dyn Fn(&str) -> String,
    numbered: &dyn Fn(&str, usize) -> String,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let source = |text: &str| {
        if words {
            enum_value_words(text)
        } else {
            text.to_string()
        }
    };
    if e.values.iter().any(|v| v.name.is_some()) {
        return e
            .values
            .iter()
            .map(|v| match &v.name {
                Some(name) => ident(name),
                None => ident(&source(&v.as_text())),
            })
            .collect();
    }
    let texts: Vec<String> = e.values.iter().map(|v| v.as_text()).collect();
    super::sdk::enum_constants(
        target,
        &t.name,
        &t.loc,
        &texts,
        &|value| ident(&source(value)),
        numbered,
        warnings,
    )
}

/// Reports two members of one enum that got the same identifier (possible
/// only with `x-enum-varnames`).
pub fn member_collisions(
    target: &str,
    t: &NamedType,
    e: &EnumType,
    ids: &[String],
) -> Vec<Diagnostic> {
    let items: Vec<_> = e
        .values
        .iter()
        .zip(ids)
        .map(|(v, id)| (v.as_text(), t.loc.clone(), id.clone()))
        .collect();
    enum_member_hint(crate::naming::check_collisions(
        &format!("{target} members of enum {}", t.name),
        &items,
    ))
}

/// Collision errors between enum members point at `x-enum-varnames`, the
/// way to name members, rather than at `x-specsmith-name`.
pub fn enum_member_hint(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for d in &mut diags {
        d.message = d.message.replace(
            "declare a name with `x-specsmith-name`",
            "name the members with `x-enum-varnames` on the enum schema",
        );
    }
    diags
}

/// Whether an object type is a plain map: no properties, and typed
/// additional properties. Targets emit it as a map alias.
pub fn as_map(t: &NamedType) -> Option<&TypeRef> {
    match &t.kind {
        TypeKind::Object(o) if o.fields.is_empty() => match &o.additional {
            crate::ir::Additional::Typed(ty) => Some(ty),
            _ => None,
        },
        _ => None,
    }
}

/// `lang`'s identifier for every type of `api`, by IR name: the ones
/// [`crate::emit::sdk::type_idents`] makes once per API (so the models, the
/// client and the docs' snippets use one name; its warnings go to
/// `warnings`), checked for collisions (rule scope "`lang` type names")
/// among themselves, with `reserved` (names the generated module uses
/// itself, each with why) and with the aliases kept for renamed types.
pub fn checked_type_idents<'a>(
    api: &'a Api,
    shims: &crate::emit::Shims,
    lang: crate::naming::Lang,
    reserved: &[(String, crate::diag::Loc, String)],
    warnings: &mut Vec<Diagnostic>,
) -> Result<&'a BTreeMap<String, String>, Vec<Diagnostic>> {
    let names = crate::emit::sdk::type_idents(api, lang, warnings);
    let type_name = crate::emit::sdk::type_ident_fn(lang);
    let renamed: Vec<_> = shims
        .type_aliases
        .iter()
        .filter(|(old, new)| api.get(new).is_some() && api.get(old).is_none())
        .map(|(old, new)| {
            let label = format!("{old} (renamed to {new})");
            (label, crate::diag::Loc::default(), type_name(old))
        })
        .collect();
    let mut items: Vec<_> = reserved.iter().map(borrowed).collect();
    items.extend(type_ident_items(api, names));
    items.extend(renamed.iter().map(borrowed));
    let scope = format!("{} type names", lang.as_str());
    let errors = crate::naming::check_collisions(&scope, &items);
    if errors.is_empty() {
        Ok(names)
    } else {
        Err(errors)
    }
}

/// A collision-check item that owns its parts, as one that borrows them.
fn borrowed(
    (label, loc, id): &(String, crate::diag::Loc, String),
) -> (&str, &crate::diag::Loc, &str) {
    (label, loc, id)
}

/// Each type of `api` as a collision-check item: its IR name, where it is
/// and its identifier in `names`.
pub fn type_ident_items<'a>(
    api: &'a Api,
    names: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = (&'a str, &'a crate::diag::Loc, &'a str)> + 'a {
    api.types.values().filter_map(move |t| {
        let n = names.get(&t.name)?;
        Some((t.name.as_str(), &t.loc, n.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_normalise_blank_runs() {
        assert_eq!(
            doc_lines("\n  A.\r\n\r\n\r\nB.  \n\n"),
            vec!["  A.".to_string(), String::new(), "B.".to_string()]
        );
        assert!(doc_lines("  \n ").is_empty());
    }

    #[test]
    fn doc_lines_end_at_every_line_break() {
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(doc_lines("a\r\nb"), lines(&["a", "b"]));
        assert_eq!(doc_lines("a\rb\n"), lines(&["a", "b"]));
        // `\r\r\n` is a lone `\r` and then `\r\n`: one blank line between.
        assert_eq!(doc_lines("a\r\r\nb"), lines(&["a", "", "b"]));
        assert_eq!(doc_lines("a\n\rb"), lines(&["a", "", "b"]));
        assert!(doc_lines("\r\n\r\n\r").is_empty());
        // Tabs become four spaces; trailing ones go with the other whitespace.
        assert_eq!(doc_lines("\ta\tb\t \r\n"), lines(&["    a    b"]));
    }
}
