"""No names, document numbers or images in the logs, even when a transaction fails with the chip data in
scope and in the exception's message."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gate.logging import configure_logging
from gate.policy import Reason
from gate.steps import Devices
from tests.gate.conftest import GateFactory, World, devices


class LeakyReader:
    def __init__(self, number: str) -> None:
        self.number = number

    def connect(self) -> object:
        document_number = self.number  # a local that a verbose traceback would print
        raise OSError(f"reader fault while reading {document_number}")


@pytest.mark.parametrize("json", [False, True])
def test_failures_log_no_personal_data(world: World, make_gate: GateFactory, capsys: pytest.CaptureFixture[str],
                                       json: bool) -> None:
    configure_logging(json=json)
    gate = make_gate()
    card, key = world.issue()
    d = devices(card, [world.photo("obama-480p.jpg")])
    broken = Devices(LeakyReader(key.document_number), d.camera, d.entry_door, d.exit_door)  # type: ignore[arg-type]
    result = gate.controller.run(gate.controller.start(broken, key))
    assert result is not None and result.decision.reasons == (Reason.SYSTEM_ERROR,)

    recorder = gate.controller.recorder

    class FailingFinish:
        def __getattr__(self, name: str) -> object:
            return getattr(recorder, name)

        def finish(self, *args: object) -> None:
            raise RuntimeError(f"could not store {args!r}")  # the message quotes the captures

    gate.controller.parts = replace(gate.controller.parts, recorder=FailingFinish())  # type: ignore[arg-type]
    result = gate.controller.run(gate.controller.start(devices(card, [world.photo("biden.jpg")]), key))
    assert result is not None and Reason.SYSTEM_ERROR in result.decision.reasons

    logged = capsys.readouterr()
    text = logged.out + logged.err
    assert "transaction_step_failed" in text and "transaction_finish_failed" in text
    assert "OSError" in text and "RuntimeError" in text  # the operator still learns what failed, and where
    for secret in (key.document_number, "NGUYEN", "VAN AN", "Nguyễn", "\\xff\\xd8", "JFIF", key.birth_date):
        assert secret not in text, secret


@pytest.mark.parametrize("json", [False, True])
def test_a_logged_exception_never_renders_local_variables(capsys: pytest.CaptureFixture[str], json: bool) -> None:
    import structlog

    configure_logging(json=json)

    def read_chip() -> None:
        surname = "NGUYEN VAN AN"  # noqa: F841 (a local a verbose traceback would print)
        raise OSError("reader fault")

    try:
        read_chip()
    except OSError:
        structlog.get_logger("test").exception("reader_failed")
    text = "".join(capsys.readouterr())
    assert "reader_failed" in text and "OSError" in text
    assert "NGUYEN" not in text
