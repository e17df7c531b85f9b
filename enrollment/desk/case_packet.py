"""The packet's content from a case (:class:`enrollment.desk.packet.PacketContents`): demographics by
name, the captured images and their templates, and the signed-off exceptions with their photos."""

from __future__ import annotations

from enrollment.desk.case import EYES, FACE, FINGER_POSITIONS, ApplicationCase
from enrollment.desk.errors import WrongState
from enrollment.desk.packet import PacketContents


def packet_contents(case: ApplicationCase) -> PacketContents:
    """Refused (``DEMOGRAPHICS_MISSING`` / ``BIOMETRICS_PURGED``) for a case without its data."""
    if case.demographics is None:
        raise WrongState.of("DEMOGRAPHICS_MISSING")
    if FACE not in case.samples:
        raise WrongState.of("BIOMETRICS_PURGED")
    samples = case.samples
    fingers = [p for p in FINGER_POSITIONS if f"finger:{p}" in samples]
    eyes = [e for e in EYES if f"iris:{e}" in samples]
    signed_off = {slot: e for slot, e in case.exceptions.items() if e.signed_off_by is not None}
    return PacketContents(
        application_id=case.id, desk_id=case.desk_id, created_at=case.created_at,
        demographics={k: v for k, v in case.demographics.as_fields().items() if v},  # optional ones when given
        face_jpeg=samples[FACE].template,
        finger_images={p: samples[f"finger:{p}"].image for p in fingers},
        finger_templates={p: samples[f"finger:{p}"].template for p in fingers},
        iris_images={e: samples[f"iris:{e}"].image for e in eyes},
        iris_templates={e: samples[f"iris:{e}"].template for e in eyes},
        exceptions={slot: e.code for slot, e in signed_off.items()},
        operator=case.operator, supervisor=case.supervisor,
        exception_photos={slot: photo for slot, photo in case.exception_photos.items() if slot in signed_off},
    )
