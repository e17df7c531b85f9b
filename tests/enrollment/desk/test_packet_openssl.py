"""The packet is standard CMS: OpenSSL 3 decrypts what the desk encrypts and verifies what it signs,
and the registry decrypts what OpenSSL encrypts (AuthEnvelopedData, ECDH P-256, AES-256-GCM)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from enrollment.desk.packet_codec import decode_contents
from enrollment.desk.packet_envelope import decrypt_for_registry
from enrollment.icao.pki.keys import private_pem
from tests.enrollment.desk.packetkit import Pki, contents, make_pki, sealed

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command (OpenSSL 3)")


def _openssl(*args: str | Path) -> None:
    done = subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def _files(pki: Pki, tmp_path: Path) -> tuple[Path, Path, Path]:
    cert, key, ca = tmp_path / "registry.pem", tmp_path / "registry-key.pem", tmp_path / "ca.pem"
    cert.write_bytes(pki.registry.certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private_pem(pki.registry.key))
    ca.write_bytes(pki.ca.public_bytes(serialization.Encoding.PEM))
    return cert, key, ca


def test_openssl_decrypts_and_verifies_a_desk_packet(tmp_path: Path) -> None:
    pki, original = make_pki(), contents(21)
    cert, key, ca = _files(pki, tmp_path)
    (tmp_path / "packet.der").write_bytes(sealed(pki, original))
    _openssl("cms", "-decrypt", "-inform", "DER", "-in", tmp_path / "packet.der", "-recip", cert, "-inkey", key,
             "-out", tmp_path / "signed.der")
    _openssl("cms", "-verify", "-inform", "DER", "-in", tmp_path / "signed.der", "-CAfile", ca, "-purpose", "any",
             "-attime", str(int(original.created_at.timestamp())), "-binary", "-out", tmp_path / "contents.der")
    assert decode_contents((tmp_path / "contents.der").read_bytes()) == original


def test_the_registry_decrypts_what_openssl_encrypts(tmp_path: Path) -> None:
    pki = make_pki()
    cert, _, _ = _files(pki, tmp_path)
    (tmp_path / "plain").write_bytes(b"enrolment packet from another implementation")
    _openssl("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", "-in", tmp_path / "plain",
             "-out", tmp_path / "enveloped.der", "-recip", cert, "-keyopt", "ecdh_kdf_md:sha256")
    plain = decrypt_for_registry((tmp_path / "enveloped.der").read_bytes(), pki.registry.certificate, pki.registry.key)
    assert plain == b"enrolment packet from another implementation"
