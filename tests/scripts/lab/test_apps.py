"""Every ``egate-lab`` module imports on its own, first of all, and registers its commands once: a command
module that imported the entry point used to close an import cycle through its siblings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# in a child interpreter: forgetting modules here would leave this process's tests holding stale copies
EACH_FIRST = """
import importlib, pkgutil, sys, traceback
import scripts.lab
names = sorted(m.name for m in pkgutil.iter_modules(scripts.lab.__path__))
for name in names:
    for loaded in [n for n in sys.modules if n == "scripts.lab" or n.startswith("scripts.lab.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module("scripts.lab." + name)
    except Exception:
        print(name, traceback.format_exc(limit=1).splitlines()[-1])
print(len(names), "modules")
"""


def test_each_module_imports_first() -> None:
    run = subprocess.run([sys.executable, "-c", EACH_FIRST], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[-1].endswith("modules") and int(lines[-1].split()[0]) >= 20 and lines[:-1] == []


def test_every_command_group_is_registered_once() -> None:
    from scripts.lab.main import app

    top = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None]
    assert len(top) == len(set(top))
    groups = {group.name: group.typer_instance for group in app.registered_groups}
    assert {"bench", "eval"} <= set(groups)
    for group in groups.values():
        assert group is not None
        names = [c.name or c.callback.__name__ for c in group.registered_commands if c.callback is not None]
        assert len(names) == len(set(names))
    bench = groups["bench"]
    assert bench is not None and "hostile-frame" in {c.name for c in bench.registered_commands}
