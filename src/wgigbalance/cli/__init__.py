"""The command line: options to `api` calls, results to `render` writers, files, exit codes.

The commands live in `compose` (select, alternatives, lottery), `study` (check, explain,
tradeoffs, compare) and `verifiable` (commit, draw, verify); importing them registers them on
the one typer `app`.
"""

from . import compose, study, verifiable
from .shared import ExitCode, app, exit_code, main

__all__ = ["ExitCode", "app", "compose", "exit_code", "main", "study", "verifiable"]
