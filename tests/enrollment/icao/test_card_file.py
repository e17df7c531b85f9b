"""The card file format: bounds (size, nesting) checked before JSON parsing, shape and usability checked
after; a card that loads always builds a :class:`VirtualCard`. Includes the fuzz of :func:`loads`."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.icao import params
from enrollment.icao.bounded_json import nesting_depth
from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage, dumps, loads
from enrollment.icao.errors import CardFileError
from enrollment.icao.lds import registry
from enrollment.icao.pki.keys import private_pem, public_pem
from tests.enrollment.icao.fuzzkit import mutated
from tests.fixtures.icao.make_fixtures import FIXTURES

EXAMPLES = int(os.environ.get("EGATE_FUZZ_EXAMPLES", "150"))
_FILES = {registry.dg(1).fid: "dg1_td1.bin", registry.dg(2).fid: "dg2.bin", registry.dg(15).fid: "dg15_ec.bin",
          registry.COM.fid: "com.bin", registry.SOD.fid: "sod.bin"}
_AA_KEY = ec.generate_private_key(ec.SECP256R1())
IMAGE = CardImage({fid: (FIXTURES / name).read_bytes() for fid, name in _FILES.items()}, private_pem(_AA_KEY),
                  frozenset({registry.dg(3).fid}), public_pem(ec.generate_private_key(ec.SECP256R1()).public_key()),
                  "001099012<3459901017390101")
GENUINE = dumps(IMAGE)


def doc(**changes: Any) -> bytes:
    return json.dumps({**json.loads(GENUINE), **changes}).encode()


def test_genuine_card_file_round_trips() -> None:
    assert loads(GENUINE) == IMAGE


@pytest.mark.parametrize("raw", [b"[" * 2000, b"{\"a\":" * 2000, b'{"format": [[[[[[]]]]]]}'])
def test_deep_nesting_is_refused_before_parsing(raw: bytes) -> None:
    with pytest.raises(CardFileError, match="nested deeper"):
        loads(raw)


def test_nesting_ignores_brackets_inside_strings() -> None:
    assert nesting_depth('{"files": {"0101": "[[[[[[[[\\"[[[[{{{{"}}', 4) == 2
    assert nesting_depth(GENUINE.decode(), params.MAX_CARD_JSON_DEPTH) == 2
    with pytest.raises(CardFileError):
        nesting_depth('"\\\\"[[[[[', 4)  # an escaped backslash does not escape the closing quote


def test_oversized_card_file_is_refused_before_parsing() -> None:
    with pytest.raises(CardFileError, match="bytes of JSON"):
        loads(b" " * (params.MAX_CARD_FILE_BYTES + 1))


@pytest.mark.parametrize("raw", [
    b"\xff\xfe{}", b"", b"null", b"[]", doc(format="other/1"), doc(files=[]), doc(files={"101": "AA=="}),
    doc(files={"0101": 5}), doc(files={"0101": "not base64!"}), doc(files={"ZZZZ": "AA=="}),
    doc(files={f"{i:04X}": "" for i in range(params.MAX_CARD_FILES + 1)}),
    doc(aa_private_key=None), doc(aa_private_key="x" * (params.MAX_CARD_KEY_PEM_CHARS + 1)),
    doc(aa_private_key="-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
    doc(eac_protected="0103"), doc(eac_protected=[259]), doc(terminal_authority_key=7),
    doc(access_key="001099012<3459901017390101é"), doc(access_key="short"),
    doc(files={f"{registry.dg(2).fid:04X}": "AA=="}),  # no DG1
    doc(files={f"{registry.dg(1).fid:04X}": base64.b64encode(b"\x61\x03\x5f\x1f\x00").decode()}),
])
def test_malformed_card_files_are_card_file_errors(raw: bytes) -> None:
    with pytest.raises(CardFileError):
        loads(raw)


def _tiny_rsa_key() -> rsa.RSAPrivateKey:
    """A 216-bit RSA key from two Mersenne primes (cryptography refuses to generate under 1024 bits)."""
    p, q, e = (1 << 127) - 1, (1 << 89) - 1, 65537
    d = pow(e, -1, (p - 1) * (q - 1))
    public = rsa.RSAPublicNumbers(e, p * q)
    numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                    rsa.rsa_crt_iqmp(p, q), public)
    return numbers.private_key()


@pytest.mark.parametrize("key", [_tiny_rsa_key(), ec.generate_private_key(ec.SECP224R1())],
                         ids=["rsa-216", "secp224r1"])
def test_aa_keys_outside_the_key_policy_are_refused(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> None:
    """A tiny RSA key used to crash INTERNAL AUTHENTICATE (ValueError from os.urandom(negative))."""
    with pytest.raises(CardFileError, match=r"refused|not allowed"):
        loads(doc(aa_private_key=private_pem(key).decode()))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
_FIELDS = ("format", "files", "aa_private_key", "eac_protected", "terminal_authority_key", "access_key")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(
    st.binary(max_size=200),
    mutated(GENUINE, max_edits=3),
    st.tuples(st.sampled_from(_FIELDS), _JSON).map(lambda change: doc(**{change[0]: change[1]})),
))
def test_fuzz_loads_raises_only_card_file_errors_and_loaded_cards_work(raw: bytes) -> None:
    try:
        image = loads(raw)
    except CardFileError:
        return
    card = VirtualCard(image)  # must not raise: a card that loads is a usable chip
    assert card.transmit(bytes.fromhex("00A4040C07A0000002471001")) == b"\x90\x00"
