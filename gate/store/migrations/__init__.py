"""Alembic environment and versions for :mod:`gate.store`; run with :func:`gate.store.schema.migrate`."""
