//! Generates every registered target for every corpus spec in memory: zero
//! panics, and a table of how many specs generate per target plus every
//! fidelity diagnostic (construct a target dropped or approximated) by id.
//! Heavy: run with `cargo test --release --test corpus_generate -- --ignored`
//! (`make verify` does). Skips when ../shared/corpus is absent.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use specsmith::emit::{self, templates::Templates, EmitContext, Header, Shims};
use specsmith::load::LoadOptions;

fn corpus_specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            corpus_specs(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yml" | "yaml" | "json")
        ) {
            out.push(p);
        }
    }
}

#[test]
#[ignore = "heavy: run in release through make verify"]
fn every_target_generates_for_the_corpus() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let mut specs = Vec::new();
    corpus_specs(&corpus, &mut specs);
    let targets = emit::targets();
    let templates = Templates::new(None);
    let shims = Shims::default();
    let mut ok: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut fidelity: BTreeMap<String, usize> = BTreeMap::new();
    let mut panics = Vec::new();
    let mut loaded = 0;
    for spec in &specs {
        let name = spec.strip_prefix(&corpus).unwrap().display().to_string();
        let Ok((_, api, diags)) =
            specsmith::pipeline::load_and_lower(spec, &LoadOptions::default())
        else {
            continue;
        };
        loaded += 1;
        for d in &diags {
            if d.rule.starts_with("fidelity-") {
                *fidelity.entry(d.rule.clone()).or_default() += 1;
            }
        }
        for t in &targets {
            let cx = EmitContext {
                api: &api,
                options: Default::default(),
                header: Header {
                    spec: name.clone(),
                    command: "specsmith generate".into(),
                },
                shims: &shims,
                templates: &templates,
                notes: Default::default(),
                document: None,
            };
            let result = catch_unwind(AssertUnwindSafe(|| t.emit(&cx)));
            for d in cx.notes.take() {
                *fidelity
                    .entry(format!("{} ({})", d.rule, t.name()))
                    .or_default() += 1;
            }
            match result {
                Ok(Ok(_)) => *ok.entry(t.name()).or_default() += 1,
                Ok(Err(diags)) => {
                    for d in &diags {
                        if d.rule.starts_with("fidelity-") {
                            *fidelity
                                .entry(format!("{} ({})", d.rule, t.name()))
                                .or_default() += 1;
                        }
                    }
                    let first = diags
                        .iter()
                        .find(|d| d.severity == specsmith::diag::Severity::Error)
                        .map(|d| format!("{}: {}", d.rule, d.message))
                        .unwrap_or_default();
                    failed
                        .entry(t.name())
                        .or_default()
                        .push(format!("{name}: {first}"));
                }
                Err(_) => panics.push(format!("{} on {name}", t.name())),
            }
        }
    }
    println!("{loaded} of {} corpus specs load", specs.len());
    println!("| target | generated | failed |");
    println!("|---|---:|---:|");
    for t in &targets {
        println!(
            "| {} | {} | {} |",
            t.name(),
            ok.get(t.name()).copied().unwrap_or(0),
            failed.get(t.name()).map_or(0, Vec::len)
        );
    }
    for (t, fails) in &failed {
        for f in fails {
            println!("failed {t}: {f}");
        }
    }
    println!("fidelity diagnostics by rule:");
    for (rule, n) in &fidelity {
        println!("  {rule}: {n}");
    }
    assert!(panics.is_empty(), "panics: {panics:?}");
}
