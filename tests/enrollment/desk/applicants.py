"""A valid applicant's form (Nguyễn Văn An, born 4 August 1989 in Hà Nội) for the desk's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

TODAY = datetime.now(UTC).date()  # the service checks against the real clock


def form(**changes: str) -> dict[str, str]:
    values = {
        "id_number": "001089012345", "full_name": "Nguyễn Văn An", "birth_date": "1989-08-04", "sex": "M",
        "nationality": "VNM", "ethnicity": "Kinh", "religion": "Không", "place_of_origin": "Hà Nội",
        "place_of_residence": "Quận Ba Đình, Hà Nội", "issue_date": TODAY.isoformat(),
        "expiry_date": (TODAY + timedelta(days=15 * 365)).isoformat(), "father_name": "Nguyễn Văn Bình",
        "mother_name": "Trần Thị Cúc",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v != ""}
