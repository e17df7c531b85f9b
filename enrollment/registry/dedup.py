"""1:N de-duplication of applicants against everyone enrolled: per-modality searches behind the Gallery
port, fused through each modality's calibrated FMR curve (:mod:`matcher.search.gallery_fusion`), and the
candidates whose fused FMR passes the threshold for the administrator's FPIR target, strongest first.

The threshold rule: with N applications enrolled, a candidate is reported when its fused FMR is at most
p = 1 − (1 − FPIR)^(1/N) ≈ FPIR / N, so that an applicant enrolled nowhere raises a candidate with
probability FPIR (see docs/dedup/README.md for the derivation and the measured figures).

One gallery per modality key ("face", "finger:2", "iris:right"), created on first use by that kind's
:class:`ModalityModel`. Modalities the registry has no model for are not searched.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate
from enrollment.registry.errors import DuplicateApplicationError, UnknownApplicationError
from enrollment.registry.templates import FaceEmbedder, applicant_templates
from matcher.errors import MatcherError
from matcher.search.gallery import Gallery
from matcher.search.gallery_fusion import FusedCandidate, ModalityHits, above_threshold, fuse_hits
from matcher.thresholds import FmrCurve

DEFAULT_K = 20


@dataclass(frozen=True)
class ModalityModel:
    curve: FmrCurve  # score -> FMR of the gallery's model
    new_gallery: Callable[[], Gallery[Any]]


class Deduplicator:
    def __init__(self, models: Mapping[str, ModalityModel], *, embedder: FaceEmbedder | None = None,
                 fpir_target: float = 0.01, k: int = DEFAULT_K) -> None:
        """``models`` by kind: "face", "finger", "iris"."""
        if not 0.0 < fpir_target < 1.0:
            raise ValueError("the FPIR target must lie strictly between 0 and 1")
        if k <= 0:
            raise ValueError("k must be positive")
        self.models, self.embedder, self.fpir_target, self.k = dict(models), embedder, fpir_target, k
        self._galleries: dict[str, Gallery[Any]] = {}
        self._enrolled: dict[str, frozenset[str]] = {}

    def count(self) -> int:
        return len(self._enrolled)

    def enrolled_modalities(self, application_id: str) -> frozenset[str]:
        return self._enrolled.get(application_id, frozenset())

    def _model(self, modality: str) -> ModalityModel | None:
        return self.models.get(modality.split(":", 1)[0])

    def _searchable(self, templates: Mapping[str, Any]) -> dict[str, Any]:
        return {m: t for m, t in templates.items() if self._model(m) is not None}

    # ------------------------------------------------------------------ enrolment
    def enroll(self, application_id: str, applicant: ApplicantBiometrics) -> None:
        self.enroll_templates(application_id, applicant_templates(applicant, self.embedder))

    def enroll_templates(self, application_id: str, templates: Mapping[str, Any]) -> None:
        """Enrol already decoded templates (what :meth:`enroll` does after decoding; evaluations use it)."""
        if not isinstance(application_id, str) or not application_id:
            raise UnknownApplicationError("an application id must be a non-empty string")
        if application_id in self._enrolled:
            raise DuplicateApplicationError(f"application {application_id!r} is already enrolled")
        usable = self._searchable(templates)
        done: list[str] = []
        try:
            for modality, template in usable.items():
                gallery = self._galleries.get(modality)
                if gallery is None:
                    model = self._model(modality)
                    assert model is not None
                    gallery = self._galleries[modality] = model.new_gallery()
                gallery.add(application_id, template)
                done.append(modality)
        except MatcherError:
            for modality in done:  # all or nothing
                self._galleries[modality].remove(application_id)
            raise
        self._enrolled[application_id] = frozenset(usable)

    def remove(self, application_id: str) -> None:
        modalities = self._enrolled.pop(application_id, None)
        if modalities is None:
            raise UnknownApplicationError(f"application {application_id!r} is not enrolled")
        for modality in modalities:
            self._galleries[modality].remove(application_id)

    # ------------------------------------------------------------------ search
    def search(self, applicant: ApplicantBiometrics, *, exclude: Collection[str] = ()) -> list[DuplicateCandidate]:
        """Candidates above the threshold for the FPIR target, strongest first."""
        return self.search_templates(applicant_templates(applicant, self.embedder), exclude=exclude)

    def search_templates(self, templates: Mapping[str, Any], *,
                         exclude: Collection[str] = ()) -> list[DuplicateCandidate]:
        ranked, gallery_size = self.evidence(templates, exclude=exclude)
        return [DuplicateCandidate(c.identity, c.fused_fmr, dict(c.per_modality))
                for c in above_threshold(ranked, self.fpir_target, gallery_size)]

    def evidence(self, templates: Mapping[str, Any], *,
                 exclude: Collection[str] = ()) -> tuple[list[FusedCandidate], int]:
        """Every identity in any modality's top k with its fused FMR (no threshold), strongest first, and
        the gallery size the threshold is computed for (enrolled applications not excluded)."""
        skip = set(exclude)
        searches: list[ModalityHits] = []
        for modality, template in self._searchable(templates).items():
            gallery, model = self._galleries.get(modality), self._model(modality)
            if gallery is None or model is None or gallery.count() == 0:
                continue
            hits = [h for h in gallery.search(template, self.k + len(skip)) if h.identity not in skip]
            searches.append(ModalityHits(modality, model.curve, hits[: self.k]))
        ranked = fuse_hits(searches, self.enrolled_modalities) if searches else []
        return ranked, self.count() - len(skip & self._enrolled.keys())
