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
    #[serde(default)]
    pub compat: CompatConfig,
    #[serde(default)]
    pub package: PackageConfig,
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

/// `[compat]`: how `specsmith diff` judges a change.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompatConfig {
    /// When `info.version` is judged: `off`, `changed` (default) or `always`.
    pub version: Option<crate::compat::VersionPolicy>,
}

/// `[package]`: the metadata every generated package declares
/// (docs/packages.md). Each key may also be set in one target's
/// `[generate.target.<name>]` table, which wins for that target.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageConfig {
    /// The package version (default: `info.version` when it is
    /// `MAJOR.MINOR.PATCH`, else `0.1.0` with a warning).
    pub version: Option<String>,
    /// An SPDX license expression (default: `info.license.identifier`, else
    /// `info.license.name`).
    pub license: Option<String>,
    /// One line (default: the first paragraph of `info.description`, else
    /// `info.title`).
    pub description: Option<String>,
    /// The source repository URL (default: none; the manifests then omit it).
    pub repository: Option<String>,
}

impl PackageConfig {
    /// The keys that are set, as target options.
    pub fn options(&self) -> Vec<(&'static str, &str)> {
        [
            ("version", &self.version),
            ("license", &self.license),
            ("description", &self.description),
            ("repository", &self.repository),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }
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
