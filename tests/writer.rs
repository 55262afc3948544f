//! The output writer under faults, through the binary: SIGKILL at random
//! points of a large run, then a run with another spec; two runs into one
//! folder at once. After each, `generate --check` must tell the truth and the
//! folder must hold exactly what its manifest lists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A synthetic spec with `n` object schemas (the shape of
/// scripts/synthetic-spec.py), named `{prefix}N`.
fn synthetic(n: usize, prefix: &str) -> String {
    let mut schemas = Vec::new();
    let mut paths = Vec::new();
    for i in 0..n {
        let next = if i % 10 != 9 && i + 1 < n {
            format!(
                r##","next":{{"$ref":"#/components/schemas/{prefix}{}"}}"##,
                i + 1
            )
        } else {
            String::new()
        };
        schemas.push(format!(
            r#""{prefix}{i}":{{"type":"object","required":["id"],"properties":{{"id":{{"type":"string"}},"count":{{"type":"integer"}},"state":{{"type":"string","enum":["a","b"]}}{next}}}}}"#
        ));
        if i % 10 == 0 {
            paths.push(format!(
                r##""/{p}/{i}":{{"get":{{"operationId":"get{prefix}{i}","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/{prefix}{i}"}}}}}}}}}}}}}}"##,
                p = prefix.to_lowercase()
            ));
        }
    }
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Synthetic","version":"1.0.0"}},"paths":{{{}}},"components":{{"schemas":{{{}}}}}}}"#,
        paths.join(","),
        schemas.join(",")
    )
}

struct Fixture {
    _dir: tempfile::TempDir,
    config: PathBuf,
    a: PathBuf,
    b: PathBuf,
    out: PathBuf,
}

fn fixture(n: usize) -> Fixture {
    let dir = tempfile::tempdir().expect("a temp dir");
    let config = dir.path().join("specsmith.toml");
    std::fs::write(&config, "").expect("an empty config");
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(&a, synthetic(n, "Alpha")).expect("spec a");
    std::fs::write(&b, synthetic(n, "Beta")).expect("spec b");
    let out = dir.path().join("out");
    Fixture {
        _dir: dir,
        config,
        a,
        b,
        out,
    }
}

/// Targets with a file per type, so a run writes many files.
const TARGETS: &[&str] = &["--target", "kotlin", "--target", "csharp"];

fn generate(f: &Fixture, spec: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_specsmith"));
    c.arg("--config")
        .arg(&f.config)
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(&f.out)
        .args(TARGETS)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn run(mut c: Command) -> Output {
    c.output().expect("specsmith runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `root` (relative), the manifest's list, and specsmith's own files.
fn files_on_disk(root: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let p = e.path();
            if e.file_type().expect("a type").is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).expect("under root");
                found.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

fn manifest_paths(root: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(root.join(".specsmith-manifest"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(_, p)| p.to_string()))
        .collect()
}

/// The folder holds exactly the manifest's files, and nothing of a run in progress.
fn assert_consistent(root: &Path, context: &str) {
    let mut disk = files_on_disk(root);
    disk.remove(".specsmith-lock");
    // The record of the last run (what it read and wrote), local to the machine.
    disk.remove(".specsmith-fingerprint");
    assert!(disk.remove(".specsmith-manifest"), "{context}: no manifest");
    assert_eq!(
        disk,
        manifest_paths(root),
        "{context}: disk and manifest differ"
    );
}

/// A small deterministic generator (xorshift), seeded from the clock and
/// printed, so a failing run can be repeated with SPECSMITH_FAULT_SEED.
fn seed() -> u64 {
    let s = std::env::var("SPECSMITH_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
        | 1;
    eprintln!("SPECSMITH_FAULT_SEED={s}");
    s
}

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// How long one full run into an empty folder takes here.
fn full_run_time(f: &Fixture) -> Duration {
    let t = Instant::now();
    let o = run(generate(f, &f.a, &[]));
    assert_eq!(code(&o), 0, "{}", text(&o));
    let took = t.elapsed();
    std::fs::remove_dir_all(&f.out).expect("cleared");
    took
}

#[test]
fn sigkill_at_random_points_then_check_is_right_and_the_next_run_repairs() {
    let f = fixture(400);
    let full = full_run_time(&f);
    let mut state = seed();
    for trial in 0..6 {
        // Alternate the specs so a killed run leaves files the next one does not generate.
        let (spec, other) = if trial % 2 == 0 {
            (&f.a, &f.b)
        } else {
            (&f.b, &f.a)
        };
        let mut child: Child = generate(&f, spec, &[]).spawn().expect("spawned");
        let delay = Duration::from_millis(next(&mut state) % (full.as_millis() as u64 + 1));
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let ctx = format!("trial {trial}, killed after {delay:?}");
        if f.out.exists() {
            // `--check` with the spec being written says "up to date" only if it is.
            let check = run(generate(&f, spec, &["--check"]));
            match code(&check) {
                0 => assert_consistent(&f.out, &ctx),
                1 => {}
                c => panic!("{ctx}: --check exited {c}: {}", text(&check)),
            }
        }
        // The next run, with the other spec, repairs and leaves no orphans.
        let o = run(generate(&f, other, &[]));
        assert_eq!(code(&o), 0, "{ctx}: {}", text(&o));
        assert_consistent(&f.out, &ctx);
        let check = run(generate(&f, other, &["--check"]));
        assert_eq!(code(&check), 0, "{ctx}: {}", text(&check));
        let prefix = if trial % 2 == 0 { "alpha" } else { "beta" };
        let left: Vec<String> = manifest_paths(&f.out)
            .into_iter()
            .filter(|p| p.to_lowercase().contains(prefix))
            .collect();
        assert!(
            left.is_empty(),
            "{ctx}: orphans of the killed run: {left:?}"
        );
    }
}

#[test]
fn two_runs_into_one_folder_at_once_leave_it_consistent() {
    let f = fixture(150);
    for trial in 0..3 {
        let (first, second) = if trial % 2 == 0 {
            (&f.a, &f.b)
        } else {
            (&f.b, &f.a)
        };
        let x = generate(&f, first, &[]).spawn().expect("spawned");
        let y = generate(&f, second, &[]).spawn().expect("spawned");
        let (x, y) = (
            x.wait_with_output().expect("ran"),
            y.wait_with_output().expect("ran"),
        );
        for o in [&x, &y] {
            assert!(
                [0, 2].contains(&code(o)),
                "trial {trial}: exit {}: {}",
                code(o),
                text(o)
            );
        }
        assert!(code(&x) == 0 || code(&y) == 0, "trial {trial}: neither ran");
        assert_consistent(&f.out, &format!("trial {trial}"));
        let up_to_date = |spec: &Path| code(&run(generate(&f, spec, &["--check"]))) == 0;
        assert!(
            up_to_date(&f.a) != up_to_date(&f.b),
            "trial {trial}: exactly one spec's output must be there"
        );
    }
}

#[test]
fn a_run_that_cannot_get_the_lock_in_time_exits_2_and_names_the_holder() {
    let f = fixture(10);
    std::fs::create_dir_all(&f.out).expect("out");
    // This test holds the lock as a running `generate` would.
    let mut lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(f.out.join(".specsmith-lock"))
        .expect("lock file");
    lock.try_lock().expect("locked");
    std::io::Write::write_all(&mut lock, b"specsmith generate other.yaml").expect("named");
    let t = Instant::now();
    let o = run(generate(&f, &f.b, &["--lock-timeout", "1"]));
    assert!(t.elapsed() >= Duration::from_secs(1), "it waited");
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("in use by another specsmith run (`specsmith generate other.yaml`)"),
        "{}",
        text(&o)
    );
    assert!(
        !f.out.join(".specsmith-manifest").exists(),
        "nothing written"
    );
    // `--check` waits for the writer too.
    let o = run(generate(&f, &f.b, &["--check", "--lock-timeout", "0"]));
    assert_eq!(code(&o), 2, "{}", text(&o));
    lock.unlock().expect("unlocked");
    let o = run(generate(&f, &f.b, &["--lock-timeout", "0"]));
    assert_eq!(code(&o), 0, "{}", text(&o));
}

#[test]
fn a_users_file_at_a_generated_path_is_refused_with_exit_2_unless_forced() {
    let f = fixture(10);
    let o = run(generate(&f, &f.a, &[]));
    assert_eq!(code(&o), 0, "{}", text(&o));
    let mine = f.out.join("kotlin/synthetic/Alpha3.kt");
    assert!(mine.is_file(), "a generated file: {}", mine.display());
    std::fs::remove_dir_all(&f.out).expect("cleared");
    std::fs::create_dir_all(mine.parent().expect("a folder")).expect("out");
    std::fs::write(&mine, "my notes").expect("written");
    let o = run(generate(&f, &f.a, &[]));
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("kotlin/synthetic/Alpha3.kt"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read_to_string(&mine).expect("kept"), "my notes");
    let o = run(generate(&f, &f.a, &["--force"]));
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert_ne!(
        std::fs::read_to_string(&mine).expect("replaced"),
        "my notes"
    );
}
