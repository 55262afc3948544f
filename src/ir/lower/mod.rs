//! Lowering a loaded document to the IR. Component schemas become named
//! types, inline schemas are hoisted under names derived from where they sit,
//! and operations get their parameters, bodies and responses resolved.
//!
//! One [`Lowerer`] walks the document; its work is split by what it lowers:
//! [`shape`] reads a schema whichever `openapiv3` variant holds it,
//! [`schemas`] gives every schema its type, [`objects`] builds object types
//! and merges `allOf`, [`constraints`] reads validation keywords,
//! [`operations`] and [`parameters`] lower requests and responses,
//! [`outbound`] the webhooks and callbacks, and [`security`] the security
//! schemes.

mod constraints;
mod objects;
mod operations;
mod outbound;
mod parameters;
mod same_shape;
mod schemas;
mod security;
mod shape;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::cycles;
use super::*;
use crate::diag::{escape_segment, Diagnostic, Severity};
use crate::load::{Document, PathItems};
use crate::naming;

pub use constraints::{CONTENT_KEYWORDS, DOCUMENTATION_KEYWORDS};
pub(crate) use schemas::hoisted_name;

use outbound::outbound_items;
use security::security_reqs;

/// The IR plus what lowering had to say.
pub struct LowerOutput {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extension that marks an enum as closed.
pub const CLOSED_ENUM_EXTENSION: &str = "x-specsmith-closed-enum";

/// Marker the normaliser leaves where a `const` became a one-value enum.
pub const CONST_MARKER: &str = "x-specsmith-const";

/// Lowers a loaded document.
pub fn lower(doc: &Document) -> LowerOutput {
    let outbound = outbound_items(doc);
    let mut l = Lowerer::new(doc);
    l.component_schemas();
    let paths: Vec<_> = doc
        .api
        .paths
        .paths
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    l.finish(&paths, &outbound)
}

/// Lowers a document whose path items are read meanwhile
/// ([`crate::load::PathsPending`]): the component schemas first, then what
/// `later` gives. `None` when it gives none (a path item does not fit).
pub fn lower_paths_later<'a>(
    doc: &'a Document,
    later: impl FnOnce() -> Option<PathItems<'a>>,
) -> Option<LowerOutput> {
    let outbound = outbound_items(doc);
    let mut l = Lowerer::new(doc);
    l.component_schemas();
    let paths = later()?;
    Some(l.finish(&paths, &outbound))
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document) -> Self {
        Lowerer {
            doc,
            api: &doc.api,
            types: BTreeMap::new(),
            diags: Vec::new(),
            reserved: HashSet::default(),
            schema_keys: HashSet::default(),
            hoisting: HashMap::default(),
            cased: HashMap::default(),
            hoisted_at: HashMap::default(),
            depth: 0,
            too_deep_reported: false,
            walk: std::cell::RefCell::new(crate::diag::Walk::new(&doc.normalized)),
        }
    }

    /// Each component schema as a named type, in the document's order.
    fn component_schemas(&mut self) {
        let doc = self.doc;
        let l = self;
        let Some(c) = doc.api.components.as_ref() else {
            return;
        };
        l.reserved = c.schemas.keys().map(|k| name_key(k)).collect();
        l.schema_keys = l.reserved.clone();
        for (name, schema) in &c.schemas {
            let pointer = format!("/components/schemas/{}", escape_segment(name));
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = l.ref_type(reference, &pointer);
                    let nt = NamedType {
                        name: name.clone(),
                        origin: TypeOrigin::Component { name: name.clone() },
                        docs: Docs::default(),
                        deprecated: false,
                        kind: TypeKind::Alias { target },
                        loc: doc.locate(&pointer),
                        name_hint: None,
                        extensions: BTreeMap::new(),
                        constraints: BoxedConstraints::default(),
                        pointer: pointer.clone(),
                    };
                    l.types.insert(name.clone(), nt);
                }
                ReferenceOr::Item(s) => {
                    let origin = TypeOrigin::Component { name: name.clone() };
                    let nt = l.named_type(name.clone(), origin, s, &pointer, vec![name.clone()]);
                    l.types.insert(name.clone(), nt);
                }
            }
        }
    }

    /// The operations of `paths` and everything after them: the IR.
    fn finish(
        mut self,
        paths: &[(&'a str, &'a ReferenceOr<oa::PathItem>)],
        items: &'a [outbound::OutboundItem],
    ) -> LowerOutput {
        let doc = self.doc;
        let l = &mut self;
        let operations = l.operations(paths);
        let outbound = l.outbound(items, &operations);
        let mut api = Api {
            title: doc.api.info.title.clone(),
            version: doc.api.info.version.clone(),
            openapi: doc.version.clone(),
            description: doc.api.info.description.clone(),
            license: doc.api.info.license.as_ref().map(|l| License {
                name: l.name.clone(),
                // `openapiv3` predates 3.1's `identifier`: read it from the document.
                identifier: doc
                    .normalized
                    .pointer("/info/license/identifier")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                url: l.url.clone(),
            }),
            servers: doc
                .api
                .servers
                .iter()
                .map(|s| Server {
                    url: s.url.clone(),
                    description: s.description.clone(),
                    variables: s
                        .variables
                        .iter()
                        .flat_map(|m| m.iter())
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                ServerVariable {
                                    default: v.default.clone(),
                                    values: v.enumeration.clone(),
                                },
                            )
                        })
                        .collect(),
                })
                .collect(),
            tags: doc
                .api
                .tags
                .iter()
                .map(|t| Tag {
                    name: t.name.clone(),
                    description: t.description.clone(),
                })
                .collect(),
            security_schemes: l.security_schemes(),
            security: doc
                .api
                .security
                .as_deref()
                .map(security_reqs)
                .unwrap_or_default(),
            types: std::mem::take(&mut l.types),
            operations,
            outbound,
            derived: Default::default(),
        };
        // Aliases that only lead back to themselves stand for no type (the lint
        // reports them as `ref-cycle`): every later walk sees any value there.
        for name in cycles::alias_cycles(&api) {
            if let Some(t) = api.types.get_mut(&name) {
                t.kind = TypeKind::Alias {
                    target: TypeRef::Any,
                };
            }
        }
        naming::separate_type_names(&mut api.types);
        for op in api.operations.iter_mut().chain(api.outbound.iter_mut()) {
            naming::separate_parameter_names(&mut op.parameters);
        }
        LowerOutput {
            api,
            diagnostics: std::mem::take(&mut l.diags),
        }
    }
}

struct Lowerer<'a> {
    doc: &'a Document,
    api: &'a oa::OpenAPI,
    types: BTreeMap<String, NamedType>,
    diags: Vec<Diagnostic>,
    /// Names taken by components and hoisted types, as [`name_key`]s, so a
    /// hoisted name never takes one that any target would spell the same.
    reserved: HashSet<String>,
    /// The names of `components/schemas`, as [`name_key`]s.
    schema_keys: HashSet<String>,
    /// Inline schemas hoisted so far or being hoisted now, by pointer, with
    /// their names: a schema reached again (a component's inline property
    /// merged through another's `allOf`, a shared response or parameter, a
    /// schema that reaches itself) refers to that one type.
    hoisting: HashMap<String, String>,
    /// Path segments in upper camel case, as hoisted names spell them.
    cased: HashMap<String, String>,
    /// The names of the types hoisted so far, by their naming path.
    hoisted_at: HashMap<Vec<String>, Vec<String>>,
    /// How deep `type_of` is now (see [`cycles::MAX_DEPTH`]).
    depth: usize,
    too_deep_reported: bool,
    /// Finds the normalised document's nodes (the keywords `openapiv3`
    /// does not keep), reusing the last walk: the lowering looks up a
    /// schema, its properties, and each property in turn.
    walk: std::cell::RefCell<crate::diag::Walk<'a>>,
}

/// A name as every target's case conversion sees it: `account_business_profile`
/// and `AccountBusinessProfile` have the same key.
fn name_key(name: &str) -> String {
    if name.is_ascii() {
        // The same key from the bytes, without decoding characters (names
        // are keyed once per schema and once or twice per hoisted name, and
        // hoisted names are long).
        let mut key = name.as_bytes().to_ascii_lowercase();
        key.retain(u8::is_ascii_alphanumeric);
        // ASCII letters and digits only: always UTF-8.
        return String::from_utf8(key).unwrap_or_default();
    }
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A short stable tag derived from a pointer, for collision suffixes (the
/// lowering's and the SDK emitters' inline type names).
pub fn pointer_tag(pointer: &str) -> String {
    let mut h: u32 = 0x811c9dc5;
    for b in pointer.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    format!("{:04x}", h & 0xffff)
}

/// The name of the component a `$ref` under `prefix` (for example
/// `#/components/responses/`) points to, unescaped.
fn component_name<T>(r: &ReferenceOr<T>, prefix: &str) -> Option<String> {
    let ReferenceOr::Reference { reference } = r else {
        return None;
    };
    let name = reference.strip_prefix(prefix)?;
    Some(crate::diag::unescape_segment(name).into_owned())
}

/// The naming path stem of what a shared response, request body, parameter or
/// header component declares inline: named after the component and what it
/// is (`kind`: `Response`, `Request`, `Parameter`, `Header`), so that every
/// operation that references it gets the same type, and its name does not
/// depend on which operation comes first.
fn component_stem(name: &str, kind: &str) -> String {
    let stem = hoisted_name(&[name.to_string()]);
    match stem.strip_suffix(kind) {
        Some(s) if !s.is_empty() => stem,
        _ => format!("{stem}{kind}"),
    }
}

impl<'a> Lowerer<'a> {
    /// [`component_stem`], unless a schema already has that name (a response
    /// `access_key_create` beside a schema `access_key_create_response`): then
    /// the body of a request or response is `…Body` and a parameter's or
    /// header's value `…Value`, rather than a name that only an `Inline`
    /// suffix tells apart.
    fn component_stem(&self, name: &str, kind: &str) -> String {
        let stem = component_stem(name, kind);
        if !self.schema_keys.contains(&name_key(&stem)) {
            return stem;
        }
        match kind {
            "Request" | "Response" => format!("{stem}Body"),
            _ => format!("{stem}Value"),
        }
    }

    /// The normalised document's node at `pointer`.
    fn node(&self, pointer: &str) -> Option<&'a Value> {
        self.walk.borrow_mut().find(pointer)
    }

    fn warn(&mut self, rule: &str, pointer: &str, msg: String) {
        self.diags.push(Diagnostic::new(
            rule,
            Severity::Warning,
            self.doc.locate(pointer),
            msg,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn ascii_names_are_keyed_as_any_name_is() {
        for n in [
            "account_business_profile",
            "AccountBusinessProfile",
            "a-b.c 1/Z~",
            "",
            "X9_y",
        ] {
            let general: String = n
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(name_key(n), general, "{n}");
        }
        assert_eq!(name_key("Ünïcode_Name"), "ünïcodename");
    }
}
