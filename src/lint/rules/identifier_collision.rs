//! `identifier-collision`: two names that become one identifier once a target
//! language has changed their case.

use std::collections::BTreeMap;

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
            let pointer = push_pointer("/components/schemas", name);
            group.add(cx, r, name, hint(schema), pointer);
        }
    }
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        if let Some(Value::Object(props)) = s.get("properties") {
            let pp = push_pointer(p, "properties");
            let mut group = Group::new("property", IdentKind::Field);
            for (name, prop) in props {
                group.add(cx, r, name, hint(prop), push_pointer(&pp, name));
            }
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            let ep = push_pointer(p, "enum");
            let mut group = Group::new("enum value", IdentKind::EnumVariant);
            let names = naming::enum_varnames(s.get(naming::ENUM_VARNAMES));
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v.as_str() {
                    let declared = names.get(i).cloned().flatten();
                    group.add(cx, r, v, declared, push_pointer(&ep, &i.to_string()));
                }
            }
        }
    }
    let mut ops = Group::new("operationId", IdentKind::Parameter);
    walk::all_operations(doc, &mut |_, _, p, op| {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            let declared = naming::name_hint(op.get(naming::NAME_HINT));
            ops.add(cx, r, id, declared, push_pointer(p, "operationId"));
        }
    });
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let ip = push_pointer("/paths", path);
        for m in walk::METHODS {
            let Some(Value::Object(op)) = item.get(m) else {
                continue;
            };
            let mut group = Group::new("parameter", IdentKind::Parameter);
            for param in walk::parameters(doc, item, &ip, op, &push_pointer(&ip, m)) {
                let declared = naming::name_hint(param.object.get(naming::NAME_HINT));
                group.add(cx, r, param.name, declared, param.pointer);
            }
        }
    }
}

/// The `x-specsmith-name` of a schema, property or operation.
fn hint(node: &Value) -> Option<String> {
    naming::name_hint(node.get(naming::NAME_HINT))
}

/// Names that must stay distinct after case conversion.
struct Group {
    what: &'static str,
    kind: IdentKind,
    /// squashed source → (name, source, pointer) of the first one seen; the
    /// source is the declared `x-specsmith-name`, else the name.
    first: BTreeMap<String, (String, String, String)>,
}

impl Group {
    fn new(what: &'static str, kind: IdentKind) -> Self {
        Group {
            what,
            kind,
            first: BTreeMap::new(),
        }
    }

    fn add(
        &mut self,
        cx: &LintContext,
        r: &mut Reporter,
        name: &str,
        declared: Option<String>,
        pointer: String,
    ) {
        let source = declared.unwrap_or_else(|| name.to_string());
        let key = cx.squash(&source);
        if key.is_empty() {
            return;
        }
        match self.first.get(&key) {
            // Exact repeats are other rules' business (duplicate-operation-id …).
            Some((other, _, _)) if other == name => {}
            Some((other, other_source, other_ptr)) => {
                let at = cx.doc.locate(other_ptr);
                let here = cx.doc.locate(&pointer);
                let place = if at.file == here.file {
                    format!("line {}", at.line)
                } else {
                    format!("{}:{}", at.file, at.line)
                };
                let what = self.what;
                r.report(
                    &pointer,
                    format!(
                        "{what} `{name}` and {what} `{other}` ({place}) {}: rename one of them",
                        self.same_in(&source, other_source)
                    ),
                );
            }
            None => {
                self.first
                    .insert(key, (name.to_string(), source.clone(), pointer));
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
