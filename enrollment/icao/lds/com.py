"""EF.COM (ICAO 9303 Part 10 §4.6.1): LDS and Unicode versions and the tag list of present data groups."""

from __future__ import annotations

from dataclasses import dataclass

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv


@dataclass(frozen=True)
class ComFile:
    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def encode_com(data_groups: tuple[int, ...], lds_version: str = "0107", unicode_version: str = "040000") -> bytes:
    tags = bytes(registry.dg(n).tag for n in sorted(data_groups))
    body = tlv.encode_many([(0x5F01, lds_version.encode()), (0x5F36, unicode_version.encode()), (0x5C, tags)])
    return tlv.encode(registry.COM.tag, body)


def decode_com(data: bytes) -> ComFile:
    try:
        items = tlv.decode_single(data, registry.COM.tag).children()
        tags = tlv.find(items, 0x5C).value
        specs = [registry.by_tag(t) for t in tags]
        if any(spec.dg is None for spec in specs):
            raise EncodingError("EF.COM lists a file that is not a data group")
        groups = tuple(sorted(spec.dg or 0 for spec in specs))
        return ComFile(tlv.find(items, 0x5F01).value.decode("ascii"),
                       tlv.find(items, 0x5F36).value.decode("ascii"), groups)
    except (TlvError, UnicodeDecodeError) as exc:
        raise EncodingError(f"malformed EF.COM: {exc}") from exc
