"""The command line: argument handling and printing only; the work is in the library."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from .errors import InputError
from .io import write_text_atomic
from .report import LiveProgress, render, roster_csv
from .selection import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    select,
)

app = typer.Typer(
    help="Compose balanced multi-stakeholder groups (region, stakeholder, gender, "
    "development, school of thought) from a candidate list.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _commands() -> None:
    """Compose balanced multi-stakeholder groups from a candidate list."""


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _fail(message: str, code: int = 2) -> typer.Exit:
    Console(stderr=True).print(
        Text.assemble(("error: ", "bold red"), message), highlight=False, soft_wrap=True
    )
    return typer.Exit(code)


@app.command("select")
def select_command(
    candidates: Annotated[Path, typer.Option(help="Candidate list (CSV, id column).")] = (
        DEFAULT_CANDIDATES
    ),
    constraints: Annotated[Path, typer.Option(help="Constraint file (TOML).")] = (
        DEFAULT_CONSTRAINTS
    ),
    out: Annotated[
        Path | None, typer.Option(help="Write the selected rows (all columns) as CSV here.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="How to print it.")] = Format.table,
    seed: Annotated[int, typer.Option(min=0, help="Same inputs and seed: same roster.")] = 0,
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Solver time limit in seconds.")
    ] = DEFAULT_TIME_LIMIT,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Solver threads (results stay deterministic).")
    ] = DEFAULT_WORKERS,
) -> None:
    """Pick the best-balanced group that meets every hard constraint."""
    stdout = Console(soft_wrap=format != Format.table)
    stderr = Console(stderr=True)
    try:
        with LiveProgress(stderr) as progress:
            result = select(
                candidates,
                constraints,
                seed=seed,
                time_limit=time_limit,
                workers=workers,
                progress=progress,
            )
        if out is not None and result.check is not None:
            write_text_atomic(out, roster_csv(result))
    except InputError as exc:
        raise _fail(exc.message) from None
    render(result, format.value, stdout)
    if out is not None and result.check is not None and format == Format.table:
        stdout.print(f"Roster written to {out}", highlight=False, markup=False)
    if result.check is None:
        stderr.print(
            "No roster: " + ("; ".join(result.reasons) or "the solver found none in time."),
            highlight=False,
            markup=False,
        )
        raise typer.Exit(1)


def main() -> None:
    """Entry point: typer, plus plain one-line messages on Ctrl-C and on internal errors."""
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: one line, and where to report it
        Console(stderr=True).print(
            f"internal error: {type(exc).__name__}: {exc}; please report it with the "
            "command and input files (set WGIGBALANCE_DEBUG=1 for the traceback).",
            highlight=False,
            markup=False,
        )
        if os.environ.get("WGIGBALANCE_DEBUG"):
            raise
        sys.exit(3)
