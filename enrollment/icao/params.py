"""Limits applied to chip data and card files (sizes, key strengths, nesting).

Active Authentication verifies the chip's signature with the DG15 key on every passage; for RSA the
public operation is a modular exponentiation written in Python (:mod:`enrollment.icao.protocol.active_auth`),
so its cost grows with the modulus and the exponent. These bounds keep a hostile chip from stalling the
gate and keep keys to curves and sizes with a known, reviewed implementation.
"""

from __future__ import annotations

# --- public keys from the chip (DG15) and in card files ------------------------------------------
MIN_RSA_BITS = 1024  # ICAO 9303 Part 11 §6.1 AA keys in the field are 1024 bits and more
MAX_RSA_BITS = 4096
MAX_RSA_EXPONENT_BITS = 32
# cryptography's curve names: NIST P-256/384/521 and the brainpool r1 curves (BSI TR-03111)
ALLOWED_CURVES = frozenset({
    "secp256r1", "secp384r1", "secp521r1", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1",
})

# --- the card file (enrollment/icao/card_file.py) --------------------------------------------------
MAX_CARD_FILE_BYTES = 2 * 1024 * 1024  # 18 LDS files of at most 32 KiB each, base64, plus two PEM keys
MAX_CARD_JSON_DEPTH = 4  # the format nests two levels (document → "files" / "eac_protected")
MAX_CARD_KEY_PEM_CHARS = 8192  # a PKCS#8 PEM of a 4096-bit RSA key is about 3.3 KB
MAX_CARD_FILES = 64
