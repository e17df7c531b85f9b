"""Desk photographs made from the shared press photos the way a clerk frames a webcam shot: the crop
centred on the face so the head fills 60 % of the width, at the resolution that puts 130 px between the eyes
(obama.jpg has 106 px: the desk's frame is 1.23 times the press photo's). Test helpers, not product code."""

from __future__ import annotations

import cv2
import numpy as np

from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image, encode_jpeg


def framed(photo: bytes, pipeline: FacePipeline, *, eye_distance: float = 130.0) -> bytes:
    image = decode_image(photo).rgb
    face = pipeline.detect(image)[0]
    left, right = face.landmarks.eye_centers
    scale = eye_distance / float(np.hypot(*(right - left)))
    box = face.box
    side = box.width / 0.6
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    x0, y0 = int(max(cx - side / 2, 0)), int(max(cy - side * 0.65, 0))
    crop = image[y0:int(min(y0 + side * 1.3, image.shape[0])), x0:int(min(x0 + side, image.shape[1]))]
    out = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return encode_jpeg(np.ascontiguousarray(out), quality=95)


def shadowed(photo: bytes, factor: float = 0.45) -> bytes:
    """The same photo with its left half in deep shadow."""
    image = decode_image(photo).rgb.astype(np.float32)
    image[:, : image.shape[1] // 2] *= factor
    return encode_jpeg(np.ascontiguousarray(image.clip(0, 255).astype(np.uint8)), quality=95)
