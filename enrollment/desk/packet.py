"""The content of one enrolment packet, as the desk hands it to the packet writer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PacketContents:
    application_id: str                     # the case id (uuid4 hex)
    desk_id: str
    created_at: datetime                    # UTC
    demographics: Mapping[str, str]  # the validated DG13/DG1 fields by name (see enrollment/desk/demographics.py)
    face_jpeg: bytes
    finger_images: Mapping[int, bytes]      # position -> PNG/WSQ bytes as captured
    finger_templates: Mapping[int, bytes]   # position -> ISO 19794-2
    iris_images: Mapping[str, bytes]        # "right"/"left" -> PNG
    iris_templates: Mapping[str, bytes]
    exceptions: Mapping[str, str]           # "finger:7" / "iris:left" -> exception code, signed off by a supervisor
    operator: str
    supervisor: str | None
