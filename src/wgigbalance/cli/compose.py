"""Commands that compose a group: select, alternatives, lottery."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..settings import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, MAX_PANELS
from .shared import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    Candidates,
    Constraints,
    DropoutRate,
    Force,
    Format,
    FormatOption,
    LotteryObjective,
    Objective,
    PanelSize,
    ReportFormat,
    ReportFormatOption,
    ReserveCount,
    ReserveRuns,
    ReservesOut,
    Seed,
    Sheet,
    TimeLimit,
    Verbose,
    Within,
    Workers,
    _explained,
    _finish,
    _input_errors,
    _keeps,
    _outputs,
    _roster_file,
    _rosters,
    _save,
    _say,
    _show,
    app,
)

if TYPE_CHECKING:
    from ..results import SelectionResult


@app.command("select")
def select_command(
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the selected rows (all columns) as CSV, or as Excel if it ends in .xlsx."
        ),
    ] = None,
    format: FormatOption = Format.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    workers: Workers = DEFAULT_WORKERS,
    size: PanelSize = None,
    force: Force = False,
    reserves: ReserveCount = 0,
    dropout_rate: DropoutRate = 0.2,
    reserve_runs: ReserveRuns = 200,
    reserves_out: ReservesOut = None,
    verbose: Verbose = False,
) -> None:
    """Pick the best-balanced group that meets every hard constraint.

    The constraints may also be a sortition categories CSV (feature,value,min,max) with a
    people CSV as candidates; give the panel size with --size."""
    with _input_errors():
        from .. import api
        from ..render.live import LiveProgress

        _check_group_outputs(out, reserves_out, (candidates, constraints), force)
        with LiveProgress() as progress:
            result = api.select(
                candidates,
                constraints,
                seed=seed,
                time_limit=time_limit,
                workers=workers,
                progress=progress,
                size=size,
                reserves=reserves,
                dropout_rate=dropout_rate,
                reserve_runs=reserve_runs,
                sheet=sheet,
            )
        keeps = result.check is not None and _keeps(result.status)
        _write_group("select", result, out, reserves_out, force, keeps)
    _show(result, format.value, verbose)
    if keeps and out is not None and format == Format.table:
        _say(f"Roster written to {out}", err=False)
    if result.check is None:
        from ..render.reasons import no_roster_line

        _say(no_roster_line(result))
    _finish(_explained(result.status, result.explanation), result.check is not None)


def _check_group_outputs(
    out: Path | None, reserves_out: Path | None, inputs: tuple[Path, ...], force: bool
) -> None:
    """The group's file and its reserve list's, checked before any work."""
    _outputs(out=out, inputs=inputs, force=force)
    _outputs(out=reserves_out, inputs=inputs, force=force, csv_only="--reserves-out")


def _write_group(
    command: str,
    group: SelectionResult | None,
    out: Path | None,
    reserves_out: Path | None,
    force: bool,
    keeps: bool,
    probabilities: dict[str, float] | None = None,
) -> None:
    """Write the composed (or drawn) group and its reserve list, as asked."""
    if group is None:
        return
    files: list[tuple[Path, str | bytes]] = []
    if out is not None and keeps:
        files.append((out, _roster_file(group, out, probabilities)))
    if reserves_out is not None and group.reserves is not None:
        from ..render.reserves import reserve_csv

        files.append((reserves_out, reserve_csv(group.reserves)))
    if files:
        _save(command, files, force, out=files[0][0])


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
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    format: ReportFormatOption = ReportFormat.table,
    out_dir: Annotated[
        Path | None, typer.Option(help="Write each roster as roster_N.csv in this folder.")
    ] = None,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    size: PanelSize = None,
    force: Force = False,
) -> None:
    """Several good rosters that differ, and who is in all of them.

    Each within --within percent of the best balance, every two at least --min-difference
    members apart; the report shows the core, who is in some, and how the balance differs.
    """
    with _input_errors():
        from .. import api

        names = tuple(f"roster_{n + 1}.csv" for n in range(k))
        _outputs(out_dir=out_dir, force=force, names=names)
        alts = api.alternatives(
            candidates,
            constraints,
            k=k,
            min_difference=min_difference,
            within=within,
            seed=seed,
            time_limit=time_limit,
            size=size,
            sheet=sheet,
        )
        if _keeps(alts.status):
            rosters = [(f"roster_{n + 1}", r) for n, r in enumerate(alts.rosters)]
            _save("alternatives", _rosters(out_dir, rosters), force, out_dir=out_dir)
    _show(alts, format.value)
    _finish(alts.status, bool(alts.rosters))


@app.command("lottery")
def lottery_command(
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    objective: Objective = LotteryObjective.leximin,
    within: Within = None,
    size: PanelSize = None,
    seed: Seed = 0,
    panels: Annotated[
        int | None,
        typer.Option(
            min=1, max=MAX_PANELS, help="Round to a uniform lottery over this many listed groups."
        ),
    ] = None,
    format: ReportFormatOption = ReportFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the drawn group (all columns) as CSV, or as Excel if it ends in .xlsx."
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Time limit in seconds for the whole lottery.")
    ] = 600.0,
    force: Force = False,
    reserves: ReserveCount = 0,
    dropout_rate: DropoutRate = 0.2,
    reserve_runs: ReserveRuns = 200,
    reserves_out: ReservesOut = None,
) -> None:
    """A fair lottery over the valid groups, then one group drawn with the seed.

    Selection probabilities as equal as the rules allow (leximin by default).
    """
    with _input_errors():
        from .. import api
        from ..render.live import LiveProgress

        _check_group_outputs(out, reserves_out, (candidates, constraints), force)
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
                reserves=reserves,
                dropout_rate=dropout_rate,
                reserve_runs=reserve_runs,
                sheet=sheet,
            )
        keeps = _keeps(result.status)
        _write_group("lottery", result.drawn, out, reserves_out, force, keeps, result.probabilities)
    _show(result, format.value)
    _finish(_explained(result.status, result.explanation), result.has_distribution)
