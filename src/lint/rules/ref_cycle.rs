//! `ref-cycle`: references that lead only to each other and never to a schema.

use crate::diag::{pointer_segments, Severity};
use crate::ir::cycles;
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "ref-cycle",
    severity: Severity::Error,
    generate: Generation::Blocks,
    summary: "`$ref`s that lead only to each other, never to a definition",
    explain: "Checks for components that are nothing but a `$ref` and whose references come \
back to where they started without reaching a definition: `A: {$ref: B}` with \
`B: {$ref: A}`, or `A: {$ref: A}`.\n\n\
Such a reference stands for no schema at all. Tools that follow it loop forever or give up; \
a generator that takes it literally writes `type A = A`, which no compiler accepts. \
specsmith reports the cycle once, at its first member, spelled out, and treats every \
member as any value so the rest of the spec can still be checked.\n\n\
A recursive *schema* is fine: `Node: {type: object, properties: {next: {$ref: Node}}}` \
has a definition on the way round.\n\n\
Fix: make one member of the cycle a real definition, or point the references at one:\n\n\
```yaml\n\
components:\n  schemas:\n    Pet: {$ref: '#/components/schemas/Animal'}\n    \
Animal:                      # was {$ref: Pet}\n      type: object\n\
```",
};

/// The last segment of a pointer: the component's name.
fn name_of(pointer: &str) -> String {
    pointer_segments(pointer).pop().unwrap_or_default()
}

pub fn check(cx: &LintContext, r: &mut Reporter) {
    for cycle in cycles::ref_cycles(&cx.doc.bundled) {
        let Some(first) = cycle.first() else { continue };
        let mut names: Vec<String> = cycle.iter().map(|p| format!("`{}`", name_of(p))).collect();
        names.push(format!("`{}`", name_of(first)));
        let message = if cycle.len() == 1 {
            format!(
                "`{}` is a `$ref` to itself and never reaches a definition: give it a schema of its own or point it at one",
                name_of(first)
            )
        } else {
            format!(
                "these `$ref`s lead only to each other, never to a definition: {}; make one of them a schema or point them at one",
                names.join(" → ")
            )
        };
        r.report(&format!("{first}/$ref"), message);
    }
}
