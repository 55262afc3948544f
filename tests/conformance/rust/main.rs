//! Rust conformance harness (protocol: tests/conformance/README.md).
//!
//! Built by `prepare.py`, which writes a Cargo.toml depending on the generated
//! models crate (as `models`) and `dispatch.rs`, a match from the vectors'
//! type names to the crate's types. Each vector is decoded with
//! `serde_json::from_value::<T>` and re-encoded with `serde_json::to_value`;
//! `T` is `Option<Model>` when the model's schema is nullable, as at its use sites.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

mod dispatch;

fn roundtrip<T: DeserializeOwned + Serialize>(v: Value) -> Value {
    match serde_json::from_value::<T>(v) {
        Ok(t) => match serde_json::to_value(&t) {
            Ok(out) => json!({"result": "accepted", "output": out}),
            Err(e) => json!({"result": "accepted", "output": null, "error": format!("encode failed: {e}")}),
        },
        Err(e) => json!({"result": "rejected", "error": e.to_string()}),
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: harness VECTORS_JSON");
    let text = std::fs::read_to_string(&path).expect("read vectors");
    let doc: Value = serde_json::from_str(&text).expect("parse vectors");
    for v in doc["vectors"].as_array().expect("vectors array") {
        let id = v["id"].clone();
        let ty = v["type"].as_str().unwrap_or("");
        let mut line = match dispatch::run(ty, v["value"].clone()) {
            Some(r) => r,
            None => json!({"result": "unsupported", "error": format!("no type for {ty}")}),
        };
        line["id"] = id;
        println!("{line}");
    }
}
