"""Issuance at the desk: the approved case personalised through the Document Signer of the issuing PKI
(``egate pki init``; ``EGATE_DESK__PKI``, default ``<home>/pki``), with a fresh Active Authentication key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from enrollment.desk.case import ApplicationCase
from enrollment.desk.issuance import issue_card
from enrollment.icao.card_file import CardImage
from enrollment.icao.errors import IcaoError
from enrollment.icao.pki.directory import load_issuer
from enrollment.icao.pki.keys import generate_key
from gate.service.desk_errors import DeskConflict


@dataclass(frozen=True)
class IssuedCard:
    case: ApplicationCase
    card: CardImage


class CardIssuer:
    def __init__(self, pki_dir: Path) -> None:
        self._pki_dir = pki_dir

    def personalise(self, case: ApplicationCase, now: datetime) -> CardImage:
        """The chip; ``ISSUER_UNAVAILABLE`` when the PKI cannot be loaded (no Document Signer)."""
        try:
            issuer = load_issuer(self._pki_dir)
        except (IcaoError, OSError) as exc:
            raise DeskConflict("ISSUER_UNAVAILABLE") from exc
        return issue_card(case, issuer, generate_key("ecdsa-p256"), now)
