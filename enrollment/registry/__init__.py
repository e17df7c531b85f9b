"""The central registry: receives enrolment packets, verifies them, de-duplicates, adjudicates."""
