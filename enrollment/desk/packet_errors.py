"""Every way an enrolment packet can be refused, each a type with a stable ``code``.

::

    PacketError
    ├── PacketTooLarge            PACKET_TOO_LARGE          over the size bound, refused before parsing
    ├── PacketMalformed           PACKET_MALFORMED          not the DER/CMS structure it claims, or out of bounds
    ├── PacketWrongRecipient      PACKET_WRONG_RECIPIENT    encrypted for another registry key
    ├── PacketDecryptFailed       PACKET_DECRYPT_FAILED     key agreement or AES-GCM authentication failed
    ├── PacketSignatureInvalid    PACKET_SIGNATURE_INVALID  the desk's signature or its signed attributes do not verify
    ├── PacketUntrustedDesk       PACKET_UNTRUSTED_DESK     the desk certificate does not chain to a trusted desk CA
    ├── PacketDeskCertExpired     PACKET_DESK_CERT_EXPIRED  the desk certificate is not valid now or at signing time
    ├── PacketDeskRevoked         PACKET_DESK_REVOKED       the desk certificate is on its CA's CRL
    ├── PacketRevocationUnknown   PACKET_REVOCATION_UNKNOWN  no current CRL of the desk CA here (retry later)
    ├── PacketDeskMismatch        PACKET_DESK_MISMATCH      the signed desk id is not the certificate's desk
    ├── PacketApplicationMismatch PACKET_APPLICATION_MISMATCH  the signed application id is not the one announced
    └── PacketRegistryUntrusted   PACKET_REGISTRY_UNTRUSTED  (desk side) the registry certificate is not trusted

Messages never carry packet contents (names, biometrics); codes are what callers branch on.
"""

from __future__ import annotations


class PacketError(Exception):
    """Base of every packet refusal; ``code`` is stable and machine-readable."""

    code = "PACKET_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.code}: {message}")
        self.detail = message


class PacketTooLarge(PacketError):
    code = "PACKET_TOO_LARGE"


class PacketMalformed(PacketError):
    code = "PACKET_MALFORMED"


class PacketWrongRecipient(PacketError):
    code = "PACKET_WRONG_RECIPIENT"


class PacketDecryptFailed(PacketError):
    code = "PACKET_DECRYPT_FAILED"


class PacketSignatureInvalid(PacketError):
    code = "PACKET_SIGNATURE_INVALID"


class PacketUntrustedDesk(PacketError):
    code = "PACKET_UNTRUSTED_DESK"


class PacketDeskCertExpired(PacketError):
    code = "PACKET_DESK_CERT_EXPIRED"


class PacketDeskRevoked(PacketError):
    code = "PACKET_DESK_REVOKED"


class PacketRevocationUnknown(PacketError):
    """Every CRL of the desk's CA held by the registry is past its next update: the registry's state, not
    the packet's fault; the desk keeps the packet and sends it again."""

    code = "PACKET_REVOCATION_UNKNOWN"


class PacketDeskMismatch(PacketError):
    code = "PACKET_DESK_MISMATCH"


class PacketApplicationMismatch(PacketError):
    code = "PACKET_APPLICATION_MISMATCH"


class PacketRegistryUntrusted(PacketError):
    code = "PACKET_REGISTRY_UNTRUSTED"
