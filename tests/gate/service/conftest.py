from tests.gate.store.db_fixtures import db, pg_url  # noqa: F401  (both backends for the service tests)
