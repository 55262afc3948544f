//! An in-memory implementation of the generated `Api` trait for the sandbox
//! lifecycle API: what a service author writes by hand. Snapshots become
//! Ready the second time they are read, so a client can watch `imageUri`
//! appear.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use sandbox_lifecycle_server::api::*;
use sandbox_lifecycle_server::models::*;

/// The only API key this service accepts.
pub const API_KEY: &str = "e2e-secret";

/// Every resource, behind one lock (never held across an await).
#[derive(Default)]
pub struct InMemory {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    templates: BTreeMap<String, BoxTemplate>,
    sandboxes: BTreeMap<String, Sandbox>,
    /// Snapshot and how many times it has been read.
    snapshots: BTreeMap<String, (Snapshot, u32)>,
}

impl State {
    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{:04}", self.next_id)
    }
}

/// A fixed clock keeps responses deterministic.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_741_939_200, 0).unwrap_or_default()
}

/// The models' date-time for `now()` plus `seconds`.
fn at(seconds: i64) -> wire::DateTime {
    (now() + chrono::TimeDelta::seconds(seconds)).into()
}

fn error(code: &str, message: impl Into<String>) -> ErrorResponse {
    ErrorResponse::new(code.to_owned(), message.into())
}

fn denied(auth: &ApiKeyAuth) -> Option<ErrorResponse> {
    (auth.0 != API_KEY).then(|| error("UNAUTHENTICATED", "the API key is not valid"))
}

fn not_found(what: &str, id: &str) -> ErrorResponse {
    error("NOT_FOUND", format!("no {what} `{id}`"))
}

/// One page of `items`: the token is the offset of the page.
fn page<T: Clone>(
    items: Vec<T>,
    token: Option<&str>,
    size: i32,
) -> Result<(Vec<T>, PaginationInfo), ErrorResponse> {
    if !(1..=200).contains(&size) {
        return Err(error(
            "INVALID_ARGUMENT",
            "pageSize must be between 1 and 200",
        ));
    }
    let start: usize = match token {
        Some(t) => t
            .parse()
            .map_err(|_| error("INVALID_ARGUMENT", "pageToken is not valid"))?,
        None => 0,
    };
    let size = usize::try_from(size).unwrap_or(1);
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let page = items.get(start..end).unwrap_or_default().to_vec();
    Ok((
        page,
        PaginationInfo::new(next, i32::try_from(size).unwrap_or(i32::MAX)).with_total_count(total),
    ))
}

impl InMemory {
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }
}

impl Api for InMemory {
    async fn list_box_templates(
        &self,
        auth: ApiKeyAuth,
        input: ListBoxTemplatesInput,
    ) -> ListBoxTemplatesOutput {
        if let Some(e) = denied(&auth) {
            return ListBoxTemplatesOutput::Unauthorized(e);
        }
        let items: Vec<BoxTemplate> = self.with(|s| {
            s.templates
                .values()
                .filter(|t| input.state.as_ref().is_none_or(|want| *want == t.state))
                .cloned()
                .collect()
        });
        match page(items, input.page_token.as_deref(), input.page_size) {
            Ok((items, pagination)) => {
                ListBoxTemplatesOutput::Ok(ListBoxTemplatesResponse::new(items, pagination))
            }
            Err(e) => ListBoxTemplatesOutput::BadRequest(e),
        }
    }

    async fn create_box_template(
        &self,
        auth: ApiKeyAuth,
        input: CreateBoxTemplateInput,
    ) -> CreateBoxTemplateOutput {
        if let Some(e) = denied(&auth) {
            return CreateBoxTemplateOutput::Unauthorized(e);
        }
        let body = input.body;
        let template = self.with(|s| {
            let mut t = BoxTemplate::new(
                s.id("tmpl"),
                body.name,
                body.artifact_ref,
                BoxTemplateState::Inactive,
                at(0),
                at(0),
            );
            t.description = body.description.map(Some);
            t.default_resources = body.default_resources;
            s.templates.insert(t.id.clone(), t.clone());
            t
        });
        CreateBoxTemplateOutput::Created(template)
    }

    async fn get_box_template(
        &self,
        auth: ApiKeyAuth,
        input: GetBoxTemplateInput,
    ) -> GetBoxTemplateOutput {
        if let Some(e) = denied(&auth) {
            return GetBoxTemplateOutput::Unauthorized(e);
        }
        match self.with(|s| s.templates.get(&input.template_id).cloned()) {
            Some(t) => GetBoxTemplateOutput::Ok(t),
            None => GetBoxTemplateOutput::NotFound(not_found("box template", &input.template_id)),
        }
    }

    async fn delete_box_template(
        &self,
        auth: ApiKeyAuth,
        input: DeleteBoxTemplateInput,
    ) -> DeleteBoxTemplateOutput {
        if let Some(e) = denied(&auth) {
            return DeleteBoxTemplateOutput::Unauthorized(e);
        }
        self.with(|s| match s.templates.get(&input.template_id) {
            None => {
                DeleteBoxTemplateOutput::NotFound(not_found("box template", &input.template_id))
            }
            Some(t) if t.state == BoxTemplateState::Active => DeleteBoxTemplateOutput::Conflict(
                error("FAILED_PRECONDITION", "deactivate the box template first"),
            ),
            Some(_) => {
                s.templates.remove(&input.template_id);
                DeleteBoxTemplateOutput::NoContent
            }
        })
    }

    async fn activate_box_template(
        &self,
        auth: ApiKeyAuth,
        input: ActivateBoxTemplateInput,
    ) -> ActivateBoxTemplateOutput {
        if let Some(e) = denied(&auth) {
            return ActivateBoxTemplateOutput::Unauthorized(e);
        }
        self.with(|s| match s.templates.get_mut(&input.template_id) {
            None => {
                ActivateBoxTemplateOutput::NotFound(not_found("box template", &input.template_id))
            }
            Some(t) => {
                t.state = BoxTemplateState::Active;
                ActivateBoxTemplateOutput::Ok(t.clone())
            }
        })
    }

    async fn deactivate_box_template(
        &self,
        auth: ApiKeyAuth,
        input: DeactivateBoxTemplateInput,
    ) -> DeactivateBoxTemplateOutput {
        if let Some(e) = denied(&auth) {
            return DeactivateBoxTemplateOutput::Unauthorized(e);
        }
        self.with(|s| match s.templates.get_mut(&input.template_id) {
            None => {
                DeactivateBoxTemplateOutput::NotFound(not_found("box template", &input.template_id))
            }
            Some(t) => {
                t.state = BoxTemplateState::Inactive;
                DeactivateBoxTemplateOutput::Ok(t.clone())
            }
        })
    }

    async fn list_sandboxes(
        &self,
        auth: ApiKeyAuth,
        input: ListSandboxesInput,
    ) -> ListSandboxesOutput {
        if let Some(e) = denied(&auth) {
            return ListSandboxesOutput::Unauthorized(e);
        }
        let items: Vec<Sandbox> = self.with(|s| {
            s.sandboxes
                .values()
                .filter(|b| input.state.is_empty() || input.state.contains(&b.state))
                .filter(|b| input.metadata.as_deref().is_none_or(|f| has_entry(b, f)))
                .cloned()
                .collect()
        });
        match page(items, input.page_token.as_deref(), input.page_size) {
            Ok((items, pagination)) => {
                ListSandboxesOutput::Ok(ListSandboxesResponse::new(items, pagination))
            }
            Err(e) => ListSandboxesOutput::BadRequest(e),
        }
    }

    async fn create_sandbox(
        &self,
        auth: ApiKeyAuth,
        input: CreateSandboxInput,
    ) -> CreateSandboxOutput {
        if let Some(e) = denied(&auth) {
            return CreateSandboxOutput::Unauthorized(e);
        }
        let body = input.body;
        self.with(|s| {
            let source = match (&body.image, &body.box_template_id) {
                (Some(image), None) => {
                    SandboxSource::new(SandboxSourceKind::Image).with_image(image.uri.clone())
                }
                (None, Some(id)) => match s.templates.get(id) {
                    Some(t) if t.state == BoxTemplateState::Active => {
                        SandboxSource::new(SandboxSourceKind::BoxTemplate)
                            .with_box_template_id(id.clone())
                    }
                    Some(_) => {
                        return CreateSandboxOutput::BadRequest(error(
                            "FAILED_PRECONDITION",
                            format!("box template `{id}` is not active"),
                        ))
                    }
                    None => {
                        return CreateSandboxOutput::Default {
                            status: axum_status(404),
                            body: not_found("box template", id),
                        }
                    }
                },
                _ => {
                    return CreateSandboxOutput::BadRequest(error(
                        "INVALID_ARGUMENT",
                        "give exactly one of image or boxTemplateId",
                    ))
                }
            };
            let timeout = i64::from(body.timeout_seconds.unwrap_or(3600));
            let mut sandbox = Sandbox::new(
                s.id("sbx"),
                SandboxState::Pending,
                source,
                at(0),
                at(timeout),
            );
            sandbox.metadata = body.metadata;
            sandbox.resource_limits = body.resource_limits;
            sandbox.entrypoint = body.entrypoint;
            s.sandboxes.insert(sandbox.id.clone(), sandbox.clone());
            CreateSandboxOutput::Created {
                location: Some(format!("/sandboxes/{}", sandbox.id)),
                body: sandbox,
            }
        })
    }

    async fn get_sandbox(&self, auth: ApiKeyAuth, input: GetSandboxInput) -> GetSandboxOutput {
        if let Some(e) = denied(&auth) {
            return GetSandboxOutput::Unauthorized(e);
        }
        match self.with(|s| s.sandboxes.get(&input.sandbox_id).cloned()) {
            Some(b) => GetSandboxOutput::Ok(b),
            None => GetSandboxOutput::NotFound(not_found("sandbox", &input.sandbox_id)),
        }
    }

    async fn delete_sandbox(
        &self,
        auth: ApiKeyAuth,
        input: DeleteSandboxInput,
    ) -> DeleteSandboxOutput {
        if let Some(e) = denied(&auth) {
            return DeleteSandboxOutput::Unauthorized(e);
        }
        match self.with(|s| s.sandboxes.remove(&input.sandbox_id)) {
            Some(_) => DeleteSandboxOutput::NoContent,
            None => DeleteSandboxOutput::NotFound(not_found("sandbox", &input.sandbox_id)),
        }
    }

    async fn get_sandbox_endpoint(
        &self,
        auth: ApiKeyAuth,
        input: GetSandboxEndpointInput,
    ) -> GetSandboxEndpointOutput {
        if let Some(e) = denied(&auth) {
            return GetSandboxEndpointOutput::Unauthorized(e);
        }
        if !self.with(|s| s.sandboxes.contains_key(&input.sandbox_id)) {
            return GetSandboxEndpointOutput::NotFound(not_found("sandbox", &input.sandbox_id));
        }
        GetSandboxEndpointOutput::Ok(Endpoint::new(format!(
            "https://{}-{}.sandbox.example.com",
            input.sandbox_id, input.port
        )))
    }

    async fn pause_sandbox(
        &self,
        auth: ApiKeyAuth,
        input: PauseSandboxInput,
    ) -> PauseSandboxOutput {
        if let Some(e) = denied(&auth) {
            return PauseSandboxOutput::Unauthorized(e);
        }
        self.with(|s| match s.sandboxes.get_mut(&input.sandbox_id) {
            Some(b) => {
                b.state = SandboxState::Pausing;
                PauseSandboxOutput::Accepted(b.clone())
            }
            None => PauseSandboxOutput::NotFound(not_found("sandbox", &input.sandbox_id)),
        })
    }

    async fn renew_sandbox_expiration(
        &self,
        auth: ApiKeyAuth,
        input: RenewSandboxExpirationInput,
    ) -> RenewSandboxExpirationOutput {
        if let Some(e) = denied(&auth) {
            return RenewSandboxExpirationOutput::Unauthorized(e);
        }
        self.with(|s| match s.sandboxes.get_mut(&input.sandbox_id) {
            Some(b) => {
                b.expires_at = input.body.expires_at;
                RenewSandboxExpirationOutput::Ok(RenewExpirationResponse::new(b.expires_at.clone()))
            }
            None => RenewSandboxExpirationOutput::NotFound(not_found("sandbox", &input.sandbox_id)),
        })
    }

    async fn resume_sandbox(
        &self,
        auth: ApiKeyAuth,
        input: ResumeSandboxInput,
    ) -> ResumeSandboxOutput {
        if let Some(e) = denied(&auth) {
            return ResumeSandboxOutput::Unauthorized(e);
        }
        self.with(|s| match s.sandboxes.get_mut(&input.sandbox_id) {
            Some(b) => {
                b.state = SandboxState::Resuming;
                ResumeSandboxOutput::Accepted(b.clone())
            }
            None => ResumeSandboxOutput::NotFound(not_found("sandbox", &input.sandbox_id)),
        })
    }

    async fn list_snapshots(
        &self,
        auth: ApiKeyAuth,
        input: ListSnapshotsInput,
    ) -> ListSnapshotsOutput {
        if let Some(e) = denied(&auth) {
            return ListSnapshotsOutput::Unauthorized(e);
        }
        let items = self.with(|s| {
            s.sandboxes.contains_key(&input.sandbox_id).then(|| {
                s.snapshots
                    .values()
                    .filter(|(snap, _)| snap.sandbox_id == input.sandbox_id)
                    .map(|(snap, _)| snap.clone())
                    .collect::<Vec<_>>()
            })
        });
        let Some(items) = items else {
            return ListSnapshotsOutput::NotFound(not_found("sandbox", &input.sandbox_id));
        };
        match page(items, input.page_token.as_deref(), input.page_size) {
            Ok((items, pagination)) => {
                ListSnapshotsOutput::Ok(ListSnapshotsResponse::new(items, pagination))
            }
            Err(e) => ListSnapshotsOutput::BadRequest(e),
        }
    }

    async fn create_snapshot(
        &self,
        auth: ApiKeyAuth,
        input: CreateSnapshotInput,
    ) -> CreateSnapshotOutput {
        if let Some(e) = denied(&auth) {
            return CreateSnapshotOutput::Unauthorized(e);
        }
        self.with(|s| {
            if !s.sandboxes.contains_key(&input.sandbox_id) {
                return CreateSnapshotOutput::NotFound(not_found("sandbox", &input.sandbox_id));
            }
            let mut snapshot = Snapshot::new(
                s.id("snap"),
                input.sandbox_id.clone(),
                SnapshotState::Creating,
                at(0),
            )
            .with_ready_at(None)
            .with_failure_reason(None);
            snapshot.name = input.body.name;
            snapshot.description = input.body.description.map(Some);
            s.snapshots
                .insert(snapshot.id.clone(), (snapshot.clone(), 0));
            CreateSnapshotOutput::Accepted(snapshot)
        })
    }

    async fn get_snapshot(&self, auth: ApiKeyAuth, input: GetSnapshotInput) -> GetSnapshotOutput {
        if let Some(e) = denied(&auth) {
            return GetSnapshotOutput::Unauthorized(e);
        }
        self.with(|s| match s.snapshots.get_mut(&input.snapshot_id) {
            Some((snap, reads)) if snap.sandbox_id == input.sandbox_id => {
                *reads += 1;
                // Capture finishes between the first and the second read.
                if *reads >= 2 && snap.state == SnapshotState::Creating {
                    snap.state = SnapshotState::Ready;
                    snap.image_uri = Some(format!(
                        "https://registry.example.com/v2/snapshots/{}/manifests/latest",
                        snap.id
                    ));
                    snap.size_bytes = Some(734_003_200);
                    snap.ready_at = Some(Some(at(0)));
                }
                GetSnapshotOutput::Ok(snap.clone())
            }
            _ => GetSnapshotOutput::NotFound(not_found("snapshot", &input.snapshot_id)),
        })
    }

    async fn delete_snapshot(
        &self,
        auth: ApiKeyAuth,
        input: DeleteSnapshotInput,
    ) -> DeleteSnapshotOutput {
        if let Some(e) = denied(&auth) {
            return DeleteSnapshotOutput::Unauthorized(e);
        }
        match self.with(|s| s.snapshots.remove(&input.snapshot_id)) {
            Some(_) => DeleteSnapshotOutput::NoContent,
            None => DeleteSnapshotOutput::NotFound(not_found("snapshot", &input.snapshot_id)),
        }
    }
}

/// A status for a `Default` response.
/// Does the sandbox's metadata hold the `key=value` entry of a filter?
fn has_entry(sandbox: &Sandbox, filter: &str) -> bool {
    let (key, value) = filter.split_once('=').unwrap_or((filter, ""));
    sandbox
        .metadata
        .as_ref()
        .and_then(|m| m.get(key))
        .is_some_and(|v| v == value)
}

fn axum_status(code: u16) -> sandbox_lifecycle_server::StatusCode {
    sandbox_lifecycle_server::StatusCode::from_u16(code)
        .unwrap_or(sandbox_lifecycle_server::StatusCode::INTERNAL_SERVER_ERROR)
}
