//! Security schemes and requirements, as the IR keeps them.

use std::collections::BTreeMap;

use oa::ReferenceOr;
use openapiv3 as oa;

use super::Lowerer;
use crate::ir::{ParamLocation, SecurityRequirement, SecurityScheme};

pub(super) fn security_reqs(reqs: &[oa::SecurityRequirement]) -> Vec<SecurityRequirement> {
    reqs.iter()
        .map(|r| SecurityRequirement {
            schemes: r.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        })
        .collect()
}

impl Lowerer<'_> {
    pub(super) fn security_schemes(&self) -> BTreeMap<String, SecurityScheme> {
        let mut out = BTreeMap::new();
        let Some(c) = &self.api.components else {
            return out;
        };
        for (name, s) in &c.security_schemes {
            let ReferenceOr::Item(s) = s else { continue };
            let scheme = match s {
                oa::SecurityScheme::APIKey { location, name, .. } => SecurityScheme::ApiKey {
                    location: match location {
                        oa::APIKeyLocation::Query => ParamLocation::Query,
                        oa::APIKeyLocation::Header => ParamLocation::Header,
                        oa::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    },
                    name: name.clone(),
                },
                oa::SecurityScheme::HTTP {
                    scheme,
                    bearer_format,
                    ..
                } => SecurityScheme::Http {
                    scheme: scheme.to_lowercase(),
                    bearer_format: bearer_format.clone(),
                },
                oa::SecurityScheme::OAuth2 { .. } => SecurityScheme::OAuth2,
                oa::SecurityScheme::OpenIDConnect {
                    open_id_connect_url,
                    ..
                } => SecurityScheme::OpenIdConnect {
                    url: open_id_connect_url.clone(),
                },
            };
            out.insert(name.clone(), scheme);
        }
        out
    }
}
