//! Reading manifest files: the YAML checked section by section, every
//! problem found reported with its location, none fatal before the end.

use std::path::Path;

use serde_json::{Map, Value};

use super::{AliasWindow, Keep, Manifest, ManifestError, Rename, RenameKind};
use crate::diag::{push_pointer, Diagnostic, Loc, Severity};
use crate::load::positions::PosIndex;
use crate::load::yaml;

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

    /// Parses manifest text; `display` names the file in locations.
    pub fn parse(display: &str, text: &str) -> Result<Manifest, ManifestError> {
        let doc = yaml::parse(text);
        let mut reader = Reader {
            display,
            positions: &doc.positions,
            errors: Vec::new(),
        };
        reader.errors = doc
            .issues
            .iter()
            .filter(|i| i.fatal)
            .map(|i| {
                Diagnostic::new(
                    "manifest-syntax",
                    Severity::Error,
                    reader.loc(&i.pointer),
                    i.message.clone(),
                )
            })
            .collect();
        if !reader.errors.is_empty() {
            return Err(reader.failed());
        }
        let mut m = Manifest {
            files: vec![display.to_string()],
            ..Manifest::default()
        };
        let root = match &doc.value {
            Value::Object(map) => map.clone(),
            Value::Null => Default::default(),
            _ => {
                reader.err(
                    "",
                    "a migration manifest is a mapping with sections like `schemas:` and `keep:`"
                        .into(),
                );
                return Err(reader.failed());
            }
        };
        for k in root.keys() {
            if !TOP_KEYS.contains(&k.as_str()) {
                reader.err(
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
        let default_alias = reader.default_alias(root.get("aliases"));
        for kind in RenameKind::ALL {
            reader.section(kind, &root, &default_alias, &mut m.renames);
        }
        reader.keep(root.get("keep"), &mut m.keep);
        if reader.errors.is_empty() {
            Ok(m)
        } else {
            Err(reader.failed())
        }
    }
}

/// One manifest being read, with the problems found so far.
struct Reader<'a> {
    display: &'a str,
    positions: &'a PosIndex,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn loc(&self, pointer: &str) -> Loc {
        locate(self.display, self.positions, pointer)
    }

    fn err(&mut self, pointer: &str, msg: String) {
        self.errors.push(Diagnostic::new(
            "manifest-invalid",
            Severity::Error,
            self.loc(pointer),
            msg,
        ))
    }

    fn failed(self) -> ManifestError {
        ManifestError {
            diagnostics: self.errors,
        }
    }

    /// The `aliases` section: the alias window a rename gets unless it says
    /// otherwise (`None`: old names are not served).
    fn default_alias(&mut self, aliases: Option<&Value>) -> Option<AliasWindow> {
        let mut default_alias = Some(AliasWindow::default());
        if let Some(a) = aliases {
            match a {
                Value::Object(o) => {
                    let serve = o.get("serve").and_then(Value::as_bool).unwrap_or(true);
                    default_alias = serve.then(|| AliasWindow {
                        until: o.get("until").map(scalar_text),
                    });
                }
                Value::Bool(b) => default_alias = b.then(AliasWindow::default),
                _ => self.err(
                    "/aliases",
                    "`aliases` is `{ serve: BOOL, until: VERSION }` or a boolean".into(),
                ),
            }
        }
        default_alias
    }

    /// The renames of one section (`schemas:`, `properties:` …).
    fn section(
        &mut self,
        kind: RenameKind,
        root: &Map<String, Value>,
        default_alias: &Option<AliasWindow>,
        renames: &mut Vec<Rename>,
    ) {
        let section = kind.section();
        let sp = push_pointer("", section);
        let Some(v) = root.get(section) else { return };
        let Value::Object(entries) = v else {
            if !v.is_null() {
                self.err(&sp, format!("`{section}` must map old names to new names"));
            }
            return;
        };
        for (key, val) in entries {
            let p = push_pointer(&sp, key);
            let Some((to, alias)) = self.target(key, val, &p, default_alias) else {
                continue;
            };
            let Some((scope, from)) = self.scope_and_from(kind, key, &to, &p) else {
                continue;
            };
            if from == to {
                self.err(&p, format!("`{key}` renames to itself; remove the line"));
                continue;
            }
            renames.push(Rename {
                kind,
                scope,
                from,
                to,
                alias,
                loc: self.loc(&p),
            });
        }
    }

    /// The new name of one entry and its alias window: `Old: New` or
    /// `Old: { to: New, alias: BOOL, until: VERSION }`.
    fn target(
        &mut self,
        key: &str,
        val: &Value,
        p: &str,
        default_alias: &Option<AliasWindow>,
    ) -> Option<(String, Option<AliasWindow>)> {
        Some(match val {
            Value::String(s) => (s.clone(), default_alias.clone()),
            Value::Object(o) => {
                let Some(to) = o.get("to").map(scalar_text) else {
                    self.err(p, format!("`{key}` needs `to: <new name>`"));
                    return None;
                };
                let until = o.get("until").map(scalar_text);
                let alias = match o.get("alias") {
                    Some(Value::Bool(false)) => None,
                    Some(Value::Bool(true)) => Some(AliasWindow {
                        until: until
                            .or_else(|| default_alias.as_ref().and_then(|a| a.until.clone())),
                    }),
                    None => default_alias.clone().map(|a| AliasWindow {
                        until: until.or(a.until),
                    }),
                    Some(_) => {
                        self.err(&push_pointer(p, "alias"), "`alias` is true or false".into());
                        return None;
                    }
                };
                (to, alias)
            }
            Value::Number(_) | Value::Bool(_) => (scalar_text(val), default_alias.clone()),
            _ => {
                self.err(
                    p,
                    format!("`{key}` maps to a new name or `{{ to: NAME, alias: BOOL }}`"),
                );
                return None;
            }
        })
    }

    /// The scope and the old name of an entry: `Schema.name` for properties
    /// and enum values, optionally `operationId.name` for parameters.
    fn scope_and_from(
        &mut self,
        kind: RenameKind,
        key: &str,
        to: &str,
        p: &str,
    ) -> Option<(Option<String>, String)> {
        Some(match kind {
            RenameKind::Property | RenameKind::EnumValue => {
                match key.split_once('.') {
                    Some((s, f)) if !s.is_empty() && !f.is_empty() => {
                        (Some(s.to_string()), f.to_string())
                    }
                    _ => {
                        self.err(p, format!("`{key}`: write `Schema.{}` (the old schema name, a dot, the old name)", kind.noun()));
                        return None;
                    }
                }
            }
            RenameKind::Parameter => match key.split_once('.') {
                Some((s, f)) => (Some(s.to_string()), f.to_string()),
                None => (None, key.to_string()),
            },
            RenameKind::Path => {
                if !key.starts_with('/') || !to.starts_with('/') {
                    self.err(p, format!("`{key}`: paths start with `/`"));
                    return None;
                }
                (None, key.to_string())
            }
            _ => (None, key.to_string()),
        })
    }

    /// The `keep` list.
    fn keep(&mut self, keep: Option<&Value>, out: &mut Vec<Keep>) {
        match keep {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let p = push_pointer("/keep", &i.to_string());
                    match item {
                        Value::String(s) => out.push(Keep {
                            name: s.clone(),
                            loc: self.loc(&p),
                        }),
                        _ => self.err(&p, "`keep` lists names as strings".into()),
                    }
                }
            }
            Some(_) => self.err("/keep", "`keep` is a list of names".into()),
        }
    }
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
