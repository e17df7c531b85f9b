from __future__ import annotations

import numpy as np
import pytest

from matcher.errors import TemplateFormatError, TemplateMismatchError
from matcher.templates import MAGIC, Template, decode_template, encode_template


@pytest.fixture
def template() -> Template:
    return Template("dlib-resnet-v1", np.random.default_rng(7).normal(0, 0.1, 128).astype(np.float32))


def test_round_trip_is_exact(template: Template) -> None:
    data = encode_template(template)
    assert data[:4] == MAGIC
    back = decode_template(data, expected_model="dlib-resnet-v1", expected_dim=128)
    assert back.model_id == template.model_id and np.array_equal(back.vector, template.vector)


def test_float16_storage_halves_the_payload(template: Template) -> None:
    small = encode_template(template, dtype="<f2")
    assert len(encode_template(template)) - len(small) == 128 * 2
    assert np.abs(decode_template(small).vector - template.vector).max() < 1e-3


def test_other_model_is_a_mismatch(template: Template) -> None:
    with pytest.raises(TemplateMismatchError, match="expected 'arcface-r100'"):
        decode_template(encode_template(template), expected_model="arcface-r100")
    with pytest.raises(TemplateMismatchError):
        decode_template(encode_template(template), expected_dim=512)


def test_other_format_version_is_a_mismatch(template: Template) -> None:
    import struct
    import zlib

    body = bytearray(encode_template(template)[:-4])
    body[4:6] = struct.pack("<H", 99)
    with pytest.raises(TemplateMismatchError, match="format version 99"):
        decode_template(bytes(body) + struct.pack("<I", zlib.crc32(bytes(body))))


@pytest.mark.parametrize("position", [0, 5, 20, 100, -1])
def test_any_flipped_byte_is_detected(template: Template, position: int) -> None:
    data = bytearray(encode_template(template))
    data[position] ^= 0x40
    with pytest.raises(TemplateFormatError):
        decode_template(bytes(data))


def test_truncation_is_detected(template: Template) -> None:
    data = encode_template(template)
    for cut in (3, 10, len(data) - 1):
        with pytest.raises(TemplateFormatError):
            decode_template(data[:cut])


def test_unencodable_vectors_are_refused() -> None:
    with pytest.raises(TemplateFormatError):
        encode_template(Template("m", np.array([np.nan, 1.0], np.float32)))
    with pytest.raises(TemplateFormatError):
        encode_template(Template("", np.ones(4, np.float32)))
    with pytest.raises(TemplateFormatError):
        encode_template(Template("m", np.ones((2, 2), np.float32)))


def test_a_template_without_values_is_refused() -> None:
    import struct
    import zlib

    body = MAGIC + struct.pack("<HB", 1, 1) + b"m" + struct.pack("<HB", 0, 1)
    with pytest.raises(TemplateFormatError, match="no values"):
        decode_template(body + struct.pack("<I", zlib.crc32(body)))
