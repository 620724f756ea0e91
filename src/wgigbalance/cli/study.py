"""Commands that study rules and rosters: check, explain, tradeoffs, compare."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..settings import DEFAULT_TIME_LIMIT, Status
from .shared import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    Candidates,
    Constraints,
    ExitCode,
    Force,
    History,
    PanelSize,
    ReportFormat,
    ReportFormatOption,
    Seed,
    Sheet,
    TimeLimit,
    _fail,
    _finish,
    _input_errors,
    _keeps,
    _outputs,
    _rosters,
    _save,
    _show,
    app,
)


@app.command("check")
def check_command(
    roster: Annotated[Path, typer.Argument(help="Roster CSV with an id column.")],
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    size: PanelSize = None,
    history: History = None,
) -> None:
    """Check a roster: which rules hold or fail, its balance, and the best roster.

    Exit 0 when every hard constraint holds, 1 when any fails.
    """
    with _input_errors():
        from .. import api

        audit = api.check(
            roster,
            candidates,
            constraints,
            seed=seed,
            time_limit=time_limit,
            size=size,
            history=history,
            sheet=sheet,
        )
    _show(audit, format.value)
    if audit.best is not None and audit.best.status == Status.INTERRUPTED:
        _finish(Status.INTERRUPTED, True)
    if not audit.ok:  # check's own meaning of 1: the roster breaks a hard rule
        raise typer.Exit(int(ExitCode.NONE_EXISTS))


@app.command("explain")
def explain_command(
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    size: PanelSize = None,
    history: History = None,
) -> None:
    """Why no roster satisfies the constraints, and the cheapest repair.

    When a roster exists: which bounds the best roster sits on, and the slack of the others.

    Exit 0 when a roster exists, 1 when none does.
    """
    with _input_errors():
        from .. import api

        explanation = api.explain(
            candidates,
            constraints,
            seed=seed,
            time_limit=time_limit,
            size=size,
            history=history,
            sheet=sheet,
        )
    _show(explanation, format.value)
    _finish(explanation.status, explanation.feasible)


@app.command("compare")
def compare_command(
    rosters: Annotated[list[Path], typer.Argument(help="Two or more roster CSVs (id column).")],
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
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
        from .. import api

        comparison = api.compare(list(rosters), candidates, constraints, size=size, sheet=sheet)
    _show(comparison, format.value)


@app.command("tradeoffs")
def tradeoffs_command(  # long: typer declares each option in the signature
    between: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Pareto frontier between two dimensions' deviations: DIM_A DIM_B."),
    ] = None,
    size: Annotated[bool, typer.Option("--size", help="Balance at every group size.")] = False,
    merit: Annotated[bool, typer.Option("--merit", help="Balance against merit.")] = False,
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
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
    force: Force = False,
    history: History = None,
) -> None:
    """What each rule costs, or a frontier between two goals.

    Without options: every rule relaxed and tightened by one seat. --between A B, --size or
    --merit: a frontier whose every point is a real roster.
    """
    # Long only by its options, one per line; the body maps them to the api and back.
    if sum([between is not None, size, merit]) > 1:
        raise _fail("choose one of --between, --size and --merit.")
    if plot is not None and between is None and not size and not merit:
        raise _fail("--plot draws a frontier: add --between A B, --size or --merit.")
    with _input_errors():
        from .. import api

        _outputs(plot=plot, out_dir=out_dir, inputs=(candidates, constraints), force=force)
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
            history=history,
            sheet=sheet,
        )
        if _keeps(result.status):
            files: list[tuple[Path, str | bytes]] = []
            if plot is not None:
                from ..render.charts import image
                from ..render.tradeoffs import frontier_figure

                files.append((plot, image(frontier_figure(result), plot.suffix)))
            if result.frontier is not None:
                points = enumerate(result.frontier.points)
                files += _rosters(out_dir, [(f"point_{n + 1}", p.result) for n, p in points])
            _save("tradeoffs", files, force, plot=plot, out_dir=out_dir)
    _show(result, format.value)
    _finish(result.status, result.base.check is not None)
