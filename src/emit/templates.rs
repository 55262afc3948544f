//! Built-in minijinja templates (embedded with `include_str!` by each target)
//! with per-file overrides from a user folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::Environment;

/// The template set for one run: built-ins plus overrides.
#[derive(Debug, Default, Clone)]
pub struct Templates {
    override_dir: Option<PathBuf>,
}

impl Templates {
    /// `override_dir` holds files named like the built-ins
    /// (`python/model.py.jinja`) that replace them.
    pub fn new(override_dir: Option<&Path>) -> Self {
        Templates {
            override_dir: override_dir.map(Path::to_path_buf),
        }
    }

    /// An environment holding a target's templates: `builtin` is
    /// `(name, source)` pairs; a file `<override_dir>/<name>` wins.
    pub fn environment(
        &self,
        builtin: &[(&'static str, &'static str)],
    ) -> Result<Environment<'static>, String> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let mut sources: BTreeMap<String, String> = builtin
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        if let Some(dir) = &self.override_dir {
            for name in builtin.iter().map(|(n, _)| *n) {
                let p = dir.join(name);
                if p.is_file() {
                    let text =
                        std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                    sources.insert(name.to_string(), text);
                }
            }
        }
        for (name, source) in sources {
            env.add_template_owned(name.clone(), source)
                .map_err(|e| format!("template {name}: {e}"))?;
        }
        Ok(env)
    }
}
