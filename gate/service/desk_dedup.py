"""The edge where the desk's de-duplication port is wired.

The registry's :class:`enrollment.registry.dedup.Deduplicator` (faiss face index, packed iris codes, the
finger index, fused through their FMR curves) is what a deployment passes to :func:`build_services`.
Until one is given the desk refuses to submit (``DEDUP_UNAVAILABLE``) rather than issue cards unchecked.
"""

from __future__ import annotations

from collections.abc import Collection

from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate


class DedupNotConfigured(RuntimeError):
    pass


class UnwiredDeduplicator:
    """Fails every call: no registry gallery is configured."""

    def search(self, applicant: ApplicantBiometrics, *,
               exclude: Collection[str] = ()) -> list[DuplicateCandidate]:
        raise DedupNotConfigured("no de-duplication gallery is configured")

    def enroll(self, application_id: str, applicant: ApplicantBiometrics) -> None:
        raise DedupNotConfigured("no de-duplication gallery is configured")

    def remove(self, application_id: str) -> None:
        raise DedupNotConfigured("no de-duplication gallery is configured")
