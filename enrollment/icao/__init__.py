"""ICAO Doc 9303 eMRTD code shared by the enrolment desk and the gate.

* ``lds/`` — codecs, one module per file (TLV, MRZ, EF.COM, DG1/2/3/13/14/15, EF.SOD, registry).
* ``biometric/`` — CBEFF nesting and ISO/IEC 19794-5 face records, apart from their data groups.
* ``protocol/`` — APDUs, 3DES/retail MAC, BAC, secure messaging (pure wrap/unwrap), Active
  Authentication, the simplified terminal authentication guarding DG3.
* ``pki/`` — issuing CSCA/DS/CRL, signing EF.SOD, the trust store and the Passive Authentication policy.
* ``card.py`` / ``card_file.py`` — the virtual chip and its file format (``bounded_json.py`` bounds the
  JSON before it is parsed).
* ``params.py`` / ``key_policy.py`` — limits on chip data: allowed curves, RSA sizes, card-file bounds.

Parsing never implies trust; ``errors.py`` holds the one exception tree, and parsers of chip data raise
nothing else (fuzzed in ``tests/enrollment/icao``). Nothing here imports ``gate``.
"""
