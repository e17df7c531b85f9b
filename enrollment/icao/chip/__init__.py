"""The chip's side of PACE and Chip Authentication for the virtual card (:class:`enrollment.icao.card.VirtualCard`),
set up per chip profile (``cccd``: Vietnam's citizen ID card; ``passport``: BAC only)."""

from enrollment.icao.chip.ca_responder import CaResponder
from enrollment.icao.chip.pace_responder import PaceResponder
from enrollment.icao.chip.protocols import PROFILES, ChipProtocols, chip_protocols

__all__ = [
    "PROFILES",
    "CaResponder",
    "ChipProtocols",
    "PaceResponder",
    "chip_protocols",
]
