"""The ASN.1 shape of the packet contents (DER, so one value has exactly one encoding)::

    EnrolmentPacket ::= SEQUENCE {
        version          INTEGER (1),
        applicationId    UTF8String,            -- uuid4 hex
        deskId           UTF8String,
        createdAt        GeneralizedTime,       -- UTC
        demographics     SEQUENCE OF Field,     -- sorted by name, names unique
        faceJpeg         OCTET STRING,
        fingerImages     SEQUENCE OF Finger,    -- sorted by position 1..10, unique
        fingerTemplates  SEQUENCE OF Finger,
        irisImages       SEQUENCE OF Eye,       -- "left" before "right", unique
        irisTemplates    SEQUENCE OF Eye,
        exceptions       SEQUENCE OF Field,
        operator         UTF8String,
        supervisor       [0] EXPLICIT UTF8String OPTIONAL,
        exceptionPhotos  [1] EXPLICIT SEQUENCE OF Photo OPTIONAL }  -- sorted by slot; absent when none
    Field  ::= SEQUENCE { name UTF8String, value UTF8String }
    Finger ::= SEQUENCE { position INTEGER, data OCTET STRING }
    Eye    ::= SEQUENCE { eye UTF8String, data OCTET STRING }
    Photo  ::= SEQUENCE { slot UTF8String, data OCTET STRING }  -- slot of an exception: "finger:7"

The eContentType of the SignedData that carries it is :data:`PACKET_CONTENT_OID`, an OID in the
UUID arc 2.25 (ITU-T X.667), which needs no registration.
"""

from __future__ import annotations

from typing import ClassVar

from asn1crypto import core

PACKET_CONTENT_OID = "2.25.14119066964452828912542120131905897406"
PACKET_VERSION = 1


class Field(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("name", core.UTF8String), ("value", core.UTF8String)]


class Fields(core.SequenceOf):  # type: ignore[misc]
    _child_spec: ClassVar = Field


class Finger(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("position", core.Integer), ("data", core.OctetString)]


class Fingers(core.SequenceOf):  # type: ignore[misc]
    _child_spec: ClassVar = Finger


class Eye(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("eye", core.UTF8String), ("data", core.OctetString)]


class Eyes(core.SequenceOf):  # type: ignore[misc]
    _child_spec: ClassVar = Eye


class Photo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("slot", core.UTF8String), ("data", core.OctetString)]


class Photos(core.SequenceOf):  # type: ignore[misc]
    _child_spec: ClassVar = Photo


class EnrolmentPacket(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("version", core.Integer),
        ("application_id", core.UTF8String),
        ("desk_id", core.UTF8String),
        ("created_at", core.GeneralizedTime),
        ("demographics", Fields),
        ("face_jpeg", core.OctetString),
        ("finger_images", Fingers),
        ("finger_templates", Fingers),
        ("iris_images", Eyes),
        ("iris_templates", Eyes),
        ("exceptions", Fields),
        ("operator", core.UTF8String),
        ("supervisor", core.UTF8String, {"explicit": 0, "optional": True}),
        ("exception_photos", Photos, {"explicit": 1, "optional": True}),
    ]
