"""Composing a group: `select` (the best-balanced), `alternatives` (several that differ),
`lottery` (a fair draw among valid groups)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..analyses.alternatives import alternatives_problem
from ..analyses.lottery import Objective as Objective
from ..analyses.lottery import draw as draw_lottery
from ..analyses.lottery import lottery_problem, round_to_panels
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
from .inputs import Candidates, Constraints, _load, _why_not


def select(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    size: int | None = None,
) -> SelectionResult:
    """The best-balanced roster that meets every hard rule; `size` sets an exact group size
    (needed with a sortition categories file). When none exists, it says why."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    result = solve_problem(problem, settings, progress, provenance)
    if result.status == Status.INFEASIBLE:
        return dataclasses.replace(result, explanation=_why_not(problem, settings))
    return result


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
) -> Alternatives:
    """`k` good rosters, pairwise at least `min_difference` members apart, each within
    `within` % of the best balance."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
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
) -> LotteryResult:
    """The fair lottery over valid groups, one seeded draw from it, and optionally a uniform
    lottery over `panels` listed groups (the draw is then one of them)."""
    if panels is not None and not 1 <= panels <= MAX_PANELS:
        raise InputError(
            f"panels: {panels} is outside 1..{MAX_PANELS:,}; list fewer groups.",
            code="panels_out_of_range",
            key="panels",
        )
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    return fair_lottery(problem, objective, within, settings, progress, provenance, panels)


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
    if result.status == Status.INFEASIBLE and result.explanation is None:
        result = dataclasses.replace(result, explanation=_why_not(problem, settings))
    if not result.has_distribution:
        return result
    if panels is not None and result.status != Status.INTERRUPTED:
        rounded = round_to_panels(result, panels, seed)
        if rounded is None:
            result = dataclasses.replace(result, status=Status.INTERRUPTED)
        else:
            result = dataclasses.replace(result, rounded=rounded[0], rounding_error=rounded[1])
    return dataclasses.replace(result, drawn=draw_lottery(result, seed))
