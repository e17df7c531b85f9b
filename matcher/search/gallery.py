"""The Gallery port: the four operations enrolment de-duplication needs from a 1:N store, whatever holds
the templates — add, remove, search top-k, count — and the face gallery on :class:`GalleryIndex`.

A gallery holds at most one template per identity and scores in its model's native unit (``model_id``
names the calibration; ``lower_is_better`` says which way a score is stronger). Searching an empty gallery
is no error (the first applicant ever has nobody to duplicate): it returns no hits. A national registry can
put a distributed vector engine behind the same four methods without the desk noticing.

Implementations: :class:`FaceGallery` (exact search by default: numpy below 50,000 rows, 8-bit codes
scanned by faiss and re-ranked exactly above; see :mod:`matcher.search.index`),
:class:`matcher.search.gallery_iris.IrisCodeGallery` (packed codes, Hamming distance over rotations) and
:class:`matcher.search.gallery_finger.FingerGallery` (MCC, with an optional MCC-hash pre-selection).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from matcher.errors import MatcherError, TemplateFormatError, TemplateMismatchError
from matcher.search.index import IVF_LIMIT, Backend, GalleryIndex, Metric

T_contra = TypeVar("T_contra", contravariant=True)


class GalleryError(MatcherError):
    code = "GALLERY"


class UnknownIdentityError(GalleryError):
    code = "GALLERY_UNKNOWN_IDENTITY"


class DuplicateIdentityError(GalleryError):
    code = "GALLERY_DUPLICATE_IDENTITY"


@dataclass(frozen=True)
class GalleryHit:
    identity: str
    score: float  # native score of the gallery's model (see ``lower_is_better``)
    rank: int  # 1-based, strongest first


class Gallery(Protocol[T_contra]):
    """What de-duplication needs of a 1:N store."""

    @property
    def model_id(self) -> str: ...

    @property
    def lower_is_better(self) -> bool: ...

    def add(self, identity: str, template: T_contra) -> None:
        """Enrol ``identity``; :class:`DuplicateIdentityError` when it is already enrolled."""

    def remove(self, identity: str) -> None:
        """Forget ``identity``; :class:`UnknownIdentityError` when it is not enrolled."""

    def search(self, probe: T_contra, k: int) -> list[GalleryHit]:
        """The ``k`` strongest identities, strongest first (fewer when the gallery is smaller)."""

    def count(self) -> int:
        """Enrolled identities."""


def check_identity(identity: object) -> str:
    if not isinstance(identity, str) or not identity:
        raise GalleryError("an identity must be a non-empty string", stage="search")
    return identity


def check_k(k: int) -> int:
    if k <= 0:
        raise ValueError("k must be positive")
    return k


class FaceGallery:
    """Face embeddings in a :class:`GalleryIndex`. With ``metric="cosine"`` (omz-face-reid-0095) scores are
    cosine similarities (higher is stronger: 1 − d²/2 of the unit vectors' distance); with ``"euclidean"``
    (dlib) Euclidean distances (lower is stronger), each in its calibration's unit."""

    def __init__(self, dim: int, *, model_id: str, metric: Metric = "cosine", backend: Backend = "auto",
                 nprobe: int = 128, threads: int = 1, ivf_limit: int = IVF_LIMIT) -> None:
        self._index = GalleryIndex(dim, model_id=model_id, metric=metric, backend=backend, nprobe=nprobe,
                                   threads=threads, ivf_limit=ivf_limit)
        self.dim = dim
        self._model_id = model_id

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def lower_is_better(self) -> bool:
        return self._index.metric == "euclidean"

    @property
    def index(self) -> GalleryIndex:
        return self._index

    def _vector(self, template: NDArray[np.floating]) -> NDArray[np.float32]:
        vec = np.asarray(template, dtype=np.float32).reshape(-1)
        if vec.size != self.dim:
            raise TemplateMismatchError(f"a face template of {self.dim} values is expected for {self._model_id}",
                                        stage="search")
        if not np.isfinite(vec).all() or (self._index.metric == "cosine" and not np.any(vec)):
            raise TemplateFormatError("face template holds non-finite values or is all zero", stage="search")
        return vec

    def add(self, identity: str, template: NDArray[np.floating]) -> None:
        if check_identity(identity) in self._index:
            raise DuplicateIdentityError(f"{identity!r} is already enrolled", stage="search")
        self._index.add([identity], self._vector(template)[None, :])

    def add_many(self, identities: list[str], templates: NDArray[np.floating]) -> None:
        """Bulk enrolment (a registry loading its gallery); same checks as :meth:`add`."""
        seen = set(identities)
        if len(seen) != len(identities) or any(i in self._index for i in identities):
            raise DuplicateIdentityError("an identity is enrolled twice", stage="search")
        arr = np.asarray(templates, dtype=np.float32)
        if arr.ndim != 2 or arr.shape[1] != self.dim:
            raise TemplateMismatchError(f"templates must be (N, {self.dim})", stage="search")
        self._index.add(identities, arr)

    def remove(self, identity: str) -> None:
        if self._index.remove(check_identity(identity)) == 0:
            raise UnknownIdentityError(f"{identity!r} is not enrolled", stage="search")

    def search(self, probe: NDArray[np.floating], k: int) -> list[GalleryHit]:
        vec = self._vector(probe)
        [result] = self._index.search(vec[None, :], check_k(k))
        cosine = self._index.metric == "cosine"
        return [GalleryHit(h.identity, 1.0 - h.score**2 / 2.0 if cosine else h.score, h.rank)
                for h in result.hits]

    def count(self) -> int:
        return self._index.identities
