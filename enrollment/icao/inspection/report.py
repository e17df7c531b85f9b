"""Inspection results: the decoded document and the report of every check."""

from __future__ import annotations

from dataclasses import dataclass, field

from enrollment.icao.biometric.iso19794_6 import Eye, ImageFormat
from enrollment.icao.checks import Check, CheckStatus
from enrollment.icao.lds.dg13 import Dg13Fields
from enrollment.icao.lds.mrz import Mrz

__all__ = ["Check", "CheckStatus", "ChipIrisImage", "DecodedDocument", "InspectionReport", "InspectionResult"]


@dataclass(frozen=True)
class ChipIrisImage:
    """One iris image from DG4 (ISO/IEC 19794-6), with what is needed to decode it."""

    eye: Eye  # "right", "left" or "undefined"
    image: bytes  # JPEG, or width x height bytes of 8-bit grey when image_format is "mono_raw"
    image_format: ImageFormat
    width: int
    height: int


@dataclass(frozen=True)
class DecodedDocument:
    """What was read and decoded from the chip. Reading is not trusting: consult the report."""

    mrz: Mrz | None = None
    face_image: bytes | None = None  # JPEG (or JPEG 2000, see face_image_format) from DG2
    face_image_format: str | None = None
    finger_templates: list[bytes] = field(default_factory=list)  # ISO/IEC 19794-2 records from DG3
    dg13: Dg13Fields | None = None
    data_groups_read: tuple[int, ...] = ()
    iris_images: tuple[ChipIrisImage, ...] = ()  # from DG4, every record's images in order

    def iris_of(self, eye: Eye) -> tuple[ChipIrisImage, ...]:
        """DG4's images of one eye."""
        return tuple(i for i in self.iris_images if i.eye == eye)

    @property
    def issuing_state(self) -> str | None:
        return self.mrz.issuing_state if self.mrz else None

    @property
    def document_number(self) -> str | None:
        return self.mrz.document_number if self.mrz else None


@dataclass(frozen=True)
class InspectionReport:
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        """True only when at least one check ran and every performed check passed."""
        performed = [c for c in self.checks if c.status != "not_performed"]
        return bool(performed) and all(c.status == "passed" for c in performed)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "failed")

    def get(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def access_protocol(self) -> str | None:
        """The protocol that opened the chip: "PACE", "BAC", or None when it stayed closed."""
        opened = [c.name.upper() for c in self.checks if c.name in ("pace", "bac") and c.status == "passed"]
        return opened[0] if opened else None


@dataclass(frozen=True)
class InspectionResult:
    document: DecodedDocument
    report: InspectionReport
