#!/usr/bin/env bash
# Set up the environment from the lock file and run the whole test suite (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
uv sync --frozen
# axe-core for the pages' accessibility tests (skipped with a reason when npm is absent)
if command -v npm >/dev/null 2>&1 && [ ! -d node_modules/axe-core ]; then npm ci --silent --no-audit --no-fund || true; fi
uv run pytest -q "$@"
