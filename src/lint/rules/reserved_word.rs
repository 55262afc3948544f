//! `reserved-word`: a name that is a keyword in some target language, with
//! the escaped identifier each target will use instead.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};
use crate::naming::{self, IdentKind, Lang};

pub static META: RuleMeta = RuleMeta {
    id: "reserved-word",
    severity: Severity::Info,
    generate: Generation::Proceeds,
    summary: "a name is a keyword in a target language and will be escaped there",
    explain: "Reports schema names, property names, enum values and parameter names that, \
in the case a target gives them, are reserved words of Python, TypeScript, Go, Kotlin, C# \
or Rust (`type`, `class`, `default`, `in`, `object` …) or names the generated code already \
uses (a Python field `str` or `model_dump`, a Kotlin or Rust type `String`), and shows the \
identifier each of those targets generates: Python `class_`, Rust `r#type`, Kotlin \
`` `in` ``, C# `@class`, Kotlin `StringModel`. The names come from the same naming layer \
the emitters use, so they are the names `specsmith generate` writes. Targets whose case \
convention avoids the keyword (Go's exported PascalCase fields, C#'s PascalCase properties) \
keep the plain name. The wire name never changes.\n\n\
This is information, not a problem: the generated code is correct. It matters when the \
same field should read the same in every SDK, or when documentation shows code.\n\n\
Fix: nothing is required. To avoid the escapes, rename the field (a breaking change for \
existing clients), for example:\n\n\
```yaml\n\
properties:\n  kind:        # instead of `type`: rust `r#type`\n    \
type: string\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    if let Some(Value::Object(schemas)) = crate::diag::lookup(doc, "/components/schemas") {
        for (name, schema) in schemas {
            report(cx, r, "schema", IdentKind::Type, name, hint(schema), || {
                push_pointer("/components/schemas", name)
            });
        }
    }
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        if let Some(Value::Object(props)) = s.get("properties") {
            let pp = push_pointer(p, "properties");
            for (name, prop) in props {
                report(
                    cx,
                    r,
                    "property",
                    IdentKind::Field,
                    name,
                    hint(prop),
                    || push_pointer(&pp, name),
                );
            }
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            let ep = push_pointer(p, "enum");
            let names = naming::enum_varnames(s.get(naming::ENUM_VARNAMES));
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v.as_str() {
                    report(
                        cx,
                        r,
                        "enum value",
                        IdentKind::EnumVariant,
                        v,
                        names.get(i).cloned().flatten(),
                        || push_pointer(&ep, itoa::Buffer::new().format(i)),
                    );
                }
            }
        }
    }
    // Each parameter once, where it is defined.
    let mut seen = BTreeSet::new();
    let mut param = |r: &mut Reporter, p: &Value, pointer: &str| {
        let (p, target) = walk::deref_ptr(doc, p, pointer);
        if let Some(name) = p.get("name").and_then(Value::as_str) {
            if seen.insert(target.clone()) {
                report(
                    cx,
                    r,
                    "parameter",
                    IdentKind::Parameter,
                    name,
                    hint(p),
                    || push_pointer(&target, "name"),
                );
            }
        }
    };
    if let Some(Value::Object(params)) = crate::diag::lookup(doc, "/components/parameters") {
        for (name, p) in params {
            param(r, p, &push_pointer("/components/parameters", name));
        }
    }
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let ip = push_pointer("/paths", path);
        let mut owners = vec![(ip.clone(), item)];
        for m in crate::load::METHODS {
            if let Some(Value::Object(op)) = item.get(m) {
                owners.push((push_pointer(&ip, m), op));
            }
        }
        for (owner_ptr, owner) in owners {
            if let Some(Value::Array(list)) = owner.get("parameters") {
                let lp = push_pointer(&owner_ptr, "parameters");
                for (i, p) in list.iter().enumerate() {
                    param(r, p, &push_pointer(&lp, &i.to_string()));
                }
            }
        }
    }
}

/// The `x-specsmith-name` of a schema, property or parameter.
fn hint(node: &Value) -> Option<String> {
    naming::name_hint(node.get(naming::NAME_HINT))
}

/// Reports `wire` when an identifier spelled from it (or from the `declared`
/// name that replaces it) is escaped somewhere.
fn report(
    cx: &LintContext,
    r: &mut Reporter,
    what: &str,
    kind: IdentKind,
    wire: &str,
    declared: Option<String>,
    pointer: impl FnOnce() -> String,
) {
    let name = declared.as_deref().unwrap_or(wire);
    if !cx.may_be_reserved(name) {
        return;
    }
    let mut escaped = Vec::new();
    let mut plain = Vec::new();
    for t in Lang::ALL {
        let cased = naming::cased(t, kind, name);
        match naming::escape(t, kind, &cased) {
            // Kotlin's escape is itself backticks: `` `in` ``.
            Some(e) if e.contains('`') => escaped.push(format!("{} `` {e} ``", t.as_str())),
            Some(e) => escaped.push(format!("{} `{e}`", t.as_str())),
            None => plain.push(t.as_str()),
        }
    }
    if escaped.is_empty() {
        return;
    }
    let unchanged = if plain.is_empty() {
        String::new()
    } else {
        format!(" (unchanged in {})", plain.join(", "))
    };
    let what = match &declared {
        Some(d) => format!("{what} `{wire}`, named `{d}`,"),
        None => format!("{what} `{wire}`"),
    };
    r.report(
        &pointer(),
        format!(
            "{what} is a reserved word in some targets; generated names: {}{unchanged}. The wire name is unchanged: nothing to fix, or rename it if you want one name in every language",
            escaped.join(", ")
        ),
    );
}
