"""Bodies of the traveller's kiosk endpoints: codes only, never sentences (the page holds the messages)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["OPEN", "REFER", "REJECT"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeviceLink(_Model):
    path: str = Field(description="open this path on the kiosk's browser within the link's lifetime")
    expires_in: int


class KioskCurrent(_Model):
    """The gate's transaction as the kiosk page follows it; ``stage`` ``waiting``: no card yet."""

    gate_id: str
    stage: str = Field(description="waiting (for a card), document, capture, … or decided")
    transaction_id: str | None = None
    decision: Verdict | None = None


class FrameVerdict(_Model):
    """The gate's answer to one live frame: keep sending (stage ``capture``, with guidance codes) or decided."""

    transaction_id: str
    stage: str
    decision: Verdict | None
    codes: list[str] = Field(description="guidance codes, most important first (FACE_TOO_SMALL, YAW, …)")


class PlaceCard(_Model):
    """A card laid on a gate's simulated document reader: what its camera reads, and its chip (card file)."""

    document_number: Annotated[str, Field(pattern=r"^[A-Z0-9<]{1,20}$", examples=["001089012345"])]
    birth_date: Annotated[str, Field(pattern=r"^[0-9]{6}$", examples=["890804"])]
    expiry_date: Annotated[str, Field(pattern=r"^[0-9]{6}$", examples=["310804"])]
    can: Annotated[str | None, Field(pattern=r"^[0-9]{6}$")] = None
    card: Annotated[str, Field(min_length=4, description="the card file (egate-virtual-card/1), base64")]
