//! Follows file `$ref`s and inlines what they point at into the root
//! document's `components`, so the rest of the pipeline sees one document.
//! Remote refs and refs that leave the allowed roots are refused.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{display_path, parse_text, LoadOptions, SourceFile};
use crate::diag::{escape_segment, pointer_segments, push_pointer, Diagnostic, Loc, Severity};

mod ids;
pub use ids::resolve_schema_ids;

/// A part of the bundled document that came from another place.
#[derive(Debug, Clone)]
pub struct Origin {
    pub bundled_pointer: String,
    pub file: usize,
    pub file_pointer: String,
}

pub struct Bundled {
    pub value: Value,
    pub files: Vec<SourceFile>,
    pub origins: Vec<Origin>,
    pub diagnostics: Vec<Diagnostic>,
}

struct Bundler<'a> {
    opts: &'a LoadOptions,
    roots: Vec<PathBuf>,
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, usize>,
    /// (file, fragment) → the `#/components/<kind>/<name>` it was inlined as.
    assigned: HashMap<(usize, String), String>,
    /// Components added, by kind, in order.
    added: BTreeMap<String, Map<String, Value>>,
    origins: Vec<Origin>,
    diagnostics: Vec<Diagnostic>,
}

/// Bundles the root file's value.
pub fn bundle(root: SourceFile, opts: &LoadOptions) -> Bundled {
    let root_dir = root
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut roots = vec![canonical(&root_dir)];
    roots.extend(opts.allowed_roots.iter().map(|r| canonical(r)));
    let mut root = root;
    // Walks for what the scan of a JSON text saw none of are skipped.
    let hints = root.ref_hints;
    if hints.is_none_or(|h| h.ids) {
        resolve_schema_ids(&mut root.value);
    }
    // Single-file specs (the common case) need no copy: the root's value moves
    // into the bundle. With file refs, the bundler needs the root's original
    // value to look names up, so it is copied.
    let multi = hints.is_none_or(|h| h.ids || h.external) && has_file_ref(&root.value);
    let mut value = if multi {
        root.value.clone()
    } else {
        std::mem::take(&mut root.value)
    };
    let mut b = Bundler {
        opts,
        roots,
        by_path: HashMap::from([(canonical(&root.path), 0)]),
        files: vec![root],
        assigned: HashMap::new(),
        added: BTreeMap::new(),
        origins: Vec::new(),
        diagnostics: Vec::new(),
    };
    // Nothing to do for a single-file spec: skip the walk's rewrite cost.
    if multi {
        b.walk(&mut value, 0, "", "", 0);
        b.merge_added(&mut value);
    }
    Bundled {
        value,
        files: b.files,
        origins: b.origins,
        diagnostics: b.diagnostics,
    }
}

/// The canonical form of a path that may not exist: the longest existing
/// ancestor is canonicalised and the rest is applied lexically, so a missing
/// file inside the tree is still inside it (and `..` cannot sneak out).
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => {
                // `..` or a root: no existing ancestor to anchor on.
                return p.to_path_buf();
            }
        }
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    out
}

/// Keys whose values are data or vendor content, not OpenAPI: a `$ref` in
/// them is not a reference (example payloads, extension values).
fn is_data_key(key: &str, parent_pointer: &str) -> bool {
    key == "example"
        || key.starts_with("x-")
        || (key == "value"
            && pointer_segments(parent_pointer)
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|s| s == "examples"))
}

fn has_file_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|s| !s.starts_with('#')))
                || (k != "example" && !k.starts_with("x-") && k != "value" && has_file_ref(v))
        }),
        Value::Array(a) => a.iter().any(has_file_ref),
        _ => false,
    }
}

/// What kind of component a ref site expects, from its position.
fn kind_of_site(site: &str) -> &'static str {
    let segs = pointer_segments(site);
    let n = segs.len();
    let at = |i: usize| {
        segs.get(n.wrapping_sub(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    if at(2) == "parameters" {
        "parameters"
    } else if at(2) == "responses" && at(3) != "properties" {
        "responses"
    } else if at(1) == "requestBody" || at(2) == "requestBodies" {
        "requestBodies"
    } else if at(2) == "headers" {
        "headers"
    } else if at(2) == "examples" {
        "examples"
    } else if at(2) == "links" {
        "links"
    } else if at(2) == "callbacks" {
        "callbacks"
    } else if at(2) == "securitySchemes" {
        "securitySchemes"
    } else if at(2) == "paths" && n == 2 {
        "pathItem"
    } else {
        "schemas"
    }
}

impl<'a> Bundler<'a> {
    fn diag(&mut self, file: usize, pointer: &str, rule: &str, message: String) {
        let f = &self.files[file];
        let pos = f.positions.nearest(pointer);
        self.diagnostics.push(Diagnostic::new(
            rule,
            Severity::Error,
            Loc {
                file: f.display.clone(),
                line: pos.line,
                col: pos.col,
                pointer: pointer.to_string(),
            },
            message,
        ));
    }

    /// Walks `v` (which sits at `file_pointer` in `file`, and at
    /// `bundled_pointer` in the output), rewriting refs.
    fn walk(
        &mut self,
        v: &mut Value,
        file: usize,
        file_pointer: &str,
        bundled_pointer: &str,
        depth: usize,
    ) {
        if depth > 512 {
            return;
        }
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let r = r.clone();
                    if let Some(new_ref) = self.rewrite(
                        &r,
                        file,
                        &push_pointer(file_pointer, "$ref"),
                        bundled_pointer,
                    ) {
                        if let Some(key) = new_ref.strip_prefix("INLINE:") {
                            // A path item inlined in place.
                            if let Some((f, frag)) = key.split_once('#') {
                                let f: usize = f.parse().unwrap_or(0);
                                if let Some(target) = self.files[f].value.pointer(frag).cloned() {
                                    let mut target = target;
                                    self.origins.push(Origin {
                                        bundled_pointer: bundled_pointer.to_string(),
                                        file: f,
                                        file_pointer: frag.to_string(),
                                    });
                                    self.walk(&mut target, f, frag, bundled_pointer, depth + 1);
                                    *v = target;
                                    return;
                                }
                            }
                        } else {
                            map.insert("$ref".into(), Value::String(new_ref));
                        }
                    }
                }
                let keys: Vec<String> = map.keys().cloned().collect();
                for k in keys {
                    if k == "$ref"
                        || is_data_key(&k, file_pointer)
                        || k == "examples" && file_pointer.ends_with("/schema")
                    {
                        continue;
                    }
                    let fp = push_pointer(file_pointer, &k);
                    let bp = push_pointer(bundled_pointer, &k);
                    if let Some(child) = map.get_mut(&k) {
                        self.walk(child, file, &fp, &bp, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let s = i.to_string();
                    self.walk(
                        child,
                        file,
                        &push_pointer(file_pointer, &s),
                        &push_pointer(bundled_pointer, &s),
                        depth + 1,
                    );
                }
            }
            _ => {}
        }
    }

    /// The replacement for one `$ref` string, or `None` to keep it.
    fn rewrite(&mut self, r: &str, file: usize, ref_pointer: &str, site: &str) -> Option<String> {
        let (file_part, fragment) = match r.split_once('#') {
            Some((f, frag)) => (f, frag),
            None => (r, ""),
        };
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .to_string();
        if file_part.is_empty() {
            if file == 0 {
                return None;
            }
            // An internal ref inside an external file points into that file.
            return Some(self.inline(file, &fragment, site));
        }
        if file_part.starts_with("http://")
            || file_part.starts_with("https://")
            || file_part.contains("://")
        {
            self.diag(file, ref_pointer, "remote-ref", format!("`{r}` is a remote reference; specsmith does not fetch over the network: download the file and refer to it by a relative path"));
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(file_part)
            .decode_utf8_lossy()
            .to_string();
        let base = self.files[file]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let target = canonical(&base.join(&decoded));
        if !self.roots.iter().any(|root| target.starts_with(root)) {
            self.diag(file, ref_pointer, "ref-outside-root", format!("`{r}` leaves the spec's directory tree; specsmith refuses it (allow another root with `allowed_roots` in specsmith.toml if this is intended)"));
            return None;
        }
        let idx = match self.by_path.get(&target) {
            Some(i) => *i,
            None => {
                let text = match std::fs::read_to_string(&target) {
                    Ok(t) => t,
                    Err(e) => {
                        self.diag(
                            file,
                            ref_pointer,
                            "unresolved-ref",
                            format!("`{r}`: cannot read `{decoded}`: {e}"),
                        );
                        return None;
                    }
                };
                let display = display_path(
                    &target,
                    self.opts.display_base.as_deref().map(canonical).as_deref(),
                );
                match parse_text(&display, &target, text) {
                    Ok((sf, diags)) => {
                        self.diagnostics.extend(diags);
                        self.files.push(sf);
                        let i = self.files.len() - 1;
                        self.by_path.insert(target.clone(), i);
                        i
                    }
                    Err(diags) => {
                        self.diagnostics.extend(diags);
                        return None;
                    }
                }
            }
        };
        if idx == 0 && !fragment.is_empty() {
            // A ref back into the root file: its target keeps its place in
            // the bundle, so the ref becomes internal (no second copy).
            let raw = r.split_once('#').map(|(_, f)| f).unwrap_or_default();
            return Some(format!("#{raw}"));
        }
        Some(self.inline(idx, &fragment, site))
    }

    /// Inlines `file#fragment` as a component and returns the new ref.
    fn inline(&mut self, file: usize, fragment: &str, site: &str) -> String {
        let key = (file, fragment.to_string());
        if let Some(done) = self.assigned.get(&key) {
            return done.clone();
        }
        let segs = pointer_segments(fragment);
        let mut kind = kind_of_site(site).to_string();
        if segs.len() == 3 && segs[0] == "components" {
            kind = segs[1].clone();
        }
        if kind == "pathItem" {
            return format!("INLINE:{file}#{fragment}");
        }
        let Some(target) = self.files[file].value.pointer(fragment).cloned() else {
            let shown = self.files[file].display.clone();
            self.diag(
                file,
                fragment,
                "unresolved-ref",
                format!("`{shown}#{fragment}` does not exist"),
            );
            return format!("#/components/{kind}/__unresolved");
        };
        let stem = Path::new(&self.files[file].display)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let base_name = segs.last().cloned().unwrap_or_else(|| stem.clone());
        let name = self.unique_name(&kind, &base_name, &stem);
        let new_ref = format!("#/components/{}/{}", kind, escape_segment(&name));
        self.assigned.insert(key, new_ref.clone());
        let bundled_pointer = format!("/components/{}/{}", kind, escape_segment(&name));
        self.origins.push(Origin {
            bundled_pointer: bundled_pointer.clone(),
            file,
            file_pointer: fragment.to_string(),
        });
        // Reserve the name before walking so cycles resolve to it.
        self.added
            .entry(kind.clone())
            .or_default()
            .insert(name.clone(), Value::Null);
        let mut target = target;
        self.walk(&mut target, file, fragment, &bundled_pointer, 0);
        self.added.entry(kind).or_default().insert(name, target);
        new_ref
    }

    fn unique_name(&self, kind: &str, base: &str, stem: &str) -> String {
        let taken = |n: &str| {
            self.added.get(kind).is_some_and(|m| m.contains_key(n))
                || self.files[0]
                    .value
                    .pointer(&format!("/components/{}/{}", kind, escape_segment(n)))
                    .is_some()
        };
        if !taken(base) {
            return base.to_string();
        }
        let with_stem = format!("{base}_{stem}");
        if !taken(&with_stem) {
            return with_stem;
        }
        // Finitely many names are taken, so some suffix is free.
        (2..)
            .map(|i| format!("{with_stem}_{i}"))
            .find(|n| !taken(n))
            .unwrap_or(with_stem)
    }

    fn merge_added(&mut self, root: &mut Value) {
        let added = std::mem::take(&mut self.added);
        if added.is_empty() {
            return;
        }
        let Value::Object(root_map) = root else {
            return;
        };
        let components = root_map
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if !components.is_object() {
            *components = Value::Object(Map::new());
        }
        let Value::Object(components) = components else {
            return;
        };
        for (kind, entries) in added {
            let section = components
                .entry(kind)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(section) = section {
                for (name, v) in entries {
                    section.insert(name, v);
                }
            }
        }
    }
}
