//! How the reference is cut up: the element id of everything it shows, the
//! groups of operations by tag, and in the split layout the file each
//! element id lives in.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Group, Page, SchemaPage};
use crate::ir::{Api, Operation};

/// Schemas per page of the split layout.
const SCHEMAS_PER_PAGE: usize = 40;

/// Ids the page's frame uses; generated ids always carry a prefix with a `-`.
pub(super) const FIXED_IDS: [&str; 7] = [
    "overview",
    "schemas",
    "search",
    "search-status",
    "nav",
    "content",
    "no-results",
];

/// The element ids claimed so far, each unique on the page.
pub(super) struct ElementIds(FxHashSet<String>);

impl ElementIds {
    /// The frame's own ids, nothing else.
    pub(super) fn new() -> Self {
        ElementIds(FIXED_IDS.iter().map(|s| s.to_string()).collect())
    }

    /// A new id for `name` after `prefix`; a clash gets `-2`, `-3` ….
    pub(super) fn claim(&mut self, prefix: &str, name: &str) -> String {
        let base = format!("{prefix}{}", id_token(name));
        if !self.0.contains(&base) {
            self.0.insert(base.clone());
            return base;
        }
        let mut n = 2;
        loop {
            let id = format!("{base}-{n}");
            if !self.0.contains(&id) {
                self.0.insert(id.clone());
                return id;
            }
            n += 1;
        }
    }

    pub(super) fn into_set(self) -> FxHashSet<String> {
        self.0
    }
}

/// The operations grouped as the page shows them.
pub(super) fn groups<'a>(api: &'a Api, split: bool, ids: &mut ElementIds) -> Vec<Group<'a>> {
    // Declared tags first, in spec order, then tags only operations name,
    // in order of first use, then the untagged operations.
    let mut names: Vec<(String, Option<&'a str>)> = api
        .tags
        .iter()
        .map(|t| (t.name.clone(), t.description.as_deref()))
        .collect();
    for op in &api.operations {
        for tag in &op.tags {
            if !names.iter().any(|(n, _)| n == tag) {
                names.push((tag.clone(), None));
            }
        }
    }
    let mut groups: Vec<Group<'a>> = Vec::new();
    for (name, docs) in names {
        let primary: Vec<_> = api
            .operations
            .iter()
            .filter(|op| op.tags.first() == Some(&name))
            .collect();
        let also: Vec<_> = api
            .operations
            .iter()
            .filter(|op| op.tags.first() != Some(&name) && op.tags.contains(&name))
            .collect();
        if primary.is_empty() && also.is_empty() {
            continue;
        }
        let id = ids.claim("tag-", &name);
        groups.push(Group {
            name,
            id,
            docs,
            primary,
            also,
        });
    }
    let untagged: Vec<_> = api
        .operations
        .iter()
        .filter(|op| op.tags.is_empty())
        .collect();
    if !untagged.is_empty() && !split {
        let id = ids.claim("tag-", "untagged");
        groups.push(Group {
            name: "Other operations".to_string(),
            id,
            docs: None,
            primary: untagged,
            also: Vec::new(),
        });
    } else if !untagged.is_empty() {
        // One page of hundreds of untagged operations would be as slow as
        // the single page: group them by the resource their path names.
        let mut by_prefix: Vec<(String, Vec<&'a Operation>)> = Vec::new();
        for op in untagged {
            let prefix = path_prefix(&op.path);
            match by_prefix.iter_mut().find(|(p, _)| *p == prefix) {
                Some((_, ops)) => ops.push(op),
                None => by_prefix.push((prefix, vec![op])),
            }
        }
        for (prefix, primary) in by_prefix {
            let id = ids.claim("tag-", &prefix);
            groups.push(Group {
                name: prefix,
                id,
                docs: None,
                primary,
                also: Vec::new(),
            });
        }
    }
    groups
}

/// The files of the reference and the file each element id lives in.
pub(super) struct Files<'a> {
    /// `index.html` first; in the split layout then one per group, then one
    /// per schema page.
    pub(super) names: Vec<String>,
    /// Split layout: the file (index into `names`) each element id lives in.
    /// Empty for one page.
    pub(super) home: FxHashMap<String, usize>,
    /// Split layout: the schema pages, in order.
    pub(super) schema_pages: Vec<SchemaPage<'a>>,
}

impl Files<'_> {
    /// The one-page layout: `index.html` holds everything.
    pub(super) fn single() -> Self {
        Files {
            names: vec!["index.html".to_string()],
            home: Default::default(),
            schema_pages: Vec::new(),
        }
    }
}

/// The split layout: one file per group, then the schemas by first letter,
/// [`SCHEMAS_PER_PAGE`] to a file.
pub(super) fn split_files<'a>(
    api: &'a Api,
    groups: &[Group<'a>],
    ops: &[String],
    schemas: &BTreeMap<&'a str, String>,
    security: &BTreeMap<&'a str, String>,
    ids: &mut ElementIds,
) -> Files<'a> {
    let mut files = vec!["index.html".to_string()];
    let mut home = FxHashMap::default();
    let mut schema_pages: Vec<SchemaPage<'a>> = Vec::new();
    for id in FIXED_IDS.iter().chain(&["overview"]) {
        home.insert(id.to_string(), 0);
    }
    for id in security.values() {
        home.insert(id.clone(), 0);
    }
    for group in groups {
        let file = files.len();
        files.push(format!("{}.html", group.id));
        home.insert(group.id.clone(), file);
        for op in &group.primary {
            let index = api.operations.iter().position(|o| std::ptr::eq(o, *op));
            if let Some(anchor) = index.and_then(|i| ops.get(i)) {
                home.insert(anchor.clone(), file);
            }
        }
    }
    let mut letters: Vec<(String, Vec<&'a str>)> = Vec::new();
    for name in api.types.keys() {
        let letter = name
            .chars()
            .next()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase().to_string())
            .unwrap_or_else(|| "other".to_string());
        match letters.last_mut() {
            Some((l, names)) if *l == letter => names.push(name),
            _ => letters.push((letter, vec![name])),
        }
    }
    for (letter, names) in letters {
        let parts = names.len().div_ceil(SCHEMAS_PER_PAGE);
        for (n, chunk) in names.chunks(SCHEMAS_PER_PAGE).enumerate() {
            let stem = if n == 0 {
                format!("schemas-{letter}")
            } else {
                format!("schemas-{letter}-{}", n + 1)
            };
            let id = ids.claim("", &stem);
            let shown = if letter == "other" {
                "Other".to_string()
            } else {
                letter.to_uppercase()
            };
            let label = if parts > 1 {
                format!("{shown} ({}/{parts})", n + 1)
            } else {
                shown
            };
            let file = files.len();
            files.push(format!("{id}.html"));
            home.insert(id.clone(), file);
            if schema_pages.is_empty() {
                home.insert("schemas".to_string(), file);
            }
            for name in chunk {
                home.insert(schemas[name].clone(), file);
            }
            schema_pages.push(SchemaPage {
                id,
                label,
                part: n,
                parts,
                names: chunk.to_vec(),
            });
        }
    }
    Files {
        names: files,
        home,
        schema_pages,
    }
}

/// The resource an untagged operation's path names: the segments up to and
/// including the first that is neither a version (`v1`, `2.0`) nor a
/// parameter (`/v1/customers/{id}/sources` → `/v1/customers`).
pub(super) fn path_prefix(path: &str) -> String {
    let mut prefix = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('{') {
            break;
        }
        prefix.push('/');
        prefix.push_str(segment);
        let version = segment.trim_start_matches(['v', 'V']);
        let is_version =
            !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
        if !is_version {
            break;
        }
    }
    if prefix.is_empty() {
        "/".to_string()
    } else {
        prefix
    }
}

/// A name as an id fragment ([`super::id_chars`]), `_` when empty.
fn id_token(name: &str) -> String {
    let token = super::id_chars(name);
    if token.is_empty() {
        "_".to_string()
    } else {
        token
    }
}

/// Links between the files of the reference.
impl Page<'_> {
    /// Whether the reference is split into files.
    pub(super) fn split(&self) -> bool {
        !self.home.is_empty()
    }

    /// The `href` of an element id from the file being written.
    pub(super) fn href(&self, id: &str) -> String {
        if self.is_here(id) {
            format!("#{id}")
        } else {
            self.href_elsewhere(id)
        }
    }

    /// Whether an element id lives in the file being written.
    pub(super) fn is_here(&self, id: &str) -> bool {
        self.home
            .get(id)
            .is_none_or(|&file| file == self.current.get())
    }

    /// The `href` of an element id from any file but its own.
    pub(super) fn href_elsewhere(&self, id: &str) -> String {
        match self.home.get(id) {
            Some(&file) => format!("{}#{id}", self.files[file]),
            None => format!("#{id}"),
        }
    }
}

/// Where the reference shows what a JSON pointer of the spec names, as an
/// `href` from the reference's folder (`index.html#op-x`, or the page of a
/// split reference): for the changelog's links.
pub struct Anchors<'a> {
    page: Page<'a>,
}

impl<'a> Anchors<'a> {
    /// `split`: whether the reference was written split into pages.
    pub fn new(api: &'a Api, split: bool) -> Self {
        Anchors {
            page: Page::new(api, split, None),
        }
    }

    /// The entry of an operation (`/paths/<path>/<method>…`), a schema
    /// (`/components/schemas/<Name>…`) or a security scheme; `None` for
    /// anything else.
    pub fn href(&self, pointer: &str) -> Option<String> {
        self.link(pointer, false)
    }

    /// Like [`Anchors::href`], for a pointer into another version of the
    /// spec: a path links only to an operation with the same path and
    /// method (not to another operation on the path), a schema only when
    /// one of that name is in the reference.
    pub fn href_exact(&self, pointer: &str) -> Option<String> {
        self.link(pointer, true)
    }

    fn link(&self, pointer: &str, exact: bool) -> Option<String> {
        let id = self.page.pointer_id(pointer, exact)?;
        self.page.current.set(usize::MAX);
        let href = self.page.href(&id);
        Some(if href.starts_with('#') {
            format!("index.html{href}")
        } else {
            href
        })
    }
}
