"""The enrolment desk: capture an applicant, seal the enrolment packet, queue it for the registry."""
