//! The disk under the writer and the check: staged atomic writes, the
//! lock on the output root, what an interrupted run left and its repair.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{read_owned, render_manifest, JOURNAL, LOCK, MANIFEST, MANIFEST_TITLE, TMP_SUFFIX};

/// The temporary file `dest` is written to before it is renamed over it.
pub(super) fn tmp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}{TMP_SUFFIX}"))
}

/// Writes `bytes` to a temporary file beside `dest` (never through a link
/// left at that name) and returns its path.
pub(super) fn stage(dest: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let tmp = tmp_path(dest);
    let create = || OpenOptions::new().write(true).create_new(true).open(&tmp);
    // Usually nothing is there: removing what an interrupted run left (a
    // file or a link) only when the exclusive create meets it.
    let file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp)?;
            create()
        }
        other => other,
    };
    let written = file.and_then(|mut f| f.write_all(bytes));
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Replaces `dest` with `bytes` atomically (temporary file, then rename).
pub(super) fn atomic_write(dest: &Path, bytes: &[u8]) -> Result<(), String> {
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

/// The temporary files and folders left under `root` by an interrupted run
/// (never following symbolic links), relative to the root. A folder the run
/// was making under its staging name is one entry; it is not searched.
pub(super) fn stray_temporaries(root: &Path) -> Vec<String> {
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
            if name.starts_with('.') && name.ends_with(TMP_SUFFIX) {
                found.push(child.to_string_lossy().replace('\\', "/"));
            } else if ty.is_dir() {
                stack.push(child);
            }
        }
    }
    found.sort();
    found
}

/// Repairs what an interrupted run left: its temporary files are removed, and
/// every file it owned or planned is recorded in the manifest as generated, so
/// the next run of that target removes the ones it no longer generates.
pub(super) fn repair(root: &Path) -> Result<Vec<String>, String> {
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
        let at = root.join(s);
        let folder = std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir());
        let removed = if folder {
            std::fs::remove_dir_all(&at)
        } else {
            std::fs::remove_file(&at)
        };
        removed.map_err(|e| format!("{}: cannot remove: {e}", at.display()))?;
    }
    if !strays.is_empty() {
        notes.push(format!(
            "removed {} temporary file(s) or folder(s) left by an interrupted run",
            strays.len()
        ));
    }
    Ok(notes)
}

/// Checks that the folder `rel` (relative to `root`) is a folder inside the
/// root: no part of it may be a symbolic link to somewhere outside, or a file.
/// Returns the parts that do not exist yet, outermost first.
pub(super) fn folder_inside(
    root: &Path,
    canon_root: &Path,
    rel: &Path,
) -> Result<Vec<PathBuf>, String> {
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
