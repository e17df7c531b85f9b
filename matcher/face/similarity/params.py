"""Constants of five-point similarity alignment.

A template is where five facial points land in the aligned crop, in normalised [0, 1]² crop coordinates,
in image order: the eye centre on the image's left, the eye centre on the image's right, the nose tip,
the mouth corner on the image's left, the mouth corner on the image's right.

``OMZ_FACE_REID`` is the template of Intel's face-reidentification-retail-0095 (its model card; also in
``$EGATE_SHARED/models/omz-face-reid-0095/MODEL.md``).

dlib's 5-point model gives eye corners and the nose base, no mouth. For detectors without their own
points (HOG, CNN) those five points are aligned instead, onto ``OMZ_FACE_REID_DLIB``: where dlib's points
land in the same crop, in dlib's order (image-right eye outer and inner corner, image-left eye outer and
inner corner, nose base). Median over 3,000 LFW deep-funneled faces (the first image of each of the first
3,000 people alphabetically), each aligned to ``OMZ_FACE_REID`` by YuNet's own five points, with dlib's
points predicted in the same face's YuNet box; fitted by ``python -m scripts.lab.fit_dlib_points``.
"""

from __future__ import annotations

Points = tuple[tuple[float, float], ...]

OMZ_FACE_REID: Points = (
    (0.31556875, 0.46157411), (0.68262292, 0.46157411), (0.50026250, 0.64050536),
    (0.34947188, 0.82469196), (0.65343646, 0.82469196),
)

OMZ_FACE_REID_DLIB: Points = (
    (0.72589, 0.46490), (0.59337, 0.46970), (0.25519, 0.47035), (0.38859, 0.47229), (0.49216, 0.72407),
)

# the smallest spread of source points (pixels, RMS distance from their centroid) worth aligning
MIN_POINT_SPREAD = 1.0
