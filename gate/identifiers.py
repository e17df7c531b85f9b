"""The one rule for identifiers that reach the audit chain, file names and URLs: gate ids, officer codes,
transaction ids. It is the audit's own identifier rule (:data:`gate.audit.records.Code`): letters, digits
and ``_ . : -``, 1 to 64 characters — no slash, no space, nothing a path or a log line could misread."""

from __future__ import annotations

import re

CODE_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
CODE = re.compile(CODE_PATTERN)


def is_code(value: str) -> bool:
    return CODE.fullmatch(value) is not None
