//! Reading specs: YAML or JSON (by content), positions for every node, `$ref`
//! across files (bundled into one document), OpenAPI 3.1 normalised to one
//! canonical form, and deserialisation into `openapiv3` types.

mod bundle;
mod direct;
mod fit;
mod normalize;
mod pending;
pub mod positions;
pub mod yaml;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostic, Loc, Severity};
use positions::{Pos, PosIndex};

pub use bundle::Origin;
pub(crate) use normalize::is_deep_ref;
pub use normalize::{KEPT_KEYWORD_PREFIX, TYPES_MARKER};
pub use pending::{PathItems, PathsPending};

/// Options for [`load`].
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Extra directories that file `$ref`s may reach besides the root spec's
    /// own directory tree.
    pub allowed_roots: Vec<PathBuf>,
    /// Directory that file names in diagnostics are shown relative to.
    pub display_base: Option<PathBuf>,
}

/// One file read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in diagnostics (relative when possible, `/` separators).
    pub display: String,
    pub path: PathBuf,
    /// The text as read, without a leading byte order mark (see `bom`).
    pub text: String,
    /// The file started with a UTF-8 byte order mark (U+FEFF), which `text`
    /// leaves out. Targets that republish the file verbatim put it back.
    pub bom: bool,
    /// The value as read, before bundling and normalisation. For the root
    /// file of a single-file spec this is `Null`: its value moved into
    /// [`Document::bundled`] unchanged.
    pub value: Value,
    pub positions: PosIndex,
    /// What the scan of a JSON text saw of `$ref`, `$id` and `$anchor`
    /// (`None` for YAML, which is not scanned so): the bundler and the
    /// normaliser skip their walks for what the text cannot hold.
    pub ref_hints: Option<positions::RefHints>,
    pub is_json: bool,
}

/// A loaded spec: every file, the bundled raw document, the normalised one and
/// its `openapiv3` form.
#[derive(Debug)]
pub struct Document {
    pub files: Vec<SourceFile>,
    /// The root document with every external `$ref` inlined into `components`
    /// (internal refs kept), before 3.1 normalisation. Lint rules read this.
    pub bundled: Value,
    /// Where inlined parts of `bundled` came from.
    pub origins: Vec<Origin>,
    /// `bundled` after normalisation; what `api` was read from.
    pub normalized: Value,
    pub api: openapiv3::OpenAPI,
    /// The `openapi` version string as written.
    pub version: String,
    /// Findings from loading that were not fatal (duplicate keys, replaced nodes …).
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Is this an OpenAPI 3.1 (or later) document?
    pub fn is_31(&self) -> bool {
        !self.version.starts_with("3.0")
    }

    /// The source location of a pointer into the bundled document.
    pub fn locate(&self, pointer: &str) -> Loc {
        locate(&self.files, &self.origins, pointer)
    }

    /// Looks a node of the bundled document up by pointer.
    pub fn node(&self, pointer: &str) -> Option<&Value> {
        crate::diag::lookup(&self.bundled, pointer)
    }

    pub fn root_file(&self) -> &SourceFile {
        &self.files[0]
    }
}

pub(crate) fn locate(files: &[SourceFile], origins: &[Origin], pointer: &str) -> Loc {
    // The longest origin prefix wins: inlined components come from other files.
    let mut best: Option<&Origin> = None;
    for o in origins {
        let p = o.bundled_pointer.as_str();
        let within = pointer
            .strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if within && best.is_none_or(|b| b.bundled_pointer.len() < p.len()) {
            best = Some(o);
        }
    }
    let (file_idx, file_pointer) = match best {
        Some(o) => (o.file, {
            let rest = &pointer[o.bundled_pointer.len()..];
            let mut p = String::with_capacity(o.file_pointer.len() + rest.len());
            p.push_str(&o.file_pointer);
            p.push_str(rest);
            p
        }),
        None => (0, pointer.to_string()),
    };
    let file = &files[file_idx];
    let Pos { line, col } = file.positions.nearest(&file_pointer);
    Loc {
        file: file.display.clone(),
        line,
        col,
        pointer: file_pointer,
    }
}

/// Why a spec could not be loaded at all.
#[derive(Debug)]
pub struct LoadFailure {
    pub diagnostics: Vec<Diagnostic>,
}

/// Makes the shown form of a path: relative to `base` when inside it.
pub fn display_path(path: &Path, base: Option<&Path>) -> String {
    let shown = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Parses one file's text: JSON when it looks like JSON, else YAML.
pub fn parse_text(
    display: &str,
    path: &Path,
    text: String,
) -> Result<(SourceFile, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bom = text.starts_with('\u{feff}');
    let text = if bom {
        text['\u{feff}'.len_utf8()..].to_string()
    } else {
        text
    };
    let loc = |pos: Pos, pointer: &str| Loc {
        file: display.to_string(),
        line: pos.line,
        col: pos.col,
        pointer: pointer.to_string(),
    };
    let trimmed = text.trim_start();
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    // Block-style YAML is limited while it is parsed; JSON (and YAML flow
    // style) is measured before the YAML parser would pay for its nesting.
    // serde_json stops by itself at 128 levels (an error, which lands here),
    // so a document it reads is never too deep and is not measured.
    let too_deep_here = || {
        too_deep(&text, yaml::MAX_DEPTH).map(|pos| {
            vec![Diagnostic::new(
                "nesting-too-deep",
                Severity::Error,
                loc(pos, ""),
                format!(
                    "the document nests deeper than {} levels here; specsmith refuses it",
                    yaml::MAX_DEPTH
                ),
            )]
        })
    };
    if looks_json {
        // The position index needs only the text: build it beside the parse.
        let (parsed, (positions, ref_hints)) = std::thread::scope(|s| {
            let index = s.spawn(|| positions::index_json(&text));
            let parsed = serde_json::from_str::<Value>(&text);
            let positions = match index.join() {
                Ok(p) => p,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (parsed, positions)
        });
        if parsed.is_err() {
            if let Some(refused) = too_deep_here() {
                return Err(refused);
            }
        }
        match parsed {
            Ok(value) => {
                return Ok((
                    SourceFile {
                        display: display.to_string(),
                        path: path.to_path_buf(),
                        text,
                        bom,
                        value,
                        positions,
                        ref_hints: Some(ref_hints),
                        is_json: true,
                    },
                    Vec::new(),
                ));
            }
            Err(e)
                if e.classify() == serde_json::error::Category::Syntax
                    || e.classify() == serde_json::error::Category::Eof =>
            {
                // JSON is also YAML; a file that fails as JSON may still be YAML
                // flow syntax. Fall through, but keep the JSON error if YAML fails too.
                let yaml = yaml::parse(&text);
                if yaml.issues.iter().any(|i| i.fatal) {
                    let pos = Pos {
                        line: positions::count(e.line()),
                        col: positions::count(e.column()),
                    };
                    return Err(vec![Diagnostic::new(
                        "json-syntax",
                        Severity::Error,
                        loc(pos, ""),
                        format!("JSON syntax error: {e}"),
                    )]);
                }
                return finish_yaml(display, path, text, bom, yaml);
            }
            Err(e) => {
                let pos = Pos {
                    line: positions::count(e.line()),
                    col: positions::count(e.column()),
                };
                return Err(vec![Diagnostic::new(
                    "json-syntax",
                    Severity::Error,
                    loc(pos, ""),
                    format!("JSON error: {e}"),
                )]);
            }
        }
    }
    let yaml = yaml::parse(&text);
    finish_yaml(display, path, text, bom, yaml)
}

fn finish_yaml(
    display: &str,
    path: &Path,
    text: String,
    bom: bool,
    doc: yaml::YamlDoc,
) -> Result<(SourceFile, Vec<Diagnostic>), Vec<Diagnostic>> {
    let diags: Vec<Diagnostic> = doc
        .issues
        .iter()
        .map(|i| {
            Diagnostic::new(
                i.rule,
                i.severity,
                Loc {
                    file: display.to_string(),
                    line: i.pos.line,
                    col: i.pos.col,
                    pointer: i.pointer.clone(),
                },
                i.message.clone(),
            )
        })
        .collect();
    if doc.issues.iter().any(|i| i.fatal) {
        return Err(diags);
    }
    Ok((
        SourceFile {
            display: display.to_string(),
            path: path.to_path_buf(),
            text,
            bom,
            value: doc.value,
            positions: doc.positions,
            ref_hints: None,
            is_json: false,
        },
        diags,
    ))
}

/// Where flow brackets (`{` `[` outside quotes, the nesting of JSON and of
/// YAML flow style) first nest deeper than `max`, found in one pass over the
/// text before anything is parsed, so a hostile document costs time and
/// memory linear in its size. Block-style YAML nesting is limited while
/// parsing ([`yaml::MAX_DEPTH`]).
fn too_deep(text: &str, max: usize) -> Option<Pos> {
    let mut depth = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let mut comment = false;
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            line += 1;
            line_start = i + 1;
            comment = false;
            continue;
        }
        if comment {
            continue;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == b'\\' && q == b'"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'"' => quote = Some(b'"'),
                // A YAML single quote starts a string only where a scalar can
                // start; inside plain words (`don't`) it is a letter.
                b'\'' if i == 0 || matches!(b[i - 1], b' ' | b'[' | b'{' | b',' | b':' | b'\t') => {
                    quote = Some(b'\'')
                }
                b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => comment = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth > max {
                        let col = positions::count(text[line_start..i].chars().count() + 1);
                        return Some(Pos { line, col });
                    }
                }
                b'}' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

/// Loads a spec from a file, following file `$ref`s.
pub fn load(path: &Path, opts: &LoadOptions) -> Result<Document, LoadFailure> {
    load_text(path, read_root(path, opts)?, opts)
}

/// Loads a spec like [`load`], leaving its path items to be read on another
/// core while the rest is lowered ([`PathsPending`]).
pub fn load_but_paths(path: &Path, opts: &LoadOptions) -> Result<PathsPending, LoadFailure> {
    let text = read_root(path, opts)?;
    load_text_with(path, text, opts, true).map(|(doc, pending)| PathsPending::new(doc, pending))
}

/// The root file's text.
fn read_root(path: &Path, opts: &LoadOptions) -> Result<String, LoadFailure> {
    let fail = |rule: &str, msg: String| LoadFailure {
        diagnostics: vec![Diagnostic::new(
            rule,
            Severity::Error,
            Loc {
                file: display_path(path, opts.display_base.as_deref()),
                line: 1,
                col: 1,
                pointer: String::new(),
            },
            msg,
        )],
    };
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return Err(fail("unreadable", "the file is not UTF-8 text".into())),
        },
        Err(e) => return Err(fail("unreadable", format!("cannot read the file: {e}"))),
    };
    Ok(text)
}

/// Loads a spec whose root text is already in memory (`path` locates its
/// relative `$ref`s and names it in diagnostics).
pub fn load_text(path: &Path, text: String, opts: &LoadOptions) -> Result<Document, LoadFailure> {
    load_text_with(path, text, opts, false).map(|(doc, _)| doc)
}

/// [`load_text`], with the path items left unread when `defer_paths` is set
/// and the rest fits (the `bool`: they are still to be read).
fn load_text_with(
    path: &Path,
    text: String,
    opts: &LoadOptions,
    defer_paths: bool,
) -> Result<(Document, bool), LoadFailure> {
    let display = display_path(path, opts.display_base.as_deref());
    let (root, mut diagnostics) = crate::timings::phase("  parse", || {
        parse_text(&display, path, text).map_err(|d| LoadFailure { diagnostics: d })
    })?;
    let version = root
        .value
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_string);
    let Some(version) = version else {
        let msg = if root.value.get("swagger").is_some() {
            "this is a Swagger 2.0 document; specsmith reads OpenAPI 3.0, 3.1 and 3.2 (convert it first)"
        } else {
            "no `openapi` version field: is this an OpenAPI document?"
        };
        let loc = Loc {
            file: display,
            line: 1,
            col: 1,
            pointer: String::new(),
        };
        return Err(LoadFailure {
            diagnostics: vec![Diagnostic::new("not-openapi", Severity::Error, loc, msg)],
        });
    };
    if !version.starts_with("3.") {
        let pos = root.positions.nearest("/openapi");
        let loc = Loc {
            file: display,
            line: pos.line,
            col: pos.col,
            pointer: "/openapi".into(),
        };
        return Err(LoadFailure {
            diagnostics: vec![Diagnostic::new(
                "not-openapi",
                Severity::Error,
                loc,
                format!("OpenAPI version `{version}` is not supported; use 3.0, 3.1 or 3.2"),
            )],
        });
    }

    let bundled = crate::timings::phase("  bundle", || bundle::bundle(root, opts));
    diagnostics.extend(bundled.diagnostics);
    let files = bundled.files;
    let origins = bundled.origins;
    if diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && FATAL_LOAD_RULES.contains(&d.rule.as_str()))
    {
        return Err(LoadFailure { diagnostics });
    }

    let is_31 = !version.starts_with("3.0");
    // A single JSON file whose scan saw no deep `$ref` and nothing that the
    // bundler rewrites into one (file refs, `$id`s) holds none.
    let deep_refs = match files.as_slice() {
        [root] => root.ref_hints.is_none_or(|h| h.deep || h.external || h.ids),
        _ => true,
    };
    let mut notes = normalize::Notes::default();
    let mut normalized = crate::timings::phase("  normalize", || {
        normalize::normalized_copy(&bundled.value, is_31, deep_refs, &mut notes)
    });
    for (pointer, rule, msg) in notes.changes {
        diagnostics.push(Diagnostic::new(
            rule,
            Severity::Warning,
            locate(&files, &origins, &pointer),
            msg,
        ));
    }

    let (api, pending) = crate::timings::phase("  deserialize", || {
        fit::deserialize(
            &mut normalized,
            &notes.deep_schemas,
            &files,
            &origins,
            &mut diagnostics,
            defer_paths,
        )
    });
    let doc = Document {
        files,
        bundled: bundled.value,
        origins,
        normalized,
        api,
        version,
        diagnostics,
    };
    Ok((doc, pending))
}

/// The operations a path item may hold, in the order the specification
/// lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Load diagnostics that make the document unusable.
const FATAL_LOAD_RULES: &[&str] = &[
    "remote-ref",
    "ref-outside-root",
    "unreadable",
    "yaml-syntax",
    "json-syntax",
    "alias-bomb",
    "nesting-too-deep",
];
