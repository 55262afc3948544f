from __future__ import annotations

from enum import Enum
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field


class PetStatus(str, Enum):
    """An enum schema."""

    AVAILABLE = "available"
    SOLD = "sold"


class Pet(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: int
    name: str
    status: PetStatus
    # Optional: the property may be absent.
    tag: Optional[str] = None
    # Nullable but required: present, may be null.
    owner_name: Optional[str] = Field(alias="ownerName")


def example() -> dict[str, Any]:
    # BROKEN: name is a required str, None is a type error.
    pet = Pet(id=1, name=None, status=PetStatus.AVAILABLE, ownerName=None)
    parsed = Pet.model_validate({"id": 2, "name": "Tom", "status": "sold", "ownerName": "Ann"})
    assert parsed.status is PetStatus.SOLD
    return pet.model_dump(by_alias=True, exclude_none=True)
