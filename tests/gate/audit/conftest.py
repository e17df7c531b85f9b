from tests.gate.store.db_fixtures import db, fast_hasher, gate_key, pg_url

__all__ = ["db", "fast_hasher", "gate_key", "pg_url"]
