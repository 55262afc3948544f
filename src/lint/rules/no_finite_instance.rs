//! `no-finite-instance`: a schema that no finite JSON value can satisfy.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Severity;
use crate::ir::{cycles, Api, TypeKind};
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "no-finite-instance",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a schema that no finite value satisfies (it requires itself)",
    explain: "Checks that every schema has at least one finite JSON value: an object whose \
required property is (a non-nullable) itself, directly or through other schemas, or a \
`oneOf`/`anyOf` whose every variant leads back to it, can only be satisfied by an endless \
value.\n\n\
No client can build such a payload and no server can send one, so every request or \
response that uses it fails validation; `specsmith vectors` leaves such types out. \
specsmith reports each cycle once, at its first schema, and names the others.\n\n\
Fix: give the recursion an end: make the self-referencing property optional or \
`nullable`, allow an empty array, or add a union variant that does not recurse:\n\n\
```yaml\n\
Node:\n  type: object\n  required: [value]        # not [value, next]\n  properties:\n    \
value: {type: string}\n    next: {$ref: '#/components/schemas/Node'}\n\
```",
};

pub fn check(_: &LintContext, api: &Api, r: &mut Reporter) {
    let empty = cycles::uninhabited(api);
    if empty.is_empty() {
        return;
    }
    // Group the empty types by cycle and report each cycle once; a type that
    // is only empty because it requires one of them is a consequence.
    let comps = cycles::type_components(api, |n| {
        if empty.contains(n) {
            cycles::references(api, n)
                .into_iter()
                .filter(|m| empty.contains(m))
                .collect()
        } else {
            Vec::new()
        }
    });
    let mut groups: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for n in &empty {
        if let Some(c) = comps.get(n) {
            groups.entry(*c).or_default().insert(n);
        }
    }
    for members in groups.values() {
        let Some(first) = members.iter().next() else {
            continue;
        };
        let cyclic =
            members.len() > 1 || cycles::references(api, first).contains(&first.to_string());
        if !cyclic {
            continue;
        }
        let Some(t) = api.get(first) else { continue };
        let why = match &t.kind {
            TypeKind::Union(_) => "every variant of it leads back to it",
            _ => "a value needs another value of it in a required property",
        };
        let others: Vec<String> = members.iter().skip(1).map(|m| format!("`{m}`")).collect();
        let with = if others.is_empty() {
            String::new()
        } else {
            format!(" (with {})", others.join(", "))
        };
        r.report_at(
            &t.loc,
            format!(
                "no finite value satisfies `{first}`{with}: {why}; make the recursive property optional or nullable, or add a variant that ends the recursion"
            ),
        );
    }
}
