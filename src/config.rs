//! `specsmith.toml`: which spec to read, lint severities, what `generate` writes
//! and where, and the baseline and migrations the compatibility check uses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name looked for in the current directory and its parents.
pub const CONFIG_FILE: &str = "specsmith.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The spec `check`, `generate` and `docs` read when given no SPEC.
    pub spec: Option<PathBuf>,
    /// The previous released spec, for `diff` with no arguments.
    pub baseline: Option<PathBuf>,
    /// Migration manifests (declared renames).
    #[serde(default)]
    pub migrations: Vec<PathBuf>,
    /// Directories besides the spec's own that file `$ref`s may reach.
    #[serde(default)]
    pub allowed_roots: Vec<PathBuf>,
    #[serde(default)]
    pub lint: LintConfig,
    #[serde(default)]
    pub generate: GenerateConfig,
    /// Where the config file was found; paths in it are relative to this.
    #[serde(skip)]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// rule id → `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateConfig {
    /// The output root (default `generated`).
    pub out: Option<PathBuf>,
    /// Targets `generate` writes when none is named (default: all).
    #[serde(default)]
    pub targets: Vec<String>,
    /// Per-target settings: `out` (relative to the output root) and options
    /// such as `package`, `module`, `namespace`.
    #[serde(default)]
    pub target: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// A folder whose files override built-in templates by name.
    pub templates: Option<PathBuf>,
    /// Every error-level finding stops `generate` (default: only those that
    /// would make the generated code wrong).
    #[serde(default)]
    pub strict: bool,
}

impl Config {
    /// Reads a config file.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mut cfg: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        cfg.root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(cfg)
    }

    /// Finds `specsmith.toml` in `start` or a parent directory.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    /// A path from the config, made relative to the config's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.root.join(p)
        }
    }

    /// A string option of one target.
    pub fn target_option(&self, target: &str, key: &str) -> Option<String> {
        self.generate
            .target
            .get(target)?
            .get(key)?
            .as_str()
            .map(str::to_string)
    }
}
