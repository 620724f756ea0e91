"""The command line: options to `api.*` calls, results to `render` writers, files, exit codes."""

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

from .errors import InputError
from .settings import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, MAX_SEED, Status

if TYPE_CHECKING:
    from .results import SelectionResult

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
Candidates = Annotated[Path, typer.Option(help="Candidate list (CSV with an id column).")]
Constraints = Annotated[Path, typer.Option(help="Constraint file (TOML).")]
Seed = Annotated[
    int,
    typer.Option(min=0, max=MAX_SEED, help="Any 64-bit seed (0..2^64-1); same seed, same result."),
]
TimeLimit = Annotated[float, typer.Option(min=0.1, help="Solver time limit in seconds.")]
PanelSize = Annotated[
    int | None,
    typer.Option(
        "--size", min=1, help="Exact group size (needed with a sortition categories CSV)."
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
    from .render import say

    say(message, err=err, label=label)


def _show(result: object, format: str) -> None:
    from .render import show

    show(result, format)  # type: ignore[arg-type]


@app.command("select")
def select_command(
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    out: Annotated[
        Path | None, typer.Option(help="Write the selected rows (all columns) as CSV here.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="How to print it.")] = Format.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    workers: Workers = DEFAULT_WORKERS,
    size: PanelSize = None,
) -> None:
    """Pick the best-balanced group that meets every hard constraint.

    The constraints may also be a sortition categories CSV (feature,value,min,max) with a
    people CSV as candidates; give the panel size with --size."""
    with _input_errors():
        from . import api
        from .render.live import LiveProgress

        _outputs(out=out, inputs=(candidates, constraints))
        with LiveProgress() as progress:
            result = api.select(
                candidates,
                constraints,
                seed=seed,
                time_limit=time_limit,
                workers=workers,
                progress=progress,
                size=size,
            )
        written = out is not None and result.check is not None and _keeps(result.status)
        if written and out is not None:
            _write(out, _roster_csv(result))
    _show(result, format.value)
    if written and format == Format.table:
        _say(f"Roster written to {out}", err=False)
    if result.check is None:
        why = {
            Status.INFEASIBLE: "no roster satisfies the constraints (why: see above, or run "
            "`wgigbalance explain`)",
            Status.UNKNOWN: "the time limit came before any roster was found (none was "
            "proven impossible either); give more --time-limit",
            Status.INTERRUPTED: "interrupted (Ctrl-C) before any roster was found",
        }.get(Status(result.status), f"no roster ({result.status})")
        if result.reasons and result.status != Status.INFEASIBLE:
            why += ": " + "; ".join(result.reasons)
        _say(f"No roster: {why}")
    _finish(_explained(result.status, result.explanation), result.check is not None)


@app.command("check")
def check_command(
    roster: Annotated[Path, typer.Argument(help="Roster CSV with an id column.")],
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    size: PanelSize = None,
) -> None:
    """Check a roster: which rules hold or fail, its balance, and the best roster.

    Exit 0 when every hard constraint holds, 1 when any fails.
    """
    with _input_errors():
        from . import api

        audit = api.check(
            roster, candidates, constraints, seed=seed, time_limit=time_limit, size=size
        )
    _show(audit, format.value)
    if audit.best is not None and audit.best.status == Status.INTERRUPTED:
        _finish(Status.INTERRUPTED, True)
    if not audit.ok:  # check's own meaning of 1: the roster breaks a hard rule
        raise typer.Exit(int(ExitCode.NONE_EXISTS))


@app.command("explain")
def explain_command(
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    size: PanelSize = None,
) -> None:
    """Why no roster satisfies the constraints, and the cheapest repair.

    When a roster exists: which bounds the best roster sits on, and the slack of the others.

    Exit 0 when a roster exists, 1 when none does.
    """
    with _input_errors():
        from . import api

        explanation = api.explain(
            candidates, constraints, seed=seed, time_limit=time_limit, size=size
        )
    _show(explanation, format.value)
    _finish(explanation.status, explanation.feasible)


def _outputs(
    out: Path | None = None,
    plot: Path | None = None,
    out_dir: Path | None = None,
    inputs: tuple[Path, ...] = (),
) -> None:
    """Check every output path before any solving: bad paths fail at once, and nothing is
    written when one of them is wrong."""
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


def _write(path: Path, data: str | bytes) -> None:
    """Create the folder if needed, then write the file whole (or not at all)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from .io import write_atomic

        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None


def _roster_csv(result: SelectionResult) -> str:
    from .render.roster import roster_csv

    return roster_csv(result)


def _write_rosters(folder: Path | None, results: list[tuple[str, SelectionResult]]) -> None:
    """Each roster as CSV (all input columns) in `folder`, named by `name`."""
    if folder is None:
        return
    for name, result in results:
        if result.check is not None:
            _write(folder / f"{name}.csv", _roster_csv(result))


@app.command("alternatives")
def alternatives_command(
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many rosters.")] = 3,
    min_difference: Annotated[
        int, typer.Option(min=1, help="Every two rosters differ in at least this many members.")
    ] = 3,
    within: Annotated[
        float, typer.Option(min=0, help="Balance within this many percent of the best.")
    ] = 10.0,
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    out_dir: Annotated[
        Path | None, typer.Option(help="Write each roster as roster_N.csv in this folder.")
    ] = None,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    size: PanelSize = None,
) -> None:
    """Several good rosters that differ, and who is in all of them.

    Each within --within percent of the best balance, every two at least --min-difference
    members apart; the report shows the core, who is in some, and how the balance differs.
    """
    with _input_errors():
        from . import api

        _outputs(out_dir=out_dir)
        alts = api.alternatives(
            candidates,
            constraints,
            k=k,
            min_difference=min_difference,
            within=within,
            seed=seed,
            time_limit=time_limit,
            size=size,
        )
        if _keeps(alts.status):
            rosters = [(f"roster_{n + 1}", r) for n, r in enumerate(alts.rosters)]
            _write_rosters(out_dir, rosters)
    _show(alts, format.value)
    _finish(alts.status, bool(alts.rosters))


@app.command("compare")
def compare_command(
    rosters: Annotated[list[Path], typer.Argument(help="Two or more roster CSVs (id column).")],
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    size: PanelSize = None,
) -> None:
    """Rosters side by side, with a verdict on which is better balanced where.

    Members in common and different, seats and deviation per dimension and value, hard
    constraints held or failed, and the objective of each.
    """
    if len(rosters) < 2:
        raise _fail("compare needs at least two rosters (ROSTER_A ROSTER_B ...).")
    with _input_errors():
        from . import api

        comparison = api.compare(list(rosters), candidates, constraints, size=size)
    _show(comparison, format.value)


@app.command("tradeoffs")
def tradeoffs_command(
    between: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Pareto frontier between two dimensions' deviations: DIM_A DIM_B."),
    ] = None,
    size: Annotated[bool, typer.Option("--size", help="Balance at every group size.")] = False,
    merit: Annotated[bool, typer.Option("--merit", help="Balance against merit.")] = False,
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    plot: Annotated[
        Path | None, typer.Option(help="Draw the frontier to this .png or .svg file.")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Write each frontier point's roster as point_N.csv here.")
    ] = None,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    group_size: Annotated[
        int | None,
        typer.Option(
            "--group-size", min=1, help="Exact group size (with a sortition categories CSV)."
        ),
    ] = None,
) -> None:
    """What each rule costs, or a frontier between two goals.

    Without options: every rule relaxed and tightened by one seat. --between A B, --size or
    --merit: a frontier whose every point is a real roster.
    """
    if sum([between is not None, size, merit]) > 1:
        raise _fail("choose one of --between, --size and --merit.")
    if plot is not None and between is None and not size and not merit:
        raise _fail("--plot draws a frontier: add --between A B, --size or --merit.")
    with _input_errors():
        from . import api

        _outputs(plot=plot, out_dir=out_dir, inputs=(candidates, constraints))
        mode: api.TradeoffMode = (
            "between" if between else "size" if size else "merit" if merit else "prices"
        )
        result = api.tradeoffs(
            candidates,
            constraints,
            mode=mode,
            between=between,
            seed=seed,
            time_limit=time_limit,
            size=group_size,
        )
        if _keeps(result.status):
            if plot is not None:
                plot.parent.mkdir(parents=True, exist_ok=True)
                from .render.charts import save
                from .render.tradeoffs import frontier_figure

                save(frontier_figure(result), plot)
            if result.frontier is not None:
                points = enumerate(result.frontier.points)
                _write_rosters(out_dir, [(f"point_{n + 1}", p.result) for n, p in points])
    _show(result, format.value)
    _finish(result.status, result.base.check is not None)


class LotteryObjective(StrEnum):
    leximin = "leximin"
    maximin = "maximin"
    nash = "nash"


@app.command("lottery")
def lottery_command(
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    objective: Annotated[
        LotteryObjective, typer.Option(help="Fairness of the selection probabilities.")
    ] = LotteryObjective.leximin,
    within: Annotated[
        float | None,
        typer.Option(min=0, help="Only groups within this many percent of the best balance."),
    ] = None,
    size: PanelSize = None,
    seed: Seed = 0,
    panels: Annotated[
        int | None,
        typer.Option(min=1, help="Round to a uniform lottery over this many listed groups."),
    ] = None,
    format: ReportFormatOption = ReportFormat.table,
    out: Annotated[
        Path | None, typer.Option(help="Write the drawn group (all columns) as CSV here.")
    ] = None,
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Time limit in seconds for the whole lottery.")
    ] = 600.0,
) -> None:
    """A fair lottery over the valid groups, then one group drawn with the seed.

    Selection probabilities as equal as the rules allow (leximin by default).
    """
    with _input_errors():
        from . import api
        from .render.live import LiveProgress

        _outputs(out=out, inputs=(candidates, constraints))
        with LiveProgress() as progress:
            result = api.lottery(
                candidates,
                constraints,
                objective=objective.value,
                within=within,
                size=size,
                seed=seed,
                panels=panels,
                time_limit=time_limit,
                progress=progress,
            )
        if out is not None and result.drawn is not None and _keeps(result.status):
            _write(out, _roster_csv(result.drawn))
    _show(result, format.value)
    _finish(_explained(result.status, result.explanation), result.has_distribution)


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


if __name__ == "__main__":
    main()
