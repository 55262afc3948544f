# for: Sandbox Lifecycle API
# package: sandbox_lifecycle (replaced by the generated package's name)
"""What a user of the generated sandbox_lifecycle package writes, checked by
mypy --strict and pyright (scripts/verify-generated.sh): the constructors take
the snake_case names, not the wire names, and encoding gives the wire form."""

from __future__ import annotations

from typing import Any

from sandbox_lifecycle import (
    CreateSandboxRequest,
    ImageSpec,
    ResourceLimits,
    Sandbox,
    SandboxState,
)
from sandbox_lifecycle.client import SandboxLifecycleApiClient

limits = ResourceLimits(cpu="500m", memory="1Gi", disk_bytes=1 << 30)
request = CreateSandboxRequest(
    image=ImageSpec(uri="registry.example/app:1"),
    resource_limits=limits,
    entrypoint=["/bin/run"],
)
disk: int | None = request.resource_limits.disk_bytes if request.resource_limits else None

# The wire name is not a constructor parameter (the ignores must be needed:
# mypy --strict and pyright both report an unneeded one).
ResourceLimits(cpu="1", memory="1Gi", diskBytes=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]

wire: dict[str, Any] = request.model_dump(mode="json")
assert wire == {
    "image": {"uri": "registry.example/app:1"},
    "resourceLimits": {"cpu": "500m", "memory": "1Gi", "diskBytes": 1073741824},
    "entrypoint": ["/bin/run"],
}, wire
assert request.model_dump_json() == request.to_json()

sandbox = Sandbox.model_validate_json(
    '{"id": "s1", "state": "Hibernating", "source": {"kind": "image", "image": "x"},'
    ' "createdAt": "2025-01-01T00:00:00Z", "expiresAt": "2025-01-02T00:00:00Z",'
    ' "statusMessage": null, "brandNew": 1}'
)
state: SandboxState = sandbox.state
assert not state.is_known and sandbox.status_message is None
assert "statusMessage" in sandbox.model_dump() and "resourceLimits" not in sandbox.model_dump()
assert sandbox.model_dump()["brandNew"] == 1


def make_client() -> SandboxLifecycleApiClient:
    return SandboxLifecycleApiClient(base_url="http://localhost:8080")
