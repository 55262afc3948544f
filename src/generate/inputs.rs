//! What a `generate` run depends on, as one digest: the specsmith executable,
//! the settings of the run, and every input file with the bytes it was read
//! as. `generate` records the digest with the files it writes
//! ([`crate::output::Inputs`]); `generate --check` computes it again, reading
//! the recorded input files, and skips generating when nothing changed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::load::Document;

/// The files a run read, each with the bytes it was read as, in the order read.
#[derive(Debug, Default)]
pub struct Reads {
    files: Vec<(PathBuf, Vec<u8>)>,
    /// A `$ref` named a file that could not be read: that absence is not
    /// something the record can check again, so no record is kept.
    unrepeatable: bool,
}

impl Reads {
    pub fn new() -> Reads {
        Reads::default()
    }

    /// A file read whole (`bytes` as read).
    pub fn file(&mut self, path: &Path, bytes: Vec<u8>) {
        self.files.push((path.to_path_buf(), bytes));
    }

    /// Every file a loaded spec was read from.
    pub(super) fn document(&mut self, doc: &Document) {
        for f in &doc.files {
            let mut bytes = Vec::with_capacity(f.text.len() + 3);
            if f.bom {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            bytes.extend_from_slice(f.text.as_bytes());
            self.file(&f.path, bytes);
        }
        if doc.diagnostics.iter().any(|d| d.rule == "unresolved-ref") {
            self.unrepeatable = true;
        }
    }

    /// A spec version loaded from `source` (a path, or `git:REV:path`). What
    /// a revision names can change without a file changing, so a version
    /// read from git leaves no record.
    pub(super) fn version(&mut self, source: &str, doc: &Document) {
        if source.starts_with("git:") {
            self.unrepeatable = true;
        } else {
            self.document(doc);
        }
    }

    pub fn files(&self) -> &[(PathBuf, Vec<u8>)] {
        &self.files
    }

    /// Whether a later run can tell from these files alone that it would
    /// read the same (see `unrepeatable`).
    pub fn repeatable(&self) -> bool {
        !self.unrepeatable
    }
}

/// A digest over a run's inputs, fed in a fixed order by its caller. Every
/// part is labelled and length-prefixed, so two different sequences never
/// feed the same bytes. The parts are hashed as they come; the executable's
/// own digest (the biggest input, tens of megabytes) joins them in
/// [`finish`](InputDigest::finish), read meanwhile on a thread of its own so
/// it costs a run no wall time.
#[derive(Clone)]
pub struct InputDigest(blake3::Hasher);

impl Default for InputDigest {
    fn default() -> Self {
        InputDigest::new()
    }
}

impl InputDigest {
    /// An empty digest; the executable starts being read now.
    pub fn new() -> InputDigest {
        prefetch_executable_digest();
        InputDigest(blake3::Hasher::new())
    }

    fn part(&mut self, label: &str, bytes: &[u8]) {
        for piece in [label.as_bytes(), bytes] {
            self.0.update(&(piece.len() as u64).to_le_bytes());
            self.0.update(piece);
        }
    }

    /// A setting of the run.
    pub fn text(&mut self, label: &str, value: &str) {
        self.part(label, value.as_bytes());
    }

    /// An input file by the name the record gives it; `None` when it is not there.
    pub fn file(&mut self, name: &str, bytes: Option<&[u8]>) {
        match bytes {
            Some(b) => {
                self.part("file", name.as_bytes());
                self.part("bytes", b);
            }
            None => self.part("absent", name.as_bytes()),
        }
    }

    /// Every file under `dir` (hidden ones too), by relative path, in
    /// sorted order; a folder that is not there counts as empty.
    pub fn folder(&mut self, label: &str, dir: &Path) -> std::io::Result<()> {
        self.text("folder", label);
        if !dir.exists() {
            return Ok(());
        }
        let mut stack = vec![PathBuf::new()];
        let mut files = Vec::new();
        while let Some(rel) = stack.pop() {
            for e in std::fs::read_dir(dir.join(&rel))? {
                let e = e?;
                let child = rel.join(e.file_name());
                if dir.join(&child).is_dir() {
                    stack.push(child);
                } else {
                    files.push(child);
                }
            }
        }
        files.sort();
        for f in files {
            let bytes = std::fs::read(dir.join(&f))?;
            self.file(&f.to_string_lossy().replace('\\', "/"), Some(&bytes));
        }
        Ok(())
    }

    /// The digest, as hex: the running executable's bytes (a rebuilt
    /// specsmith whose code changed has another digest, whatever its version
    /// says), then every part fed. `None` when the executable cannot be read.
    pub fn finish(&self) -> Option<String> {
        let mut h = blake3::Hasher::new();
        h.update(b"specsmith inputs 2\0");
        h.update(executable_digest().ok()?.as_bytes());
        h.update(self.0.finalize().as_bytes());
        Some(h.finalize().to_hex().to_string())
    }
}

/// Starts taking [`executable_digest`] on a thread, once per process, so
/// that it is ready (or nearly) when a digest is finished.
fn prefetch_executable_digest() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // A thread that cannot start leaves the work to `finish`.
        let _ = std::thread::Builder::new()
            .name("executable digest".into())
            .spawn(|| {
                let _ = executable_digest();
            });
    });
}

/// The digest of the running executable, taken once per process. On Linux
/// it is read through `/proc/self/exe`, which is the running program even
/// when a build has replaced the file at its path since it started.
fn executable_digest() -> Result<String, String> {
    static DIGEST: OnceLock<Result<String, String>> = OnceLock::new();
    DIGEST
        .get_or_init(|| {
            crate::timings::phase("digest the executable", || {
                let running = Path::new("/proc/self/exe");
                let bytes = if cfg!(target_os = "linux") && running.exists() {
                    std::fs::read(running)
                } else {
                    std::env::current_exe().and_then(std::fs::read)
                };
                bytes
                    .map(|b| blake3::hash(&b).to_hex().to_string())
                    .map_err(|e| format!("cannot read the specsmith executable: {e}"))
            })
        })
        .clone()
}
