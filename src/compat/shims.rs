//! From a migration manifest to the emitters' [`Shims`]: the renames whose old
//! names stay served, expressed in the head spec's IR names.
//!
//! The manifest speaks the base spec's language (`TemplateSnapshot.snapshotRef`,
//! `/template-snapshots`); the emitters only see the head IR. So every entry is
//! resolved against the head:
//!
//! - a schema rename becomes a deprecated type alias `old → new`;
//! - a property rename `Schema.prop: new` is keyed by the head IR type that
//!   carries `new` (the renamed schema's new name, or an inline type hoisted out
//!   of it, whose hoisted name follows its parent's);
//! - an enum value rename is keyed by the head IR enum type the same way;
//! - a path rename covers every head path under the new prefix, with the path
//!   parameters renamed back, as the checker maps base paths forward
//!   ([`Manifest::path`]).
//!
//! Only renames that stay served (`aliases.serve`, or `alias: true` on the
//! entry) become shims. An entry that names nothing in the head spec gives a
//! warning instead of a shim that would not compile or not route.

use std::collections::{BTreeMap, BTreeSet};

use crate::compat::engine::path_shape;
use crate::compat::manifest::{Manifest, Rename, RenameKind};
use crate::compat::rules::helpers::find_name;
use crate::compat::suggest::did_you_mean;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{OperationAlias, Shims};
use crate::ir::{hoisted_name, Api, NamedType, TypeKind, TypeOrigin};

/// The rule id of the warning for a served rename that has no shim.
pub const UNRESOLVED_RULE: &str = "migration-shim-unresolved";

impl Manifest {
    /// The shims for `head`; entries that resolve to nothing are left out
    /// (see [`Manifest::shims_checked`] for why).
    pub fn shims(&self, head: &Api) -> Shims {
        self.shims_checked(head).0
    }

    /// The shims for `head`, and a warning (located at the manifest entry) for
    /// every served rename that the head spec does not let a shim express.
    pub fn shims_checked(&self, head: &Api) -> (Shims, Vec<Diagnostic>) {
        self.shims_checked_against(None, head)
    }

    /// [`Manifest::shims_checked`], and when the base spec is known, entries
    /// whose old name is not in it are dropped with a warning (saying which
    /// base name is closest): a misspelled old name must not become an alias.
    pub fn shims_checked_against(
        &self,
        base: Option<&Api>,
        head: &Api,
    ) -> (Shims, Vec<Diagnostic>) {
        let Some(base) = base else {
            return self.resolve(head, Vec::new());
        };
        let mut known = self.clone();
        let mut notes = Vec::new();
        known.retain_renames(|r| {
            if r.alias.is_none() || find_name(base, r.kind, r.scope.as_deref(), &r.from).is_some() {
                return true;
            }
            let hint = crate::compat::suggest::hint(did_you_mean(base, r).as_deref());
            notes.push(Diagnostic::new(
                UNRESOLVED_RULE,
                Severity::Warning,
                r.loc.clone(),
                format!(
                    "{} `{}` → `{}` is served as an alias, but `{}` is not in the base spec{hint}; no shim is generated for it",
                    r.kind.noun(),
                    r.key(),
                    r.to,
                    r.key()
                ),
            ));
            false
        });
        known.resolve(head, notes)
    }

    fn resolve(&self, head: &Api, earlier: Vec<Diagnostic>) -> (Shims, Vec<Diagnostic>) {
        let names = self.head_names(head);
        let mut shims = Shims::default();
        let mut notes = earlier;
        let mut miss = |r: &Rename, why: String| {
            notes.push(Diagnostic::new(
                UNRESOLVED_RULE,
                Severity::Warning,
                r.loc.clone(),
                format!(
                    "{} `{}` → `{}` is served as an alias, but {why}; no shim is generated for it",
                    r.kind.noun(),
                    r.key(),
                    r.to
                ),
            ));
        };
        for r in self.renames().iter().filter(|r| r.alias.is_some()) {
            match r.kind {
                RenameKind::Schema => {
                    if head.get(&r.to).is_none() {
                        miss(r, format!("the head spec has no schema `{}`", r.to));
                    } else if head.get(&r.from).is_some() {
                        miss(r, format!("the head spec still has a type `{}`", r.from));
                    } else {
                        shims.type_aliases.insert(r.from.clone(), r.to.clone());
                    }
                }
                RenameKind::Property => {
                    let scope = r.scope.as_deref().unwrap_or_default();
                    let Some(t) = names.get(scope).and_then(|n| head.get(n)) else {
                        miss(r, format!("the head spec has no type for `{scope}`"));
                        continue;
                    };
                    match &t.kind {
                        TypeKind::Object(o) if o.fields.iter().any(|f| f.name == r.to) => {
                            if o.fields.iter().any(|f| f.name == r.from) {
                                miss(r, format!("`{}` still has a property `{}`", t.name, r.from));
                                continue;
                            }
                            push_pair(&mut shims.field_aliases, &t.name, r);
                        }
                        _ => miss(r, format!("`{}` has no property `{}`", t.name, r.to)),
                    }
                }
                RenameKind::EnumValue => {
                    let scope = r.scope.as_deref().unwrap_or_default();
                    let Some(t) = names.get(scope).and_then(|n| head.get(n)) else {
                        miss(r, format!("the head spec has no type for `{scope}`"));
                        continue;
                    };
                    let has = |v: &str| match &t.kind {
                        TypeKind::Enum(e) => e.values.iter().any(|x| scalar_text(&x.value) == v),
                        _ => false,
                    };
                    if !has(&r.to) {
                        miss(r, format!("`{}` has no enum value `{}`", t.name, r.to));
                    } else if has(&r.from) {
                        miss(r, format!("`{}` still has the value `{}`", t.name, r.from));
                    } else {
                        push_pair(&mut shims.enum_aliases, &t.name, r);
                    }
                }
                RenameKind::Path => {
                    let found = self.old_paths(head, r);
                    if found.is_empty() {
                        miss(r, format!("no head path is at or under `{}`", r.to));
                    }
                    shims.path_aliases.extend(found);
                }
                // An operationId is a source-level name: the clients keep the
                // old method as a deprecated alias of the new one.
                RenameKind::Operation => {
                    let has = |id: &str| head.operations.iter().any(|o| o.id == id);
                    if !has(&r.to) {
                        miss(r, format!("the head spec has no operation `{}`", r.to));
                    } else if has(&r.from) {
                        miss(
                            r,
                            format!("the head spec still has an operation `{}`", r.from),
                        );
                    } else {
                        shims.operation_aliases.insert(
                            r.from.clone(),
                            OperationAlias {
                                to: r.to.clone(),
                                until: r.alias.as_ref().and_then(|a| a.until.clone()),
                            },
                        );
                    }
                }
                // Parameters ride along with their paths (the wire never sees
                // a path parameter's name; query and header renames have no
                // shim yet); tags are source-level names.
                RenameKind::Parameter | RenameKind::Tag => {}
            }
        }
        // A hoisted inline type follows its parent's name: when the parent was
        // renamed with an alias, its inline types keep their old names too.
        for (old, new) in &names {
            let Some(t) = head.get(new) else { continue };
            if old != new
                && matches!(t.origin, TypeOrigin::Hoisted { .. })
                && head.get(old).is_none()
                && self.alias_reaches(t)
            {
                shims.type_aliases.insert(old.clone(), new.clone());
            }
        }
        (shims, notes)
    }

    /// Base IR type name → head IR type name, for every head type: component
    /// schemas through the schema renames, hoisted types by renaming their
    /// naming path back (parent schema or operationId, then properties).
    fn head_names(&self, head: &Api) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for t in head.types.values() {
            if let Some(old) = self.base_name(t) {
                out.entry(old).or_insert_with(|| t.name.clone());
            }
        }
        // A name that exists unchanged in head maps to itself.
        for name in head.types.keys() {
            out.entry(name.clone()).or_insert_with(|| name.clone());
        }
        out
    }

    /// What a head type was called in base, by the declared renames.
    fn base_name(&self, t: &NamedType) -> Option<String> {
        match &t.origin {
            TypeOrigin::Component { name } => Some(
                self.schema_to(name)
                    .map(|r| r.from.clone())
                    .unwrap_or_else(|| name.clone()),
            ),
            TypeOrigin::Hoisted { path } => {
                let old = self.base_path(path);
                // A collision suffix (`…Inline`) stays as it was.
                let suffix = t.name.strip_prefix(&hoisted_name(path)).unwrap_or("");
                Some(format!("{}{suffix}", hoisted_name(&old)))
            }
        }
    }

    /// A hoisting path with its segments renamed back to base names.
    fn base_path(&self, path: &[String]) -> Vec<String> {
        let mut old: Vec<String> = Vec::with_capacity(path.len());
        for (i, seg) in path.iter().enumerate() {
            let back = if i == 0 {
                self.schema_to(seg)
                    .or_else(|| self.renames_to(RenameKind::Operation, seg).next())
                    .map(|r| r.from.clone())
            } else {
                let owner_old = if i == 1 {
                    old[0].clone()
                } else {
                    hoisted_name(&old[..i])
                };
                let owner_new = if i == 1 {
                    path[0].clone()
                } else {
                    hoisted_name(&path[..i])
                };
                self.renames_to(RenameKind::Property, seg)
                    .find(|r| {
                        r.scope
                            .as_deref()
                            .is_some_and(|s| s == owner_old || s == owner_new)
                    })
                    .map(|r| r.from.clone())
            };
            old.push(back.unwrap_or_else(|| seg.clone()));
        }
        old
    }

    fn renames_to<'a>(
        &'a self,
        kind: RenameKind,
        to: &'a str,
    ) -> impl Iterator<Item = &'a Rename> + 'a {
        self.renames()
            .iter()
            .filter(move |r| r.kind == kind && r.to == to)
    }

    /// Does an aliased schema or operation rename reach this hoisted type's
    /// root, or an aliased property rename one of its segments?
    fn alias_reaches(&self, t: &NamedType) -> bool {
        let TypeOrigin::Hoisted { path } = &t.origin else {
            return false;
        };
        path.iter().enumerate().any(|(i, seg)| {
            let kinds: &[RenameKind] = if i == 0 {
                &[RenameKind::Schema, RenameKind::Operation]
            } else {
                &[RenameKind::Property]
            };
            kinds
                .iter()
                .any(|k| self.renames_to(*k, seg).any(|r| r.alias.is_some()))
        })
    }

    /// Old path → head path for every head path the path rename `r` moved.
    /// Path parameters renamed by the manifest get their old names back, and a
    /// candidate counts only when [`Manifest::path`] maps it onto the head
    /// path the way the checker does, and the head spec does not serve it itself.
    fn old_paths(&self, head: &Api, r: &Rename) -> BTreeMap<String, String> {
        let served: BTreeSet<String> = head
            .operations
            .iter()
            .map(|o| path_shape(&o.path))
            .collect();
        let mut out = BTreeMap::new();
        for op in &head.operations {
            let Some(rest) = op.path.strip_prefix(&r.to) else {
                continue;
            };
            if !(rest.is_empty() || rest.starts_with('/')) {
                continue;
            }
            let old = format!("{}{}", r.from, self.params_back(head, &op.path, rest));
            let Some((mapped, by)) = self.path(&old) else {
                continue;
            };
            if by.from != r.from
                || path_shape(&mapped) != path_shape(&op.path)
                || served.contains(&path_shape(&old))
            {
                continue;
            }
            out.insert(old, op.path.clone());
        }
        out
    }

    /// `rest` of `path` with each `{name}` renamed back by a parameter rename
    /// that applies to an operation at `path` (by its old or new id) or to all.
    fn params_back(&self, head: &Api, path: &str, rest: &str) -> String {
        let ids: Vec<&str> = head
            .operations
            .iter()
            .filter(|o| o.path == path)
            .map(|o| o.id.as_str())
            .collect();
        let mut out = String::with_capacity(rest.len());
        let mut tail = rest;
        while let Some(i) = tail.find('{') {
            let Some(j) = tail[i..].find('}') else { break };
            let name = &tail[i + 1..i + j];
            let old = self
                .renames_to(RenameKind::Parameter, name)
                .find(|p| match p.scope.as_deref() {
                    None => true,
                    Some(s) => ids
                        .iter()
                        .any(|id| *id == s || self.operation_id(s).is_some_and(|x| x.to == *id)),
                })
                .map(|p| p.from.as_str())
                .unwrap_or(name);
            out.push_str(&tail[..i + 1]);
            out.push_str(old);
            out.push('}');
            tail = &tail[i + j + 1..];
        }
        out.push_str(tail);
        out
    }
}

/// An enum value as the manifest spells it.
fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn push_pair(map: &mut BTreeMap<String, Vec<(String, String)>>, ty: &str, r: &Rename) {
    let pairs = map.entry(ty.to_string()).or_default();
    let pair = (r.from.clone(), r.to.clone());
    if !pairs.contains(&pair) {
        pairs.push(pair);
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::load::LoadOptions;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn head(path: &Path) -> Api {
        let opts = LoadOptions {
            display_base: Some(root()),
            ..Default::default()
        };
        crate::pipeline::load_and_lower(path, &opts)
            .unwrap_or_else(|d| panic!("{d:?}"))
            .1
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn map(v: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs(v).into_iter().collect()
    }

    #[test]
    fn the_project_manifest_gives_every_shim_in_head_names() {
        let m = Manifest::load(&root().join("specs/migrations/box-template.yaml")).unwrap();
        let (shims, notes) = m.shims_checked(&head(&root().join("specs/sandbox-lifecycle.yml")));
        assert!(notes.is_empty(), "{notes:#?}");
        assert_eq!(
            shims.type_aliases,
            map(&[
                ("CreateTemplateSnapshotRequest", "CreateBoxTemplateRequest"),
                ("ListTemplateSnapshotsResponse", "ListBoxTemplatesResponse"),
                ("TemplateSnapshot", "BoxTemplate"),
                ("TemplateSnapshotState", "BoxTemplateState"),
            ])
        );
        let fields: BTreeMap<String, Vec<(String, String)>> = [
            ("BoxTemplate", pairs(&[("snapshotRef", "artifactRef")])),
            (
                "CreateBoxTemplateRequest",
                pairs(&[("snapshotRef", "artifactRef")]),
            ),
            (
                "CreateSandboxRequest",
                pairs(&[("templateSnapshotId", "boxTemplateId")]),
            ),
            (
                "SandboxSource",
                pairs(&[("templateSnapshotId", "boxTemplateId")]),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(shims.field_aliases, fields);
        assert_eq!(
            shims.enum_aliases,
            [(
                "SandboxSourceKind".to_string(),
                pairs(&[("template_snapshot", "box_template")])
            )]
            .into_iter()
            .collect()
        );
        assert_eq!(
            shims.path_aliases,
            map(&[
                ("/template-snapshots", "/box-templates"),
                (
                    "/template-snapshots/{templateSnapshotId}",
                    "/box-templates/{templateId}"
                ),
                (
                    "/template-snapshots/{templateSnapshotId}/activate",
                    "/box-templates/{templateId}/activate"
                ),
                (
                    "/template-snapshots/{templateSnapshotId}/deactivate",
                    "/box-templates/{templateId}/deactivate"
                ),
            ])
        );
    }

    const SPEC: &str = r##"openapi: 3.0.3
info: { title: Boxes, version: 2.0.0 }
paths:
  /boxes/{boxId}:
    get:
      operationId: getBox
      parameters:
        - { name: boxId, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The box.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Box" }
  /boxes/{boxId}/lid:
    get:
      operationId: getLid
      parameters:
        - { name: boxId, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: No content. }
  /sandboxes/{id}/lid:
    get:
      operationId: getOldLid
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: No content. }
components:
  schemas:
    Box:
      type: object
      properties:
        limits:
          type: object
          properties:
            cpuCount: { type: integer }
        mode:
          type: string
          enum: [fast, slow]
        colour: { type: string }
"##;

    const MANIFEST: &str = r#"aliases: { serve: true }
schemas:
  Sandbox: Box
properties:
  Sandbox.resources: limits
  SandboxResources.cpus: cpuCount
  Sandbox.color: { to: colour, alias: false }
  Sandbox.gone: missing
paths:
  /sandboxes: /boxes
parameters:
  sandboxId: boxId
enum_values:
  SandboxMode.quick: fast
"#;

    /// Inline types hoisted out of a renamed schema follow it, served
    /// renames only, a path the head still serves is not aliased, and an
    /// entry that names nothing in head is a warning.
    #[test]
    fn hoisted_types_follow_their_renamed_parent() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("boxes.yaml");
        std::fs::write(&spec, SPEC).unwrap();
        let m = Manifest::parse("m.yaml", MANIFEST).unwrap();
        let (shims, notes) = m.shims_checked(&head(&spec));
        assert_eq!(
            shims.type_aliases,
            map(&[
                ("Sandbox", "Box"),
                ("SandboxMode", "BoxMode"),
                ("SandboxResources", "BoxLimits"),
            ])
        );
        let fields: BTreeMap<String, Vec<(String, String)>> = [
            ("Box".to_string(), pairs(&[("resources", "limits")])),
            ("BoxLimits".to_string(), pairs(&[("cpus", "cpuCount")])),
        ]
        .into_iter()
        .collect();
        assert_eq!(shims.field_aliases, fields);
        assert_eq!(
            shims.enum_aliases,
            [("BoxMode".to_string(), pairs(&[("quick", "fast")]))]
                .into_iter()
                .collect()
        );
        assert_eq!(
            shims.path_aliases,
            map(&[("/sandboxes/{sandboxId}", "/boxes/{boxId}")])
        );
        let rules: Vec<(&str, u32, &str)> = notes
            .iter()
            .map(|d| (d.rule.as_str(), d.loc.line, d.message.as_str()))
            .collect();
        assert_eq!(rules.len(), 1, "{rules:#?}");
        assert_eq!(rules[0].0, UNRESOLVED_RULE);
        assert_eq!(rules[0].1, 8);
        assert!(
            rules[0].2.contains("`Box` has no property `missing`"),
            "{}",
            rules[0].2
        );
    }
}
