"""The central registry: the applicants' biometrics and the 1:N de-duplication over everyone enrolled."""
