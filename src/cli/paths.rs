//! How paths are shown: in headers (the same bytes from any working folder,
//! however the path was typed) and in messages (relative, `/` separators).

use std::path::{Path, PathBuf};

use specsmith::config::Config;

/// The folder generated headers name paths from: the config file's, else the output root.
pub fn header_base(config: Option<&Config>, root: &Path) -> PathBuf {
    match config {
        Some(c) if c.root.as_os_str().is_empty() => PathBuf::from("."),
        Some(c) => c.root.clone(),
        None => root.to_path_buf(),
    }
}

/// An absolute, normalised form of `p` (which may not exist yet): its
/// longest existing ancestor resolved (links followed), the rest appended.
fn resolved(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut abs = PathBuf::new();
    for c in cwd.join(p).components() {
        match c {
            std::path::Component::ParentDir => {
                abs.pop();
            }
            std::path::Component::CurDir => {}
            other => abs.push(other),
        }
    }
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |acc, r| acc.join(r));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// `path` relative to `base` (with `..` where needed), `/` separators; the
/// same whatever the working folder and however either path was typed.
pub fn stable_display(path: &Path, base: &Path) -> String {
    let (target, base) = (resolved(path), resolved(base));
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        // Nothing in common (another drive): the file name alone.
        return path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A path as shown to users: relative to `base` (or the
/// current directory), `/` separators, never absolute.
pub fn relative_display(path: &Path, base: Option<&Path>) -> String {
    let cwd = std::env::current_dir().ok();
    let abs = |p: &Path| -> PathBuf {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.clone().unwrap_or_default().join(p)
        };
        std::fs::canonicalize(&joined).unwrap_or(joined)
    };
    let target = abs(path);
    let base = base.map(abs).or_else(|| cwd.as_deref().map(abs));
    let shown = base
        .as_deref()
        .and_then(|b| target.strip_prefix(b).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            if path.is_absolute() {
                PathBuf::from(path.file_name().unwrap_or_default())
            } else {
                path.to_path_buf()
            }
        });
    shown.to_string_lossy().replace('\\', "/")
}

/// A path as shown: relative to the current directory when inside it.
pub fn display(p: &Path, cwd: Option<&Path>) -> String {
    specsmith::load::display_path(p, cwd)
}
