//! The self-contained HTML API reference: one page with its styles and script
//! inline, nothing fetched from the network, so it works opened from `file://`.
//!
//! Operations are grouped by tag, schemas follow; every operation has the
//! anchor `#op-<operationId>` and every schema `#schema-<Name>` (characters
//! outside `A-Za-z0-9-_.` become `_`, and a clash gets `-2`, `-3` …). All text
//! from the spec is escaped; descriptions go through [`markdown::render`],
//! which keeps raw HTML through an allow-list sanitiser. The output depends only on the IR and the
//! title: no clock, no paths, no hash order.

pub(crate) mod curl;
mod layout;
mod markdown;
mod nav;
mod operation;
mod overview;
mod schema;
mod search;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_json::Value;

use crate::diag::Diagnostic;
pub use crate::emit::client::snippets::Packages;
use crate::emit::client::snippets::Snippets;
use crate::emit::templates::Renderer;
use crate::ir::{Api, Docs, Operation};
use crate::vectors::Sampler;
pub use layout::Anchors;
use layout::{ElementIds, Files};

/// How the reference is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One self-contained `index.html`.
    Single,
    /// `index.html` (the overview) plus one page per tag (untagged operations
    /// grouped by their path) and per run of schemas, with a shared
    /// `search-index.js` that the search box loads on first use.
    Split,
    /// [`Layout::Single`] while that page stays under [`SPLIT_THRESHOLD`]
    /// bytes, else [`Layout::Split`].
    Auto,
}

impl Layout {
    /// The `layout` option's value: `single`, `split` or `auto`.
    pub fn parse(value: &str) -> Option<Layout> {
        match value {
            "single" => Some(Layout::Single),
            "split" => Some(Layout::Split),
            "auto" => Some(Layout::Auto),
            _ => None,
        }
    }
}

/// The template of every file of the reference.
const PAGE_TEMPLATE: &str = "docs/page.html.jinja";

/// Above this size (bytes) the one-page reference takes more than about a
/// second to show its first screen in Chromium, so [`Layout::Auto`] splits it.
pub const SPLIT_THRESHOLD: usize = 1_000_000;

/// The reference page for `api`, titled `title`: a complete HTML document,
/// laid out by the `docs` templates of `templates`.
///
/// Each operation shows its request in `curl` and, with `sdks`, as a call
/// through each generated client (the default package names here).
pub fn reference_html(
    api: &Api,
    title: &str,
    templates: &Renderer,
) -> Result<String, Vec<Diagnostic>> {
    reference_html_with(api, title, templates, Some(&default_packages(api)))
}

/// [`reference_html`] with the SDK packages named as configured; `None`
/// shows only the `curl` requests.
pub fn reference_html_with(
    api: &Api,
    title: &str,
    templates: &Renderer,
    sdks: Option<&Packages>,
) -> Result<String, Vec<Diagnostic>> {
    let snippets = sdks.map(|p| Snippets::new(api, p.clone()));
    let page = Page::new(api, false, snippets.as_ref());
    page.render_file(0, title, templates)
}

/// The package names the SDK targets use without options.
pub fn default_packages(api: &Api) -> Packages {
    Packages::new(&api.title, &|_| Default::default())
}

/// The reference as files (path, text) for `layout`: `index.html` first.
pub fn reference_site(
    api: &Api,
    title: &str,
    layout: Layout,
    templates: &Renderer,
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    reference_site_with(api, title, layout, templates, Some(&default_packages(api)))
}

/// [`reference_site`] with the SDK packages named as configured; `None`
/// shows only the `curl` requests.
pub fn reference_site_with(
    api: &Api,
    title: &str,
    layout: Layout,
    templates: &Renderer,
    sdks: Option<&Packages>,
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let snippets = sdks.map(|p| Snippets::new(api, p.clone()));
    let snippets = snippets.as_ref();
    let (split, markdown) = match layout {
        Layout::Single => (false, HashMap::new()),
        Layout::Split => (true, HashMap::new()),
        Layout::Auto => {
            let one = Page::new(api, false, snippets);
            if let Some(text) = one.render_single_within(title, templates, SPLIT_THRESHOLD)? {
                return Ok(vec![("index.html".to_string(), text)]);
            }
            // What the one page computed that does not depend on the layout.
            let markdown = one
                .markdown
                .into_inner()
                .into_iter()
                .filter(|(_, (file, _))| file.is_none())
                .collect();
            (true, markdown)
        }
    };
    let page = Page::new(api, split, snippets);
    page.markdown.replace(markdown.clone());
    let names = page.files.clone();
    let search = split.then(|| page.search_index());
    // The files render on every core. A page's state is caches and the file
    // being written, so each worker has a page of its own: the first takes
    // this one, the others make theirs.
    let first = std::sync::Mutex::new(Some(page));
    let indices: Vec<usize> = (0..names.len()).collect();
    let rendered = crate::parallel::in_parallel_with(
        &indices,
        || {
            let mine = first.lock().ok().and_then(|mut p| p.take());
            mine.unwrap_or_else(|| {
                let page = Page::new(api, split, snippets);
                page.markdown.replace(markdown.clone());
                page
            })
        },
        |page, &i| page.render_file(i, title, templates),
    );
    let mut files = Vec::with_capacity(names.len() + 1);
    for (name, text) in names.into_iter().zip(rendered) {
        files.push((name, text?));
    }
    if let Some(index) = search {
        files.push(("search-index.js".to_string(), index));
    }
    Ok(files)
}

/// Operations under one tag (or under none).
struct Group<'a> {
    name: String,
    id: String,
    docs: Option<&'a str>,
    /// Operations whose first tag this is: rendered here.
    primary: Vec<&'a Operation>,
    /// Operations that also carry this tag: linked from here.
    also: Vec<&'a Operation>,
}

/// A page of schemas in the split layout.
struct SchemaPage<'a> {
    /// The section's element id; the file is `<id>.html`.
    id: String,
    /// What the sidebar shows: the first letter, and the part when a letter
    /// needs several pages.
    label: String,
    /// Which of its letter's pages this is (from 0), and how many it has.
    part: usize,
    parts: usize,
    names: Vec<&'a str>,
}

struct Page<'a> {
    api: &'a Api,
    groups: Vec<Group<'a>>,
    /// Element id of each operation, by its index in `api.operations` (two
    /// operations may share an operationId in a spec that lints dirty).
    ops: Vec<String>,
    /// IR type name → element id.
    schemas: BTreeMap<&'a str, String>,
    /// security scheme name → element id.
    security: BTreeMap<&'a str, String>,
    /// Every element id on the page.
    ids: rustc_hash::FxHashSet<String>,
    /// The files of the reference: `index.html` first; in the split layout
    /// then one per group, then one per schema page.
    files: Vec<String>,
    /// Split layout: the file (index into `files`) each element id lives in.
    /// Empty for one page.
    home: rustc_hash::FxHashMap<String, usize>,
    /// Split layout: the schema pages, in order.
    schema_pages: Vec<SchemaPage<'a>>,
    /// The file being written: links to ids in another file name that file.
    current: Cell<usize>,
    /// Values for requests whose spec gives no example.
    sampler: Sampler<'a>,
    /// The calls through the generated clients, when the page shows them.
    snippets: Option<&'a Snippets<'a>>,
    /// Descriptions rendered so far: Markdown source → (the file it was
    /// rendered for when it links into the page, else `None`, and the HTML).
    /// Real specs repeat descriptions (a common parameter's) many times.
    markdown: RefCell<HashMap<String, (Option<usize>, String)>>,
    /// Split layout: each schema page's sidebar entry as every other file
    /// shows it, made once (every file lists every schema page).
    nav_pages: std::cell::OnceCell<Vec<String>>,
}

impl<'a> Page<'a> {
    fn new(api: &'a Api, split: bool, snippets: Option<&'a Snippets<'a>>) -> Self {
        let mut ids = ElementIds::new();
        let ops: Vec<String> = api
            .operations
            .iter()
            .map(|op| ids.claim("op-", &op.id))
            .collect();
        let mut schemas = BTreeMap::new();
        for name in api.types.keys() {
            schemas.insert(name.as_str(), ids.claim("schema-", name));
        }
        let mut security = BTreeMap::new();
        for name in api.security_schemes.keys() {
            security.insert(name.as_str(), ids.claim("security-", name));
        }
        let groups = layout::groups(api, split, &mut ids);
        let files = if split {
            layout::split_files(api, &groups, &ops, &schemas, &security, &mut ids)
        } else {
            Files::single()
        };
        Page {
            api,
            groups,
            ops,
            schemas,
            security,
            ids: ids.into_set(),
            files: files.names,
            home: files.home,
            schema_pages: files.schema_pages,
            current: Cell::new(0),
            sampler: Sampler::new(api),
            snippets,
            markdown: RefCell::new(HashMap::new()),
            nav_pages: std::cell::OnceCell::new(),
        }
    }

    /// The element id of what a JSON pointer of the spec names.
    fn pointer_id(&self, pointer: &str, exact: bool) -> Option<String> {
        let parts: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|p| crate::diag::unescape_segment(p).into_owned())
            .collect();
        match parts.as_slice() {
            [c, s, name, ..] if c == "components" && s == "schemas" => {
                self.schemas.get(name.as_str()).cloned()
            }
            [c, s, name, ..] if c == "components" && s == "securitySchemes" => {
                self.security.get(name.as_str()).cloned()
            }
            [p, path, rest @ ..] if p == "paths" => {
                let ops = &self.api.operations;
                let method = rest.first().map(String::as_str);
                let same = ops
                    .iter()
                    .position(|op| op.path == *path && method == Some(op.method.as_str()));
                let index = if exact {
                    same?
                } else {
                    same.or_else(|| ops.iter().position(|op| op.path == *path))?
                };
                Some(self.ops[index].clone())
            }
            _ => None,
        }
    }

    /// File `index` of the reference (0 is `index.html`, the only one when
    /// the reference is one page), through `docs/page.html.jinja`.
    fn render_file(
        &self,
        index: usize,
        title: &str,
        templates: &Renderer,
    ) -> Result<String, Vec<Diagnostic>> {
        let text = self.render_file_within(index, title, templates, usize::MAX)?;
        Ok(text.unwrap_or_default())
    }

    /// The one-page reference, or `None` when it is longer than `limit`
    /// bytes. With the built-in page template, which writes the content as
    /// it is, the page is known to be too long as soon as its content is,
    /// and the rest is not rendered.
    fn render_single_within(
        &self,
        title: &str,
        templates: &Renderer,
        limit: usize,
    ) -> Result<Option<String>, Vec<Diagnostic>> {
        let content_limit = if templates.is_builtin(PAGE_TEMPLATE) {
            limit
        } else {
            usize::MAX
        };
        let text = self.render_file_within(0, title, templates, content_limit)?;
        Ok(text.filter(|t| t.len() <= limit))
    }

    /// [`Page::render_file`], or `None` as soon as the content of the
    /// one-page reference is longer than `content_limit` bytes.
    fn render_file_within(
        &self,
        index: usize,
        title: &str,
        templates: &Renderer,
        content_limit: usize,
    ) -> Result<Option<String>, Vec<Diagnostic>> {
        self.current.set(index);
        let split = self.split();
        let mut nav = String::with_capacity(16 * 1024);
        self.nav(&mut nav);
        let mut out = String::with_capacity(64 * 1024);
        let groups = 1..1 + self.groups.len();
        if index == 0 {
            self.overview(&mut out, title);
            if !split {
                for group in &self.groups {
                    self.tag_section(&mut out, group);
                    if out.len() > content_limit {
                        return Ok(None);
                    }
                }
                if !self.schemas(&mut out, content_limit) {
                    return Ok(None);
                }
            } else {
                self.contents(&mut out);
            }
        } else if groups.contains(&index) {
            self.tag_section(&mut out, &self.groups[index - 1]);
        } else if let Some(sp) = self.schema_pages.get(index - 1 - self.groups.len()) {
            self.schema_page(&mut out, sp, index == 1 + self.groups.len());
        }
        templates
            .render(
                PAGE_TEMPLATE,
                minijinja::context! {
                    title => esc(title),
                    page_title => if index == 0 { String::new() } else { self.file_title(index) },
                    version => esc(&self.api.version),
                    home => self.href("overview"),
                    split => split,
                    // The sample tabs' script and style, on pages with samples.
                    samples => out.contains("<div class=\"samples\">"),
                    nav => nav,
                    content => out,
                },
            )
            .map(Some)
    }

    /// The title of a split page (escaped).
    fn file_title(&self, index: usize) -> String {
        if let Some(group) = self.groups.get(index.wrapping_sub(1)) {
            return esc(&group.name);
        }
        match self.schema_pages.get(index - 1 - self.groups.len()) {
            Some(sp) => format!("Schemas {}", esc(&sp.label)),
            None => String::new(),
        }
    }

    /// Split layout, on the overview page: every group and schema page.
    fn contents(&self, out: &mut String) {
        out.push_str(
            "<section class=\"contents\">\n<h2 class=\"sub\">Operations</h2>\n<ul class=\"toc\">\n",
        );
        for group in &self.groups {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\">{}</a> <span class=\"count\">{}</span></li>",
                self.href(&group.id),
                esc(&group.name),
                group.primary.len() + group.also.len()
            );
        }
        out.push_str("</ul>\n");
        if !self.schema_pages.is_empty() {
            out.push_str("<h2 class=\"sub\">Schemas</h2>\n<ul class=\"toc\">\n");
            for sp in &self.schema_pages {
                let _ = writeln!(
                    out,
                    "<li><a href=\"{}\">{}</a> <span class=\"count\">{} – {}</span></li>",
                    self.href(&sp.id),
                    esc(&sp.label),
                    esc(sp.names.first().copied().unwrap_or_default()),
                    esc(sp.names.last().copied().unwrap_or_default())
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }

    /// Split layout: one page of schemas.
    fn schema_page(&self, out: &mut String, sp: &SchemaPage, first: bool) {
        let _ = writeln!(
            out,
            "<section id=\"{}\" class=\"tag\" data-group>\n<h2>Schemas {}</h2>",
            if first { "schemas" } else { &sp.id },
            esc(&sp.label)
        );
        if first {
            let _ = writeln!(out, "<span id=\"{}\"></span>", sp.id);
        }
        for name in &sp.names {
            self.schema(out, name, &self.api.types[*name]);
        }
        out.push_str("</section>\n");
    }

    /// A Markdown link's fragment to an element id: an id on the page, or a
    /// Redoc-style `operation/<id>`, `tag/<name>` or `schemas/<Name>`.
    fn resolve(&self, fragment: &str) -> Option<String> {
        if self.ids.contains(fragment) {
            return Some(fragment.to_string());
        }
        if let Some(id) = fragment.strip_prefix("operation/") {
            let index = self.api.operations.iter().position(|op| op.id == id)?;
            return Some(self.ops[index].clone());
        }
        if let Some(name) = fragment.strip_prefix("tag/") {
            return self
                .groups
                .iter()
                .find(|g| g.name == name)
                .map(|g| g.id.clone());
        }
        let name = fragment
            .strip_prefix("/components/schemas/")
            .or_else(|| fragment.strip_prefix("schemas/"))
            .or_else(|| fragment.strip_prefix("schema/"))?;
        self.schemas.get(name).cloned()
    }

    /// The element id of an operation of this API (every operation a page
    /// shows is one of its API's, so the empty id is never used).
    fn op_anchor(&self, op: &Operation) -> &str {
        let index = self.api.operations.iter().position(|o| std::ptr::eq(o, op));
        index
            .and_then(|i| self.ops.get(i))
            .map_or("", String::as_str)
    }

    /// The description (as Markdown), else the title, as a block.
    fn docs(&self, out: &mut String, docs: &Docs) {
        if let Some(d) = docs.description.as_deref().filter(|d| !d.trim().is_empty()) {
            out.push_str("<div class=\"md\">");
            out.push_str(&self.markdown(d));
            out.push_str("</div>\n");
        } else if let Some(t) = docs.title.as_deref() {
            let _ = writeln!(out, "<p class=\"md\">{}</p>", esc(t));
        }
    }
}

fn method_badge(op: &Operation) -> String {
    format!(
        "<span class=\"method m-{}\">{}</span>",
        op.method.as_str(),
        op.method.as_str().to_uppercase()
    )
}

fn required_cell(required: bool) -> &'static str {
    if required {
        "<span class=\"badge required\">required</span>"
    } else {
        "<span class=\"optional\">optional</span>"
    }
}

fn example_block(out: &mut String, example: &Value) {
    let text = serde_json::to_string_pretty(example).unwrap_or_else(|_| example.to_string());
    let _ = writeln!(out,
        "<div class=\"example\"><span class=\"label\">Example</span><pre><code>{}</code></pre></div>",
        esc(&text)
    );
}

fn join_code<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items
        .map(|s| format!("<code>{}</code>", esc(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Escaped element content with `<wbr>` where a long name may wrap on a
/// narrow screen: before each `/` and `{` of a path (not the first), after
/// `_` and `.`, and where a camelCase word starts a capital. The browser
/// breaks there only when the name does not fit the line.
pub(super) fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let split_before = match (prev, c) {
            (None, _) => false,
            (Some(p), '/' | '{') => p != '/' && p != '{' && p != ' ',
            (Some(p), c) if c.is_uppercase() => p.is_lowercase() || p.is_ascii_digit(),
            (Some('_' | '.'), c) => c.is_alphanumeric(),
            _ => false,
        };
        if split_before {
            out.push_str("<wbr>");
        }
        match entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A name as the characters of an element id: `A-Za-z0-9-_.` kept, anything
/// else `_` (the reference's anchors and the release notes' version ids).
pub(super) fn id_chars(name: &str) -> String {
    let kept = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if name.is_ascii() {
        let bytes = name
            .bytes()
            .map(|b| if kept(b) { b } else { b'_' })
            .collect();
        // ASCII in, ASCII out.
        return String::from_utf8(bytes).unwrap_or_default();
    }
    name.chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if kept(b) => c,
            _ => '_',
        })
        .collect()
}

/// Escapes text for HTML element content and quoted attribute values. The
/// characters that need an entity are all ASCII, so a byte search finds
/// them, and the text between them is copied a run at a time.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b as char) {
            out.push_str(&text[start..i]);
            out.push_str(e);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
    out
}

/// The entity [`esc`] writes for `c`, if any.
fn entity(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
