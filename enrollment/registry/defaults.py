"""The registry's default models: the gate's face model (omz-face-reid-0095, 256-D, cosine, exact search:
numpy below 50,000 templates, the faiss 8-bit code scan with an exact re-rank above),
MCC on LEADER minutiae for fingers, the log-Gabor iris code — each with its calibration from
``models/calibration``."""

from __future__ import annotations

from enrollment.registry.dedup import DEFAULT_K, Deduplicator, ModalityModel
from enrollment.registry.templates import FaceEmbedder
from matcher.search.gallery import FaceGallery
from matcher.search.gallery_finger import FingerGallery
from matcher.search.gallery_iris import IrisCodeGallery
from matcher.search.index import Backend, Metric
from matcher.thresholds import FmrCurve
from models import load_calibration

FACE_MODEL, FACE_DIM = "omz-face-reid-0095", 256
FACE_THREADS = 2
FINGER_MODEL = "finger-mcc-leader"
IRIS_MODEL = "iris-loggabor-v2"


def curve_of(model_id: str) -> FmrCurve:
    return FmrCurve.from_calibration(load_calibration(model_id))


def face_metric(model_id: str) -> Metric:
    """Cosine for a similarity-calibrated model, Euclidean for a distance-calibrated one (dlib)."""
    return "euclidean" if load_calibration(model_id).lower_is_better else "cosine"


def default_deduplicator(embedder: FaceEmbedder | None, *, fpir_target: float = 0.01, k: int = DEFAULT_K,
                         face_backend: Backend = "auto", face_model: str = FACE_MODEL, face_dim: int = FACE_DIM,
                         face_threads: int = FACE_THREADS,
                         modalities: tuple[str, ...] = ("face", "finger", "iris")) -> Deduplicator:
    """``face_threads``: the large-gallery face search scans its codes in that many shards at once (see
    docs/dedup/README.md for the 1 M figures with 1 and 2)."""
    makers = {
        "face": lambda: ModalityModel(curve_of(face_model), lambda: FaceGallery(
            face_dim, model_id=face_model, metric=face_metric(face_model), backend=face_backend,
            threads=face_threads)),
        "finger": lambda: ModalityModel(curve_of(FINGER_MODEL), lambda: FingerGallery(model_id=FINGER_MODEL)),
        "iris": lambda: ModalityModel(curve_of(IRIS_MODEL), lambda: IrisCodeGallery(model_id=IRIS_MODEL)),
    }
    return Deduplicator({m: makers[m]() for m in modalities}, embedder=embedder, fpir_target=fpir_target, k=k)
