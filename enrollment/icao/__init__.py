"""ICAO Doc 9303 eMRTD code shared by the enrolment desk and the gate.

* ``lds/`` — codecs, one module per file (TLV, MRZ, EF.COM, EF.CardAccess, DG1/2/3/4/13/14/15, EF.SOD).
* ``biometric/`` — CBEFF nesting, ISO/IEC 19794-5 face and 19794-6 iris records, apart from their groups.
* ``protocol/`` — APDUs, BAC and PACE, 3DES and AES secure messaging (pure wrap/unwrap), Chip and Active
  Authentication, the simplified terminal authentication guarding DG3/DG4.
* ``pki/`` — issuing CSCA/DS/CRL, signing EF.SOD, master lists, the trust store and the Passive
  Authentication policy.
* ``chip/`` — the chip's side of PACE and Chip Authentication for the virtual card.
* ``inspection/`` — the reader: the only caller of ``transmit``; access, reading, PA, CA, AA, a report.
* ``signed_data.py`` — CMS SignedData as EF.SOD, master lists and the desk's packets are written (assembly;
  signing in ``pki/cms_signer.py``).
* ``card.py`` / ``card_file.py`` — the virtual chip and its file format (``bounded_json.py`` bounds the
  JSON before it is parsed).
* ``params.py`` / ``key_policy.py`` — limits on chip data: allowed curves, RSA sizes, card-file bounds.

Parsing never implies trust; ``errors.py`` holds the one exception tree, and parsers of chip data raise
nothing else (fuzzed in ``tests/enrollment/icao``). Nothing here imports ``gate``.
"""

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage, load_card, save_card
from enrollment.icao.checks import PA_CHECKS, Check, CheckStatus
from enrollment.icao.errors import (
    AccessDeniedError,
    ApduError,
    AuthenticationError,
    CardError,
    CardFileError,
    CertificateEncodingError,
    ChipAuthenticationError,
    EncodingError,
    IcaoError,
    MasterListError,
    MrzError,
    PaceError,
    PkiError,
    SecureMessagingError,
    TlvError,
    UnsupportedKeyError,
)

__all__ = [
    "PA_CHECKS",
    "AccessDeniedError",
    "ApduError",
    "AuthenticationError",
    "CardError",
    "CardFileError",
    "CardImage",
    "CertificateEncodingError",
    "Check",
    "CheckStatus",
    "ChipAuthenticationError",
    "EncodingError",
    "IcaoError",
    "MasterListError",
    "MrzError",
    "PaceError",
    "PkiError",
    "SecureMessagingError",
    "TlvError",
    "UnsupportedKeyError",
    "VirtualCard",
    "load_card",
    "save_card",
]
