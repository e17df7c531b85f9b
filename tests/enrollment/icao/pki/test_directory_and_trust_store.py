"""The PKI directory (pki init, issuer loading) and the inspection trust store."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from enrollment.icao.errors import PkiError
from enrollment.icao.pki.directory import PkiLayout, init_pki, load_issuer
from enrollment.icao.pki.trust_store import load_trust_store
from tests.enrollment.chipkit import NOW


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


def test_trust_store_certificate_with_an_invalid_version_is_a_pki_error(tmp_path: Path) -> None:
    layout: PkiLayout = init_pki(tmp_path / "pki", "ecdsa-p256", "VNM", NOW)
    csca = load_trust_store(layout.trust_store).cscas[0].public_bytes(Encoding.DER)
    at = csca.index(b"\xa0\x03\x02\x01\x02") + 4
    (layout.trust_store / "broken.der").write_bytes(csca[:at] + b"\x0a" + csca[at + 1 :])
    with pytest.raises(PkiError, match=r"broken\.der"):
        load_trust_store(layout.trust_store)
