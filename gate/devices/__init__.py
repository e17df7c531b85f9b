"""Simulated devices for the kiosk, tests and demos; each satisfies one of ``gate.ports``."""
