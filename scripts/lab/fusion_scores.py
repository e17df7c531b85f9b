"""The two score pools of ``egate-lab eval fusion``: LFW all pairs of a face pipeline (embeddings cached
by :mod:`scripts.lab.eval_face`) and FVC real-set pairs of a finger extractor + matcher (templates cached
by :mod:`scripts.lab.finger_templates`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.evaluation import fvc
from matcher.evaluation.chimeric import ScorePool, all_pairs_owners
from matcher.evaluation.lfw import identity_of, parse_pairs
from matcher.finger import params
from scripts.lab.eval_face import Variant, all_pairs_scores, embed_images
from scripts.lab.finger_templates import extract_set, fvc_set_name, prepare_all, score_pairs

FINGERS_PER_SET = 10


@dataclass(frozen=True)
class FaceSource:
    pairs_file: Path
    images: Path
    variant: Variant
    cache: Path
    model_dirs: tuple[Path, Path]
    yunet: bytes | None
    workers: int = 2


@dataclass(frozen=True)
class FingerSource:
    sets: tuple[Path, ...]
    extractor: str
    matcher: str
    cache: Path  # <cache_dir>/finger


@dataclass(frozen=True)
class PoolInfo:
    images: int
    subjects: int
    genuine: int
    impostor: int
    failures: int  # images without a template (face: no face found, embedded from a centred box)


def face_pool(src: FaceSource) -> tuple[ScorePool, PoolInfo]:
    """Every LFW image of the pairs file against every other; owner = identity of the genuine pair.
    Similarities: −distance for a Euclidean embedder."""
    pairs = parse_pairs(src.pairs_file.read_text())
    rel = sorted({p.first for p in pairs} | {p.second for p in pairs})
    missing = [r for r in rel if not (src.images / r).is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} LFW images are missing, e.g. {src.images / missing[0]}")
    vectors, acquired, _ = embed_images([src.images / r for r in rel], src.variant, yunet=src.yunet,
                                        cache=src.cache, workers=src.workers, model_dirs=src.model_dirs)
    gen, imp = all_pairs_scores(rel, vectors, metric=src.variant.metric)
    owner = all_pairs_owners([identity_of(r) for r in rel])
    if owner.size != gen.size:
        raise RuntimeError(f"{owner.size} owners for {gen.size} genuine LFW pairs")
    pool = ScorePool(gen, owner, imp)
    return pool, PoolInfo(len(rel), pool.subjects, gen.size, imp.size, int((~acquired).sum()))


def finger_pool(src: FingerSource) -> tuple[ScorePool, PoolInfo]:
    """All impression pairs of each finger (genuine; a failed extraction scores 0 and counts as a miss)
    and all different-finger pairs of each set where both sides gave a template (as the calibration)."""
    genuine_pairs, impostor_pairs = fvc.genuine_pairs(), fvc.all_impostor_pairs()
    gen: list[np.ndarray] = []
    owner: list[np.ndarray] = []
    imp: list[np.ndarray] = []
    failures = 0
    for k, db in enumerate(src.sets):
        if fvc.is_synthetic(fvc_set_name(db)):
            raise ValueError(f"{db} is a synthetic set; chimeric subjects use real fingers only")
        templates, _ = extract_set(db, src.extractor, src.cache / f"{src.extractor}-v{params.MODEL_VERSION}")
        failures += sum(isinstance(t, str) for t in templates.values())
        prepared, _ = prepare_all(src.matcher, templates)
        g, _ = score_pairs(src.matcher, prepared, prepared, genuine_pairs)
        compared = [p for p in impostor_pairs if p[0] in prepared and p[1] in prepared]
        i, _ = score_pairs(src.matcher, prepared, prepared, compared)
        gen.append(g)
        owner.append(k * FINGERS_PER_SET + np.array([int(a.split("_")[0]) - 101 for a, _ in genuine_pairs]))
        imp.append(i)
    pool = ScorePool(np.concatenate(gen), np.concatenate(owner).astype(np.int64), np.concatenate(imp))
    info = PoolInfo(len(src.sets) * FINGERS_PER_SET * 8, pool.subjects, pool.genuine.size, pool.impostor.size,
                    failures)
    return pool, info
