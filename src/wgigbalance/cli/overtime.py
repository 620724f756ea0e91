"""Commands for a group over time: replace members who dropped out, renew a standing body,
reserves for a group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..settings import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS
from .shared import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    Candidates,
    Constraints,
    Force,
    Format,
    FormatOption,
    LotteryObjective,
    Seed,
    Sheet,
    TimeLimit,
    Verbose,
    Workers,
    _check_file,
    _explained,
    _finish,
    _input_errors,
    _keeps,
    _outputs,
    _roster_file,
    _save,
    _say,
    _show,
    app,
)


def _id_list(text: str | None) -> list[str]:
    """'C0001, C0002' -> ['C0001', 'C0002'] (commas and spaces both separate)."""
    return [] if text is None else [i for i in text.replace(",", " ").split() if i]


@app.command("replace")
def replace_command(
    roster: Annotated[Path, typer.Argument(help="The sitting roster: a CSV with an id column.")],
    dropped: Annotated[
        str | None,
        typer.Option(help="Who dropped out: member ids, comma-separated (ID[,ID...])."),
    ] = None,
    dropped_file: Annotated[
        Path | None, typer.Option(help="Who dropped out: a CSV with an id column.")
    ] = None,
    exclude: Annotated[
        str | None,
        typer.Option(
            help="Also never pick these ids (earlier dropouts, people who declined), "
            "comma-separated."
        ),
    ] = None,
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    draw: Annotated[
        bool,
        typer.Option(
            "--draw", help="Draw the replacements from a fair lottery over valid completions."
        ),
    ] = False,
    objective: Annotated[
        LotteryObjective, typer.Option(help="With --draw: fairness of the chances of joining.")
    ] = LotteryObjective.leximin,
    within: Annotated[
        float | None,
        typer.Option(
            min=0, help="With --draw: only completions within this many percent of the best."
        ),
    ] = None,
    size: Annotated[
        int | None,
        typer.Option(min=1, help="Group size after replacement (default: the roster's size)."),
    ] = None,
    spec_size: Annotated[
        bool,
        typer.Option("--spec-size", help="Use the constraint file's size range instead."),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the replaced group (all columns) as CSV, or as Excel if it ends in .xlsx."
        ),
    ] = None,
    format: FormatOption = Format.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    workers: Workers = DEFAULT_WORKERS,
    force: Force = False,
    verbose: Verbose = False,
) -> None:
    """Replace members who dropped out, from those not selected.

    The members who stay are kept; the replacements make the whole group meet every hard
    rule again, as balanced as possible (or, with --draw, drawn fairly among the valid
    completions, with everyone's chance reported). Run it again on its output for another
    round.
    """
    # Long only by its options, one per line; the body maps them to the api and back.
    with _input_errors():
        from ..errors import InputError

        if size is not None and spec_size:
            raise InputError("replace: give --size or --spec-size, not both.")
        gone = _id_list(dropped)
        if dropped_file is None and not gone:
            raise InputError(
                "replace: who dropped out? Give --dropped ID[,ID...] or --dropped-file FILE."
            )
        from .. import api
        from ..io import read_roster_ids
        from ..render.live import LiveProgress

        if dropped_file is not None:
            gone += read_roster_ids(dropped_file)
        inputs = (
            roster,
            candidates,
            constraints,
            *(() if dropped_file is None else (dropped_file,)),
        )
        _outputs(out=out, inputs=inputs, force=force)
        with LiveProgress() as progress:
            result = api.replace(
                roster,
                gone,
                candidates,
                constraints,
                exclude=_id_list(exclude),
                size=size,
                spec_size=spec_size,
                draw=draw,
                objective=objective.value,
                within=within,
                seed=seed,
                time_limit=time_limit,
                workers=workers,
                progress=progress,
                sheet=sheet,
            )
        written = out is not None and result.has_group and _keeps(result.status)
        if written and out is not None and result.selection is not None:
            _save("replace", [(out, _roster_file(result.selection, out))], force, out=out)
    _show(result, format.value, verbose)
    if written and format == Format.table:
        _say(f"Replaced group written to {out}", err=False)
    _finish(_explained(result.status, result.explanation), result.has_group)


@app.command("renew")
def renew_command(
    history: Annotated[
        Path,
        typer.Argument(help="Who sat in which cycle: a CSV with columns cycle,id."),
    ],
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    cycle: Annotated[
        str | None,
        typer.Option(help="Label of the cycle being composed (default: the last one + 1)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the renewed group (all columns) as CSV, or as Excel if it ends in .xlsx."
        ),
    ] = None,
    history_out: Annotated[
        Path | None,
        typer.Option(
            help="Write the history with the renewed group as its newest cycle here "
            "(the input of the next renewal)."
        ),
    ] = None,
    format: FormatOption = Format.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    workers: Workers = DEFAULT_WORKERS,
    force: Force = False,
    verbose: Verbose = False,
) -> None:
    """Renew a standing body from its membership history.

    Applies the constraint file's [renewal] rules (term limits, how many rotate out,
    continuity, who leaves, priority for under-represented countries) and every other rule
    to the renewed whole; says who leaves and why, who joins, and how the balance moves.
    """
    # Long only by its options, one per line; the body maps them to the api and back.
    with _input_errors():
        from .. import api
        from ..errors import InputError
        from ..render.live import LiveProgress

        _outputs(out=out, inputs=(history, candidates, constraints), force=force)
        if history_out is not None:
            _outputs(
                out=history_out,
                inputs=(history, candidates, constraints),
                force=force,
                csv_only="--history-out",
            )
            if out is not None and history_out.resolve() == out.resolve():
                raise InputError(f"{out}: given as both --out and --history-out; use two files.")
            also = () if out is None else (out,)
            _check_file(history_out, "--history-out", (history, candidates, constraints, *also))
        with LiveProgress() as progress:
            result = api.renew(
                history,
                candidates,
                constraints,
                cycle=cycle,
                seed=seed,
                time_limit=time_limit,
                workers=workers,
                progress=progress,
                sheet=sheet,
            )
        keeps = result.has_group and _keeps(result.status)
        files: list[tuple[Path, str | bytes]] = []
        if keeps and out is not None and result.selection is not None:
            files.append((out, _roster_file(result.selection, out)))
        if keeps and history_out is not None:
            from ..render.renew import history_csv

            files.append((history_out, history_csv(result)))
        if files:
            _save("renew", files, force, out=files[0][0])
    _show(result, format.value, verbose)
    if keeps and format == Format.table:
        if out is not None:
            _say(f"Renewed group written to {out}", err=False)
        if history_out is not None:
            _say(f"History with cycle {result.request.cycle} written to {history_out}", err=False)
    _finish(_explained(result.status, result.explanation), result.has_group)


@app.command("reserves")
def reserves_command(
    roster: Annotated[Path, typer.Argument(help="The sitting group: a CSV with an id column.")],
    length: Annotated[
        int, typer.Option("--length", "-r", min=1, help="How many reserves to list.")
    ] = 10,
    dropout_rate: Annotated[
        float,
        typer.Option(min=0, max=1, help="Each member's probability of dropping out."),
    ] = 0.2,
    dropout_rates: Annotated[
        Path | None,
        typer.Option(
            help="Per person (CSV id,rate) or per group (CSV column,value,rate) dropout "
            "probabilities; members not listed keep --dropout-rate."
        ),
    ] = None,
    runs: Annotated[
        int, typer.Option(min=1, max=100_000, help="Simulated rounds of dropouts.")
    ] = 200,
    candidates: Candidates = DEFAULT_CANDIDATES,
    sheet: Sheet = None,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    out: Annotated[
        Path | None,
        typer.Option(help="Write the reserve list (all columns, in order) as CSV here."),
    ] = None,
    format: FormatOption = Format.table,
    seed: Seed = 0,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    force: Force = False,
) -> None:
    """An ordered reserve list for a group, judged by simulated dropouts.

    The list mirrors the group's expected dropouts; the report compares, on the same seeded
    dropouts, how often the group keeps every hard rule and how balanced it stays, against
    the usual practice (a random order of the remaining pool, next in line).
    """
    with _input_errors():
        from .. import api

        inputs = (roster, candidates, constraints)
        rates = () if dropout_rates is None else (dropout_rates,)
        _outputs(out=out, inputs=(*inputs, *rates), force=force, csv_only="--out")
        result = api.reserves(
            roster,
            candidates,
            constraints,
            length=length,
            rate=dropout_rate,
            rates=dropout_rates,
            runs=runs,
            seed=seed,
            time_limit=time_limit,
            sheet=sheet,
        )
        if out is not None:
            from ..render.reserves import reserve_csv

            _save("reserves", [(out, reserve_csv(result))], force, out=out)
    _show(result, format.value)
    if out is not None and format == Format.table:
        _say(f"Reserve list written to {out}", err=False)
