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
//! - writes the manifest the same way;
//! - refuses paths that leave the root, and never writes or deletes through a
//!   symbolic link that points outside it;
//! - never replaces a file that the manifest does not list, unless forced;
//! - deletes only stale files it generated itself, and a failed delete is an error.
//!
//! In check mode it reports drift as unified diffs instead of writing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

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
    if [MANIFEST, JOURNAL, LOCK].contains(&path) {
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

/// The temporary file `dest` is written to before it is renamed over it.
fn tmp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}{TMP_SUFFIX}"))
}

/// Writes `bytes` to a temporary file beside `dest` (never through a link
/// left at that name) and returns its path.
fn stage(dest: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let tmp = tmp_path(dest);
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes));
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Replaces `dest` with `bytes` atomically (temporary file, then rename).
fn atomic_write(dest: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = stage(dest, bytes).map_err(|e| format!("{}: cannot write: {e}", dest.display()))?;
    std::fs::rename(&tmp, dest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot move into place: {e}", dest.display())
    })
}

/// The lock on an output root, held until dropped.
pub struct RootLock {
    file: File,
}

impl Drop for RootLock {
    fn drop(&mut self) {
        // Cleared while still held, so the next holder's name is never erased.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

impl RootLock {
    /// Locks `root` (which must exist): exclusively to write, shared to
    /// compare. Waits up to `wait` for another run, then fails naming it.
    pub fn acquire(
        root: &Path,
        exclusive: bool,
        wait: Duration,
        holder: &str,
    ) -> Result<RootLock, String> {
        let path = root.join(LOCK);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(format!(
                "{}: is not a regular file; remove it and run again",
                path.display()
            ));
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("{}: cannot open the lock file: {e}", path.display()))?;
        let started = Instant::now();
        loop {
            let got = if exclusive {
                file.try_lock()
            } else {
                file.try_lock_shared()
            };
            match got {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(format!("{}: cannot lock: {e}", path.display()));
                }
            }
            if started.elapsed() >= wait {
                let mut who = String::new();
                let _ = file.read_to_string(&mut who);
                let who = who.trim();
                let who = if who.is_empty() {
                    "another specsmith run".to_string()
                } else {
                    format!("another specsmith run (`{who}`)")
                };
                return Err(format!(
                    "{} is in use by {who}; gave up after waiting {} s. Run again when it has finished.",
                    root.display(),
                    wait.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if exclusive {
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = file.write_all(holder.as_bytes());
        }
        Ok(RootLock { file })
    }
}

/// The temporary files left under `root` by an interrupted run (never
/// following symbolic links), relative to the root.
fn stray_temporaries(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&rel)) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(ty) = e.file_type() else { continue };
            let name = e.file_name().to_string_lossy().to_string();
            let child = rel.join(&name);
            if ty.is_dir() {
                stack.push(child);
            } else if name.starts_with('.') && name.ends_with(TMP_SUFFIX) {
                found.push(child.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// Repairs what an interrupted run left: its temporary files are removed, and
/// every file it owned or planned is recorded in the manifest as generated, so
/// the next run of that target removes the ones it no longer generates.
fn repair(root: &Path) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    if let Some(journal) = read_owned(root, JOURNAL)? {
        let mut manifest = read_owned(root, MANIFEST)?.unwrap_or_default();
        for (t, paths) in journal {
            manifest.entry(t).or_default().extend(paths);
        }
        atomic_write(
            &root.join(MANIFEST),
            render_manifest(&manifest, MANIFEST_TITLE).as_bytes(),
        )?;
        std::fs::remove_file(root.join(JOURNAL))
            .map_err(|e| format!("{}: cannot remove: {e}", root.join(JOURNAL).display()))?;
        notes.push("an earlier run into this folder was interrupted; its files are now listed in the manifest".to_string());
    }
    let strays = stray_temporaries(root);
    for s in &strays {
        std::fs::remove_file(root.join(s))
            .map_err(|e| format!("{}: cannot remove: {e}", root.join(s).display()))?;
    }
    if !strays.is_empty() {
        notes.push(format!(
            "removed {} temporary file(s) left by an interrupted run",
            strays.len()
        ));
    }
    Ok(notes)
}

/// Compares the trees with the disk, under a shared lock (waiting for a run
/// that is writing). Only the named targets' stale files count; an
/// interrupted earlier run always counts as drift.
pub fn check_with(
    root: &Path,
    targets: &BTreeMap<String, OutputTree>,
    opts: &WriteOptions,
) -> Result<Vec<Drift>, String> {
    // A folder that cannot hold the lock file (read-only) cannot be written
    // by another run either: compare without the lock then.
    let lockable = root.is_dir()
        && OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(root.join(LOCK))
            .is_ok();
    let _lock = if lockable {
        Some(RootLock::acquire(
            root,
            false,
            opts.lock_wait,
            &opts.holder,
        )?)
    } else {
        None
    };
    Ok(check(root, targets))
}

/// Compares the trees with the disk (no lock; see [`check_with`]).
pub fn check(root: &Path, targets: &BTreeMap<String, OutputTree>) -> Vec<Drift> {
    let mut drift = Vec::new();
    if root.join(JOURNAL).exists() {
        drift.push(Drift::Interrupted(JOURNAL.to_string()));
    }
    drift.extend(stray_temporaries(root).into_iter().map(Drift::Interrupted));
    let manifest = read_manifest(root);
    for (target, tree) in targets {
        for (path, bytes) in tree.iter() {
            match std::fs::read(root.join(path)) {
                Ok(existing) if existing == bytes => {}
                Ok(_) => drift.push(Drift::Changed(path.to_string())),
                Err(_) => drift.push(Drift::Added(path.to_string())),
            }
        }
        if let Some(owned) = manifest.get(target) {
            for p in owned {
                if tree.get(p).is_none() && std::fs::symlink_metadata(root.join(p)).is_ok() {
                    drift.push(Drift::Removed(p.clone()));
                }
            }
        }
    }
    drift.sort_by(|a, b| a.path().cmp(b.path()));
    drift
}

/// A unified diff of one drifted file (disk → generated).
pub fn diff_text(root: &Path, targets: &BTreeMap<String, OutputTree>, d: &Drift) -> String {
    if let Drift::Interrupted(p) = d {
        return format!("{p}: left by an interrupted run; run generate to repair the folder\n");
    }
    let disk = std::fs::read(root.join(d.path())).ok();
    let generated = targets.values().find_map(|t| t.get(d.path()));
    let old = disk
        .as_deref()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let new = generated.map(String::from_utf8_lossy).unwrap_or_default();
    let a = format!("a/{}", d.path());
    let b = format!("b/{}", d.path());
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

/// What happened to one file in a write.
enum Outcome {
    Unchanged,
    /// Written beside its destination, renamed over it at the end.
    Staged(PathBuf, PathBuf, String),
    /// A file the manifest does not list is in the way.
    Conflict(String),
}

/// Compares one file with the disk and stages it if it differs. `owned`: the
/// manifest lists it (or the run is forced), so it may be replaced.
fn write_one(root: &Path, path: &str, bytes: &[u8], owned: bool) -> Result<Outcome, String> {
    // Validated on insert; checked again because this is the only place
    // that touches the disk.
    validate_path(path).map_err(|e| e.to_string())?;
    let dest = root.join(path);
    match std::fs::symlink_metadata(&dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: cannot read: {e}", dest.display())),
        Ok(m) if m.is_file() => {
            if std::fs::read(&dest).is_ok_and(|b| b == bytes) {
                // The same bytes: nothing is overwritten, owned or not.
                return Ok(Outcome::Unchanged);
            }
            if !owned {
                return Ok(Outcome::Conflict(path.to_string()));
            }
        }
        // A link is replaced by the file (the rename replaces the link, not
        // what it points to); a folder cannot be.
        Ok(m) if m.file_type().is_symlink() => {
            if !owned {
                return Ok(Outcome::Conflict(path.to_string()));
            }
        }
        Ok(_) => return Err(format!("{}: is a folder, not a file", dest.display())),
    }
    let tmp = stage(&dest, bytes).map_err(|e| format!("{}: cannot write: {e}", dest.display()))?;
    Ok(Outcome::Staged(tmp, dest, path.to_string()))
}

/// Checks that the folder `rel` (relative to `root`) is a folder inside the
/// root: no part of it may be a symbolic link to somewhere outside, or a file.
/// Returns the parts that do not exist yet, outermost first.
fn folder_inside(root: &Path, canon_root: &Path, rel: &Path) -> Result<Vec<PathBuf>, String> {
    let mut at = root.to_path_buf();
    let mut missing = Vec::new();
    for c in rel.components() {
        at.push(c);
        if !missing.is_empty() {
            missing.push(at.clone());
            continue;
        }
        match std::fs::symlink_metadata(&at) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(at.clone()),
            Err(e) => return Err(format!("{}: {e}", at.display())),
            Ok(m) if m.file_type().is_symlink() => {
                let inside = std::fs::canonicalize(&at)
                    .is_ok_and(|t| t.starts_with(canon_root) && t.is_dir());
                if !inside {
                    return Err(format!(
                        "{}: is a symbolic link that leaves the output root; specsmith writes and deletes nothing through it",
                        at.display()
                    ));
                }
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(format!("{}: is a file, not a folder", at.display())),
        }
    }
    Ok(missing)
}

/// Writes the trees under `root` with the default options (waits for a
/// concurrent run, refuses to replace files the manifest does not list).
pub fn write(root: &Path, targets: &BTreeMap<String, OutputTree>) -> Result<WriteReport, String> {
    write_with(root, targets, &WriteOptions::default())
}

/// Writes the trees under `root`: locks it, repairs what an interrupted run
/// left, records the planned set, stages every changed file beside its
/// destination, renames them into place, removes the stale files of these
/// targets that the manifest says specsmith generated, writes the manifest
/// and drops the record. A failure before the renames leaves the tree as it
/// was; one after them leaves the record, so the next run repairs it.
pub fn write_with(
    root: &Path,
    targets: &BTreeMap<String, OutputTree>,
    opts: &WriteOptions,
) -> Result<WriteReport, String> {
    let mut w = Writer::open(root, opts)?;
    for (target, tree) in targets {
        w.add(target, tree)?;
    }
    w.commit()
}

/// A write in progress, one target at a time, so a caller can hand each
/// target's files over as soon as they are made and drop them ([`write_with`]
/// is `open`, `add` for each target, `commit`). The root is locked and
/// repaired by `open`; each `add` records the target's planned set in the
/// journal before it stages the target's changed files beside their
/// destinations (nothing is replaced yet, and only the paths are kept);
/// `commit` renames them into place, removes stale files and writes the
/// manifest. Dropped without `commit` (an error, a finding that stops
/// generation), it removes what it staged and the journal: the tree is as
/// it was.
pub struct Writer {
    root: PathBuf,
    canon_root: PathBuf,
    force: bool,
    _lock: RootLock,
    repaired: Vec<String>,
    manifest: Owned,
    all_owned: BTreeSet<String>,
    journal: Owned,
    /// Target → the paths it generates.
    planned: Owned,
    outcomes: Vec<Outcome>,
    created_dirs: Vec<PathBuf>,
    /// Until the renames start, dropping the writer undoes its staging.
    armed: bool,
}

impl Writer {
    /// Locks the root (waiting as `opts` say) and repairs what an
    /// interrupted run left.
    pub fn open(root: &Path, opts: &WriteOptions) -> Result<Writer, String> {
        std::fs::create_dir_all(root)
            .map_err(|e| format!("{}: cannot create: {e}", root.display()))?;
        let lock = RootLock::acquire(root, true, opts.lock_wait, &opts.holder)?;
        let canon_root =
            std::fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
        let repaired = repair(root)?;
        let manifest = read_owned(root, MANIFEST)?.unwrap_or_default();
        let all_owned = manifest.values().flatten().cloned().collect();
        Ok(Writer {
            root: root.to_path_buf(),
            canon_root,
            force: opts.force,
            _lock: lock,
            repaired,
            manifest,
            all_owned,
            journal: BTreeMap::new(),
            planned: BTreeMap::new(),
            outcomes: Vec::new(),
            created_dirs: Vec::new(),
            armed: true,
        })
    }

    /// Records one target's files in the journal and stages those that
    /// differ from the disk. On an error the writer undoes its staging.
    pub fn add(&mut self, target: &str, tree: &OutputTree) -> Result<(), String> {
        let root = self.root.as_path();
        let files: Vec<(&str, &[u8], bool)> = tree
            .iter()
            .map(|(p, b)| (p, b, self.force || self.all_owned.contains(p)))
            .collect();

        // Folders: every existing part checked, the missing ones listed.
        let mut to_create: Vec<PathBuf> = Vec::new();
        let mut known_dirs: BTreeSet<&Path> = BTreeSet::new();
        for (path, _, _) in &files {
            validate_path(path).map_err(|e| e.to_string())?;
            let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            else {
                continue;
            };
            if known_dirs.insert(dir) {
                for m in folder_inside(root, &self.canon_root, dir)? {
                    if !to_create.contains(&m) {
                        to_create.push(m);
                    }
                }
            }
        }

        // The journal: everything this run may touch, before anything is touched.
        let set = self.journal.entry(target.to_string()).or_default();
        set.extend(self.manifest.get(target).into_iter().flatten().cloned());
        set.extend(tree.paths().map(str::to_string));
        atomic_write(
            &root.join(JOURNAL),
            render_manifest(&self.journal, JOURNAL_TITLE).as_bytes(),
        )?;
        self.planned
            .entry(target.to_string())
            .or_default()
            .extend(tree.paths().map(str::to_string));

        for d in &to_create {
            match std::fs::create_dir(d) {
                Ok(()) => self.created_dirs.push(d.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(format!("{}: cannot create folder: {e}", d.display())),
            }
        }

        // Then the files, on every core: for a target with a file per type
        // (Stripe: 4,700 Kotlin files) creating files is most of the time.
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
            .min(files.len().div_ceil(256).max(1));
        let chunk = files.len().div_ceil(workers).max(1);
        let results: Vec<(Vec<Outcome>, Option<String>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let mut done = Vec::new();
                        for (path, bytes, owned) in part {
                            match write_one(root, path, bytes, *owned) {
                                Ok(o) => done.push(o),
                                Err(e) => return (done, Some(e)),
                            }
                        }
                        (done, None)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(r) => r,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        let mut failure = None;
        for (done, err) in results {
            self.outcomes.extend(done);
            if failure.is_none() {
                failure = err;
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Renames the staged files into place, removes the stale files of the
    /// added targets that the manifest lists, writes the manifest and drops
    /// the journal. Refuses (and undoes the staging) when a file the
    /// manifest does not list is in the way.
    pub fn commit(mut self) -> Result<WriteReport, String> {
        let root = self.root.clone();
        let root = root.as_path();
        let conflicts: Vec<&str> = self
            .outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Conflict(p) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        if !conflicts.is_empty() {
            let mut msg = format!(
                "{} file(s) under {} are not listed in its manifest, so specsmith did not generate them; it replaces nothing it did not write (move them away, or run again with --force to replace them):",
                conflicts.len(),
                root.display()
            );
            for p in conflicts.iter().take(20) {
                msg.push_str(&format!("\n  {p}"));
            }
            if conflicts.len() > 20 {
                msg.push_str(&format!("\n  ... and {} more", conflicts.len() - 20));
            }
            return Err(msg);
        }
        self.armed = false;
        let outcomes = std::mem::take(&mut self.outcomes);
        for (i, o) in outcomes.iter().enumerate() {
            if let Outcome::Staged(tmp, dest, _) = o {
                if let Err(e) = std::fs::rename(tmp, dest) {
                    // Files already renamed stay (their old bytes are gone); the
                    // journal stays too, so the next run repairs the folder.
                    for later in &outcomes[i..] {
                        if let Outcome::Staged(tmp, _, _) = later {
                            let _ = std::fs::remove_file(tmp);
                        }
                    }
                    return Err(format!(
                        "{}: cannot move into place: {e}; the next run repairs the folder",
                        dest.display()
                    ));
                }
            }
        }
        let mut report = WriteReport {
            repaired: std::mem::take(&mut self.repaired),
            ..Default::default()
        };
        for o in outcomes {
            match o {
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Staged(_, _, p) => report.written.push(p),
                Outcome::Conflict(_) => {}
            }
        }
        report.written.sort();

        // Stale files: only this run's targets', only files the manifest lists.
        let mut failed_deletes = Vec::new();
        for (target, generated) in std::mem::take(&mut self.planned) {
            let owned = self.manifest.entry(target).or_default();
            let mut keep = BTreeSet::new();
            for stale in owned.iter().filter(|p| !generated.contains(*p)) {
                let p = root.join(stale);
                let parent = Path::new(stale).parent().unwrap_or(Path::new(""));
                let removed = folder_inside(root, &self.canon_root, parent).and_then(|missing| {
                    if !missing.is_empty() {
                        return Ok(false);
                    }
                    match std::fs::remove_file(&p) {
                        Ok(()) => Ok(true),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                        Err(e) => Err(format!("{}: cannot delete: {e}", p.display())),
                    }
                });
                match removed {
                    Ok(true) => {
                        report.deleted.push(stale.clone());
                        remove_empty_parents(root, &p);
                    }
                    Ok(false) => {}
                    Err(e) => {
                        failed_deletes.push(e);
                        keep.insert(stale.clone());
                    }
                }
            }
            // Files that could not be deleted stay listed, so a later run retries.
            *owned = generated.into_iter().chain(keep).collect();
        }
        self.manifest.retain(|_, v| !v.is_empty());
        let text = render_manifest(&self.manifest, MANIFEST_TITLE);
        if std::fs::read_to_string(root.join(MANIFEST)).ok().as_deref() != Some(text.as_str()) {
            atomic_write(&root.join(MANIFEST), text.as_bytes())?;
        }
        std::fs::remove_file(root.join(JOURNAL))
            .map_err(|e| format!("{}: cannot remove: {e}", root.join(JOURNAL).display()))?;
        if !failed_deletes.is_empty() {
            return Err(format!(
                "{} stale generated file(s) could not be deleted (they stay in the manifest; the next run retries):\n  {}",
                failed_deletes.len(),
                failed_deletes.join("\n  ")
            ));
        }
        Ok(report)
    }
}

impl Drop for Writer {
    /// Not committed: removes the staged files, the folders it created and
    /// the journal, so the tree is as it was.
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        for o in &self.outcomes {
            if let Outcome::Staged(tmp, _, _) = o {
                let _ = std::fs::remove_file(tmp);
            }
        }
        remove_dirs(&self.created_dirs);
        let _ = std::fs::remove_file(self.root.join(JOURNAL));
    }
}

fn remove_dirs(dirs: &[PathBuf]) {
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut d = file.parent();
    while let Some(dir) = d {
        if dir == root || !dir.starts_with(root) {
            break;
        }
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
        d = dir.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(target: &str, files: &[(&str, &str)]) -> BTreeMap<String, OutputTree> {
        let mut t = OutputTree::new();
        for (p, b) in files {
            t.insert(*p, b.as_bytes()).unwrap();
        }
        BTreeMap::from([(target.to_string(), t)])
    }

    #[test]
    fn escaping_paths_are_refused() {
        let mut t = OutputTree::new();
        for bad in [
            "../x",
            "a/../../etc/passwd",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "",
            "./a",
            "C:/x",
        ] {
            assert!(t.insert(bad, "x").is_err(), "{bad} accepted");
        }
        assert!(t.insert("a/b.py", "x").is_ok());
    }

    #[test]
    fn writes_only_changes_and_deletes_only_owned_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("handwritten.txt"), "mine").unwrap();
        let r = write(root, &one("py", &[("a.py", "1"), ("pkg/b.py", "2")])).unwrap();
        assert_eq!(r.written.len(), 2);
        let r = write(root, &one("py", &[("a.py", "1"), ("pkg/b.py", "2")])).unwrap();
        assert_eq!((r.written.len(), r.unchanged), (0, 2));
        assert!(check(root, &one("py", &[("a.py", "1"), ("pkg/b.py", "2")])).is_empty());
        let drift = check(root, &one("py", &[("a.py", "1!")]));
        assert_eq!(
            drift,
            vec![
                Drift::Changed("a.py".into()),
                Drift::Removed("pkg/b.py".into())
            ]
        );
        let r = write(root, &one("py", &[("a.py", "1")])).unwrap();
        assert_eq!(r.deleted, vec!["pkg/b.py".to_string()]);
        assert!(!root.join("pkg").exists());
        assert_eq!(
            std::fs::read_to_string(root.join("handwritten.txt")).unwrap(),
            "mine"
        );
        // Another target's files are left alone.
        write(root, &one("ts", &[("index.ts", "x")])).unwrap();
        assert!(root.join("a.py").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_tree_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, &one("py", &[("keep.py", "old")])).unwrap();
        // `blocked.py` is a folder on disk, so it cannot be replaced; the
        // other files (new ones, a changed one, enough to use every writer
        // thread) must not be left behind.
        std::fs::create_dir(root.join("blocked.py")).unwrap();
        let mut files: Vec<(String, String)> = (0..600)
            .map(|i| (format!("pkg{}/m{i}.py", i % 3), format!("{i}")))
            .collect();
        files.push(("keep.py".into(), "new".into()));
        files.push(("blocked.py".into(), "x".into()));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_str()))
            .collect();
        assert!(write(root, &one("py", &refs)).is_err());
        let mut left: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left, vec![LOCK, MANIFEST, "blocked.py", "keep.py"]);
        assert_eq!(
            std::fs::read_to_string(root.join("keep.py")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_dir(root.join("blocked.py")).unwrap().count(),
            0
        );
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_the_manifest_does_not_list_is_not_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg/mine.py"), "my own code").unwrap();
        std::fs::write(root.join("same.py"), "1").unwrap();
        let tree = one(
            "py",
            &[
                ("pkg/mine.py", "generated"),
                ("same.py", "1"),
                ("new.py", "n"),
            ],
        );
        let e = write(root, &tree).unwrap_err();
        assert!(
            e.contains("not listed in its manifest") && e.contains("pkg/mine.py"),
            "{e}"
        );
        assert!(
            !e.contains("same.py"),
            "identical bytes are no conflict: {e}"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("pkg/mine.py")).unwrap(),
            "my own code"
        );
        assert!(!root.join("new.py").exists(), "nothing written on refusal");
        assert!(!root.join(JOURNAL).exists());
        let forced = WriteOptions {
            force: true,
            ..Default::default()
        };
        let r = write_with(root, &tree, &forced).unwrap();
        assert_eq!(
            r.written,
            vec!["new.py".to_string(), "pkg/mine.py".to_string()]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("pkg/mine.py")).unwrap(),
            "generated"
        );
        // Now listed: replaced without --force.
        write(root, &one("py", &[("pkg/mine.py", "v2"), ("same.py", "1")])).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("pkg/mine.py")).unwrap(),
            "v2"
        );
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_or_deleted_through_a_link_that_leaves_the_root() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, &one("py", &[("pkg/a.py", "1"), ("b.py", "2")])).unwrap();
        // The user replaces the generated folder by a link to elsewhere.
        std::fs::remove_dir_all(root.join("pkg")).unwrap();
        std::fs::write(outside.path().join("a.py"), "outside").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("pkg")).unwrap();
        let e = write(root, &one("py", &[("pkg/a.py", "new"), ("b.py", "2")])).unwrap_err();
        assert!(e.contains("symbolic link"), "{e}");
        // Deleting the stale pkg/a.py would go through the link too.
        let e = write(root, &one("py", &[("b.py", "2")])).unwrap_err();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(names(outside.path()), vec!["a.py"]);
        assert_eq!(
            std::fs::read_to_string(outside.path().join("a.py")).unwrap(),
            "outside"
        );
        // A link that stays inside the root is followed.
        std::fs::remove_file(root.join("pkg")).unwrap();
        std::fs::create_dir(root.join("real")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("pkg")).unwrap();
        write(root, &one("py", &[("pkg/a.py", "in"), ("b.py", "2")])).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("real/a.py")).unwrap(),
            "in"
        );
    }

    #[test]
    fn a_failed_delete_is_an_error_and_is_retried() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, &one("py", &[("a.py", "1"), ("gone.py", "2")])).unwrap();
        // Something that cannot be removed as a file now stands at the stale path.
        std::fs::remove_file(root.join("gone.py")).unwrap();
        std::fs::create_dir(root.join("gone.py")).unwrap();
        std::fs::write(root.join("gone.py/x"), "x").unwrap();
        let e = write(root, &one("py", &[("a.py", "1")])).unwrap_err();
        assert!(
            e.contains("could not be deleted") && e.contains("gone.py"),
            "{e}"
        );
        assert!(
            read_manifest(root)["py"].contains("gone.py"),
            "kept for a retry"
        );
        std::fs::remove_dir_all(root.join("gone.py")).unwrap();
        write(root, &one("py", &[("a.py", "1")])).unwrap();
        assert!(!read_manifest(root)["py"].contains("gone.py"));
    }

    #[test]
    fn an_interrupted_run_is_reported_by_check_and_repaired_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let tree = one("py", &[("a.py", "1"), ("pkg/b.py", "2")]);
        write(root, &tree).unwrap();
        assert!(check(root, &tree).is_empty());
        // What a run killed midway leaves: its journal (naming a file it
        // created, which the manifest does not list yet) and temporary files.
        std::fs::write(root.join("pkg/orphan.py"), "half a run").unwrap();
        std::fs::write(root.join("pkg/.b.py.specsmith-tmp"), "partial").unwrap();
        let mut planned = read_manifest(root);
        planned
            .get_mut("py")
            .unwrap()
            .insert("pkg/orphan.py".into());
        std::fs::write(root.join(JOURNAL), render_manifest(&planned, JOURNAL_TITLE)).unwrap();
        let drift = check(root, &tree);
        assert_eq!(
            drift,
            vec![
                Drift::Interrupted(JOURNAL.into()),
                Drift::Interrupted("pkg/.b.py.specsmith-tmp".into())
            ]
        );
        let r = write(root, &tree).unwrap();
        assert_eq!(r.repaired.len(), 2, "{:?}", r.repaired);
        assert_eq!(r.deleted, vec!["pkg/orphan.py".to_string()]);
        assert_eq!(names(&root.join("pkg")), vec!["b.py"]);
        assert!(check(root, &tree).is_empty());
        assert!(!root.join(JOURNAL).exists());
    }

    #[test]
    fn a_second_writer_waits_then_gives_up_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let held = RootLock::acquire(root, true, Duration::ZERO, "specsmith generate").unwrap();
        let opts = WriteOptions {
            lock_wait: Duration::from_millis(200),
            ..Default::default()
        };
        let e = write_with(root, &one("py", &[("a.py", "1")]), &opts).unwrap_err();
        assert!(
            e.contains("`specsmith generate`") && e.contains("in use"),
            "{e}"
        );
        assert!(!root.join("a.py").exists());
        assert!(check_with(root, &one("py", &[("a.py", "1")]), &opts).is_err());
        drop(held);
        write_with(root, &one("py", &[("a.py", "1")]), &opts).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join(LOCK)).unwrap(),
            "",
            "cleared on release"
        );
    }
}
