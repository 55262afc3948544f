//! Reading the normalised document as `openapiv3`: a node that does not fit
//! costs only itself, reported at its location, and the rest is read.

use openapiv3 as oa;
use serde::Deserialize;
use serde_json::Value;

use super::bundle::Origin;
use super::{locate, SourceFile, METHODS};
use crate::diag::{pointer_segments, Diagnostic, Severity};

/// Reads the normalised value as `openapiv3`. A node that does not fit is
/// reported at its location and replaced by an empty (untyped) schema or
/// removed, so one bad schema does not hide every other finding.
///
/// With `defer_paths`, when everything else fits, the path items are left
/// unread (the second value is `true`): [`path_members`] lists them for
/// reading on every core, and [`fit_slowly`] takes over if one does not fit.
pub(super) fn deserialize(
    value: &mut Value,
    deep_schemas: &[String],
    files: &[SourceFile],
    origins: &[Origin],
    diags: &mut Vec<Diagnostic>,
    defer_paths: bool,
) -> (openapiv3::OpenAPI, bool) {
    // `openapiv3` reads a schema through untagged enums that try each
    // variant over the whole subtree, so a misfit deep below the node being
    // read costs time exponential in its depth. Deeply nested schemas are
    // read first, innermost first, and a misfit replaced where it is: every
    // later read then meets one at most `CHECKPOINT` levels down.
    for pointer in deep_schemas.iter().rev() {
        fit_one::<oa::Schema>(value, pointer, files, origins, diags);
    }
    // Fast path: most documents fit; only a failure pays for path tracking.
    if let Some(api) = read_whole(value, !defer_paths) {
        return (api, defer_paths);
    }
    (fit_slowly(value, files, origins, diags), false)
}

/// The members of `paths` that `openapiv3` reads as path items (their key
/// starts with `/`), in order: what [`deserialize`] leaves unread when it
/// defers them. A path item that does not fit sends the document to
/// [`fit_slowly`], which finds and reports it.
pub(super) fn path_members(value: &Value) -> impl Iterator<Item = (&String, &Value)> {
    value
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.starts_with('/'))
}

/// A path item as `openapiv3` holds it.
pub type PathItemRef = oa::ReferenceOr<openapiv3::PathItem>;

/// One path item, straight from the value where it can be read so
/// ([`super::direct`]), else by serde.
pub(super) fn read_path_item(v: &Value) -> Option<PathItemRef> {
    super::direct::path_item(v).or_else(|| PathItemRef::deserialize(v).ok())
}

/// The document read part by part: what does not fit is reported and left
/// out, so that the rest can be read.
pub(super) fn fit_slowly(
    value: &mut Value,
    files: &[SourceFile],
    origins: &[Origin],
    diags: &mut Vec<Diagnostic>,
) -> openapiv3::OpenAPI {
    // Fields the specification requires but whose absence loses nothing
    // (an operation without `responses`) are filled in and reported; then
    // each path item and component is read on its own, so a node that does
    // not fit costs only itself and never its siblings.
    fill_required(value, files, origins, diags);
    for container in ["/paths", "/webhooks"] {
        fit_each::<openapiv3::PathItem>(value, container, files, origins, diags);
    }
    fit_each::<oa::Schema>(value, "/components/schemas", files, origins, diags);
    fit_each::<oa::Response>(value, "/components/responses", files, origins, diags);
    fit_each::<oa::Parameter>(value, "/components/parameters", files, origins, diags);
    fit_each::<oa::RequestBody>(value, "/components/requestBodies", files, origins, diags);
    fit_each::<oa::Header>(value, "/components/headers", files, origins, diags);
    fit_each::<oa::SecurityScheme>(value, "/components/securitySchemes", files, origins, diags);
    fit_each::<oa::Example>(value, "/components/examples", files, origins, diags);
    fit_each::<oa::Link>(value, "/components/links", files, origins, diags);
    fit_each::<oa::Callback>(value, "/components/callbacks", files, origins, diags);
    if let Ok(api) = openapiv3::OpenAPI::deserialize(&*value) {
        return api;
    }
    const MAX_MISFITS: usize = 200;
    for tried in 1..=MAX_MISFITS {
        let result: Result<openapiv3::OpenAPI, _> = serde_path_to_error::deserialize(&*value);
        match result {
            Ok(api) => return api,
            Err(err) => {
                let pointer = path_to_pointer(&err.path().to_string());
                let message = err.inner().to_string();
                let target = replaceable_ancestor(value, &pointer);
                diags.push(Diagnostic::new(
                    "invalid-document",
                    Severity::Error,
                    locate(files, origins, &target),
                    format!("this part does not fit the OpenAPI schema ({message}); specsmith skipped it: fix the fields it names"),
                ));
                if !replace_node(value, &target) {
                    break;
                }
                if tried == MAX_MISFITS {
                    diags.push(Diagnostic::new(
                        "invalid-document",
                        Severity::Error,
                        locate(files, origins, ""),
                        format!("more than {MAX_MISFITS} parts do not fit the OpenAPI schema; specsmith read nothing of this document but its title and version"),
                    ));
                }
            }
        }
    }
    // As a last resort, keep only what always deserialises: the title and
    // version when they are text (each misfit above is already reported).
    let text = |key: &str| {
        value
            .get("info")
            .and_then(|info| info.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    openapiv3::OpenAPI {
        openapi: "3.0.3".into(),
        info: openapiv3::Info {
            title: text("title"),
            version: text("version"),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A member of one of the maps that [`read_whole`] reads member by member.
enum Member<'v> {
    Schema(&'v String, &'v Value),
    Path(&'v String, &'v Value),
}

/// What a [`Member`] read as.
enum Read {
    Schema(Box<oa::ReferenceOr<oa::Schema>>),
    Path(Box<oa::ReferenceOr<openapiv3::PathItem>>),
}

/// The whole document as `openapiv3`, or `None` when some part does not fit
/// (`value` is then as it was, for the slow path to find which).
///
/// `openapiv3` reads its objects through `#[serde(flatten)]`, which copies
/// an object's whole subtree into a buffer before reading it: the document,
/// then `components`, then each schema. The schemas and path items, most of
/// a large document, are taken out and read member by member on every core;
/// the rest, small, is read as one `OpenAPI`, and the members are put back.
/// Without `with_paths`, the path items are left out (and left unread).
fn read_whole(value: &mut Value, with_paths: bool) -> Option<openapiv3::OpenAPI> {
    let empty = || Value::Object(Default::default());
    let schemas = value
        .pointer_mut("/components/schemas")
        .filter(|v| v.is_object())
        .map(|v| std::mem::replace(v, empty()));
    // `openapiv3` reads the members whose key starts with `/` as path
    // items; the others (extensions) stay for the rest to read.
    let paths = value.get_mut("paths").and_then(|v| {
        let Value::Object(all) = v else { return None };
        let others: serde_json::Map<String, Value> = all
            .iter()
            .filter(|(k, _)| !k.starts_with('/'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Some(std::mem::replace(v, Value::Object(others)))
    });
    let members: Vec<Member> = schemas
        .iter()
        .filter_map(Value::as_object)
        .flatten()
        .map(|(k, v)| Member::Schema(k, v))
        .chain(
            paths
                .iter()
                .filter(|_| with_paths)
                .filter_map(Value::as_object)
                .flatten()
                .filter(|(k, _)| k.starts_with('/'))
                .map(|(k, v)| Member::Path(k, v)),
        )
        .collect();
    // Schemas and path items are read straight from the value where they
    // can be ([`super::direct`]); serde reads the rest, and says why a part
    // does not fit. On threads of their own, as the normalised copy: this
    // form too is freed once lowered.
    let read = crate::parallel::in_parallel_apart(&members, |m| match m {
        Member::Schema(_, v) => super::direct::schema_or_ref(v)
            .or_else(|| oa::ReferenceOr::<oa::Schema>::deserialize(*v).ok())
            .map(|s| Read::Schema(Box::new(s))),
        Member::Path(_, v) => read_path_item(v).map(|p| Read::Path(Box::new(p))),
    });
    let rest = openapiv3::OpenAPI::deserialize(&*value).ok();
    let api = rest.and_then(|mut api| {
        // Sized once: a path item takes 8.7 KB in place and a schema 1 KB,
        // and growing the maps by doubling would move every one read so far.
        let schema_count = members
            .iter()
            .filter(|m| matches!(m, Member::Schema(..)))
            .count();
        if let Some(c) = api.components.as_mut() {
            c.schemas.reserve(schema_count);
        }
        api.paths.paths.reserve(members.len() - schema_count);
        for (member, read) in members.iter().zip(read) {
            match (member, read?) {
                (Member::Schema(name, _), Read::Schema(s)) => {
                    api.components.as_mut()?.schemas.insert((*name).clone(), *s);
                }
                (Member::Path(path, _), Read::Path(p)) => {
                    api.paths.paths.insert((*path).clone(), *p);
                }
                _ => return None,
            }
        }
        Some(api)
    });
    drop(members);
    if let (Some(taken), Some(slot)) = (schemas, value.pointer_mut("/components/schemas")) {
        *slot = taken;
    }
    if let (Some(taken), Some(slot)) = (paths, value.get_mut("paths")) {
        *slot = taken;
    }
    api
}

/// Fills the required fields whose absence has an obvious reading: an
/// operation's `responses` (none declared), a response's `description`
/// (empty) and an OAuth flow's `scopes` (none). Each is an error at the node
/// that lacks it; the node itself is kept.
fn fill_required(
    value: &mut Value,
    files: &[SourceFile],
    origins: &[Origin],
    diags: &mut Vec<Diagnostic>,
) {
    let mut operations: Vec<String> = Vec::new();
    let mut responses: Vec<String> = Vec::new();
    let mut flows: Vec<String> = Vec::new();
    for container in ["/paths", "/webhooks", "/components/pathItems"] {
        let Some(Value::Object(items)) = crate::diag::lookup(value, container) else {
            continue;
        };
        for (path, item) in items {
            let Value::Object(item) = item else { continue };
            let ip = crate::diag::push_pointer(container, path);
            for m in METHODS {
                if let Some(Value::Object(op)) = item.get(m) {
                    let op_ptr = crate::diag::push_pointer(&ip, m);
                    if let Some(Value::Object(rs)) = op.get("responses") {
                        let rp = crate::diag::push_pointer(&op_ptr, "responses");
                        for (status, r) in rs {
                            if r.is_object() && r.get("$ref").is_none() {
                                responses.push(crate::diag::push_pointer(&rp, status));
                            }
                        }
                    }
                    operations.push(op_ptr);
                }
            }
        }
    }
    if let Some(Value::Object(rs)) = crate::diag::lookup(value, "/components/responses") {
        for (name, r) in rs {
            if r.is_object() && r.get("$ref").is_none() {
                responses.push(crate::diag::push_pointer("/components/responses", name));
            }
        }
    }
    if let Some(Value::Object(schemes)) = crate::diag::lookup(value, "/components/securitySchemes")
    {
        for (name, scheme) in schemes {
            if let Some(Value::Object(fs)) = scheme.get("flows") {
                let sp = crate::diag::push_pointer("/components/securitySchemes", name);
                let fp = crate::diag::push_pointer(&sp, "flows");
                for (flow, f) in fs {
                    if f.is_object() {
                        flows.push(crate::diag::push_pointer(&fp, flow));
                    }
                }
            }
        }
    }
    let fills = operations
        .into_iter()
        .map(|p| (p, "responses", Value::Object(Default::default()),
            "this operation has no `responses`, which OpenAPI requires; specsmith reads it as declaring none: add at least one response"))
        .chain(responses.into_iter().map(|p| (p, "description", Value::from(""),
            "this response has no `description`, which OpenAPI requires; specsmith reads it as empty: add one")))
        .chain(flows.into_iter().map(|p| (p, "scopes", Value::Object(Default::default()),
            "this OAuth flow has no `scopes`, which OpenAPI requires; specsmith reads it as having none: add `scopes: {}` or the scopes it grants")));
    for (pointer, field, fill, message) in fills {
        if let Some(Value::Object(map)) = value.pointer_mut(&pointer) {
            if !map.contains_key(field) {
                map.insert(field.to_string(), fill);
                diags.push(Diagnostic::new(
                    "invalid-document",
                    Severity::Error,
                    locate(files, origins, &pointer),
                    message,
                ));
            }
        }
    }
}

/// Reads each member of the object at `container` as a `T` on its own; a
/// member that does not fit is reported at the deepest node that the error
/// names inside it and that node is replaced (see [`replace_node`]), so the
/// member's other parts and every sibling survive. References are skipped.
fn fit_each<T: serde::de::DeserializeOwned>(
    value: &mut Value,
    container: &str,
    files: &[SourceFile],
    origins: &[Origin],
    diags: &mut Vec<Diagnostic>,
) {
    let keys: Vec<String> = match crate::diag::lookup(value, container) {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => return,
    };
    for key in keys {
        if !key.starts_with("x-") {
            let member = crate::diag::push_pointer(container, &key);
            fit_one::<T>(value, &member, files, origins, diags);
        }
    }
}

/// Reads the node at `member` as a `T` on its own; if it does not fit, the
/// deepest node the error names inside it is reported and replaced (see
/// [`replace_node`]), and the node is read again. A reference is skipped.
fn fit_one<T: serde::de::DeserializeOwned>(
    value: &mut Value,
    member: &str,
    files: &[SourceFile],
    origins: &[Origin],
    diags: &mut Vec<Diagnostic>,
) {
    for _ in 0..50 {
        let Some(node) = crate::diag::lookup(value, member) else {
            break;
        };
        if node.get("$ref").is_some() {
            break;
        }
        let err = match serde_path_to_error::deserialize::<_, T>(node) {
            Ok(_) => break,
            Err(e) => e,
        };
        let inner = path_to_pointer(&err.path().to_string());
        let target = replaceable_ancestor(value, &format!("{member}{inner}"));
        let target = if target.starts_with(member) {
            target
        } else {
            member.to_string()
        };
        diags.push(Diagnostic::new(
            "invalid-document",
            Severity::Error,
            locate(files, origins, &target),
            format!("this part does not fit the OpenAPI schema ({}); specsmith skipped it: fix the fields it names", err.inner()),
        ));
        if !replace_node(value, &target) {
            break;
        }
    }
}

/// serde_path_to_error's `a.b[0].c` → `/a/b/0/c`.
fn path_to_pointer(path: &str) -> String {
    if path == "." || path.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for part in path.split('.') {
        // `?` marks an untagged-enum boundary: stop there.
        let mut rest = part;
        let name_end = rest.find('[').unwrap_or(rest.len());
        let name = &rest[..name_end];
        if name == "?" {
            break;
        }
        if !name.is_empty() {
            out.push('/');
            out.push_str(&crate::diag::escape_segment(name));
        }
        rest = &rest[name_end..];
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']').unwrap_or(stripped.len());
            out.push('/');
            out.push_str(&stripped[..end]);
            rest = stripped.get(end + 1..).unwrap_or("");
        }
    }
    out
}

/// The node to replace for an error at `pointer`: the pointer itself when it
/// exists, or the deepest existing ancestor below the document root.
fn replaceable_ancestor(value: &Value, pointer: &str) -> String {
    let segs = pointer_segments(pointer);
    let mut best = String::new();
    let mut cur = String::new();
    for s in segs {
        cur = crate::diag::push_pointer(&cur, &s);
        if crate::diag::lookup(value, &cur).is_some() {
            best = cur.clone();
        } else {
            break;
        }
    }
    best
}

fn replace_node(value: &mut Value, pointer: &str) -> bool {
    let segs = pointer_segments(pointer);
    if segs.is_empty() {
        return false;
    }
    // Inside a schema position an empty schema is a sound stand-in; elsewhere
    // the member is removed.
    let is_schema_slot = segs
        .iter()
        .any(|s| s == "schemas" || s == "schema" || s == "properties" || s == "items");
    let Some((last, parent_segs)) = segs.split_last() else {
        return false;
    };
    let parent_ptr: String = parent_segs
        .iter()
        .map(|s| format!("/{}", crate::diag::escape_segment(s)))
        .collect();
    let Some(parent) = value.pointer_mut(&parent_ptr) else {
        return false;
    };
    match parent {
        Value::Object(map) => {
            if is_schema_slot && map.get(last).is_some_and(Value::is_object) {
                map.insert(last.clone(), Value::Object(Default::default()));
            } else {
                map.shift_remove(last);
            }
            true
        }
        Value::Array(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                if is_schema_slot {
                    items[i] = Value::Object(Default::default());
                } else {
                    items.remove(i);
                }
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_pointers() {
        assert_eq!(
            path_to_pointer("components.schemas.Foo.properties"),
            "/components/schemas/Foo/properties"
        );
        assert_eq!(
            path_to_pointer("paths./a/b.get.parameters[2].schema"),
            "/paths/~1a~1b/get/parameters/2/schema"
        );
        assert_eq!(path_to_pointer("."), "");
    }

    /// The specs under `dir` (any depth) that load.
    fn loaded(dir: &str, out: &mut Vec<super::super::Document>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                loaded(&path.to_string_lossy(), out);
            } else if path
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
            {
                if let Ok(doc) = super::super::load(&path, &Default::default()) {
                    out.push(doc);
                }
            }
        }
    }

    /// Every spec of the project's own that loads: its API, the emitter
    /// fixtures and the conformance specs.
    pub(in crate::load) fn project_docs() -> Vec<super::super::Document> {
        let mut docs = Vec::new();
        for dir in ["specs", "tests/emit", "tests/fixtures", "tests/conformance"] {
            loaded(&format!("{}/{dir}", env!("CARGO_MANIFEST_DIR")), &mut docs);
        }
        docs
    }

    #[test]
    fn the_fast_read_is_the_plain_read() {
        let docs = project_docs();
        assert!(docs.len() > 30, "only {} specs found", docs.len());
        let mut compared = 0;
        for doc in &docs {
            let mut value = doc.normalized.clone();
            let plain = openapiv3::OpenAPI::deserialize(&value).ok();
            let fast = read_whole(&mut value, true);
            assert_eq!(fast, plain, "{}", doc.files[0].display);
            assert_eq!(value, doc.normalized, "{}", doc.files[0].display);
            // Read but for the path items, and those read after.
            let deferred = read_whole(&mut value, false).and_then(|mut api| {
                assert!(api.paths.paths.is_empty());
                for (k, v) in path_members(&value) {
                    api.paths.paths.insert(k.clone(), read_path_item(v)?);
                }
                Some(api)
            });
            assert_eq!(deferred, plain, "{}", doc.files[0].display);
            assert_eq!(value, doc.normalized, "{}", doc.files[0].display);
            compared += usize::from(plain.is_some());
        }
        assert!(compared > 30, "only {compared} specs read");
    }

    #[test]
    fn a_misfit_member_leaves_the_value_as_it_was() {
        let doc: Value = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
                "x-note": 1,
                "/b": {"get": {"responses": 7}}
            },
            "components": {"schemas": {"A": {"type": "string"}, "B": {"type": 5}}}
        });
        let mut value = doc.clone();
        assert!(openapiv3::OpenAPI::deserialize(&value).is_err());
        assert_eq!(read_whole(&mut value, true), None);
        assert_eq!(value, doc);
        // Fixed, it reads as the plain read does, the extension included.
        value["paths"]["/b"]["get"]["responses"] = serde_json::json!({});
        value["components"]["schemas"]["B"]["type"] = "integer".into();
        // Read but for the path items, it fits; the misfit path item does not.
        value["paths"]["/b"]["get"]["responses"] = 7.into();
        assert!(read_whole(&mut value, false).is_some());
        assert_eq!(
            path_members(&value).map(|(_, v)| read_path_item(v)).nth(1),
            Some(None)
        );
        value["paths"]["/b"]["get"]["responses"] = serde_json::json!({});
        let plain = openapiv3::OpenAPI::deserialize(&value).expect("fits");
        assert_eq!(plain.paths.extensions.len(), 1);
        assert_eq!(read_whole(&mut value, true), Some(plain));
    }
}
