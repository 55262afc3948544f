//! `specsmith.toml`: which spec to read, lint severities, what `generate` writes
//! and where, and the baseline and migrations the compatibility check uses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Loc, Severity};

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
    /// Where the keys of `[generate.target.<name>]` and `[lint.rules]` are
    /// in the file, for findings about them.
    #[serde(skip)]
    pub keys: KeyLocs,
}

/// Where the free-form keys of the file are: each `[generate.target.<name>]`
/// table and its keys, and each key of `[lint.rules]`.
#[derive(Debug, Clone, Default)]
pub struct KeyLocs {
    pub targets: BTreeMap<String, (Loc, BTreeMap<String, Loc>)>,
    pub rules: BTreeMap<String, Loc>,
}

impl KeyLocs {
    /// Where `[generate.target.<target>] key` is, if the file sets it.
    pub fn loc(&self, target: &str, key: &str) -> Option<&Loc> {
        self.targets.get(target)?.1.get(key)
    }
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
    /// Its keys, which a target's own table may set too.
    pub const KEYS: [&'static str; 4] = ["version", "license", "description", "repository"];

    /// The keys that are set, as target options.
    pub fn options(&self) -> Vec<(&'static str, &str)> {
        let values = [
            &self.version,
            &self.license,
            &self.description,
            &self.repository,
        ];
        Self::KEYS
            .into_iter()
            .zip(values)
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

/// A level `[lint.rules]` sets: switched off, or a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    At(Severity),
}

impl Level {
    /// `off`, `error`, `warning` or `info`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            _ => Severity::parse(s).map(Level::At),
        }
    }

    /// Is it below an error (switched off included)?
    pub fn below_error(self) -> bool {
        match self {
            Level::Off => true,
            Level::At(s) => s < Severity::Error,
        }
    }
}

impl Config {
    /// The level `[lint.rules]` sets for `rule`, if it sets one that is a
    /// level (the config's check refuses the others).
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.lint.rules.get(rule).and_then(|l| Level::parse(l))
    }

    /// Reads a config file.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mut cfg: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        cfg.root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        cfg.keys = key_locs(&text, &path.display().to_string())
            .map_err(|e| format!("{}: {e}", path.display()))?;
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
}

/// Where the keys of `[generate.target.<name>]` and `[lint.rules]` are in
/// `text` (a config that has parsed), each with its line and column.
fn key_locs(text: &str, file: &str) -> Result<KeyLocs, toml::de::Error> {
    type Keys = BTreeMap<Spanned<String>, IgnoredAny>;
    #[derive(Deserialize, Default)]
    struct Generate {
        #[serde(default)]
        target: BTreeMap<Spanned<String>, Keys>,
    }
    #[derive(Deserialize, Default)]
    struct Lint {
        #[serde(default)]
        rules: Keys,
    }
    #[derive(Deserialize, Default)]
    struct File {
        #[serde(default)]
        generate: Generate,
        #[serde(default)]
        lint: Lint,
    }
    let keys: File = toml::from_str(text)?;
    let loc = |key: &Spanned<String>, pointer: String| {
        let before = text.get(..key.span().start).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let col = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        Loc {
            file: file.to_string(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
            pointer,
        }
    };
    let mut out = KeyLocs::default();
    for (target, table) in &keys.generate.target {
        let base = format!("/generate/target/{}", target.get_ref());
        let options = table
            .keys()
            .map(|k| {
                (
                    k.get_ref().clone(),
                    loc(k, format!("{base}/{}", k.get_ref())),
                )
            })
            .collect();
        out.targets
            .insert(target.get_ref().clone(), (loc(target, base), options));
    }
    for rule in keys.lint.rules.keys() {
        let pointer = format!("/lint/rules/{}", rule.get_ref());
        out.rules.insert(rule.get_ref().clone(), loc(rule, pointer));
    }
    Ok(out)
}
