//! Unit tests of `constraints`.

use super::*;

fn one(b: Constraints, h: Constraints) -> Change {
    let mut c = changes(&b, &h, || Value::Null);
    assert_eq!(c.len(), 1, "{c:?}");
    c.remove(0)
}

#[test]
fn a_tighter_pattern_has_a_witness() {
    let c = one(
        Constraints {
            pattern: Some(r"^(/|[A-Za-z]:[\\/])".into()),
            ..Default::default()
        },
        Constraints {
            pattern: Some("^/.*".into()),
            ..Default::default()
        },
    );
    assert_eq!(c.way, Way::Narrowed);
    let w = c.witness.unwrap();
    let w = w.as_str().unwrap();
    assert!(regex::Regex::new(r"^(/|[A-Za-z]:[\\/])")
        .unwrap()
        .is_match(w));
    assert!(!w.starts_with('/'));
}

#[test]
fn bounds_and_lengths_have_directions() {
    let c = one(
        Constraints {
            max_length: Some(64),
            ..Default::default()
        },
        Constraints {
            max_length: Some(32),
            ..Default::default()
        },
    );
    assert_eq!((c.way, c.witness.unwrap()), (Way::Narrowed, string_of(33)));
    let c = one(
        Constraints {
            minimum: Some(1.0),
            ..Default::default()
        },
        Constraints {
            minimum: Some(1.0),
            exclusive_minimum: true,
            ..Default::default()
        },
    );
    assert_eq!((c.way, c.witness.unwrap()), (Way::Narrowed, json!(1)));
    let c = one(
        Constraints {
            maximum: Some(10.0),
            ..Default::default()
        },
        Constraints::default(),
    );
    assert_eq!((c.way, c.witness.unwrap()), (Way::Widened, json!(11)));
    let c = one(
        Constraints {
            multiple_of: Some(2.0),
            ..Default::default()
        },
        Constraints {
            multiple_of: Some(4.0),
            ..Default::default()
        },
    );
    assert_eq!((c.way, c.witness.unwrap()), (Way::Narrowed, json!(2)));
}

#[test]
fn a_zero_minimum_added_is_no_change() {
    assert!(changes(
        &Constraints::default(),
        &Constraints {
            min_length: Some(0),
            ..Default::default()
        },
        || Value::Null
    )
    .is_empty());
}
