from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from enrollment.icao.errors import EncodingError, PkiError
from enrollment.icao.pki.directory import PkiLayout, init_pki, load_issuer
from enrollment.icao.pki.trust_store import load_trust_store
from enrollment.photo import prepare_photo
from tests.enrollment.chipkit import NOW, face_jpeg


def test_small_jpeg_is_kept_byte_for_byte() -> None:
    jpeg = face_jpeg()
    prepared = prepare_photo(jpeg)
    assert (prepared.jpeg, prepared.reencoded, prepared.width) == (jpeg, False, 120)


def test_large_png_is_reencoded_as_small_jpeg() -> None:
    noise = np.random.default_rng(3).integers(0, 255, (800, 600, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(noise).save(out, format="PNG")
    prepared = prepare_photo(out.getvalue())
    assert prepared.reencoded and len(prepared.jpeg) <= 20_000 and prepared.jpeg.startswith(b"\xff\xd8")
    assert Image.open(io.BytesIO(prepared.jpeg)).format == "JPEG"


def test_undecodable_photo_is_rejected() -> None:
    with pytest.raises(EncodingError):
        prepare_photo(b"\xff\xd8 this is not really a jpeg")


def test_pki_directory_and_trust_store(tmp_path: Path) -> None:
    layout = init_pki(tmp_path / "pki", "ecdsa-p256", "VNM", NOW)
    assert layout.csca_key.stat().st_mode & 0o077 == 0
    issuer = load_issuer(layout.root)
    store = load_trust_store(layout.trust_store, layout.terminal_key)
    assert issuer.ds_certificate.issuer == store.cscas[0].subject
    assert len(store.crls) == 1 and store.terminal_key is not None
    with pytest.raises(PkiError, match="refusing"):
        init_pki(layout.root, "ecdsa-p256", "VNM", NOW)
    with pytest.raises(PkiError):
        init_pki(tmp_path / "x", "ecdsa-p256", "XYZ", NOW)


def test_trust_store_ignores_non_ca_certificates(tmp_path: Path) -> None:
    layout: PkiLayout = init_pki(tmp_path / "pki", "ecdsa-p256", "VNM", NOW)
    (layout.trust_store / "ds.pem").write_bytes(layout.ds_cert.read_bytes())
    assert len(load_trust_store(layout.trust_store).cscas) == 1
    with pytest.raises(PkiError, match="no CSCA"):
        load_trust_store(layout.root / "ds")
