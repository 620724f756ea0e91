"""Commands that compose a group: select, alternatives, lottery."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..settings import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, MAX_PANELS
from .shared import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    Candidates,
    Constraints,
    Force,
    Format,
    PanelSize,
    ReportFormat,
    ReportFormatOption,
    Seed,
    TimeLimit,
    Workers,
    _explained,
    _finish,
    _input_errors,
    _keeps,
    _outputs,
    _roster_csv,
    _rosters,
    _save,
    _say,
    _show,
    app,
)


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
    force: Force = False,
) -> None:
    """Pick the best-balanced group that meets every hard constraint.

    The constraints may also be a sortition categories CSV (feature,value,min,max) with a
    people CSV as candidates; give the panel size with --size."""
    with _input_errors():
        from .. import api
        from ..render.live import LiveProgress

        _outputs(out=out, inputs=(candidates, constraints), force=force)
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
            _save("select", [(out, _roster_csv(result))], force, out=out)
    _show(result, format.value)
    if written and format == Format.table:
        _say(f"Roster written to {out}", err=False)
    if result.check is None:
        from ..render.reasons import no_roster_line

        _say(no_roster_line(result))
    _finish(_explained(result.status, result.explanation), result.check is not None)


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
        )
        if _keeps(alts.status):
            rosters = [(f"roster_{n + 1}", r) for n, r in enumerate(alts.rosters)]
            _save("alternatives", _rosters(out_dir, rosters), force, out_dir=out_dir)
    _show(alts, format.value)
    _finish(alts.status, bool(alts.rosters))


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
        typer.Option(
            min=1, max=MAX_PANELS, help="Round to a uniform lottery over this many listed groups."
        ),
    ] = None,
    format: ReportFormatOption = ReportFormat.table,
    out: Annotated[
        Path | None, typer.Option(help="Write the drawn group (all columns) as CSV here.")
    ] = None,
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Time limit in seconds for the whole lottery.")
    ] = 600.0,
    force: Force = False,
) -> None:
    """A fair lottery over the valid groups, then one group drawn with the seed.

    Selection probabilities as equal as the rules allow (leximin by default).
    """
    with _input_errors():
        from .. import api
        from ..render.live import LiveProgress

        _outputs(out=out, inputs=(candidates, constraints), force=force)
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
            _save("lottery", [(out, _roster_csv(result.drawn))], force, out=out)
    _show(result, format.value)
    _finish(_explained(result.status, result.explanation), result.has_distribution)
