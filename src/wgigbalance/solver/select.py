"""Selecting the best roster of a resolved problem: the stages, then the individuals, with
caps enforced lazily."""

from __future__ import annotations

import time
from typing import Any

from ..diagnose import arithmetic_conflicts
from ..problem import Problem
from ..results import SelectionResult
from ..roster import check_roster
from ..settings import Progress, SolverSettings, Status, tool_version
from .lazy_caps import Constrain, model_stats, settle_caps


def solve_problem(
    problem: Problem,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
    provenance: dict[str, Any] | None = None,
    constrain: Constrain | None = None,
    caps: set[int] | None = None,
) -> SelectionResult:
    """Select the best roster for an already resolved problem.

    `constrain(bm)` adds constraints to the model (analyses use it: a fixed size, a bound on
    one dimension's deviation, a difference from earlier rosters); `caps` are cap bounds to
    put in the model from the start (those an earlier solve of the same problem needed).

    Caps (per country, per organisation) are enforced lazily: the model starts without them
    and, whenever picking individuals runs into a full cap group, that group joins the model
    and the stages run again. The roster returned always meets every cap; with a merit
    column, it is only accepted when no pick was displaced by a cap, so it stays optimal.
    """
    settings = settings or SolverSettings()
    started = time.monotonic()
    provenance = _provenance(provenance, settings)
    reasons = arithmetic_conflicts(problem)
    if reasons:  # arithmetic alone shows that no roster exists
        stats = model_stats(problem, set(caps or ()), settings.seed)
        return SelectionResult(
            Status.INFEASIBLE, problem, settings, [], None, provenance, reasons, stats
        )
    settled = settle_caps(
        problem, settings, started + settings.time_limit, progress, constrain, caps
    )
    outcome = settled.outcome
    check = None
    status = outcome.status
    unsettled = False
    if outcome.values is not None:
        check = check_roster(problem, [problem.ids[r] for r in settled.rows])
        if not check.ok:  # only when stopped before the caps were settled
            check = None
            status = Status.INTERRUPTED if outcome.interrupted else Status.UNKNOWN
            unsettled = True
        elif settled.blocked and status == Status.OPTIMAL:
            status = Status.FEASIBLE  # a cap displaced a pick and there was no time to re-solve
    provenance["seconds"] = round(time.monotonic() - started, 3)
    return SelectionResult(
        status,
        problem,
        settings,
        outcome.stages,
        check,
        provenance,
        model_stats=settled.stats,
        caps=frozenset(settled.caps),
        caps_unsettled=unsettled,
    )


def _provenance(known: dict[str, Any] | None, settings: SolverSettings) -> dict[str, Any]:
    """The record that lets anyone re-run the selection: files, tool, seed and settings."""
    return dict(known or {}) | {
        "tool": "wgigbalance",
        "version": tool_version(),
        "seed": settings.seed,
        "solver_settings": settings.to_dict(),
    }
