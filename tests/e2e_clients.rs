//! The generated SDK clients end to end: `specsmith generate` of the project
//! spec (with its migration manifest, so old method names exist), the
//! generated rust-server behind the in-memory service of `tests/e2e-server/`
//! on a free loopback port, and each language's scenario in
//! `tests/e2e-clients/<language>/` run against it with that language's real
//! toolchain (from `scripts/install-toolchains.sh`).
//!
//! Runs when `SPECSMITH_CLIENT_SCENARIOS` is set (`make verify` sets it,
//! after installing the toolchains); a language whose toolchain is missing
//! then fails. The table of steps it saw must equal the one in
//! `docs/clients.md`; `SPECSMITH_UPDATE_DOCS=1` writes it there instead.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// Every step, in the order the scenarios run them.
const STEPS: &[&str] = &[
    "box-template-create",
    "box-template-list",
    "box-template-activate",
    "create-from-image",
    "create-from-box-template",
    "pause",
    "list-state-filter",
    "list-metadata-filter",
    "get",
    "resume",
    "extend",
    "backup-snapshot-image-uri",
    "not-found-404",
    "conflict-409",
    "missing-api-key-401",
    "old-method-name",
    "box-template-delete",
];

/// The languages whose clients run the scenario, in table order.
const LANGUAGES: &[&str] = &["typescript", "python", "go", "kotlin", "rust"];

const API_KEY: &str = "e2e-secret";
const START: &str = "<!-- scenario-table:start -->";
const END: &str = "<!-- scenario-table:end -->";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{what} failed:\n{text}");
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &dest);
            }
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// The in-memory server, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the in-memory server next to the generated rust-server; its binary.
fn build_server(gen: &Path) -> PathBuf {
    let e2e = gen.join("e2e-server");
    copy_dir(&repo().join("tests/e2e-server"), &e2e);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = repo().join("target/e2e");
    run(
        Command::new(cargo)
            .args(["build", "--quiet", "--example", "serve"])
            .current_dir(&e2e)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS"),
        "cargo build --example serve",
    );
    target.join("debug/examples/serve")
}

/// A fresh server (empty state) on a free port.
fn start_server(binary: &Path) -> Server {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("the server's first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Server { child, url }
}

/// Runs one language's scenario; its standard output.
fn scenario(lang: &str, gen: &Path, work: &Path, url: &str) -> String {
    let src = repo().join("tests/e2e-clients").join(lang);
    let verify = repo().join("verify");
    let env = |c: &mut Command| {
        c.env("SCENARIO_BASE_URL", url)
            .env("SCENARIO_API_KEY", API_KEY);
    };
    match lang {
        "typescript" => {
            let dir = work.join("typescript");
            std::fs::create_dir_all(&dir).unwrap();
            for f in std::fs::read_dir(gen.join("typescript")).unwrap() {
                let f = f.unwrap();
                std::fs::copy(f.path(), dir.join(f.file_name())).unwrap();
            }
            std::fs::copy(src.join("scenario.ts"), dir.join("scenario.ts")).unwrap();
            std::fs::write(
                dir.join("tsconfig.json"),
                r#"{"compilerOptions":{"target":"ES2022","module":"ESNext","moduleResolution":"bundler","strict":true,"outDir":"out","types":[],"lib":["ES2022","DOM"],"skipLibCheck":true},"include":["*.ts"]}"#,
            )
            .unwrap();
            run(
                Command::new(verify.join("typescript/node_modules/.bin/tsc"))
                    .args(["--project", "tsconfig.json", "--pretty", "false"])
                    .current_dir(&dir),
                "tsc of the TypeScript scenario",
            );
            std::fs::write(dir.join("out/package.json"), r#"{"type":"module"}"#).unwrap();
            let mut c = Command::new("node");
            c.arg("out/scenario.js").current_dir(&dir);
            env(&mut c);
            output(&mut c)
        }
        "python" => {
            let mut c = Command::new(verify.join(".work/venv/bin/python"));
            c.arg(src.join("scenario.py"))
                .env("PYTHONPATH", gen.join("python"))
                .env("PYTHONDONTWRITEBYTECODE", "1");
            env(&mut c);
            output(&mut c)
        }
        "go" => {
            let dir = work.join("go");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(src.join("main.go"), dir.join("main.go")).unwrap();
            std::fs::write(
                dir.join("go.mod"),
                format!(
                    "module scenario\n\ngo 1.24\n\nrequire example.com/sandboxlifecycle v0.0.0\n\nreplace example.com/sandboxlifecycle => {}\n",
                    gen.join("go").display()
                ),
            )
            .unwrap();
            let mut c = Command::new("go");
            c.args(["run", "."])
                .current_dir(&dir)
                .env("GOFLAGS", "-mod=mod")
                .env("GOTOOLCHAIN", "local")
                .env("GOWORK", "off");
            env(&mut c);
            output(&mut c)
        }
        "kotlin" => {
            // The generated package with the scenario beside it, compiled
            // once by Maven with the package's own pom.xml, offline from the
            // repository `scripts/install-toolchains.sh` fills.
            let dir = work.join("kotlin");
            copy_dir(&gen.join("kotlin"), &dir);
            std::fs::create_dir_all(dir.join("scenario")).unwrap();
            std::fs::copy(src.join("Scenario.kt"), dir.join("scenario/Scenario.kt")).unwrap();
            let m2 = verify.join(".work/m2");
            let mvn = |offline: bool| {
                let mut c = Command::new("mvn");
                if offline {
                    c.arg("-o");
                }
                c.args(["-q", "-B", "-Dstyle.color=never"])
                    .arg(format!("-Dmaven.repo.local={}", m2.display()))
                    .args([
                        "-Dkotlin.compiler.incremental=false",
                        "-Dkotlin.compiler.daemon=false",
                        "compile",
                    ])
                    .current_dir(&dir)
                    .env(
                        "MAVEN_OPTS",
                        format!(
                            "{} -XX:TieredStopAtLevel=1",
                            std::env::var("MAVEN_OPTS").unwrap_or_default()
                        ),
                    );
                c
            };
            // Offline once the repository holds the pom's dependencies;
            // the first run resolves them.
            if !mvn(true).status().is_ok_and(|s| s.success()) {
                run(&mut mvn(false), "mvn compile of the Kotlin scenario");
            }
            let pom = std::fs::read_to_string(dir.join("pom.xml")).unwrap();
            let version = |property: &str| {
                let open = format!("<{property}>");
                let start = pom
                    .find(&open)
                    .unwrap_or_else(|| panic!("pom.xml has no {open}"))
                    + open.len();
                let end = start + pom[start..].find('<').unwrap();
                pom[start..end].to_string()
            };
            let mut classpath = vec![dir.join("target/classes")];
            for (group, artifact, property) in [
                ("org/jetbrains/kotlin", "kotlin-stdlib", "kotlin.version"),
                (
                    "org/jetbrains/kotlinx",
                    "kotlinx-serialization-core-jvm",
                    "kotlinx.serialization.version",
                ),
                (
                    "org/jetbrains/kotlinx",
                    "kotlinx-serialization-json-jvm",
                    "kotlinx.serialization.version",
                ),
                (
                    "org/jetbrains/kotlinx",
                    "kotlinx-coroutines-core-jvm",
                    "kotlinx.coroutines.version",
                ),
            ] {
                let v = version(property);
                classpath.push(m2.join(format!("{group}/{artifact}/{v}/{artifact}-{v}.jar")));
            }
            let mut c = Command::new("java");
            c.arg("-XX:TieredStopAtLevel=1")
                .arg("-cp")
                .arg(std::env::join_paths(&classpath).unwrap())
                .arg("scenario.ScenarioKt");
            env(&mut c);
            output(&mut c)
        }
        "rust" => {
            // The generated crate with its default `client` feature, built
            // into the target folder the server's build warmed.
            let dir = work.join("rust");
            std::fs::create_dir_all(dir.join("src")).unwrap();
            std::fs::copy(src.join("main.rs"), dir.join("src/main.rs")).unwrap();
            std::fs::write(
                dir.join("Cargo.toml"),
                format!(
                    "[package]\nname = \"scenario\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nsandbox-lifecycle-models = {{ path = {:?} }}\ntokio = {{ version = \"1.44\", features = [\"macros\", \"rt\"] }}\n",
                    gen.join("rust").display().to_string()
                ),
            )
            .unwrap();
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let target = repo().join("target/e2e");
            run(
                Command::new(cargo)
                    .args(["build", "--quiet"])
                    .current_dir(&dir)
                    .env("CARGO_TARGET_DIR", &target)
                    .env_remove("RUSTFLAGS"),
                "cargo build of the Rust scenario",
            );
            let mut c = Command::new(target.join("debug/scenario"));
            env(&mut c);
            output(&mut c)
        }
        other => panic!("no scenario runner for {other}"),
    }
}

/// Standard output of a scenario; its standard error is shown when it fails.
fn output(c: &mut Command) -> String {
    let out = c.output().expect("run the scenario");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        eprintln!(
            "scenario exited with {}:\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stdout
}

/// One step as a scenario printed it: (name, passed, reason).
type Step = (String, bool, String);

/// The steps a scenario printed.
fn steps_of(out: &str) -> Vec<Step> {
    out.lines()
        .filter_map(|l| l.strip_prefix("step "))
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let name = parts.next().unwrap_or_default().to_string();
            let ok = parts.next() == Some("ok");
            (name, ok, parts.next().unwrap_or_default().to_string())
        })
        .collect()
}

fn table(results: &[(&str, Vec<Step>)]) -> String {
    let mut t = String::from("| step |");
    for (lang, _) in results {
        t.push_str(&format!(" {lang} |"));
    }
    t.push_str("\n|---|");
    for _ in results {
        t.push_str("---|");
    }
    t.push('\n');
    for step in STEPS {
        t.push_str(&format!("| {step} |"));
        for (_, steps) in results {
            let cell = match steps.iter().find(|(n, _, _)| n == step) {
                Some((_, true, _)) => "pass",
                Some((_, false, _)) => "FAIL",
                None => "not run",
            };
            t.push_str(&format!(" {cell} |"));
        }
        t.push('\n');
    }
    t
}

#[test]
fn clients_run_the_lifecycle_scenario_against_the_generated_server() {
    if std::env::var_os("SPECSMITH_CLIENT_SCENARIOS").is_none() {
        eprintln!("skipped: set SPECSMITH_CLIENT_SCENARIOS=1 (make verify does) to run the client scenarios");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let gen = tmp.path().join("gen");
    run(
        Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .args(["generate", "--out"])
            .arg(&gen)
            .current_dir(repo()),
        "specsmith generate",
    );
    let server = build_server(&gen);
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for lang in LANGUAGES {
        let t0 = Instant::now();
        let server = start_server(&server);
        let out = scenario(lang, &gen, tmp.path(), &server.url);
        drop(server);
        eprintln!("{lang}: scenario took {:.1}s", t0.elapsed().as_secs_f64());
        let steps = steps_of(&out);
        for step in STEPS {
            match steps.iter().find(|(n, _, _)| n == step) {
                Some((_, true, _)) => {}
                Some((_, false, why)) => failures.push(format!("{lang} {step}: {why}")),
                None => failures.push(format!("{lang} {step}: not run")),
            }
        }
        for (name, _, _) in &steps {
            assert!(
                STEPS.contains(&name.as_str()),
                "{lang}: unknown step {name}"
            );
        }
        results.push((*lang, steps));
    }
    let table = table(&results);
    eprintln!("{table}");
    assert!(
        failures.is_empty(),
        "failed steps:\n{}",
        failures.join("\n")
    );
    let doc_path = repo().join("docs/clients.md");
    let doc = std::fs::read_to_string(&doc_path).expect("docs/clients.md");
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/clients.md has no {START} … {END} section");
    };
    let fresh = format!("{}{START}\n{table}{}", &doc[..a], &doc[b..]);
    if std::env::var_os("SPECSMITH_UPDATE_DOCS").is_some() {
        std::fs::write(&doc_path, fresh).unwrap();
    } else {
        assert_eq!(
            doc, fresh,
            "docs/clients.md's scenario table is not what the run saw; rerun with SPECSMITH_UPDATE_DOCS=1"
        );
    }
}
