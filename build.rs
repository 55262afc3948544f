//! Embeds the built-in templates: every `templates/<target>/*.jinja` file
//! becomes an entry of `BUILTIN` (target, name, source), so a template added to
//! a target's folder is known to the binary, to `--templates` overrides and to
//! their checks without being listed anywhere else.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut entries = Vec::new();
    let mut targets: Vec<_> = std::fs::read_dir(&root)
        .expect("templates/ is readable")
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    targets.sort_by_key(|e| e.file_name());
    for target in targets {
        let dir = target.path();
        println!("cargo:rerun-if-changed={}", dir.display());
        let target = target.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("a target's template folder is readable")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".jinja"))
            .collect();
        files.sort();
        for file in files {
            entries.push((target.clone(), format!("{target}/{file}")));
        }
    }
    let mut out = String::from("/// (target, name, source) of every built-in template.\n");
    out.push_str("pub static BUILTIN: &[(&str, &str, &str)] = &[\n");
    for (target, name) in &entries {
        let _ = writeln!(
            out,
            "    ({target:?}, {name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/templates/{name}\"))),"
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("templates.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
