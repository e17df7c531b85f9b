"""Gallery adapters: an applicant's bytes turned into the templates each gallery holds, keyed by modality
("face", "finger:<ISO position>", "iris:<eye>").

* face: the DG2 JPEG through the face embedder the registry was built with (the gate's default pipeline,
  wired at the edge: enrolment never imports the gate) — a vector;
* finger: an ISO/IEC 19794-2 record — the view of the stated position (or the only view);
* iris: an iris code in the bytes form of :mod:`matcher.iris.template` (``EIC1``).

Anything unreadable raises :class:`UnusableTemplateError` naming the modality and the matcher's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from enrollment.registry.biometrics import ApplicantBiometrics
from enrollment.registry.errors import NoBiometricsError, UnusableTemplateError
from matcher.errors import MatcherError
from matcher.finger import iso19794_2
from matcher.finger.template import FingerTemplate
from matcher.iris.template import decode_code

EYES = ("right", "left")


class FaceEmbedder(Protocol):
    """JPEG bytes of a portrait → its face embedding (raises a MatcherError when there is no usable face)."""

    def __call__(self, jpeg: bytes, /) -> NDArray[np.float32]: ...


def _guarded(modality: str, make: Callable[[], Any]) -> Any:
    try:
        return make()
    except MatcherError as exc:
        raise UnusableTemplateError(f"{modality}: {exc}", modality=modality, cause_code=exc.code) from exc


def finger_template(data: bytes, position: int) -> FingerTemplate:
    views = iso19794_2.decode(data).templates
    same = [t for t in views if t.finger_position == position]
    if not same and len(views) != 1:
        raise UnusableTemplateError(f"finger:{position}: the record holds no view of position {position}",
                                    modality=f"finger:{position}", cause_code="TEMPLATE_FORMAT")
    return (same or list(views))[0]


def applicant_templates(applicant: ApplicantBiometrics, embedder: FaceEmbedder | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if applicant.face_jpeg is not None:
        if embedder is None:
            raise UnusableTemplateError("face: this registry has no face embedder", modality="face",
                                        cause_code="MODEL")
        jpeg = applicant.face_jpeg
        out["face"] = _guarded("face", lambda: embedder(jpeg))
    for position, data in sorted(applicant.fingers.items()):
        name = f"finger:{position}"
        if not isinstance(position, int) or not 1 <= position <= 10:
            raise UnusableTemplateError(f"{name}: finger positions are 1..10", modality=name,
                                        cause_code="TEMPLATE_FORMAT")
        out[name] = _guarded(name, lambda d=data, p=position: finger_template(d, p))  # type: ignore[misc]
    for eye, data in sorted(applicant.irises.items()):
        name = f"iris:{eye}"
        if eye not in EYES:
            raise UnusableTemplateError(f"{name}: the eye must be right or left", modality=name,
                                        cause_code="TEMPLATE_FORMAT")
        out[name] = _guarded(name, lambda d=data: decode_code(d))  # type: ignore[misc]
    if not out:
        raise NoBiometricsError("the applicant has no face, finger or iris template")
    return out
