"""Hypothesis strategies for fuzzing chip parsers: random bytes and mutations of valid encodings."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from enrollment.icao.errors import IcaoError, TlvError
from enrollment.icao.lds import tlv

_KINDS = ("flip", "set", "truncate", "insert", "delete", "duplicate")


@st.composite
def mutated(draw: st.DrawFn, sample: bytes, max_edits: int = 4) -> bytes:
    """``sample`` with 1..max_edits edits: bit flips, byte changes, truncation, insertion, deletion."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, max_edits))):
        kind = draw(st.sampled_from(_KINDS))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 8))]
        elif kind == "duplicate":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 16))]
    return bytes(data)


def hostile(sample: bytes, max_random: int = 256) -> st.SearchStrategy[bytes]:
    """Random bytes (also behind the sample's first byte, so the outer tag matches), a byte-level
    mutation, or a structure-aware one (lengths kept consistent, so the inner structure is reached)."""
    random = st.binary(max_size=max_random)
    return st.one_of(random, random.map(lambda b: sample[:1] + b), mutated(sample), tree_mutated(sample))


def only_typed_errors(parse: Callable[[bytes], object], data: bytes) -> object | None:
    """Run ``parse``; a project error is fine (returns None), any other exception fails the test."""
    try:
        return parse(data)
    except IcaoError:
        return None


# --- structure-aware mutation: lengths stay consistent, so parsers get past the TLV layer ----------------
Node = tuple[int, "bytes | list[Node]"]


def _is_constructed(tag: int) -> bool:
    return bool(tlv.encode_tag(tag)[0] & 0x20)


def parse_tree(data: bytes) -> list[Node] | None:
    """BER-TLV tree of ``data`` (descending into constructed values and DER inside OCTET STRINGs)."""
    try:
        items = tlv.decode_all(data)
    except TlvError:
        return None
    nodes: list[Node] = []
    for item in items:
        inner = None
        if _is_constructed(item.tag) or (item.tag == 0x04 and item.value[:1] == b"\x30"):
            inner = parse_tree(item.value)
        nodes.append((item.tag, inner if inner is not None else item.value))
    return nodes


def encode_tree(nodes: list[Node]) -> bytes:
    return b"".join(tlv.encode(tag, value if isinstance(value, bytes) else encode_tree(value))
                    for tag, value in nodes)


def _paths(nodes: list[Node], prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    for i, (_, value) in enumerate(nodes):
        found.append((*prefix, i))
        if not isinstance(value, bytes):
            found += _paths(value, (*prefix, i))
    return found


_LEAVES = st.one_of(
    st.binary(max_size=12).map(lambda b: (0x02, b)),  # INTEGER, possibly empty or non-minimal
    st.sampled_from([b"\x2a\x86\x48\x86\xf7\x0d\x01\x09\x04", b"\x67\x81\x08\x01\x01\x05", b"\x80", b""]).map(
        lambda b: (0x06, b)),  # OBJECT IDENTIFIER: messageDigest, AA protocol, malformed, empty
    st.binary(max_size=12).map(lambda b: (0x04, b)),
    st.just((0x05, b"")),
    st.binary(max_size=12).map(lambda b: (0x13, b)),  # PrintableString with any bytes
    st.binary(max_size=12).map(lambda b: (0x17, b)),  # UTCTime with any bytes
    st.binary(max_size=4).map(lambda b: (0x01, b)),
)


@st.composite
def tree_mutated(draw: st.DrawFn, sample: bytes, max_edits: int = 3) -> bytes:
    """``sample`` parsed as a TLV tree, 1..max_edits nodes replaced, removed, duplicated or retagged."""
    tree = parse_tree(sample)
    if tree is None:
        return sample
    for _ in range(draw(st.integers(1, max_edits))):
        paths = _paths(tree)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        siblings = tree
        for index in path[:-1]:
            value = siblings[index][1]
            assert not isinstance(value, bytes)
            siblings = value
        i = path[-1]
        kind = draw(st.sampled_from(("leaf", "bytes", "remove", "duplicate", "retag", "empty")))
        if kind == "leaf":
            siblings[i] = draw(_LEAVES)
        elif kind == "bytes":
            siblings[i] = (siblings[i][0], draw(st.binary(max_size=24)))
        elif kind == "remove":
            del siblings[i]
        elif kind == "duplicate":
            siblings.insert(i, siblings[i])
        elif kind == "retag":
            siblings[i] = (draw(st.sampled_from([0x02, 0x04, 0x06, 0x30, 0x31, 0xA0, 0xA1, 0x80])), siblings[i][1])
        else:
            siblings[i] = (siblings[i][0], [] if not isinstance(siblings[i][1], bytes) else b"")
    return encode_tree(tree)
