"""The registry's errors: each has a stable ``code`` the desk maps to a message.

    RegistryError
    ├── NoBiometricsError            the applicant brings nothing to search or enrol
    ├── UnusableTemplateError        a template that cannot be read or used (``modality`` says which)
    ├── UnknownApplicationError      remove / exclude of an application that is not enrolled
    └── DuplicateApplicationError    enrol of an application id already enrolled
"""

from __future__ import annotations


class RegistryError(Exception):
    code = "REGISTRY"


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
