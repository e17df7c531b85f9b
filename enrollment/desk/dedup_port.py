"""The de-duplication port the desk depends on, and the applicant's biometrics a case hands to it.

The registry's :class:`enrollment.registry.dedup.Deduplicator` fits this Protocol; so does any test double.
A case is searched (excluding itself) and enrolled when it is submitted, so that two applications still
pending find each other; a rejected case is removed again.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from enrollment.desk.case import EYES, FACE, FINGER_POSITIONS, ApplicationCase
from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate


class Deduplicator(Protocol):
    def search(self, applicant: ApplicantBiometrics, *,
               exclude: Collection[str] = ()) -> list[DuplicateCandidate]: ...

    def enroll(self, application_id: str, applicant: ApplicantBiometrics) -> None: ...

    def remove(self, application_id: str) -> None: ...


def applicant_biometrics(case: ApplicationCase) -> ApplicantBiometrics:
    """The case's accepted templates: the DG2 portrait, ISO/IEC 19794-2 records by position, iris codes."""
    samples = case.samples
    face = samples.get(FACE)
    fingers = {p: samples[f"finger:{p}"].template for p in FINGER_POSITIONS if f"finger:{p}" in samples}
    irises = {e: samples[f"iris:{e}"].template for e in EYES if f"iris:{e}" in samples}
    return ApplicantBiometrics(face.template if face else None, fingers, irises)
