//! The migration manifest (`specs/migrations/*.yaml`): what was renamed between
//! two versions of a spec, what must keep its name, and for how long old names
//! stay served as deprecated aliases.
//!
//! The compatibility checker reads it to tell a declared rename from a removal;
//! the emitters read the same file to generate the shims (wire aliases on decode,
//! deprecated type aliases, old paths routed to the new handlers).
//!
//! # Format
//!
//! ```yaml
//! from: 1.3.0                 # optional: the base info.version it applies to
//! to: 1.4.0                   # optional: the head info.version
//! aliases:                    # default for every rename below
//!   serve: true               # old names stay accepted as deprecated aliases …
//!   until: 2.0.0              # … until this version or ISO date (optional)
//! schemas:                    # components/schemas names
//!   TemplateSnapshot: BoxTemplate
//!   TemplateSnapshotState: { to: BoxTemplateState, alias: false }
//! properties:                 # Schema.property (old schema name) → new property
//!   TemplateSnapshot.snapshotRef: artifactRef
//! paths:                      # exact path, or a prefix ending at a segment
//!   /template-snapshots: /box-templates
//! parameters:                 # name everywhere, or operationId.name (old id)
//!   templateSnapshotId: templateId
//! operations:                 # operationIds
//!   createTemplateSnapshot: createBoxTemplate
//! enum_values:                # Enum.value (old enum name) → new value
//!   SandboxSourceKind.template_snapshot: box_template
//! tags:
//!   template-snapshots: box-templates
//! keep:                       # names no rename may touch
//!   - Snapshot                # a schema (and so its properties and values)
//!   - /sandboxes/{sandboxId}/snapshots   # a path and the paths under it
//! ```
//!
//! Every rename is either `Old: New` (using the `aliases` default) or
//! `Old: { to: New, alias: true|false, until: VERSION-OR-DATE }`.
//!
//! # Reading it from an emitter
//!
//! ```no_run
//! use specsmith::compat::manifest::Manifest;
//! let m = Manifest::load(std::path::Path::new("specs/migrations/box-template.yaml")).unwrap();
//! for r in m.schema_renames() {
//!     if r.alias.is_some() {
//!         println!("deprecated type alias {} = {}", r.from, r.to);
//!     }
//! }
//! for (schema, renames) in m.property_renames_by_schema() {
//!     for r in renames {
//!         println!("{schema}: accept `{}` on decode as `{}`", r.from, r.to);
//!     }
//! }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::diag::{push_pointer, Diagnostic, Loc, Severity};
use crate::load::positions::PosIndex;
use crate::load::yaml;

/// What kind of name a rename changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenameKind {
    Schema,
    Property,
    Path,
    Parameter,
    Operation,
    EnumValue,
    Tag,
}

impl RenameKind {
    /// The manifest section that holds this kind.
    pub fn section(self) -> &'static str {
        match self {
            RenameKind::Schema => "schemas",
            RenameKind::Property => "properties",
            RenameKind::Path => "paths",
            RenameKind::Parameter => "parameters",
            RenameKind::Operation => "operations",
            RenameKind::EnumValue => "enum_values",
            RenameKind::Tag => "tags",
        }
    }

    /// A short noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            RenameKind::Schema => "schema",
            RenameKind::Property => "property",
            RenameKind::Path => "path",
            RenameKind::Parameter => "parameter",
            RenameKind::Operation => "operationId",
            RenameKind::EnumValue => "enum value",
            RenameKind::Tag => "tag",
        }
    }

    pub(crate) const ALL: [RenameKind; 7] = [
        RenameKind::Schema,
        RenameKind::Property,
        RenameKind::Path,
        RenameKind::Parameter,
        RenameKind::Operation,
        RenameKind::EnumValue,
        RenameKind::Tag,
    ];
}

/// How long an old name stays served as a deprecated alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AliasWindow {
    /// A version (`2.0.0`) or ISO date (`2026-12-31`) after which the alias may go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// One declared rename.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    pub kind: RenameKind,
    /// For properties and enum values: the (old) schema name. For parameters:
    /// the (old) operationId when the key was `operationId.name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub from: String,
    pub to: String,
    /// `Some` when the old name stays served as a deprecated alias.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<AliasWindow>,
    /// Where the entry is in the manifest.
    pub loc: Loc,
}

impl Rename {
    /// The manifest line that declares it, as written in the short form.
    pub fn key(&self) -> String {
        match &self.scope {
            Some(s) => format!("{s}.{}", self.from),
            None => self.from.clone(),
        }
    }
}

/// One `keep` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keep {
    pub name: String,
    pub loc: Loc,
}

/// A parsed migration manifest (or several merged).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Manifest {
    /// Base `info.version` the manifest was written for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Head `info.version` the manifest was written for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    renames: Vec<Rename>,
    keep: Vec<Keep>,
    /// The files it was read from, as shown in locations.
    pub files: Vec<String>,
}

/// Why a manifest could not be read: every problem found, located.
#[derive(Debug, Clone)]
pub struct ManifestError {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ManifestError {}

const TOP_KEYS: &[&str] = &[
    "from",
    "to",
    "aliases",
    "schemas",
    "properties",
    "paths",
    "parameters",
    "operations",
    "enum_values",
    "tags",
    "keep",
    "description",
];

impl Manifest {
    /// An empty manifest: nothing renamed, nothing kept.
    pub fn empty() -> Manifest {
        Manifest::default()
    }

    /// Reads one manifest file. The file name in locations is the path as given.
    pub fn load(path: &Path) -> Result<Manifest, ManifestError> {
        Manifest::load_as(path, &path.to_string_lossy().replace('\\', "/"))
    }

    /// Reads one manifest file, naming it `display` in locations.
    pub fn load_as(path: &Path, display: &str) -> Result<Manifest, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|e| ManifestError {
            diagnostics: vec![Diagnostic::new(
                "manifest-unreadable",
                Severity::Error,
                Loc {
                    file: display.to_string(),
                    line: 1,
                    col: 1,
                    pointer: String::new(),
                },
                format!("cannot read the migration manifest: {e}"),
            )],
        })?;
        Manifest::parse(display, &text)
    }

    /// Reads several manifests and merges them (renames and keeps concatenated).
    pub fn load_all(paths: &[impl AsRef<Path>]) -> Result<Manifest, ManifestError> {
        let mut out = Manifest::empty();
        let mut errors = Vec::new();
        for p in paths {
            match Manifest::load(p.as_ref()) {
                Ok(m) => out.merge(m),
                Err(e) => errors.extend(e.diagnostics),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(ManifestError {
                diagnostics: errors,
            })
        }
    }

    /// Adds another manifest's entries to this one.
    pub fn merge(&mut self, other: Manifest) {
        self.from = self.from.take().or(other.from);
        self.to = self.to.take().or(other.to);
        self.renames.extend(other.renames);
        self.keep.extend(other.keep);
        self.files.extend(other.files);
    }

    /// Parses manifest text; `display` names the file in locations.
    pub fn parse(display: &str, text: &str) -> Result<Manifest, ManifestError> {
        let doc = yaml::parse(text);
        let loc = |pointer: &str| locate(display, &doc.positions, pointer);
        let mut errors: Vec<Diagnostic> = doc
            .issues
            .iter()
            .filter(|i| i.fatal)
            .map(|i| {
                Diagnostic::new(
                    "manifest-syntax",
                    Severity::Error,
                    loc(&i.pointer),
                    i.message.clone(),
                )
            })
            .collect();
        if !errors.is_empty() {
            return Err(ManifestError {
                diagnostics: errors,
            });
        }
        let mut err = |pointer: &str, msg: String| {
            errors.push(Diagnostic::new(
                "manifest-invalid",
                Severity::Error,
                loc(pointer),
                msg,
            ))
        };
        let mut m = Manifest {
            files: vec![display.to_string()],
            ..Manifest::default()
        };
        let root = match &doc.value {
            Value::Object(map) => map.clone(),
            Value::Null => Default::default(),
            _ => {
                err(
                    "",
                    "a migration manifest is a mapping with sections like `schemas:` and `keep:`"
                        .into(),
                );
                return Err(ManifestError {
                    diagnostics: errors,
                });
            }
        };
        for k in root.keys() {
            if !TOP_KEYS.contains(&k.as_str()) {
                err(
                    &push_pointer("", k),
                    format!(
                        "unknown section `{k}`; expected one of: {}",
                        TOP_KEYS.join(", ")
                    ),
                );
            }
        }
        m.from = root.get("from").map(scalar_text);
        m.to = root.get("to").map(scalar_text);
        let mut default_alias = Some(AliasWindow::default());
        if let Some(a) = root.get("aliases") {
            match a {
                Value::Object(o) => {
                    let serve = o.get("serve").and_then(Value::as_bool).unwrap_or(true);
                    default_alias = serve.then(|| AliasWindow {
                        until: o.get("until").map(scalar_text),
                    });
                }
                Value::Bool(b) => default_alias = b.then(AliasWindow::default),
                _ => err(
                    "/aliases",
                    "`aliases` is `{ serve: BOOL, until: VERSION }` or a boolean".into(),
                ),
            }
        }
        for kind in RenameKind::ALL {
            let section = kind.section();
            let sp = push_pointer("", section);
            let Some(v) = root.get(section) else { continue };
            let Value::Object(entries) = v else {
                if !v.is_null() {
                    err(&sp, format!("`{section}` must map old names to new names"));
                }
                continue;
            };
            for (key, val) in entries {
                let p = push_pointer(&sp, key);
                let (to, alias) = match val {
                    Value::String(s) => (s.clone(), default_alias.clone()),
                    Value::Object(o) => {
                        let Some(to) = o.get("to").map(scalar_text) else {
                            err(&p, format!("`{key}` needs `to: <new name>`"));
                            continue;
                        };
                        let until = o.get("until").map(scalar_text);
                        let alias = match o.get("alias") {
                            Some(Value::Bool(false)) => None,
                            Some(Value::Bool(true)) => Some(AliasWindow {
                                until: until.or_else(|| {
                                    default_alias.as_ref().and_then(|a| a.until.clone())
                                }),
                            }),
                            None => default_alias.clone().map(|a| AliasWindow {
                                until: until.or(a.until),
                            }),
                            Some(_) => {
                                err(
                                    &push_pointer(&p, "alias"),
                                    "`alias` is true or false".into(),
                                );
                                continue;
                            }
                        };
                        (to, alias)
                    }
                    Value::Number(_) | Value::Bool(_) => (scalar_text(val), default_alias.clone()),
                    _ => {
                        err(
                            &p,
                            format!("`{key}` maps to a new name or `{{ to: NAME, alias: BOOL }}`"),
                        );
                        continue;
                    }
                };
                let (scope, from) = match kind {
                    RenameKind::Property | RenameKind::EnumValue => match key.split_once('.') {
                        Some((s, f)) if !s.is_empty() && !f.is_empty() => {
                            (Some(s.to_string()), f.to_string())
                        }
                        _ => {
                            err(&p, format!("`{key}`: write `Schema.{}` (the old schema name, a dot, the old name)", kind.noun()));
                            continue;
                        }
                    },
                    RenameKind::Parameter => match key.split_once('.') {
                        Some((s, f)) => (Some(s.to_string()), f.to_string()),
                        None => (None, key.clone()),
                    },
                    RenameKind::Path => {
                        if !key.starts_with('/') || !to.starts_with('/') {
                            err(&p, format!("`{key}`: paths start with `/`"));
                            continue;
                        }
                        (None, key.clone())
                    }
                    _ => (None, key.clone()),
                };
                if from == to {
                    err(&p, format!("`{key}` renames to itself; remove the line"));
                    continue;
                }
                m.renames.push(Rename {
                    kind,
                    scope,
                    from,
                    to,
                    alias,
                    loc: loc(&p),
                });
            }
        }
        match root.get("keep") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let p = push_pointer("/keep", &i.to_string());
                    match item {
                        Value::String(s) => m.keep.push(Keep {
                            name: s.clone(),
                            loc: loc(&p),
                        }),
                        _ => err(&p, "`keep` lists names as strings".into()),
                    }
                }
            }
            Some(_) => err("/keep", "`keep` is a list of names".into()),
        }
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(ManifestError {
                diagnostics: errors,
            })
        }
    }

    /// Every rename, in file order.
    pub fn renames(&self) -> &[Rename] {
        &self.renames
    }

    /// Keeps only the renames `f` accepts.
    pub fn retain_renames(&mut self, f: impl FnMut(&Rename) -> bool) {
        self.renames.retain(f);
    }

    /// Everything declared `keep`.
    pub fn keep(&self) -> &[Keep] {
        &self.keep
    }

    fn of(&self, kind: RenameKind) -> impl Iterator<Item = &Rename> {
        self.renames.iter().filter(move |r| r.kind == kind)
    }

    /// Renamed schemas, old → new.
    pub fn schema_renames(&self) -> impl Iterator<Item = &Rename> {
        self.of(RenameKind::Schema)
    }

    /// Renamed paths (exact paths or segment prefixes), old → new.
    pub fn path_renames(&self) -> impl Iterator<Item = &Rename> {
        self.of(RenameKind::Path)
    }

    /// Renamed operationIds, old → new.
    pub fn operation_id_renames(&self) -> impl Iterator<Item = &Rename> {
        self.of(RenameKind::Operation)
    }

    /// Renamed parameters; `scope` is the old operationId when limited to one.
    pub fn parameter_renames(&self) -> impl Iterator<Item = &Rename> {
        self.of(RenameKind::Parameter)
    }

    /// Renamed tags, old → new.
    pub fn tag_renames(&self) -> impl Iterator<Item = &Rename> {
        self.of(RenameKind::Tag)
    }

    /// Renamed properties grouped by the schema they belong to (as written:
    /// the old schema name), each old → new with its alias window.
    pub fn property_renames_by_schema(&self) -> BTreeMap<&str, Vec<&Rename>> {
        group(self.of(RenameKind::Property))
    }

    /// Renamed enum values grouped by enum (the old enum name).
    pub fn enum_value_renames_by_enum(&self) -> BTreeMap<&str, Vec<&Rename>> {
        group(self.of(RenameKind::EnumValue))
    }

    /// The new name of a schema, if renamed.
    pub fn schema(&self, old: &str) -> Option<&Rename> {
        self.of(RenameKind::Schema).find(|r| r.from == old)
    }

    /// The schema renamed *to* `new`, if any.
    pub fn schema_to(&self, new: &str) -> Option<&Rename> {
        self.of(RenameKind::Schema).find(|r| r.to == new)
    }

    /// The new name of `Schema.property`; `schema` may be the old or new schema name.
    pub fn property(&self, schema: &str, old: &str) -> Option<&Rename> {
        let new_schema = self.schema(schema).map(|r| r.to.as_str());
        self.of(RenameKind::Property).find(|r| {
            r.from == old
                && r.scope.as_deref().is_some_and(|s| {
                    s == schema
                        || Some(s) == new_schema
                        || self.schema(s).is_some_and(|x| x.to == schema)
                })
        })
    }

    /// The new value of `Enum.value`; `schema` may be the old or new enum name.
    pub fn enum_value(&self, schema: &str, old: &str) -> Option<&Rename> {
        let new_schema = self.schema(schema).map(|r| r.to.as_str());
        self.of(RenameKind::EnumValue).find(|r| {
            r.from == old
                && r.scope.as_deref().is_some_and(|s| {
                    s == schema
                        || Some(s) == new_schema
                        || self.schema(s).is_some_and(|x| x.to == schema)
                })
        })
    }

    /// The new operationId.
    pub fn operation_id(&self, old: &str) -> Option<&Rename> {
        self.of(RenameKind::Operation).find(|r| r.from == old)
    }

    /// The new name of a parameter of the operation with the old id `op`.
    pub fn parameter(&self, op: &str, old: &str) -> Option<&Rename> {
        self.of(RenameKind::Parameter)
            .filter(|r| r.from == old)
            .find(|r| r.scope.as_deref().is_none_or(|s| s == op))
    }

    /// The new tag.
    pub fn tag(&self, old: &str) -> Option<&Rename> {
        self.of(RenameKind::Tag).find(|r| r.from == old)
    }

    /// Where an old path went, with the rename that moved it: an exact entry
    /// wins over the longest prefix entry. Path parameter names inside braces
    /// are carried over as they were (the wire does not see them).
    pub fn path(&self, old: &str) -> Option<(String, &Rename)> {
        if let Some(r) = self.of(RenameKind::Path).find(|r| r.from == old) {
            return Some((r.to.clone(), r));
        }
        self.of(RenameKind::Path)
            .filter(|r| old.starts_with(&r.from) && old[r.from.len()..].starts_with('/'))
            .max_by_key(|r| r.from.len())
            .map(|r| (format!("{}{}", r.to, &old[r.from.len()..]), r))
    }

    /// Is `name` (a schema, `Schema.property`, a path, an operationId, a tag)
    /// declared `keep`, or inside something that is? Returns the keep entry.
    pub fn kept(&self, name: &str) -> Option<&Keep> {
        self.keep.iter().find(|k| {
            name == k.name
                || (name.starts_with(&k.name) && {
                    let rest = &name[k.name.len()..];
                    rest.starts_with('.') || (k.name.starts_with('/') && rest.starts_with('/'))
                })
        })
    }
}

fn group<'a>(it: impl Iterator<Item = &'a Rename>) -> BTreeMap<&'a str, Vec<&'a Rename>> {
    let mut out: BTreeMap<&str, Vec<&Rename>> = BTreeMap::new();
    for r in it {
        out.entry(r.scope.as_deref().unwrap_or_default())
            .or_default()
            .push(r);
    }
    out
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn locate(file: &str, positions: &PosIndex, pointer: &str) -> Loc {
    let pos = positions.nearest(pointer);
    Loc {
        file: file.to_string(),
        line: pos.line,
        col: pos.col,
        pointer: pointer.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "aliases: { serve: true, until: 2.0.0 }\nschemas:\n  A: B\n  C: { to: D, alias: false }\nproperties:\n  A.x: y\npaths:\n  /a: /b\nparameters:\n  aId: bId\n  getA.q: r\nenum_values:\n  Kind.a: b\nkeep:\n  - Snapshot\n  - /snapshots\n";

    #[test]
    fn parses_short_and_long_forms() {
        let m = Manifest::parse("m.yaml", SAMPLE).unwrap();
        assert_eq!(m.schema("A").unwrap().to, "B");
        assert_eq!(
            m.schema("A")
                .unwrap()
                .alias
                .as_ref()
                .unwrap()
                .until
                .as_deref(),
            Some("2.0.0")
        );
        assert!(m.schema("C").unwrap().alias.is_none());
        assert_eq!(m.property("A", "x").unwrap().to, "y");
        assert_eq!(m.property("B", "x").unwrap().to, "y");
        assert_eq!(m.parameter("anything", "aId").unwrap().to, "bId");
        assert_eq!(m.parameter("getA", "q").unwrap().to, "r");
        assert!(m.parameter("other", "q").is_none());
        assert_eq!(m.enum_value("Kind", "a").unwrap().to, "b");
        assert_eq!(m.path("/a/{id}").unwrap().0, "/b/{id}");
        assert!(m.path("/ab").is_none());
        assert!(m.kept("Snapshot.imageUri").is_some());
        assert!(m.kept("/snapshots/{id}").is_some());
        assert!(m.kept("SnapshotState").is_none());
        assert_eq!(m.schema("A").unwrap().loc.line, 3);
    }

    #[test]
    fn reports_every_problem() {
        let err = Manifest::parse(
            "m.yaml",
            "bogus: 1\nproperties:\n  nodot: y\npaths:\n  a: /b\n",
        )
        .unwrap_err();
        assert_eq!(err.diagnostics.len(), 3, "{err}");
    }
}
