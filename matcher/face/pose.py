"""Head pose (yaw, pitch, roll) estimated from dlib's 5 landmarks.

A geometric estimate, not a fitted 3-D model: roll is the angle of the eye line; yaw and pitch come from
where the nose base projects relative to the eye midpoint, given its typical depth in front of the eye
corners (``params.NOSE_DEPTH_RATIO``) and its frontal drop below the eye line
(``params.FRONTAL_NOSE_DROP_RATIO``), both as fractions of the inter-eye distance. Good to a few degrees
near frontal, which is where the ±5° border-control limits apply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from matcher.face import params
from matcher.face.types import Landmarks5


@dataclass(frozen=True)
class HeadPose:
    yaw: float  # degrees; positive: face turned towards the image's right
    pitch: float  # degrees; positive: chin down
    roll: float  # degrees; positive: head tilted clockwise in the image
    eye_distance: float  # pixels between the eye centres


def estimate_pose(landmarks: Landmarks5) -> HeadPose:
    left_eye, right_eye = landmarks.eye_centers
    eye_vec = right_eye - left_eye
    eye_distance = float(np.hypot(*eye_vec))
    if eye_distance < 1e-6:
        return HeadPose(yaw=90.0, pitch=90.0, roll=0.0, eye_distance=0.0)
    roll = math.degrees(math.atan2(eye_vec[1], eye_vec[0]))
    c, s = eye_vec / eye_distance
    rel = landmarks.nose - (left_eye + right_eye) / 2
    across, down = c * rel[0] + s * rel[1], -s * rel[0] + c * rel[1]
    depth, drop = params.NOSE_DEPTH_RATIO, params.FRONTAL_NOSE_DROP_RATIO
    yaw_rad = math.atan2(across / eye_distance, depth)
    # the eye distance we see is foreshortened by cos(yaw); undo it before reading the vertical drop
    drop_ratio = down / (eye_distance / max(math.cos(yaw_rad), 0.2))
    radius = math.hypot(drop, depth)
    # projected drop = D cos(p) + z sin(p) = R sin(p + a) with R = hypot(D, z), a = atan2(D, z)
    pitch_rad = math.asin(max(-1.0, min(1.0, drop_ratio / radius))) - math.atan2(drop, depth)
    return HeadPose(yaw=math.degrees(yaw_rad), pitch=math.degrees(pitch_rad), roll=roll,
                    eye_distance=eye_distance)
