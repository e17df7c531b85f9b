"""``egate-lab bench chip``: a full chip read on the virtual card, CCCD (PACE, CA) against BAC in the same run.

    uv run egate-lab bench chip [--reads 30]

Median milliseconds of ``inspect_document`` (open the chip, CA, read COM/SOD/DG1/DG2/DG3/DG13/DG14/DG15,
Passive and Active Authentication) on one card of each profile, both chips personalised here with a
throw-away PKI and a synthetic 240×320 photo: the ``cccd`` profile opened with the CAN and with the MRZ,
and the same holder's chip as a BAC-only ``passport`` profile (the reference). PACE alone is timed too.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import cv2
import numpy as np
import typer
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey, TrustStore, inspect_document
from enrollment.icao.inspection.pace_sender import perform_pace, read_card_access
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.inspection.transport import CanKey, ChipKey
from enrollment.icao.lds.card_access import decode_card_access
from enrollment.icao.pki import issuance
from enrollment.icao.pki.directory import Issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.protocol import pace
from enrollment.personalise import Applicant, personalise
from scripts.lab.apps import bench_app

CAN = "123456"
MRZ = AccessKey("001099012345", "990101", "390101")


def _photo() -> bytes:
    pixels = cv2.GaussianBlur(np.random.default_rng(1).integers(0, 255, (320, 240, 3), dtype=np.uint8), (9, 9), 3)
    ok, data = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return bytes(data.tobytes())


def _world(now: datetime) -> tuple[Issuer, TrustStore]:
    csca_key, ds_key = generate_key("ecdsa-p256"), generate_key("ecdsa-p256")
    csca = issuance.issue_csca(csca_key, "VN", now)
    ds = issuance.issue_document_signer(csca, csca_key, ds_key.public_key(), "VN", now)
    terminal = ec.generate_private_key(ec.SECP256R1())
    store = TrustStore((csca,), (issuance.issue_crl(csca, csca_key, now),), terminal)
    return Issuer(ds, ds_key, terminal.public_key()), store


def _median_ms(run: Callable[[], object], reads: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _pace_only(image: CardImage) -> None:
    session = ChipSession(VirtualCard(image))
    info = decode_card_access(read_card_access(session) or b"").preferred()
    assert info is not None
    perform_pace(session, info, pace.can_password(CAN), os.urandom)


@bench_app.command("chip")
def bench_chip(reads: int = typer.Option(30, "--reads", min=3, help="timed reads per case")) -> None:
    """Full virtual-chip reads: CCCD with PACE + CA + PA + AA against a BAC-only chip."""
    now = datetime.now(UTC)
    issuer, store = _world(now)
    face = FaceRecord(_photo(), "jpeg", 240, 320, "M")
    holder = Applicant("TD1", "001099012345", "Nguyen Van", "Duc", "990101", "390101", face, "M",
                       finger_templates=(b"FMR\x00 20\x00" + bytes(400),))
    cccd = personalise(holder, issuer, generate_key("ecdsa-p256"), now, can=CAN)
    bac = personalise(holder, issuer, generate_key("ecdsa-p256"), now, profile="passport")

    def read(image: CardImage, key: ChipKey) -> Callable[[], object]:
        def once() -> object:
            result = inspect_document(VirtualCard(image), key, store, at=now)
            assert result.report.passed, result.report.failures
            return result
        return once

    print(f"{reads} reads per case; chip files {sum(len(v) for v in cccd.files.values())} B (CCCD)")
    reference = _median_ms(read(bac, MRZ), reads)
    print(f"BAC-only chip, MRZ (reference)   {reference:7.1f} ms/read")
    for label, image, key in (("CCCD, PACE with CAN + CA", cccd, CanKey(CAN)),
                              ("CCCD, PACE with MRZ + CA", cccd, MRZ)):
        ms = _median_ms(read(image, key), reads)
        print(f"{label:32s} {ms:7.1f} ms/read   {ms / reference:5.2f}× BAC")
    ms = _median_ms(lambda: _pace_only(cccd), reads)
    print(f"{'PACE alone (both sides)':32s} {ms:7.1f} ms")
