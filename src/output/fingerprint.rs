//! `.specsmith-fingerprint`: what the last `generate` that wrote the folder
//! read (a digest over its inputs, and the input files by name) and wrote
//! (every file with a digest of its bytes), so that `--check` can tell an
//! up-to-date folder without generating anything: the inputs digest again,
//! then every recorded file hashed (docs/output.md, "--check on an
//! up-to-date folder").
//!
//! The record is a cache local to one machine (its digest covers the
//! specsmith executable), never part of the generated output: the manifest
//! stays the same bytes on every machine. Any doubt about it (missing,
//! unreadable, another format, another digest, a file that differs) means
//! the full comparison runs, which alone reports drift.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::check::shared_lock;
use super::disk::stray_temporaries;
use super::{read_owned, validate_path, WriteOptions, JOURNAL, MANIFEST};

/// The record of the last writing run, in the output root.
pub const FINGERPRINT: &str = ".specsmith-fingerprint";

const HEADER: &str = "# specsmith: what the last `generate` into this folder read and wrote, so that `generate --check` can skip generating when nothing changed. Local to this machine: ignore it in version control.\n";
const FORMAT: &str = "format\t1";

/// What a writing run read, known before its files are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The digest over every input (the caller's, see `generate::InputDigest`).
    pub digest: String,
    /// The input files the digest covers, by the names it gives them, so
    /// that `--check` can read them again without loading the spec.
    pub files: Vec<String>,
    /// What the run printed about its findings, printed again by a
    /// `--check` that finds the folder up to date.
    pub summary: String,
}

/// A whole record: the inputs, and per target the files written with the
/// digest of their bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub inputs: Inputs,
    pub written: BTreeMap<String, BTreeMap<String, String>>,
}

/// The digest of a file's bytes, as the record writes it.
pub fn file_digest(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Record {
    /// The record as text; `None` when a name cannot be written on one line
    /// (a tab or a line break in it), so that no record is kept.
    pub(super) fn render(&self) -> Option<String> {
        let plain = |s: &str| !s.contains(['\t', '\n', '\r']);
        let mut s = format!("{HEADER}{FORMAT}\ninputs\t{}\n", self.inputs.digest);
        for f in &self.inputs.files {
            if !plain(f) {
                return None;
            }
            s.push_str(&format!("read\t{f}\n"));
        }
        for line in self.inputs.summary.lines() {
            s.push_str(&format!("summary\t{line}\n"));
        }
        for (target, files) in &self.written {
            if !plain(target) {
                return None;
            }
            s.push_str(&format!("target\t{target}\n"));
            for (path, digest) in files {
                if !plain(path) {
                    return None;
                }
                s.push_str(&format!("file\t{target}\t{digest}\t{path}\n"));
            }
        }
        Some(s)
    }

    /// Reads a record; `None` for anything but a whole record of this format.
    fn parse(text: &str) -> Option<Record> {
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        if lines.next()? != FORMAT {
            return None;
        }
        let mut r = Record::default();
        r.inputs.digest = lines.next()?.strip_prefix("inputs\t")?.to_string();
        for line in lines {
            let (kind, rest) = line.split_once('\t')?;
            match kind {
                "read" => r.inputs.files.push(rest.to_string()),
                "summary" => {
                    r.inputs.summary.push_str(rest);
                    r.inputs.summary.push('\n');
                }
                "target" => {
                    r.written.insert(rest.to_string(), BTreeMap::new());
                }
                "file" => {
                    let (target, rest) = rest.split_once('\t')?;
                    let (digest, path) = rest.split_once('\t')?;
                    validate_path(path).ok()?;
                    r.written
                        .get_mut(target)?
                        .insert(path.to_string(), digest.to_string());
                }
                _ => return None,
            }
        }
        Some(r)
    }
}

/// Reads the record in `root`, if there is a whole one.
pub fn read_record(root: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(root.join(FINGERPRINT)).ok()?;
    Record::parse(&text)
}

/// Removes the record (a writing run does, before it changes anything).
pub(super) fn forget(root: &Path) -> Result<(), String> {
    let p = root.join(FINGERPRINT);
    match std::fs::remove_file(&p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: cannot remove: {e}", p.display()))
        }
        _ => Ok(()),
    }
}

/// `--check` without generating: under the shared lock, reads the record,
/// asks `digest` for the inputs digest now (given the record's inputs;
/// `None` when they cannot be read), and answers the number of files when
/// the digests agree and the folder holds exactly what the record says was
/// written: no interrupted run, the manifest listing those files for those
/// targets, each file with the recorded bytes. `Ok(None)`: not shown to be
/// up to date (compare in full). `Err`: the folder could not be locked.
pub fn up_to_date(
    root: &Path,
    opts: &WriteOptions,
    digest: impl FnOnce(&Inputs) -> Option<String>,
) -> Result<Option<(usize, Record)>, String> {
    let _lock = shared_lock(root, opts)?;
    let Some(record) = read_record(root) else {
        return Ok(None);
    };
    if crate::timings::phase("inputs digest", || digest(&record.inputs)).as_ref()
        != Some(&record.inputs.digest)
    {
        return Ok(None);
    }
    if root.join(JOURNAL).exists() || !stray_temporaries(root).is_empty() {
        return Ok(None);
    }
    let Ok(manifest) = read_owned(root, MANIFEST) else {
        return Ok(None);
    };
    let manifest = manifest.unwrap_or_default();
    let empty = BTreeSet::new();
    for (target, files) in &record.written {
        let listed = manifest.get(target).unwrap_or(&empty);
        if !listed.iter().eq(files.keys()) {
            return Ok(None);
        }
    }
    let files: Vec<(&String, &String)> = record.written.values().flatten().collect();
    let count = files.len();
    let same = crate::timings::phase("hash generated files", || all_match(root, &files));
    Ok(same.then_some((count, record)))
}

/// Whether every file has the recorded digest, read on every core.
fn all_match(root: &Path, files: &[(&String, &String)]) -> bool {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(files.len().div_ceil(256).max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    let parts: Vec<&[(&String, &String)]> = files.chunks(chunk).collect();
    crate::parallel::in_parallel_at_most(workers, &parts, |part| {
        part.iter().all(|(path, digest)| {
            std::fs::read(root.join(path.as_str())).is_ok_and(|b| file_digest(&b) == **digest)
        })
    })
    .into_iter()
    .all(|same| same)
}
