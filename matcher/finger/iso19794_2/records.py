"""The record model of ISO/IEC 19794-2 (2005 and 2011): finger views and their opaque fields, so that
decode → encode reproduces the bytes exactly."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.finger.template import FingerTemplate

MAGIC_2005 = b"FMR\x00 20\x00"
MAGIC_2011 = b"FMR\x00030\x00"
ANGLE_UNIT = 2 * np.pi / 256
CM_PER_INCH = 2.54
NOT_REPORTED_2011 = 254


@dataclass(frozen=True, eq=False)
class FingerView:
    """One finger view (2005) or representation (2011) with its template and the fields around it."""

    template: FingerTemplate
    view_number: int = 0
    impression_type: int = 0  # 0 live-scan plain
    extended_data: bytes = b""
    # 2011 only
    capture_datetime: bytes = b"\xff" * 9  # omitted
    device_technology: int = 0
    device_vendor: int = 0
    device_type: int = 0
    quality_blocks: tuple[tuple[int, int, int], ...] = ()  # (score, vendor id, algorithm id)
    certifications: tuple[tuple[int, int], ...] = ()  # (authority id, scheme id)
    ridge_ending_type: int = 0
    minutia_size: int = 0  # 5 or 6 bytes; 0: 6 when any minutia quality is known


@dataclass(frozen=True, eq=False)
class MinutiaeRecord:
    views: tuple[FingerView, ...]
    version: str = "2005"
    capture_equipment: int = 0  # 2005: certification flags (4 bits) | device type (12 bits)
    extras: dict[str, int] = field(default_factory=dict)

    @property
    def templates(self) -> tuple[FingerTemplate, ...]:
        return tuple(v.template for v in self.views)
