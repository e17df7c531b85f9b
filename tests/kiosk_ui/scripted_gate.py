"""The kiosk page in Chromium in front of a scripted gate: Playwright answers the page's requests itself (the
static files from kiosk_ui/static, the kiosk endpoints with what the test sets), so that every screen can be
reached on purpose and held still — for axe-core and the screenshots. The flows against the real gate are
in test_kiosk_page.py and test_kiosk_flows.py.

A long poll (``/kiosk/current``) is held open until the test answers it; a frame is answered at once with
``frame_answer``, or held open when it is ``None`` (the gate is deciding)."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import kiosk_ui

STATIC = Path(kiosk_ui.__file__).parent / "static"
ORIGIN = "http://localhost:8765"  # localhost: a secure context, the camera may be asked for
TID = "3f1c2a9e-0d4b-4f5e-9a51-7c1d2e3f4a5b"
Answer = tuple[int, dict[str, Any]]


def frame_codes(*codes: str) -> Answer:
    return 200, {"transaction_id": TID, "stage": "capture", "decision": None, "codes": list(codes)}


def problem(status: int, code: str) -> Answer:
    return status, {"code": code, "params": {}}


def decided(verdict: str) -> Answer:
    return 200, {"gate_id": "gate-a", "stage": "decided", "transaction_id": TID, "decision": verdict}


def frame_decided(verdict: str) -> Answer:
    return 200, {"transaction_id": TID, "stage": "decided", "decision": verdict, "codes": []}


def stage(name: str) -> Answer:
    return 200, {"gate_id": "gate-a", "stage": name, "transaction_id": TID if name == "capture" else None,
                 "decision": None}


class ScriptedGate:
    def __init__(self, context: Any) -> None:
        self.polls: list[Any] = []  # long polls held open
        self.frames: list[Any] = []  # frames held open (frame_answer None)
        self.frame_answer: Answer | None = frame_codes("FACE_TOO_SMALL")
        context.route(f"{ORIGIN}/**", self._handle)

    def open(self, context: Any) -> Any:
        page = context.new_page()
        page.goto(f"{ORIGIN}/ui/kiosk.html")
        page.wait_for_selector("#attract:not(.hidden)")
        page.wait_for_function("Object.keys(I18N.catalogues).length === 2")
        return page

    def answer_polls(self, page: Any, answer: Answer) -> None:
        """Answer the page's long poll (waiting until it has asked)."""
        while not self.polls:
            page.wait_for_timeout(30)
        held, self.polls = self.polls, []
        for route in held:
            _fulfil(route, answer)

    def answer_frames(self, answer: Answer | None) -> None:
        """From now on answer each frame with ``answer`` (``None``: hold them open); the held ones too."""
        self.frame_answer = answer
        if answer is None:
            return
        held, self.frames = self.frames, []
        for route in held:
            _fulfil(route, answer)

    def _handle(self, route: Any) -> None:
        path = urlparse(route.request.url).path
        if path.startswith("/ui/"):
            file = (STATIC / path.removeprefix("/ui/")).resolve()
            if STATIC not in file.parents or not file.is_file():
                route.fulfill(status=404, body="")
                return
            route.fulfill(status=200, body=file.read_bytes(),
                          content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        elif path == "/kiosk/current":
            self.polls.append(route)
        elif path.endswith("/frame"):
            if self.frame_answer is None:
                self.frames.append(route)
            else:
                _fulfil(route, self.frame_answer)
        elif path.endswith("/finish"):
            _fulfil(route, decided("REFER"))
        else:
            _fulfil(route, stage("capture"))


def _fulfil(route: Any, answer: Answer) -> None:
    status, body = answer
    route.fulfill(status=status, body=json.dumps(body), content_type="application/json")
