"""The store's settings section resolves under the gate's home directory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from gate.store import StoreSettings


def test_defaults_resolve_under_home(tmp_path: Path) -> None:
    paths = StoreSettings().resolve(tmp_path)
    assert paths.database_url == f"sqlite+pysqlite:///{tmp_path / 'egate.db'}"
    assert paths.audit_key_path.parent == tmp_path / "keys"
    assert paths.capture_retention == timedelta(days=30)


def test_explicit_values_win(tmp_path: Path) -> None:
    settings = StoreSettings.model_validate({
        "database_url": "postgresql+psycopg://postgres@127.0.0.1:5432/egate",
        "capture_retention": "P7D", "audit_key_path": "/etc/egate/gate.pem",
    })
    paths = settings.resolve(tmp_path)
    assert paths.database_url.startswith("postgresql+psycopg://")
    assert paths.capture_retention == timedelta(days=7)
    assert paths.audit_key_path == Path("/etc/egate/gate.pem")
    with pytest.raises(ValidationError):
        StoreSettings(capture_retention=timedelta(0))


def test_public_api_is_exactly_the_lazy_exports() -> None:
    import gate.store

    assert sorted(gate.store.__all__) == sorted(gate.store._EXPORTS)
    for name in gate.store.__all__:
        assert getattr(gate.store, name) is not None


def test_settings_import_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, gate.store.settings; print('sqlalchemy' in sys.modules or 'alembic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_no_submodule_shadows_an_exported_name() -> None:
    import pkgutil

    import gate.store

    modules = {info.name for info in pkgutil.iter_modules(gate.store.__path__)}
    assert modules.isdisjoint(gate.store.__all__)
