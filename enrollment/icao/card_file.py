"""The card file: a chip's elementary files and its secrets, as JSON.

Holds every EF by file identifier, the BAC access key (MRZ information; the chip keeps it apart from
DG1, so a forged DG1 does not change it), the Active Authentication private key (never readable through an
APDU), the set of files behind the simplified EAC and the terminal-authority public key; for PACE chips also
the CAN and the Chip Authentication private key. The file is
written with mode 0600 because it contains the chip's private key.

A card file is input from outside (``egate card read``, the kiosk upload), so :func:`loads` bounds its
size and JSON nesting before parsing (:mod:`enrollment.icao.bounded_json`), checks every field's type
and that the chip can be built from it (DG1 decodes, keys load and pass the key policy). Every defect
is a :class:`CardFileError`.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enrollment.icao import params
from enrollment.icao.bounded_json import loads_bounded
from enrollment.icao.errors import CardFileError, IcaoError
from enrollment.icao.key_policy import check_public_key
from enrollment.icao.lds import registry
from enrollment.icao.lds.dg1 import decode_dg1
from enrollment.icao.pki.keys import load_private_pem, load_public_pem

FORMAT = "egate-virtual-card/1"
_FID = re.compile(r"[0-9A-Fa-f]{4}")
_ACCESS_KEY = re.compile(r"[A-Z0-9<]{24,64}")
_CAN = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class CardImage:
    files: dict[int, bytes]
    aa_private_key_pem: bytes
    eac_protected: frozenset[int] = field(default_factory=frozenset)
    terminal_authority_pem: bytes | None = None
    access_key: str | None = None  # MRZ information for BAC, stored apart from DG1 as on a real chip
    can: str | None = None  # card access number for PACE (printed on the card)
    ca_private_key_pem: bytes | None = None  # Chip Authentication key matching DG14 (never readable)
    profile: str = "passport"  # "cccd": Vietnamese ID card behaviour (see enrollment.icao.chip.profile)


def dumps(image: CardImage) -> bytes:
    doc = {
        "format": FORMAT,
        "files": {f"{fid:04X}": base64.b64encode(data).decode() for fid, data in sorted(image.files.items())},
        "aa_private_key": image.aa_private_key_pem.decode(),
        "eac_protected": [f"{fid:04X}" for fid in sorted(image.eac_protected)],
        "terminal_authority_key": image.terminal_authority_pem.decode() if image.terminal_authority_pem else None,
        "access_key": image.access_key,
        "can": image.can,
        "ca_private_key": image.ca_private_key_pem.decode() if image.ca_private_key_pem else None,
        "profile": image.profile,
    }
    return json.dumps(doc, indent=1).encode()


def _fid(value: Any) -> int:
    if not isinstance(value, str) or not _FID.fullmatch(value):
        raise CardFileError(f"file identifier {value!r} is not four hex digits")
    return int(value, 16)


def _files(value: Any) -> dict[int, bytes]:
    if not isinstance(value, dict) or len(value) > params.MAX_CARD_FILES:
        raise CardFileError(f"'files' must be an object of at most {params.MAX_CARD_FILES} entries")
    files: dict[int, bytes] = {}
    for fid, data in value.items():
        if not isinstance(data, str):
            raise CardFileError(f"file {fid!r} is not a base64 string")
        try:
            files[_fid(fid)] = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CardFileError(f"file {fid!r} is not base64: {exc}") from exc
    return files


def _pem(value: Any, name: str) -> bytes:
    if not isinstance(value, str) or not value.isascii() or len(value) > params.MAX_CARD_KEY_PEM_CHARS:
        raise CardFileError(f"'{name}' must be an ASCII PEM string of at most {params.MAX_CARD_KEY_PEM_CHARS} chars")
    return value.encode("ascii")


def _check_chip(image: CardImage) -> None:
    """What :class:`enrollment.icao.card.VirtualCard` needs: a decodable DG1 and usable keys."""
    dg1 = image.files.get(registry.dg(1).fid)
    if dg1 is None:
        raise CardFileError("the card holds no DG1")
    try:
        decode_dg1(dg1)
        check_public_key(load_private_pem(image.aa_private_key_pem).public_key())
        if image.terminal_authority_pem is not None:
            check_public_key(load_public_pem(image.terminal_authority_pem))
        if image.ca_private_key_pem is not None:
            check_public_key(load_private_pem(image.ca_private_key_pem).public_key())
    except IcaoError as exc:
        raise CardFileError(f"unusable card: {exc}") from exc


def loads(raw: bytes) -> CardImage:
    """Parse and validate a card file; anything out of bounds or malformed raises :class:`CardFileError`."""
    doc = loads_bounded(raw, params.MAX_CARD_FILE_BYTES, params.MAX_CARD_JSON_DEPTH)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CardFileError(f"not a card file of format {FORMAT}")
    eac = doc.get("eac_protected", [])
    if not isinstance(eac, list) or len(eac) > params.MAX_CARD_FILES:
        raise CardFileError("'eac_protected' must be a list of file identifiers")
    access = doc.get("access_key")
    if access is not None and (not isinstance(access, str) or not _ACCESS_KEY.fullmatch(access)):
        raise CardFileError("'access_key' must be MRZ information (A-Z, 0-9, '<')")
    terminal, ca_key, can = doc.get("terminal_authority_key"), doc.get("ca_private_key"), doc.get("can")
    if can is not None and (not isinstance(can, str) or not _CAN.fullmatch(can)):
        raise CardFileError("'can' must be the card access number (6 digits)")
    profile = doc.get("profile", "passport")
    if profile not in ("passport", "cccd"):
        raise CardFileError("'profile' must be 'passport' or 'cccd'")
    image = CardImage(_files(doc.get("files")), _pem(doc.get("aa_private_key"), "aa_private_key"),
                      frozenset(_fid(f) for f in eac),
                      None if terminal is None else _pem(terminal, "terminal_authority_key"), access, can,
                      None if ca_key is None else _pem(ca_key, "ca_private_key"), profile)
    _check_chip(image)
    return image


def save_card(image: CardImage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the card holds the chip's private key, even when it overwrites a 0644 file
    with os.fdopen(fd, "wb") as handle:
        handle.write(dumps(image))


def load_card(path: Path) -> CardImage:
    return loads(path.read_bytes())
