"""Composing a group: `select` (the best-balanced), `alternatives` (several that differ),
`lottery` (a fair draw among valid groups)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..analyses.alternatives import alternatives_problem
from ..analyses.lottery import Objective as Objective
from ..analyses.lottery import draw as draw_lottery
from ..analyses.lottery import lottery_problem, round_to_panels
from ..analyses.reserves import reserves_problem
from ..errors import InputError
from ..problem import Problem
from ..results import (
    Alternatives,
    LotteryResult,
    SelectionResult,
)
from ..settings import (
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    MAX_PANELS,
    Progress,
    SolverSettings,
    Status,
)
from ..solver.select import solve_problem
from .inputs import Candidates, Constraints, _explained, _load


def select(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    size: int | None = None,
    reserves: int = 0,
    dropout_rate: float = 0.2,
    reserve_runs: int = 200,
    sheet: str | None = None,
) -> SelectionResult:
    """The best-balanced roster that meets every hard rule; `size` sets an exact group size
    (needed with a sortition categories file). When none exists, it says why.

    With `reserves` R > 0, also an ordered reserve list of R for the roster, judged by
    `reserve_runs` simulated rounds of dropouts (each member with `dropout_rate`) beside the
    usual practice, as `reserves` does for a roster file."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings, sheet=sheet)
    result = solve_problem(problem, settings, progress, provenance)
    result = _explained(result, problem, settings, result.status == Status.INFEASIBLE)
    return with_reserves(result, reserves, dropout_rate, reserve_runs)


def with_reserves(result: SelectionResult, length: int, rate: float, runs: int) -> SelectionResult:
    """The result with a reserve list for its roster (none asked for, or no finished roster:
    the result as it is)."""
    if length <= 0 or result.check is None or result.status == Status.INTERRUPTED:
        return result
    if not 0 <= rate <= 1:
        raise InputError(
            f"dropout_rate: {rate} is not a probability; give a number from 0 to 1.",
            key="dropout_rate",
        )
    members = result.members
    problem = result.problem.with_size(len(members), len(members))
    rates = dict.fromkeys(members, float(rate))
    found = reserves_problem(
        problem, members, length, rates, runs, result.settings.seed, result.settings.time_limit
    )
    return dataclasses.replace(result, reserves=found)


def alternatives(
    candidates: Candidates,
    constraints: Constraints,
    k: int = 3,
    min_difference: int = 3,
    within: float = 10.0,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    size: int | None = None,
    sheet: str | None = None,
) -> Alternatives:
    """`k` good rosters, pairwise at least `min_difference` members apart, each within
    `within` % of the best balance."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings, sheet=sheet)
    result = alternatives_problem(problem, k, min_difference, within, settings)
    return dataclasses.replace(result, provenance=provenance)


def lottery(
    candidates: Candidates,
    constraints: Constraints,
    objective: Objective = "leximin",
    within: float | None = None,
    size: int | None = None,
    seed: int = 0,
    panels: int | None = None,
    time_limit: float = 600.0,
    progress: Progress | None = None,
    reserves: int = 0,
    dropout_rate: float = 0.2,
    reserve_runs: int = 200,
    sheet: str | None = None,
) -> LotteryResult:
    """The fair lottery over valid groups, one seeded draw from it, and optionally a uniform
    lottery over `panels` listed groups (the draw is then one of them). `reserves`: a reserve
    list for the drawn group, as `select` gives one for its roster."""
    if panels is not None and not 1 <= panels <= MAX_PANELS:
        raise InputError(
            f"panels: {panels} is outside 1..{MAX_PANELS:,}; list fewer groups.",
            code="panels_out_of_range",
            key="panels",
        )
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings, sheet=sheet)
    result = fair_lottery(problem, objective, within, settings, progress, provenance, panels)
    if result.drawn is None:
        return result
    drawn = with_reserves(result.drawn, reserves, dropout_rate, reserve_runs)
    return dataclasses.replace(result, drawn=drawn)


def fair_lottery(
    problem: Problem,
    objective: Objective,
    within: float | None,
    settings: SolverSettings,
    progress: Progress | None,
    provenance: dict[str, Any],
    panels: int | None = None,
) -> LotteryResult:
    """The lottery, why no group exists (when none does), the rounding, and the draw."""
    seed = settings.seed
    result = dataclasses.replace(
        lottery_problem(problem, objective, within, settings, progress), provenance=provenance
    )
    result = _explained(result, problem, settings, result.status == Status.INFEASIBLE)
    if not result.has_distribution:
        return result
    if panels is not None and result.status != Status.INTERRUPTED:
        rounded = round_to_panels(result, panels, seed)
        if rounded is None:
            result = dataclasses.replace(result, status=Status.INTERRUPTED)
        else:
            result = dataclasses.replace(result, rounded=rounded[0], rounding_error=rounded[1])
    return dataclasses.replace(result, drawn=draw_lottery(result, seed))
