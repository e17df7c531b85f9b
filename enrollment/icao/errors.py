"""One exception tree for the ICAO 9303 code (issuing side, chip and inspection side).

::

    IcaoError
    ├── EncodingError          malformed bytes: TLV, MRZ, APDU, LDS files, biometric records
    │   ├── TlvError
    │   ├── MrzError
    │   ├── ApduError
    │   ├── CertificateEncodingError  the Document Signer certificate inside EF.SOD does not parse
    │   ├── UnsupportedKeyError       a well-formed key refused by policy (curve, RSA size or exponent)
    │   └── CardFileError             a card file out of bounds (size, nesting) or of the wrong shape
    ├── CardError              the chip answered with a status word other than 9000 (``sw`` attribute)
    │   └── AccessDeniedError  6982 / 6300 / 6988: a security condition was not met
    ├── SecureMessagingError   a response MAC did not verify, a DO was missing, the padding was wrong
    ├── AuthenticationError    BAC, terminal or active authentication could not complete
    │   ├── PaceError          PACE could not complete (wrong CAN or MRZ, bad chip answer)
    │   └── ChipAuthenticationError  Chip Authentication could not complete (clone suspected)
    └── PkiError               certificate, CRL or SOD could not be built, loaded or verified
        └── MasterListError    a CSCA master list is malformed, untrusted or badly signed (``reason``)

Parsing raises ``EncodingError``; deciding whether to trust parsed data is Passive Authentication,
which reports failed checks instead of raising.
"""

from __future__ import annotations


class IcaoError(Exception):
    """Base of every error raised by :mod:`enrollment.icao`."""


class EncodingError(IcaoError):
    """Bytes that do not follow the format they claim (truncated, out of range, unknown structure)."""


class TlvError(EncodingError):
    """Malformed BER-TLV: truncated header or value, oversized length field, bad nesting."""


class MrzError(EncodingError):
    """Malformed machine-readable zone: wrong line lengths, characters or check digits."""


class ApduError(EncodingError):
    """A command or response APDU that is not well formed ISO 7816-4."""


class CertificateEncodingError(EncodingError):
    """An X.509 certificate carried in chip data (the DS certificate in EF.SOD) that cannot be parsed."""


class UnsupportedKeyError(EncodingError):
    """A key that parses but is refused: curve outside the allowed list, RSA modulus or exponent too large."""


class CardFileError(EncodingError):
    """A card file that exceeds its bounds (size, JSON nesting) or does not have the card-file shape."""


class CardError(IcaoError):
    """The chip answered a command with a non-success status word."""

    def __init__(self, message: str, sw: int) -> None:
        super().__init__(f"{message} (SW {sw:04X})")
        self.sw = sw


class AccessDeniedError(CardError):
    """A security status was not satisfied (e.g. 6982 before BAC, 6300 on a wrong BAC key)."""


class SecureMessagingError(IcaoError):
    """A secure-messaging response could not be verified or decrypted; the session is unusable."""


class AuthenticationError(IcaoError):
    """An authentication protocol (BAC, terminal authentication, AA) could not complete."""


class PkiError(IcaoError):
    """A certificate, CRL or signed object could not be issued or loaded."""


class PaceError(AuthenticationError):
    """PACE (ICAO 9303 Part 11 §4.4) failed: wrong password (CAN or MRZ) or a malformed chip answer."""


class ChipAuthenticationError(AuthenticationError):
    """Chip Authentication failed: the chip does not hold the private key of its DG14 public key."""


class MasterListError(PkiError):
    """A CSCA master list was refused; ``reason`` is a stable code (e.g. ``signature_invalid``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"master list {reason.replace('_', ' ')}: {message}")
        self.reason = reason
