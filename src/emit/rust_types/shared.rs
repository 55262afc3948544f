//! Models made once for both Rust crates when a run generates both. The
//! `rust` and `rust-server` targets run side by side; whichever asks first
//! makes both crates' models together ([`super::models_for`]: a type is
//! built and printed once unless it prints differently for the two) while
//! the other waits for them, then each takes its own.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};

use super::{types::Types, Models, Profile};
use crate::diag::Diagnostic;
use crate::emit::Shims;
use crate::ir::Api;

/// Both crates' profiles, in the order they are made.
const PROFILES: [Profile; 2] = [Profile::SERVER, Profile::SDK];

/// One profile's models and what making them found.
type Made = (Result<Models, syn::Error>, Vec<Diagnostic>);

/// The models of one run over one API, made on first use.
pub struct SharedModels {
    /// The API and shims they are made for (compared by address: both
    /// outlive the run that holds this).
    api: usize,
    shims: usize,
    made: OnceLock<Vec<Mutex<Option<Made>>>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<SharedModels>>> = const { RefCell::new(None) };
}

impl SharedModels {
    /// For a run over `api` and `shims` that generates both crates.
    pub fn new(api: &Api, shims: &Shims) -> Arc<Self> {
        Arc::new(SharedModels {
            api: address(api),
            shims: address(shims),
            made: OnceLock::new(),
        })
    }
}

/// This thread's shared models, to [`enter`] on another thread that makes
/// a crate's models.
pub fn current() -> Option<Arc<SharedModels>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Runs `f` with `shared` as this thread's shared models (none: each crate
/// makes its own).
pub fn enter<R>(shared: Option<&Arc<SharedModels>>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<SharedModels>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(shared.cloned())));
    f()
}

/// The models for `profile` ([`super::models`]): taken from the run's
/// shared models when this thread has them for this API, else made here.
pub fn models(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    diags: &mut Vec<Diagnostic>,
) -> Result<Models, syn::Error> {
    let shared = current().filter(|s| s.api == address(types.api) && s.shims == address(shims));
    if let Some(shared) = shared {
        let made = shared.made.get_or_init(|| {
            let mut found = [Vec::new(), Vec::new()];
            let models = super::models_for(types, shims, &PROFILES, &mut found);
            models
                .into_iter()
                .zip(found)
                .map(|m| Mutex::new(Some(m)))
                .collect()
        });
        // Taken once: a crate asked for twice makes its second copy itself.
        let mine = PROFILES
            .iter()
            .position(|p| *p == profile)
            .and_then(|i| made.get(i))
            .and_then(|slot| slot.lock().ok()?.take());
        if let Some((models, found)) = mine {
            diags.extend(found);
            return models;
        }
    }
    super::models(types, shims, profile, diags)
}

fn address<T>(r: &T) -> usize {
    r as *const T as usize
}
