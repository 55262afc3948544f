//! `missing-operation-id`: an operation without an operationId gets a
//! synthesized one, which changes whenever its path does.

use crate::diag::Severity;
use crate::ir::Api;
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "missing-operation-id",
    severity: Severity::Warning,
    generate: Generation::Proceeds,
    summary: "an operation has no operationId; specsmith synthesizes one",
    explain: "Checks that every operation under `paths` has an `operationId`.\n\n\
Generated SDK methods, server trait methods and docs anchors are named after the \
operationId. Without one, specsmith synthesizes a name from the method and the path \
(`get /sandboxes/{sandboxId}` → `getSandboxesBySandboxId`): it works, but it is clumsy, \
and it changes whenever the path is renamed, which breaks every caller of the generated \
method even when the HTTP API stayed compatible.\n\n\
Fix: give the operation a stable, descriptive id (the message shows the synthesized one):\n\n\
```yaml\n\
paths:\n  /sandboxes/{sandboxId}:\n    get:\n      operationId: getSandbox\n\
```",
};

pub fn check(_: &LintContext, api: &Api, r: &mut Reporter) {
    for op in api.operations.iter().filter(|op| op.id_synthesized) {
        r.report_at(
            &op.loc,
            format!(
                "{} {} has no operationId, so specsmith names it `{}`: add `operationId: {}` (or a better name) so generated names stay stable when the path changes",
                op.method.as_str().to_uppercase(),
                op.path,
                op.id,
                op.id
            ),
        );
    }
}
