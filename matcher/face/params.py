"""Algorithm constants of the face pipeline, in one table (operational choices live in the settings).

Quality limits follow BSI TR-03121-3 Table 4.3 for border-control live capture (yaw ±5°, pitch ±5°,
roll ±8°, eye distance ≥ 120 px); the "relaxed" profile is for archive photographs and demos whose
faces are smaller than a gate camera's.
"""

from __future__ import annotations

# dlib face crop (what face_recognition and the dlib ResNet expect)
CHIP_SIZE = 150
CHIP_PADDING = 0.25

# Detection
HOG_UPSAMPLE = 1
CNN_UPSAMPLE = 1
YUNET_SCORE_THRESHOLD = 0.7
YUNET_NMS_THRESHOLD = 0.3
# dlib's 5-point landmark model was trained on dlib's (HOG-style, square) boxes; YuNet's boxes are taller
# and narrower. Median relation on 340 LFW faces found by both detectors: the dlib box is 1.147× the
# YuNet width and 0.862× its height, its centre 0.032 widths left and 0.039 heights lower.
YUNET_TO_DLIB_BOX = (-0.032, 0.039, 1.147, 0.862)  # (dx/w, dy/h, w scale, h scale)
# YuNet looks at a copy of a larger frame reduced to this longer side, so that detection costs about what a
# camera frame's does whatever the frame's size (a hostile 12 MP frame reduced to 1920 px: a fifth of its
# full-frame cost, about an 853×480 frame's; ``egate-lab bench hostile-frame``). Boxes and points are
# scaled back; landmarks, alignment, quality and PAD read the full frame. Frames up to this side (LFW,
# NUAA, 640×480 and 853×480 cameras) are detected exactly as before. Not 640: on the 853×480 sample the
# box moved ~5 px and MiniFASNet's attack score went 0.001 → 0.30. Large faces gain: on the whole
# 1920-px frame YuNet found 13 of 50 LFW faces upscaled to ~860 px wide, at 960 all 50.
YUNET_DETECT_SIDE = 960

# Head pose from 5 landmarks (see quality.py): depth of the nose base in front of the eye-corner plane,
# as a fraction of the inter-eye distance, and the frontal vertical eye-to-nose-base distance as a
# fraction of the inter-eye distance (0.76: median over 300 random LFW deep-funneled faces).
NOSE_DEPTH_RATIO = 0.35
FRONTAL_NOSE_DROP_RATIO = 0.76

# Sharpness and exposure are measured on the face region resampled to this width.
QUALITY_FACE_WIDTH = 128
