"""The registry's own refusals (a packet's are :mod:`enrollment.desk.packet_errors`), each with a code
the desk maps to a message.

    RegistryError
    ├── PacketConflict               another packet (different digest) is held for this application id
    ├── ApplicationUnknown           no packet for this application id
    ├── NotInAdjudication            a decision on an application not awaiting one
    ├── NoBiometricsError            the applicant brings nothing to search or enrol
    ├── UnusableTemplateError        a template that cannot be read or used (``modality`` says which)
    ├── UnknownApplicationError      remove / exclude of an application that is not enrolled
    └── DuplicateApplicationError    enrol of an application id already enrolled
"""

from __future__ import annotations


class RegistryError(Exception):
    code = "REGISTRY_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.code}: {message}")
        self.detail = message


class PacketConflict(RegistryError):
    """Another packet (different digest) is already held for this application id."""

    code = "PACKET_CONFLICT"


class ApplicationUnknown(RegistryError):
    code = "APPLICATION_UNKNOWN"


class NotInAdjudication(RegistryError):
    code = "APPLICATION_NOT_IN_ADJUDICATION"


class NoBiometricsError(RegistryError):
    code = "NO_BIOMETRICS"


class UnusableTemplateError(RegistryError):
    code = "UNUSABLE_TEMPLATE"

    def __init__(self, message: str, *, modality: str, cause_code: str) -> None:
        super().__init__(message)
        self.modality = modality
        self.cause_code = cause_code  # the matcher's reason code (TEMPLATE_FORMAT, NO_FACE, IRIS_TEMPLATE...)


class UnknownApplicationError(RegistryError):
    code = "UNKNOWN_APPLICATION"


class DuplicateApplicationError(RegistryError):
    code = "DUPLICATE_APPLICATION"
