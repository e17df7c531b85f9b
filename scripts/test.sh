#!/usr/bin/env bash
# Set up the environment from the lock file and run the whole test suite (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
uv sync --frozen
uv run pytest -q "$@"
