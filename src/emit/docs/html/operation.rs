//! An operation's entry in the reference, and the tag section that holds it:
//! endpoint, request samples, parameters, request body and responses.

use std::fmt::Write as _;

use super::search::op_search_text;
use super::{
    breakable, curl, esc, example_block, join_code, method_badge, required_cell, Group, Page,
};
use crate::ir::{
    Header, MediaType, NamedType, Operation, ParamLocation, Parameter, TypeKind, TypeRef,
};

impl Page<'_> {
    pub(super) fn tag_section(&self, out: &mut String, group: &Group) {
        let _ = writeln!(
            out,
            "<section class=\"tag\" id=\"{}\" data-group>\n<h2>{}</h2>",
            group.id,
            breakable(&group.name)
        );
        if let Some(d) = group.docs {
            let _ = writeln!(out, "<div class=\"md\">{}</div>", self.markdown(d));
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
        let _ = writeln!(
            out,
            "<article class=\"op{}\" id=\"{id}\" data-search=\"{}\">",
            if op.deprecated { " deprecated" } else { "" },
            esc(&search)
        );
        let _ = writeln!(
            out,
            "<h3><a class=\"anchor\" href=\"#{id}\">{}</a>{}</h3>",
            breakable(op.summary.as_deref().unwrap_or(&op.id)),
            if op.deprecated {
                " <span class=\"badge deprecated\">deprecated</span>"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "<p class=\"endpoint\">{} <code class=\"path\">{}</code></p>",
            method_badge(op),
            breakable(&op.path)
        );
        let _ = write!(
            out,
            "<p class=\"meta\">operationId <code>{}</code>",
            breakable(&op.id)
        );
        if op.tags.len() > 1 {
            let _ = write!(
                out,
                " · tags {}",
                join_code(op.tags.iter().map(String::as_str))
            );
        }
        let security = op.effective_security(self.api);
        if !security.is_empty() || op.security.is_some() {
            let _ = write!(out, " · authentication {}", self.requirements(security));
        }
        out.push_str("</p>\n");
        self.docs(out, &op.docs);
        self.request_samples(out, op);

        if !op.parameters.is_empty() {
            out.push_str("<h4>Parameters</h4>\n");
            self.parameters(out, &op.parameters);
        }
        if let Some(body) = &op.request_body {
            let _ = writeln!(
                out,
                "<h4>Request body {}</h4>",
                if body.required {
                    "<span class=\"badge required\">required</span>"
                } else {
                    "<span class=\"badge\">optional</span>"
                }
            );
            self.docs(out, &body.docs);
            for media in &body.content {
                self.media(out, media, true);
            }
        }
        if !op.responses.is_empty() {
            out.push_str("<h4>Responses</h4>\n");
            for response in &op.responses {
                let _ = writeln!(
                    out,
                    "<div class=\"response {}\">\n<h5><span class=\"status\">{}</span></h5>",
                    status_class(&response.status),
                    esc(&response.status)
                );
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
                let _ = writeln!(out,
                    "<div class=\"sample\" data-lang=\"{lang}\"><span class=\"label\">Request ({label})</span>\
                     <button class=\"copy\" type=\"button\" aria-label=\"Copy the {label} request\">Copy</button>\
                     <pre><code>{}</code></pre></div>",
                    esc(code)
                );
            } else {
                // Kept small for large specs: the script adds the copy button,
                // and quotes need no escaping in element text.
                let _ = writeln!(out,
                    "<div class=\"sample\" data-lang=\"{lang}\"><span class=\"label\">{}</span><pre><code>{}</code></pre></div>",
                    esc(label),
                    code.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
                );
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
            let _ = write!(out,
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
            );
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
            let _ = write!(
                out,
                "<tr><td><code class=\"name\">{}</code></td><td>{}</td><td>{}</td><td>",
                breakable(&h.name),
                self.type_cell(&h.ty),
                required_cell(h.required)
            );
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
        let _ = write!(
            out,
            "<p class=\"media\"><code class=\"content-type\">{}</code>",
            esc(&media.content_type)
        );
        if let Some(ty) = &media.ty {
            let _ = write!(out, " {}", self.type_cell(ty));
        }
        out.push_str("</p>\n");
        if let Some(TypeRef::Named(name)) = media.ty.as_ref().map(TypeRef::non_null) {
            if let Some(NamedType {
                kind: TypeKind::Object(obj),
                ..
            }) = self.api.get(name)
            {
                if !obj.fields.is_empty() {
                    let _ = writeln!(
                        out,
                        "<details class=\"fields\"{}><summary>Fields of {}</summary>",
                        if open { " open" } else { "" },
                        esc(name)
                    );
                    self.fields(out, &obj.fields);
                    out.push_str("</details>\n");
                }
            }
        }
        if let Some(example) = &media.example {
            example_block(out, example);
        }
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
