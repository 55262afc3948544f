//! `generate --check` on a folder the last `generate` left: through the
//! binary, the record beside the manifest lets it answer "up to date"
//! without generating (seen in the `SPECSMITH_TIMINGS=1` phases: no `load
//! and lower`), and any change to what the run read or wrote sends it to
//! the full comparison, which reports the drift with a diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: A pet
          content:
            application/json:
              schema:
                $ref: "schemas.yaml#/Pet"
"#;

const SCHEMAS: &str = r#"Pet:
  type: object
  required: [id]
  properties:
    id:
      type: string
    name:
      type: string
"#;

const CONFIG: &str = r#"spec = "spec.yaml"

[generate]
out = "out"
targets = ["python", "typescript"]

[generate.target.python]
package = "pets"
"#;

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("a temp dir");
        let p = Project { dir };
        p.write("spec.yaml", SPEC);
        p.write("schemas.yaml", SCHEMAS);
        p.write("specsmith.toml", CONFIG);
        p
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("folders");
        std::fs::write(p, text).expect("written");
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("readable")
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn run(&self, args: &[&str]) -> Run {
        let o = Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .current_dir(self.dir.path())
            .env("SPECSMITH_TIMINGS", "1")
            .args(args)
            .output()
            .expect("specsmith runs");
        Run(o)
    }

    /// `generate` with `args`, which must succeed.
    fn generate(&self, args: &[&str]) {
        let mut all = vec!["generate"];
        all.extend(args);
        self.run(&all).code(0);
    }

    fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["generate", "--check"];
        all.extend(args);
        self.run(&all)
    }
}

struct Run(Output);

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).to_string()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).to_string()
    }

    fn code(&self, want: i32) -> &Run {
        assert_eq!(
            self.0.status.code(),
            Some(want),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Answered from the record: the files were hashed, nothing was loaded.
    fn fast(&self) -> &Run {
        let err = self.stderr();
        assert!(err.contains("timing: hash generated files"), "{err}");
        assert!(!err.contains("timing: load and lower"), "{err}");
        self
    }

    /// Generated and compared in full.
    fn full(&self) -> &Run {
        let err = self.stderr();
        assert!(err.contains("timing: load and lower"), "{err}");
        self
    }

    fn up_to_date(&self) -> &Run {
        self.code(0);
        assert!(
            self.stdout().contains("generated files are up to date"),
            "{}",
            self.stdout()
        );
        self
    }

    /// Drift, with the diff of `file` on stdout.
    fn drift_in(&self, file: &str) -> &Run {
        self.code(1).full();
        let out = self.stdout();
        assert!(out.contains(&format!("+++ b/{file}")), "{out}");
        self
    }
}

/// The python model file, which shows the schemas' properties.
const MODELS: &str = "out/python/pets/models.py";

#[test]
fn an_up_to_date_folder_is_answered_from_the_record_with_the_same_message() {
    let p = Project::new();
    p.generate(&[]);
    let fast = p.check(&[]);
    fast.up_to_date().fast();
    // The full comparison says the same, file count included.
    std::fs::remove_file(p.path("out/.specsmith-fingerprint")).expect("a record");
    let full = p.check(&[]);
    full.up_to_date().full();
    assert_eq!(fast.stdout(), full.stdout());
    // --check writes no record: still the full comparison.
    p.check(&[]).up_to_date().full();
}

/// `generate` with `args` into a folder it may find up to date.
fn write_run(p: &Project, args: &[&str]) -> Run {
    let mut all = vec!["generate"];
    all.extend(args);
    let r = p.run(&all);
    r.code(0);
    r
}

#[test]
fn generate_into_an_up_to_date_folder_writes_nothing() {
    let p = Project::new();
    let first = write_run(&p, &[]);
    let files = first
        .stdout()
        .split_whitespace()
        .next()
        .expect("a count")
        .to_string();
    let before = std::fs::metadata(p.path(MODELS))
        .and_then(|m| m.modified())
        .expect("a time");
    let again = write_run(&p, &[]);
    again.fast();
    assert_eq!(
        again.stdout(),
        format!("0 written, {files} unchanged, 0 deleted under out\n")
    );
    let after = std::fs::metadata(p.path(MODELS))
        .and_then(|m| m.modified())
        .expect("a time");
    assert_eq!(before, after, "the model file was not touched");
    // The full run says the same about the folder.
    std::fs::remove_file(p.path("out/.specsmith-fingerprint")).expect("a record");
    let full = write_run(&p, &[]);
    full.full();
    assert_eq!(full.stdout(), again.stdout());
}

#[test]
fn generate_rewrites_what_the_record_does_not_vouch_for() {
    let p = Project::new();
    p.generate(&[]);
    let models = p.read(MODELS);
    // A hand edit is undone by a full run.
    p.edit(MODELS, "name", "nickname");
    let r = write_run(&p, &[]);
    r.full();
    assert!(r.stdout().starts_with("1 written"), "{}", r.stdout());
    assert_eq!(p.read(MODELS), models);
    // A changed spec is generated again.
    p.edit("schemas.yaml", "    name:", "    nickname:");
    write_run(&p, &[]).full();
    assert!(p.read(MODELS).contains("nickname"));
    // --verbose lists every finding, which only a full run has.
    write_run(&p, &["--verbose"]).full();
}

#[test]
fn the_record_is_local_and_not_in_the_manifest() {
    let p = Project::new();
    p.generate(&[]);
    let manifest = p.read("out/.specsmith-manifest");
    assert!(!manifest.contains("fingerprint"), "{manifest}");
    let record = p.read("out/.specsmith-fingerprint");
    assert!(record.contains("read\tspec.yaml\n"), "{record}");
    assert!(record.contains("read\tschemas.yaml\n"), "{record}");
    assert!(
        !record.contains(&p.dir.path().to_string_lossy().to_string()),
        "no absolute path: {record}"
    );
    // A second run changes nothing, the record included.
    p.generate(&[]);
    assert_eq!(p.read("out/.specsmith-fingerprint"), record);
}

#[test]
fn a_hand_edited_generated_file_is_drift() {
    let p = Project::new();
    p.generate(&[]);
    p.edit(MODELS, "name", "nickname");
    p.check(&[]).drift_in("python/pets/models.py");
}

#[test]
fn a_deleted_generated_file_is_drift() {
    let p = Project::new();
    p.generate(&[]);
    std::fs::remove_file(p.path(MODELS)).expect("removed");
    p.check(&[]).drift_in("python/pets/models.py");
}

#[test]
fn a_changed_spec_is_drift() {
    let p = Project::new();
    p.generate(&[]);
    p.edit("spec.yaml", "title: Pets", "title: Pet store");
    p.check(&[]).code(1).full();
}

#[test]
fn a_changed_file_the_spec_refers_to_is_drift() {
    let p = Project::new();
    p.generate(&[]);
    p.edit("schemas.yaml", "    name:", "    nickname:");
    p.check(&[]).drift_in("python/pets/models.py");
}

#[test]
fn a_changed_config_is_drift() {
    let p = Project::new();
    p.generate(&[]);
    p.edit(
        "specsmith.toml",
        "package = \"pets\"",
        "package = \"animals\"",
    );
    p.check(&[]).code(1).full();
}

#[test]
fn a_changed_template_override_is_drift() {
    let p = Project::new();
    p.edit(
        "specsmith.toml",
        "out = \"out\"",
        "out = \"out\"\ntemplates = \"templates\"",
    );
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/python/py.typed.jinja"),
    )
    .expect("the built-in template");
    p.write("templates/python/py.typed.jinja", &builtin);
    p.generate(&[]);
    p.check(&[]).up_to_date().fast();
    p.write(
        "templates/python/py.typed.jinja",
        &format!("{builtin}# overridden\n"),
    );
    p.check(&[]).drift_in("python/pets/py.typed");
}

#[test]
fn a_manifest_entry_added_by_hand_is_seen_as_the_full_comparison_sees_it() {
    let p = Project::new();
    p.generate(&[]);
    p.write("out/python/pets/old.py", "# no longer generated\n");
    let manifest = p.read("out/.specsmith-manifest");
    p.write(
        "out/.specsmith-manifest",
        &format!("{manifest}python\tpython/pets/old.py\n"),
    );
    let o = p.check(&[]);
    o.code(1).full();
    assert!(
        o.stderr().contains("Removed(\"python/pets/old.py\")"),
        "{}",
        o.stderr()
    );
}

#[test]
fn an_interrupted_run_is_drift() {
    let p = Project::new();
    p.generate(&[]);
    p.write("out/python/.models.py.specsmith-tmp", "half");
    let o = p.check(&[]);
    o.code(1).full();
    assert!(
        o.stdout().contains("left by an interrupted run"),
        "{}",
        o.stdout()
    );
}

#[test]
fn no_record_or_an_unreadable_one_means_the_full_comparison() {
    let p = Project::new();
    p.generate(&[]);
    let record = p.read("out/.specsmith-fingerprint");
    // A folder written before records existed: no record.
    std::fs::remove_file(p.path("out/.specsmith-fingerprint")).expect("removed");
    p.check(&[]).up_to_date().full();
    // Another format, or a record cut short.
    p.write(
        "out/.specsmith-fingerprint",
        &record.replace("format\t1", "format\t2"),
    );
    p.check(&[]).up_to_date().full();
    p.write("out/.specsmith-fingerprint", &record[..record.len() / 2]);
    p.check(&[]).up_to_date().full();
    // A recorded file digest that does not match: not drift by itself.
    let digest = record
        .lines()
        .find_map(|l| l.strip_prefix("file\tpython\t"))
        .and_then(|rest| rest.split_once('\t'))
        .map(|(d, _)| d.to_string())
        .expect("a python file");
    p.write(
        "out/.specsmith-fingerprint",
        &record.replacen(&digest, &"0".repeat(digest.len()), 1),
    );
    p.check(&[]).up_to_date().full();
}

#[test]
fn selected_targets_use_the_record_of_the_same_selection_only() {
    let p = Project::new();
    p.generate(&[]);
    // Another selection than the recorded run's: compared in full.
    p.check(&["--target", "python"]).up_to_date().full();
    p.generate(&["--target", "python"]);
    p.check(&["--target", "python"]).up_to_date().fast();
    // The record now speaks for python alone.
    p.check(&[]).up_to_date().full();
    p.edit(MODELS, "name", "nickname");
    p.check(&["--target", "python"])
        .drift_in("python/pets/models.py");
}

#[test]
fn options_that_change_the_run_take_the_full_comparison() {
    let p = Project::new();
    p.generate(&[]);
    // --verbose lists every finding, which only a full run has.
    p.check(&["--verbose"]).up_to_date().full();
    // --strict may stop a run that was not strict.
    p.check(&["--strict"]).up_to_date().full();
    // Run from another folder: findings name files relative to it.
    std::fs::create_dir_all(p.path("sub")).expect("a folder");
    let o = Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(p.path("sub"))
        .env("SPECSMITH_TIMINGS", "1")
        .args(["generate", "--check"])
        .output()
        .expect("specsmith runs");
    Run(o).up_to_date().full();
}

#[test]
fn findings_are_printed_again_from_the_record() {
    let p = Project::new();
    // A schema nothing refers to: an `unused-component` warning.
    let spec = p.read("spec.yaml");
    p.write(
        "spec.yaml",
        &format!("{spec}components:\n  schemas:\n    Unused:\n      type: object\n"),
    );
    let first = p.run(&["generate"]);
    first.code(0);
    let summary: Vec<String> = first
        .stderr()
        .lines()
        .filter(|l| !l.starts_with("timing:"))
        .map(str::to_string)
        .collect();
    assert!(
        summary.iter().any(|l| l.contains("unused-component")),
        "{summary:?}"
    );
    let fast = p.check(&[]);
    fast.up_to_date().fast();
    let again: Vec<String> = fast
        .stderr()
        .lines()
        .filter(|l| !l.starts_with("timing:"))
        .map(str::to_string)
        .collect();
    assert_eq!(again, summary);
    std::fs::remove_file(p.path("out/.specsmith-fingerprint")).expect("removed");
    let full = p.check(&[]);
    let full_summary: Vec<String> = full
        .stderr()
        .lines()
        .filter(|l| !l.starts_with("timing:"))
        .map(str::to_string)
        .collect();
    assert_eq!(again, full_summary);
}

#[test]
fn a_docs_run_into_the_folder_replaces_the_record_with_its_own() {
    let p = Project::new();
    p.generate(&[]);
    p.run(&["docs", "--out", "out"]).code(0);
    assert!(p.path("out/.specsmith-fingerprint").exists());
    // That record describes the docs run, not generate's: generate takes
    // the full comparison.
    p.check(&[]).full();
    p.run(&["docs", "--out", "out", "--check"])
        .up_to_date()
        .fast();
}

/// `docs --check` with `args` (after `--out docs`).
fn docs_check(p: &Project, args: &[&str]) -> Run {
    let mut all = vec!["docs", "--out", "docs", "--check"];
    all.extend(args);
    p.run(&all)
}

#[test]
fn docs_check_is_answered_from_the_record() {
    let p = Project::new();
    p.run(&["docs", "--out", "docs"]).code(0);
    docs_check(&p, &[]).up_to_date().fast();
    // A changed spec file: the full comparison, which reports the drift.
    p.edit("schemas.yaml", "name:", "nickname:");
    docs_check(&p, &[]).code(1).full();
}

#[test]
fn docs_check_reads_the_baselines_and_manifests_again() {
    let p = Project::new();
    p.write(
        "old.yaml",
        &SPEC.replace("schemas.yaml#/Pet", "old-schemas.yaml#/Pet"),
    );
    p.write("old-schemas.yaml", &SCHEMAS.replace("name:", "title:"));
    p.write("rename.yaml", "properties:\n  Pet.title: name\n");
    let args = ["--baseline", "old.yaml", "--migration", "rename.yaml"];
    let mut run = vec!["docs", "--out", "docs"];
    run.extend(args);
    p.run(&run).code(0);
    docs_check(&p, &args).up_to_date().fast();
    // A changed file of the baseline changes the release notes.
    p.edit("old-schemas.yaml", "id:", "key:");
    docs_check(&p, &args).code(1).full();
    p.run(&run).code(0);
    docs_check(&p, &args).up_to_date().fast();
    // So may another manifest.
    p.edit("rename.yaml", "Pet.title", "Pet.label");
    docs_check(&p, &args).full();
}

#[test]
fn docs_over_a_git_revision_leave_no_record() {
    let p = Project::new();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(p.dir.path())
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    let args = ["--baseline", "git:HEAD:spec.yaml"];
    let mut run = vec!["docs", "--out", "docs"];
    run.extend(args);
    p.run(&run).code(0);
    // What HEAD names can change while every file stays the same.
    assert!(!p.path("docs/.specsmith-fingerprint").exists());
    docs_check(&p, &args).up_to_date().full();
}
