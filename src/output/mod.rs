//! `OutputTree` (relative path → bytes) and the one writer every target goes
//! through. The writer
//!
//! - holds a lock on the output root (`.specsmith-lock`) for the whole run, so
//!   two runs into one folder never interleave (the second waits, then gives up);
//! - records the planned set of files (`.specsmith-journal`) before it changes
//!   anything, and removes that record only when the manifest is written, so an
//!   interrupted run is detected (`--check` reports it) and repaired by the next
//!   run (its temporary files and the files it created are removed);
//! - writes every file, new or replaced, to a temporary file beside it and
//!   renames it into place: a file is always either its old or its new bytes;
//! - writes the manifest the same way, and beside it a record of what the
//!   run read and wrote (`.specsmith-fingerprint`, local to the machine), from
//!   which `--check` tells an up-to-date folder without generating;
//! - refuses paths that leave the root, and never writes or deletes through a
//!   symbolic link that points outside it;
//! - never replaces a file that the manifest does not list, unless forced;
//! - deletes only stale files it generated itself, and a failed delete is an error.
//!
//! In check mode it reports drift as unified diffs instead of writing.

mod check;
mod disk;
mod fingerprint;
#[cfg(test)]
mod tests;
mod writer;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Component, Path};
use std::time::Duration;

pub use check::{check, check_with, diff_text, CheckReport, Checker};
pub use disk::RootLock;
pub use fingerprint::{file_digest, read_record, up_to_date, Inputs, Record, FINGERPRINT};
pub use writer::{write, write_with, Writer};

/// The manifest of generated files, kept in the output root.
pub const MANIFEST: &str = ".specsmith-manifest";
/// The planned set of a run in progress; present after a run only if it was interrupted.
pub const JOURNAL: &str = ".specsmith-journal";
/// The lock file; it names the command holding the lock while a run holds it.
pub const LOCK: &str = ".specsmith-lock";
/// The suffix of the temporary files a file is written to before it is renamed.
pub const TMP_SUFFIX: &str = ".specsmith-tmp";

/// Files one target generates, by path relative to the output root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputTree {
    files: BTreeMap<String, Vec<u8>>,
}

/// A path that would leave the output root, or is otherwise unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub reason: &'static str,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refusing output path `{}`: {}", self.path, self.reason)
    }
}

impl std::error::Error for PathError {}

/// Checks that a generated path stays inside the output root.
pub fn validate_path(path: &str) -> Result<(), PathError> {
    let err = |reason| {
        Err(PathError {
            path: path.to_string(),
            reason,
        })
    };
    if path.is_empty() {
        return err("it is empty");
    }
    if path.contains('\\') || path.contains('\0') || path.contains(':') {
        return err("it contains `\\`, `:` or NUL");
    }
    if path.starts_with('/') {
        return err("it is absolute");
    }
    for seg in path.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return err("it has an empty, `.` or `..` segment");
        }
    }
    if [MANIFEST, JOURNAL, LOCK, FINGERPRINT].contains(&path) {
        return err("it is the name of a file specsmith keeps for itself");
    }
    if path.ends_with(TMP_SUFFIX) {
        return err("it ends like specsmith's temporary files");
    }
    for c in Path::new(path).components() {
        if !matches!(c, Component::Normal(_)) {
            return err("it is not a plain relative path");
        }
    }
    Ok(())
}

impl OutputTree {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; refuses a path that would escape the root.
    pub fn insert(
        &mut self,
        path: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Result<(), PathError> {
        let path = path.into();
        validate_path(&path)?;
        self.files.insert(path, bytes.into());
        Ok(())
    }

    /// Adds every file of `other` under `prefix/`.
    pub fn extend_under(&mut self, prefix: &str, other: OutputTree) -> Result<(), PathError> {
        for (p, b) in other.files {
            let full = if prefix.is_empty() {
                p
            } else {
                format!("{}/{}", prefix.trim_end_matches('/'), p)
            };
            self.insert(full, b)?;
        }
        Ok(())
    }

    /// Adds every file of `other` (already validated by its own inserts);
    /// a path both hold takes `other`'s bytes, as a later insert would.
    pub fn merge(&mut self, other: OutputTree) {
        self.files.extend(other.files);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub deleted: Vec<String>,
    /// What was repaired from an interrupted earlier run (empty if nothing).
    pub repaired: Vec<String>,
}

/// How to write.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Replace files at generated paths that the manifest does not list.
    pub force: bool,
    /// How long to wait for another run holding the output root.
    pub lock_wait: Duration,
    /// Who is writing (the command), shown to a run that has to wait.
    pub holder: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            force: false,
            lock_wait: DEFAULT_LOCK_WAIT,
            holder: "specsmith".to_string(),
        }
    }
}

/// How long a run waits for another one writing the same folder.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(60);

/// One file that differs between the tree and the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Added(String),
    Changed(String),
    /// On disk and in the manifest, but no longer generated.
    Removed(String),
    /// A run into this folder was interrupted: the journal (this path) or a
    /// temporary file it left is still there.
    Interrupted(String),
}

impl Drift {
    pub fn path(&self) -> &str {
        match self {
            Drift::Added(p) | Drift::Changed(p) | Drift::Removed(p) | Drift::Interrupted(p) => p,
        }
    }
}

/// target → paths, as recorded in a manifest-format file.
type Owned = BTreeMap<String, BTreeSet<String>>;

fn parse_manifest(text: &str) -> Owned {
    let mut out: Owned = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((target, path)) = line.split_once('\t') {
            if validate_path(path).is_ok() {
                out.entry(target.to_string())
                    .or_default()
                    .insert(path.to_string());
            }
        }
    }
    out
}

/// Reads the manifest (or the journal). A missing file is an empty set; an
/// unreadable one is an error (its files could otherwise never be deleted).
fn read_owned(root: &Path, name: &str) -> Result<Option<Owned>, String> {
    let p = root.join(name);
    match std::fs::symlink_metadata(&p) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(m) if !m.is_file() => {
            return Err(format!("{}: is not a regular file", p.display()));
        }
        _ => {}
    }
    std::fs::read_to_string(&p)
        .map(|t| Some(parse_manifest(&t)))
        .map_err(|e| format!("{}: cannot read: {e}", p.display()))
}

fn read_manifest(root: &Path) -> Owned {
    read_owned(root, MANIFEST)
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn render_manifest(m: &Owned, title: &str) -> String {
    let mut s = format!("# {title} (target<TAB>path). specsmith deletes only files listed here.\n");
    for (t, paths) in m {
        for p in paths {
            s.push_str(t);
            s.push('\t');
            s.push_str(p);
            s.push('\n');
        }
    }
    s
}

const MANIFEST_TITLE: &str = "Files generated by specsmith";
const JOURNAL_TITLE: &str =
    "A specsmith run in progress, or interrupted: the files it owned or planned";
