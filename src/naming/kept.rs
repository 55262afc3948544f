//! Spellings kept per thread: naming is pure, and the same names come back
//! many times.

use rustc_hash::FxHashMap;

use super::{IdentKind, Lang};

/// What a spelling [`kept`] is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Spelling {
    /// [`super::ident`] in a language, for a kind of identifier.
    Ident(Lang, IdentKind),
    /// The words of a name, Go-cased ([`super::go::pascal`]).
    GoPascal,
}

/// `spell()`, the spelling `what` of `wire`. Spelling is pure, and the
/// same names come back many times (a field of many models, a type named
/// by every use, the client and the collision check): each thread keeps
/// what it spelled, per spelling, up to a bound.
pub(crate) fn kept(what: Spelling, wire: &str, spell: impl FnOnce() -> String) -> String {
    const KEPT: usize = 1 << 16;
    type Spelled = FxHashMap<Spelling, FxHashMap<Box<str>, String>>;
    thread_local! {
        static SPELLED: std::cell::RefCell<Spelled> = std::cell::RefCell::default();
    }
    let found = SPELLED.with(|s| s.borrow().get(&what)?.get(wire).cloned());
    if let Some(id) = found {
        return id;
    }
    let id = spell();
    SPELLED.with(|s| {
        let mut s = s.borrow_mut();
        let kept = s.entry(what).or_default();
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(wire.into(), id.clone());
    });
    id
}
