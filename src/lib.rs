//! specsmith: lint, compatibility-check and generate code from OpenAPI
//! descriptions. The library does the work; `main.rs` is a thin CLI over it.
//!
//! Whatever the input, no path may panic (docs/reliability.md): outside
//! tests, `unwrap`, `expect` and `panic!` do not compile.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod compat;
pub mod config;
pub mod diag;
pub mod emit;
pub mod findings;
pub mod generate;
pub mod ir;
pub mod lint;
pub mod load;
pub mod naming;
pub mod output;
mod parallel;
pub mod pipeline;
pub mod timings;
pub mod vectors;
