//! The findings specsmith reports besides the lint and compat rules: those of
//! loading and lowering, the targets' notes, and what stops a run before it
//! judges anything. `specsmith rules` lists them and `explain` describes
//! them; `[lint.rules]` may give a warning of loading and lowering another
//! level. Each says what it does to a run; one that means the spec could not
//! be read, or that `generate` would write wrong code, stays an error
//! whatever the config says.

use crate::config::{Config, Level};
use crate::diag::{Diagnostic, Severity};
use crate::lint::{self, Generation};

/// What a finding does to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The spec could not be read: no command judges it.
    Unreadable,
    /// An error: `generate` writes nothing.
    Blocks,
    /// A warning: the run goes on.
    Proceeds,
    /// specsmith could not run (exit 2): a config, argument, template or
    /// migration manifest it cannot use. Not a finding about the spec.
    CannotRun,
}

/// Where a finding comes from, which decides what `[lint.rules]` may do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Loading and lowering, before the lint rules run.
    Load,
    /// The named targets, while they generate.
    Target(&'static str),
    /// Reading what the run is asked to do: the config, the arguments, the
    /// templates, the migration manifests.
    Run,
}

impl Effect {
    /// Its level, as `specsmith rules` lists it.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Unreadable | Effect::CannotRun => "fatal",
            Effect::Blocks => "error",
            Effect::Proceeds => "warning",
        }
    }
}

/// A finding that is not a lint or compat rule's.
pub struct Finding {
    pub id: &'static str,
    pub stage: Stage,
    pub effect: Effect,
    pub summary: &'static str,
}

impl Finding {
    /// Where it comes from, as `explain` heads it.
    pub fn origin(&self) -> String {
        match self.stage {
            Stage::Load => "loading and lowering".into(),
            Stage::Target(who) => format!("generate: {who}"),
            Stage::Run => "the run's own inputs".into(),
        }
    }

    /// When it is reported, what it does, and what `[lint.rules]` may do with it.
    pub fn describe(&self) -> &'static str {
        match (self.stage, self.effect) {
            (Stage::Load, Effect::Unreadable) => "Reported while the spec is read. The spec could not be read, so no command judges it: fix the file. `[lint.rules]` cannot lower it.",
            (Stage::Load, Effect::CannotRun) => "Reported when a spec file cannot be opened. specsmith could not run (exit 2): nothing is judged or written. `[lint.rules]` cannot lower it.",
            (Stage::Load, Effect::Blocks) => "Reported while the spec is read and lowered, before the lint rules run. An error that stops `generate` (nothing is written); `[lint.rules]` cannot lower it.",
            (Stage::Load, _) => "Reported while the spec is read and lowered, before the lint rules run. A warning: the run goes on. `[lint.rules]` may switch it off or raise it.",
            (Stage::Target(_), Effect::Blocks | Effect::Unreadable) => "Reported by `generate` while the target makes its files. An error: nothing is written (exit 1).",
            (Stage::Target(_), _) => "Reported by `generate` while the target makes its files: a note on what the generated code does differently from the spec. The run goes on. `[lint.rules]` does not set a target's notes; `check` does not report them.",
            (Stage::Run, _) => "specsmith could not run (exit 2): nothing is judged or written. It is not a finding about the spec; fix what it names.",
        }
    }
}

/// Every finding that is not a lint or compat rule's: loading and lowering
/// first, then the targets' notes, then what stops a run.
pub const CATALOG: &[Finding] = &[
    Finding {
        id: "unreadable",
        stage: Stage::Load,
        effect: Effect::CannotRun,
        summary: "a spec file that cannot be read: missing, a folder, or not UTF-8 text",
    },
    Finding {
        id: "json-syntax",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "a JSON file that does not parse, at the first error",
    },
    Finding {
        id: "yaml-syntax",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "a YAML file that does not parse, at the first error",
    },
    Finding {
        id: "yaml-indentation",
        stage: Stage::Load,
        effect: Effect::Proceeds,
        summary: "lines of a flow collection (`{…}`, `[…]`) or a quoted string indented less than YAML allows; read as js-yaml and PyYAML read them",
    },
    Finding {
        id: "alias-bomb",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "YAML aliases that expand to more nodes than specsmith reads (a billion-laughs document)",
    },
    Finding {
        id: "nesting-too-deep",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "a document nested deeper than specsmith reads without running out of stack",
    },
    Finding {
        id: "remote-ref",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "a `$ref` to a URL: specsmith does not fetch over the network",
    },
    Finding {
        id: "ref-outside-root",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "a `$ref` to a file outside the spec's folder and `allowed_roots`",
    },
    Finding {
        id: "not-openapi",
        stage: Stage::Load,
        effect: Effect::Unreadable,
        summary: "a document with no `openapi` version, or a version other than 3.0, 3.1 or 3.2",
    },
    Finding {
        id: "duplicate-key",
        stage: Stage::Load,
        effect: Effect::Blocks,
        summary: "a YAML mapping that names a key twice: the later value wins, which the author may not have meant",
    },
    Finding {
        id: "invalid-document",
        stage: Stage::Load,
        effect: Effect::Blocks,
        summary: "a part of the document that does not fit the OpenAPI schema; specsmith skipped it",
    },
    Finding {
        id: "unsupported-security-scheme",
        stage: Stage::Load,
        effect: Effect::Proceeds,
        summary: "a security scheme type the generators do not support; it is left out",
    },
    Finding {
        id: "allof-not-merged",
        stage: Stage::Load,
        effect: Effect::Proceeds,
        summary: "an `allOf` that cannot be merged soundly; the type holds its object parts only",
    },
    Finding {
        id: "hoisted-name-collision",
        stage: Stage::Load,
        effect: Effect::Proceeds,
        summary: "an inline schema whose derived name is taken; it gets another (a `title` chooses it)",
    },
    Finding {
        id: "schema-too-deep",
        stage: Stage::Load,
        effect: Effect::Proceeds,
        summary: "schemas nested deeper than specsmith lowers; what is below is any value",
    },
    Finding {
        id: "fidelity-discriminator",
        stage: Stage::Load,
        effect: Effect::Proceeds,
        summary: "a discriminator mapping that names no schema; the unions leave that tag out",
    },
    Finding {
        id: "enum-value-collision",
        stage: Stage::Target("go, python, kotlin, csharp, rust, rust-server"),
        effect: Effect::Proceeds,
        summary: "two enum values that one target's identifiers spell the same; the target names them apart",
    },
    Finding {
        id: "renamed-identifier",
        stage: Stage::Target("go"),
        effect: Effect::Proceeds,
        summary: "a Go enum constant whose name would be a type's; it gets another name",
    },
    Finding {
        id: "package-version",
        stage: Stage::Target("every target that writes a package manifest"),
        effect: Effect::Proceeds,
        summary: "an `info.version` that is not MAJOR.MINOR.PATCH; the package says 0.1.0 unless `[package] version` sets one",
    },
    Finding {
        id: "package-description",
        stage: Stage::Target("every target that writes a package manifest"),
        effect: Effect::Proceeds,
        summary: "no `info.description` and an empty `info.title`; the package gets a generic description unless `[package] description` sets one",
    },
    Finding {
        id: "fidelity-multi-type",
        stage: Stage::Target("go, python, typescript"),
        effect: Effect::Proceeds,
        summary: "a `type` that lists several types the models cannot express; they accept values it would reject",
    },
    Finding {
        id: "fidelity-tuple",
        stage: Stage::Target("go, python, typescript"),
        effect: Effect::Proceeds,
        summary: "`prefixItems`, or `items` given as a list, which the models cannot express as a tuple; they accept values it would reject",
    },
    Finding {
        id: "fidelity-conditional",
        stage: Stage::Target("go, python, typescript"),
        effect: Effect::Proceeds,
        summary: "`if`, `then` or `else`, which the models cannot express; they accept values it would reject",
    },
    Finding {
        id: "fidelity-unevaluated",
        stage: Stage::Target("go, python, typescript"),
        effect: Effect::Proceeds,
        summary: "`unevaluatedProperties` or `unevaluatedItems`, which the models cannot express; they accept values it would reject",
    },
    Finding {
        id: "fidelity-pattern-properties",
        stage: Stage::Target("go, python, typescript"),
        effect: Effect::Proceeds,
        summary: "`patternProperties`, which the models cannot express; they accept values it would reject",
    },
    Finding {
        id: "fidelity-unsupported-keyword",
        stage: Stage::Target("go, python, typescript"),
        effect: Effect::Proceeds,
        summary: "another JSON Schema keyword the models cannot express; they accept values it would reject",
    },
    Finding {
        id: "fidelity-additional-properties",
        stage: Stage::Target("kotlin, csharp"),
        effect: Effect::Proceeds,
        summary: "typed `additionalProperties` kept as untyped JSON values",
    },
    Finding {
        id: "fidelity-all-of",
        stage: Stage::Target("rust, rust-server"),
        effect: Effect::Proceeds,
        summary: "an `allOf` the Rust models merge on a best-effort basis",
    },
    Finding {
        id: "fidelity-default",
        stage: Stage::Target("python"),
        effect: Effect::Proceeds,
        summary: "a property default that decoding does not apply (it is documented; the server applies it)",
    },
    Finding {
        id: "fidelity-empty-enum",
        stage: Stage::Target("go"),
        effect: Effect::Proceeds,
        summary: "an enum that lists no value of its own type",
    },
    Finding {
        id: "fidelity-enum-alias",
        stage: Stage::Target("kotlin, csharp"),
        effect: Effect::Proceeds,
        summary: "old enum values from a migration manifest decode as unknown values, not as their new names",
    },
    Finding {
        id: "fidelity-enum-value",
        stage: Stage::Target("rust, rust-server"),
        effect: Effect::Proceeds,
        summary: "integer enum values beyond the range of i64, which the Rust models do not accept",
    },
    Finding {
        id: "fidelity-field-alias",
        stage: Stage::Target("csharp"),
        effect: Effect::Proceeds,
        summary: "old property names from a migration manifest, which System.Text.Json does not accept on decode",
    },
    Finding {
        id: "fidelity-property-name",
        stage: Stage::Target("go"),
        effect: Effect::Proceeds,
        summary: "a property name an encoding/json struct tag cannot hold; the Go struct leaves it out",
    },
    Finding {
        id: "fidelity-type-alias",
        stage: Stage::Target("csharp"),
        effect: Effect::Proceeds,
        summary: "renamed types from a migration manifest, which get no alias under the old name (C# has no exported type aliases)",
    },
    Finding {
        id: "fidelity-media-type",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a request or response media type the server does not serve as declared (request bodies are read as JSON only)",
    },
    Finding {
        id: "fidelity-param-style",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a parameter `style` the server does not parse; its values are split at commas",
    },
    Finding {
        id: "fidelity-param-type",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a parameter of structured type; the handler receives its raw text",
    },
    Finding {
        id: "fidelity-response-header",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a response header that is not generated (`Content-Type`, or a name that is not an HTTP token), or of structured type (the handler supplies its text)",
    },
    Finding {
        id: "fidelity-security-scheme",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a mutual-TLS security scheme, which the TLS layer checks rather than the router",
    },
    Finding {
        id: "server-bad-status",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a response key that is not an HTTP status, a range like `4XX` or `default`; it is left out",
    },
    Finding {
        id: "server-error-schema",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "an error response schema the router's own 400 and 401 responses cannot follow",
    },
    Finding {
        id: "server-no-response",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "an operation that documents no response; its handler returns a status and a JSON value",
    },
    Finding {
        id: "server-path-param-missing",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a path parameter that does not appear in its path; it is left out of the handler's input",
    },
    Finding {
        id: "server-path-unsupported",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a path segment that mixes a parameter with other text, which axum cannot route; the operation is not served",
    },
    Finding {
        id: "server-route-conflict",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "two paths that match the same requests; the router serves only the first",
    },
    Finding {
        id: "server-shim-path",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "an old path from a migration manifest that the router cannot also serve",
    },
    Finding {
        id: "server-unknown-scheme",
        stage: Stage::Target("rust-server"),
        effect: Effect::Proceeds,
        summary: "a security requirement naming a scheme that is not declared; it is ignored",
    },
    Finding {
        id: "migration-shim-unresolved",
        stage: Stage::Target("every SDK and server target, given a migration manifest"),
        effect: Effect::Proceeds,
        summary: "a rename the manifest serves as an alias that cannot be served: its old name is not in the base spec or is still in the spec, or its new name is not in the spec; no shim is generated for it",
    },
    Finding {
        id: "output-path",
        stage: Stage::Target("every target"),
        effect: Effect::Blocks,
        summary: "a generated file path that is not a plain relative path inside the output folder",
    },
    Finding {
        id: "emit-internal",
        stage: Stage::Target("rust-server, docs"),
        effect: Effect::Blocks,
        summary: "generated code that does not parse, or a docs bundle without its document: a specsmith bug, to be reported",
    },
    Finding {
        id: "unknown-target",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a target that does not exist, in `--target` or `[generate.target.*]`",
    },
    Finding {
        id: "unknown-option",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a `[generate.target.*]` key that is not one of the target's options",
    },
    Finding {
        id: "invalid-option",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a target option whose value the target cannot use",
    },
    Finding {
        id: "invalid-level",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a `[lint.rules]` entry that is not a level, names no rule it can set, or would lower a finding that stays an error",
    },
    Finding {
        id: "unknown-template",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a `--templates` file that names no built-in template",
    },
    Finding {
        id: "template-error",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a template that does not compile or fails to render",
    },
    Finding {
        id: "bad-argument",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "an argument `generate` cannot use, such as a migration manifest that belongs to none or several of the steps",
    },
    Finding {
        id: "manifest-unreadable",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a migration manifest that cannot be read",
    },
    Finding {
        id: "manifest-syntax",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a migration manifest whose YAML does not parse",
    },
    Finding {
        id: "manifest-invalid",
        stage: Stage::Run,
        effect: Effect::CannotRun,
        summary: "a migration manifest entry that does not fit the manifest's layout",
    },
];

/// Whether the finding `id` means specsmith could not run (exit 2 in every
/// command): not a finding about the spec's content, but a spec file it
/// cannot open or an input of the run it cannot use.
pub fn cannot_run(id: &str) -> bool {
    find(id).is_some_and(|f| f.effect == Effect::CannotRun)
}

/// The finding of loading or lowering named `id`.
pub fn find(id: &str) -> Option<&'static Finding> {
    CATALOG.iter().find(|f| f.id == id)
}

/// The `[lint.rules]` entries of `config` that cannot be read as meant, each
/// located at its key: a level that is none of `error`, `warning`, `info`
/// and `off`; a name that is neither a lint rule nor a finding of loading or
/// lowering (the closest is named); and a level that would lower a finding
/// that stays an error (the spec could not be read, or the generated code
/// would be wrong).
pub fn level_problems(config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, level) in &config.lint.rules {
        let at = config.keys.rules.get(id).cloned().unwrap_or_default();
        let Some(lowered) = Level::parse(level).map(Level::below_error) else {
            out.push(Diagnostic::new(
                "invalid-level",
                Severity::Error,
                at,
                format!("[lint.rules] {id} = \"{level}\" is not a level; use `error`, `warning`, `info` or `off`"),
            ));
            continue;
        };
        let blocks = "blocks generate (the generated code would be wrong)";
        let stays_error = match (lint::find(id), find(id)) {
            (Some(rule), _) => (rule.meta.generate == Generation::Blocks).then_some(blocks),
            (None, Some(f)) if f.stage == Stage::Load => match f.effect {
                Effect::Unreadable | Effect::CannotRun => Some("means the spec could not be read"),
                Effect::Blocks => Some(blocks),
                Effect::Proceeds => None,
            },
            (None, _) => {
                out.push(unknown(id, at));
                continue;
            }
        };
        if let Some(why) = stays_error.filter(|_| lowered) {
            out.push(Diagnostic::new(
                "invalid-level",
                Severity::Error,
                at,
                format!(
                    "[lint.rules] {id} = \"{level}\": `{id}` {why}, so it stays an error; fix what it reports instead"
                ),
            ));
        }
    }
    out
}

/// The finding for a `[lint.rules]` key that names no rule it can set.
fn unknown(id: &str, at: crate::diag::Loc) -> Diagnostic {
    let names = lint::rules::REGISTRY.iter().map(|r| r.meta.id).chain(
        CATALOG
            .iter()
            .filter(|f| f.stage == Stage::Load)
            .map(|f| f.id),
    );
    let why = match find(id).map(|f| f.stage) {
        Some(Stage::Target(who)) => format!(
            " (a note `generate` prints for {who}; [lint.rules] does not set the targets' notes)"
        ),
        Some(Stage::Run) => {
            " (not a finding about the spec: it stops specsmith before anything is judged)"
                .to_string()
        }
        _ if crate::compat::find(id).is_some() => {
            " (a compat rule: its level comes from `diff --profile`, not [lint.rules])".to_string()
        }
        _ => crate::compat::suggest::hint(crate::compat::suggest::closest(id, names)),
    };
    Diagnostic::new(
        "invalid-level",
        Severity::Error,
        at,
        format!("[lint.rules] {id} names no lint rule or finding of loading and lowering{why}; `specsmith rules` lists them"),
    )
}
