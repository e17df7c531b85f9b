"""The enrolment desk's domain: the application case and its states, the applicant's demographics (the DG13
fields of the CCCD), the MRZ name, the quality gates of each capture, the de-duplication port and issuance;
and the way out to the registry: the enrolment packet (sealed: signed by the desk, encrypted for the
registry) and the offline outbox that queues and uploads it.

Pure Python over :mod:`matcher` and :mod:`enrollment.icao`: no gate imports. Every refusal carries a typed
code such as ``BIRTH_DATE_INVALID``, never a sentence meant for a person.
"""
