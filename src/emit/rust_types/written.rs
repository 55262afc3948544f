//! What the models' items write that their imports depend on, noted as the
//! text is written instead of found by scanning it afterwards: the named
//! types in type expressions ([`super::types::Types::render_text`]), and
//! whether `BTreeMap`, `wire::` and serde's two traits appear in code.
//! Doc comments and literals name nothing here, so a description that
//! mentions a type imports nothing.

use std::cell::RefCell;
use std::collections::BTreeSet;

/// What one stretch of writing named (see the module docs).
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The Rust names of the named types written in type expressions.
    pub types: BTreeSet<String>,
    pub btree_map: bool,
    pub wire: bool,
    pub serialize: bool,
    pub deserialize: bool,
}

thread_local! {
    static WRITTEN: RefCell<Option<Written>> = const { RefCell::new(None) };
}

/// Runs `f` and returns what it wrote along with its result.
pub fn recording<R>(f: impl FnOnce() -> R) -> (R, Written) {
    struct Restore(Option<Option<Written>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                WRITTEN.with(|w| *w.borrow_mut() = outer);
            }
        }
    }
    let mut restore = Restore(Some(WRITTEN.with(|w| w.replace(Some(Written::default())))));
    let result = f();
    let written = WRITTEN.with(|w| w.replace(restore.0.take().unwrap_or_default()));
    (result, written.unwrap_or_default())
}

/// Notes what is being written, when [`recording`].
pub fn note(f: impl FnOnce(&mut Written)) {
    WRITTEN.with(|w| {
        if let Some(w) = w.borrow_mut().as_mut() {
            f(w)
        }
    });
}

/// Notes a named type written in a type expression.
pub fn type_name(name: &str) {
    note(|w| {
        if !w.types.contains(name) {
            w.types.insert(name.to_string());
        }
    });
}

/// Notes serde's `Serialize` and/or `Deserialize` written in code.
pub fn serde(serialize: bool, deserialize: bool) {
    note(|w| {
        w.serialize |= serialize;
        w.deserialize |= deserialize;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_is_written_while_recording_is_noted() {
        type_name("Before");
        let ((), outer) = recording(|| {
            type_name("Account");
            serde(true, false);
            let ((), inner) = recording(|| type_name("Inner"));
            assert_eq!(inner.types.len(), 1);
            type_name("Account");
            note(|w| w.btree_map = true);
        });
        assert_eq!(
            outer,
            Written {
                types: ["Account".to_string()].into(),
                btree_map: true,
                serialize: true,
                ..Written::default()
            }
        );
        type_name("After");
        let ((), none) = recording(|| {});
        assert_eq!(none, Written::default());
    }
}
