"""Building EF.SOD: the LDSSecurityObject over the data groups, signed by the Document Signer in CMS
(:func:`enrollment.icao.pki.cms_signer.sign_content`: SignedData v3, the DS certificate embedded, signed
attributes contentType, signingTime and messageDigest), inside tag 77.
"""

from __future__ import annotations

from datetime import datetime

from cryptography import x509

from enrollment.icao.lds import sod
from enrollment.icao.lds.security_object import LDS_SECURITY_OBJECT_OID, LDSSecurityObject
from enrollment.icao.pki import signatures
from enrollment.icao.pki.cms_signer import sign_content
from enrollment.icao.pki.keys import PrivateKey


def security_object(data_groups: dict[int, bytes], hash_name: str = "sha256") -> bytes:
    """DER LDSSecurityObject (v0) with the hash of each data group's full bytes."""
    values = [{"data_group_number": n, "data_group_hash_value": signatures.digest(hash_name, data_groups[n])}
              for n in sorted(data_groups)]
    lds = LDSSecurityObject({"version": 0, "hash_algorithm": {"algorithm": hash_name},
                             "data_group_hash_values": values})
    return bytes(lds.dump())


def build_sod(data_groups: dict[int, bytes], ds_certificate: x509.Certificate, ds_key: PrivateKey,
              signing_time: datetime, hash_name: str = "sha256") -> bytes:
    """EF.SOD bytes (tag 77) signing the given data groups' hashes with the Document Signer key."""
    content = security_object(data_groups, hash_name)
    return sod.encode_sod(sign_content(content, LDS_SECURITY_OBJECT_OID, ds_certificate, ds_key, signing_time,
                                       hash_name))
