"""What the de-duplication sees of an applicant, and what it answers (shared with the dedup module)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ApplicantBiometrics:
    face_jpeg: bytes | None                 # the DG2 portrait JPEG (token portrait)
    fingers: Mapping[int, bytes]            # ISO/IEC 19794-2 finger position (1..10) -> ISO 19794-2 template bytes
    irises: Mapping[str, bytes]             # "right" / "left" -> iris code bytes (matcher.iris.template, EIC1)


@dataclass(frozen=True)
class DuplicateCandidate:
    application_id: str
    fused_fmr: float                        # FMR the fused evidence reaches (lower = stronger duplicate)
    per_modality: Mapping[str, float]       # "face" / "finger:2" / "iris:right" -> that modality's FMR estimate
