//! The rule registry: one module per rule.

mod default_not_in_enum;
mod default_type_mismatch;
mod discriminator_property_missing;
mod duplicate_operation_id;
mod enum_duplicate_value;
mod example_type_mismatch;
mod identifier_collision;
mod invalid_component_name;
mod invalid_type;
mod missing_operation_id;
mod no_finite_instance;
mod nullable_keyword_in_31;
mod path_param_declared_but_unused;
mod path_param_not_declared;
mod ref_cycle;
mod required_property_missing;
mod reserved_word;
mod security_scheme_undefined;
mod server_variable_undeclared;
mod unhandled_extension;
mod unresolved_ref;
mod unused_component;

use super::{Check, Rule};

macro_rules! rule {
    ($m:ident) => {
        Rule {
            meta: &$m::META,
            check: Check::Document($m::check),
        }
    };
    (ir $m:ident) => {
        Rule {
            meta: &$m::META,
            check: Check::Ir($m::check),
        }
    };
}

/// Every lint rule, in the order `specsmith rules` lists them: references
/// first, then operations and paths, schemas, examples, naming, the rest.
pub static REGISTRY: &[Rule] = &[
    rule!(unresolved_ref),
    rule!(ref_cycle),
    rule!(duplicate_operation_id),
    rule!(ir missing_operation_id),
    rule!(path_param_not_declared),
    rule!(path_param_declared_but_unused),
    rule!(required_property_missing),
    rule!(nullable_keyword_in_31),
    rule!(enum_duplicate_value),
    rule!(default_not_in_enum),
    rule!(default_type_mismatch),
    rule!(example_type_mismatch),
    rule!(identifier_collision),
    rule!(reserved_word),
    rule!(unused_component),
    rule!(invalid_type),
    rule!(ir no_finite_instance),
    rule!(invalid_component_name),
    rule!(discriminator_property_missing),
    rule!(security_scheme_undefined),
    rule!(server_variable_undeclared),
    rule!(unhandled_extension),
];
