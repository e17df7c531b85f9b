"""Building EF.SOD: the LDSSecurityObject over the data groups, signed by the Document Signer in CMS.

The signed attributes (contentType, signingTime, messageDigest) are built and signed here; the CMS
structure around them is assembled by :func:`enrollment.icao.lds.sod.assemble_sod` (SignedData v3,
the DS certificate embedded, signer identified by issuer and serial number).
"""

from __future__ import annotations

from datetime import datetime

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from enrollment.icao.lds import sod
from enrollment.icao.lds.security_object import LDS_SECURITY_OBJECT_OID, LDSSecurityObject
from enrollment.icao.pki import signatures
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
    attrs = cms.CMSAttributes([
        {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
        {"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]},
        {"type": "message_digest", "values": [signatures.digest(hash_name, content)]},
    ])
    signature = signatures.sign(ds_key, attrs.dump(), hash_name)
    return sod.assemble_sod(content, ds_certificate.public_bytes(serialization.Encoding.DER), attrs.dump(),
                            signature, hash_name, signatures.cms_signature_algorithm(ds_key, hash_name))
