//! Lint rules over a loaded document and its IR. Each rule is one file under
//! `rules/` holding its id, default severity, summary, the text `specsmith
//! explain` prints, and its check; `REGISTRY` lists them all.

pub mod instance;
pub mod rules;
pub mod walk;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::ir::Api;
use crate::load::Document;

/// What a rule is, for `specsmith rules` and `specsmith explain`.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    /// Whether an error-level finding of this rule stops `generate` by
    /// default (with `--strict`, every error does).
    pub generate: Generation,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// What it checks, why it matters and how to fix it (Markdown).
    pub explain: &'static str,
}

/// What an error-level finding does to `generate` when not `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// The generated code would be wrong (a type that does not exist, two
    /// methods with one name, a URL that cannot be built): nothing is written.
    Blocks,
    /// The spec is wrong but the generated code is not: the finding is
    /// printed and the code is written.
    Proceeds,
}

impl Generation {
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::Blocks => "blocks generate",
            Generation::Proceeds => "generate proceeds",
        }
    }
}

/// A registered rule: its description and its check.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// What a rule's check reads.
pub enum Check {
    /// The document alone: it runs while the IR is being made.
    Document(fn(&LintContext, &mut Reporter)),
    /// The IR too, once it is made.
    Ir(fn(&LintContext, &Api, &mut Reporter)),
}

/// A schema object of the bundled document, as [`LintContext::schemas`]
/// lists them. Its `get` finds a keyword by comparing the keys of a small
/// map ([`crate::diag::member`]) where `Map::get` would hash it: the rules
/// ask each of the document's schemas for a few keywords, most of them
/// absent, and a schema has a handful of members.
#[derive(Clone, Copy)]
pub struct Schema<'a>(pub &'a Map<String, Value>);

impl<'a> Schema<'a> {
    /// The member `key`, as `Map::get` finds it.
    pub fn get(self, key: &str) -> Option<&'a Value> {
        crate::diag::member(self.0, key)
    }
}

impl std::ops::Deref for Schema<'_> {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        self.0
    }
}

/// What a rule sees.
pub struct LintContext<'a> {
    pub doc: &'a Document,
    pub config: Option<&'a Config>,
    /// Every schema of the bundled document, found once for all rules.
    schemas: OnceCell<Vec<(String, Schema<'a>)>>,
    /// [`naming::squash`](crate::naming::squash) of each name asked for so
    /// far: property names recur in thousands of schemas.
    squashed: RefCell<FxHashMap<String, Rc<str>>>,
}

impl<'a> LintContext<'a> {
    pub fn new(doc: &'a Document, config: Option<&'a Config>) -> Self {
        LintContext {
            doc,
            config,
            schemas: OnceCell::new(),
            squashed: RefCell::default(),
        }
    }

    /// [`naming::squash`](crate::naming::squash), remembered per name.
    pub fn squash(&self, name: &str) -> Rc<str> {
        if let Some(s) = self.squashed.borrow().get(name) {
            return Rc::clone(s);
        }
        let s: Rc<str> = crate::naming::squash(name).into();
        self.squashed
            .borrow_mut()
            .insert(name.to_string(), Rc::clone(&s));
        s
    }

    /// [`naming::may_be_reserved`](crate::naming::may_be_reserved), through
    /// the remembered [`squash`](Self::squash).
    pub fn may_be_reserved(&self, name: &str) -> bool {
        name.len() <= crate::naming::MAX_RESERVED_LEN
            && crate::naming::is_reserved_spelling(&self.squash(name))
    }

    /// `(pointer, schema)` for every schema object of the bundled document,
    /// subschemas included (see [`walk::schemas`]), in document order.
    pub fn schemas(&self) -> &[(String, Schema<'a>)] {
        self.schemas.get_or_init(|| {
            let mut all = Vec::new();
            walk::schemas(&self.doc.bundled, &mut |p, s| {
                all.push((p.to_string(), Schema(s)))
            });
            all
        })
    }
}

/// Collects one rule's findings, located by pointer into the bundled document.
pub struct Reporter<'a> {
    meta: &'static RuleMeta,
    doc: &'a Document,
    out: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub fn new(meta: &'static RuleMeta, doc: &'a Document) -> Self {
        Reporter {
            meta,
            doc,
            out: Vec::new(),
        }
    }

    /// Reports a finding at a pointer into the bundled document.
    pub fn report(&mut self, pointer: &str, message: impl Into<String>) {
        let loc = self.doc.locate(pointer);
        self.out.push(Diagnostic::new(
            self.meta.id,
            self.meta.severity,
            loc,
            message,
        ));
    }

    /// Reports at an already resolved location (an IR node's).
    pub fn report_at(&mut self, loc: &crate::diag::Loc, message: impl Into<String>) {
        self.out.push(Diagnostic::new(
            self.meta.id,
            self.meta.severity,
            loc.clone(),
            message,
        ));
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }
}

/// Runs every rule that the config does not switch off.
pub fn run(doc: &Document, api: &Api, config: Option<&Config>) -> Vec<Diagnostic> {
    run_rest(doc, api, config, Partial::default())
}

/// The findings of the rules run so far.
#[derive(Default)]
pub struct Partial {
    found: Vec<Diagnostic>,
    /// Which rules of the registry ran (or were skipped as off).
    ran: Vec<bool>,
}

/// Runs the rules that read only the document (all but a few), in the
/// registry's order, until `stop` is set: [`crate::pipeline`] runs them
/// beside the lowering, which is one core's work, and stops them when the
/// IR is made. [`run_rest`] runs the others.
pub fn run_document(doc: &Document, config: Option<&Config>, stop: &AtomicBool) -> Partial {
    let cx = LintContext::new(doc, config);
    let mut partial = Partial {
        found: Vec::new(),
        ran: vec![false; rules::REGISTRY.len()],
    };
    for (rule, ran) in rules::REGISTRY.iter().zip(&mut partial.ran) {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let Check::Document(check) = rule.check else {
            continue;
        };
        if !is_off(rule, config) {
            let mut r = Reporter::new(rule.meta, doc);
            check(&cx, &mut r);
            partial.found.extend(r.into_diagnostics());
        }
        *ran = true;
    }
    partial
}

/// Runs the rules that `partial` did not, and returns every finding.
pub fn run_rest(
    doc: &Document,
    api: &Api,
    config: Option<&Config>,
    partial: Partial,
) -> Vec<Diagnostic> {
    let cx = LintContext::new(doc, config);
    let mut out = partial.found;
    for (i, rule) in rules::REGISTRY.iter().enumerate() {
        if partial.ran.get(i).copied().unwrap_or(false) || is_off(rule, config) {
            continue;
        }
        let mut r = Reporter::new(rule.meta, doc);
        match rule.check {
            Check::Document(check) => check(&cx, &mut r),
            Check::Ir(check) => check(&cx, api, &mut r),
        }
        out.extend(r.into_diagnostics());
    }
    out
}

fn is_off(rule: &Rule, config: Option<&Config>) -> bool {
    config.and_then(|c| c.level(rule.meta.id)) == Some(crate::config::Level::Off)
}

/// Finds a rule by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    rules::REGISTRY.iter().find(|r| r.meta.id == id)
}
