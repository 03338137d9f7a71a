"""The ``sanctionwatch`` command line: parse arguments, call one function, format the result.

One module per group of commands; importing them registers their commands on ``app``."""

from sanctionwatch.cli import ais, claims, lists, run, screen, serve  # noqa: F401  (registers commands)
from sanctionwatch.cli.app import app, main

__all__ = ["app", "main"]
