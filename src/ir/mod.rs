//! The language-neutral intermediate representation that every emitter and the
//! compatibility checker read: named types, fields and operations, each with the
//! spec location it came from.

//!
//! This module holds the API as a whole; `types` holds the named types and
//! the references to them, `operation` the operations, and `lower` builds
//! all of it from a loaded document.

pub mod cycles;
pub mod directions;
pub mod lifecycle;
mod lower;
pub use lower::pointer_tag;
mod operation;
mod types;

pub(crate) use lower::hoisted_name;
pub use lower::{lower, lower_paths_later, LowerOutput, CONTENT_KEYWORDS, DOCUMENTATION_KEYWORDS};
pub use operation::*;
pub use types::*;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// A whole API after lowering.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub openapi: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `info.license`: what the generated packages declare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    pub servers: Vec<Server>,
    pub tags: Vec<Tag>,
    /// Security schemes by their component name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
    /// Security that applies to operations that do not declare their own.
    pub security: Vec<SecurityRequirement>,
    /// Every named type, keyed by its IR name (the component name, or the
    /// hoisted name of an inline schema).
    pub types: BTreeMap<String, NamedType>,
    /// Operations ordered by path, then method.
    pub operations: Vec<Operation>,
    /// The requests the API sends to its subscribers: 3.1 `webhooks` and the
    /// `callbacks` of operations, each with [`Operation::outbound`] set.
    /// Kept apart from `operations`: they are neither routes the server
    /// serves nor calls an SDK makes. Webhooks first (by name, then method),
    /// then callbacks in the order of their operations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outbound: Vec<Operation>,
    /// What readers work out from the whole API, made once on first use.
    #[serde(skip)]
    pub(crate) derived: Derived,
}

/// Whole-API analyses that every target, the docs and the vectors read:
/// made on first use from the API as it is then (lowering is over by the
/// time anything reads them) and shared, where each reader used to make its
/// own. Not part of the API's value: a clone starts without them, and two
/// APIs compare equal whatever each has made.
#[derive(Default)]
pub(crate) struct Derived {
    directions: std::sync::OnceLock<directions::Directions>,
    finite_ranks: std::sync::OnceLock<BTreeMap<String, usize>>,
    /// Per language (in [`crate::naming::Lang::ALL`]'s order): its
    /// identifier for every type, with the warnings found making them.
    type_idents: [std::sync::OnceLock<TypeIdents>; 6],
}

/// A language's identifier for every type by IR name, and the warnings
/// found making them.
pub(crate) type TypeIdents = (BTreeMap<String, String>, Vec<crate::diag::Diagnostic>);

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl PartialEq for Derived {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

/// `info.license`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct License {
    pub name: String,
    /// The SPDX expression (`identifier`, OpenAPI 3.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Server {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub variables: BTreeMap<String, ServerVariable>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServerVariable {
    pub default: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tag {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityScheme {
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Http {
        scheme: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        bearer_format: Option<String>,
    },
    OAuth2,
    OpenIdConnect {
        url: String,
    },
    MutualTls,
}

/// One alternative of a security requirement: all listed schemes must be satisfied.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct SecurityRequirement {
    /// scheme name → scopes
    pub schemes: BTreeMap<String, Vec<String>>,
}

/// Documentation carried by a type, field, operation or parameter.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Docs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

impl Docs {
    /// The text a doc comment should carry: the description, else the title.
    pub fn text(&self) -> Option<&str> {
        self.description.as_deref().or(self.title.as_deref())
    }
}

impl Api {
    /// Which types travel in requests and which in responses
    /// ([`directions::Directions`]), made once.
    pub fn directions(&self) -> &directions::Directions {
        self.derived
            .directions
            .get_or_init(|| directions::Directions::of(self))
    }

    /// The rank of every type that has a finite instance
    /// ([`cycles::finite_ranks`]), made once.
    pub fn finite_ranks(&self) -> &BTreeMap<String, usize> {
        self.derived
            .finite_ranks
            .get_or_init(|| cycles::finite_ranks(self))
    }

    /// `lang`'s identifier for every type, made once by `make` (the
    /// caller that makes them for `lang` is always the same one).
    pub(crate) fn type_idents_once(
        &self,
        lang: crate::naming::Lang,
        make: impl FnOnce() -> TypeIdents,
    ) -> &TypeIdents {
        let slot = crate::naming::Lang::ALL
            .iter()
            .position(|l| *l == lang)
            .unwrap_or_default();
        self.derived.type_idents[slot].get_or_init(make)
    }

    /// Looks a named type up; references inside one IR always resolve.
    pub fn get(&self, name: &str) -> Option<&NamedType> {
        self.types.get(name)
    }

    /// The named types hashed by name, for a walk over the whole API that
    /// looks types up many times (`types` is ordered, and each lookup there
    /// compares names down the tree).
    pub(crate) fn types_by_name(&self) -> TypesByName<'_> {
        self.types.iter().map(|(k, t)| (k.as_str(), t)).collect()
    }
}

/// [`Api::types_by_name`].
pub(crate) type TypesByName<'a> = rustc_hash::FxHashMap<&'a str, &'a NamedType>;
