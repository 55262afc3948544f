//! The rule registry: one module per rule.

mod nullable_keyword_in_31;
mod unresolved_ref;

use super::Rule;

/// Every lint rule, in the order `specsmith rules` lists them.
pub static REGISTRY: &[Rule] = &[
    Rule {
        meta: &unresolved_ref::META,
        check: unresolved_ref::check,
    },
    Rule {
        meta: &nullable_keyword_in_31::META,
        check: nullable_keyword_in_31::check,
    },
];
