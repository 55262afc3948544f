//! `unresolved-ref`: every internal `$ref` must point at something.

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::diag::{push_index, push_segment, Severity};
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "unresolved-ref",
    severity: Severity::Error,
    generate: Generation::Blocks,
    summary: "a `$ref` points at nothing",
    explain: "Checks that every `$ref` in the document resolves: internal references \
(`#/components/schemas/Pet`) must name an existing node, and file references must name a \
readable file inside the spec's directory tree.\n\nAn unresolved reference makes the spec \
unusable for every tool: generators drop the type or fail, validators reject every payload.\n\n\
Fix: correct the name or pointer (JSON pointer escapes: `~1` for `/`, `~0` for `~`), or add \
the missing component:\n\n\
```yaml\n\
schema:\n  $ref: '#/components/schemas/Sandbox'   # not .../Sandboxes\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let mut walk = Walk {
        root: &cx.doc.bundled,
        path: Vec::new(),
        resolves: FxHashMap::default(),
        r,
    };
    walk.visit(&cx.doc.bundled, false);
}

/// One step of the path from the root to the node being visited.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The walk over the document. The path is kept as steps and spelled as a
/// pointer only for a finding: nearly every node has none.
struct Walk<'a, 'r, 'd> {
    root: &'a Value,
    path: Vec<Step<'a>>,
    /// Whether each internal reference seen so far resolves: a component
    /// is referred to from many places.
    resolves: FxHashMap<&'a str, bool>,
    r: &'r mut Reporter<'d>,
}

impl<'a> Walk<'a, '_, '_> {
    /// `names`: `v` maps property names to schemas (the value of
    /// `properties`), where a key `$ref` is a property called `$ref`, not a
    /// reference.
    fn visit(&mut self, v: &'a Value, names: bool) {
        if self.path.len() > 256 {
            return;
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    // The object's `$ref` (keys are unique), found on the
                    // way rather than looked up in every object.
                    if k == "$ref" && !names {
                        self.check_ref(child);
                    }
                    if k == "example" || k.starts_with("x-") {
                        continue;
                    }
                    if k == "examples" {
                        // Example objects, or refs to them: their values are
                        // data, where a `$ref` key is not a reference.
                        if let Value::Object(named) = child {
                            self.path.push(Step::Key(k));
                            for (name, ex) in named {
                                if let Some(target) = ex.get("$ref") {
                                    self.path.push(Step::Key(name));
                                    self.check_ref(target);
                                    self.path.pop();
                                }
                            }
                            self.path.pop();
                        }
                        continue;
                    }
                    let child_names = !names && (k == "properties" || k == "patternProperties");
                    self.path.push(Step::Key(k));
                    self.visit(child, child_names);
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.path.push(Step::Index(i));
                    self.visit(child, false);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    /// The pointer of the `$ref` member of the object being visited.
    fn ref_pointer(&self) -> String {
        let mut p = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) => push_segment(&mut p, k),
                Step::Index(i) => push_index(&mut p, *i),
            }
        }
        push_segment(&mut p, "$ref");
        p
    }

    /// Checks the value of the `$ref` of the object being visited.
    fn check_ref(&mut self, value: &'a Value) {
        match value {
            Value::String(target) => {
                let Some(frag) = target.strip_prefix('#') else {
                    return;
                };
                let root = self.root;
                let resolves = *self.resolves.entry(target).or_insert_with(|| {
                    let frag = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
                    crate::diag::lookup(root, &frag).is_some()
                });
                if !resolves {
                    let p = self.ref_pointer();
                    self.r.report(
                        &p,
                        format!("`{target}` does not resolve: check the name, or add the component it names"),
                    );
                }
            }
            Value::Null => {
                let p = self.ref_pointer();
                self.r.report(
                    &p,
                    "this `$ref` is empty: in YAML an unquoted `#` starts a comment, so quote the reference (`$ref: '#/components/...'`)",
                );
            }
            other => {
                let p = self.ref_pointer();
                self.r.report(
                    &p,
                    format!(
                        "a `$ref` must be a string, not {}: write the reference as a quoted string",
                        crate::lint::instance::type_name(other)
                    ),
                );
            }
        }
    }
}
