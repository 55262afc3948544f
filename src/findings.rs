//! The findings that loading and lowering report besides the lint rules:
//! what `specsmith rules` lists and `explain` describes with them, and what
//! `[lint.rules]` may give another level. Each says what it does to a run;
//! one that means the spec could not be read, or that `generate` would write
//! wrong code, stays an error whatever the config says.

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
}

impl Effect {
    /// Its level, as `specsmith rules` lists it.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Unreadable => "fatal",
            Effect::Blocks => "error",
            Effect::Proceeds => "warning",
        }
    }

    /// What it does, and what `[lint.rules]` may do with it.
    pub fn describe(self) -> &'static str {
        match self {
            Effect::Unreadable => "The spec could not be read, so no command judges it: fix the file. `[lint.rules]` cannot lower it.",
            Effect::Blocks => "An error that stops `generate` (nothing is written); `[lint.rules]` cannot lower it.",
            Effect::Proceeds => "A warning: the run goes on. `[lint.rules]` may switch it off or raise it.",
        }
    }
}

/// A finding of loading or lowering.
pub struct Finding {
    pub id: &'static str,
    pub effect: Effect,
    pub summary: &'static str,
}

/// Every finding loading and lowering report that is not a lint rule's.
pub const CATALOG: &[Finding] = &[
    Finding {
        id: "unreadable",
        effect: Effect::Unreadable,
        summary: "a spec file that cannot be read: missing, a folder, or not UTF-8 text",
    },
    Finding {
        id: "json-syntax",
        effect: Effect::Unreadable,
        summary: "a JSON file that does not parse, at the first error",
    },
    Finding {
        id: "yaml-syntax",
        effect: Effect::Unreadable,
        summary: "a YAML file that does not parse, at the first error",
    },
    Finding {
        id: "alias-bomb",
        effect: Effect::Unreadable,
        summary: "YAML aliases that expand to more nodes than specsmith reads (a billion-laughs document)",
    },
    Finding {
        id: "nesting-too-deep",
        effect: Effect::Unreadable,
        summary: "a document nested deeper than specsmith reads without running out of stack",
    },
    Finding {
        id: "remote-ref",
        effect: Effect::Unreadable,
        summary: "a `$ref` to a URL: specsmith does not fetch over the network",
    },
    Finding {
        id: "ref-outside-root",
        effect: Effect::Unreadable,
        summary: "a `$ref` to a file outside the spec's folder and `allowed_roots`",
    },
    Finding {
        id: "not-openapi",
        effect: Effect::Unreadable,
        summary: "a document with no `openapi` version, or a version other than 3.0, 3.1 or 3.2",
    },
    Finding {
        id: "duplicate-key",
        effect: Effect::Blocks,
        summary: "a YAML mapping that names a key twice: the later value wins, which the author may not have meant",
    },
    Finding {
        id: "invalid-document",
        effect: Effect::Blocks,
        summary: "a part of the document that does not fit the OpenAPI schema; specsmith skipped it",
    },
    Finding {
        id: "unsupported-security-scheme",
        effect: Effect::Proceeds,
        summary: "a security scheme type the generators do not support; it is left out",
    },
    Finding {
        id: "allof-not-merged",
        effect: Effect::Proceeds,
        summary: "an `allOf` that cannot be merged soundly; the type holds its object parts only",
    },
    Finding {
        id: "hoisted-name-collision",
        effect: Effect::Proceeds,
        summary: "an inline schema whose derived name is taken; it gets another (a `title` chooses it)",
    },
    Finding {
        id: "schema-too-deep",
        effect: Effect::Proceeds,
        summary: "schemas nested deeper than specsmith lowers; what is below is any value",
    },
    Finding {
        id: "fidelity-discriminator",
        effect: Effect::Proceeds,
        summary: "a discriminator mapping that names no schema; the unions leave that tag out",
    },
];

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
            (None, Some(f)) => match f.effect {
                Effect::Unreadable => Some("means the spec could not be read"),
                Effect::Blocks => Some(blocks),
                Effect::Proceeds => None,
            },
            (None, None) => {
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
    let names = lint::rules::REGISTRY
        .iter()
        .map(|r| r.meta.id)
        .chain(CATALOG.iter().map(|f| f.id));
    let why = if crate::compat::find(id).is_some() {
        " (a compat rule: its level comes from `diff --profile`, not [lint.rules])".to_string()
    } else if id.starts_with("fidelity-") {
        " (a target's fidelity note, which `generate` prints; [lint.rules] does not set them)"
            .to_string()
    } else {
        crate::compat::suggest::hint(crate::compat::suggest::closest(id, names))
    };
    Diagnostic::new(
        "invalid-level",
        Severity::Error,
        at,
        format!("[lint.rules] {id} names no lint rule or finding of loading and lowering{why}; `specsmith rules` lists them"),
    )
}
