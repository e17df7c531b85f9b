"""Every ``egate-lab`` module imports on its own, first of all, and registers its commands once: a command
module that imported the entry point used to close an import cycle through its siblings."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import pytest

import scripts.lab

MODULES = sorted(m.name for m in pkgutil.iter_modules(scripts.lab.__path__))


def _forget_lab() -> None:
    for name in [n for n in sys.modules if n == "scripts.lab" or n.startswith("scripts.lab.")]:
        del sys.modules[name]


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_first(module: str) -> None:
    _forget_lab()
    try:
        importlib.import_module(f"scripts.lab.{module}")
    finally:
        _forget_lab()  # the next test (and the rest of the suite) imports afresh


def test_every_command_group_is_registered_once() -> None:
    from scripts.lab.main import app

    groups = {group.name: group.typer_instance for group in app.registered_groups}
    assert {"bench", "eval"} <= set(groups)
    for group in groups.values():
        assert group is not None
        names = [c.name or c.callback.__name__ for c in group.registered_commands if c.callback is not None]
        assert len(names) == len(set(names))
    bench = groups["bench"]
    assert bench is not None and "hostile-frame" in {c.name for c in bench.registered_commands}
