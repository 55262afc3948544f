//! Drives the generated router over real HTTP on a loopback port: the
//! in-memory service behind it, a hyper client in front.

use std::net::SocketAddr;

use e2e_server::{InMemory, API_KEY};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

struct Reply {
    status: u16,
    headers: hyper::HeaderMap,
    body: Value,
}

struct Client {
    addr: SocketAddr,
}

impl Client {
    async fn send(&self, method: &str, path: &str, key: Option<&str>, body: Option<Value>) -> Reply {
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("connect to the router");
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("HTTP handshake");
        tokio::spawn(conn);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.addr.to_string());
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        let bytes = match &body {
            Some(b) => {
                request = request.header("content-type", "application/json");
                Bytes::from(serde_json::to_vec(b).expect("JSON"))
            }
            None => Bytes::new(),
        };
        let response = sender
            .send_request(request.body(Full::new(bytes)).expect("request"))
            .await
            .expect("response");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let raw = response.into_body().collect().await.expect("body").to_bytes();
        let body = if raw.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&raw).unwrap_or_else(|e| {
                panic!("{method} {path}: body is not JSON ({e}): {}", String::from_utf8_lossy(&raw))
            })
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.send(method, path, Some(API_KEY), body).await
    }
}

async fn start() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(sandbox_lifecycle_server::serve(listener, InMemory::default()));
    Client { addr }
}

fn expect(reply: &Reply, status: u16, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
}

#[tokio::test]
async fn sandbox_lifecycle_over_http() {
    let c = start().await;

    // Box templates: register three, activate one, page through them.
    let mut ids = Vec::new();
    for name in ["python-ml", "node", "rust"] {
        let r = c
            .call(
                "POST",
                "/box-templates",
                Some(json!({"name": name, "artifactRef": format!("registry.example.com/templates/{name}:1")})),
            )
            .await;
        expect(&r, 201, "create a box template");
        assert_eq!(r.body["name"], name);
        assert_eq!(r.body["state"], "Inactive");
        ids.push(r.body["id"].as_str().expect("id").to_owned());
    }
    let r = c.call("POST", &format!("/box-templates/{}/activate", ids[0]), None).await;
    expect(&r, 200, "activate");
    assert_eq!(r.body["state"], "Active");

    let first = c.call("GET", "/box-templates?pageSize=2", None).await;
    expect(&first, 200, "first page");
    assert_eq!(first.body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(first.body["pagination"]["pageSize"], 2);
    assert_eq!(first.body["pagination"]["totalCount"], 3);
    let token = first.body["pagination"]["nextPageToken"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = c
        .call("GET", &format!("/box-templates?pageSize=2&pageToken={token}"), None)
        .await;
    expect(&second, 200, "second page");
    assert_eq!(second.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(second.body["pagination"]["nextPageToken"], Value::Null);
    let active = c.call("GET", "/box-templates?state=Active", None).await;
    assert_eq!(active.body["items"].as_array().map(Vec::len), Some(1));

    // A sandbox from the active box template.
    let r = c
        .call(
            "POST",
            "/sandboxes",
            Some(json!({"boxTemplateId": ids[0], "timeoutSeconds": 7200, "metadata": {"team": "e2e"}})),
        )
        .await;
    expect(&r, 201, "create a sandbox from a box template");
    // `templateSnapshotId` is the old name of `boxTemplateId`, written too while it is served.
    assert_eq!(
        r.body["source"],
        json!({"kind": "box_template", "boxTemplateId": ids[0], "templateSnapshotId": ids[0]})
    );
    assert_eq!(r.body["state"], "Pending");
    assert_eq!(r.body["statusMessage"], Value::Null, "required nullable: present as null");
    assert!(r.body.get("resourceLimits").is_none(), "optional: absent, not null");
    let sandbox = r.body["id"].as_str().expect("id").to_owned();
    assert_eq!(
        r.headers.get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/sandboxes/{sandbox}").as_str())
    );

    // A backup snapshot: imageUri only once Ready.
    let r = c
        .call(
            "POST",
            &format!("/sandboxes/{sandbox}/snapshots"),
            Some(json!({"name": "before-upgrade"})),
        )
        .await;
    expect(&r, 202, "take a backup snapshot");
    assert_eq!(r.body["state"], "Creating");
    assert!(r.body.get("imageUri").is_none(), "no imageUri while Creating: {}", r.body);
    let snap = r.body["id"].as_str().expect("id").to_owned();
    let path = format!("/sandboxes/{sandbox}/snapshots/{snap}");
    let r = c.call("GET", &path, None).await;
    expect(&r, 200, "poll the snapshot");
    assert_eq!(r.body["state"], "Creating");
    assert!(r.body.get("imageUri").is_none(), "{}", r.body);
    assert_eq!(r.body["readyAt"], Value::Null);
    let r = c.call("GET", &path, None).await;
    expect(&r, 200, "poll the snapshot again");
    assert_eq!(r.body["state"], "Ready");
    assert!(
        r.body["imageUri"].as_str().is_some_and(|u| u.contains(&snap)),
        "imageUri once Ready: {}",
        r.body
    );
    assert_eq!(r.body["sizeBytes"], 734_003_200_i64);
    let r = c.call("GET", &format!("/sandboxes/{sandbox}/snapshots"), None).await;
    expect(&r, 200, "list snapshots");
    assert_eq!(r.body["items"][0]["id"], snap.as_str());

    // Typed path parameters.
    let r = c.call("GET", &format!("/sandboxes/{sandbox}/endpoints/8000"), None).await;
    expect(&r, 200, "endpoint");
    let r = c.call("GET", &format!("/sandboxes/{sandbox}/endpoints/http"), None).await;
    expect(&r, 400, "a port that is not a number");
    assert_eq!(r.body["code"], "INVALID_ARGUMENT");
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("`port`")), "{}", r.body);

    // Validation: the 400 names the field or parameter, in the error schema.
    let r = c
        .call("POST", "/box-templates", Some(json!({"name": "no-artifact"})))
        .await;
    expect(&r, 400, "missing required field");
    assert_eq!(r.body["code"], "INVALID_ARGUMENT");
    assert!(
        r.body["message"].as_str().is_some_and(|m| m.contains("artifactRef")),
        "the message names the field: {}",
        r.body
    );
    let r = c
        .call("POST", "/box-templates", Some(json!({"name": 7, "artifactRef": "x"})))
        .await;
    expect(&r, 400, "wrong type");
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("name")), "{}", r.body);
    let r = c.call("GET", "/box-templates?pageSize=lots", None).await;
    expect(&r, 400, "a page size that is not a number");
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("pageSize")), "{}", r.body);
    let r = c
        .call(
            "POST",
            &format!("/sandboxes/{sandbox}/renew-expiration"),
            Some(json!({"expiresAt": "next tuesday"})),
        )
        .await;
    expect(&r, 400, "a date-time that does not parse");
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("expiresAt")), "{}", r.body);
    let r = c.call("POST", "/box-templates", None).await;
    expect(&r, 400, "no body");

    // Unknown template: 404 on read, and on create through the default response.
    let r = c.call("GET", "/box-templates/tmpl-missing", None).await;
    expect(&r, 404, "unknown template");
    assert_eq!(r.body["code"], "NOT_FOUND");
    let r = c
        .call("POST", "/sandboxes", Some(json!({"boxTemplateId": "tmpl-missing"})))
        .await;
    expect(&r, 404, "create from an unknown template");

    // Credentials: missing → 401 from the router; wrong → 401 from the handler.
    let r = c.send("GET", "/box-templates", None, None).await;
    expect(&r, 401, "missing API key");
    assert_eq!(r.body["code"], "UNAUTHENTICATED");
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("X-API-Key")), "{}", r.body);
    let r = c
        .send("POST", "/box-templates", None, Some(json!({"name": "x"})))
        .await;
    expect(&r, 401, "missing API key beats a bad body");
    let r = c.send("GET", "/box-templates", Some("wrong"), None).await;
    expect(&r, 401, "wrong API key");

    // Delete: 204 with no body, then 404.
    let r = c.call("DELETE", &path, None).await;
    expect(&r, 204, "delete the snapshot");
    assert_eq!(r.body, Value::Null);
    let r = c.call("GET", &path, None).await;
    expect(&r, 404, "deleted snapshot");
}

/// The server was generated with the migration shims of the box-template
/// rename: old paths and old field names keep working, marked deprecated.
#[tokio::test]
async fn renamed_paths_and_fields_still_work() {
    let c = start().await;
    let r = c
        .call(
            "POST",
            "/template-snapshots",
            Some(json!({"name": "legacy", "snapshotRef": "registry.example.com/legacy:1"})),
        )
        .await;
    expect(&r, 201, "create through the old path with the old field name");
    assert_eq!(r.body["artifactRef"], "registry.example.com/legacy:1");
    assert_eq!(
        r.body["snapshotRef"], "registry.example.com/legacy:1",
        "while the rename is served, responses carry the old name too (old readers require it)"
    );
    assert_eq!(
        r.headers.get("deprecation").and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let id = r.body["id"].as_str().expect("id").to_owned();
    let r = c.call("POST", &format!("/template-snapshots/{id}/activate"), None).await;
    expect(&r, 200, "activate through the old path");
    let r = c
        .call(
            "POST",
            "/sandboxes",
            Some(json!({"templateSnapshotId": id})),
        )
        .await;
    expect(&r, 201, "the old field name of CreateSandboxRequest");
    assert_eq!(r.body["source"]["kind"], "box_template");
    let r = c.call("GET", &format!("/box-templates/{id}"), None).await;
    expect(&r, 200, "the new path");
    assert!(r.headers.get("deprecation").is_none());
    assert_eq!(r.body["artifactRef"], r.body["snapshotRef"], "both names, one value");
}
