"""ASN.1 of the LDS Security Object (ICAO 9303 Part 10 §4.6.2), declared with asn1crypto.

::

    LDSSecurityObject ::= SEQUENCE {
        version                LDSSecurityObjectVersion,     -- v0(0), v1(1) with ldsVersionInfo
        hashAlgorithm          DigestAlgorithmIdentifier,
        dataGroupHashValues    SEQUENCE SIZE (2..ub-DataGroups) OF DataGroupHash,
        ldsVersionInfo         LDSVersionInfo OPTIONAL }
"""

from __future__ import annotations

from typing import ClassVar

from asn1crypto import algos, core

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"


class DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class DataGroupHashValues(core.SequenceOf):  # type: ignore[misc]
    _child_spec = DataGroupHash


class LDSVersionInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("lds_version", core.PrintableString), ("unicode_version", core.PrintableString)]


class LDSSecurityObject(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LDSVersionInfo, {"optional": True}),
    ]
