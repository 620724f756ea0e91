"""Studying rules and rosters: `check` a roster, `explain` a rule set, price it with
`tradeoffs`, `compare` rosters."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..analyses.audit import audit_problem
from ..analyses.compare import compare_problem
from ..analyses.explain import explain_problem
from ..analyses.lottery import Objective as Objective
from ..analyses.tradeoffs import between_frontier, merit_frontier, prices_of, size_frontier
from ..problem.load import load_problem
from ..results import (
    Comparison,
    Explanation,
    RosterAudit,
    Tradeoffs,
)
from ..settings import (
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    SolverSettings,
)
from .inputs import (
    Candidates,
    Constraints,
    History,
    Roster,
    TradeoffMode,
    _load,
    _renewing,
    _roster_ids,
)


def check(
    roster: Roster,
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    compare_best: bool = True,
    size: int | None = None,
    history: History | None = None,
    sheet: str | None = None,
) -> RosterAudit:
    """A roster checked against every rule, beside the best roster (unless `compare_best`
    is off). With a membership `history`, the rules are those of `renew` (term limits,
    rotation, continuity, priority) and the best roster is the best renewal."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings, sheet=sheet)
    problem = _renewing(problem, history, provenance)
    ids, name = _roster_ids(roster, provenance)
    return audit_problem(problem, ids, name, settings if compare_best else None, provenance)


def explain(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    size: int | None = None,
    history: History | None = None,
    sheet: str | None = None,
) -> Explanation:
    """Why a constraint set has no roster and the cheapest repair; or what binds the best one.
    With a membership `history`: of the renewal (`renew`'s rules)."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings, sheet=sheet)
    problem = _renewing(problem, history, provenance)
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
    history: History | None = None,
    sheet: str | None = None,
) -> Tradeoffs:
    """The price of every rule, or one frontier: between two dimensions (`between`), over the
    group size, or against merit. With a membership `history`: of the renewal (`renew`'s
    rules, the renewal rules priced like the others)."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings, sheet=sheet)
    problem = _renewing(problem, history, provenance)
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
    return dataclasses.replace(result, provenance=provenance)


def compare(
    rosters: Sequence[Roster],
    candidates: Candidates,
    constraints: Constraints,
    size: int | None = None,
    sheet: str | None = None,
) -> Comparison:
    """Rosters side by side under one set of constraints (no solving)."""
    problem, provenance = load_problem(candidates, constraints, size, sheet=sheet)
    named = [_roster_ids(roster, provenance) for roster in rosters]
    return compare_problem(problem, [(name, ids) for ids, name in named], provenance)
