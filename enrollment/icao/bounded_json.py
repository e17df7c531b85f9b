"""JSON with its size and nesting depth bounded *before* :func:`json.loads` runs.

The standard library parser recurses once per ``[``/``{`` and raises ``RecursionError`` (not
``ValueError``) around a thousand levels deep; it has no depth option, and no well-kept library in
the dependency set offers one, so the depth is measured here with a linear scan over the structural
characters only (quotes, backslashes, brackets): a few lines, written by hand for that reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

from enrollment.icao.errors import CardFileError

_STRUCTURAL = re.compile(r'["\\\[\]{}]')


def nesting_depth(text: str, limit: int) -> int:
    """Deepest ``[``/``{`` nesting of ``text`` outside strings; stops and raises beyond ``limit``."""
    depth = deepest = 0
    in_string, escaped_at = False, -1
    for match in _STRUCTURAL.finditer(text):
        pos, char = match.start(), match.group()
        if pos == escaped_at:
            continue
        if in_string:
            if char == "\\":
                escaped_at = pos + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise CardFileError(f"JSON nested deeper than {limit} levels")
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads_bounded(raw: bytes, max_bytes: int, max_depth: int) -> Any:
    """Parse UTF-8 JSON of at most ``max_bytes`` bytes and ``max_depth`` levels; else :class:`CardFileError`."""
    if len(raw) > max_bytes:
        raise CardFileError(f"{len(raw)} bytes of JSON (at most {max_bytes})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CardFileError(f"not UTF-8: {exc}") from exc
    nesting_depth(text, max_depth)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CardFileError(f"not JSON: {exc}") from exc
