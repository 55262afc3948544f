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
//!
//! This module holds the manifest and the questions the checker and the
//! emitters ask it; `read` reads manifest files.

mod read;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::{Diagnostic, Loc};

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

impl Manifest {
    /// An empty manifest: nothing renamed, nothing kept.
    pub fn empty() -> Manifest {
        Manifest::default()
    }

    /// Adds another manifest's entries to this one.
    pub fn merge(&mut self, other: Manifest) {
        self.from = self.from.take().or(other.from);
        self.to = self.to.take().or(other.to);
        self.renames.extend(other.renames);
        self.keep.extend(other.keep);
        self.files.extend(other.files);
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
        self.in_schema(RenameKind::Property, schema, old)
    }

    /// The new value of `Enum.value`; `schema` may be the old or new enum name.
    pub fn enum_value(&self, schema: &str, old: &str) -> Option<&Rename> {
        self.in_schema(RenameKind::EnumValue, schema, old)
    }

    /// The rename of `old` inside a schema (a property or an enum value),
    /// whether the rename's scope names the schema's old or new name.
    fn in_schema(&self, kind: RenameKind, schema: &str, old: &str) -> Option<&Rename> {
        let new_schema = self.schema(schema).map(|r| r.to.as_str());
        self.of(kind).find(|r| {
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

#[cfg(test)]
mod tests;
