"""The central registry: receives enrolment packets, verifies them, de-duplicates (1:N across face, fingers
and irises), adjudicates.

    dedup = default_deduplicator(embedder)            # the gate's face pipeline, wired at the edge
    dedup.enroll("case-1", ApplicantBiometrics(face_jpeg, {2: iso_record}, {"right": iris_code}))
    dedup.search(applicant, exclude={"case-7"})        # [DuplicateCandidate], strongest first
"""

from __future__ import annotations

from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate
from enrollment.registry.dedup import Deduplicator, ModalityModel
from enrollment.registry.defaults import default_deduplicator
from enrollment.registry.errors import (
    DuplicateApplicationError,
    NoBiometricsError,
    RegistryError,
    UnknownApplicationError,
    UnusableTemplateError,
)
from enrollment.registry.templates import FaceEmbedder

__all__ = ["ApplicantBiometrics", "Deduplicator", "DuplicateApplicationError", "DuplicateCandidate", "FaceEmbedder",
           "ModalityModel", "NoBiometricsError", "RegistryError", "UnknownApplicationError", "UnusableTemplateError",
           "default_deduplicator"]
