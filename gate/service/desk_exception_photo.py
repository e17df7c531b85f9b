"""An exception carries a photo: the clerk photographs the missing, damaged or bandaged finger or eye, and
the supervisor sees it when signing the exception off. Kept encrypted with the case's samples until
issuance (the approving supervisor may look again); the packet carries a copy to the registry as the
exception's evidence."""

from __future__ import annotations

from enrollment.desk.case import Actor, ApplicationCase
from enrollment.desk.errors import Problem
from enrollment.desk.slots import check_exception_photo
from enrollment.icao.errors import EncodingError
from enrollment.photo import open_image
from gate.service.desk_cases import DeskCases, Step
from gate.service.desk_codec import EXCEPTION_PHOTO
from gate.service.desk_errors import DeskInvalid
from gate.service.errors import UploadTooLarge
from gate.store import NotFoundError


def image_type(data: bytes) -> str:
    """The media type of a stored photo (it was verified when it came in)."""
    return f"image/{(open_image(data, 'exception photo').format or 'jpeg').lower()}"


EXCEPTION_PHOTO_MAX_BYTES = 1024 * 1024  # twelve of them (ten fingers, two eyes) stay well inside a packet


class ExceptionPhotos:
    def __init__(self, cases: DeskCases, max_bytes: int) -> None:
        self._cases, self._max = cases, min(max_bytes, EXCEPTION_PHOTO_MAX_BYTES)

    def attach(self, actor: Actor, case_id: str, slot: str, data: bytes) -> ApplicationCase:
        if len(data) > self._max:
            raise UploadTooLarge(f"photo larger than {self._max} bytes")
        try:
            image_type(data)
        except EncodingError as exc:
            raise DeskInvalid((Problem("IMAGE_UNREADABLE", "image"),)) from exc

        def apply(case: ApplicationCase) -> Step:
            check_exception_photo(case, slot, actor)
            return Step(case, "exception_photo", (f"SLOT:{slot}",))

        return self._cases.change(case_id, actor, apply, parts={(slot, EXCEPTION_PHOTO): data})

    def photo(self, case_id: str, slot: str) -> bytes:
        data = self._cases.part(case_id, (slot, EXCEPTION_PHOTO))
        if not data:
            raise NotFoundError(f"case {case_id} has no photo for {slot}")
        return data
