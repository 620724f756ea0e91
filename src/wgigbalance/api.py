"""The public functions: one per command, with the command's name, for the CLI, the web page
and Python users alike.

Each takes explicit inputs (paths, or an in-memory pool and spec: nothing is read from the
current folder by default), loads and resolves them once, runs one analysis, and returns a
result with the provenance record (file fingerprints, tool version, seed, solver settings).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

import pandas as pd

from .analyses.alternatives import alternatives_problem
from .analyses.audit import audit_problem
from .analyses.compare import compare_problem
from .analyses.explain import explain_problem
from .analyses.lottery import Objective as Objective
from .analyses.lottery import draw, lottery_problem, round_to_panels
from .analyses.tradeoffs import between_frontier, merit_frontier, prices_of, size_frontier
from .errors import InputError
from .io import read_roster_ids, sha256_file
from .problem import Problem
from .problem.load import load_problem
from .results import (
    Alternatives,
    Comparison,
    Explanation,
    LotteryResult,
    RosterAudit,
    SelectionResult,
    Tradeoffs,
)
from .settings import (
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    MAX_PANELS,
    Progress,
    SolverSettings,
    Status,
)
from .solver.select import solve_problem
from .spec import Spec

Candidates = str | os.PathLike[str] | pd.DataFrame
Constraints = str | os.PathLike[str] | Spec
Roster = str | os.PathLike[str] | Sequence[str]
TradeoffMode = Literal["prices", "size", "between", "merit"]
EXPLAIN_SECONDS = 30.0  # at most this long spent explaining an infeasible select or lottery

__all__ = [
    "alternatives",
    "check",
    "compare",
    "explain",
    "load_problem",
    "lottery",
    "select",
    "tradeoffs",
]


def _load(
    candidates: Candidates, constraints: Constraints, size: int | None, settings: SolverSettings
) -> tuple[Problem, dict[str, Any]]:
    """The one way in: resolve the inputs and start the provenance record."""
    problem, provenance = load_problem(candidates, constraints, size)
    provenance |= {"seed": settings.seed, "solver_settings": settings.to_dict()}
    return problem, provenance


def _roster_ids(roster: Roster, provenance: dict[str, Any]) -> tuple[list[str], str]:
    """A roster's ids (a CSV with an id column, or the ids themselves) and its name."""
    if not isinstance(roster, str | os.PathLike):
        return [str(i) for i in roster], "<roster>"
    ids = read_roster_ids(roster)  # checks the file first
    provenance.setdefault("rosters", []).append(
        {"path": str(roster), "sha256": sha256_file(roster)}
    )
    return ids, str(roster)


def _why_not(problem: Problem, settings: SolverSettings) -> Explanation:
    """Why no roster exists: what `select` and `lottery` say without being asked."""
    return explain_problem(problem, settings, min(settings.time_limit, EXPLAIN_SECONDS))


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
        return replace(result, explanation=_why_not(problem, settings))
    return result


def check(
    roster: Roster,
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    compare_best: bool = True,
    size: int | None = None,
) -> RosterAudit:
    """A roster checked against every rule, beside the best roster (unless `compare_best`
    is off)."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    ids, name = _roster_ids(roster, provenance)
    return audit_problem(problem, ids, name, settings if compare_best else None, provenance)


def explain(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    size: int | None = None,
) -> Explanation:
    """Why a constraint set has no roster and the cheapest repair; or what binds the best one."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, _ = _load(candidates, constraints, size, settings)
    return explain_problem(problem, settings, time_limit)


def tradeoffs(
    candidates: Candidates,
    constraints: Constraints,
    mode: TradeoffMode = "prices",
    between: tuple[str, str] | None = None,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    size: int | None = None,
    steps: int = 10,
) -> Tradeoffs:
    """The price of every rule, or one frontier: between two dimensions (`between`), over the
    group size, or against merit."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    if mode == "between":
        if between is None:
            raise ValueError("mode 'between' needs the two dimensions: between=(a, b)")
        result = between_frontier(problem, between[0], between[1], settings)
    elif mode == "size":
        result = size_frontier(problem, settings)
    elif mode == "merit":
        result = merit_frontier(problem, steps, settings)
    else:
        result = prices_of(problem, settings)
    return replace(result, provenance=provenance)


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
    return replace(result, provenance=provenance)


def compare(
    rosters: Sequence[Roster],
    candidates: Candidates,
    constraints: Constraints,
    size: int | None = None,
) -> Comparison:
    """Rosters side by side under one set of constraints (no solving)."""
    problem, provenance = load_problem(candidates, constraints, size)
    named = [_roster_ids(roster, provenance) for roster in rosters]
    return compare_problem(problem, [(name, ids) for ids, name in named], provenance)


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
    result = replace(
        lottery_problem(problem, objective, within, settings, progress), provenance=provenance
    )
    if result.status == Status.INFEASIBLE and result.explanation is None:
        result = replace(result, explanation=_why_not(problem, settings))
    if not result.has_distribution:
        return result
    if panels is not None and result.status != Status.INTERRUPTED:
        rounded = round_to_panels(result, panels, seed)
        if rounded is None:
            result = replace(result, status=Status.INTERRUPTED)
        else:
            result = replace(result, rounded=rounded[0], rounding_error=rounded[1])
    return replace(result, drawn=draw(result, seed))
