//! Tests of the HTML reference: its structure, links, escaping and the embedded script.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::emit::templates::Templates;

/// The reference page with the built-in templates.
fn reference_html(api: &crate::ir::Api, title: &str) -> String {
    let templates = Templates::new(None)
        .renderer("docs")
        .expect("built-in templates");
    super::reference_html(api, title, &templates).expect("renders")
}

/// The reference files with the built-in templates.
fn reference_site(
    api: &crate::ir::Api,
    title: &str,
    layout: super::Layout,
) -> Vec<(String, String)> {
    let templates = Templates::new(None)
        .renderer("docs")
        .expect("built-in templates");
    super::reference_site(api, title, layout, &templates).expect("renders")
}
use crate::ir::Api;
use crate::load::LoadOptions;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Api {
    let opts = LoadOptions {
        display_base: Some(root()),
        ..Default::default()
    };
    let (_, api, _) = crate::pipeline::load_and_lower(path, &opts).expect("spec loads");
    api
}

fn lifecycle() -> Api {
    load(&root().join("specs/sandbox-lifecycle.yml"))
}

/// A spec whose every text slot tries to break out of the page.
const HOSTILE: &str = r##"openapi: 3.0.3
info:
  title: Hostile </title><script>alert(1)</script>
  version: "1 <b>"
  description: |
    # Heading

    Some **bold** text, a [safe link](https://example.com/docs) and
    a [bad one](javascript:alert(1)), an ![image](https://example.com/x.png)
    and <script>alert("desc")</script> plus </script><img src=x onerror=alert(1)>.
tags:
  - name: 'we<ird "tag"'
    description: "</script>"
paths:
  /things/{id}:
    get:
      operationId: 'get"Thing'
      summary: '<script>alert("summary")</script>'
      tags: ['we<ird "tag"']
      parameters:
        - name: 'i"d'
          in: path
          required: true
          description: '"><script>alert("param")</script>'
          schema: { type: string }
      responses:
        "200":
          description: 'See [the schema](#schema-Th"ing) and [this](#operation/get"Thing).'
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Th"ing' }
              example: { "na\"me": "</script><script>alert(2)</script>" }
components:
  schemas:
    Th"ing:
      type: object
      description: "<iframe src='https://example.com'></iframe>"
      required: ['na"me']
      properties:
        na"me:
          type: string
          nullable: true
          description: "x\" onmouseover=\"alert(1)"
        kind:
          $ref: '#/components/schemas/Kind'
    Kind:
      type: string
      enum: ['<a>', 'b"']
"##;

fn hostile() -> Api {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hostile.yaml");
    std::fs::write(&path, HOSTILE).expect("write spec");
    load(&path)
}

/// Every `attr="…"` value in the page, in order.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').expect("attribute value is closed");
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// Asserts the page's in-page links all land on an element, and ids are unique.
fn assert_anchors_resolve(html: &str) -> usize {
    let ids = attribute_values(html, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    let links: Vec<&str> = attribute_values(html, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#'))
        .collect();
    assert!(!links.is_empty());
    for link in &links {
        assert!(unique.contains(link), "href=\"#{link}\" has no matching id");
    }
    links.len()
}

#[test]
fn lifecycle_anchors_resolve_and_cover_every_operation_and_schema() {
    let api = lifecycle();
    let html = reference_html(&api, "Sandbox Lifecycle API");
    let links = assert_anchors_resolve(&html);
    assert!(links > 100, "only {links} in-page links");
    let ids: BTreeSet<&str> = attribute_values(&html, "id").into_iter().collect();
    for op in &api.operations {
        assert!(ids.contains(format!("op-{}", op.id).as_str()), "{}", op.id);
    }
    for name in api.types.keys() {
        assert!(ids.contains(format!("schema-{name}").as_str()), "{name}");
    }
    for tag in &api.tags {
        assert!(
            ids.contains(format!("tag-{}", tag.name).as_str()),
            "{}",
            tag.name
        );
    }
    // A field's type links to its schema: BoxTemplate.state is a BoxTemplateState.
    let article = section(&html, "schema-BoxTemplate");
    assert!(
        article.contains("<code class=\"name\">state</code></td><td><a class=\"type\" href=\"#schema-BoxTemplateState\">BoxTemplateState</a>"),
        "{article}"
    );
}

/// The `<article>` with the given id.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let end = html[start..].find("</article>").expect("article closes");
    &html[start..start + end]
}

#[test]
fn lifecycle_operation_shows_parameters_body_responses_and_examples() {
    let html = reference_html(&lifecycle(), "Sandbox Lifecycle API");
    let op = section(&html, "op-listBoxTemplates");
    assert!(op.contains(
        "<span class=\"method m-get\">GET</span> <code class=\"path\">/box-templates</code>"
    ));
    // Parameter row: name, in, type (linked enum), required, description, enum values.
    assert!(op.contains("<tr><td><code class=\"name\">state</code></td><td>query</td><td><a class=\"type\" href=\"#schema-BoxTemplateState\">BoxTemplateState</a></td><td><span class=\"optional\">optional</span></td>"), "{op}");
    assert!(
        op.contains("Values: <code>Building</code>, <code>Inactive</code>, <code>Active</code>, <code>Failed</code>"),
        "{op}"
    );
    assert!(op.contains("Default: <code>50</code>"), "{op}");
    // Every documented status, and the example pretty-printed.
    for status in ["200", "400", "401", "default"] {
        assert!(
            op.contains(&format!("<span class=\"status\">{status}</span>")),
            "{status}"
        );
    }
    assert!(op.contains("<pre><code>{\n  &quot;items&quot;: ["), "{op}");
    // Request body of createSandbox: required, with its fields open.
    let create = section(&html, "op-createSandbox");
    assert!(create.contains("Request body <span class=\"badge required\">required</span>"));
    assert!(create.contains(
        "<details class=\"fields\" open><summary>Fields of CreateSandboxRequest</summary>"
    ));
    // Field flags from the schema.
    let template = section(&html, "schema-BoxTemplate");
    assert!(template.contains(
        "<code class=\"name\">id</code> <span class=\"badge read-only\">read-only</span>"
    ));
    assert!(template.contains(
        "<code class=\"name\">description</code> <span class=\"badge nullable\">nullable</span>"
    ));
    // Security from the global requirement.
    assert!(
        op.contains("authentication <a href=\"#security-ApiKeyAuth\"><code>ApiKeyAuth</code></a>")
    );
}

#[test]
fn markdown_descriptions_are_rendered() {
    let html = reference_html(&lifecycle(), "Sandbox Lifecycle API");
    // The API description has a paragraph break and inline code.
    assert!(html.contains("<code>x-specsmith-closed-enum: true</code>"));
    assert!(html.contains("</p>\n<p>Enumerations in this API are open"));
    let html = reference_html(&hostile(), "Hostile");
    assert!(html.contains("<h4>Heading</h4>"));
    assert!(html.contains("Some <strong>bold</strong> text"));
    assert!(html.contains(
        "<a href=\"https://example.com/docs\" rel=\"noopener noreferrer\">safe link</a>"
    ));
}

#[test]
fn spec_text_cannot_break_out() {
    let api = hostile();
    let html = reference_html(&api, &api.title);
    // Only the page's own script element.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert_eq!(html.matches("</script").count(), 1, "{html}");
    assert_eq!(html.matches("<title>").count(), 1);
    assert_eq!(html.matches("</title>").count(), 1);
    for tag in ["<img", "<iframe", "<b>", "<a>"] {
        assert!(!html.contains(tag), "{tag} got through");
    }
    assert!(!html.to_ascii_lowercase().contains("javascript:"));
    // Raw HTML goes through the sanitiser: no event handler survives, the
    // harmless text around it does.
    assert!(!html.contains("onerror"), "{html}");
    assert!(html.contains("and  plus ."), "{html}");
    // A quote in element content (Markdown leaves it as is) ends nothing.
    assert!(html.contains("<div class=\"md\"><p>x\" onmouseover=\"alert(1)</p>\n</div>"));
    // The hostile names are shown, escaped.
    assert!(html.contains("<code class=\"name\">na&quot;me</code>"));
    assert!(html.contains("<code class=\"name\">i&quot;d</code>"));
    assert!(html.contains("&lt;script&gt;alert(&quot;summary&quot;)&lt;/script&gt;"));
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    // Anchors with odd characters are made safe and still resolve.
    assert!(html.contains("id=\"op-get_Thing\""));
    assert!(html.contains("id=\"schema-Th_ing\""));
    assert!(html.contains("<a href=\"#op-get_Thing\" rel=\"noopener noreferrer\">this</a>"));
    assert_anchors_resolve(&html);
    // Every attribute value is free of markup characters.
    for attr in ["id", "href", "class", "data-search", "data-target"] {
        for value in attribute_values(&html, attr) {
            assert!(!value.contains(['<', '>']), "{attr}=\"{value}\"");
        }
    }
}

#[test]
fn output_is_deterministic_and_self_contained() {
    let a = reference_html(&lifecycle(), "Sandbox Lifecycle API");
    let b = reference_html(&lifecycle(), "Sandbox Lifecycle API");
    assert_eq!(a, b);
    assert!(a.starts_with("<!DOCTYPE html>\n"));
    assert!(a.ends_with("</html>\n"));
    // Nothing loaded from elsewhere: no external stylesheets, scripts, images or fonts.
    for needle in [" src=", "<link", "@import", "url(", "<img", "<iframe"] {
        assert!(!a.contains(needle), "{needle}");
    }
    assert!(!a.contains(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn hoisted_and_clashing_names_get_distinct_anchors() {
    let mut api = lifecycle();
    // Two names that sanitise to the same token.
    let mut first = api.types["BoxTemplate"].clone();
    first.name = "A b".into();
    let mut second = first.clone();
    second.name = "A_b".into();
    api.types.insert("A b".into(), first);
    api.types.insert("A_b".into(), second);
    let html = reference_html(&api, "t");
    assert!(html.contains("id=\"schema-A_b\""));
    assert!(html.contains("id=\"schema-A_b-2\""));
    assert_anchors_resolve(&html);
}

#[test]
fn operations_sharing_an_operation_id_get_distinct_anchors() {
    let mut api = lifecycle();
    let copy = api.operations[0].clone();
    let id = copy.id.clone();
    api.operations.push(copy);
    let html = reference_html(&api, "t");
    assert_eq!(
        html.matches(&format!("<article class=\"op\" id=\"op-{id}\""))
            .count(),
        1
    );
    assert_eq!(
        html.matches(&format!("<article class=\"op\" id=\"op-{id}-2\""))
            .count(),
        1
    );
    assert_anchors_resolve(&html);
}

#[test]
fn a_split_reference_links_across_its_pages() {
    use super::Layout;
    let api = lifecycle();
    let files = reference_site(&api, "Sandbox Lifecycle API", Layout::Split);
    assert_eq!(files[0].0, "index.html");
    assert_eq!(files.last().unwrap().0, "search-index.js");
    let pages: std::collections::BTreeMap<&str, &str> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    assert!(pages.len() > 3, "{:?}", pages.keys());
    // Every operation and schema is on exactly one page.
    let all: String = pages.values().copied().collect();
    for op in &api.operations {
        assert_eq!(
            all.matches(&format!("<article class=\"op\" id=\"op-{}\"", op.id))
                .count(),
            1,
            "{}",
            op.id
        );
    }
    assert_eq!(
        all.matches("<article class=\"schema").count(),
        api.types.len()
    );
    // Every link the reference writes lands on an id of the page it names.
    let index = &files.last().unwrap().1;
    let mut hrefs: Vec<(String, String)> = Vec::new();
    for (name, text) in &pages {
        for h in attribute_values(text, "href") {
            hrefs.push((name.to_string(), h.replace("&amp;", "&")));
        }
    }
    for entry in index.split("\",\"").filter(|s| s.contains(".html#")) {
        hrefs.push(("search-index.js".into(), entry.to_string()));
    }
    let mut checked = 0;
    for (from, href) in hrefs {
        if href.starts_with("http") || href.starts_with("mailto:") {
            continue;
        }
        let (file, id) = href.split_once('#').unwrap_or((&href, ""));
        let target = if file.is_empty() { from.as_str() } else { file };
        let page = pages
            .get(target)
            .unwrap_or_else(|| panic!("{from}: {href}: no page {target}"));
        if !id.is_empty() {
            assert!(
                page.contains(&format!(" id=\"{id}\"")),
                "{from}: {href}: no id {id} in {target}"
            );
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    // The index page lists the pages and loads no operation.
    assert!(pages["index.html"].contains("<ul class=\"toc\">"));
    assert!(!pages["index.html"].contains("<article"));
    assert!(pages["index.html"].contains("data-search-index=\"search-index.js\""));
}

#[test]
fn auto_layout_keeps_a_small_spec_on_one_page() {
    use super::Layout;
    let api = lifecycle();
    let files = reference_site(&api, "t", Layout::Auto);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].1, reference_html(&api, "t"));
    assert!(files[0].1.len() < super::SPLIT_THRESHOLD);
}

#[test]
fn untagged_operations_of_a_split_reference_are_grouped_by_resource() {
    assert_eq!(
        super::layout::path_prefix("/v1/customers/{id}/sources"),
        "/v1/customers"
    );
    assert_eq!(super::layout::path_prefix("/customers"), "/customers");
    assert_eq!(super::layout::path_prefix("/api/v2.1/things"), "/api");
    assert_eq!(super::layout::path_prefix("/v2/{id}"), "/v2");
    assert_eq!(super::layout::path_prefix("/"), "/");
}

#[test]
fn every_operation_has_a_copyable_curl_request() {
    let api = lifecycle();
    let html = reference_html(&api, "t");
    assert_eq!(
        html.matches("<div class=\"sample\" data-lang=\"curl\">")
            .count(),
        api.operations.len()
    );
    // curl, then the call through each generated client (the script adds
    // their copy buttons).
    for lang in ["typescript", "python", "go", "csharp"] {
        assert_eq!(
            html.matches(&format!("<div class=\"sample\" data-lang=\"{lang}\">"))
                .count(),
            api.operations.len(),
            "{lang}"
        );
    }
    assert_eq!(
        html.matches("<button class=\"copy\" type=\"button\"")
            .count(),
        api.operations.len()
    );
    // The API key header of the security scheme, as a shell variable.
    assert!(
        html.contains("-H &quot;X-API-Key: $API_KEY_AUTH&quot;"),
        "{html}"
    );
    // The packages as the SDK targets name them without options, and the
    // credential of the same scheme.
    for line in [
        "import { SandboxLifecycleApiClient } from \"sandbox-lifecycle-api/client\";",
        "from sandbox_lifecycle_api.client import SandboxLifecycleApiClient",
        "client := sandboxlifecycleapi.NewClient(sandboxlifecycleapi.WithAPIKeyAuth(os.Getenv(\"API_KEY_AUTH\")))",
        "using Sandbox.Lifecycle.Api;",
        "var result = await client.GetSandboxAsync(\"",
    ] {
        assert!(html.contains(line), "{line}");
    }
}

#[test]
fn sdk_samples_follow_the_target_options() {
    let api = lifecycle();
    let templates = Templates::new(None)
        .renderer("docs")
        .expect("built-in templates");
    let options = |t: &str| {
        let mut o = crate::emit::TargetOptions::default();
        let (k, v) = match t {
            "python" => ("package", "lifecycle"),
            "go" => ("module", "example.com/x/lifecycle-go"),
            "csharp" => ("namespace", "Acme.Sandboxes"),
            _ => ("name", "@acme/sandboxes"),
        };
        o.values.insert(k.into(), v.into());
        o
    };
    let packages = super::Packages::new(&api.title, &options);
    let html = super::reference_html_with(&api, "t", &templates, Some(&packages)).expect("renders");
    for line in [
        "from \"@acme/sandboxes/client\"",
        "from lifecycle.client import",
        "\n\tsandboxlifecycleapi \"example.com/x/lifecycle-go\"\n)",
        "using Acme.Sandboxes;",
    ] {
        assert!(html.contains(line), "{line}");
    }
    let none = super::reference_html_with(&api, "t", &templates, None).expect("renders");
    assert!(!none.contains("data-lang=\"go\""));
}

#[test]
fn curl_uses_the_examples_or_sampled_values() {
    let api = load(&root().join("tests/emit/kitchen-sink.yaml"));
    let sampler = crate::vectors::Sampler::new(&api);
    for op in &api.operations {
        let cmd = super::curl::curl(&api, op, &sampler);
        assert!(cmd.starts_with("curl "), "{cmd}");
        // Path templates are filled in.
        assert!(!cmd.lines().next().unwrap().contains('{'), "{cmd}");
        assert!(cmd.contains("https://api.example.test"), "{cmd}");
        if let Some(body) = &op.request_body {
            if body.content[0].content_type == "application/json" {
                assert!(cmd.contains("--data-raw '{"), "{cmd}");
                let json = cmd.split("--data-raw '").nth(1).unwrap();
                let json = json.trim_end_matches('\'');
                assert!(
                    serde_json::from_str::<serde_json::Value>(&json.replace(r"'\''", "'")).is_ok(),
                    "{cmd}"
                );
            }
        }
        assert!(cmd.contains("Authorization: Bearer $"), "{cmd}");
    }
}

/// An API with `a` schemas whose names start with `A` and `b` with `B`.
fn many_schemas(a: usize, b: usize) -> Api {
    let names = (0..a)
        .map(|i| format!("A{i:05}"))
        .chain((0..b).map(|i| format!("B{i:05}")));
    let schemas: Vec<String> = names
        .map(|n| {
            format!(
                "\"{n}\":{{\"type\":\"object\",\"properties\":{{\"id\":{{\"type\":\"string\"}}}}}}"
            )
        })
        .collect();
    let text = format!(
        "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{{}}}}}}}",
        schemas.join(",")
    );
    let doc = crate::load::load_text(Path::new("many.json"), text, &LoadOptions::default())
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    crate::ir::lower(&doc).api
}

/// The `href`s of the schema pages a file's sidebar lists.
fn sidebar_pages(page: &str) -> Vec<&str> {
    let nav = &page[page.find("<nav").unwrap()..page.find("</nav>").unwrap()];
    nav.split("<li class=\"nav-page\"><a href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn a_split_sidebar_lists_a_bounded_window_of_a_letters_pages() {
    use super::Layout;
    // 600 `A` schemas make 15 pages of 40; 10 `B` schemas one.
    let files = reference_site(&many_schemas(600, 10), "t", Layout::Split);
    let pages: std::collections::BTreeMap<&str, &str> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    // Page 8 of A lists A's first and last page, pages 6 to 10, and B.
    assert_eq!(
        sidebar_pages(pages["schemas-a-8.html"]),
        [
            "schemas-a.html#schemas-a",
            "schemas-a-6.html#schemas-a-6",
            "schemas-a-7.html#schemas-a-7",
            "#schemas-a-8",
            "schemas-a-9.html#schemas-a-9",
            "schemas-a-10.html#schemas-a-10",
            "schemas-a-15.html#schemas-a-15",
            "schemas-b.html#schemas-b",
        ]
    );
    // The gaps link to the overview, whose contents list every page.
    let gap = "<li class=\"nav-gap\"><a href=\"index.html#overview\"";
    assert_eq!(pages["schemas-a-8.html"].matches(gap).count(), 2);
    for n in 1..=15 {
        let id = if n == 1 {
            "schemas-a".to_string()
        } else {
            format!("schemas-a-{n}")
        };
        assert!(
            pages["index.html"].contains(&format!("<li><a href=\"{id}.html#{id}\">")),
            "{id}"
        );
    }
    // No file's sidebar lists more than the window, the ends and B, so the
    // sidebars grow with the number of files, not with its square.
    for (name, page) in &pages {
        if name.ends_with(".html") {
            assert!(
                sidebar_pages(page).len() <= 8,
                "{name}: {:?}",
                sidebar_pages(page)
            );
        }
    }
    // A letter of at most 7 pages is listed whole.
    let files = reference_site(&many_schemas(280, 0), "t", Layout::Split);
    assert_eq!(sidebar_pages(&files[0].1).len(), 7);
    assert!(!files[0].1.contains("nav-gap"));
}
