//! Built-in minijinja templates, read from `templates/<target>/*.jinja` at
//! build time (see `build.rs`), with per-file overrides from a user folder,
//! and the one place that renders them.

use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::diag::{Diagnostic, Loc, Severity};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The rule id of an override file that names no built-in template.
pub const UNKNOWN_TEMPLATE: &str = "unknown-template";

/// The built-in templates of `target`, `(name, source)` in name order; names
/// are `<target>/<file>` (`go/models.go.jinja`).
pub fn builtin(target: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    BUILTIN
        .iter()
        .filter(move |(t, _, _)| *t == target)
        .map(|(_, n, s)| (*n, *s))
}

/// The targets that have templates, in name order.
pub fn targets() -> Vec<&'static str> {
    let mut t: Vec<&str> = BUILTIN.iter().map(|(t, _, _)| *t).collect();
    t.dedup();
    t
}

/// A `template-error` finding of `target`.
pub fn error(target: &str, msg: &str) -> Diagnostic {
    Diagnostic::new(
        "template-error",
        Severity::Error,
        Loc::default(),
        format!("{target}: {msg}"),
    )
}

/// The template set for one run: built-ins plus overrides.
#[derive(Debug, Default, Clone)]
pub struct Templates {
    override_dir: Option<PathBuf>,
    measure: bool,
}

/// In a measuring render (see [`Templates::measuring`]), the text a template
/// takes from a variable or an expression is wrapped in these two characters
/// (Unicode private use, never written otherwise).
pub const MEASURE_MARKS: (char, char) = ('\u{E000}', '\u{E001}');

impl Templates {
    /// `override_dir` holds files laid out like `templates/`, one folder per
    /// target (`python/models.py.jinja`), each replacing the built-in of the
    /// same name.
    pub fn new(override_dir: Option<&Path>) -> Self {
        Templates {
            override_dir: override_dir.map(Path::to_path_buf),
            measure: false,
        }
    }

    /// The same templates, rendering every value a template prints
    /// (`{{ … }}` of a variable, an expression or a filter; not the output of
    /// a macro, whose own values are marked inside it) between
    /// [`MEASURE_MARKS`], and starting each rendered file with an empty pair
    /// so that a file built without a template can be told apart. With the
    /// marks removed the output is unchanged. For measuring how much of a
    /// target's output its templates write (docs/templates.md).
    pub fn measuring(mut self) -> Self {
        self.measure = true;
        self
    }

    /// Every file of the override folder must name a built-in template
    /// (files and folders whose name starts with `.` aside): a misspelled
    /// override is refused rather than silently ignored. The findings are
    /// `unknown-template` (a file that names no template) or `unreadable`
    /// (the folder itself), both of which mean specsmith could not run.
    pub fn check(&self) -> Result<(), Vec<Diagnostic>> {
        let Some(dir) = &self.override_dir else {
            return Ok(());
        };
        let mut files = Vec::new();
        if let Err(e) = list_files(dir, "", &mut files) {
            return Err(vec![Diagnostic::new(
                "unreadable",
                Severity::Error,
                Loc::default(),
                format!("cannot read the templates folder {}: {e}", dir.display()),
            )]);
        }
        let problems: Vec<Diagnostic> = files
            .iter()
            .filter(|f| !BUILTIN.iter().any(|(_, n, _)| n == f))
            .map(|f| unknown(dir, f))
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The templates of `target` (built-ins, each replaced by the file of
    /// the same name in the override folder when there is one), ready to render.
    pub fn renderer(&self, target: &'static str) -> Result<Renderer, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // Nothing is escaped, whatever the file name says (`page.html`):
        // the emitters pass text already escaped for the file's language.
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        if self.measure {
            // A custom escape mode makes macro output a safe string, written
            // as it is (the values inside it carry their own marks).
            env.set_auto_escape_callback(|_| minijinja::AutoEscape::Custom("measure"));
            env.set_formatter(|out, _, value| {
                if value.is_safe() {
                    write!(out, "{value}")?;
                } else {
                    write!(out, "{}{value}{}", MEASURE_MARKS.0, MEASURE_MARKS.1)?;
                }
                Ok(())
            });
        } else {
            // A string is written as it is, which is what the default
            // formatter writes too, without going through `Display`.
            env.set_formatter(|out, state, value| match value.as_str() {
                Some(text) => Ok(out.write_str(text)?),
                None => minijinja::escape_formatter(out, state, value),
            });
        }
        let mut overridden = Vec::new();
        for (name, source) in builtin(target) {
            match self.override_dir.as_ref().map(|d| d.join(name)) {
                Some(p) if p.is_file() => {
                    let source = std::fs::read_to_string(&p)
                        .map_err(|e| vec![error(target, &format!("{}: {e}", p.display()))])?;
                    env.add_template_owned(name, source)
                        .map_err(|e| vec![error(target, &format!("template {name}: {e:#}"))])?;
                    overridden.push(name);
                }
                _ => env
                    .add_template(name, source)
                    .map_err(|e| vec![error(target, &format!("template {name}: {e:#}"))])?,
            }
        }
        Ok(Renderer {
            env,
            target,
            measure: self.measure,
            overridden,
        })
    }
}

/// One target's templates.
pub struct Renderer {
    env: Environment<'static>,
    target: &'static str,
    measure: bool,
    /// The templates replaced by a file of the override folder.
    overridden: Vec<&'static str>,
}

impl Renderer {
    /// Whether the template `name` is the built-in one (not replaced by an
    /// override), so a caller may rely on what the built-in writes.
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.overridden.contains(&name)
    }

    /// Renders the template `name` (`go/models.go.jinja`); a failure is a
    /// `template-error` naming the target and the template.
    pub fn render(
        &self,
        name: &str,
        ctx: impl serde::Serialize,
    ) -> Result<String, Vec<Diagnostic>> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map(|text| {
                if self.measure {
                    format!("{}{}{text}", MEASURE_MARKS.0, MEASURE_MARKS.1)
                } else {
                    text
                }
            })
            .map_err(|e| vec![error(self.target, &format!("{name}: {e:#}"))])
    }

    /// Renders the template `name`, whose repeated part is its macro
    /// `part`: the template gets the macro's text for each of `items`, in
    /// order, as `parts` (see [`Renderer::parts`]) beside `ctx`'s values,
    /// and an empty `items_key`. A template without the macro (an override
    /// written before it existed) is rendered as it was: `items_key` holds
    /// `items`. Either way the output is what one render writing each item
    /// in a loop writes.
    pub fn render_parts<T: serde::Serialize + Sync>(
        &self,
        name: &str,
        ctx: minijinja::Value,
        items_key: &str,
        part: &str,
        items: &[T],
    ) -> Result<String, Vec<Diagnostic>> {
        let empty = minijinja::context! { parts => empty_list(), ..ctx.clone() };
        let empty = with_key(&empty, items_key, empty_list());
        match self.parts(name, &empty, part, items)? {
            Some(parts) => self.render(name, minijinja::context! { parts => parts, ..empty }),
            None => self.render(
                name,
                with_key(&ctx, items_key, minijinja::Value::from_serialize(items)),
            ),
        }
    }

    /// The text of the template `name`'s macro `part` for each of `items`,
    /// in order, made on every core: each core renders the template once
    /// with `ctx` (where the lists the parts stand for are empty) for a
    /// state to call the macro in, then takes the next item not yet taken
    /// until none is left (items differ in size, so fixed shares would leave
    /// one core idle at the end). `None` when the template has no such
    /// macro.
    pub fn parts<T: serde::Serialize + Sync>(
        &self,
        name: &str,
        ctx: &minijinja::Value,
        part: &str,
        items: &[T],
    ) -> Result<Option<Vec<minijinja::Value>>, Vec<Diagnostic>> {
        // A failure as its message: a worker whose own render failed gives
        // it for every item it takes.
        let message = |e: minijinja::Error| format!("{name}: {e:#}");
        let template = self
            .env
            .get_template(name)
            .map_err(|e| vec![error(self.target, &message(e))])?;
        let made = crate::parallel::in_parallel_with(
            items,
            || template.render_captured(ctx).map_err(message),
            |captured, item| {
                let state = captured.as_ref().map_err(String::clone)?.state();
                if state.lookup(part).is_none() {
                    return Ok(None);
                }
                state
                    .call_macro(part, &[minijinja::Value::from_serialize(item)])
                    .map(|text| Some(minijinja::Value::from_safe_string(text)))
                    .map_err(message)
            },
        );
        let mut parts = Vec::with_capacity(items.len());
        for made in made {
            match made.map_err(|m| vec![error(self.target, &m)])? {
                Some(p) => parts.push(p),
                None => return Ok(None),
            }
        }
        Ok(Some(parts))
    }

    /// Renders the template `name` into `tree` at `path`; a path the tree
    /// refuses is a `template-error` too.
    pub fn render_into(
        &self,
        tree: &mut crate::output::OutputTree,
        path: &str,
        name: &str,
        ctx: impl serde::Serialize,
    ) -> Result<(), Vec<Diagnostic>> {
        let text = self.render(name, ctx)?;
        tree.insert(path, text)
            .map_err(|e| vec![error(self.target, &e.to_string())])
    }
}

/// An empty list, for a template's loop that is rendered apart.
pub fn empty_list() -> minijinja::Value {
    minijinja::Value::from(Vec::<minijinja::Value>::new())
}

/// `ctx` with `key` set to `value`.
fn with_key(ctx: &minijinja::Value, key: &str, value: minijinja::Value) -> minijinja::Value {
    let mut map = std::collections::BTreeMap::new();
    map.insert(key.to_string(), value);
    minijinja::context! { ..minijinja::Value::from(map), ..ctx.clone() }
}

/// The files under `dir`, as `/`-separated paths relative to it, skipping
/// hidden entries.
fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if entry.path().is_dir() {
            list_files(&entry.path(), &format!("{rel}/"), out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// The finding for an override file that names no built-in template: the
/// valid names of its target (or the targets that have templates) and the
/// closest name.
fn unknown(dir: &Path, file: &str) -> Diagnostic {
    let target = file.split_once('/').map(|(t, _)| t);
    let all: Vec<&str> = BUILTIN.iter().map(|(_, n, _)| *n).collect();
    let own: Vec<&str> = target
        .map(|t| builtin(t).map(|(n, _)| n).collect())
        .unwrap_or_default();
    // The closest name of the same target, else of any target, else a
    // template whose file name is the same (a flat `models.py.jinja`).
    let base = file.rsplit('/').next().unwrap_or(file);
    let closest = crate::compat::suggest::closest(file, own.iter().copied())
        .or_else(|| crate::compat::suggest::closest(file, all.iter().copied()))
        .or_else(|| {
            all.iter()
                .copied()
                .find(|n| n.ends_with(&format!("/{base}")))
        });
    let hint = crate::compat::suggest::hint(closest);
    let valid = match target {
        Some(t) if !own.is_empty() => format!("the templates of `{t}` are: {}", own.join(", ")),
        Some(t) if crate::emit::find(t).is_some() => format!(
            "the `{t}` target has no templates to override; targets with templates: {}",
            targets().join(", ")
        ),
        _ => format!(
            "overrides are named `<target>/<file>` like the built-ins; targets with templates: {}",
            targets().join(", ")
        ),
    };
    Diagnostic::new(
        UNKNOWN_TEMPLATE,
        Severity::Error,
        Loc::default(),
        format!(
            "{}: `{file}` names no built-in template{hint}; {valid}",
            dir.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A renderer of `typescript/models.ts.jinja` replaced by `source`.
    fn renderer_of(source: &str) -> (tempfile::TempDir, Renderer) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(dir.path().join("typescript")).expect("a folder");
        std::fs::write(dir.path().join("typescript/models.ts.jinja"), source).expect("a file");
        let renderer = Templates::new(Some(dir.path()))
            .renderer("typescript")
            .expect("the templates compile");
        (dir, renderer)
    }

    const NAME: &str = "typescript/models.ts.jinja";

    #[test]
    fn parts_come_back_in_item_order_whatever_core_made_them() {
        // Items of very different sizes, so the cores finish them out of order.
        let (_dir, r) = renderer_of(
            "{% macro part(n) %}{% for _ in range(n % 7 * 50) %}.{% endfor %}{{ n }}{% endmacro %}",
        );
        let items: Vec<usize> = (0..500).collect();
        let parts = r
            .parts(NAME, &minijinja::context! {}, "part", &items)
            .expect("no failure")
            .expect("the macro exists");
        let texts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        let expected: Vec<String> = items
            .iter()
            .map(|n| format!("{}{n}", ".".repeat(n % 7 * 50)))
            .collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn a_template_without_the_macro_has_no_parts() {
        // A template from before parts: its loop gets an empty list here.
        let (_dir, r) = renderer_of("{% for t in types %}{{ t }}{% endfor %}");
        let parts = r
            .parts(
                NAME,
                &minijinja::context! { types => empty_list() },
                "part",
                &[1, 2, 3],
            )
            .expect("no failure");
        assert!(parts.is_none());
    }

    #[test]
    fn a_part_that_fails_is_a_template_error_naming_the_template() {
        let (_dir, r) = renderer_of("{% macro part(n) %}{{ n.missing.field }}{% endmacro %}");
        let found = r
            .parts(NAME, &minijinja::context! {}, "part", &[1, 2, 3])
            .expect_err("the macro fails");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "template-error");
        assert!(
            found[0]
                .message
                .starts_with("typescript: typescript/models.ts.jinja: "),
            "{}",
            found[0].message
        );
    }
}
