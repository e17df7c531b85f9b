"""The settings of one command-line invocation: read from the environment once, by the root callback,
and kept on the root context (``ctx.obj``) for the commands — never a module-level singleton."""

from __future__ import annotations

import typer

from gate.settings import Settings, load_settings


def remember_settings(ctx: typer.Context) -> None:
    """The root callback's part: build the settings of this invocation."""
    ctx.obj = load_settings()


def cli_settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):  # a command invoked without the root callback (tests)
        root.obj = load_settings()
    return root.obj
