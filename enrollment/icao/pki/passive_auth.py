"""Passive Authentication (ICAO 9303 Part 11 §5.1): the trust policy applied to a parsed EF.SOD.

Each function returns :class:`Check` values instead of raising: a defect in the document is a failed
check with a reason code, never an exception. Order: DS certificate chain to a trusted CSCA, validity
at inspection time, revocation (a CRL from that CSCA is required: no CRL is a failure, not a pass),
the SOD signature, the data-group hashes, EF.COM against the SOD, DG1 against the MRZ data given and
the issuing state against the DS certificate's country.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.errors import IcaoError
from enrollment.icao.lds.countries import alpha2
from enrollment.icao.lds.mrz import Mrz
from enrollment.icao.lds.security_object import LDS_SECURITY_OBJECT_OID
from enrollment.icao.lds.sod import SodFile
from enrollment.icao.pki import signatures
from enrollment.icao.pki.trust_store import TrustStore


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def find_issuer(ds: x509.Certificate, store: TrustStore) -> x509.Certificate | None:
    for csca in store.cscas:
        if csca.subject != ds.issuer:
            continue
        try:
            ds.verify_directly_issued_by(csca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        return csca
    return None


def check_chain(ds: x509.Certificate | None, store: TrustStore) -> tuple[Check, x509.Certificate | None]:
    if ds is None:
        return checks.failed("ds_certificate_trust", "ds_certificate_missing", "EF.SOD embeds no DS"), None
    csca = find_issuer(ds, store)
    if csca is None:
        return checks.failed("ds_certificate_trust", "ds_untrusted_issuer",
                             f"no trusted CSCA issued {ds.issuer.rfc4514_string()}"), None
    return checks.passed("ds_certificate_trust", csca.subject.rfc4514_string()), csca


def check_validity(ds: x509.Certificate, csca: x509.Certificate, at: datetime) -> Check:
    at = _utc(at)
    for role, cert in (("ds", ds), ("csca", csca)):
        if at < cert.not_valid_before_utc:
            return checks.failed("certificate_validity", f"{role}_not_yet_valid", str(cert.not_valid_before_utc))
        if at > cert.not_valid_after_utc:
            return checks.failed("certificate_validity", f"{role}_expired", str(cert.not_valid_after_utc))
    return checks.passed("certificate_validity", f"DS valid until {ds.not_valid_after_utc:%Y-%m-%d}")


def check_revocation(ds: x509.Certificate, csca: x509.Certificate, store: TrustStore, at: datetime) -> Check:
    at = _utc(at)
    key = csca.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        return checks.failed("ds_revocation", "csca_key_unsupported", type(key).__name__)
    crls = [c for c in store.crls if c.issuer == csca.subject and c.is_signature_valid(key)]
    if not crls:
        return checks.failed("ds_revocation", "crl_unavailable", "no valid CRL from the issuing CSCA")
    crl = max(crls, key=lambda c: c.last_update_utc)
    if crl.next_update_utc is not None and at > crl.next_update_utc:
        return checks.failed("ds_revocation", "crl_expired", f"next update was {crl.next_update_utc}")
    if crl.get_revoked_certificate_by_serial_number(ds.serial_number) is not None:
        return checks.failed("ds_revocation", "ds_revoked", f"serial {ds.serial_number:x} is on the CRL")
    return checks.passed("ds_revocation", f"CRL of {crl.last_update_utc:%Y-%m-%d}")


def check_signature(sod: SodFile, ds: x509.Certificate) -> Check:
    name = "sod_signature"
    if sod.content_type_oid != LDS_SECURITY_OBJECT_OID or sod.signed_content_type != LDS_SECURITY_OBJECT_OID:
        return checks.failed(name, "sod_content_type", f"content type {sod.content_type_oid}")
    if sod.signed_attributes is None or sod.message_digest is None:
        return checks.failed(name, "sod_signed_attributes_missing")
    try:
        expected = signatures.digest(sod.digest_algorithm, sod.encapsulated_content)
        if not hmac.compare_digest(expected, sod.message_digest):
            return checks.failed(name, "sod_message_digest", "messageDigest does not match the content")
        public = ds.public_key()
        if not isinstance(public, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
            return checks.failed(name, "ds_key_unsupported", type(public).__name__)
        if not signatures.verify(public, sod.signature, sod.signed_attributes,
                                 sod.digest_algorithm, sod.signature_algorithm):
            return checks.failed(name, "sod_signature_invalid", "the DS key does not verify the signature")
    except IcaoError as exc:
        return checks.failed(name, "sod_algorithm_unsupported", str(exc))
    except (ValueError, UnsupportedAlgorithm) as exc:  # a DS key or signature parameters cryptography refuses
        return checks.failed(name, "ds_key_unsupported", str(exc))
    return checks.passed(name, sod.signature_algorithm)


def check_hashes(sod: SodFile, data_groups: dict[int, bytes]) -> Check:
    name = "data_group_hashes"
    try:
        for number, data in sorted(data_groups.items()):
            stored = sod.dg_hashes.get(number)
            if stored is None:
                return checks.failed(name, "dg_not_in_sod", f"DG{number} has no hash in EF.SOD")
            if not hmac.compare_digest(signatures.digest(sod.hash_algorithm, data), stored):
                return checks.failed(name, "dg_hash_mismatch", f"DG{number} does not match its hash")
    except IcaoError as exc:
        return checks.failed(name, "sod_algorithm_unsupported", str(exc))
    return checks.passed(name, ", ".join(f"DG{n}" for n in sorted(data_groups)))


def check_com(com_groups: tuple[int, ...], sod: SodFile) -> Check:
    if set(com_groups) != set(sod.dg_hashes):
        return checks.failed("com_sod_consistency", "com_sod_mismatch",
                             f"EF.COM lists {sorted(com_groups)}, EF.SOD {sorted(sod.dg_hashes)}")
    return checks.passed("com_sod_consistency")


def check_dg1(mrz: Mrz, document_number: str, birth_date: str, expiry_date: str) -> Check:
    given = (document_number.upper().rstrip("<"), birth_date, expiry_date)
    if (mrz.document_number, mrz.birth_date, mrz.expiry_date) != given:
        return checks.failed("dg1_mrz_match", "dg1_mismatch", "DG1 differs from the MRZ data presented")
    return checks.passed("dg1_mrz_match")


def check_issuing_state(mrz: Mrz, ds: x509.Certificate) -> Check:
    countries = [str(a.value) for a in ds.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)]
    expected = alpha2(mrz.issuing_state)
    if expected is None:
        return checks.failed("issuing_state_match", "unknown_country_code", mrz.issuing_state)
    if countries != [expected]:
        return checks.failed("issuing_state_match", "issuing_state_mismatch",
                             f"MRZ {mrz.issuing_state}, DS certificate {countries}")
    return checks.passed("issuing_state_match", expected)
