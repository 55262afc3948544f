//! The reference's sidebar: every group with its operations, then the schemas;
//! in the split layout only the open page's entries are listed, and of a
//! letter's many schema pages only the first, the last and those near the
//! open one, so that every file's sidebar has a bounded size (the overview's
//! contents list every page).

use std::fmt::Write as _;

use super::{esc, method_badge, Page};
use crate::ir::NamedType;

impl Page<'_> {
    pub(super) fn nav(&self, out: &mut String) {
        let split = self.split();
        let current = self.current.get();
        out.push_str("<nav id=\"nav\" class=\"sidebar\" aria-label=\"Contents\">\n");
        let _ = writeln!(
            out,
            "<a class=\"nav-top\" href=\"{}\">Overview</a>",
            self.href("overview")
        );
        for (g, group) in self.groups.iter().enumerate() {
            let _ = writeln!(
                out,
                "<div class=\"nav-group\">\n<a class=\"nav-tag\" href=\"{}\">{}</a>",
                self.href(&group.id),
                esc(&group.name)
            );
            // Split: only the open page's operations are listed.
            if split && current != g + 1 {
                out.push_str("</div>\n");
                continue;
            }
            out.push_str("<ul>\n");
            for op in group.primary.iter().chain(&group.also) {
                let id = self.op_anchor(op);
                let _ = writeln!(out,
                    "<li data-target=\"{id}\"><a href=\"{}\"{}>{} <span class=\"nav-label\">{}</span></a></li>",
                    self.href(id),
                    if op.deprecated { " class=\"deprecated\"" } else { "" },
                    method_badge(op),
                    esc(op.summary.as_deref().unwrap_or(&op.id))
                );
            }
            out.push_str("</ul>\n</div>\n");
        }
        if !self.api.types.is_empty() {
            let _ = writeln!(
                out,
                "<div class=\"nav-group\">\n<a class=\"nav-tag\" href=\"{}\">Schemas</a>\n<ul>",
                self.href("schemas")
            );
            if split {
                let first = 1 + self.groups.len();
                let entry = |sp: &super::SchemaPage, href: String| {
                    format!(
                        "<li class=\"nav-page\"><a href=\"{href}\">{}</a>",
                        esc(&sp.label)
                    )
                };
                let elsewhere = self.nav_pages.get_or_init(|| {
                    self.schema_pages
                        .iter()
                        .map(|sp| entry(sp, self.href_elsewhere(&sp.id)))
                        .collect()
                });
                let open = current
                    .checked_sub(first)
                    .and_then(|c| self.schema_pages.get(c));
                let mut gap = false;
                for (i, sp) in self.schema_pages.iter().enumerate() {
                    if !listed(sp, i, open.map(|o| (o, current - first))) {
                        if !gap {
                            let _ = writeln!(out,
                                "<li class=\"nav-gap\"><a href=\"{}\" title=\"{GAP_TITLE}\" aria-label=\"{GAP_TITLE}\">…</a></li>",
                                self.href("overview")
                            );
                        }
                        gap = true;
                        continue;
                    }
                    gap = false;
                    if self.is_here(&sp.id) {
                        out.push_str(&entry(sp, self.href(&sp.id)));
                    } else {
                        out.push_str(&elsewhere[i]);
                    }
                    if current == first + i {
                        out.push_str("\n<ul>\n");
                        for name in &sp.names {
                            self.nav_schema(out, name, &self.api.types[*name]);
                        }
                        out.push_str("</ul>\n");
                    }
                    out.push_str("</li>\n");
                }
            } else {
                for (name, ty) in &self.api.types {
                    self.nav_schema(out, name, ty);
                }
            }
            out.push_str("</ul>\n</div>\n");
        }
        out.push_str("</nav>\n");
    }

    fn nav_schema(&self, out: &mut String, name: &str, ty: &NamedType) {
        let id = &self.schemas[name];
        let _ = writeln!(out,
            "<li data-target=\"{id}\"><a href=\"{}\"{}><span class=\"nav-label\">{}</span></a></li>",
            self.href(id),
            if ty.deprecated {
                " class=\"deprecated\""
            } else {
                ""
            },
            esc(name)
        );
    }
}

/// A letter with at most this many schema pages lists them all in the sidebar.
const PAGES_LISTED_IN_FULL: usize = 7;

/// What the link in place of unlisted pages says to a reader who hovers or
/// cannot see it.
const GAP_TITLE: &str = "More pages: the overview lists them all";

/// How many pages on each side of the open schema page its letter lists.
const PAGES_NEAR_OPEN: usize = 2;

/// Whether the split layout's sidebar lists schema page `sp` (the `i`th),
/// given the open schema page and its index, if a schema page is open.
fn listed(sp: &super::SchemaPage, i: usize, open: Option<(&super::SchemaPage, usize)>) -> bool {
    if sp.parts <= PAGES_LISTED_IN_FULL || sp.part == 0 || sp.part + 1 == sp.parts {
        return true;
    }
    // The open page is in the same letter when both count back to the same first page.
    open.is_some_and(|(o, c)| {
        c - o.part == i - sp.part && sp.part.abs_diff(o.part) <= PAGES_NEAR_OPEN
    })
}
