//! The normalised copy of a document made member by member on every core:
//! each component, path item and top-level member is copied and normalised
//! on its own, and the copies are put back together in the document's order.
//! It is exactly [`normalize`] run on a clone (the findings in the same
//! order too); a document with references into the middle of a component,
//! which are inlined across members first, takes that plain way.

use serde_json::{Map, Value};

use super::refs::has_deep_ref;
use super::schema::schema;
use super::{
    add_required_members, add_responses, generic, is_data_key, normalize, security_scheme, Notes,
};
use crate::diag::push_pointer;

/// What [`normalize`] makes of a clone of `doc`, its notes added to `notes`.
/// `deep_refs`: whether `doc` may hold a reference into the middle of a
/// component (`false` only when it is known to hold none).
pub fn normalized_copy(doc: &Value, is_31: bool, deep_refs: bool, notes: &mut Notes) -> Value {
    let Value::Object(root) = doc else {
        return plain(doc, is_31, notes);
    };
    if deep_refs && has_deep_ref(doc, 0) {
        return plain(doc, is_31, notes);
    }
    let mut units = Vec::new();
    let mut shape = Vec::new();
    for (key, value) in root {
        shape.push((key, plan(key, value, &mut units)));
    }
    // On threads of their own: `generate` frees the copy once it is lowered,
    // and the emitters then take its memory over.
    let done = crate::parallel::in_parallel_apart(&units, |u| u.run(is_31));
    let mut done = done.into_iter();
    let mut out = Map::with_capacity(root.len() + 2);
    for (key, part) in shape {
        let value = part.assemble(&mut done, notes);
        out.insert(key.clone(), value);
    }
    // As `normalize` adds them; an empty `paths` and the blank `info` hold
    // nothing it would change.
    add_required_members(&mut out);
    Value::Object(out)
}

fn plain(doc: &Value, is_31: bool, notes: &mut Notes) -> Value {
    let mut copy = doc.clone();
    normalize(&mut copy, is_31, notes);
    copy
}

/// How a value is normalised on its own.
#[derive(Clone, Copy)]
enum Walk {
    /// Copied as it is.
    Copy,
    Schema,
    SecurityScheme,
    /// [`generic`] at this depth.
    Generic(usize),
}

/// One value copied and normalised on its own.
struct Unit<'a> {
    value: &'a Value,
    pointer: String,
    walk: Walk,
    /// A path item (3.1): its operations get an empty `responses` first.
    path_item: bool,
    /// A map of path items (3.1), the same for each of them.
    path_items: bool,
}

impl Unit<'_> {
    fn run(&self, is_31: bool) -> (Value, Notes) {
        let mut v = self.value.clone();
        let mut notes = Notes::default();
        if is_31 && self.path_item {
            add_responses(&mut v);
        }
        if is_31 && self.path_items {
            if let Value::Object(items) = &mut v {
                items.values_mut().for_each(add_responses);
            }
        }
        match self.walk {
            Walk::Copy => {}
            Walk::Schema => schema(&mut v, &self.pointer, is_31, &mut notes, 0),
            Walk::SecurityScheme => security_scheme(&mut v, &self.pointer, &mut notes),
            Walk::Generic(depth) => generic(&mut v, &self.pointer, is_31, &mut notes, depth),
        }
        (v, notes)
    }
}

/// How a top-level member is put back together from its units' results.
enum Part<'a> {
    /// One unit's result.
    Whole,
    /// An object whose members are units each (`paths`, `webhooks`).
    Members(Vec<&'a String>),
    /// `components`: its sections, each an object of units or one copied value.
    Components(Vec<(&'a String, Option<Vec<&'a String>>)>),
}

impl Part<'_> {
    fn assemble(self, done: &mut impl Iterator<Item = (Value, Notes)>, notes: &mut Notes) -> Value {
        let mut next = || {
            // One result per unit, taken in the order the units were made.
            let (value, found) = done.next().unwrap_or_default();
            notes.changes.extend(found.changes);
            notes.deep_schemas.extend(found.deep_schemas);
            value
        };
        match self {
            Part::Whole => next(),
            Part::Members(keys) => {
                Value::Object(keys.into_iter().map(|k| (k.clone(), next())).collect())
            }
            Part::Components(sections) => {
                let mut out = Map::with_capacity(sections.len());
                for (kind, names) in sections {
                    let section = match names {
                        None => next(),
                        Some(names) => {
                            let mut m = Map::with_capacity(names.len());
                            for name in names {
                                let v = next();
                                // Unsupported security schemes are left out.
                                if !(kind == "securitySchemes" && v.is_null()) {
                                    m.insert(name.clone(), v);
                                }
                            }
                            Value::Object(m)
                        }
                    };
                    out.insert(kind.clone(), section);
                }
                Value::Object(out)
            }
        }
    }
}

/// The units of top-level member `key`, pushed in the order `normalize`
/// walks them, and how to put it back together.
fn plan<'a>(key: &'a str, value: &'a Value, units: &mut Vec<Unit<'a>>) -> Part<'a> {
    let root_pointer = push_pointer("", key);
    let whole = |walk: Walk, path_items: bool| Unit {
        value,
        pointer: root_pointer.clone(),
        walk,
        path_item: false,
        path_items,
    };
    match (key, value) {
        ("components", Value::Object(components)) => {
            let mut sections = Vec::new();
            for (kind, section) in components {
                let Value::Object(members) = section else {
                    units.push(Unit {
                        value: section,
                        pointer: String::new(),
                        walk: Walk::Copy,
                        path_item: false,
                        path_items: false,
                    });
                    sections.push((kind, None));
                    continue;
                };
                let kind_pointer = push_pointer(&root_pointer, kind);
                let walk = match kind.as_str() {
                    "schemas" => Walk::Schema,
                    "securitySchemes" => Walk::SecurityScheme,
                    _ => Walk::Generic(0),
                };
                for (name, member) in members {
                    units.push(Unit {
                        value: member,
                        pointer: push_pointer(&kind_pointer, name),
                        walk,
                        path_item: kind == "pathItems",
                        path_items: false,
                    });
                }
                sections.push((kind, Some(members.keys().collect())));
            }
            Part::Components(sections)
        }
        ("components" | "jsonSchemaDialect", _) => {
            units.push(whole(Walk::Copy, false));
            Part::Whole
        }
        // A map of path items is walked member by member, as `generic`
        // walks it, unless it looks like a parameter to `generic` (which
        // then gives it a schema).
        ("paths" | "webhooks", Value::Object(items))
            if !(items.contains_key("in") && items.contains_key("name")) =>
        {
            for (k, item) in items {
                let walk = if is_data_key(k) {
                    Walk::Copy
                } else if k == "schema" && (item.is_object() || item.is_boolean()) {
                    Walk::Schema
                } else {
                    Walk::Generic(1)
                };
                units.push(Unit {
                    value: item,
                    pointer: push_pointer(&root_pointer, k),
                    walk,
                    path_item: true,
                    path_items: false,
                });
            }
            Part::Members(items.keys().collect())
        }
        ("paths" | "webhooks", _) => {
            units.push(whole(Walk::Generic(0), true));
            Part::Whole
        }
        _ => {
            units.push(whole(Walk::Generic(0), false));
            Part::Whole
        }
    }
}
