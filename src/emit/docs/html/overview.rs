//! The overview at the top of the reference: title, version, servers and the
//! security schemes, with the security requirements every operation shows.

use std::fmt::Write as _;

use super::{esc, join_code, Page};
use crate::ir::{SecurityRequirement, SecurityScheme};

impl Page<'_> {
    pub(super) fn overview(&self, out: &mut String, title: &str) {
        let api = self.api;
        out.push_str("<section id=\"overview\" class=\"overview\">\n");
        let _ = writeln!(out, "<h1>{}</h1>", esc(title));
        let _ = write!(
            out,
            "<p class=\"meta\">Version <code>{}</code> · OpenAPI <code>{}</code>",
            esc(&api.version),
            esc(&api.openapi)
        );
        if api.title != title {
            let _ = write!(out, " · {}", esc(&api.title));
        }
        out.push_str("</p>\n");
        if let Some(d) = &api.description {
            let _ = writeln!(out, "<div class=\"md\">{}</div>", self.markdown(d));
        }
        if !api.servers.is_empty() {
            out.push_str("<h2 class=\"sub\">Servers</h2>\n<ul class=\"servers\">\n");
            for server in &api.servers {
                let _ = write!(out, "<li><code>{}</code>", esc(&server.url));
                if let Some(d) = &server.description {
                    let _ = write!(out, " {}", esc(d));
                }
                if !server.variables.is_empty() {
                    out.push_str("<ul>");
                    for (name, var) in &server.variables {
                        let _ = write!(
                            out,
                            "<li><code>{{{}}}</code> default <code>{}</code>",
                            esc(name),
                            esc(&var.default)
                        );
                        if !var.values.is_empty() {
                            let _ = write!(
                                out,
                                ", one of {}",
                                join_code(var.values.iter().map(String::as_str))
                            );
                        }
                        out.push_str("</li>");
                    }
                    out.push_str("</ul>");
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        if !api.security_schemes.is_empty() {
            out.push_str("<h2 class=\"sub\">Authentication</h2>\n<dl class=\"security\">\n");
            for (name, scheme) in &api.security_schemes {
                let _ = writeln!(
                    out,
                    "<dt id=\"{}\"><code>{}</code></dt><dd>{}</dd>",
                    self.security[name.as_str()],
                    esc(name),
                    scheme_text(scheme)
                );
            }
            out.push_str("</dl>\n");
            if !api.security.is_empty() {
                let _ = writeln!(
                    out,
                    "<p>Unless an operation says otherwise: {}</p>",
                    self.requirements(&api.security)
                );
            }
        }
        out.push_str("</section>\n");
    }

    /// Alternatives joined by "or"; an empty alternative means no authentication.
    pub(super) fn requirements(&self, reqs: &[SecurityRequirement]) -> String {
        if reqs.is_empty() {
            return "none".to_string();
        }
        reqs.iter()
            .map(|r| {
                if r.schemes.is_empty() {
                    "none".to_string()
                } else {
                    self.requirement(r)
                }
            })
            .collect::<Vec<_>>()
            .join(" or ")
    }

    fn requirement(&self, req: &SecurityRequirement) -> String {
        req.schemes
            .iter()
            .map(|(name, scopes)| {
                let label = match self.security.get(name.as_str()) {
                    Some(id) => format!(
                        "<a href=\"{}\"><code>{}</code></a>",
                        self.href(id),
                        esc(name)
                    ),
                    None => format!("<code>{}</code>", esc(name)),
                };
                if scopes.is_empty() {
                    label
                } else {
                    format!(
                        "{label} (scopes {})",
                        join_code(scopes.iter().map(String::as_str))
                    )
                }
            })
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

fn scheme_text(scheme: &SecurityScheme) -> String {
    match scheme {
        SecurityScheme::ApiKey { location, name } => format!(
            "API key in the {} <code>{}</code>",
            location.as_str(),
            esc(name)
        ),
        SecurityScheme::Http {
            scheme,
            bearer_format,
        } => {
            let mut text = format!("HTTP <code>{}</code> authentication", esc(scheme));
            if let Some(f) = bearer_format {
                let _ = write!(text, " (bearer format <code>{}</code>)", esc(f));
            }
            text
        }
        SecurityScheme::OAuth2 => "OAuth 2.0".to_string(),
        SecurityScheme::OpenIdConnect { url } => {
            format!("OpenID Connect, discovery at <code>{}</code>", esc(url))
        }
        SecurityScheme::MutualTls => "Mutual TLS".to_string(),
    }
}
