"""Request and response bodies of the supervisor and administrator pages added with the officer station:
officer accounts, the stop-list upload with its diff, a gate's key rotation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from gate.api.schemas import Role

DIFF_SHOWN = 500


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OfficerAccount(_Model):
    id: int
    username: str
    role: Role
    active: bool
    created_at: datetime


class SetRole(_Model):
    role: Role


class StopListText(_Model):
    text: Annotated[str, Field(max_length=8_000_000, description="one 'STATE NUMBER' per line, '#' comments")]


class ConfirmStopList(StopListText):
    expected_digest: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$",
                                          description="current_digest of the diff the supervisor saw")]


class StopListEntry(_Model):
    issuing_state: str
    document_number: str


class StopListDiffView(_Model):
    added_count: int
    removed_count: int
    unchanged: int
    added: list[StopListEntry] = Field(description=f"the first {DIFF_SHOWN} added entries")
    removed: list[StopListEntry] = Field(description=f"the first {DIFF_SHOWN} removed entries")
    current_digest: str
    new_digest: str


class StopListSummary(_Model):
    entries: int
    digest: str
