//! A loaded document whose path items are still to be read: the lowering of
//! its component schemas needs none of them, so the two run side by side.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::fit::{self, PathItemRef};
use super::Document;

/// Path items in the document's order: each key with what it read as.
pub type PathItems<'a> = Vec<(&'a str, &'a PathItemRef)>;

/// A document loaded but for its path items ([`super::load_but_paths`]):
/// everything else is read, and `doc().api` has no path items yet. Any
/// number of threads read them at once ([`PathsPending::read_share`]).
pub struct PathsPending {
    doc: Document,
    pending: bool,
    /// One per path item: what it read as (`None`: it does not fit), set by
    /// the thread that claimed it.
    slots: Vec<OnceLock<Option<PathItemRef>>>,
    /// The next path item to claim.
    next: AtomicUsize,
}

impl PathsPending {
    pub(super) fn new(doc: Document, pending: bool) -> Self {
        let count = if pending {
            fit::path_members(&doc.normalized).count()
        } else {
            0
        };
        PathsPending {
            doc,
            pending,
            slots: (0..count).map(|_| OnceLock::new()).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// The document as read so far.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Whether the path items are still to be read: not when something else
    /// did not fit, and the whole document was read the slow way at once.
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// Reads path items, straight from the normalised document, until none
    /// is left to claim: each thread that calls it takes the next one.
    pub fn read_share(&self) {
        let mut claim = self.next.fetch_add(1, Ordering::Relaxed);
        for (i, ((_, item), slot)) in fit::path_members(&self.doc.normalized)
            .zip(&self.slots)
            .enumerate()
        {
            if i == claim {
                let _ = slot.set(fit::read_path_item(item));
                claim = self.next.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The path items, once every [`PathsPending::read_share`] has returned;
    /// `None` when one does not fit (which [`PathsPending::finish`] then
    /// finds and reports) or is not read.
    pub fn read(&self) -> Option<PathItems<'_>> {
        fit::path_members(&self.doc.normalized)
            .zip(&self.slots)
            .map(|((key, _), slot)| Some((key.as_str(), slot.get()?.as_ref()?)))
            .collect()
    }

    /// The whole document: with the path items read, when they all fit,
    /// else read part by part as [`super::load`] reads a document that does
    /// not fit (each misfit reported and left out).
    pub fn finish(self) -> Document {
        let PathsPending {
            mut doc,
            pending,
            slots,
            ..
        } = self;
        if !pending {
            return doc;
        }
        let read: Option<Vec<PathItemRef>> = slots
            .into_iter()
            .map(|s| s.into_inner().flatten())
            .collect();
        match read {
            Some(items) => {
                let paths = &mut doc.api.paths.paths;
                paths.reserve(items.len());
                for ((key, _), item) in fit::path_members(&doc.normalized).zip(items) {
                    paths.insert(key.clone(), item);
                }
            }
            None => {
                doc.api = fit::fit_slowly(
                    &mut doc.normalized,
                    &doc.files,
                    &doc.origins,
                    &mut doc.diagnostics,
                );
            }
        }
        doc
    }
}
