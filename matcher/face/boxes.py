"""Small helpers on face boxes shared by the detectors."""

from __future__ import annotations

from collections.abc import Iterable

import dlib

from matcher.face.types import FaceBox


def clip_box(left: float, top: float, right: float, bottom: float, width: int, height: int,
             confidence: float) -> FaceBox | None:
    """The box clipped to the image, or None when nothing of it lies inside."""
    lft, tp = max(0, round(left)), max(0, round(top))
    rgt, btm = min(width, round(right)), min(height, round(bottom))
    if rgt <= lft or btm <= tp:
        return None
    return FaceBox(lft, tp, rgt, btm, confidence)


def largest_first(boxes: Iterable[FaceBox]) -> list[FaceBox]:
    return sorted(boxes, key=lambda b: b.area, reverse=True)


def to_dlib_rect(box: FaceBox) -> dlib.rectangle:
    return dlib.rectangle(box.left, box.top, box.right - 1, box.bottom - 1)
