"""A chip or reader that lies: whatever comes back, inspection returns a failed report, never raises."""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage
from enrollment.icao.errors import EncodingError
from enrollment.icao.inspection import AccessKey, inspect_document
from enrollment.icao.lds import registry
from enrollment.icao.lds.sod import decode_sod
from tests.enrollment.chipkit import NOW, Pki, issue, make_pki

KEY = AccessKey("001099012345", "990101", "390101")


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def image(pki: Pki) -> CardImage:
    return issue(pki)


class Scripted:
    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def transmit(self, apdu: bytes) -> bytes:
        return self.answers.pop(0) if self.answers else b"\x90\x00"


class FlipOneResponse:
    """Relays to a genuine chip but flips one bit of the n-th response."""

    def __init__(self, card: VirtualCard, index: int, bit: int) -> None:
        self.card, self.index, self.bit, self.count = card, index, bit, 0

    def transmit(self, apdu: bytes) -> bytes:
        response = bytearray(self.card.transmit(apdu))
        if self.count == self.index and response:
            response[self.bit % len(response)] ^= 1 << (self.bit % 8)
        self.count += 1
        return bytes(response)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=60), max_size=6))
def test_random_answers_never_escape_as_exceptions(pki: Pki, answers: list[bytes]) -> None:
    result = inspect_document(Scripted(list(answers)), KEY, pki.trust_store(), at=NOW)
    assert not result.report.passed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 30), st.integers(0, 10_000))
def test_a_flipped_response_bit_never_passes_silently(pki: Pki, image: CardImage, index: int, bit: int) -> None:
    relay = FlipOneResponse(VirtualCard(image), index, bit)
    result = inspect_document(relay, KEY, pki.trust_store(), at=NOW)
    if relay.count > index:  # the flip happened: secure messaging or a check must catch it
        assert not result.report.passed


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_fuzz_card_transmit_always_answers_a_status_word(image: CardImage, apdu: bytes) -> None:
    response = VirtualCard(image).transmit(apdu)
    assert len(response) >= 2


def test_mutated_sod_raises_only_encoding_errors(image: CardImage) -> None:
    sod = image.files[registry.SOD.fid]
    rng = random.Random(5)
    for _ in range(300):
        mutated = bytearray(sod)
        for _ in range(rng.randint(1, 4)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        with contextlib.suppress(EncodingError):
            decode_sod(bytes(mutated))
