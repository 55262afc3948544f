//! Renders a compat [`Report`] for people and for CI: text, JSON, Markdown,
//! GitHub workflow annotations and SARIF 2.1.0. Pure functions: text in, text out.

use serde_json::{json, Value};

use super::rules::REGISTRY;
use super::Report;
use crate::diag::{Loc, Severity};

fn loc_text(l: &Loc) -> String {
    format!(
        "{}:{}:{} ({})",
        l.file,
        l.line,
        l.col,
        if l.pointer.is_empty() {
            "/"
        } else {
            &l.pointer
        }
    )
}

/// Human-readable report, one block per finding, then the summary line.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        out.push_str(&format!(
            "{}[{}] ({}): {}\n",
            f.level, f.rule, f.direction, f.message
        ));
        if let Some(b) = &f.base {
            out.push_str(&format!("  base: {}\n", loc_text(b)));
        }
        if let Some(h) = &f.head {
            out.push_str(&format!("  head: {}\n", loc_text(h)));
        }
        if let Some(w) = &f.witness {
            out.push_str(&format!("  witness: {}\n", super::shape::compact(w)));
        }
        if let Some(s) = &f.suggestion {
            out.push_str("  help: if this was a rename, declare it in the migration manifest:\n");
            for line in s.lines() {
                out.push_str(&format!("        {line}\n"));
            }
        }
    }
    if !r.suggested.is_empty() {
        out.push_str(
            "\nIf these were renames, declare them in the migration manifest (every suggestion):\n\n",
        );
        for line in super::suggest::snippet(&r.suggested).lines() {
            out.push_str(&format!("    {line}\n"));
        }
        out.push('\n');
    }
    out.push_str(&r.summary());
    out.push('\n');
    out
}

/// The report as pretty JSON: `{ profile, findings, version, summary }`, and
/// `suggested_manifest` (`{section: {key: new name}}`, the manifest's layout)
/// when renames are suggested.
pub fn json(r: &Report) -> String {
    let mut v = json!({
        "profile": r.profile,
        "findings": r.findings,
        "version": r.version,
        "summary": r.summary(),
    });
    if !r.suggested.is_empty() {
        v["suggested_manifest"] = super::suggest::manifest_json(&r.suggested);
    }
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_loc(l: &Option<Loc>) -> String {
    l.as_ref()
        .map(|l| format!("`{}:{}:{}`", l.file, l.line, l.col))
        .unwrap_or_else(|| "—".into())
}

/// A Markdown table for pull-request comments, suggestions listed below it.
pub fn markdown(r: &Report) -> String {
    let mut out = String::from("### API compatibility\n\n");
    out.push_str(&format!("**{}**\n\n", md_escape(&r.summary())));
    if r.findings.is_empty() {
        out.push_str("No changes found.\n");
        return out;
    }
    out.push_str(
        "| level | rule | direction | change | base | head |\n|---|---|---|---|---|---|\n",
    );
    for f in &r.findings {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            f.level,
            f.rule,
            f.direction,
            md_escape(&f.message),
            md_loc(&f.base),
            md_loc(&f.head)
        ));
    }
    if !r.suggested.is_empty() {
        out.push_str(
            "\nIf these were renames, declare them in the migration manifest:\n\n```yaml\n",
        );
        out.push_str(&super::suggest::snippet(&r.suggested));
        out.push_str("```\n");
    }
    out
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one `::error file=…,line=…,col=…::` per
/// finding, at the head location when there is one (the changed file).
pub fn github(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let cmd = match f.level {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut msg = format!("{} ({})", f.message, f.direction);
        if let Some(w) = &f.witness {
            msg.push_str(&format!("\nwitness: {}", super::shape::compact(w)));
        }
        if let Some(s) = &f.suggestion {
            msg.push_str(&format!(
                "\nif this was a rename, add to the migration manifest:\n{s}"
            ));
        }
        match f.head.as_ref().or(f.base.as_ref()) {
            Some(l) => out.push_str(&format!(
                "::{cmd} file={},line={},col={},title={}::{}\n",
                gh_escape_prop(&l.file),
                l.line,
                l.col,
                gh_escape_prop(f.rule),
                gh_escape_data(&msg)
            )),
            None => out.push_str(&format!(
                "::{cmd} title={}::{}\n",
                gh_escape_prop(f.rule),
                gh_escape_data(&msg)
            )),
        }
    }
    out.push_str(&r.summary());
    out.push('\n');
    out
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_location(l: &Loc, id: usize, text: &str) -> Value {
    json!({
        "id": id,
        "physicalLocation": {
            "artifactLocation": { "uri": l.file },
            "region": { "startLine": l.line.max(1), "startColumn": l.col.max(1) }
        },
        "logicalLocations": [{ "fullyQualifiedName": l.pointer, "kind": "member" }],
        "message": { "text": text }
    })
}

/// SARIF 2.1.0, for code-scanning upload. Results sit at the head location
/// (or the base one for removals); the other side is a related location.
pub fn sarif(r: &Report) -> String {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|rule| {
            let m = rule.meta;
            let level = m.levels.get(r.profile).map(sarif_level).unwrap_or("none");
            json!({
                "id": m.id,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.explain },
                "defaultConfiguration": { "level": level },
                "properties": {
                    "wire": m.levels.wire.map(|s| s.as_str()),
                    "codegen": m.levels.codegen.map(|s| s.as_str()),
                    "strict": m.levels.strict.map(|s| s.as_str())
                }
            })
        })
        .collect();
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let index = REGISTRY
                .iter()
                .position(|x| x.meta.id == f.rule)
                .unwrap_or(0);
            let (primary, related) = match (&f.head, &f.base) {
                (Some(h), b) => (Some((h, "head")), b.as_ref().map(|b| (b, "base"))),
                (None, Some(b)) => (Some((b, "base")), None),
                (None, None) => (None, None),
            };
            let mut res = json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": sarif_level(f.level),
                "message": { "text": f.message },
                "properties": { "direction": f.direction, "bump": f.bump }
            });
            if let Some((l, side)) = primary {
                res["locations"] = json!([sarif_location(l, 0, side)]);
            }
            if let Some((l, side)) = related {
                res["relatedLocations"] = json!([sarif_location(l, 1, side)]);
            }
            if let Some(w) = &f.witness {
                res["properties"]["witness"] = w.clone();
            }
            if let Some(s) = &f.suggestion {
                res["properties"]["suggestion"] = json!(s);
            }
            res
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "specsmith",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "profile": r.profile, "summary": r.summary() }
        }]
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
