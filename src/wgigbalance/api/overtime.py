"""Composition over time: `replace` members who dropped out, `renew` a standing body,
`reserves` for a group."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..analyses.lottery import Objective as Objective
from ..analyses.renew import renew_problem, renewal_problem
from ..analyses.replace import drawn_replacement, replace_problem, replacement_problem
from ..analyses.reserves import reserves_problem
from ..errors import InputError, InputProblem
from ..io import (
    read_csv_text,
    sha256_file,
)
from ..problem import Problem
from ..results import (
    RenewResult,
    ReplaceResult,
    Reserves,
)
from ..settings import (
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    Progress,
    SolverSettings,
    Status,
)
from .compose import fair_lottery
from .inputs import (
    Candidates,
    Constraints,
    History,
    Roster,
    _explained,
    _history,
    _load,
    _roster_ids,
)


def replace(
    roster: Roster,
    dropped: Roster,
    candidates: Candidates,
    constraints: Constraints,
    exclude: Sequence[str] = (),
    size: int | None = None,
    spec_size: bool = False,
    draw: bool = False,
    objective: Objective = "leximin",
    within: float | None = None,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    sheet: str | None = None,
) -> ReplaceResult:
    """Members of `roster` dropped out (`dropped`: ids, or a CSV with an id column): pick
    replacements only from those not selected, so that the whole group meets every hard
    rule again and is as balanced as possible, changing no one who stays.

    The group keeps the roster's size, unless `size` gives another or `spec_size` asks for
    the constraint file's range. `exclude`: more people who may not join (earlier
    dropouts, people who declined). With `draw`, the replacements are drawn by `seed` from
    the fair lottery (`objective`, leximin by default) over the valid completions, only
    those within `within` percent of the best balance if given; the result reports every
    candidate's chance of joining. When no completion keeps the rules, `explanation` says why."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    files: dict[str, Any] = {}
    ids, name = _roster_ids(roster, files)
    gone, _ = _roster_ids(dropped, files)
    exact = size if size is not None or spec_size else len(ids)
    problem, provenance = _load(candidates, constraints, exact, settings, sheet=sheet)
    provenance |= files
    request = replacement_problem(problem, ids, gone, exclude, name)
    if not draw:
        result = replace_problem(request, settings, progress, provenance)
        selection = result.selection
        infeasible = selection is not None and selection.status == Status.INFEASIBLE
        return _explained(result, request.problem, settings, infeasible)
    lottery_result = fair_lottery(
        request.problem, objective, within, settings, progress, provenance
    )
    return drawn_replacement(request, lottery_result, lottery_result.drawn, provenance)


def renew(
    history: History,
    candidates: Candidates,
    constraints: Constraints,
    cycle: str | None = None,
    terms: Mapping[str, int] | None = None,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    sheet: str | None = None,
) -> RenewResult:
    """Renew a standing body from its membership `history` (a CSV with columns cycle,id, or
    (cycle, ids) pairs, oldest first; `terms`: consecutive terms including the last cycle
    for members whose earlier terms the history lacks, also read from a `terms` column of the
    file) under the constraint file's rules and its [renewal]
    section: members at the term limit and those named leaving go, the rotation and
    continuity rules hold, under-represented values get their priority, and the renewed
    whole meets every hard rule, as balanced as possible (select's objective). When no
    renewed group keeps the rules, `explanation` says why."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    files: dict[str, Any] = {}
    past = _history(history, files, terms)
    problem, provenance = _load(candidates, constraints, None, settings, sheet=sheet)
    provenance |= files
    request = renewal_problem(problem, past, cycle)
    result = renew_problem(request, settings, progress, provenance)
    return _explained(result, request.problem, settings, result.status == Status.INFEASIBLE)


DropoutRates = str | os.PathLike[str] | dict[str, float]


def reserves(
    roster: Roster,
    candidates: Candidates,
    constraints: Constraints,
    length: int = 10,
    rate: float = 0.2,
    rates: DropoutRates | None = None,
    runs: int = 200,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    sheet: str | None = None,
) -> Reserves:
    """An ordered reserve list of `length` for a sitting group, and the simulated outcome of
    `runs` seeded rounds of dropouts, replaced from it, beside the usual practice (a random
    order of the remaining pool, next in line).

    Every member drops out with probability `rate`, unless `rates` says otherwise: a mapping
    id -> probability, or a CSV with columns `id,rate` (per person) or `column,value,rate`
    (per group: everyone with that value)."""
    files: dict[str, Any] = {}
    ids, name = _roster_ids(roster, files)
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, len(ids), settings, sheet=sheet)
    provenance |= files
    chances = _dropout_rates(problem, ids, rate, rates, provenance)
    result = reserves_problem(problem, ids, length, chances, runs, seed, time_limit)
    return dataclasses.replace(result, roster_name=name, provenance=provenance)


def _dropout_rates(
    problem: Problem,
    members: list[str],
    rate: float,
    rates: DropoutRates | None,
    provenance: dict[str, Any],
) -> list[float]:
    """Each member's dropout probability: `rate`, overridden per person or per group."""
    where = "--dropout-rate"
    out = dict.fromkeys(members, float(rate))
    if isinstance(rates, dict):
        out.update({str(k): float(v) for k, v in rates.items() if str(k) in out})
        where = "dropout rates"
    elif rates is not None:
        path = Path(rates)
        frame = read_csv_text(path, "dropout rates")
        provenance["dropout_rates"] = {"path": str(path), "sha256": sha256_file(path)}
        where = str(path)
        out.update(_rates_from_frame(problem, members, frame, where))
    bad = [m for m, p in out.items() if not 0 <= p <= 1]
    if bad:
        raise InputError(
            f"{where}: dropout probability of {bad[0]} is {out[bad[0]]:g}; give a number "
            "between 0 and 1.",
            code="bad_dropout_rate",
        )
    return [out[m] for m in members]


def _rates_from_frame(
    problem: Problem, members: list[str], frame: pd.DataFrame, where: str
) -> dict[str, float]:
    """A rates CSV: `id,rate` or `column,value,rate`; every problem found at once."""
    # One function: both layouts share the cell checks and the collected problems.
    columns = set(frame.columns)
    found: list[InputProblem] = []
    out: dict[str, float] = {}

    def number(cell: object, line: int) -> float | None:
        text = str(cell).strip()
        try:
            return float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            found.append(
                InputProblem(
                    "bad_dropout_rate", f"{where}: row {line}: rate {cell!r} is not a number."
                )
            )
            return None

    pool = problem.pool.set_index("id")
    sitting = set(members)
    if {"id", "rate"} <= columns:
        for line, (i, cell) in enumerate(zip(frame["id"], frame["rate"], strict=True), start=2):
            p = number(cell, line)
            if str(i) not in sitting:
                found.append(
                    InputProblem(
                        "rate_not_member",
                        f"{where}: row {line}: {i!r} is not a member of the roster.",
                    )
                )
            elif p is not None:
                out[str(i)] = p
    elif {"column", "value", "rate"} <= columns:
        for line, (c, v, cell) in enumerate(
            zip(frame["column"], frame["value"], frame["rate"], strict=True), start=2
        ):
            p = number(cell, line)
            if c not in pool.columns:
                found.append(
                    InputProblem(
                        "unknown_column",
                        f"{where}: row {line}: the candidates have no column {c!r}.",
                    )
                )
                continue
            hit = [m for m in members if str(pool.at[m, c]) == str(v)]
            if not hit:
                found.append(
                    InputProblem(
                        "unknown_value",
                        f"{where}: row {line}: no member has {c} = {v!r}.",
                    )
                )
            elif p is not None:
                out.update(dict.fromkeys(hit, p))
    else:
        found.append(
            InputProblem(
                "bad_rates_file",
                f"{where}: needs the columns id,rate (per person) or column,value,rate "
                "(per group).",
            )
        )
    if found:
        raise InputError(problems=found)
    return out
