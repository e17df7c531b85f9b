"""What an enrolment packet carries: one application as the desk captured it.

The packet on the wire (see :mod:`enrollment.desk.packet_seal`) is these contents encoded in DER
(:mod:`enrollment.desk.packet_codec`), signed by the desk's key in CMS SignedData
(:mod:`enrollment.desk.packet_signature`) and encrypted for the registry in CMS AuthEnvelopedData
(:mod:`enrollment.desk.packet_envelope`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class PacketContents:
    application_id: str                     # the case id (uuid4 hex)
    desk_id: str
    created_at: datetime                    # UTC
    demographics: Mapping[str, str]         # the validated DG13/DG1 fields by name (enrollment/desk/demographics.py)
    face_jpeg: bytes
    finger_images: Mapping[int, bytes]      # position -> PNG/WSQ bytes as captured
    finger_templates: Mapping[int, bytes]   # position -> ISO 19794-2
    iris_images: Mapping[str, bytes]        # "right"/"left" -> PNG
    iris_templates: Mapping[str, bytes]
    exceptions: Mapping[str, str]           # "finger:7" / "iris:left" -> exception code, signed off by a supervisor
    operator: str
    supervisor: str | None
    # "finger:7" -> the clerk's photo of the missing or damaged finger or eye (evidence for the registry)
    exception_photos: Mapping[str, bytes] = field(default_factory=dict)
