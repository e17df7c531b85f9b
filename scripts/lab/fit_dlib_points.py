"""Fits where dlib's 5 landmarks land in a five-point alignment template (``matcher.face.similarity``).

For each face (first image of each of the first ``--people`` LFW people, alphabetically): YuNet finds the
face and its five points; the similarity transform taking those points onto the template is applied to
dlib's 5 landmarks predicted in the same face's box; the per-point median over all faces is printed, in
normalised crop coordinates, ready for ``matcher/face/similarity/params.py``. Also prints the median
residual of aligning dlib's points onto the fitted positions (in crop pixels at 128).

    uv run python -m scripts.lab.fit_dlib_points --template omz-face-reid-0095 --people 3000
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from gate.settings import load_settings
from matcher.face.detect_yunet import YuNetDetector
from matcher.face.landmarks import FivePointLandmarks
from matcher.face.similarity import TEMPLATES, PointedBox, similarity_transform
from matcher.image import decode_image


def fit(images: list[Path], template: np.ndarray, yunet: bytes) -> tuple[np.ndarray, int]:
    detector, landmarks = YuNetDetector(yunet), FivePointLandmarks()
    mapped = []
    for path in images:
        rgb = decode_image(path.read_bytes()).rgb
        h, w = rgb.shape[:2]
        boxes = detector.detect(rgb)
        if not boxes:
            continue
        face = min(boxes, key=lambda b: ((b.left + b.right - w) ** 2 + (b.top + b.bottom - h) ** 2))
        assert isinstance(face, PointedBox)
        m = similarity_transform(np.asarray(face.points), template)
        dlib_pts = landmarks.predict(rgb, face).points
        mapped.append(dlib_pts @ m[:, :2].T + m[:, 2])
    return np.median(np.stack(mapped), axis=0), len(mapped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default="omz-face-reid-0095", choices=sorted(TEMPLATES))
    parser.add_argument("--people", type=int, default=3000)
    args = parser.parse_args()
    settings = load_settings()
    people = sorted((settings.lfw_dir / "lfw-deepfunneled").iterdir())[: args.people]
    images = [sorted(p.glob("*.jpg"))[0] for p in people if any(p.glob("*.jpg"))]
    template = np.asarray(TEMPLATES[args.template][0], np.float64)
    fitted, n = fit(images, template, settings.yunet_model.read_bytes())
    print(f"# {n} faces of {len(images)} images")
    print("(" + ", ".join(f"({x:.5f}, {y:.5f})" for x, y in fitted) + ")")


if __name__ == "__main__":
    main()
