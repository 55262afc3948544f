//! Release notes from the compat report: what changed for an API user, in
//! plain words, grouped as Added / Changed / Deprecated / Removed / Renamed,
//! breaking entries first in each group and marked, each linked to its entry
//! in the reference. The CI formats of `specsmith diff` keep the rule ids,
//! directions and `file:line` locations; these notes leave them out.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::html::{esc, id_chars};
use crate::compat::manifest::Rename;
use crate::compat::{Finding, Report};
use crate::diag::Severity;

/// The groups, in the order a reader sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Added,
    Changed,
    Deprecated,
    Removed,
    Renamed,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Added,
        Group::Changed,
        Group::Deprecated,
        Group::Removed,
        Group::Renamed,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Added => "Added",
            Group::Changed => "Changed",
            Group::Deprecated => "Deprecated",
            Group::Removed => "Removed",
            Group::Renamed => "Renamed",
        }
    }

    /// The group of a compat rule; `None` for the rules about the report
    /// itself (the version check, the manifest's own health), which are for
    /// CI, not for release notes.
    pub fn of_rule(rule: &str) -> Option<Group> {
        let group = match rule {
            "version-bump-insufficient"
            | "version-not-semver"
            | "version-unchanged"
            | "stale-manifest-entry"
            | "rename-reaches-keep" => return None,
            "rename-declared"
            | "operation-id-changed"
            | "path-parameter-renamed"
            | "codegen-rename-without-alias"
            | "wire-rename-without-alias"
            | "freed-name-reused" => Group::Renamed,
            "deprecation-changed" => Group::Deprecated,
            r if r.ends_with("-added")
                || r.ends_with("-added-optional")
                || r.ends_with("-added-open")
                || r.ends_with("-added-closed")
                || r == "additional-properties-widened" =>
            {
                // A new requirement is a change to what clients must do.
                if r.contains("required")
                    || r.contains("keyword")
                    || r == "security-requirement-added"
                    || r == "read-only-added"
                    || r == "write-only-added"
                    || r == "nullable-added"
                {
                    Group::Changed
                } else {
                    Group::Added
                }
            }
            r if r.contains("removed") => Group::Removed,
            _ => Group::Changed,
        };
        Some(group)
    }
}

/// One line of the notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub group: Group,
    pub breaking: bool,
    /// Plain words; names in `code spans`.
    pub text: String,
    /// Where the reference shows it (relative to the notes' folder).
    pub href: Option<String>,
}

/// One release: the changes from `from` to `to`.
#[derive(Debug, Clone)]
pub struct Release {
    /// `info.version` of the previous release.
    pub from: String,
    /// `info.version` of this release.
    pub to: String,
    pub entries: Vec<Entry>,
    /// The specs compared (previous, this), as shown: set when the
    /// versions alone do not tell the releases apart, so headings name
    /// the files too.
    pub files: Option<(String, String)>,
}

impl Release {
    /// The notes of a compat report with the renames its manifests declare.
    /// `href` maps a JSON pointer of the new spec to the reference entry
    /// that shows it.
    pub fn new(
        report: &Report,
        renames: &[Rename],
        href: &dyn Fn(&str) -> Option<String>,
    ) -> Release {
        let mut entries = Vec::new();
        for f in &report.findings {
            // A declared rename is described from the manifest below.
            if f.rule == "rename-declared" {
                continue;
            }
            let Some(mut group) = Group::of_rule(f.rule) else {
                continue;
            };
            // A withdrawn deprecation is a change, not a deprecation.
            if f.rule == "deprecation-changed" && f.message.ends_with("is no longer deprecated") {
                group = Group::Changed;
            }
            entries.push(Entry {
                group,
                breaking: f.level == Severity::Error,
                text: plain(f),
                href: f.head.as_ref().and_then(|l| href(&l.pointer)),
            });
        }
        for r in renames {
            let scope = r
                .scope
                .as_deref()
                .map(|s| format!("{s}."))
                .unwrap_or_default();
            let old = format!("`{scope}{}`", r.from);
            let new = format!("`{}`", r.to);
            let noun = r.kind.noun();
            let finding = report.findings.iter().find(|f| {
                f.rule == "rename-declared"
                    && f.message.contains(&format!("`{scope}{}`", r.from))
                    && f.message.contains(&new)
            });
            let link = finding
                .and_then(|f| f.head.as_ref())
                .and_then(|l| href(&l.pointer));
            match &r.alias {
                Some(window) => {
                    let until = match &window.until {
                        Some(u) => format!("until {u}"),
                        None => "for now".to_string(),
                    };
                    entries.push(Entry {
                        group: Group::Renamed,
                        breaking: false,
                        text: format!(
                            "The {noun} {old} is now {new}. The old name keeps working {until}."
                        ),
                        href: link.clone(),
                    });
                    entries.push(Entry {
                        group: Group::Deprecated,
                        breaking: false,
                        text: format!(
                            "The {noun} {old}: use {new}. It keeps working {until}, then it may be removed."
                        ),
                        href: link,
                    });
                }
                None => entries.push(Entry {
                    group: Group::Renamed,
                    breaking: true,
                    text: format!(
                        "The {noun} {old} is now {new}. The old name no longer works: update your clients."
                    ),
                    href: link,
                }),
            }
        }
        // Breaking first in each group; otherwise the report's order.
        entries.sort_by_key(|e| (e.group, !e.breaking));
        Release {
            from: report.version.base.clone(),
            to: report.version.head.clone(),
            entries,
            files: None,
        }
    }

    pub fn breaking(&self) -> usize {
        self.entries.iter().filter(|e| e.breaking).count()
    }

    /// This release as headings name it: its version, and its file when set.
    pub fn name(&self) -> String {
        match &self.files {
            Some((_, to)) => format!("{} ({to})", self.to),
            None => self.to.clone(),
        }
    }

    /// The previous release as the notes name it.
    pub fn previous(&self) -> String {
        match &self.files {
            Some((from, _)) => format!("{} ({from})", self.from),
            None => self.from.clone(),
        }
    }
}

/// Names each release by its files as well when two releases have the same
/// version, or one did not change it (the versions then say too little).
pub fn name_by_files(releases: &mut [Release], files: &[(String, String)]) {
    let versions: Vec<&str> = releases.iter().map(|r| r.to.as_str()).collect();
    let ambiguous = releases.iter().any(|r| r.from == r.to)
        || versions
            .iter()
            .enumerate()
            .any(|(i, v)| versions[..i].contains(v));
    if !ambiguous {
        return;
    }
    // File names when they tell the specs apart, else the paths as given.
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let mut names: Vec<&str> = files
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut short: Vec<String> = names.iter().map(|n| base(n)).collect();
    short.sort_unstable();
    short.dedup();
    let shown = |p: &str| {
        if short.len() == names.len() {
            base(p)
        } else {
            p.to_string()
        }
    };
    for (r, (from, to)) in releases.iter_mut().zip(files) {
        r.files = Some((shown(from), shown(to)));
    }
}

/// A finding's message in words for an API user: the reviewer's wording
/// with its jargon softened (the CI formats keep the original).
fn plain(f: &Finding) -> String {
    let mut text = f.message.clone();
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

/// Escaped text with `code spans` as `<code>`.
fn inline_html(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return esc(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(p))
            } else {
                esc(p)
            }
        })
        .collect()
}

/// The id of a release's section: `v` and its name, made safe, and a
/// number after it when an earlier section has the same.
fn release_id(r: &Release, used: &mut BTreeSet<String>) -> String {
    let name = match &r.files {
        Some((_, to)) => format!("{}-{to}", r.to),
        None => r.to.clone(),
    };
    let token = id_chars(&name);
    let mut id = format!("v{token}");
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("v{token}-{n}");
        n += 1;
    }
    id
}

/// The releases as HTML sections (newest first, as given), for the changelog
/// page.
pub fn html(releases: &[Release]) -> String {
    let mut out = String::new();
    let mut ids = BTreeSet::new();
    for r in releases {
        let _ = writeln!(
            out,
            "<section class=\"release\" id=\"{}\">\n<h2>What's new in {}</h2>\n<p class=\"since\">Changes since {}{}.</p>",
            release_id(r, &mut ids),
            esc(&r.name()),
            esc(&r.previous()),
            match r.breaking() {
                0 => String::new(),
                1 => ": <strong>1 breaking change</strong>".to_string(),
                n => format!(": <strong>{n} breaking changes</strong>"),
            }
        );
        if r.entries.is_empty() {
            out.push_str("<p>Nothing changed for API users.</p>\n");
        }
        for group in Group::ALL {
            let entries: Vec<&Entry> = r.entries.iter().filter(|e| e.group == group).collect();
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(out, "<h3>{}</h3>\n<ul>", group.title());
            for e in entries {
                out.push_str("<li>");
                if e.breaking {
                    out.push_str("<strong class=\"breaking\">Breaking:</strong> ");
                }
                out.push_str(&inline_html(&e.text));
                if let Some(h) = &e.href {
                    let _ = write!(out, " <a href=\"{}\">Reference</a>", esc(h));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    out
}

/// The releases as a `CHANGELOG.md` fragment (Keep a Changelog headings).
/// `base` is prefixed to every reference link (the URL or folder the
/// reference is published at, ending in `/`; empty for the same folder).
pub fn markdown(releases: &[Release], base: &str) -> String {
    let mut out = String::new();
    for r in releases {
        let _ = writeln!(out, "## {}\n", r.name());
        match r.breaking() {
            0 => {}
            1 => out.push_str("**1 breaking change.**\n\n"),
            n => {
                let _ = writeln!(out, "**{n} breaking changes.**\n");
            }
        }
        if r.entries.is_empty() {
            out.push_str("Nothing changed for API users.\n\n");
        }
        for group in Group::ALL {
            let entries: Vec<&Entry> = r.entries.iter().filter(|e| e.group == group).collect();
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {}\n", group.title());
            for e in entries {
                out.push_str("- ");
                if e.breaking {
                    out.push_str("**Breaking:** ");
                }
                out.push_str(&e.text.replace('\n', " "));
                if let Some(h) = &e.href {
                    let _ = write!(out, " ([reference]({base}{h}))");
                }
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}
