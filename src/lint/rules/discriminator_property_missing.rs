//! `discriminator-property-missing`: every variant must carry, and require,
//! the property its discriminator reads.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "discriminator-property-missing",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a oneOf/anyOf variant lacks the discriminator property, or does not require it",
    explain: "Checks that the `discriminator.propertyName` of a schema is a property of every \
`oneOf`/`anyOf` variant (directly or through `allOf`, following `$ref`) and is listed in \
that variant's `required`. For a discriminator on a base schema without variants, the \
base schema itself must define and require it.\n\n\
The discriminator is how clients and servers decide which variant a payload is. A variant \
without the property does not say what it is, and an optional one lets a payload arrive \
without the tag at all, where other tools have to guess. `generate` still writes the code: \
its unions dispatch on the tag read from the JSON, and write the tag of a variant that \
does not declare it.\n\n\
Fix: add the property to each variant (or to a shared base they `allOf`) and require it:\n\n\
```yaml\n\
Volume:\n  oneOf: [{$ref: '#/components/schemas/HostVolume'}]\n  discriminator:\n    \
propertyName: kind\nHostVolume:\n  type: object\n  required: [kind]\n  properties:\n    \
kind: {type: string}\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        let Some(prop) = s
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let mut variants = Vec::new();
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(alts)) = s.get(key) {
                let kp = push_pointer(p, key);
                for (i, alt) in alts.iter().enumerate() {
                    variants.push((
                        push_pointer(&kp, &i.to_string()),
                        alt,
                        format!("{key}[{i}]"),
                    ));
                }
            }
        }
        if variants.is_empty() {
            // A discriminator on a base schema that subtypes `allOf`.
            let Some(shape) = Shape::of_own(doc, s.0, p) else {
                continue;
            };
            if let Some(problem) = shape.problem(prop) {
                r.report(
                    &push_pointer(&push_pointer(p, "discriminator"), "propertyName"),
                    format!("this schema's discriminator reads `{prop}`, but {problem}: add `{prop}` to its `properties` and `required`, or move the discriminator to the schema with the `oneOf`"),
                );
            }
            continue;
        }
        for (vp, alt, position) in variants {
            if alt.get("type").and_then(Value::as_str) == Some("null") {
                continue;
            }
            let name = alt
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next())
                .map(|n| format!("`{n}`"))
                .unwrap_or(position);
            let Some(shape) = Shape::of(doc, alt, &vp, &mut BTreeSet::new(), 0) else {
                continue;
            };
            if let Some(problem) = shape.problem(prop) {
                r.report(
                    &vp,
                    format!("variant {name} cannot be told apart by the discriminator `{prop}`: {problem}: add `{prop}` to the variant's `properties` and `required`"),
                );
            }
        }
    }
}

/// The properties a schema surely has and surely requires: its own, those
/// of its `allOf` parts, and those every `oneOf`/`anyOf` alternative shares.
#[derive(Default)]
struct Shape {
    properties: BTreeSet<String>,
    required: BTreeSet<String>,
}

impl Shape {
    fn of_own(doc: &Value, s: &Map<String, Value>, p: &str) -> Option<Shape> {
        Shape::of_map(doc, s, p, &mut BTreeSet::new(), 0)
    }

    /// `None` when it cannot be known (a `$recursiveRef`, an unresolved or
    /// cyclic reference): then nothing is reported.
    fn of(
        doc: &Value,
        v: &Value,
        p: &str,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) -> Option<Shape> {
        let Value::Object(s) = v else { return None };
        Shape::of_map(doc, s, p, seen, depth)
    }

    fn of_map(
        doc: &Value,
        s: &Map<String, Value>,
        p: &str,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) -> Option<Shape> {
        if depth > 32
            || s.contains_key("$recursiveRef")
            || s.contains_key("$dynamicRef")
            || !seen.insert(p.to_string())
        {
            return None;
        }
        let mut shape = Shape::default();
        if let Some(Value::Object(props)) = s.get("properties") {
            shape.properties.extend(props.keys().cloned());
        }
        if let Some(Value::Array(req)) = s.get("required") {
            shape
                .required
                .extend(req.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let ptr = walk::ref_pointer(r)?;
            let target = crate::diag::lookup(doc, &ptr)?;
            shape.add(Shape::of(doc, target, &ptr, seen, depth + 1)?);
        }
        if let Some(Value::Array(parts)) = s.get("allOf") {
            let kp = push_pointer(p, "allOf");
            for (i, part) in parts.iter().enumerate() {
                // An unknowable part could hold the property: give up.
                shape.add(Shape::of(
                    doc,
                    part,
                    &push_pointer(&kp, &i.to_string()),
                    seen,
                    depth + 1,
                )?);
            }
        }
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(alts)) = s.get(key) else {
                continue;
            };
            let kp = push_pointer(p, key);
            let mut common: Option<Shape> = None;
            for (i, alt) in alts.iter().enumerate() {
                if alt.get("type").and_then(Value::as_str) == Some("null") {
                    continue;
                }
                let one = Shape::of(
                    doc,
                    alt,
                    &push_pointer(&kp, &i.to_string()),
                    seen,
                    depth + 1,
                )?;
                common = Some(match common {
                    None => one,
                    Some(c) => Shape {
                        properties: c
                            .properties
                            .intersection(&one.properties)
                            .cloned()
                            .collect(),
                        required: c.required.intersection(&one.required).cloned().collect(),
                    },
                });
            }
            if let Some(c) = common {
                shape.add(c);
            }
        }
        seen.remove(p);
        Some(shape)
    }

    fn add(&mut self, other: Shape) {
        self.properties.extend(other.properties);
        self.required.extend(other.required);
    }

    fn problem(&self, prop: &str) -> Option<&'static str> {
        if !self.properties.contains(prop) {
            Some("it has no such property")
        } else if !self.required.contains(prop) {
            Some("the property is not required")
        } else {
            None
        }
    }
}
