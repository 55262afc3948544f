//! The writer: one target at a time, staged beside the destinations,
//! renamed into place at the end, stale files removed, the manifest written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::disk::{atomic_write, folder_inside, repair, stage, tmp_path, RootLock};
use super::fingerprint::{file_digest, forget, Inputs, Record};
use super::{
    read_owned, render_manifest, validate_path, OutputTree, Owned, WriteOptions, WriteReport,
    FINGERPRINT, JOURNAL, JOURNAL_TITLE, MANIFEST, MANIFEST_TITLE,
};

/// What happened to one file in a write.
enum Outcome {
    Unchanged,
    /// Written beside its destination, renamed over it at the end.
    Staged(PathBuf, PathBuf, String),
    /// Written in a new folder made under a staging name, which is renamed
    /// into place at the end (see [`Writer::fresh`]).
    Fresh(String),
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

/// Writes a file of a folder this run made under its staging name: nothing
/// can be there, so there is nothing to compare, replace or stage.
fn write_fresh(path: &str, at: &Path, bytes: &[u8]) -> Result<Outcome, String> {
    std::fs::File::create_new(at)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
        .map(|()| Outcome::Fresh(path.to_string()))
        .map_err(|e| format!("{}: cannot write: {e}", at.display()))
}

/// A staged file: its path, bytes, whether this run may replace it, and
/// its staging path when its folder is new.
type StagedFile<'a> = (&'a str, &'a [u8], bool, Option<PathBuf>);

/// Writes `files` (see [`Writer::add`]): what each became and its digest,
/// in the files' order, and the first failure.
fn write_files<'a>(
    root: &Path,
    files: &[StagedFile<'a>],
) -> (Vec<Outcome>, Vec<(&'a str, String)>, Option<String>) {
    // On every core: for a target with a file per type
    // (Stripe: 4,700 Kotlin files) creating files is most of the time,
    // for one with a few large files (Stripe's `rust-server`: 44 files,
    // 16 MB) writing and digesting their bytes. A worker per 256 files
    // or per MiB; each takes the next file when done with one, so a
    // large file does not hold up the others' share.
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let workers = files
        .len()
        .div_ceil(256)
        .max(bytes.div_ceil(1 << 20))
        .clamp(1, 8);
    // After a failure the files not yet started are left alone.
    let failed = std::sync::atomic::AtomicBool::new(false);
    let results =
        crate::parallel::in_parallel_at_most(workers, files, |(path, bytes, owned, fresh)| {
            if failed.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            let outcome = match fresh {
                Some(at) => write_fresh(path, at, bytes),
                None => write_one(root, path, bytes, *owned),
            };
            if outcome.is_err() {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            // Each file's digest is taken on the same core, for the record.
            Some(outcome.map(|o| (o, (*path, file_digest(bytes)))))
        });
    // In the files' order; the first failure in that order is reported.
    let (mut done, mut digests, mut failure) = (Vec::new(), Vec::new(), None);
    for r in results.into_iter().flatten() {
        match r {
            Ok((o, d)) => {
                done.push(o);
                digests.push(d);
            }
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    (done, digests, failure)
}

/// Renames every staged file over its destination, a folder's files at a
/// time on every core (a rename locks its folder, so two threads work in
/// two folders). When one fails, the others stop: the files already renamed
/// stay (their old bytes are gone), the rest are unstaged, and the journal
/// stays, so the next run repairs the folder.
fn rename_into_place(outcomes: &[Outcome]) -> Result<(), String> {
    let mut folders: BTreeMap<&Path, Vec<(&Path, &Path)>> = BTreeMap::new();
    for o in outcomes {
        if let Outcome::Staged(tmp, dest, _) = o {
            let folder = dest.parent().unwrap_or(Path::new(""));
            folders.entry(folder).or_default().push((tmp, dest));
        }
    }
    let folders: Vec<Vec<(&Path, &Path)>> = folders.into_values().collect();
    let failed = std::sync::atomic::AtomicBool::new(false);
    let results = crate::parallel::in_parallel(&folders, |files| {
        for (tmp, dest) in files {
            if failed.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(());
            }
            if let Err(e) = std::fs::rename(tmp, dest) {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                return Err(format!(
                    "{}: cannot move into place: {e}; the next run repairs the folder",
                    dest.display()
                ));
            }
        }
        Ok(())
    });
    if let Some(e) = results.into_iter().find_map(Result::err) {
        // What was renamed is gone from its staged name.
        unstage(outcomes);
        return Err(e);
    }
    Ok(())
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
    /// The folders this run makes (the outermost missing part of a file's
    /// folder) and the staging name each is made under beside it. Their
    /// files are written straight in, without a staged name each, and each
    /// folder is renamed into place by `commit`: for a new tree of
    /// thousands of files that saves a lookup and a rename per file.
    fresh: Vec<(PathBuf, PathBuf)>,
    /// What the run wrote (target → path → digest) and, when the caller
    /// gave them, what it read: the record `commit` leaves for `--check`.
    record: Record,
    keep_record: bool,
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
        // The record describes the folder as the last recorded run left it:
        // gone before anything changes, written again by `commit`.
        forget(root)?;
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
            fresh: Vec::new(),
            record: Record::default(),
            keep_record: false,
            armed: true,
        })
    }

    /// Records one target's files in the journal and stages those that
    /// differ from the disk. On an error the writer undoes its staging.
    pub fn add(&mut self, target: &str, tree: &OutputTree) -> Result<(), String> {
        let root = self.root.clone();
        let root = root.as_path();
        // Folders: every existing part checked; a missing one is made under
        // its staging name (or inside one made before), where its files go.
        let mut places: BTreeMap<&Path, Option<PathBuf>> = BTreeMap::new();
        let mut new_folders: Vec<PathBuf> = Vec::new();
        for path in tree.paths() {
            validate_path(path).map_err(|e| e.to_string())?;
            let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            else {
                continue;
            };
            if places.contains_key(dir) {
                continue;
            }
            let place = match self.staged_folder(&root.join(dir)) {
                Some(staged) => Some(staged),
                None => match folder_inside(root, &self.canon_root, dir)?.first() {
                    None => None,
                    Some(top) => {
                        let staged = tmp_path(top);
                        self.fresh.push((top.clone(), staged.clone()));
                        new_folders.push(staged);
                        self.staged_folder(&root.join(dir))
                    }
                },
            };
            places.insert(dir, place);
        }
        let files: Vec<StagedFile> = tree
            .iter()
            .map(|(p, b)| {
                let owned = self.force || self.all_owned.contains(p);
                let fresh = Path::new(p).parent().and_then(|d| {
                    let place = places.get(d)?.as_ref()?;
                    Some(place.join(Path::new(p).file_name()?))
                });
                (p, b, owned, fresh)
            })
            .collect();

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

        // An earlier run's leftovers were removed when the writer opened, so
        // anything at a staging name now is a collision, not replaced.
        for d in &new_folders {
            std::fs::create_dir(d)
                .map_err(|e| format!("{}: cannot create folder: {e}", d.display()))?;
        }
        for d in places.values().flatten() {
            std::fs::create_dir_all(d)
                .map_err(|e| format!("{}: cannot create folder: {e}", d.display()))?;
        }

        let (done, digests, failure) = write_files(root, &files);
        self.outcomes.extend(done);
        let written = self.record.written.entry(target.to_string()).or_default();
        written.extend(digests.into_iter().map(|(p, d)| (p.to_string(), d)));
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Where the files of `dir` go when it is, or is inside, a folder this
    /// run makes: the same place under that folder's staging name.
    fn staged_folder(&self, dir: &Path) -> Option<PathBuf> {
        self.fresh.iter().find_map(|(top, staged)| {
            let rest = dir.strip_prefix(top).ok()?;
            Some(staged.join(rest))
        })
    }

    /// What the run read (see [`Inputs`]): `commit` then leaves a record of
    /// it and of the files written, from which `--check` can tell the folder
    /// is up to date without generating. Without it, no record is left.
    pub fn record(&mut self, inputs: Inputs) {
        self.record.inputs = inputs;
        self.keep_record = true;
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
        // The new folders first (each one rename); on a failure the rest of
        // them and every staged file are removed, and the journal stays.
        for (i, (top, staged)) in self.fresh.iter().enumerate() {
            if let Err(e) = std::fs::rename(staged, top) {
                for (_, staged) in &self.fresh[i..] {
                    let _ = std::fs::remove_dir_all(staged);
                }
                unstage(&outcomes);
                return Err(format!(
                    "{}: cannot move into place: {e}; the next run repairs the folder",
                    top.display()
                ));
            }
        }
        rename_into_place(&outcomes)?;
        let mut report = WriteReport {
            repaired: std::mem::take(&mut self.repaired),
            ..Default::default()
        };
        for o in outcomes {
            match o {
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Staged(_, _, p) | Outcome::Fresh(p) => report.written.push(p),
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
        // Before the journal goes: a run stopped while writing the record
        // still reads as interrupted. A folder with a failed delete gets none.
        let record = std::mem::take(&mut self.record);
        if let Some(text) = record.render().filter(|_| self.keep_record) {
            if failed_deletes.is_empty() {
                atomic_write(&root.join(FINGERPRINT), text.as_bytes())?;
            }
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
    /// Not committed: removes the staged files, the folders it made (under
    /// their staging names) and the journal, so the tree is as it was.
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        unstage(&self.outcomes);
        for (_, staged) in &self.fresh {
            let _ = std::fs::remove_dir_all(staged);
        }
        let _ = std::fs::remove_file(self.root.join(JOURNAL));
    }
}

/// Removes the staged files of `outcomes` that are still at their staged names.
fn unstage(outcomes: &[Outcome]) {
    for o in outcomes {
        if let Outcome::Staged(tmp, _, _) = o {
            let _ = std::fs::remove_file(tmp);
        }
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
