"""ISO/IEC 19794-5 token-style portrait: the face cropped and scaled to a fixed geometry, so that a
chip photo stays small (DG2 is read over a slow contactless link) while keeping the face large.

Token geometry (19794-5 §8.4, "token frontal"): width 240 × height 320 here, the eye centres on a
horizontal line at 60 % of the height from the bottom, eye distance 25 % of the width.
"""

from __future__ import annotations

import cv2
import numpy as np

from matcher.face.types import Landmarks5, RgbImage

TOKEN_WIDTH, TOKEN_HEIGHT = 240, 320
EYE_DISTANCE_FRACTION = 0.25
EYE_LINE_FROM_TOP = 0.40


def token_portrait(image: RgbImage, landmarks: Landmarks5, *, width: int = TOKEN_WIDTH,
                   height: int = TOKEN_HEIGHT) -> RgbImage:
    left_eye, right_eye = landmarks.eye_centers
    eye_vec = right_eye - left_eye
    distance = float(np.hypot(*eye_vec))
    if distance < 2:
        raise ValueError("eye centres too close to build a portrait")
    angle = float(np.degrees(np.arctan2(eye_vec[1], eye_vec[0])))
    scale = EYE_DISTANCE_FRACTION * width / distance
    centre = (left_eye + right_eye) / 2
    matrix = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, scale)
    matrix[0, 2] += width / 2 - centre[0]
    matrix[1, 2] += EYE_LINE_FROM_TOP * height - centre[1]
    out = cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    return np.ascontiguousarray(out, dtype=np.uint8)
