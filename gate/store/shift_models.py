"""Tables of the shift statistics and the administrators' stop list (migration ``0007_shift``).

``shadow_tallies`` holds the zero-effort impostor comparisons made beside live traffic: per live capture
only how many comparisons were made and how many reached the threshold in force — no template, no score,
no transaction id, the time cut to the minute. ``stop_list_entries`` is the uploaded stop list.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gate.store.models import Base, UtcDateTime


class ShadowTallyRow(Base):
    __tablename__ = "shadow_tallies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    model_id: Mapped[str] = mapped_column(String(64))
    fmr_target: Mapped[float] = mapped_column(Float)
    comparisons: Mapped[int] = mapped_column(Integer)
    false_matches: Mapped[int] = mapped_column(Integer)


class StopListEntryRow(Base):
    """One lost, stolen or revoked document: issuing state and number, normalised (no '<', upper case)."""

    __tablename__ = "stop_list_entries"
    issuing_state: Mapped[str] = mapped_column(String(3), primary_key=True)
    document_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
