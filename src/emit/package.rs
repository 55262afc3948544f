//! The metadata every installable package declares (docs/packages.md): version,
//! license, description and repository, from the spec's `info` and the
//! `[package]` table of specsmith.toml (or a target's own table). Each SDK
//! target writes it into its own manifest (pyproject.toml, package.json,
//! Cargo.toml, the Kotlin pom.xml, the C# project) through its templates.

use heck::ToKebabCase;
use serde::Serialize;

use super::EmitContext;
use crate::diag::{Diagnostic, Loc, Severity};

/// What a package manifest says about the package.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PackageMeta {
    /// `MAJOR.MINOR.PATCH`, valid for every registry (SemVer, PEP 440,
    /// NuGet, Maven).
    pub version: String,
    /// An SPDX expression, or the license's name when the spec gives no
    /// identifier; `None` when the spec and the config say nothing.
    pub license: Option<String>,
    /// Whether `license` is an SPDX expression (else it is a name only).
    pub spdx: bool,
    /// Where the license's text is (`info.license.url`), unless the config
    /// names the license.
    pub license_url: Option<String>,
    /// One line.
    pub description: String,
    pub repository: Option<String>,
}

impl PackageMeta {
    /// The metadata for the target of `cx`; a version that no registry would
    /// take is replaced by `0.1.0`, with a warning noted on `cx`.
    pub fn of(cx: &EmitContext, target: &str) -> PackageMeta {
        let api = cx.api;
        let configured = cx.options.get("version");
        let version = match configured {
            Some(v) if is_release_version(v) => v.to_string(),
            Some(v) => {
                cx.note(version_warning(
                    target,
                    &format!("the configured version `{v}`"),
                ));
                "0.1.0".to_string()
            }
            None if is_release_version(&api.version) => api.version.clone(),
            None => {
                cx.note(version_warning(
                    target,
                    &format!("info.version `{}`", api.version),
                ));
                "0.1.0".to_string()
            }
        };
        // On one line: a manifest's license is one string.
        let license = match (cx.options.get("license"), &api.license) {
            (Some(l), _) => Some(one_line(l)),
            (None, Some(l)) => Some(one_line(l.identifier.as_ref().unwrap_or(&l.name))),
            (None, None) => None,
        }
        .filter(|l| !l.is_empty());
        let spdx = license.as_deref().is_some_and(is_spdx);
        let license_url = match cx.options.get("license") {
            Some(_) => None,
            None => api.license.as_ref().and_then(|l| l.url.clone()),
        };
        let description = match cx.options.get("description") {
            Some(d) => one_line(d),
            None => api
                .description
                .as_deref()
                .map(first_paragraph)
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| one_line(&api.title)),
        };
        // NuGet refuses a package without a description, crates.io a
        // crate: an empty one is replaced, and said so.
        let description = if description.is_empty() {
            cx.note(Diagnostic::new(
                "package-description",
                Severity::Warning,
                Loc::default(),
                format!(
                    "{target}: the spec has no info.description and an empty info.title, and package registries need a description; the package says `{FALLBACK_DESCRIPTION}` (set `description` under [package] in specsmith.toml)"
                ),
            ));
            FALLBACK_DESCRIPTION.to_string()
        } else {
            description
        };
        PackageMeta {
            version,
            license,
            spdx,
            license_url,
            description,
            repository: cx.options.get("repository").map(str::to_string),
        }
    }
}

/// A package's description when neither the config nor the spec gives one.
const FALLBACK_DESCRIPTION: &str = "Types and client of an HTTP API, from its OpenAPI description.";

/// A registry name from the API title (npm, Maven artifact):
/// `Sandbox Lifecycle API` → `sandbox-lifecycle-api`.
pub fn default_name(title: &str) -> String {
    let base = crate::naming::sanitize(title).to_kebab_case();
    let base = base.trim_matches('-');
    if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("api-{base}").trim_end_matches('-').to_string()
    } else {
        base.to_string()
    }
}

/// A string literal of JSON, which is also a TOML basic string.
pub fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Text for an XML element.
pub fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Header lines made fit for an XML comment (the pom, the .csproj), which
/// may not hold `--`: a regenerate command such as `generate --out sdk`
/// keeps its words, with a space between the two hyphens.
pub fn xml_comment_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            let mut line = line.clone();
            while line.contains("--") {
                line = line.replace("--", "- -");
            }
            if line.ends_with('-') {
                line.push(' ');
            }
            line
        })
        .collect()
}

impl PackageMeta {
    /// The template variables of a manifest whose strings are written by
    /// `quote` (JSON/TOML literals or XML text): `package` (this, raw),
    /// `description`, `license`, `license_url` and `repository` (quoted,
    /// or none).
    pub fn context(&self, quote: fn(&str) -> String) -> minijinja::Value {
        minijinja::context! {
            package => self,
            description => quote(&self.description),
            license => self.license.as_deref().map(quote),
            license_url => self.license_url.as_deref().map(quote),
            repository => self.repository.as_deref().map(quote),
        }
    }
}

fn version_warning(target: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        "package-version",
        Severity::Warning,
        Loc::default(),
        format!(
            "{target}: {what} is not MAJOR.MINOR.PATCH, which package registries need; the package says 0.1.0 (set `version` under [package] in specsmith.toml)"
        ),
    )
}

/// `MAJOR.MINOR.PATCH` without leading zeros: a version SemVer, PEP 440,
/// NuGet and Maven all read the same way.
pub fn is_release_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

/// An SPDX license expression of ids on the SPDX list (`MIT`,
/// `MIT OR Apache-2.0`, `LicenseRef-…`), in the strict form that PEP 639
/// and crates.io accept: a name such as `Apache 2.0` or `open-licence`, or a
/// deprecated id such as `GPL-2.0`, is not one.
fn is_spdx(s: &str) -> bool {
    spdx::Expression::parse(s).is_ok()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_paragraph(s: &str) -> String {
    one_line(s.trim().split("\n\n").next().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_licenses() {
        assert!(is_release_version("1.4.0"));
        assert!(!is_release_version("2020-08-27") && !is_release_version("1.04.0"));
        for id in [
            "Apache-2.0",
            "MIT OR Apache-2.0",
            "LicenseRef-Acme",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
        ] {
            assert!(is_spdx(id), "{id}");
        }
        // Names, unknown or deprecated ids and broken expressions are not.
        for name in [
            "Apache 2.0",
            "MIT OR",
            "open-licence",
            "GPL-2.0",
            "Proprietary",
            "",
        ] {
            assert!(!is_spdx(name), "{name}");
        }
        assert_eq!(first_paragraph("  One\nline.\n\nMore."), "One line.");
    }
}
