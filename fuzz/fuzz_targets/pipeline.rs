//! Any bytes as a spec, through load → lint → lower → every emitter → diff
//! (against itself and against an empty API). Nothing may panic or overflow.
//!
//! ```sh
//! scripts/install-toolchains.sh --fuzz   # cargo-fuzz, pinned
//! cargo +nightly fuzz run pipeline -- -max_len=65536 -rss_limit_mb=2048 -timeout=10
//! ```
//!
//! Seed the corpus with real specs: `mkdir -p fuzz/corpus/pipeline && cp
//! specs/*.yml tests/fixtures/*.yaml tests/fixtures/robust/*.yaml fuzz/corpus/pipeline/`.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use specsmith::compat::{self, manifest::Manifest, DiffOptions};
use specsmith::emit::{self, EmitContext, Header, Shims, TargetOptions};
use specsmith::{ir, lint, load};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz/spec.yaml");
    let Ok(doc) = load::load_text(path, text.to_string(), &load::LoadOptions::default()) else {
        return;
    };
    let lowered = ir::lower(&doc);
    let _ = lint::run(&doc, &lowered.api, None);
    let templates = emit::templates::Templates::new(None);
    let shims = Shims::default();
    for target in emit::targets() {
        let cx = EmitContext {
            api: &lowered.api,
            options: TargetOptions::default(),
            header: Header {
                spec: "spec.yaml".into(),
                command: "specsmith generate".into(),
            },
            shims: &shims,
            templates: &templates,
            notes: Default::default(),
            document: Some(&doc),
            changes: None,
        };
        let _ = target.emit_with_warnings(&cx);
    }
    let opts = DiffOptions::default();
    let _ = compat::diff(&lowered.api, &lowered.api, &Manifest::default(), &opts);
    let _ = specsmith::vectors::build(&lowered.api);
});
