"""Biometric records apart from the data groups that carry them: the CBEFF nesting (DG2, DG3, DG4),
ISO/IEC 19794-5 face images and ISO/IEC 19794-6 iris images (finger minutiae, ISO/IEC 19794-2, are
decoded by :mod:`matcher.finger.iso19794_2`)."""

from enrollment.icao.biometric.cbeff import BiometricHeader, decode_group, encode_group
from enrollment.icao.biometric.iso19794_5 import FaceRecord, decode_face_record, encode_face_record
from enrollment.icao.biometric.iso19794_6 import IrisImageEntry, IrisRecord, decode_iris_record, encode_iris_record

__all__ = [
    "BiometricHeader",
    "FaceRecord",
    "IrisImageEntry",
    "IrisRecord",
    "decode_face_record",
    "decode_group",
    "decode_iris_record",
    "encode_face_record",
    "encode_group",
    "encode_iris_record",
]
