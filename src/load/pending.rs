//! A loaded document whose path items are still to be read: the lowering of
//! its component schemas needs none of them, so the two run side by side.

use super::fit;
use super::Document;

/// Path items in the document's order, as `openapiv3` holds them.
pub type PathItems = Vec<(String, fit::PathItemRef)>;

/// A document loaded but for its path items ([`super::load_but_paths`]):
/// everything else is read, and `doc().api` has no path items yet.
pub struct PathsPending {
    doc: Document,
    pending: bool,
}

impl PathsPending {
    pub(super) fn new(doc: Document, pending: bool) -> Self {
        PathsPending { doc, pending }
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

    /// The path items still to be read, read straight from the normalised
    /// document; `None` when one does not fit (which
    /// [`PathsPending::finish`] then finds and reports) or when none are
    /// pending.
    pub fn read(&self) -> Option<PathItems> {
        self.pending
            .then(|| fit::read_path_items(&self.doc.normalized))
            .flatten()
    }

    /// The whole document: with the path items [`PathsPending::read`] gave,
    /// or, when it gave none, read part by part as [`super::load`] reads a
    /// document that does not fit (each misfit reported and left out).
    pub fn finish(self, read: Option<PathItems>) -> Document {
        let mut doc = self.doc;
        if self.pending {
            match read {
                Some(items) => {
                    doc.api.paths.paths.reserve(items.len());
                    doc.api.paths.paths.extend(items);
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
        }
        doc
    }
}
