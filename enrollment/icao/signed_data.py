"""CMS SignedData (RFC 5652) as this project writes it, with asn1crypto: ContentInfo around SignedData v3,
the content encapsulated, the signer's certificate embedded, one SignerInfo (v1) naming it by issuer and
serial number, over signed attributes. EF.SOD (inside tag 77), CSCA master lists and the desk's enrolment
packets are all this structure.

Assembly only, from parts already made: the signed attributes and the signature come from the caller
(:func:`enrollment.icao.pki.cms_signer.sign_content`, or a decoded EF.SOD being written back), so that the
LDS codecs need no signing code.
"""

from __future__ import annotations

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509


def assemble_signed_data(content: bytes, content_type: str, certificate_der: bytes, signed_attributes: bytes,
                         signature: bytes, digest_algorithm: str, signature_algorithm: str) -> bytes:
    """DER ContentInfo(SignedData). ``signed_attributes`` is the DER SET OF (tag 31) that was signed;
    ``digest_algorithm`` and ``signature_algorithm`` are asn1crypto names (``sha256``, ``sha256_ecdsa``)."""
    cert = asn1_x509.Certificate.load(certificate_der)
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": digest_algorithm}),
        "signed_attrs": cms.CMSAttributes.load(signed_attributes),
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": signature_algorithm}),
        "signature": signature,
    })
    signed = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": digest_algorithm})],
        "encap_content_info": {"content_type": content_type, "content": core.ParsableOctetString(content)},
        "certificates": [cert],
        "signer_infos": [signer],
    })
    return bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())
