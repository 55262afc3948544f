//! The client scenario in Rust: the generated client against the generated
//! server (base URL in SCENARIO_BASE_URL, API key in SCENARIO_API_KEY).
//! Prints "step NAME ok" or "step NAME FAIL reason" per step.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use sandbox_lifecycle_models as api;
use sandbox_lifecycle_models::client::{Client, Error};

type Outcome = Result<(), String>;

struct Steps {
    failed: bool,
}

impl Steps {
    async fn step(&mut self, name: &str, body: impl Future<Output = Outcome>) {
        match body.await {
            Ok(()) => println!("step {name} ok"),
            Err(why) => {
                self.failed = true;
                let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
                println!("step {name} FAIL {why}");
            }
        }
    }
}

fn check(condition: bool, why: impl FnOnce() -> String) -> Outcome {
    if condition {
        Ok(())
    } else {
        Err(why())
    }
}

/// The status and documented error code of a call that should fail.
fn failure<T: std::fmt::Debug>(
    result: Result<T, Error<api::ErrorResponse>>,
) -> Result<(u16, bool, String), String> {
    match result {
        Ok(v) => Err(format!("the call succeeded: {v:?}")),
        Err(Error::Api(e)) => Ok((
            e.status.as_u16(),
            e.documented,
            e.body.as_ref().map(|b| b.code.clone()).unwrap_or_default(),
        )),
        Err(other) => Err(other.to_string()),
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn metadata(team: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("team".to_string(), team.to_string())])
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base_url = std::env::var("SCENARIO_BASE_URL").expect("SCENARIO_BASE_URL");
    let key = std::env::var("SCENARIO_API_KEY").expect("SCENARIO_API_KEY");
    let client = Client::builder()
        .base_url(&base_url)
        .api_key_auth(key)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let client = &client;
    let mut steps = Steps { failed: false };
    let mut template_id = String::new();
    let mut image_sandbox = String::new();

    steps
        .step("box-template-create", async {
            let t = client
                .create_box_template(&api::CreateBoxTemplateRequest::new(
                    "python-ml".into(),
                    "registry.example.com/templates/python-ml:1".into(),
                ))
                .await
                .map_err(err)?;
            template_id = t.id.clone();
            check(
                t.state == api::BoxTemplateState::Inactive && !t.id.is_empty(),
                || format!("created {t:?}"),
            )
        })
        .await;
    let template_id = template_id;
    steps
        .step("box-template-list", async {
            let page = client
                .list_box_templates(Default::default())
                .await
                .map_err(err)?;
            check(page.items.iter().any(|t| t.id == template_id), || {
                "the new template is not listed".into()
            })
        })
        .await;
    steps
        .step("box-template-activate", async {
            let t = client
                .activate_box_template(&template_id)
                .await
                .map_err(err)?;
            check(t.state == api::BoxTemplateState::Active, || {
                format!("state {}", t.state)
            })
        })
        .await;
    steps
        .step("create-from-image", async {
            let s = client
                .create_sandbox(
                    &api::CreateSandboxRequest::new()
                        .with_image(api::ImageSpec::new(
                            "registry.example.com/runtimes/python:3.12".into(),
                        ))
                        .with_metadata(metadata("data-platform")),
                )
                .await
                .map_err(err)?;
            image_sandbox = s.id.clone();
            check(
                s.source.kind == api::SandboxSourceKind::Image
                    && s.state == api::SandboxState::Pending,
                || format!("created {s:?}"),
            )
        })
        .await;
    let image_sandbox = image_sandbox;
    steps
        .step("create-from-box-template", async {
            let s = client
                .create_sandbox(
                    &api::CreateSandboxRequest::new()
                        .with_box_template_id(template_id.clone())
                        .with_metadata(metadata("web")),
                )
                .await
                .map_err(err)?;
            check(
                s.source.kind == api::SandboxSourceKind::BoxTemplate
                    && s.source.box_template_id.as_deref() == Some(template_id.as_str()),
                || format!("source {:?}", s.source),
            )
        })
        .await;
    steps
        .step("pause", async {
            let s = client.pause_sandbox(&image_sandbox).await.map_err(err)?;
            check(s.state == api::SandboxState::Pausing, || {
                format!("state {}", s.state)
            })
        })
        .await;
    steps
        .step("list-state-filter", async {
            let page = client
                .list_sandboxes(api::client::ListSandboxesParams {
                    state: Some(vec![api::SandboxState::Pausing, api::SandboxState::Paused]),
                    ..Default::default()
                })
                .await
                .map_err(err)?;
            check(
                page.items.len() == 1 && page.items[0].id == image_sandbox,
                || format!("listed {}", page.items.len()),
            )?;
            let both = client
                .list_sandboxes(api::client::ListSandboxesParams {
                    state: Some(vec![api::SandboxState::Pausing, api::SandboxState::Pending]),
                    ..Default::default()
                })
                .await
                .map_err(err)?;
            check(both.items.len() == 2, || {
                format!("two states: {}", both.items.len())
            })
        })
        .await;
    steps
        .step("list-metadata-filter", async {
            let page = client
                .list_sandboxes(api::client::ListSandboxesParams {
                    metadata: Some("team=web".into()),
                    ..Default::default()
                })
                .await
                .map_err(err)?;
            let team = |s: &api::Sandbox| {
                s.metadata
                    .as_ref()
                    .and_then(|m| m.get("team"))
                    .cloned()
                    .unwrap_or_default()
            };
            check(
                page.items.len() == 1 && team(&page.items[0]) == "web",
                || format!("listed {}", page.items.len()),
            )
        })
        .await;
    steps
        .step("get", async {
            let s = client.get_sandbox(&image_sandbox).await.map_err(err)?;
            let team = s.metadata.as_ref().and_then(|m| m.get("team")).cloned();
            check(
                s.id == image_sandbox && team.as_deref() == Some("data-platform"),
                || format!("got {s:?}"),
            )
        })
        .await;
    steps
        .step("resume", async {
            let s = client.resume_sandbox(&image_sandbox).await.map_err(err)?;
            check(s.state == api::SandboxState::Resuming, || {
                format!("state {}", s.state)
            })
        })
        .await;
    steps
        .step("extend", async {
            let at: api::wire::DateTime = "2030-01-01T00:00:00Z".parse().map_err(err)?;
            let r = client
                .renew_sandbox_expiration(
                    &image_sandbox,
                    &api::RenewExpirationRequest::new(at.clone()),
                )
                .await
                .map_err(err)?;
            check(r.expires_at == at, || format!("expiresAt {}", r.expires_at))
        })
        .await;
    steps
        .step("backup-snapshot-image-uri", async {
            let created = client
                .create_snapshot(
                    &image_sandbox,
                    &api::CreateSnapshotRequest::new().with_name("before-upgrade".into()),
                )
                .await
                .map_err(err)?;
            check(created.image_uri.is_none(), || {
                "imageUri before it is ready".into()
            })?;
            let mut snap = client
                .get_snapshot(&image_sandbox, &created.id)
                .await
                .map_err(err)?;
            for _ in 0..5 {
                if snap.image_uri.is_some() {
                    break;
                }
                snap = client
                    .get_snapshot(&image_sandbox, &created.id)
                    .await
                    .map_err(err)?;
            }
            check(
                snap.state == api::SnapshotState::Ready
                    && snap
                        .image_uri
                        .as_deref()
                        .is_some_and(|u| u.starts_with("https://")),
                || format!("snapshot {snap:?}"),
            )
        })
        .await;
    steps
        .step("not-found-404", async {
            let (status, documented, code) = failure(client.get_sandbox("sbx-missing").await)?;
            check(status == 404 && documented && code == "NOT_FOUND", || {
                format!("{status} {documented} {code}")
            })
        })
        .await;
    steps
        .step("conflict-409", async {
            let (status, documented, code) =
                failure(client.delete_box_template(&template_id).await)?;
            check(
                status == 409 && documented && code == "FAILED_PRECONDITION",
                || format!("{status} {documented} {code}"),
            )
        })
        .await;
    steps
        .step("missing-api-key-401", async {
            let anonymous = Client::builder().base_url(&base_url).build().map_err(err)?;
            let (status, documented, code) =
                failure(anonymous.list_sandboxes(Default::default()).await)?;
            check(
                status == 401 && documented && code == "UNAUTHENTICATED",
                || format!("{status} {documented} {code}"),
            )
        })
        .await;
    steps
        .step("old-method-name", async {
            #[allow(deprecated)]
            let t = client
                .deactivate_template_snapshot(&template_id)
                .await
                .map_err(err)?;
            check(
                t.id == template_id && t.state == api::BoxTemplateState::Inactive,
                || format!("state {}", t.state),
            )
        })
        .await;
    steps
        .step("box-template-delete", async {
            client
                .delete_box_template(&template_id)
                .await
                .map_err(err)?;
            let (status, _, _) = failure(client.get_box_template(&template_id).await)?;
            check(status == 404, || format!("after delete: {status}"))
        })
        .await;
    if steps.failed {
        std::process::exit(1);
    }
}
