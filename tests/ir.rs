//! The IR of the project's own specs and of the kitchen-sink fixture, as JSON
//! snapshots: any change to lowering shows up here for review.

use std::path::{Path, PathBuf};

use specsmith::load::LoadOptions;

fn ir_of(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = LoadOptions {
        display_base: Some(root.clone()),
        ..Default::default()
    };
    let (_, api, diags) =
        specsmith::pipeline::load_and_lower(&root.join(rel), &opts).expect("loads");
    assert!(diags.is_empty(), "{rel}: {diags:?}");
    serde_json::to_string_pretty(&api).unwrap()
}

#[test]
fn lifecycle_spec_ir() {
    insta::assert_snapshot!("lifecycle", ir_of("specs/sandbox-lifecycle.yml"));
}

#[test]
fn baseline_spec_ir() {
    insta::assert_snapshot!("baseline", ir_of("specs/baseline/sandbox-lifecycle.yml"));
}

#[test]
fn kitchen_sink_ir() {
    insta::assert_snapshot!("kitchen_sink", ir_of("tests/emit/kitchen-sink.yaml"));
}

#[test]
fn lowering_is_deterministic_and_ignores_map_key_order() {
    // Reordering components and properties (where order carries no meaning
    // for names) yields the same set of types.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/emit/kitchen-sink.yaml")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(
        &serde_json::to_string(&serde_yaml::from_str::<serde_json::Value>(&text).unwrap()).unwrap(),
    )
    .unwrap();
    let schemas = v
        .pointer_mut("/components/schemas")
        .unwrap()
        .as_object_mut()
        .unwrap();
    let mut entries: Vec<(String, serde_json::Value)> =
        std::mem::take(schemas).into_iter().collect();
    entries.reverse();
    schemas.extend(entries);
    let opts = LoadOptions::default();
    let a = specsmith::ir::lower(
        &specsmith::load::load_text(
            &root.join("tests/emit/kitchen-sink.yaml"),
            text.clone(),
            &opts,
        )
        .unwrap(),
    )
    .api;
    let b = specsmith::ir::lower(
        &specsmith::load::load_text(
            &root.join("tests/fixtures/reordered.json"),
            serde_json::to_string(&v).unwrap(),
            &opts,
        )
        .unwrap(),
    )
    .api;
    assert_eq!(
        a.types.keys().collect::<Vec<_>>(),
        b.types.keys().collect::<Vec<_>>()
    );
    let strip = |api: &specsmith::ir::Api| {
        let mut j = serde_json::to_value(api).unwrap();
        strip_locs(&mut j);
        j
    };
    assert_eq!(strip(&a), strip(&b));
}

fn strip_locs(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("loc");
            m.values_mut().for_each(strip_locs);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_locs),
        _ => {}
    }
}

#[test]
fn a_null_alternative_makes_the_other_alternative_nullable() {
    use specsmith::ir::{IntFormat, Primitive, StringFormat, TypeKind, TypeRef};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_, api, diags) = specsmith::pipeline::load_and_lower(
        &root.join("tests/fixtures/null-alternatives.yaml"),
        &LoadOptions::default(),
    )
    .expect("loads");
    assert!(diags.is_empty(), "{diags:?}");
    let TypeKind::Object(job) = &api.get("CreateJob").unwrap().kind else {
        panic!("CreateJob is an object")
    };
    let field = |name: &str| &job.fields.iter().find(|f| f.name == name).unwrap().ty;
    let nullable = |t: TypeRef| t.nullable();
    let string = || TypeRef::Primitive(Primitive::String(StringFormat::Plain));
    assert_eq!(
        field("timeout"),
        &nullable(TypeRef::Primitive(Primitive::Integer(
            IntFormat::Unspecified
        )))
    );
    assert_eq!(field("label"), &nullable(string()));
    assert_eq!(field("tags"), &nullable(TypeRef::Array(Box::new(string()))));
    assert_eq!(
        field("annotations"),
        &nullable(TypeRef::Map(Box::new(string())))
    );
    assert_eq!(field("limits"), &nullable(TypeRef::Named("Limits".into())));
    // Inline enums and objects still get a name of their own.
    assert_eq!(
        field("mode"),
        &nullable(TypeRef::Named("CreateJobMode".into()))
    );
    assert_eq!(
        field("owner"),
        &nullable(TypeRef::Named("CreateJobOwner".into()))
    );
    let mode = api.get("CreateJobMode").unwrap();
    let TypeKind::Enum(e) = &mode.kind else {
        panic!("CreateJobMode is an enum")
    };
    assert!(e.nullable && e.values.len() == 2);
    assert_eq!(mode.docs.description.as_deref(), Some("How fast."));
    // No object types made of a scalar alternative.
    for absent in [
        "CreateJobTimeout",
        "CreateJobLabel",
        "CreateJobTags",
        "CreateJobAnnotations",
    ] {
        assert!(api.get(absent).is_none(), "{absent} should not exist");
    }
    // Components: the type itself is the nullable alternative, with the
    // outer schema's docs and example.
    let count = api.get("MaybeCount").unwrap();
    assert_eq!(
        count.kind,
        TypeKind::Alias {
            target: nullable(TypeRef::Primitive(Primitive::Integer(IntFormat::Int32)))
        }
    );
    assert_eq!(count.docs.example, Some(serde_json::json!(3)));
    let priority = api.get("Priority").unwrap();
    assert!(matches!(&priority.kind, TypeKind::Enum(e) if e.nullable && e.values.len() == 2));
    assert_eq!(priority.docs.description.as_deref(), Some("How urgent."));
    assert_eq!(priority.loc.pointer, "/components/schemas/Priority");
}

#[test]
fn a_type_list_is_a_union_of_its_types_and_null_makes_it_nullable() {
    use specsmith::ir::{IntFormat, Primitive, StringFormat, TypeKind, TypeRef};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_, api, diags) = specsmith::pipeline::load_and_lower(
        &root.join("tests/compat/type-array-changed/base.yaml"),
        &LoadOptions::default(),
    )
    .expect("loads");
    assert!(diags.is_empty(), "{diags:?}");
    let TypeKind::Object(label) = &api.get("Label").unwrap().kind else {
        panic!("Label is an object")
    };
    let value = &label.fields.iter().find(|f| f.name == "value").unwrap().ty;
    assert_eq!(value, &TypeRef::Named("LabelValue".into()).nullable());
    let TypeKind::Union(u) = &api.get("LabelValue").unwrap().kind else {
        panic!("LabelValue is a union")
    };
    assert_eq!(
        u.variants,
        vec![
            TypeRef::Primitive(Primitive::String(StringFormat::Plain)),
            TypeRef::Primitive(Primitive::Integer(IntFormat::Unspecified)),
        ]
    );
}

#[test]
fn a_content_parameter_keeps_its_media_type_and_schema() {
    use specsmith::ir::TypeRef;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_, api, diags) = specsmith::pipeline::load_and_lower(
        &root.join("tests/compat/parameter-content-json/base.yaml"),
        &LoadOptions::default(),
    )
    .expect("loads");
    assert!(diags.is_empty(), "{diags:?}");
    let op = &api.operations[0];
    let filter = op.parameters.iter().find(|p| p.name == "filter").unwrap();
    assert_eq!(filter.content_type.as_deref(), Some("application/json"));
    assert!(filter.is_json());
    assert_eq!(filter.ty, TypeRef::Named("SearchItemsFilter".into()));
    let tag = op.parameters.iter().find(|p| p.name == "tag").unwrap();
    assert_eq!(tag.content_type, None);
    assert!(!tag.is_json());
}

/// `enum: [null]` (how many 3.0 specs say "always null") lists no value of
/// its type: it must not become an enum with no values, which no language
/// can declare (`const ()` in Go, an empty C# switch).
#[test]
fn an_enum_of_null_alone_is_no_enum() {
    use specsmith::ir::{TypeKind, TypeRef};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_, api, _) = specsmith::pipeline::load_and_lower(
        &root.join("tests/fixtures/null-only-enums.yaml"),
        &LoadOptions::default(),
    )
    .expect("loads");
    for (name, t) in &api.types {
        if let TypeKind::Enum(e) = &t.kind {
            assert!(
                e.values.iter().any(|v| !v.value.is_null()),
                "{name} is an enum of null alone"
            );
        }
    }
    let TypeKind::Object(failure) = &api.get("Failure").unwrap().kind else {
        panic!("Failure is an object")
    };
    let field = |name: &str| &failure.fields.iter().find(|f| f.name == name).unwrap().ty;
    let named = |t: &TypeRef| t.non_null().clone();
    let TypeRef::Named(state) = named(field("state")) else {
        panic!("state is a named enum")
    };
    assert!(matches!(
        &api.get(&state).unwrap().kind,
        TypeKind::Enum(e) if e.nullable && e.values.len() == 1 && e.values[0].value == "open"
    ));
    for name in ["result", "code", "count"] {
        if let TypeRef::Named(n) = named(field(name)) {
            assert!(
                !matches!(api.get(&n).unwrap().kind, TypeKind::Enum(_)),
                "{name} became the enum {n}"
            );
        }
    }
}

/// A discriminator's mapping holds type names only: a JSON pointer to an
/// inline variant (through a `$ref` on its way, as PagerDuty writes it)
/// names the type hoisted there, and a value that names no schema is left
/// out with a warning rather than kept as a name no type has.
#[test]
fn a_discriminator_mapping_names_types() {
    use specsmith::ir::TypeKind;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_, api, diags) = specsmith::pipeline::load_and_lower(
        &root.join("tests/emit/discriminator-pointer.yaml"),
        &LoadOptions::default(),
    )
    .expect("loads");
    let TypeKind::Union(u) = &api.get("FieldOptionData").unwrap().kind else {
        panic!("FieldOptionData is a union")
    };
    let mapping = &u.discriminator.as_ref().unwrap().mapping;
    assert_eq!(
        mapping,
        &[
            ("string".to_string(), "FieldOptionDataVariant1".to_string()),
            ("number".to_string(), "NumberData".to_string()),
        ]
    );
    let warned: Vec<_> = diags
        .iter()
        .filter(|d| d.rule == "fidelity-discriminator")
        .collect();
    assert_eq!(warned.len(), 1, "{diags:?}");
    assert!(
        warned[0].message.contains("NoSuchSchema"),
        "{}",
        warned[0].message
    );
}

/// One generated type per shape (docs/generating.md, "One type per shape").
mod one_type_per_shape {
    use specsmith::ir::{Api, TypeKind, TypeRef};

    use super::*;

    fn shapes() -> Api {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let (_, api, diags) = specsmith::pipeline::load_and_lower(
            &root.join("tests/emit/shapes.yaml"),
            &LoadOptions::default(),
        )
        .expect("loads");
        assert!(diags.is_empty(), "{diags:?}");
        api
    }

    fn field<'a>(api: &'a Api, ty: &str, name: &str) -> &'a TypeRef {
        let TypeKind::Object(o) = &api.get(ty).unwrap().kind else {
            panic!("{ty} is an object")
        };
        &o.fields.iter().find(|f| f.name == name).unwrap().ty
    }

    fn response<'a>(api: &'a Api, op: &str, status: &str) -> Vec<&'a TypeRef> {
        let op = api.operations.iter().find(|o| o.id == op).unwrap();
        let r = op.responses.iter().find(|r| r.status == status).unwrap();
        r.content.iter().map(|m| m.ty.as_ref().unwrap()).collect()
    }

    /// The response merges `Payment` through allOf: its `source` union and
    /// `status` enum are `Payment`'s, so a value read can be sent back.
    #[test]
    fn an_all_of_member_keeps_its_inline_enums_and_unions() {
        let api = shapes();
        let read = response(&api, "payOrder", "200")[0];
        assert_eq!(read, &TypeRef::Named("PayOrder200Response".into()));
        for (name, ty) in [("source", "PaymentSource"), ("status", "PaymentStatus")] {
            assert_eq!(field(&api, "Payment", name), &TypeRef::Named(ty.into()));
            assert_eq!(
                field(&api, "PayOrder200Response", name),
                &TypeRef::Named(ty.into()),
                "{name}"
            );
        }
        let copies: Vec<&String> = api
            .types
            .keys()
            .filter(|n| n.starts_with("PayOrder200Response") && *n != "PayOrder200Response")
            .collect();
        assert!(copies.is_empty(), "copies of Payment's types: {copies:?}");
    }

    #[test]
    fn an_xml_media_type_reuses_the_json_type_of_the_same_schema() {
        let api = shapes();
        let types = response(&api, "listOrders", "200");
        assert_eq!(
            types,
            [&TypeRef::Named("ListOrders200Response".into()); 2],
            "application/json and application/xml"
        );
        assert!(api.get("ListOrders200ResponseApplicationXml").is_none());
    }

    /// A shared response or parameter is named after its component, not after
    /// whichever operation reaches it first.
    #[test]
    fn a_shared_component_is_one_type_named_after_it() {
        let api = shapes();
        for op in ["listOrders", "payOrder"] {
            assert_eq!(
                response(&api, op, "503"),
                [&TypeRef::Named("UnavailableResponse".into())],
                "{op}"
            );
            let o = api.operations.iter().find(|o| o.id == op).unwrap();
            let sort = o.parameters.iter().find(|p| p.name == "sort").unwrap();
            assert_eq!(sort.ty, TypeRef::Named("SortParameter".into()), "{op}");
        }
    }

    /// Two inline schemas with one naming path and one shape (an allOf part
    /// repeating a property to make it required) are one type, with no
    /// `…Inline` second and no `hoisted-name-collision` warning.
    #[test]
    fn the_same_shape_under_the_same_name_is_one_type() {
        let api = shapes();
        assert_eq!(
            field(&api, "Shipment", "carrier"),
            &TypeRef::Named("ShipmentCarrier".into())
        );
        assert!(api.get("ShipmentCarrierInline").is_none());
    }

    /// `allOf: [$ref, {description}]` describes the reference: the property is
    /// the referenced type, with the description, not a copy of it named after
    /// the property (which could take a component's name).
    #[test]
    fn a_reference_described_through_all_of_is_the_referenced_type() {
        let api = shapes();
        assert_eq!(
            field(&api, "Order", "refund"),
            &TypeRef::Named("Refund".into())
        );
        assert!(api.get("OrderRefund").is_none());
        let TypeKind::Object(o) = &api.get("Order").unwrap().kind else {
            panic!("Order is an object")
        };
        let refund = o.fields.iter().find(|f| f.name == "refund").unwrap();
        let doc = refund.docs.description.as_deref().unwrap_or_default();
        assert!(doc.starts_with("The refund of this order"), "{doc}");
    }

    /// A shared response whose `…Response` name a schema already has (the
    /// response `Receipt` beside the schema `ReceiptResponse`) names its body
    /// `…ResponseBody`, with no `…Inline` and no warning.
    #[test]
    fn a_shared_response_named_like_a_schema_is_its_body() {
        let api = shapes();
        assert_eq!(
            response(&api, "getReceipt", "200"),
            [&TypeRef::Named("ReceiptResponseBody".into())]
        );
        assert_eq!(
            field(&api, "ReceiptResponseBody", "receipt"),
            &TypeRef::Named("ReceiptResponse".into())
        );
    }

    /// Shapes that merely look alike in unrelated components stay apart:
    /// merging them would name one after the other.
    #[test]
    fn look_alike_shapes_of_different_components_stay_apart() {
        let api = shapes();
        assert_eq!(
            field(&api, "Order", "status"),
            &TypeRef::Named("OrderStatus".into())
        );
        assert_eq!(
            field(&api, "Refund", "status"),
            &TypeRef::Named("RefundStatus".into())
        );
    }
}
