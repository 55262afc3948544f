//! `SPECSMITH_TIMINGS=1`: phase timings on stderr, for finding where a slow
//! run spends its time. Each line is the phase, its own duration and the time
//! since the process started; nothing is printed when the variable is unset.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("SPECSMITH_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// Starts the clock (call first thing in `main`).
pub fn init() {
    start();
}

/// Runs `f` and, when timings are on, prints how long it took.
pub fn phase<T>(label: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let t0 = Instant::now();
    let out = f();
    report(label, t0.elapsed());
    out
}

fn report(label: &str, took: Duration) {
    eprintln!(
        "timing: {label:<28} {:>8.1} ms  (at {:>8.1} ms)",
        took.as_secs_f64() * 1e3,
        start().elapsed().as_secs_f64() * 1e3
    );
}
