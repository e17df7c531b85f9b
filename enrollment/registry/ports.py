"""What the registry needs from the de-duplication: the port the real one (``dedup.Deduplicator``,
galleries behind ``matcher.search``) and the test doubles both satisfy."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate


class Deduplicator(Protocol):
    def search(self, applicant: ApplicantBiometrics, *,
               exclude: Collection[str] = ()) -> list[DuplicateCandidate]: ...

    def enroll(self, application_id: str, applicant: ApplicantBiometrics) -> None: ...

    def remove(self, application_id: str) -> None: ...

    def count(self) -> int: ...
