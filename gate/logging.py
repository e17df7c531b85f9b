"""Logging for the gate: structlog, configured once by the CLI and the service.

Privacy rule (GDPR Art. 9, Decree 13/2023): logs carry ids, stages, error types and code locations —
never images, templates, names or document numbers. Two things enforce it: failures are logged with
:func:`failure_fields` (the exception's type and the code lines of its last frames, not its message,
which may quote data), and exceptions that are logged anyway render as plain tracebacks, never with the
frames' local variables (structlog's default would print them, chip photo and MRZ included).
"""

from __future__ import annotations

import logging
import traceback

import structlog


def configure_logging(*, json: bool = False, level: int = logging.INFO) -> None:
    renderer: structlog.typing.Processor
    if json:
        renderer = structlog.processors.JSONRenderer()
        exceptions: list[structlog.typing.Processor] = [
            structlog.processors.ExceptionRenderer(structlog.tracebacks.ExceptionDictTransformer(show_locals=False))]
    else:
        renderer = structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback)
        exceptions = []
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso", utc=True),
                    *exceptions, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=False,
    )


def failure_fields(exc: BaseException, *, frames: int = 4) -> dict[str, str]:
    """What to log about a failure: its type and where it happened, without its message or any values."""
    summary = traceback.extract_tb(exc.__traceback__)[-frames:]
    where = " <- ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in reversed(summary))
    return {"error": type(exc).__name__, "where": where}
