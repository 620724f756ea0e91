"""The command line: options to `api` calls, results to `render` writers, files, exit codes.

The commands live in `compose` (select, alternatives, lottery) and `study` (check, explain,
tradeoffs, compare); importing them registers them on the one typer `app`.
"""

from . import compose, study
from .shared import ExitCode, app, exit_code, main

__all__ = ["ExitCode", "app", "compose", "exit_code", "main", "study"]
