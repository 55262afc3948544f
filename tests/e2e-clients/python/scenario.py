"""The client scenario in Python: the generated sync and async clients against
the generated server (base URL in SCENARIO_BASE_URL, API key in SCENARIO_API_KEY).
Prints ``step NAME ok`` or ``step NAME FAIL reason`` per step."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from typing import Any, Callable

from sandbox_lifecycle import models
from sandbox_lifecycle.client import ApiError, AsyncSandboxLifecycleApiClient, SandboxLifecycleApiClient

BASE_URL = os.environ["SCENARIO_BASE_URL"]
API_KEY = os.environ["SCENARIO_API_KEY"]
failed = False


def step(name: str, body: Callable[[], None]) -> None:
    global failed
    try:
        body()
        print(f"step {name} ok")
    except Exception as e:  # noqa: BLE001 - every failure is reported
        failed = True
        print(f"step {name} FAIL {type(e).__name__}: {' '.join(str(e).split())}")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


def failure(call: Callable[[], Any]) -> ApiError:
    try:
        call()
    except ApiError as e:
        return e
    raise AssertionError("the call succeeded")


def main() -> None:
    ids: dict[str, str] = {}
    with SandboxLifecycleApiClient(BASE_URL, api_key_auth=API_KEY, timeout=10) as client:

        def template_create() -> None:
            t = client.create_box_template(
                models.CreateBoxTemplateRequest(name="python-ml", artifact_ref="registry.example.com/templates/python-ml:1")
            )
            check(t.state == models.BoxTemplateState.INACTIVE, f"state {t.state}")
            ids["template"] = t.id

        def template_list() -> None:
            page = client.list_box_templates()
            check(any(t.id == ids["template"] for t in page.items), "the new template is listed")

        def template_activate() -> None:
            t = client.activate_box_template(ids["template"])
            check(t.state == models.BoxTemplateState.ACTIVE, f"state {t.state}")

        def create_from_image() -> None:
            s = client.create_sandbox(
                models.CreateSandboxRequest(
                    image=models.ImageSpec(uri="registry.example.com/runtimes/python:3.12"),
                    metadata={"team": "data-platform"},
                )
            )
            check(s.source.kind == models.SandboxSourceKind.IMAGE, f"source {s.source}")
            check(s.state == models.SandboxState.PENDING, f"state {s.state}")
            ids["sandbox"] = s.id

        def create_from_template() -> None:
            s = client.create_sandbox(
                models.CreateSandboxRequest(box_template_id=ids["template"], metadata={"team": "web"})
            )
            check(s.source.kind == models.SandboxSourceKind.BOX_TEMPLATE, f"source {s.source}")
            check(s.source.box_template_id == ids["template"], f"source {s.source}")

        def pause() -> None:
            s = client.pause_sandbox(ids["sandbox"])
            check(s.state == models.SandboxState.PAUSING, f"state {s.state}")

        def list_state() -> None:
            page = client.list_sandboxes(state=[models.SandboxState.PAUSING, models.SandboxState.PAUSED])
            check([s.id for s in page.items] == [ids["sandbox"]], f"listed {[s.id for s in page.items]}")
            both = client.list_sandboxes(state=[models.SandboxState.PAUSING, models.SandboxState.PENDING])
            check(len(both.items) == 2, f"two states: {len(both.items)}")

        def list_metadata() -> None:
            async def run() -> models.ListSandboxesResponse:
                async with AsyncSandboxLifecycleApiClient(BASE_URL, api_key_auth=API_KEY) as aclient:
                    return await aclient.list_sandboxes(metadata="team=web")

            page = asyncio.run(run())
            check(len(page.items) == 1 and (page.items[0].metadata or {}).get("team") == "web", f"listed {page.items}")

        def get() -> None:
            s = client.get_sandbox(ids["sandbox"])
            check(s.id == ids["sandbox"] and (s.metadata or {}).get("team") == "data-platform", f"got {s}")

        def resume() -> None:
            s = client.resume_sandbox(ids["sandbox"])
            check(s.state == models.SandboxState.RESUMING, f"state {s.state}")

        def extend() -> None:
            when = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
            r = client.renew_sandbox_expiration(ids["sandbox"], models.RenewExpirationRequest(expires_at=when))
            check(r.expires_at == when, f"expiresAt {r.expires_at}")

        def snapshot() -> None:
            created = client.create_snapshot(ids["sandbox"], models.CreateSnapshotRequest(name="before-upgrade"))
            check(created.image_uri is None, "no imageUri before it is ready")
            snap = client.get_snapshot(ids["sandbox"], created.id)
            for _ in range(5):
                if snap.image_uri is not None:
                    break
                snap = client.get_snapshot(ids["sandbox"], created.id)
            check(snap.state == models.SnapshotState.READY, f"state {snap.state}")
            check((snap.image_uri or "").startswith("https://"), f"imageUri {snap.image_uri}")

        def not_found() -> None:
            e = failure(lambda: client.get_sandbox("sbx-missing"))
            check(e.status == 404 and e.documented, f"{e.status} {e.raw_body!r}")
            check(isinstance(e.body, models.ErrorResponse) and e.body.code == "NOT_FOUND", f"body {e.body!r}")

        def conflict() -> None:
            e = failure(lambda: client.delete_box_template(ids["template"]))
            check(e.status == 409 and isinstance(e.body, models.ErrorResponse), f"{e.status} {e.raw_body!r}")
            check(e.body.code == "FAILED_PRECONDITION", f"body {e.body!r}")

        def missing_key() -> None:
            with SandboxLifecycleApiClient(BASE_URL) as anonymous:
                e = failure(lambda: anonymous.list_sandboxes())
            check(e.status == 401 and isinstance(e.body, models.ErrorResponse), f"{e.status} {e.raw_body!r}")
            check(e.body.code == "UNAUTHENTICATED", f"body {e.body!r}")

        def old_name() -> None:
            t = client.deactivate_template_snapshot(ids["template"])
            check(t.id == ids["template"] and t.state == models.BoxTemplateState.INACTIVE, f"state {t.state}")

        def template_delete() -> None:
            client.delete_box_template(ids["template"])
            e = failure(lambda: client.get_box_template(ids["template"]))
            check(e.status == 404, f"after delete: {e.status}")

        step("box-template-create", template_create)
        step("box-template-list", template_list)
        step("box-template-activate", template_activate)
        step("create-from-image", create_from_image)
        step("create-from-box-template", create_from_template)
        step("pause", pause)
        step("list-state-filter", list_state)
        step("list-metadata-filter", list_metadata)
        step("get", get)
        step("resume", resume)
        step("extend", extend)
        step("backup-snapshot-image-uri", snapshot)
        step("not-found-404", not_found)
        step("conflict-409", conflict)
        step("missing-api-key-401", missing_key)
        step("old-method-name", old_name)
        step("box-template-delete", template_delete)


main()
sys.exit(1 if failed else 0)
