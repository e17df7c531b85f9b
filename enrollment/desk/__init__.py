"""The enrolment desk's domain: the application case and its states, the applicant's demographics (the DG13
fields of the CCCD), the MRZ name, the quality gates of each capture, the de-duplication port and issuance.

Pure Python over :mod:`matcher` and :mod:`enrollment.icao`: no database, no HTTP, no clock (the caller
passes ``now``), no gate imports. Every refusal is a :class:`enrollment.desk.errors.DeskError` carrying
typed codes such as ``BIRTH_DATE_INVALID``, never a sentence meant for a person.
"""
