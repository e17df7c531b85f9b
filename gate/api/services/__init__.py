"""The service layer behind the HTTP routes: plain Python in, frozen results or domain errors out.

No HTTP here: :mod:`gate.api.errors` maps these errors (and the store's) to status codes in one place.
"""
