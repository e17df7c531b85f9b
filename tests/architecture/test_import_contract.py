"""The layering the README draws is a contract: ``lint-imports`` checks it against every import in the tree
(contracts in ``pyproject.toml``), and a broken one fails the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout and done.stdout.count("KEPT") >= 6


def test_a_broken_contract_is_reported(tmp_path: Path) -> None:
    """The check can fail: a tree where the matching core imports the gate breaks the first contract."""
    (tmp_path / "matcher").mkdir()
    (tmp_path / "gate").mkdir()
    (tmp_path / "matcher" / "__init__.py").write_text("import gate\n")
    (tmp_path / "gate" / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["matcher", "gate"]\n'
        '[[tool.importlinter.contracts]]\nname = "core"\ntype = "forbidden"\n'
        'source_modules = ["matcher"]\nforbidden_modules = ["gate"]\n')
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    done = subprocess.run([lint, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0 and "matcher -> gate" in done.stdout
