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
mod markdown;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::diag::Diagnostic;
pub use crate::emit::client::snippets::Packages;
use crate::emit::client::snippets::Snippets;
use crate::emit::templates::Renderer;
use crate::ir::{
    Additional, Api, Docs, EnumRepr, Field, Header, IntFormat, MediaType, NamedType, NumberFormat,
    Operation, ParamLocation, Parameter, Primitive, SecurityRequirement, SecurityScheme,
    StringFormat, TypeKind, TypeOrigin, TypeRef, UnionKind,
};
use crate::vectors::Sampler;

/// Enum values listed next to a field or parameter of that enum type; the
/// schema itself lists them all.
const ENUM_HINT_LIMIT: usize = 12;

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

/// Above this size (bytes) the one-page reference takes more than about a
/// second to show its first screen in Chromium, so [`Layout::Auto`] splits it.
pub const SPLIT_THRESHOLD: usize = 1_000_000;

/// Schemas per page of the split layout.
const SCHEMAS_PER_PAGE: usize = 40;

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
    let page = Page::new(api, false, sdks);
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
    let split = match layout {
        Layout::Single => false,
        Layout::Split => true,
        Layout::Auto => {
            let one = reference_html_with(api, title, templates, sdks)?;
            if one.len() <= SPLIT_THRESHOLD {
                return Ok(vec![("index.html".to_string(), one)]);
            }
            true
        }
    };
    let page = Page::new(api, split, sdks);
    let mut files = Vec::with_capacity(page.files.len() + 1);
    for i in 0..page.files.len() {
        files.push((
            page.files[i].clone(),
            page.render_file(i, title, templates)?,
        ));
    }
    if split {
        files.push(("search-index.js".to_string(), page.search_index()));
    }
    Ok(files)
}

/// Where the reference shows what a JSON pointer of the spec names, as an
/// `href` from the reference's folder (`index.html#op-x`, or the page of a
/// split reference): for the changelog's links.
pub struct Anchors<'a> {
    page: Page<'a>,
}

impl<'a> Anchors<'a> {
    /// `split`: whether the reference was written split into pages.
    pub fn new(api: &'a Api, split: bool) -> Self {
        Anchors {
            page: Page::new(api, split, None),
        }
    }

    /// The entry of an operation (`/paths/<path>/<method>…`), a schema
    /// (`/components/schemas/<Name>…`) or a security scheme; `None` for
    /// anything else.
    pub fn href(&self, pointer: &str) -> Option<String> {
        self.link(pointer, false)
    }

    /// Like [`Anchors::href`], for a pointer into another version of the
    /// spec: a path links only to an operation with the same path and
    /// method (not to another operation on the path), a schema only when
    /// one of that name is in the reference.
    pub fn href_exact(&self, pointer: &str) -> Option<String> {
        self.link(pointer, true)
    }

    fn link(&self, pointer: &str, exact: bool) -> Option<String> {
        let id = self.page.pointer_id(pointer, exact)?;
        self.page.current.set(usize::MAX);
        let href = self.page.href(&id);
        Some(if href.starts_with('#') {
            format!("index.html{href}")
        } else {
            href
        })
    }
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
    ids: BTreeSet<String>,
    /// The files of the reference: `index.html` first; in the split layout
    /// then one per group, then one per schema page.
    files: Vec<String>,
    /// Split layout: the file (index into `files`) each element id lives in.
    /// Empty for one page.
    home: HashMap<String, usize>,
    /// Split layout: the schema pages, in order.
    schema_pages: Vec<SchemaPage<'a>>,
    /// The file being written: links to ids in another file name that file.
    current: Cell<usize>,
    /// Values for requests whose spec gives no example.
    sampler: Sampler<'a>,
    /// The calls through the generated clients, when the page shows them.
    snippets: Option<Snippets<'a>>,
}

/// Ids the page's frame uses; generated ids always carry a prefix with a `-`.
const FIXED_IDS: [&str; 7] = [
    "overview",
    "schemas",
    "search",
    "search-status",
    "nav",
    "content",
    "no-results",
];

impl<'a> Page<'a> {
    fn new(api: &'a Api, split: bool, sdks: Option<&Packages>) -> Self {
        let mut ids: BTreeSet<String> = FIXED_IDS.iter().map(|s| s.to_string()).collect();
        let mut claim = |prefix: &str, name: &str| -> String {
            let base = format!("{prefix}{}", id_token(name));
            let mut id = base.clone();
            let mut n = 2;
            while !ids.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        };

        let ops: Vec<String> = api
            .operations
            .iter()
            .map(|op| claim("op-", &op.id))
            .collect();
        let mut schemas = BTreeMap::new();
        for name in api.types.keys() {
            schemas.insert(name.as_str(), claim("schema-", name));
        }
        let mut security = BTreeMap::new();
        for name in api.security_schemes.keys() {
            security.insert(name.as_str(), claim("security-", name));
        }

        // Declared tags first, in spec order, then tags only operations name,
        // in order of first use, then the untagged operations.
        let mut names: Vec<(String, Option<&'a str>)> = api
            .tags
            .iter()
            .map(|t| (t.name.clone(), t.description.as_deref()))
            .collect();
        for op in &api.operations {
            for tag in &op.tags {
                if !names.iter().any(|(n, _)| n == tag) {
                    names.push((tag.clone(), None));
                }
            }
        }
        let mut groups: Vec<Group<'a>> = Vec::new();
        for (name, docs) in names {
            let primary: Vec<_> = api
                .operations
                .iter()
                .filter(|op| op.tags.first() == Some(&name))
                .collect();
            let also: Vec<_> = api
                .operations
                .iter()
                .filter(|op| op.tags.first() != Some(&name) && op.tags.contains(&name))
                .collect();
            if primary.is_empty() && also.is_empty() {
                continue;
            }
            let id = claim("tag-", &name);
            groups.push(Group {
                name,
                id,
                docs,
                primary,
                also,
            });
        }
        let untagged: Vec<_> = api
            .operations
            .iter()
            .filter(|op| op.tags.is_empty())
            .collect();
        if !untagged.is_empty() && !split {
            let id = claim("tag-", "untagged");
            groups.push(Group {
                name: "Other operations".to_string(),
                id,
                docs: None,
                primary: untagged,
                also: Vec::new(),
            });
        } else if !untagged.is_empty() {
            // One page of hundreds of untagged operations would be as slow as
            // the single page: group them by the resource their path names.
            let mut by_prefix: Vec<(String, Vec<&'a Operation>)> = Vec::new();
            for op in untagged {
                let prefix = path_prefix(&op.path);
                match by_prefix.iter_mut().find(|(p, _)| *p == prefix) {
                    Some((_, ops)) => ops.push(op),
                    None => by_prefix.push((prefix, vec![op])),
                }
            }
            for (prefix, primary) in by_prefix {
                let id = claim("tag-", &prefix);
                groups.push(Group {
                    name: prefix,
                    id,
                    docs: None,
                    primary,
                    also: Vec::new(),
                });
            }
        }

        let mut files = vec!["index.html".to_string()];
        let mut home = HashMap::new();
        let mut schema_pages: Vec<SchemaPage<'a>> = Vec::new();
        if split {
            for id in FIXED_IDS.iter().chain(&["overview"]) {
                home.insert(id.to_string(), 0);
            }
            for id in security.values() {
                home.insert(id.clone(), 0);
            }
            for group in &groups {
                let file = files.len();
                files.push(format!("{}.html", group.id));
                home.insert(group.id.clone(), file);
                for op in &group.primary {
                    let index = api.operations.iter().position(|o| std::ptr::eq(o, *op));
                    if let Some(anchor) = index.and_then(|i| ops.get(i)) {
                        home.insert(anchor.clone(), file);
                    }
                }
            }
            let mut letters: Vec<(String, Vec<&'a str>)> = Vec::new();
            for name in api.types.keys() {
                let letter = name
                    .chars()
                    .next()
                    .filter(char::is_ascii_alphabetic)
                    .map(|c| c.to_ascii_lowercase().to_string())
                    .unwrap_or_else(|| "other".to_string());
                match letters.last_mut() {
                    Some((l, names)) if *l == letter => names.push(name),
                    _ => letters.push((letter, vec![name])),
                }
            }
            for (letter, names) in letters {
                let parts = names.len().div_ceil(SCHEMAS_PER_PAGE);
                for (n, chunk) in names.chunks(SCHEMAS_PER_PAGE).enumerate() {
                    let stem = if n == 0 {
                        format!("schemas-{letter}")
                    } else {
                        format!("schemas-{letter}-{}", n + 1)
                    };
                    let id = claim("", &stem);
                    let shown = if letter == "other" {
                        "Other".to_string()
                    } else {
                        letter.to_uppercase()
                    };
                    let label = if parts > 1 {
                        format!("{shown} ({}/{parts})", n + 1)
                    } else {
                        shown
                    };
                    let file = files.len();
                    files.push(format!("{id}.html"));
                    home.insert(id.clone(), file);
                    if schema_pages.is_empty() {
                        home.insert("schemas".to_string(), file);
                    }
                    for name in chunk {
                        home.insert(schemas[name].clone(), file);
                    }
                    schema_pages.push(SchemaPage {
                        id,
                        label,
                        names: chunk.to_vec(),
                    });
                }
            }
        }

        Page {
            api,
            groups,
            ops,
            schemas,
            security,
            ids,
            files,
            home,
            schema_pages,
            current: Cell::new(0),
            sampler: Sampler::new(api),
            snippets: sdks.map(|p| Snippets::new(api, p.clone())),
        }
    }

    /// The element id of what a JSON pointer of the spec names.
    fn pointer_id(&self, pointer: &str, exact: bool) -> Option<String> {
        let parts: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|p| p.replace("~1", "/").replace("~0", "~"))
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

    fn split(&self) -> bool {
        !self.home.is_empty()
    }

    /// The `href` of an element id from the file being written.
    fn href(&self, id: &str) -> String {
        match self.home.get(id) {
            Some(&file) if file != self.current.get() => format!("{}#{id}", self.files[file]),
            _ => format!("#{id}"),
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
                }
                self.schemas(&mut out);
            } else {
                self.contents(&mut out);
            }
        } else if groups.contains(&index) {
            self.tag_section(&mut out, &self.groups[index - 1]);
        } else if let Some(sp) = self.schema_pages.get(index - 1 - self.groups.len()) {
            self.schema_page(&mut out, sp, index == 1 + self.groups.len());
        }
        templates.render(
            "docs/page.html.jinja",
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
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a> <span class=\"count\">{}</span></li>\n",
                self.href(&group.id),
                esc(&group.name),
                group.primary.len() + group.also.len()
            ));
        }
        out.push_str("</ul>\n");
        if !self.schema_pages.is_empty() {
            out.push_str("<h2 class=\"sub\">Schemas</h2>\n<ul class=\"toc\">\n");
            for sp in &self.schema_pages {
                out.push_str(&format!(
                    "<li><a href=\"{}\">{}</a> <span class=\"count\">{} – {}</span></li>\n",
                    self.href(&sp.id),
                    esc(&sp.label),
                    esc(sp.names.first().copied().unwrap_or_default()),
                    esc(sp.names.last().copied().unwrap_or_default())
                ));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }

    /// Split layout: one page of schemas.
    fn schema_page(&self, out: &mut String, sp: &SchemaPage, first: bool) {
        out.push_str(&format!(
            "<section id=\"{}\" class=\"tag\" data-group>\n<h2>Schemas {}</h2>\n",
            if first { "schemas" } else { &sp.id },
            esc(&sp.label)
        ));
        if first {
            out.push_str(&format!("<span id=\"{}\"></span>\n", sp.id));
        }
        for name in &sp.names {
            self.schema(out, name, &self.api.types[*name]);
        }
        out.push_str("</section>\n");
    }

    /// Split layout: `search-index.js`, what the search box looks through:
    /// `[text, href, method, label, detail]` per operation and schema.
    fn search_index(&self) -> String {
        self.current.set(usize::MAX);
        let mut entries: Vec<Value> = Vec::new();
        for (i, op) in self.api.operations.iter().enumerate() {
            entries.push(Value::from(vec![
                Value::from(op_search_text(op)),
                Value::from(self.href(&self.ops[i])),
                Value::from(op.method.as_str().to_uppercase()),
                Value::from(op.summary.as_deref().unwrap_or(&op.id)),
                Value::from(op.path.as_str()),
            ]));
        }
        for (name, ty) in &self.api.types {
            entries.push(Value::from(vec![
                Value::from(schema_search_text(name, ty)),
                Value::from(self.href(&self.schemas[name.as_str()])),
                Value::from(""),
                Value::from(name.as_str()),
                Value::from(schema_kind(ty)),
            ]));
        }
        let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
        format!("window.SPECSMITH_SEARCH_INDEX = {json};\n")
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

    fn markdown(&self, text: &str) -> String {
        markdown::render(text, &|f| self.resolve(f).map(|id| self.href(&id)))
    }

    /// The description (as Markdown), else the title, as a block.
    fn docs(&self, out: &mut String, docs: &Docs) {
        if let Some(d) = docs.description.as_deref().filter(|d| !d.trim().is_empty()) {
            out.push_str("<div class=\"md\">");
            out.push_str(&self.markdown(d));
            out.push_str("</div>\n");
        } else if let Some(t) = docs.title.as_deref() {
            out.push_str(&format!("<p class=\"md\">{}</p>\n", esc(t)));
        }
    }

    // ------------------------------------------------------------ sidebar

    fn nav(&self, out: &mut String) {
        let split = self.split();
        let current = self.current.get();
        out.push_str("<nav id=\"nav\" class=\"sidebar\" aria-label=\"Contents\">\n");
        out.push_str(&format!(
            "<a class=\"nav-top\" href=\"{}\">Overview</a>\n",
            self.href("overview")
        ));
        for (g, group) in self.groups.iter().enumerate() {
            out.push_str(&format!(
                "<div class=\"nav-group\">\n<a class=\"nav-tag\" href=\"{}\">{}</a>\n",
                self.href(&group.id),
                esc(&group.name)
            ));
            // Split: only the open page's operations are listed.
            if split && current != g + 1 {
                out.push_str("</div>\n");
                continue;
            }
            out.push_str("<ul>\n");
            for op in group.primary.iter().chain(&group.also) {
                let id = self.op_anchor(op);
                out.push_str(&format!(
                    "<li data-target=\"{id}\"><a href=\"{}\"{}>{} <span class=\"nav-label\">{}</span></a></li>\n",
                    self.href(id),
                    if op.deprecated { " class=\"deprecated\"" } else { "" },
                    method_badge(op),
                    esc(op.summary.as_deref().unwrap_or(&op.id))
                ));
            }
            out.push_str("</ul>\n</div>\n");
        }
        if !self.api.types.is_empty() {
            out.push_str(&format!(
                "<div class=\"nav-group\">\n<a class=\"nav-tag\" href=\"{}\">Schemas</a>\n<ul>\n",
                self.href("schemas")
            ));
            if split {
                let first = 1 + self.groups.len();
                for (i, sp) in self.schema_pages.iter().enumerate() {
                    out.push_str(&format!(
                        "<li class=\"nav-page\"><a href=\"{}\">{}</a>",
                        self.href(&sp.id),
                        esc(&sp.label)
                    ));
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
        out.push_str(&format!(
            "<li data-target=\"{id}\"><a href=\"{}\"{}><span class=\"nav-label\">{}</span></a></li>\n",
            self.href(id),
            if ty.deprecated {
                " class=\"deprecated\""
            } else {
                ""
            },
            esc(name)
        ));
    }

    // ------------------------------------------------------------ overview

    fn overview(&self, out: &mut String, title: &str) {
        let api = self.api;
        out.push_str("<section id=\"overview\" class=\"overview\">\n");
        out.push_str(&format!("<h1>{}</h1>\n", esc(title)));
        out.push_str(&format!(
            "<p class=\"meta\">Version <code>{}</code> · OpenAPI <code>{}</code>",
            esc(&api.version),
            esc(&api.openapi)
        ));
        if api.title != title {
            out.push_str(&format!(" · {}", esc(&api.title)));
        }
        out.push_str("</p>\n");
        if let Some(d) = &api.description {
            out.push_str(&format!("<div class=\"md\">{}</div>\n", self.markdown(d)));
        }
        if !api.servers.is_empty() {
            out.push_str("<h2 class=\"sub\">Servers</h2>\n<ul class=\"servers\">\n");
            for server in &api.servers {
                out.push_str(&format!("<li><code>{}</code>", esc(&server.url)));
                if let Some(d) = &server.description {
                    out.push_str(&format!(" {}", esc(d)));
                }
                if !server.variables.is_empty() {
                    out.push_str("<ul>");
                    for (name, var) in &server.variables {
                        out.push_str(&format!(
                            "<li><code>{{{}}}</code> default <code>{}</code>",
                            esc(name),
                            esc(&var.default)
                        ));
                        if !var.values.is_empty() {
                            out.push_str(&format!(
                                ", one of {}",
                                join_code(var.values.iter().map(String::as_str))
                            ));
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
                out.push_str(&format!(
                    "<dt id=\"{}\"><code>{}</code></dt><dd>{}</dd>\n",
                    self.security[name.as_str()],
                    esc(name),
                    scheme_text(scheme)
                ));
            }
            out.push_str("</dl>\n");
            if !api.security.is_empty() {
                out.push_str(&format!(
                    "<p>Unless an operation says otherwise: {}</p>\n",
                    self.requirements(&api.security)
                ));
            }
        }
        out.push_str("</section>\n");
    }

    /// Alternatives joined by "or"; an empty alternative means no authentication.
    fn requirements(&self, reqs: &[SecurityRequirement]) -> String {
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

    // ------------------------------------------------------------ operations

    fn tag_section(&self, out: &mut String, group: &Group) {
        out.push_str(&format!(
            "<section class=\"tag\" id=\"{}\" data-group>\n<h2>{}</h2>\n",
            group.id,
            breakable(&group.name)
        ));
        if let Some(d) = group.docs {
            out.push_str(&format!("<div class=\"md\">{}</div>\n", self.markdown(d)));
        }
        for op in &group.primary {
            self.operation(out, op);
        }
        if !group.also.is_empty() {
            out.push_str("<p class=\"also\">Also tagged here: ");
            let links: Vec<String> = group
                .also
                .iter()
                .map(|op| {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        self.href(self.op_anchor(op)),
                        esc(op.summary.as_deref().unwrap_or(&op.id))
                    )
                })
                .collect();
            out.push_str(&links.join(", "));
            out.push_str("</p>\n");
        }
        out.push_str("</section>\n");
    }

    fn operation(&self, out: &mut String, op: &Operation) {
        let id = self.op_anchor(op);
        let search = op_search_text(op);
        out.push_str(&format!(
            "<article class=\"op{}\" id=\"{id}\" data-search=\"{}\">\n",
            if op.deprecated { " deprecated" } else { "" },
            esc(&search)
        ));
        out.push_str(&format!(
            "<h3><a class=\"anchor\" href=\"#{id}\">{}</a>{}</h3>\n",
            breakable(op.summary.as_deref().unwrap_or(&op.id)),
            if op.deprecated {
                " <span class=\"badge deprecated\">deprecated</span>"
            } else {
                ""
            }
        ));
        out.push_str(&format!(
            "<p class=\"endpoint\">{} <code class=\"path\">{}</code></p>\n",
            method_badge(op),
            breakable(&op.path)
        ));
        out.push_str(&format!(
            "<p class=\"meta\">operationId <code>{}</code>",
            breakable(&op.id)
        ));
        if op.tags.len() > 1 {
            out.push_str(&format!(
                " · tags {}",
                join_code(op.tags.iter().map(String::as_str))
            ));
        }
        let security = op.effective_security(self.api);
        if !security.is_empty() || op.security.is_some() {
            out.push_str(&format!(
                " · authentication {}",
                self.requirements(security)
            ));
        }
        out.push_str("</p>\n");
        self.docs(out, &op.docs);
        self.request_samples(out, op);

        if !op.parameters.is_empty() {
            out.push_str("<h4>Parameters</h4>\n");
            self.parameters(out, &op.parameters);
        }
        if let Some(body) = &op.request_body {
            out.push_str(&format!(
                "<h4>Request body {}</h4>\n",
                if body.required {
                    "<span class=\"badge required\">required</span>"
                } else {
                    "<span class=\"badge\">optional</span>"
                }
            ));
            self.docs(out, &body.docs);
            for media in &body.content {
                self.media(out, media, true);
            }
        }
        if !op.responses.is_empty() {
            out.push_str("<h4>Responses</h4>\n");
            for response in &op.responses {
                out.push_str(&format!(
                    "<div class=\"response {}\">\n<h5><span class=\"status\">{}</span></h5>\n",
                    status_class(&response.status),
                    esc(&response.status)
                ));
                self.docs(out, &response.docs);
                if !response.headers.is_empty() {
                    self.headers(out, &response.headers);
                }
                for media in &response.content {
                    self.media(out, media, false);
                }
                out.push_str("</div>\n");
            }
        }
        out.push_str("</article>\n");
    }

    /// The request as code a reader can copy, one block per language: `curl`,
    /// then the call through each generated client (`client::snippets`),
    /// which the page's script turns into tabs.
    fn request_samples(&self, out: &mut String, op: &Operation) {
        let mut samples = vec![("curl", "curl", curl::curl(self.api, op, &self.sampler))];
        if let Some(snippets) = &self.snippets {
            let value = |wire: &str, location: ParamLocation| {
                curl::example_param(op, &self.sampler, wire, location)
            };
            // The body the `curl` sample sends, for the media type the
            // clients send.
            let body = |content_type: &str| curl::example_body(op, &self.sampler, content_type);
            samples.extend(snippets.calls(&op.id, &value, &body));
        }
        out.push_str("<div class=\"samples\">\n");
        for (i, (lang, label, code)) in samples.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!(
                    "<div class=\"sample\" data-lang=\"{lang}\"><span class=\"label\">Request ({label})</span>\
                     <button class=\"copy\" type=\"button\" aria-label=\"Copy the {label} request\">Copy</button>\
                     <pre><code>{}</code></pre></div>\n",
                    esc(code)
                ));
            } else {
                // Kept small for large specs: the script adds the copy button,
                // and quotes need no escaping in element text.
                out.push_str(&format!(
                    "<div class=\"sample\" data-lang=\"{lang}\"><span class=\"label\">{}</span><pre><code>{}</code></pre></div>\n",
                    esc(label),
                    code.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
                ));
            }
        }
        out.push_str("</div>\n");
    }

    fn parameters(&self, out: &mut String, params: &[Parameter]) {
        out.push_str(
            "<table class=\"params\">\n<thead><tr><th>Name</th><th>In</th><th>Type</th>\
             <th>Required</th><th>Description</th></tr></thead>\n<tbody>\n",
        );
        for p in params {
            out.push_str(&format!(
                "<tr><td><code class=\"name\">{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
                breakable(&p.name),
                if p.deprecated {
                    " <span class=\"badge deprecated\">deprecated</span>"
                } else {
                    ""
                },
                p.location.as_str(),
                self.type_cell(&p.ty),
                required_cell(p.required)
            ));
            self.docs(out, &p.docs);
            self.value_notes(out, &p.ty, p.default.as_ref(), p.docs.example.as_ref());
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    fn headers(&self, out: &mut String, headers: &[Header]) {
        out.push_str(
            "<table class=\"params\">\n<thead><tr><th>Header</th><th>Type</th>\
             <th>Required</th><th>Description</th></tr></thead>\n<tbody>\n",
        );
        for h in headers {
            out.push_str(&format!(
                "<tr><td><code class=\"name\">{}</code></td><td>{}</td><td>{}</td><td>",
                breakable(&h.name),
                self.type_cell(&h.ty),
                required_cell(h.required)
            ));
            self.docs(out, &h.docs);
            self.value_notes(out, &h.ty, None, h.docs.example.as_ref());
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    /// A request or response body: its media type and schema, the schema's
    /// fields when it is an object (open for requests, folded for
    /// responses), and its example.
    fn media(&self, out: &mut String, media: &MediaType, open: bool) {
        out.push_str(&format!(
            "<p class=\"media\"><code class=\"content-type\">{}</code>",
            esc(&media.content_type)
        ));
        if let Some(ty) = &media.ty {
            out.push_str(&format!(" {}", self.type_cell(ty)));
        }
        out.push_str("</p>\n");
        if let Some(TypeRef::Named(name)) = media.ty.as_ref().map(TypeRef::non_null) {
            if let Some(NamedType {
                kind: TypeKind::Object(obj),
                ..
            }) = self.api.get(name)
            {
                if !obj.fields.is_empty() {
                    out.push_str(&format!(
                        "<details class=\"fields\"{}><summary>Fields of {}</summary>\n",
                        if open { " open" } else { "" },
                        esc(name)
                    ));
                    self.fields(out, &obj.fields);
                    out.push_str("</details>\n");
                }
            }
        }
        if let Some(example) = &media.example {
            example_block(out, example);
        }
    }

    // ------------------------------------------------------------ schemas

    fn schemas(&self, out: &mut String) {
        if self.api.types.is_empty() {
            return;
        }
        out.push_str("<section id=\"schemas\" class=\"tag\" data-group>\n<h2>Schemas</h2>\n");
        for (name, ty) in &self.api.types {
            self.schema(out, name, ty);
        }
        out.push_str("</section>\n");
    }

    fn schema(&self, out: &mut String, name: &str, ty: &NamedType) {
        let id = &self.schemas[name];
        let search = schema_search_text(name, ty);
        let kind = schema_kind(ty);
        out.push_str(&format!(
            "<article class=\"schema{}\" id=\"{id}\" data-search=\"{}\">\n",
            if ty.deprecated { " deprecated" } else { "" },
            esc(&search)
        ));
        out.push_str(&format!(
            "<h3><a class=\"anchor\" href=\"#{id}\">{}</a> <span class=\"kind\">{kind}</span>{}</h3>\n",
            breakable(name),
            if ty.deprecated {
                " <span class=\"badge deprecated\">deprecated</span>"
            } else {
                ""
            }
        ));
        if let TypeOrigin::Hoisted { path } = &ty.origin {
            let shown: Vec<String> = path
                .iter()
                .enumerate()
                .map(|(i, part)| match self.schemas.get(part.as_str()) {
                    Some(pid) if i == 0 => {
                        format!("<a href=\"{}\">{}</a>", self.href(pid), esc(part))
                    }
                    _ => esc(part),
                })
                .collect();
            out.push_str(&format!(
                "<p class=\"meta\">Inline schema at {}</p>\n",
                shown.join(" › ")
            ));
        }
        self.docs(out, &ty.docs);
        match &ty.kind {
            TypeKind::Object(obj) => {
                if obj.fields.is_empty() {
                    out.push_str("<p>No declared properties.</p>\n");
                } else {
                    self.fields(out, &obj.fields);
                }
                match &obj.additional {
                    Additional::Unspecified => {}
                    Additional::Forbidden => {
                        out.push_str("<p class=\"note\">No other properties are allowed.</p>\n")
                    }
                    Additional::Typed(t) => out.push_str(&format!(
                        "<p class=\"note\">Other properties: {}</p>\n",
                        self.type_html(t)
                    )),
                }
                if let Some(note) = &obj.composition_note {
                    out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(note)));
                }
            }
            TypeKind::Enum(e) => {
                out.push_str(&format!(
                    "<p class=\"note\">{}{}</p>\n",
                    if e.open {
                        "Open: clients must accept values not listed here."
                    } else {
                        "Closed: only the values listed here occur."
                    },
                    if e.nullable {
                        " May be <code>null</code>."
                    } else {
                        ""
                    }
                ));
                out.push_str(
                    "<table class=\"enum\">\n<thead><tr><th>Value</th><th>Description</th></tr></thead>\n<tbody>\n",
                );
                for v in &e.values {
                    out.push_str(&format!(
                        "<tr><td><code>{}</code></td><td>{}</td></tr>\n",
                        esc(&v.as_text()),
                        v.description
                            .as_deref()
                            .map(|d| self.markdown(d))
                            .unwrap_or_default()
                    ));
                }
                out.push_str("</tbody>\n</table>\n");
            }
            TypeKind::Union(u) => {
                out.push_str("<ul class=\"variants\">\n");
                for v in &u.variants {
                    out.push_str(&format!("<li>{}</li>\n", self.type_html(v)));
                }
                out.push_str("</ul>\n");
                if let Some(d) = &u.discriminator {
                    out.push_str(&format!(
                        "<p class=\"note\">Discriminated by <code>{}</code>:</p>\n",
                        esc(&d.property)
                    ));
                    out.push_str(
                        "<table class=\"enum\">\n<thead><tr><th>Value</th><th>Schema</th></tr></thead>\n<tbody>\n",
                    );
                    for (value, target) in &d.mapping {
                        out.push_str(&format!(
                            "<tr><td><code>{}</code></td><td>{}</td></tr>\n",
                            esc(value),
                            self.type_html(&TypeRef::Named(target.clone()))
                        ));
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
            }
            TypeKind::Alias { target } => {
                out.push_str(&format!("<p>Same as {}</p>\n", self.type_html(target)));
            }
        }
        if let Some(example) = &ty.docs.example {
            example_block(out, example);
        }
        out.push_str("</article>\n");
    }

    fn fields(&self, out: &mut String, fields: &[Field]) {
        out.push_str(
            "<table class=\"fields\">\n<thead><tr><th>Field</th><th>Type</th>\
             <th>Required</th><th>Description</th></tr></thead>\n<tbody>\n",
        );
        for f in fields {
            let mut badges = String::new();
            for (on, class, label) in [
                (f.nullable(), "nullable", "nullable"),
                (f.read_only, "read-only", "read-only"),
                (f.write_only, "write-only", "write-only"),
                (f.deprecated, "deprecated", "deprecated"),
            ] {
                if on {
                    badges.push_str(&format!(" <span class=\"badge {class}\">{label}</span>"));
                }
            }
            out.push_str(&format!(
                "<tr{}><td><code class=\"name\">{}</code>{badges}</td><td>{}</td><td>{}</td><td>",
                if f.deprecated {
                    " class=\"deprecated\""
                } else {
                    ""
                },
                breakable(&f.name),
                self.type_cell(&f.ty),
                required_cell(f.required)
            ));
            self.docs(out, &f.docs);
            self.value_notes(out, &f.ty, f.default.as_ref(), f.docs.example.as_ref());
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    /// Allowed values (when the type is an enum), default and example.
    fn value_notes(
        &self,
        out: &mut String,
        ty: &TypeRef,
        default: Option<&Value>,
        example: Option<&Value>,
    ) {
        let mut element = ty.non_null();
        while let TypeRef::Array(inner) = element {
            element = inner.non_null();
        }
        if let TypeRef::Named(name) = element {
            if let Some(NamedType {
                kind: TypeKind::Enum(e),
                ..
            }) = self.api.get(name)
            {
                let mut values: Vec<String> = e
                    .values
                    .iter()
                    .take(ENUM_HINT_LIMIT)
                    .map(|v| format!("<code>{}</code>", esc(&v.as_text())))
                    .collect();
                if e.values.len() > ENUM_HINT_LIMIT {
                    values.push(format!(
                        "<a href=\"{}\">{} more</a>",
                        self.href(&self.schemas[name.as_str()]),
                        e.values.len() - ENUM_HINT_LIMIT
                    ));
                }
                out.push_str(&format!(
                    "<p class=\"values\">Values: {}</p>",
                    values.join(", ")
                ));
            }
        }
        if let Some(d) = default {
            out.push_str(&format!(
                "<p class=\"values\">Default: <code>{}</code></p>",
                esc(&d.to_string())
            ));
        }
        if let Some(e) = example {
            out.push_str(&format!(
                "<p class=\"values\">Example: <code>{}</code></p>",
                esc(&e.to_string())
            ));
        }
    }

    /// A type as shown in a table cell: the outer nullability is a badge
    /// (or the column) elsewhere, so it is left out here.
    fn type_cell(&self, ty: &TypeRef) -> String {
        self.type_html(ty.non_null())
    }

    /// A type, each named type linking to its schema.
    fn type_html(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(name) => match self.schemas.get(name.as_str()) {
                Some(id) => format!(
                    "<a class=\"type\" href=\"{}\">{}</a>",
                    self.href(id),
                    esc(name)
                ),
                None => format!("<span class=\"type\">{}</span>", esc(name)),
            },
            TypeRef::Primitive(p) => {
                format!(
                    "<span class=\"type prim\">{}</span>",
                    esc(&primitive_text(p))
                )
            }
            TypeRef::Array(inner) => format!(
                "<span class=\"type\">array&lt;</span>{}<span class=\"type\">&gt;</span>",
                self.type_html(inner)
            ),
            TypeRef::Map(inner) => format!(
                "<span class=\"type\">map&lt;string, </span>{}<span class=\"type\">&gt;</span>",
                self.type_html(inner)
            ),
            TypeRef::Any => "<span class=\"type prim\">any</span>".to_string(),
            TypeRef::Nullable(inner) => format!(
                "{} <span class=\"type prim\">| null</span>",
                self.type_html(inner)
            ),
        }
    }
}

/// What the search matches an operation on (lowercase).
fn op_search_text(op: &Operation) -> String {
    format!(
        "{} {} {} {} {}",
        op.method.as_str(),
        op.path,
        op.id,
        op.summary.as_deref().unwrap_or(""),
        op.tags.join(" ")
    )
    .to_lowercase()
}

/// What the search matches a schema on (lowercase): its name and fields.
fn schema_search_text(name: &str, ty: &NamedType) -> String {
    let mut search = name.to_string();
    if let TypeKind::Object(obj) = &ty.kind {
        for f in &obj.fields {
            search.push(' ');
            search.push_str(&f.name);
        }
    }
    search.to_lowercase()
}

fn schema_kind(ty: &NamedType) -> &'static str {
    match &ty.kind {
        TypeKind::Object(_) => "object",
        TypeKind::Enum(e) => match e.repr {
            EnumRepr::String => "string enum",
            EnumRepr::Integer => "integer enum",
        },
        TypeKind::Union(u) => match u.kind {
            UnionKind::OneOf => "one of",
            UnionKind::AnyOf => "any of",
        },
        TypeKind::Alias { .. } => "alias",
    }
}

/// The resource an untagged operation's path names: the segments up to and
/// including the first that is neither a version (`v1`, `2.0`) nor a
/// parameter (`/v1/customers/{id}/sources` → `/v1/customers`).
fn path_prefix(path: &str) -> String {
    let mut prefix = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('{') {
            break;
        }
        prefix.push('/');
        prefix.push_str(segment);
        let version = segment.trim_start_matches(['v', 'V']);
        let is_version =
            !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
        if !is_version {
            break;
        }
    }
    if prefix.is_empty() {
        "/".to_string()
    } else {
        prefix
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

fn status_class(status: &str) -> &'static str {
    match status.as_bytes().first() {
        Some(b'1') => "s-info",
        Some(b'2') => "s-ok",
        Some(b'3') => "s-redirect",
        Some(b'4') | Some(b'5') => "s-error",
        _ => "s-default",
    }
}

fn primitive_text(p: &Primitive) -> String {
    match p {
        Primitive::String(f) => match f {
            StringFormat::Plain => "string".to_string(),
            StringFormat::DateTime => "string (date-time)".to_string(),
            StringFormat::Date => "string (date)".to_string(),
            StringFormat::Uuid => "string (uuid)".to_string(),
            StringFormat::Uri => "string (uri)".to_string(),
            StringFormat::Byte => "string (byte)".to_string(),
            StringFormat::Binary => "string (binary)".to_string(),
            StringFormat::Email => "string (email)".to_string(),
            StringFormat::Other(other) => format!("string ({other})"),
        },
        Primitive::Integer(f) => match f {
            IntFormat::Int32 => "integer (int32)".to_string(),
            IntFormat::Int64 => "integer (int64)".to_string(),
            IntFormat::Unspecified => "integer".to_string(),
        },
        Primitive::Number(f) => match f {
            NumberFormat::Float => "number (float)".to_string(),
            NumberFormat::Double => "number (double)".to_string(),
            NumberFormat::Unspecified => "number".to_string(),
        },
        Primitive::Boolean => "boolean".to_string(),
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
                text.push_str(&format!(" (bearer format <code>{}</code>)", esc(f)));
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

fn example_block(out: &mut String, example: &Value) {
    let text = serde_json::to_string_pretty(example).unwrap_or_else(|_| example.to_string());
    out.push_str(&format!(
        "<div class=\"example\"><span class=\"label\">Example</span><pre><code>{}</code></pre></div>\n",
        esc(&text)
    ));
}

fn join_code<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items
        .map(|s| format!("<code>{}</code>", esc(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A name as an id fragment: `A-Za-z0-9-_.` kept, anything else `_`.
fn id_token(name: &str) -> String {
    let token: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if token.is_empty() {
        "_".to_string()
    } else {
        token
    }
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
        out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
        prev = Some(c);
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
