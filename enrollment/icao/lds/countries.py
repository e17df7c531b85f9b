"""ISO 3166-1 alpha-3 (MRZ) to alpha-2 (X.509 ``countryName``) for the issuing-state check.

A subset: the states a Vietnamese gate meets most, plus ICAO's fictional Utopia used in specimens
(``UTO`` ↔ ``UT``, not an ISO code). Extend as needed; an unknown code fails the check explicitly.
"""

from __future__ import annotations

ALPHA3_TO_ALPHA2: dict[str, str] = {
    "VNM": "VN", "UTO": "UT", "D": "DE", "DEU": "DE", "FRA": "FR", "GBR": "GB", "USA": "US", "CHN": "CN",
    "JPN": "JP", "KOR": "KR", "PRK": "KP", "LAO": "LA", "KHM": "KH", "THA": "TH", "MYS": "MY", "SGP": "SG",
    "IDN": "ID", "PHL": "PH", "MMR": "MM", "BRN": "BN", "TLS": "TL", "IND": "IN", "AUS": "AU", "NZL": "NZ",
    "CAN": "CA", "RUS": "RU", "ITA": "IT", "ESP": "ES", "NLD": "NL", "BEL": "BE", "CHE": "CH", "AUT": "AT",
    "SWE": "SE", "NOR": "NO", "DNK": "DK", "FIN": "FI", "POL": "PL", "CZE": "CZ", "HUN": "HU", "PRT": "PT",
    "IRL": "IE", "TWN": "TW", "HKG": "HK", "MAC": "MO", "ARE": "AE", "QAT": "QA", "TUR": "TR", "BRA": "BR",
}


def alpha2(alpha3: str) -> str | None:
    return ALPHA3_TO_ALPHA2.get(alpha3.rstrip("<"))
