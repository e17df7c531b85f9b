"""The tables of the referral in full: the handover of a referral to second line.

Kept apart from :mod:`gate.store.models` (one concept per module); :mod:`gate.store.models` imports this
module so that its tables are part of ``Base.metadata`` for migrations and ``create_all``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from gate.store.models import Base, UtcDateTime


class ReferralHandoverRow(Base):
    """A first-line officer's handover of an open referral to second line, with a note for them.

    The note is free text: it stays here, erasable (a data subject's request), never in the audit chain,
    which keeps only a keyed HMAC of it (:mod:`gate.service.officer_reasons`).
    """

    __tablename__ = "referral_handovers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), unique=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    note: Mapped[str | None] = mapped_column(Text)
    handed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
