"""Five facial points for similarity alignment: eye centres, nose tip, mouth corners (see ``params``).

Detectors that find them (YuNet) hand them on with the box (:class:`PointedBox`); the landmark stage
keeps them beside dlib's 5-point landmarks (:class:`PointedLandmarks`), which the quality checks use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from matcher.face.landmarks import FivePointLandmarks
from matcher.face.types import FaceBox, Landmarks5, RgbImage

FacePoints = tuple[tuple[float, float], ...]  # five (x, y) in image pixels, order of params templates


@dataclass(frozen=True)
class PointedBox(FaceBox):
    """A face box with the detector's own five points (image pixels)."""

    points: FacePoints = ()

    def __post_init__(self) -> None:
        if len(self.points) != 5 or any(len(p) != 2 for p in self.points):
            raise ValueError(f"a pointed box needs five (x, y) points, got {self.points!r}")


def with_points(box: FaceBox | None, xy: Sequence[float]) -> FaceBox | None:
    """``box`` carrying the five points ``xy`` (x0, y0, …, x4, y4), ordered by the template convention."""
    if box is None:
        return None
    pts = [(float(xy[2 * i]), float(xy[2 * i + 1])) for i in range(5)]
    if pts[0][0] > pts[1][0]:  # eyes and mouth corners in image order, whatever the detector's naming
        pts[0], pts[1], pts[3], pts[4] = pts[1], pts[0], pts[4], pts[3]
    return PointedBox(**{f.name: getattr(box, f.name) for f in fields(FaceBox)}, points=tuple(pts))


@dataclass(frozen=True)
class PointedLandmarks(Landmarks5):
    """dlib's 5-point landmarks plus, when the detector gave them, the five alignment points."""

    face_points: FacePoints | None = None

    def points_array(self) -> np.ndarray | None:
        return None if self.face_points is None else np.asarray(self.face_points, dtype=np.float64)


class PointedLandmarker:
    """dlib's 5-point landmarks, with the detector's alignment points kept when the box has them."""

    name = "dlib-5pt+detector-points"

    def __init__(self, dlib_landmarks: FivePointLandmarks | None = None) -> None:
        self._dlib = dlib_landmarks or FivePointLandmarks()

    def predict(self, image: RgbImage, box: FaceBox) -> Landmarks5:
        landmarks = self._dlib.predict(image, box)
        points = box.points if isinstance(box, PointedBox) else None
        return PointedLandmarks(landmarks.points, face_points=points)
