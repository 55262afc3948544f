//! Generated headers name the spec the same way whatever the working folder
//! and however the path was typed: relative to the config's folder when there
//! is one, else to the output root.

use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = "tests/lint/unresolved-ref/negative.yaml";

fn specsmith(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("specsmith runs")
}

fn ok(o: &Output, want: i32) {
    assert_eq!(
        o.status.code(),
        Some(want),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir_all(dir.path().join("x/sub")).expect("folders");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SPEC),
        dir.path().join("x/spec.yaml"),
    )
    .expect("the spec");
    dir
}

fn header(file: &Path) -> String {
    std::fs::read_to_string(file)
        .expect("generated")
        .lines()
        .take(3)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn without_a_config_the_spec_is_named_relative_to_the_output_root() {
    let p = project();
    let d = p.path();
    // Written from x/, the spec typed as `spec.yaml`.
    ok(
        &specsmith(
            &d.join("x"),
            &[
                "generate",
                "spec.yaml",
                "--target",
                "typescript",
                "--out",
                "../out",
            ],
        ),
        0,
    );
    let h = header(&d.join("out/typescript/models.ts"));
    assert!(h.contains("from ../x/spec.yaml."), "{h}");
    assert!(
        !h.contains(&d.to_string_lossy().to_string()),
        "no absolute path: {h}"
    );
    // Checked from other folders, typed other ways: up to date.
    for (cwd, spec, out) in [
        (d.to_path_buf(), "x/spec.yaml", "out"),
        (d.join("out"), "../x/spec.yaml", "."),
        (d.join("x/sub"), "../../x/./spec.yaml", "../../out"),
    ] {
        let abs = d.join("x/spec.yaml");
        for s in [spec, abs.to_str().expect("utf-8")] {
            ok(
                &specsmith(
                    &cwd,
                    &[
                        "generate",
                        s,
                        "--target",
                        "typescript",
                        "--out",
                        out,
                        "--check",
                    ],
                ),
                0,
            );
        }
    }
    // `docs` names its folder the same way.
    ok(&specsmith(d, &["docs", "x/spec.yaml", "--out", "site"]), 0);
    ok(
        &specsmith(
            &d.join("x"),
            &["docs", "spec.yaml", "--out", "../site", "--check"],
        ),
        0,
    );
}

#[test]
fn with_a_config_the_spec_is_named_relative_to_its_folder() {
    let p = project();
    let d = p.path();
    std::fs::write(
        d.join("specsmith.toml"),
        "spec = \"x/spec.yaml\"\n[generate]\nout = \"gen\"\ntargets = [\"typescript\"]\n",
    )
    .expect("config");
    ok(&specsmith(d, &["generate"]), 0);
    let h = header(&d.join("gen/typescript/models.ts"));
    assert!(
        h.contains("from x/spec.yaml.") && h.contains("with: specsmith generate\n"),
        "{h}"
    );
    // From a subfolder (the config is found in a parent): up to date.
    ok(&specsmith(&d.join("x/sub"), &["generate", "--check"]), 0);
    // The spec named explicitly, from two folders, typed two ways: the same header.
    ok(&specsmith(d, &["generate", "x/spec.yaml"]), 0);
    let h = header(&d.join("gen/typescript/models.ts"));
    assert!(h.contains("with: specsmith generate x/spec.yaml"), "{h}");
    ok(
        &specsmith(&d.join("x"), &["generate", "spec.yaml", "--check"]),
        0,
    );
    ok(
        &specsmith(&d.join("x/sub"), &["generate", "../spec.yaml", "--check"]),
        0,
    );
}

/// An XML comment may not hold `--`: with a spec whose name has one, the
/// pom's and the .csproj's headers stay well-formed.
#[test]
fn xml_headers_hold_no_double_hyphen() {
    let dir = project();
    std::fs::rename(
        dir.path().join("x/spec.yaml"),
        dir.path().join("x/my--spec.yaml"),
    )
    .expect("renamed");
    let o = specsmith(
        dir.path(),
        &[
            "generate",
            "x/my--spec.yaml",
            "--out",
            "out",
            "--target",
            "kotlin",
            "--target",
            "csharp",
        ],
    );
    ok(&o, 0);
    let out = dir.path().join("out");
    let csproj = std::fs::read_dir(out.join("csharp"))
        .expect("csharp/")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "csproj"))
        .expect("a .csproj");
    for file in [out.join("kotlin/pom.xml"), csproj] {
        let text = std::fs::read_to_string(&file).expect("readable");
        let start = text.find("<!--").expect("a comment") + 4;
        let body = &text[start..start + text[start..].find("-->").expect("closed")];
        assert!(
            body.contains("my- -spec.yaml"),
            "{}: {body}",
            file.display()
        );
        assert!(!body.contains("--"), "{}: {body}", file.display());
    }
}
