//! The compat rule registry. Each rule is one file holding its id, its level
//! under each profile, its check and the text `specsmith explain` prints.

use crate::diag::Severity;

use super::constraints::ConstraintPair;
use super::engine::{
    Cx, EnumPair, FieldPair, ObjectPair, OperationPair, OperationsDiff, OutboundDiff,
    ParameterPair, Sink, UnionPair, ValuePair, VersionPair,
};
use super::{Bump, Profile};

pub mod helpers;

mod additional_properties_narrowed;
mod additional_properties_widened;
mod callback_added;
mod callback_removed;
mod closed_schema_property_added;
mod closed_schema_property_removed;
mod codegen_rename_without_alias;
mod const_changed;
mod constraint_relaxed;
mod default_added;
mod default_changed;
mod deprecated_operation_removed_without_sunset;
mod deprecation_changed;
mod discriminator_changed;
mod enum_value_added_closed;
mod enum_value_added_open;
mod enum_value_removed;
mod freed_name_reused;
mod keyword_changed;
mod media_type_removed;
mod nullable_added;
mod nullable_removed;
mod operation_added;
mod operation_id_changed;
mod operation_removed;
mod operation_removed_after_sunset;
mod operation_removed_before_sunset;
mod parameter_added_optional;
mod parameter_added_required;
mod parameter_became_required;
mod parameter_default_added;
mod parameter_default_changed;
mod parameter_moved;
mod parameter_removed;
mod parameter_style_changed;
mod path_parameter_renamed;
mod property_became_optional;
mod property_became_required;
mod read_only_added;
mod rename_declared;
mod rename_reaches_keep;
mod request_body_removed;
mod request_body_required;
mod request_constraint_narrowed;
mod request_enum_value_added;
mod request_keyword_added;
mod request_property_added_optional;
mod request_property_added_required;
mod request_property_removed;
mod request_type_narrowed;
mod response_constraint_widened;
mod response_enum_value_removed;
mod response_property_added;
mod response_property_removed;
mod response_required_header_removed;
mod response_status_added;
mod response_status_removed;
mod response_success_status_removed;
mod response_type_widened;
mod schema_removed;
mod sdk_format_changed;
mod security_requirement_added;
mod stability_decreased;
mod stale_manifest_entry;
mod type_changed;
mod type_relaxed;
mod union_members_overlap;
mod union_variant_added;
mod union_variant_removed;
mod unstable_operation_removed;
mod version_bump_insufficient;
mod version_not_semver;
mod version_unchanged;
mod webhook_added;
mod webhook_removed;
mod wire_rename_without_alias;
mod write_only_added;

/// The level of a rule under each profile; `None`: not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    pub wire: Option<Severity>,
    pub codegen: Option<Severity>,
    pub strict: Option<Severity>,
}

impl Levels {
    /// The same level under every profile.
    pub const fn all(s: Severity) -> Levels {
        Levels {
            wire: Some(s),
            codegen: Some(s),
            strict: Some(s),
        }
    }

    pub fn get(&self, p: Profile) -> Option<Severity> {
        match p {
            Profile::Wire => self.wire,
            Profile::Codegen => self.codegen,
            Profile::Strict => self.strict,
        }
    }
}

pub(crate) const E: Option<Severity> = Some(Severity::Error);
pub(crate) const W: Option<Severity> = Some(Severity::Warning);
pub(crate) const I: Option<Severity> = Some(Severity::Info);
pub(crate) const OFF: Option<Severity> = None;

/// What a rule is, for `specsmith explain`, the README and the reports.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    /// The change this rule classifies (`property-removed`); rules about the
    /// same change seen from another direction share it, and their findings
    /// merge with the stricter level winning.
    pub change: &'static str,
    pub levels: Levels,
    /// The version part the change requires when it is not an error (an
    /// error under the chosen profile always requires a major bump).
    pub bump: Bump,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// What it checks, why it matters to clients and what to do (Markdown).
    pub explain: &'static str,
}

/// Where in the walk a rule's check runs, and what it is handed.
pub enum Check {
    /// Once per diff: schemas, the manifest.
    Api(fn(&Cx, &mut Sink)),
    /// Once per diff: operations matched, removed, added.
    Operations(fn(&Cx, &OperationsDiff, &mut Sink)),
    /// Once per diff: webhooks and callbacks matched, removed, added.
    Outbound(fn(&Cx, &OutboundDiff, &mut Sink)),
    /// Each operation present in both (webhooks and callbacks too: see
    /// [`super::engine::flows`] for the direction their parts travel in).
    Operation(fn(&Cx, &OperationPair, &mut Sink)),
    /// Each parameter present in both.
    Parameter(fn(&Cx, &ParameterPair, &mut Sink)),
    /// Each object type present in both (fields matched).
    Object(fn(&Cx, &ObjectPair, &mut Sink)),
    /// Each property present in both.
    Field(fn(&Cx, &FieldPair, &mut Sink)),
    /// Each pair of types at one place (property, parameter, body, item).
    Value(fn(&Cx, &ValuePair, &mut Sink)),
    /// Each enum present in both.
    Enum(fn(&Cx, &EnumPair, &mut Sink)),
    /// Each union present in both.
    Union(fn(&Cx, &UnionPair, &mut Sink)),
    /// The validation keywords at each place compared (property, parameter,
    /// header, body, named type, array items).
    Constraints(fn(&Cx, &ConstraintPair, &mut Sink)),
    /// Last, with the version verdict.
    Version(fn(&Cx, &VersionPair, &mut Sink)),
}

/// A registered rule.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

macro_rules! registry {
    ($($m:ident: $hook:ident),* $(,)?) => {
        /// Every compat rule, in the order `specsmith rules` lists them.
        pub static REGISTRY: &[Rule] = &[$(Rule { meta: &$m::META, check: Check::$hook($m::check) }),*];
    };
}

registry! {
    operation_removed: Operations,
    operation_removed_before_sunset: Operations,
    operation_removed_after_sunset: Operations,
    deprecated_operation_removed_without_sunset: Operations,
    unstable_operation_removed: Operations,
    deprecation_changed: Operations,
    stability_decreased: Operation,
    operation_added: Operations,
    webhook_removed: Outbound,
    webhook_added: Outbound,
    callback_removed: Outbound,
    callback_added: Outbound,
    operation_id_changed: Operation,
    parameter_added_required: Operation,
    parameter_added_optional: Operation,
    parameter_removed: Operation,
    parameter_moved: Operation,
    parameter_became_required: Parameter,
    parameter_style_changed: Parameter,
    parameter_default_changed: Parameter,
    parameter_default_added: Parameter,
    path_parameter_renamed: Parameter,
    request_body_required: Operation,
    request_body_removed: Operation,
    response_required_header_removed: Operation,
    media_type_removed: Operation,
    response_success_status_removed: Operation,
    response_status_removed: Operation,
    response_status_added: Operation,
    security_requirement_added: Operation,
    request_property_added_required: Object,
    request_property_added_optional: Object,
    request_property_removed: Object,
    closed_schema_property_removed: Object,
    response_property_removed: Object,
    response_property_added: Object,
    closed_schema_property_added: Object,
    additional_properties_narrowed: Object,
    additional_properties_widened: Object,
    property_became_required: Field,
    property_became_optional: Field,
    default_changed: Field,
    default_added: Field,
    read_only_added: Field,
    write_only_added: Field,
    type_changed: Value,
    request_type_narrowed: Value,
    response_type_widened: Value,
    type_relaxed: Value,
    sdk_format_changed: Value,
    nullable_added: Value,
    nullable_removed: Value,
    union_members_overlap: Value,
    request_constraint_narrowed: Constraints,
    response_constraint_widened: Constraints,
    constraint_relaxed: Constraints,
    const_changed: Constraints,
    request_keyword_added: Constraints,
    keyword_changed: Constraints,
    enum_value_removed: Enum,
    response_enum_value_removed: Enum,
    request_enum_value_added: Enum,
    enum_value_added_closed: Enum,
    enum_value_added_open: Enum,
    discriminator_changed: Union,
    union_variant_added: Union,
    union_variant_removed: Union,
    schema_removed: Api,
    rename_declared: Api,
    wire_rename_without_alias: Api,
    codegen_rename_without_alias: Api,
    stale_manifest_entry: Api,
    freed_name_reused: Api,
    rename_reaches_keep: Api,
    version_bump_insufficient: Version,
    version_not_semver: Version,
    version_unchanged: Version,
}

/// Finds a compat rule by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().find(|r| r.meta.id == id)
}

/// The rule table of the documentation (Markdown), from the registry:
/// `rule | wire | codegen | strict | finds`, `-` where a profile does not report it.
pub fn markdown_table() -> String {
    let level = |s: Option<Severity>| match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "info",
        None => "-",
    };
    let mut out =
        String::from("| rule | wire | codegen | strict | finds |\n|---|---|---|---|---|\n");
    for r in REGISTRY {
        let l = r.meta.levels;
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.meta.id,
            level(l.wire),
            level(l.codegen),
            level(l.strict),
            r.meta.summary.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_rule_is_complete_and_unique() {
        let mut ids = BTreeSet::new();
        for r in REGISTRY {
            let m = r.meta;
            assert!(ids.insert(m.id), "duplicate rule id {}", m.id);
            assert!(
                !m.id.is_empty()
                    && m.id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "bad id {}",
                m.id
            );
            assert!(!m.change.is_empty(), "{}: no change family", m.id);
            assert!(
                m.summary.len() > 10 && !m.summary.ends_with('.'),
                "{}: summary is one line without a full stop",
                m.id
            );
            assert!(m.explain.len() > 80, "{}: explain text too short", m.id);
            assert!(
                m.explain.contains("Fix")
                    || m.explain.contains("fix")
                    || m.explain.contains("Nothing to do"),
                "{}: explain says what to do",
                m.id
            );
            let levels = [m.levels.wire, m.levels.codegen, m.levels.strict];
            assert!(
                levels.iter().any(Option::is_some),
                "{}: reported under no profile",
                m.id
            );
            // Profiles only add: what breaks `wire` breaks `codegen`, what breaks `codegen` breaks `strict`.
            assert!(
                m.levels.wire <= m.levels.codegen && m.levels.codegen <= m.levels.strict,
                "{}: levels must not drop from wire to codegen to strict",
                m.id
            );
        }
    }

    #[test]
    fn rule_files_match_the_registry() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/compat/rules");
        let files: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            // helpers.rs: what the rules share, not a rule.
            .filter(|n| n.ends_with(".rs") && n != "mod.rs" && n != "helpers.rs")
            .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        let ids: BTreeSet<String> = REGISTRY.iter().map(|r| r.meta.id.to_string()).collect();
        assert_eq!(files, ids, "one file per rule, named after its id");
    }
}
