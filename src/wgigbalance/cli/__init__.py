"""The command line: options to `api` calls, results to `render` writers, files, exit codes.

The commands live in `compose` (select, alternatives, lottery), `overtime` (replace, renew,
reserves), `study` (check, explain, tradeoffs, compare) and `verifiable` (commit, draw,
verify); importing them registers them on the one typer `app`.
"""

from . import compose, overtime, study, verifiable
from .shared import ExitCode, app, exit_code, main

__all__ = [
    "ExitCode",
    "app",
    "compose",
    "exit_code",
    "main",
    "overtime",
    "study",
    "verifiable",
]
