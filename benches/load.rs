//! Load-and-lower benchmark: wall time (median of runs) and peak memory for
//! the large corpus specs. Each measurement runs in a fresh child process so
//! peak RSS (VmHWM) belongs to that one load. Run: `cargo bench --bench load`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;
const FILES: &[&str] = &[
    "large/stripe-spec3.json",
    "large/stripe-spec3.yaml",
    "large/openai-openapi-3.1.yaml",
    "large/openai-openapi-3.1.json",
    "large/cloudflare-openapi.json",
];

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

fn child(path: &Path) {
    let opts = specsmith::load::LoadOptions::default();
    let start = Instant::now();
    let (_, api, _) = specsmith::pipeline::load_and_lower(path, &opts).expect("loads");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("{ms:.1} {} {}", peak_rss_kib(), api.types.len());
}

fn main() {
    if let Ok(p) = std::env::var("SPECSMITH_BENCH_CHILD") {
        child(Path::new(&p));
        return;
    }
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipped: {} not found", corpus.display());
        return;
    }
    let me = std::env::current_exe().expect("own path");
    println!(
        "| spec | size | load+lower median ms ({RUNS} runs) | min ms | peak RSS MB | IR types |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for f in FILES {
        let path = corpus.join(f);
        if !path.is_file() {
            continue;
        }
        let mut times = Vec::new();
        let mut rss = 0u64;
        let mut types = String::new();
        for _ in 0..RUNS {
            let out = Command::new(&me)
                .env("SPECSMITH_BENCH_CHILD", &path)
                .output()
                .expect("child runs");
            let line = String::from_utf8_lossy(&out.stdout).to_string();
            let parts: Vec<&str> = line.split_whitespace().collect();
            if parts.len() < 3 {
                eprintln!(
                    "{f}: child failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                break;
            }
            times.push(parts[0].parse::<f64>().unwrap_or(f64::NAN));
            rss = rss.max(parts[1].parse().unwrap_or(0));
            types = parts[2].to_string();
        }
        if times.is_empty() {
            continue;
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!(
            "| {f} | {size:.1} MB | {:.0} | {:.0} | {:.0} | {types} |",
            times[times.len() / 2],
            times[0],
            rss as f64 / 1024.0
        );
    }
}
