//! Reading manifests (short and long forms, every problem reported) and the
//! questions asked of them.

use super::*;

const SAMPLE: &str = "aliases: { serve: true, until: 2.0.0 }\nschemas:\n  A: B\n  C: { to: D, alias: false }\nproperties:\n  A.x: y\npaths:\n  /a: /b\nparameters:\n  aId: bId\n  getA.q: r\nenum_values:\n  Kind.a: b\nkeep:\n  - Snapshot\n  - /snapshots\n";

#[test]
fn parses_short_and_long_forms() {
    let m = Manifest::parse("m.yaml", SAMPLE).unwrap();
    assert_eq!(m.schema("A").unwrap().to, "B");
    assert_eq!(
        m.schema("A")
            .unwrap()
            .alias
            .as_ref()
            .unwrap()
            .until
            .as_deref(),
        Some("2.0.0")
    );
    assert!(m.schema("C").unwrap().alias.is_none());
    assert_eq!(m.property("A", "x").unwrap().to, "y");
    assert_eq!(m.property("B", "x").unwrap().to, "y");
    assert_eq!(m.parameter("anything", "aId").unwrap().to, "bId");
    assert_eq!(m.parameter("getA", "q").unwrap().to, "r");
    assert!(m.parameter("other", "q").is_none());
    assert_eq!(m.enum_value("Kind", "a").unwrap().to, "b");
    assert_eq!(m.path("/a/{id}").unwrap().0, "/b/{id}");
    assert!(m.path("/ab").is_none());
    assert!(m.kept("Snapshot.imageUri").is_some());
    assert!(m.kept("/snapshots/{id}").is_some());
    assert!(m.kept("SnapshotState").is_none());
    assert_eq!(m.schema("A").unwrap().loc.line, 3);
}

#[test]
fn reports_every_problem() {
    let err = Manifest::parse(
        "m.yaml",
        "bogus: 1\nproperties:\n  nodot: y\npaths:\n  a: /b\n",
    )
    .unwrap_err();
    assert_eq!(err.diagnostics.len(), 3, "{err}");
}
