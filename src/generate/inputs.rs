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
        h.update(b"specsmith inputs 3\0");
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

/// What identifies the running executable, taken once per process: the
/// build id its linker recorded (ELF `NT_GNU_BUILD_ID`, Mach-O `LC_UUID`), a
/// digest the linker takes of the code it links, so another build of other
/// code has another one; else a digest of its bytes. Reading the id costs a
/// few headers where digesting the bytes reads the whole file (20 MB and
/// more). On Linux the file is `/proc/self/exe`, which is the running
/// program even when a build has replaced the file at its path since it
/// started.
fn executable_digest() -> Result<String, String> {
    static DIGEST: OnceLock<Result<String, String>> = OnceLock::new();
    DIGEST
        .get_or_init(|| {
            crate::timings::phase("digest the executable", || {
                let running = Path::new("/proc/self/exe");
                let path = if cfg!(target_os = "linux") && running.exists() {
                    running.to_path_buf()
                } else {
                    std::env::current_exe()
                        .map_err(|e| format!("cannot find the specsmith executable: {e}"))?
                };
                let unreadable =
                    |e: std::io::Error| format!("cannot read the specsmith executable: {e}");
                let file = std::fs::File::open(&path).map_err(unreadable)?;
                if let Some(id) = build_id(file) {
                    return Ok(format!("build id {id}"));
                }
                std::fs::read(&path)
                    .map(|b| format!("bytes {}", blake3::hash(&b).to_hex()))
                    .map_err(unreadable)
            })
        })
        .clone()
}

/// The build id recorded in an executable, as hex; `None` when it has none
/// (or too short a one to tell builds apart) or is not ELF or Mach-O.
fn build_id(file: std::fs::File) -> Option<String> {
    use object::read::elf::{FileHeader, ProgramHeader};
    use object::{FileKind, Object};
    let data = object::ReadCache::new(file);
    let id: Vec<u8> = match FileKind::parse(&data).ok()? {
        // The program headers alone: no section or symbol table is read.
        FileKind::Elf64 => {
            let header = object::elf::FileHeader64::<object::Endianness>::parse(&data).ok()?;
            let endian = header.endian().ok()?;
            let mut found = None;
            for segment in header.program_headers(endian, &data).ok()? {
                let Ok(Some(mut notes)) = segment.notes(endian, &data) else {
                    continue;
                };
                while let Ok(Some(note)) = notes.next() {
                    if note.name() == object::elf::ELF_NOTE_GNU
                        && note.n_type(endian) == object::elf::NT_GNU_BUILD_ID
                    {
                        found = Some(note.desc().to_vec());
                    }
                }
            }
            found?
        }
        FileKind::MachO64 => object::File::parse(&data).ok()?.mach_uuid().ok()??.to_vec(),
        _ => return None,
    };
    if id.len() < 16 {
        return None;
    }
    Some(id.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::build_id;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_linked_executable_is_known_by_its_build_id() {
        let open = || std::fs::File::open("/proc/self/exe").ok();
        let Some(file) = open() else {
            panic!("/proc/self/exe cannot be opened");
        };
        let id = build_id(file);
        // Debian's and most distributions' linkers record a SHA-1 (40 hex digits).
        assert!(id.as_ref().is_some_and(|id| id.len() >= 32), "{id:?}");
        assert_eq!(open().and_then(build_id), id);
    }

    #[test]
    fn a_file_that_is_not_an_executable_has_no_build_id() {
        let path = std::env::temp_dir().join(format!("specsmith-not-elf-{}", std::process::id()));
        let _ = std::fs::write(&path, b"\x7fELF but not really an executable");
        let id = std::fs::File::open(&path).ok().and_then(build_id);
        let _ = std::fs::remove_file(&path);
        assert_eq!(id, None);
    }
}
