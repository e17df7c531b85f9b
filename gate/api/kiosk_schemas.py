"""Bodies of the traveller's kiosk endpoints: codes only, never sentences (the page holds the messages)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["OPEN", "REFER", "REJECT"]
KioskErrorCode = Literal[
    "NOT_PROVISIONED", "PROVISION_LINK_INVALID", "NOT_FOUND", "NOT_AWAITING_FRAMES", "CONFLICT", "LANE_CLOSED",
    "UPLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "INVALID_UPLOAD", "INVALID_REQUEST", "DATABASE_UNAVAILABLE",
    "SERVICE_UNAVAILABLE", "INTERNAL_ERROR"]
KIOSK_ERROR_CODES: tuple[str, ...] = get_args(KioskErrorCode)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeviceLink(_Model):
    path: str = Field(description="open this path on the kiosk's browser within the link's lifetime")
    expires_in: int


class KioskCurrent(_Model):
    """The gate's transaction as the kiosk page follows it; ``stage`` ``waiting``: no card yet."""

    gate_id: str
    stage: str = Field(description="waiting (for a card), reading (the card just placed: the chip is being read; "
                                   "poll again), capture, … or decided")
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


class KioskProblem(_Model):
    """An error answered to a kiosk: a code (the page holds the localised message for each), never a sentence.

    401 ``NOT_PROVISIONED`` (no valid device cookie or gate key), ``PROVISION_LINK_INVALID``; 404 ``NOT_FOUND``;
    409 ``NOT_AWAITING_FRAMES`` (decided, busy or expired), ``CONFLICT``, ``LANE_CLOSED`` (the lane is closed:
    the traveller is sent to another lane); 413 ``UPLOAD_TOO_LARGE``; 415 ``UNSUPPORTED_MEDIA_TYPE``;
    422 ``INVALID_UPLOAD``, ``INVALID_REQUEST`` (``params.field`` names the refused field);
    503 ``DATABASE_UNAVAILABLE``, ``SERVICE_UNAVAILABLE`` (with ``Retry-After``); 500 ``INTERNAL_ERROR``."""

    code: KioskErrorCode
    params: dict[str, str | int] = Field(default_factory=dict,
                                         description="values the message may show (a field name, a limit)")


class KioskTransaction(_Model):
    """A kiosk transaction's stage and, once decided, the verdict: the page words it (no sentence, no reason)."""

    transaction_id: str
    gate_id: str
    stage: str = Field(description="document, capture, … or decided")
    decision: Verdict | None
