//! The client model of a spec that uses every feature it decides on.

use std::path::Path;

use super::*;
use crate::emit::{OperationAlias, Shims};
use crate::load::{load_text, LoadOptions};

fn api_of(yaml: &str) -> Api {
    let doc = load_text(
        Path::new("spec.yaml"),
        yaml.to_string(),
        &LoadOptions::default(),
    )
    .map_err(|f| f.diagnostics)
    .expect("loads");
    crate::ir::lower(&doc).api
}

const SPEC: &str = r#"
openapi: 3.1.0
info: { title: T, version: 1.2.0 }
servers:
  - url: https://{region}.example.com/{base}
    variables:
      region: { default: eu, enum: [eu, us] }
      base: { default: v1 }
security:
  - key: []
paths:
  /things/{thingId}:
    parameters:
      - { name: thingId, in: path, required: true, schema: { type: string } }
    get:
      operationId: getThing
      tags: [things, other]
      deprecated: true
      summary: Get one
      parameters:
        - { name: tags, in: query, schema: { type: array, items: { type: string } } }
        - { name: filter, in: query, style: deepObject, schema: { type: object, properties: { a: { type: string } } } }
        - { name: X-Trace, in: header, schema: { type: string } }
        - { name: ids, in: query, style: pipeDelimited, explode: false, schema: { type: array, items: { type: integer } } }
        - { name: session, in: cookie, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: string } } } }
        '404': { description: missing, content: { application/json: { schema: { $ref: '#/components/schemas/Err' } } } }
        4XX: { description: client }
        default: { description: other }
    put:
      operationId: putThing
      security: []
      requestBody:
        required: true
        content:
          application/octet-stream: { schema: { type: string, format: binary } }
          application/x-www-form-urlencoded: { schema: { type: object } }
      responses:
        '204': { description: done }
  /upload:
    post:
      security: [ { bearer: [] }, { basic: [], key: [] } ]
      requestBody:
        content:
          multipart/form-data: { schema: { type: object, properties: { file: { type: string, format: binary } } } }
      responses:
        '201': { description: made, content: { text/plain: { schema: { type: string } } } }
components:
  schemas:
    Err: { type: object, properties: { code: { type: string } } }
  securitySchemes:
    key: { type: apiKey, in: query, name: api_key }
    bearer: { type: http, scheme: bearer }
    basic: { type: http, scheme: basic }
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://t.example.com', scopes: {} } } }
    digest: { type: http, scheme: digest }
"#;

fn model() -> (Api, ClientModel) {
    let api = api_of(SPEC);
    let mut shims = Shims::default();
    shims.operation_aliases.insert(
        "fetchThing".into(),
        OperationAlias {
            to: "getThing".into(),
            until: Some("2.0.0".into()),
        },
    );
    shims.operation_aliases.insert(
        "gone".into(),
        OperationAlias {
            to: "noSuchOperation".into(),
            until: None,
        },
    );
    let m = ClientModel::new(&api, &shims);
    (api, m)
}

fn op<'a>(m: &'a ClientModel, id: &str) -> &'a ClientOp {
    m.operations.iter().find(|o| o.id == id).expect(id)
}

#[test]
fn servers_resolve_their_variables_to_defaults() {
    let (_, m) = model();
    assert_eq!(m.default_base_url(), "https://eu.example.com/v1");
    assert_eq!(
        m.servers[0].variables[1].2,
        vec!["eu".to_string(), "us".into()]
    );
}

#[test]
fn parameter_styles_default_per_location() {
    let (_, m) = model();
    let get = op(&m, "getThing");
    let p = |n: &str| get.params.iter().find(|p| p.wire == n).unwrap();
    assert_eq!(
        (p("thingId").style, p("thingId").explode),
        (Style::Simple, false)
    );
    assert!(p("thingId").required);
    assert_eq!(
        (p("tags").style, p("tags").explode, p("tags").shape),
        (Style::Form, true, ValueShape::Array)
    );
    assert_eq!(
        (p("filter").style, p("filter").shape),
        (Style::DeepObject, ValueShape::Object)
    );
    assert_eq!(
        (p("X-Trace").style, p("X-Trace").explode),
        (Style::Simple, false)
    );
    assert_eq!(
        (p("ids").style, p("ids").explode),
        (Style::PipeDelimited, false)
    );
    assert_eq!(
        (p("session").style, p("session").explode),
        (Style::Form, true)
    );
    // Path first, then query, header, cookie.
    let order: Vec<_> = get.params.iter().map(|p| p.location).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(get.params[0].wire, "thingId");
}

#[test]
fn responses_are_split_into_success_and_errors() {
    let (_, m) = model();
    let get = op(&m, "getThing");
    let ok: Vec<_> = get.successes().map(|r| r.label.as_str()).collect();
    let err: Vec<_> = get.errors().map(|r| (r.label.as_str(), r.status)).collect();
    assert_eq!(ok, ["200"]);
    assert_eq!(
        err,
        [
            ("404", StatusMatch::Code(404)),
            ("4XX", StatusMatch::Range(4)),
            ("default", StatusMatch::Default)
        ]
    );
    assert_eq!(
        get.errors().next().unwrap().ty,
        Some(TypeRef::Named("Err".into()))
    );
    let upload = m.operations.iter().find(|o| o.path == "/upload").unwrap();
    let made = upload.successes().next().unwrap();
    assert!(made.raw && made.ty.is_none());
}

#[test]
fn bodies_pick_their_media_type() {
    let (_, m) = model();
    let put = op(&m, "putThing");
    let body = put.body.as_ref().unwrap();
    assert_eq!((body.kind, body.required), (BodyKind::Form, true));
    let upload = m.operations.iter().find(|o| o.path == "/upload").unwrap();
    assert_eq!(upload.body.as_ref().unwrap().kind, BodyKind::Multipart);
    assert!(upload.id_synthesized);
}

#[test]
fn security_falls_back_to_the_api_and_can_be_none() {
    let (_, m) = model();
    assert_eq!(op(&m, "getThing").security, vec![vec!["key".to_string()]]);
    assert!(op(&m, "putThing").security.is_empty());
    let upload = m.operations.iter().find(|o| o.path == "/upload").unwrap();
    assert_eq!(
        upload.security,
        vec![
            vec!["bearer".to_string()],
            vec!["basic".into(), "key".into()]
        ]
    );
    assert_eq!(
        m.schemes["key"],
        Auth::ApiKey {
            location: ParamLocation::Query,
            name: "api_key".into()
        }
    );
    assert_eq!(m.schemes["bearer"], Auth::Bearer { oauth: false });
    assert_eq!(m.schemes["oauth"], Auth::Bearer { oauth: true });
    assert_eq!(m.schemes["basic"], Auth::Basic);
    assert!(matches!(m.schemes["digest"], Auth::External { .. }));
}

#[test]
fn operations_carry_docs_tags_and_idempotence() {
    let (_, m) = model();
    let get = op(&m, "getThing");
    assert_eq!(get.tag.as_deref(), Some("things"));
    assert!(get.deprecated && get.idempotent);
    assert_eq!(get.summary.as_deref(), Some("Get one"));
    let upload = m.operations.iter().find(|o| o.path == "/upload").unwrap();
    assert!(!upload.idempotent);
}

#[test]
fn renamed_operations_become_aliases_when_the_target_exists() {
    let (api, m) = model();
    assert_eq!(m.aliases.len(), 1);
    assert_eq!(m.aliases[0].old, "fetchThing");
    assert_eq!(m.operations[m.aliases[0].target].id, "getThing");
    assert_eq!(m.aliases[0].until.as_deref(), Some("2.0.0"));
    let (ops, aliases) = m.method_names(Lang::Python, &api).unwrap();
    assert!(ops.contains(&"get_thing".to_string()));
    assert_eq!(aliases, ["fetch_thing"]);
}

#[test]
fn method_names_that_collide_are_refused() {
    let (api, mut m) = model();
    m.aliases[0].old = "get_thing".into();
    let err = m.method_names(Lang::Python, &api).unwrap_err();
    assert!(err[0].message.contains("getThing") && err[0].message.contains("get_thing"));
    assert!(m.method_names(Lang::Go, &api).is_err());
}

/// The C# client of [`SPEC`] plus models named like the client's own types.
fn csharp_client() -> String {
    let spec = SPEC.replace(
        "    Err: { type: object, properties: { code: { type: string } } }",
        "    Err: { type: object, properties: { code: { type: string } } }\n    ApiException: { type: object }\n    RequestBody: { type: object }",
    );
    let api = api_of(&spec);
    let shims = {
        let mut s = Shims::default();
        s.operation_aliases.insert(
            "fetchThing".into(),
            OperationAlias {
                to: "getThing".into(),
                until: Some("2.0.0".into()),
            },
        );
        s
    };
    let templates = crate::emit::templates::Templates::new(None);
    let cx = EmitContext {
        api: &api,
        options: Default::default(),
        header: crate::emit::Header {
            spec: "spec.yaml".into(),
            command: "specsmith generate".into(),
        },
        shims: &shims,
        templates: &templates,
        notes: Default::default(),
        document: None,
        changes: None,
    };
    let mut tree = OutputTree::new();
    csharp::emit(&cx, &mut tree).expect("generates");
    let bytes = tree.get("TClient.cs").expect("TClient.cs");
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn csharp_client_methods_bodies_credentials_and_aliases() {
    let text = csharp_client();
    // Model names win; the client's types take its name as a prefix.
    assert!(text.contains("public sealed class TClientApiException : Exception"));
    assert!(text.contains("private sealed class TClientRequestBody"));
    // Path, then required, then optional arguments, then the token.
    assert!(
        text.contains("[global::System.Obsolete(\"The API marks this operation deprecated.\")]\n    public global::System.Threading.Tasks.Task<string> GetThingAsync(string thingId, List<string>? tags = null,"),
        "{text}"
    );
    assert!(
        text.contains("global::System.Threading.CancellationToken cancellationToken = default) =>")
    );
    assert!(text.contains("PutThingAsync(string thingId, global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, string>> body,"));
    assert!(text.contains("global::System.Net.Http.MultipartFormDataContent? body = null"));
    assert!(text.contains("Task<byte[]>"));
    assert!(text.contains("new(\"404\", false, \"json\", Decode<Err>)"));
    // Credentials: a value and a provider per scheme; basic is a NetworkCredential.
    assert!(text.contains("public global::System.Net.NetworkCredential? Basic { get; set; }"));
    assert!(text.contains("public global::System.Func<global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<string>>? BearerProvider { get; set; }"));
    assert!(text.contains("query.Add(global::System.Uri.EscapeDataString(\"api_key\")"));
    assert!(text.contains("public string UserAgent { get; set; } = \"t-csharp/1.2.0\";"));
    assert!(
        text.contains("public const string DefaultBaseAddress = \"https://eu.example.com/v1\";")
    );
    // The old name of a renamed operation.
    assert!(text.contains(
        "[global::System.Obsolete(\"Renamed to GetThingAsync; kept until version 2.0.0.\")]\n    public global::System.Threading.Tasks.Task<string> FetchThingAsync("
    ));
}
