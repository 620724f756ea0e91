"""What every command shares: the typer app, option types, exit codes, messages, output files.

Only typer and the small settings and errors modules are imported at the top of the CLI: the
library (pandas, OR-Tools) and the render layer are imported inside the commands."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..settings import MAX_SEATS, MAX_SEED, Status

if TYPE_CHECKING:
    from ..results import SelectionResult

# Only typer and the small settings and errors modules are imported here: the library (pandas,
# OR-Tools) and the render layer (rich, matplotlib) are imported inside the commands, so that
# `wgigbalance --help` starts at once.

# The CLI's defaults (the library has none): the shipped data, relative to where it runs.
DEFAULT_CANDIDATES = Path("data/candidates.csv")
DEFAULT_CONSTRAINTS = Path("constraints/wgig2004.toml")

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
    html = "html"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", help="How to print it.")]
FormatOption = Annotated[Format, typer.Option("--format", help="How to print it.")]
History = Annotated[
    Path | None,
    typer.Option(
        help="A membership history (CSV cycle,id): apply renew's rules from the "
        "constraints' [renewal] section."
    ),
]


class LotteryObjective(StrEnum):
    leximin = "leximin"
    maximin = "maximin"
    nash = "nash"


Objective = Annotated[
    LotteryObjective, typer.Option(help="Fairness of the selection probabilities.")
]
Within = Annotated[
    float | None,
    typer.Option(min=0, help="Only groups within this many percent of the best balance."),
]
Candidates = Annotated[
    Path, typer.Option(help="Candidate list (CSV or Excel .xlsx, with an id column).")
]
Sheet = Annotated[
    str | None,
    typer.Option(
        "--sheet", help="The sheet of an Excel candidate file (.xlsx) to read; default: the first."
    ),
]
Constraints = Annotated[Path, typer.Option(help="Constraint file (TOML).")]
Seed = Annotated[
    int,
    typer.Option(min=0, max=MAX_SEED, help="Any 64-bit seed (0..2^64-1); same seed, same result."),
]
TimeLimit = Annotated[float, typer.Option(min=0.1, help="Solver time limit in seconds.")]
PanelSize = Annotated[
    int | None,
    typer.Option(
        "--size",
        min=1,
        max=MAX_SEATS,
        help="Exact group size (needed with a sortition categories CSV).",
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite output files that already exist.")]
ReserveCount = Annotated[
    int,
    typer.Option(
        "--reserves", min=0, max=10_000, help="Also an ordered reserve list of this many people."
    ),
]
DropoutRate = Annotated[
    float, typer.Option(min=0, max=1, help="Each member's probability of dropping out.")
]
ReserveRuns = Annotated[
    int, typer.Option(min=1, max=100_000, help="Simulated rounds of dropouts for the reserves.")
]
ReservesOut = Annotated[
    Path | None, typer.Option(help="Write the reserve list (all columns, in order) as CSV here.")
]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        help="Also print the balance of every dimension, every rule and the solver stages.",
    ),
]
Workers = Annotated[
    int, typer.Option(min=1, max=64, help="Solver threads (results stay deterministic).")
]


class ExitCode(IntEnum):
    """The exit-code contract (README, "Exit codes")."""

    RESULT = 0  # a result (proven optimal, or valid and marked "not proven optimal")
    NONE_EXISTS = 1  # proven: no roster/group satisfies the constraints
    BAD_INPUT = 2  # bad input, usage or settings (found before any solving)
    INTERNAL = 3  # a bug
    TIME_LIMIT = 4  # the time limit came before any result
    INTERRUPTED = 130  # Ctrl-C
    CLOSED_PIPE = 141  # the reader of the output went away (`select | head`): 128 + SIGPIPE


def exit_code(status: str, has_result: bool) -> ExitCode:
    """The one mapping from what a command established to its exit code."""
    if status == Status.INTERRUPTED:
        return ExitCode.INTERRUPTED
    if has_result:
        return ExitCode.RESULT
    if status == Status.INFEASIBLE:
        return ExitCode.NONE_EXISTS
    return ExitCode.TIME_LIMIT  # unknown: neither a result nor a proof that none exists


def _explained(status: str, explanation: Any) -> str:
    """Ctrl-C while explaining why no roster exists interrupts the command too (130)."""
    if explanation is not None and explanation.status == Status.INTERRUPTED:
        return Status.INTERRUPTED
    return status


def _finish(status: str, has_result: bool) -> None:
    code = exit_code(status, has_result)
    if code == ExitCode.INTERRUPTED:
        _say("interrupted (Ctrl-C): what was found so far is shown above, not proven best")
    if code != ExitCode.RESULT:
        raise typer.Exit(int(code))


@contextmanager
def _input_errors() -> Iterator[None]:
    """Bad input becomes one line on stderr and exit code 2; Ctrl-C before any result, one
    line and 130."""
    try:
        yield
    except InputError as exc:
        raise _fail(exc.message) from None
    except KeyboardInterrupt:
        raise _fail(
            "interrupted (Ctrl-C) before any result was found.", ExitCode.INTERRUPTED
        ) from None


def _fail(message: str, code: int = ExitCode.BAD_INPUT) -> typer.Exit:
    label = "interrupted: " if code == ExitCode.INTERRUPTED else "error: "
    text = message.removeprefix("interrupted ") if code == ExitCode.INTERRUPTED else message
    _say(text, label=label)
    return typer.Exit(int(code))


def _say(message: str, *, err: bool = True, label: str = "") -> None:
    from ..render import say

    try:
        say(message, err=err, label=label)
    except BrokenPipeError:
        raise _closed_pipe() from None


def _show(result: object, format: str, verbose: bool = False) -> None:
    from ..render import show

    try:
        show(result, format, verbose=verbose)  # type: ignore[arg-type]
    except BrokenPipeError:
        raise _closed_pipe() from None


def _closed_pipe() -> typer.Exit:
    """The output's reader went away (`select | head`): stop quietly, exit 141 as a shell
    reports a command ended by SIGPIPE. Standard output is pointed at /dev/null so that
    Python's last flush does not complain (the recipe in Python's `signal` docs)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return typer.Exit(int(ExitCode.CLOSED_PIPE))


def _outputs(
    out: Path | None = None,
    plot: Path | None = None,
    out_dir: Path | None = None,
    inputs: tuple[Path, ...] = (),
    force: bool = False,
    names: tuple[str, ...] = (),
    csv_only: str = "",
) -> None:
    """Check every output path before any solving: bad paths fail at once, and nothing is
    written when one of them is wrong. `names`: files the run will write in `out_dir`;
    `csv_only`: the option `out` comes from, when it writes CSV only (an .xlsx name is
    refused rather than given CSV text)."""
    if out is not None and csv_only and out.suffix.lower() == ".xlsx":
        raise InputError(
            f"{out}: {csv_only} writes CSV only; give a name ending in .csv (Excel workbooks: "
            "--out of select, lottery, replace and renew)."
        )
    if out is not None:
        _check_file(out, "--out", inputs)
    if plot is not None:
        _check_file(plot, "--plot", inputs)
        if plot.suffix.lower() not in (".png", ".svg"):  # render.charts.PLOT_SUFFIXES
            raise InputError(f"{plot}: a plot must end in .png or .svg; change --plot.")
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise InputError(f"{out_dir}: is a file, not a folder; change --out-dir.")
        _check_folder(out_dir, "--out-dir")
    if not force:  # the files known before solving; the others are checked before writing
        from ..io import manifest_path, refuse_existing

        known = [out, plot, manifest_path((out, plot), out_dir)]
        known += [out_dir / name for name in names] if out_dir is not None else []
        for path in known:
            if path is not None and (path.exists() or path.is_symlink()):
                raise InputError(refuse_existing(path))


def _check_file(path: Path, option: str, inputs: tuple[Path, ...]) -> None:
    """An output file: not a folder, not an input file, in a folder that exists or can be
    created, and that can be written."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give {option} a file name.")
    for source in inputs:
        if path.exists() and Path(source).exists() and path.samefile(source):
            raise InputError(f"{path}: is an input file; {option} would overwrite it.")
    _check_folder(path.parent if str(path.parent) else Path("."), option)


def _check_folder(folder: Path, option: str) -> None:
    """The folder exists, or its nearest existing parent can take it; either way writable
    (probed with a file, so that read-only file systems are caught even as root)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(
            f"{folder}: cannot be created ({existing} is a file, not a folder); change {option}."
        )
    try:
        with tempfile.TemporaryFile(dir=existing, prefix=".wgigbalance-probe-"):
            pass
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise InputError(f"{folder}: cannot write there ({why}); change {option}.") from None


def _keeps(status: str) -> bool:
    """Files are written for finished results only: a run stopped by Ctrl-C writes none."""
    return status != Status.INTERRUPTED


def _save(
    command: str,
    files: list[tuple[Path, str | bytes]],
    force: bool,
    out: Path | None = None,
    plot: Path | None = None,
    out_dir: Path | None = None,
) -> None:
    """Write a run's files (all checked first: none exists unless --force; each whole, in
    folders created as needed), then its manifest (README, "Output files")."""
    from ..io import manifest_path, write_files

    write_files(files, manifest_path((out, plot), out_dir), command, force)


def _roster_csv(result: SelectionResult) -> str:
    from ..render.roster import roster_csv

    return roster_csv(result)


def _roster_file(
    result: SelectionResult, out: Path, probabilities: dict[str, float] | None = None
) -> str | bytes:
    """The roster for `out`: an Excel workbook when it ends in .xlsx (sheets Roster, Balance,
    Rules, and Probabilities when given: a lottery's), else CSV."""
    from ..io.xlsx_write import Cell, wants_xlsx
    from ..io.xlsx_write import Sheet as Table

    if not wants_xlsx(out):
        return _roster_csv(result)
    from ..render.roster import roster_xlsx

    extra: list[Table] = []
    if probabilities is not None:
        rows: list[list[Cell]] = [[i, round(p, 9)] for i, p in probabilities.items()]
        extra.append(("Probabilities", ["id", "probability"], rows))
    return roster_xlsx(result, extra)


def _rosters(
    folder: Path | None, results: list[tuple[str, SelectionResult]]
) -> list[tuple[Path, str | bytes]]:
    """Each roster as CSV (all input columns) for `folder`, named by `name`."""
    if folder is None:
        return []
    return [(folder / f"{n}.csv", _roster_csv(r)) for n, r in results if r.check is not None]


def main() -> None:
    """Entry point: typer, with one-line messages for usage errors, Ctrl-C and bugs."""
    try:
        code = app(standalone_mode=False)  # typer turns a stray Ctrl-C into 130 by itself
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:
        if hasattr(exc, "exit_code") and hasattr(exc, "format_message"):  # usage errors
            known = {c.name for c in app.registered_commands}
            command = f" {sys.argv[1]}" if len(sys.argv) > 1 and sys.argv[1] in known else ""
            message = " ".join(str(exc.format_message()).split())
            _say(f"{message} (see: wgigbalance{command} --help)", label="error: ")
            sys.exit(int(exc.exit_code))
        # A bug, not bad input: one line, and how to report it.
        _say(
            f"internal error (a bug in wgigbalance): {type(exc).__name__}: {exc}; to report "
            "it, re-run the same command with WGIGBALANCE_DEBUG=1 and send the output "
            "with the input files."
        )
        if os.environ.get("WGIGBALANCE_DEBUG"):
            raise
        sys.exit(int(ExitCode.INTERNAL))
    sys.exit(code if isinstance(code, int) else 0)
