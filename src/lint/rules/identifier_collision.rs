//! `identifier-collision`: two names that become one identifier once a target
//! language has changed their case.

use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};
use crate::naming::{self, squash, IdentKind, Lang};

pub static META: RuleMeta = RuleMeta {
    id: "identifier-collision",
    severity: Severity::Warning,
    generate: Generation::Blocks,
    summary: "two names become the same identifier after case conversion",
    explain: "Checks for two schema names, two property names of one schema, two values of \
one enum, two operationIds, or two parameters of one operation that differ only in case \
and punctuation (`image_uri` and `imageUri`, `Box-Template` and `BoxTemplate`): names \
that are equal once every character that is not a letter or digit is removed and the \
rest is lowercased.\n\n\
Every target changes case (Python fields are snake_case, Go fields PascalCase, Kotlin \
camelCase), so both names map to one identifier. specsmith then has to add a \
disambiguating suffix, and which of the two gets it is not something a reader can \
guess; without specsmith the generated code does not compile.\n\n\
Fix: rename one of them so they differ in letters, or remove the stale one:\n\n\
```yaml\n\
Snapshot:\n  properties:\n    imageUri: {type: string}\n    \
# image_uri: {type: string}   <- remove: both are `image_uri` in Python\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    if let Some(Value::Object(schemas)) = crate::diag::lookup(doc, "/components/schemas") {
        let mut group = Group::new("schema", IdentKind::Type);
        for (name, schema) in schemas {
            let at = Place::Member("/components/schemas", name);
            group.add(cx, r, name, hint(schema), at);
        }
    }
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        if let Some(Value::Object(props)) = s.get("properties") {
            let pp = push_pointer(p, "properties");
            let mut group = Group::new("property", IdentKind::Field);
            for (name, prop) in props {
                group.add(cx, r, name, hint(prop), Place::Member(&pp, name));
            }
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            let ep = push_pointer(p, "enum");
            let mut group = Group::new("enum value", IdentKind::EnumVariant);
            let names = naming::enum_varnames(s.get(naming::ENUM_VARNAMES));
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v.as_str() {
                    let declared = names.get(i).cloned().flatten();
                    group.add(cx, r, v, declared, Place::Index(&ep, i));
                }
            }
        }
    }
    let mut ids = Vec::new();
    walk::all_operations(doc, &mut |_, _, p, op| {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            let declared = naming::name_hint(op.get(naming::NAME_HINT));
            ids.push((id.to_string(), declared, push_pointer(p, "operationId")));
        }
    });
    let mut ops = Group::new("operationId", IdentKind::Parameter);
    for (id, declared, pointer) in &ids {
        ops.add(cx, r, id, declared.clone(), Place::At(pointer));
    }
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let ip = push_pointer("/paths", path);
        for m in crate::load::METHODS {
            let Some(Value::Object(op)) = item.get(m) else {
                continue;
            };
            let params = walk::parameters(doc, item, &ip, op, &push_pointer(&ip, m));
            let mut group = Group::new("parameter", IdentKind::Parameter);
            for param in &params {
                let declared = naming::name_hint(param.object.get(naming::NAME_HINT));
                group.add(cx, r, param.name, declared, Place::At(&param.pointer));
            }
        }
    }
}

/// The `x-specsmith-name` of a schema, property or operation.
fn hint(node: &Value) -> Option<String> {
    naming::name_hint(node.get(naming::NAME_HINT))
}

/// Where a name is written. Nearly every name collides with none, so its
/// pointer is made only for a finding.
enum Place<'p> {
    /// The member `key` of the object at a pointer.
    Member(&'p str, &'p str),
    /// The item `index` of the array at a pointer.
    Index(&'p str, usize),
    /// The node at a pointer.
    At(&'p str),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        match self {
            Place::Member(base, key) => push_pointer(base, key),
            Place::Index(base, i) => push_pointer(base, itoa::Buffer::new().format(*i)),
            Place::At(p) => p.to_string(),
        }
    }
}

/// The first name seen with a squashed key: the name, its source (the
/// declared `x-specsmith-name`, else the name) and where it is.
struct First<'a, 'p> {
    name: &'a str,
    declared: Option<String>,
    place: Place<'p>,
}

impl First<'_, '_> {
    fn source(&self) -> &str {
        self.declared.as_deref().unwrap_or(self.name)
    }
}

/// Names that must stay distinct after case conversion.
struct Group<'a, 'p> {
    what: &'static str,
    kind: IdentKind,
    /// squashed source → the first name seen with it.
    first: FxHashMap<Rc<str>, First<'a, 'p>>,
}

impl<'a, 'p> Group<'a, 'p> {
    fn new(what: &'static str, kind: IdentKind) -> Self {
        Group {
            what,
            kind,
            first: FxHashMap::default(),
        }
    }

    fn add(
        &mut self,
        cx: &LintContext,
        r: &mut Reporter,
        name: &'a str,
        declared: Option<String>,
        place: Place<'p>,
    ) {
        let key = cx.squash(declared.as_deref().unwrap_or(name));
        if key.is_empty() {
            return;
        }
        match self.first.get(&key) {
            // Exact repeats are other rules' business (duplicate-operation-id …).
            Some(other) if other.name == name => {}
            Some(other) => {
                let pointer = place.pointer();
                let at = cx.doc.locate(&other.place.pointer());
                let here = cx.doc.locate(&pointer);
                let place = if at.file == here.file {
                    format!("line {}", at.line)
                } else {
                    format!("{}:{}", at.file, at.line)
                };
                let what = self.what;
                let source = declared.as_deref().unwrap_or(name);
                r.report(
                    &pointer,
                    format!(
                        "{what} `{name}` and {what} `{}` ({place}) {}: rename one of them",
                        other.name,
                        self.same_in(source, other.source())
                    ),
                );
            }
            None => {
                self.first.insert(
                    key,
                    First {
                        name,
                        declared,
                        place,
                    },
                );
            }
        }
    }

    /// Says which identifier both names become, and where.
    fn same_in(&self, a: &str, b: &str) -> String {
        for t in Lang::ALL {
            let x = naming::ident(t, self.kind, a);
            if x == naming::ident(t, self.kind, b) {
                return format!("both become `{x}` in {}", t.as_str());
            }
        }
        format!(
            "both become `{}` once case and punctuation are dropped",
            squash(a)
        )
    }
}
